//! Every run-time check of occam.md §1.10 tripped on purpose: the program is
//! compiled, linked and run; in HALT mode (the default) the processor halts, the
//! report says so, the halting instruction maps (through the image's line table) to
//! the failing statement's `file:line`, and the run's exit code is 1. In STOP mode
//! (`--stop-errors`) only the failing process stops; the others go on, and the run
//! ends stopped-on-error (exit 1), deadlocked (exit 3) or finished, as appropriate.
//!
//! Each program marks its failing line with `-- fails`.

mod codegen_common;
use codegen_common::*;
use linker::object::ErrorMode;
use transputer::report::Outcome;

/// Exit code of `transputer run` for an outcome (as `transputer::cli::session`
/// concludes a run).
fn exit_code(o: &Outcome) -> u8 {
    match o {
        Outcome::Finished => 0,
        Outcome::Halted | Outcome::StoppedOnError => 1,
        Outcome::Deadlock => 3,
        Outcome::Running => 4,
        Outcome::Fault => 5,
    }
}

fn program(decls: &str, body: &str) -> String {
    let mut s = String::from("PROC main (CHAN BYTE keyboard?, screen!, error!)\n");
    for d in decls.lines() {
        s += &format!("  {d}\n");
    }
    s += "  SEQ\n";
    for l in body.lines() {
        s += &format!("    {l}\n");
    }
    s += "    screen ! 'z'\n:\n";
    s
}

fn marked_line(src: &str) -> u32 {
    src.lines()
        .position(|l| l.contains("-- fails"))
        .expect("a `-- fails` line") as u32
        + 1
}

/// Runs `src` in HALT mode and checks it halts at the marked line.
fn halts(src: &str) {
    let r = run(src);
    let at = format!("test.occ:{}", marked_line(src));
    assert_eq!(r.outcome, Outcome::Halted, "{src}\n{r:?}");
    assert_eq!(exit_code(&r.outcome), 1);
    assert!(r.report.starts_with("halted on error"), "{}", r.report);
    assert_eq!(r.halt_at.as_deref(), Some(at.as_str()), "{src}\n{r:?}");
    assert!(!r.text().contains('z'), "ran past the error: {r:?}");
}

fn halts_in(decls: &str, body: &str) {
    halts(&program(decls, body));
}

#[test]
fn int_overflow() {
    halts_in("INT x:", "x := MOSTPOS INT\nx := x + 1 -- fails");
    halts_in("INT x:", "x := MOSTNEG INT\nx := x - 1 -- fails");
    halts_in("INT x:", "x := MOSTPOS INT\nx := x * 2 -- fails");
    halts_in("INT x, y:", "x, y := 65536, 65536\nx := x * y -- fails");
    halts_in("INT x:", "x := MOSTNEG INT\nx := -x -- fails");
}

#[test]
fn int16_overflow() {
    halts_in("INT16 a:", "a := MOSTPOS INT16\na := a + 1(INT16) -- fails");
    halts_in("INT16 a:", "a := MOSTNEG INT16\na := a - 1(INT16) -- fails");
    halts_in("INT16 a:", "a := 256(INT16)\na := a * a -- fails");
    halts_in("INT16 a:", "a := MOSTNEG INT16\na := -a -- fails");
}

#[test]
fn byte_overflow() {
    halts_in("BYTE b:", "b := 255(BYTE)\nb := b + 1(BYTE) -- fails");
    halts_in("BYTE b:", "b := 0(BYTE)\nb := b - 1(BYTE) -- fails");
    halts_in("BYTE b:", "b := 16(BYTE)\nb := b * b -- fails");
}

#[test]
fn division_and_remainder() {
    halts_in("INT x, y:", "x, y := 10, 0\nx := x / y -- fails");
    halts_in("INT x, y:", "x, y := 10, 0\nx := x \\ y -- fails");
    halts_in("INT x, y:", "x, y := 10, 0\nx := x REM y -- fails");
    halts_in("INT x, y:", "x, y := MOSTNEG INT, -1\nx := x / y -- fails");
    halts_in(
        "INT16 a, b:",
        "a, b := MOSTNEG INT16, -1(INT16)\na := a / b -- fails",
    );
    halts_in(
        "BYTE a, b:",
        "a, b := 7(BYTE), 0(BYTE)\na := a / b -- fails",
    );
}

