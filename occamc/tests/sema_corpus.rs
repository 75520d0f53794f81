//! Semantic analysis over the whole ok corpus: every program there is
//! correct occam, so the name, type, constant and protocol passes
//! (E05xx–E08xx) must accept it. The usage/alias passes (E09xx) are tested
//! by their own suites.
//!
//! Corpus programs that break an occam 2.1 rule these passes enforce are
//! listed in `KNOWN_WRONG` with the rule, and must be reported with exactly
//! that code (so the list cannot go stale silently).

use occamc::diag::{Diagnostic, SourceMap};
use occamc::Options;
use std::path::{Path, PathBuf};

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
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

/// (file, code, why the program is not occam 2.1).
const KNOWN_WRONG: &[(&str, &str, &str)] = &[];

fn ours(d: &Diagnostic) -> bool {
    d.is_error()
        && ["E05", "E06", "E07", "E08"]
            .iter()
            .any(|p| d.code.starts_with(p))
}

#[test]
fn every_ok_program_checks_without_errors() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("ok"))
        .expect("ok corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "occ"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let (program, diags, sources) = occamc::parse_file(path, &options());
        let Some(program) = program else {
            failures.push(format!("{}: no tree", path.display()));
            continue;
        };
        if diags.iter().any(Diagnostic::is_error) {
            // Parse errors are the front end's test's business.
            continue;
        }
        let (_, diags) = occamc::sema::check(&program, &sources);
        let mine: Vec<Diagnostic> = diags.into_iter().filter(ours).collect();
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
        match KNOWN_WRONG.iter().find(|(f, _, _)| *f == file) {
            Some((_, code, _)) if !mine.is_empty() && mine.iter().all(|d| d.code == *code) => {}
            Some((_, code, why)) => failures.push(format!(
                "{}: expected only {code} ({why}), got:\n{}",
                path.display(),
                rendered(&mine, &sources)
            )),
            None if mine.is_empty() => {}
            None => failures.push(format!(
                "{}:\n{}",
                path.display(),
                rendered(&mine, &sources)
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} files fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
