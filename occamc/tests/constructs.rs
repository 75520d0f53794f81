//! Data-driven end-to-end tests of the language: every `tests/data/run/*.occ` program
//! is compiled (front end, sema, codegen), linked, run on the emulator, and its screen
//! output compared with the expectation written at the end of the file.
//!
//! Expectation format: the trailing lines that start with `--|` give the expected
//! screen output, one line each (the text after `--| `, or nothing for a bare `--|`),
//! every line ending with a newline. A sibling `NAME.in` file, if present, is the
//! keyboard input. Every program must also finish cleanly (the harness's finish frame,
//! no malformed link frames). Shared PROCs live in `print.inc` (an `#INCLUDE` test too).

mod codegen_common;
use codegen_common::*;
use linker::object::ErrorMode;
use std::path::{Path, PathBuf};

/// The expected screen output written in the program's trailing `--|` lines.
fn expected(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut start = lines.len();
    while start > 0 && lines[start - 1].starts_with("--|") {
        start -= 1;
    }
    if start == lines.len() {
        return None;
    }
    let mut out = String::new();
    for l in &lines[start..] {
        out += l.strip_prefix("--| ").unwrap_or(&l[3..]);
        out.push('\n');
    }
    Some(out)
}

/// Compiles the file on disk (so `#INCLUDE` finds its neighbours) and runs it.
fn run_file(path: &Path) -> Result<Run, String> {
    let opts = occamc::codegen::Options {
        unit: "test".into(),
        error_mode: ErrorMode::Halt,
        ..Default::default()
    };
    let (obj, diags, _) = occamc::codegen::compile_file(path, &Default::default(), &opts);
    let obj = obj.ok_or_else(|| {
        diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let input = std::fs::read(path.with_extension("in")).unwrap_or_default();
    Ok(run_object(obj, &input, 50_000_000))
}

fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let want = expected(&text).ok_or("no `--|` expected-output lines at the end")?;
    let r = run_file(path).map_err(|e| format!("does not compile:\n{e}"))?;
    let got = r.text();
    if got != want {
        return Err(format!(
            "screen output differs\n--- expected\n{want}--- got\n{got}\n--- report\n{}",
            r.report
        ));
    }
    if !r.finished {
        return Err(format!(
            "did not finish cleanly: {:?}\n{}",
            r.outcome, r.report
        ));
    }
    Ok(())
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/run");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/run exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "occ"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_program_prints_its_expected_output() {
    // `ONLY=name` runs the programs whose file name contains `name`.
    let only = std::env::var("ONLY").unwrap_or_default();
    let progs: Vec<PathBuf> = programs()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(&only))
        .collect();
    assert!(!progs.is_empty(), "no programs in tests/data/run");
    let mut failures = Vec::new();
    for p in &progs {
        if let Err(e) = check(p) {
            failures.push(format!(
                "== {}: {e}",
                p.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs failed:\n{}",
        failures.len(),
        progs.len(),
        failures.join("\n")
    );
}

#[test]
fn expectations_are_read_from_the_trailing_block() {
    assert_eq!(
        expected("PROC p ()\n  SKIP\n:\n--| a b\n--|\n--| c\n").as_deref(),
        Some("a b\n\nc\n")
    );
    assert_eq!(expected("PROC p ()\n  SKIP\n:\n"), None);
}