#[test]
fn subscripts() {
    halts_in("[4]INT a:\nINT i:", "i := 4\na[i] := 1 -- fails");
    halts_in("[4]INT a:\nINT i:", "i := -1\na[i] := 1 -- fails");
    halts_in("[4]INT a:\nINT i, x:", "i := 7\nx := a[i] -- fails");
    halts_in("[3][5]BYTE a:\nINT i:", "i := 5\na[1][i] := 'c' -- fails");
    // An open array: the bound comes from the actual's size at run time.
    halts(
        "PROC set ([]INT a, VAL INT i)\n  a[i] := 0 -- fails\n:\n\
         PROC main (CHAN BYTE keyboard?, screen!, error!)\n  [3]INT v:\n  SEQ\n    \
         set (v, 3)\n    screen ! 'z'\n:\n",
    );
}

#[test]
fn slices() {
    halts_in(
        "[4]INT a:\nINT i:",
        "i := 2\n[a FROM i FOR 3] := [1, 2, 3] -- fails",
    );
    halts_in(
        "[4]INT a:\nINT i:",
        "i := -1\n[a FROM i FOR 2] := [1, 2] -- fails",
    );
    halts_in(
        "[4]BYTE a:\n[2]BYTE b:\nINT n:",
        "n := 5\nb := [a FROM 0 FOR n] -- fails",
    );
    halts_in(
        "[4]INT a:\nINT n:",
        "n := -1\n[a FOR n] := [a FOR n] -- fails",
    );
}

#[test]
fn array_sizes_in_assignments() {
    halts(
        "PROC copy ([]INT a, VAL []INT b)\n  a := b -- fails\n:\n\
         PROC main (CHAN BYTE keyboard?, screen!, error!)\n  [3]INT v:\n  SEQ\n    \
         copy (v, [1, 2, 3, 4])\n    screen ! 'z'\n:\n",
    );
    halts_in(
        "[4]INT a:\n[3]INT b:\nINT n:",
        "n := 2\n[a FOR n] := b -- fails",
    );
    // Equal run-time sizes pass.
    let r = run(&program(
        "[4]INT a:\n[3]INT b:\nINT n:",
        "n := 3\nb := [5, 6, 7]\n[a FROM 1 FOR n] := b\nscreen ! BYTE (a[3] + 48)",
    ));
    assert_eq!(r.text(), "7z", "{r:?}");
}

#[test]
fn conversions() {
    halts_in("INT x:\nBYTE b:", "x := 256\nb := BYTE x -- fails");
    halts_in("INT x:\nBYTE b:", "x := -1\nb := BYTE x -- fails");
    halts_in("INT x:\nINT16 h:", "x := 40000\nh := INT16 x -- fails");
    halts_in("INT x:\nINT16 h:", "x := -32769\nh := INT16 x -- fails");
    halts_in("INT x:\nBOOL p:", "x := 2\np := BOOL x -- fails");
    halts_in("INT16 h:\nBYTE b:", "h := -1(INT16)\nb := BYTE h -- fails");
}

/// occam: a shift by more than the type's bits is an error (occ21's rule); a shift
/// by exactly the width gives 0.
#[test]
fn shift_counts() {
    halts_in("INT x, n:", "x, n := 1, 33\nx := x << n -- fails");
    halts_in("INT x, n:", "x, n := 1, -1\nx := x >> n -- fails");
    halts_in(
        "INT16 a:\nINT n:",
        "a, n := 1(INT16), 17\na := a << n -- fails",
    );
    let r = run(&program(
        "INT x, n:",
        "x, n := -1, 32\nx := x << n\nIF\n  x = 0\n    screen ! 'y'\n  TRUE\n    SKIP",
    ));
    assert_eq!(r.text(), "yz", "{r:?}");
}

#[test]
fn if_case_and_stop() {
    halts_in("INT x:", "x := 3\nIF -- fails\n  x = 4\n    SKIP");
    halts_in(
        "INT x:",
        "x := 0\nIF -- fails\n  IF i = 0 FOR 3\n    i = 5\n      SKIP\n  x > 0\n    SKIP",
    );
    halts_in(
        "INT x:",
        "x := 3\nCASE x -- fails\n  1\n    SKIP\n  2, 4\n    SKIP",
    );
    halts_in(
        "BYTE b:",
        "b := 'q'\nCASE b -- fails\n  'a'\n    SKIP\n  'b'\n    SKIP\n  'c'\n    SKIP\n  \
         'd'\n    SKIP\n  'e'\n    SKIP\n  'f'\n    SKIP",
    );
    halts_in("INT x:", "x := 1\nSTOP -- fails");
}

