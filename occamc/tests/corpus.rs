//! The occam test corpora, run through `occamc::check_file`.
//!
//! * `tests/data/ok/NAME.occ` must produce no diagnostic at all, and its AST
//!   dump must equal `NAME.ast` beside it. Run with `BLESS=1` to (re)write
//!   the `.ast` files after an intended change, then review the diff.
//! * `tests/data/err/NAME.occ` carries its expected diagnostics as occam
//!   comments under the offending line:
//!
//!   ```text
//!   x := a + b * c
//!   --         ^ error: no operator precedence
//!   ```
//!
//!   An annotation line is `--`, spaces, one or more `^` under the first
//!   column of the diagnostic's primary span, a space, a severity
//!   (`error`, `warning` or `note`), optionally a code in brackets
//!   (`error[E0401]:`), a colon, and a substring of the message. It refers
//!   to the nearest line above it that is not an annotation. When the column
//!   cannot be marked with a caret (columns 1–2), write `--< error: text`
//!   instead: it checks the line only. Every error and warning the compiler
//!   reports must be annotated, and every annotation must match one.
//!
//! Both `tests/data/ok` and `tests/data/inc` are on the `#INCLUDE` path.

use occamc::diag::{Diagnostic, Severity, SourceMap};
use occamc::syntax::dump::dump_program;
use occamc::Options;
use std::path::{Path, PathBuf};

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

fn occ_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(dir))
        .expect("corpus directory exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "occ"))
        .collect();
    files.sort();
    files
}

fn options() -> Options {
    Options {
        include_dirs: vec![data("ok"), data("inc")],
        ..Options::default()
    }
}

fn rendered(diags: &[Diagnostic], sources: &SourceMap) -> String {
    diags.iter().map(|d| d.render(sources)).collect()
}

#[test]
fn ok_corpus_parses_clean_and_matches_golden_ast() {
    let bless = std::env::var_os("BLESS").is_some();
    let files = occ_files("ok");
    assert!(
        files.len() >= 60,
        "the ok corpus has only {} programs",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let (program, diags, sources) = occamc::check_file(path, &options());
        if !diags.is_empty() {
            failures.push(format!(
                "{}:\n{}",
                path.display(),
                rendered(&diags, &sources)
            ));
            continue;
        }
        let Some(program) = program else {
            failures.push(format!("{}: no tree", path.display()));
            continue;
        };
        let dump = dump_program(&program, &sources);
        let golden = path.with_extension("ast");
        if bless {
            std::fs::write(&golden, &dump).expect("write golden");
        } else {
            match std::fs::read_to_string(&golden) {
                Ok(want) if want == dump => {}
                Ok(want) => failures.push(format!(
                    "{}: AST differs from {} (BLESS=1 to accept)\n{}",
                    path.display(),
                    golden.display(),
                    first_difference(&want, &dump)
                )),
                Err(_) => failures.push(format!(
                    "{}: missing {} (run with BLESS=1)",
                    path.display(),
                    golden.display()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\n  want: {w}\n  got:  {g}", i + 1);
        }
    }
    format!(
        "lengths differ: want {} lines, got {}",
        want.lines().count(),
        got.lines().count()
    )
}

/// One expected diagnostic.
#[derive(Debug)]
struct Expected {
    line: usize,
    /// 1-based column, or `None` for a line-only (`--<`) annotation.
    col: Option<usize>,
    severity: Severity,
    code: Option<String>,
    text: String,
}

/// Parses an annotation line (see the module doc); `None` if it is not one.
fn annotation(line: &str, target: usize) -> Option<Result<Expected, String>> {
    let rest = line.strip_prefix("--")?;
    let (col, after) = if let Some(r) = rest.strip_prefix('<') {
        (None, r)
    } else {
        let trimmed = rest.trim_start_matches(' ');
        if !trimmed.starts_with('^') {
            return None;
        }
        let col = line.len() - trimmed.len() + 1;
        (Some(col), trimmed.trim_start_matches('^'))
    };
    let after = after.trim_start();
    let (head, text) = after.split_once(':')?;
    let (sev, code) = match head.split_once('[') {
        Some((s, c)) => (s, Some(c.trim_end_matches(']').to_owned())),
        None => (head, None),
    };
    let severity = match sev {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "note" => Severity::Note,
        other => return Some(Err(format!("unknown severity `{other}` in `{line}`"))),
    };
    Some(Ok(Expected {
        line: target,
        col,
        severity,
        code,
        text: text.trim().to_owned(),
    }))
}

fn expectations(src: &str) -> Result<Vec<Expected>, String> {
    let mut out = Vec::new();
    let mut target = 0;
    for (i, line) in src.lines().enumerate() {
        match annotation(line, target) {
            Some(Ok(e)) if target > 0 => out.push(e),
            Some(Ok(_)) => return Err("annotation before any source line".into()),
            Some(Err(e)) => return Err(e),
            None => target = i + 1,
        }
    }
    Ok(out)
}

fn matches(e: &Expected, d: &Diagnostic, sources: &SourceMap) -> bool {
    let (line, col) = sources.line_col(d.span);
    d.span.file.0 == 0
        && e.line == line
        && e.col.is_none_or(|c| c == col)
        && e.severity == d.severity
        && e.code.as_deref().is_none_or(|c| c == d.code)
        && d.message.contains(&e.text)
}

#[test]
fn err_corpus_reports_exactly_the_annotated_diagnostics() {
    let files = occ_files("err");
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read_to_string(path).expect("read corpus file");
        let expected = match expectations(&src) {
            Ok(e) if e.is_empty() => {
                failures.push(format!("{}: no annotations", path.display()));
                continue;
            }
            Ok(e) => e,
            Err(msg) => {
                failures.push(format!("{}: {msg}", path.display()));
                continue;
            }
        };
        let (_, diags, sources) = occamc::check_file(path, &options());
        let mut used = vec![false; diags.len()];
        for e in &expected {
            let hit = diags
                .iter()
                .enumerate()
                .find(|(i, d)| !used[*i] && matches(e, d, &sources));
            match hit {
                Some((i, _)) => used[i] = true,
                None => failures.push(format!(
                    "{}:{}: expected {:?}{} `{}` not reported",
                    path.display(),
                    e.line,
                    e.severity,
                    e.col.map(|c| format!(" at column {c}")).unwrap_or_default(),
                    e.text
                )),
            }
        }
        for (d, used) in diags.iter().zip(used) {
            if !used && d.severity != Severity::Note {
                failures.push(format!(
                    "{}: unexpected diagnostic\n{}",
                    path.display(),
                    d.render(&sources)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn annotation_format() {
    let src = "SEQ\n  x := a + b * c\n--           ^ error[E0401]: precedence\n--< warning: w\n";
    let e = expectations(src).unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].line, e[0].col), (2, Some(14)));
    assert_eq!(e[0].code.as_deref(), Some("E0401"));
    assert_eq!(e[0].text, "precedence");
    assert_eq!(
        (e[1].line, e[1].col, e[1].severity),
        (2, None, Severity::Warning)
    );
    assert!(expectations("-- plain comment\nSKIP\n").unwrap().is_empty());
}
