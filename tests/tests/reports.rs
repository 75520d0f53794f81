//! What a user sees when an occam program goes wrong: the run's exit code and a report
//! naming the source file, line and PROC of every process involved.

use end_to_end::run_loaded;
use std::path::PathBuf;
use transputer::cli::load::{load, CompileOptions};
use transputer::cli::Exit;

/// Writes `src` to a fresh temporary `name` and runs it; returns exit, screen, report.
fn run(name: &str, src: &str, opts: &CompileOptions) -> (Exit, String, String) {
    let dir = std::env::temp_dir().join(format!("t800-reports-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, src).unwrap();
    let loaded = load(&path, opts).unwrap();
    let run = run_loaded(loaded, &[], 10_000_000);
    let _ = std::fs::remove_dir_all(&dir);
    (run.exit, run.stdout, run.report)
}

#[test]
fn deadlock_names_each_waiting_process_and_its_line() {
    let src = "\
PROC main (CHAN BYTE keyboard?, screen!, error!)
  CHAN INT a, b :
  INT x, y :
  PAR
    SEQ
      a ? x
      b ! 1
    SEQ
      b ? y
      a ! 2
:
";
    let (exit, _, report) = run("dl.occ", src, &CompileOptions::default());
    assert_eq!(exit, Exit::Deadlock, "{report}");
    assert!(report.starts_with("deadlock at "), "{report}");
    assert!(
        report.contains("dl.occ:6 in main]: waits for input on channel"),
        "{report}"
    );
    assert!(
        report.contains("dl.occ:9 in main]: waits for input on channel"),
        "{report}"
    );
}

#[test]
fn halt_names_the_failing_statement() {
    let src = "\
#USE \"course.lib\"
PROC fill ([]INT v, VAL INT n)
  SEQ i = 0 FOR n
    v[i] := i
:
PROC main (CHAN BYTE keyboard?, screen!, error!)
  [4]INT v :
  SEQ
    out.string (\"filling*n\", 0, screen!)
    fill (v, 5)
:
";
    let (exit, screen, report) = run("fill.occ", src, &CompileOptions::default());
    assert_eq!(exit, Exit::Error, "{report}");
    assert_eq!(screen, "filling\n");
    assert!(report.starts_with("halted on error: `csub0`"), "{report}");
    assert!(report.contains("fill.occ:4 in fill]"), "{report}");
}

/// STOP mode: the failing process stops and the others go on. The Error flag is one
/// per processor, as on the chip, so another process that passes a `stoperr` while it
/// is set stops too; the surviving branch here has no checks.
#[test]
fn stop_mode_stops_only_the_failing_process() {
    let src = "\
PROC main (CHAN BYTE keyboard?, screen!, error!)
  INT x :
  SEQ
    x := 0
    PAR
      x := 10 / x
      SEQ
        screen ! 'o'
        screen ! 'k'
        screen ! '*n'
:
";
    let opts = CompileOptions {
        stop_errors: true,
        ..Default::default()
    };
    let (exit, screen, report) = run("stop.occ", src, &opts);
    assert_eq!(screen, "ok\n", "{report}");
    assert_eq!(exit, Exit::Error, "{report}");
    assert!(report.starts_with("stopped on error"), "{report}");
    assert!(report.contains("stop.occ:6 in main]"), "{report}");
}