#[test]
fn checks_inside_other_statements() {
    // A check in a condition, a PROC argument, an output and a counted array.
    halts_in(
        "INT x:",
        "x := MOSTPOS INT\nWHILE (x + 1) > 0 -- fails\n  x := 0",
    );
    halts(
        "PROC p (VAL INT v)\n  SKIP\n:\nPROC main (CHAN BYTE keyboard?, screen!, error!)\n  \
         INT x:\n  SEQ\n    x := MOSTNEG INT\n    p (x - 1) -- fails\n    screen ! 'z'\n:\n",
    );
    halts_in(
        "CHAN OF INT c:\nINT x, y:",
        "x := MOSTPOS INT\nPAR\n  c ! x + 1 -- fails\n  c ? y",
    );
    halts_in(
        "CHAN OF INT::[]BYTE c:\n[4]BYTE buf, got:\nINT n, m:",
        "n := 5\nPAR\n  c ! n::buf -- fails\n  c ? m::got",
    );
}

// ---- STOP mode -----------------------------------------------------------------------

fn run_stop(src: &str) -> Run {
    run_with(src, ErrorMode::Stop, b"")
}

#[test]
fn stop_mode_stops_only_the_failing_process() {
    // The failing branch stops; the other keeps printing; the PAR can never end.
    let src = program(
        "INT x:\nCHAN OF INT c:",
        "x := MOSTPOS INT\nPAR\n  SEQ\n    x := x + 1\n    c ! 1\n  SEQ i = 0 FOR 3\n    \
         screen ! 'k'",
    );
    let r = run_stop(&src);
    assert_eq!(r.text(), "kkk", "{r:?}");
    assert_eq!(r.outcome, Outcome::StoppedOnError, "{r:?}");
    assert_eq!(exit_code(&r.outcome), 1);
    assert!(r.report.starts_with("stopped on error"), "{}", r.report);
}

#[test]
fn stop_mode_sequential_failures_stop_the_process() {
    for body in [
        "screen ! 'a'\nINT x:\nSEQ\n  x := 0\n  x := 10 / x\nscreen ! 'b'",
        "screen ! 'a'\n[2]INT v:\nSEQ i = 0 FOR 3\n  v[i] := i\nscreen ! 'b'",
        "screen ! 'a'\nIF\n  FALSE\n    SKIP\nscreen ! 'b'",
        "screen ! 'a'\nCASE 3\n  1\n    SKIP\nscreen ! 'b'",
        "screen ! 'a'\nINT x:\nSEQ\n  x := MOSTPOS INT\n  IF\n    (x + 1) > 0\n      SKIP\n    \
         TRUE\n      SKIP\n  screen ! 'b'",
    ] {
        let r = run_stop(&program("", body));
        assert_eq!(r.text(), "a", "{body}\n{r:?}");
        assert_eq!(r.outcome, Outcome::StoppedOnError, "{body}\n{r:?}");
    }
}

#[test]
fn stop_mode_stop_process_deadlocks_the_rest() {
    // STOP in STOP mode stops the process without an error; the harness then waits
    // for the user PROC forever.
    let r = run_stop(&program("", "screen ! 'a'\nSTOP\nscreen ! 'b'"));
    assert_eq!(r.text(), "a", "{r:?}");
    assert_eq!(r.outcome, Outcome::Deadlock, "{r:?}");
    assert_eq!(exit_code(&r.outcome), 3);
    // In a PAR, the other branch still finishes its work first.
    let r = run_stop(&program(
        "",
        "PAR\n  STOP\n  SEQ i = 0 FOR 2\n    screen ! 'k'",
    ));
    assert_eq!(r.text(), "kk", "{r:?}");
    assert_eq!(r.outcome, Outcome::Deadlock, "{r:?}");
}

#[test]
fn halt_mode_is_the_default_and_stops_everything() {
    // The error in one branch halts the processor: the other branch, which would
    // print after a delay, never does.
    let r = run(&program(
        "INT x:\nTIMER t:\nINT now:",
        "x := MOSTPOS INT\nPAR\n  x := x + 1 -- fails\n  SEQ\n    t ? now\n    \
         t ? AFTER now PLUS 100\n    screen ! 'k'",
    ));
    assert_eq!(r.outcome, Outcome::Halted, "{r:?}");
    assert!(!r.text().contains('k'), "{r:?}");
}
