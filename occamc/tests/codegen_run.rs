//! End-to-end tests of code generation: occam source compiled, linked and run on the
//! emulator; each checks the exact screen output (or the error outcome).

mod codegen_common;
use codegen_common::*;

#[test]
fn hello_bytes() {
    expect_output(
        "PROC hello (CHAN BYTE keyboard?, screen!, error!)\n  SEQ\n    screen ! 'H'\n    screen ! 'i'\n:\n",
        "Hi",
    );
}

#[test]
fn plain_entry_finishes() {
    let r = run("PROC p ()\n  INT x:\n  x := 1\n:\n");
    assert_eq!(r.outcome, transputer::report::Outcome::Finished, "{r:?}");
}

#[test]
fn silent_io_entry_finishes() {
    let r = run("PROC p (CHAN BYTE k?, s!, e!)\n  SKIP\n:\n");
    assert!(r.finished, "{r:?}");
}

/// A decimal printer used by the tests below (recursion-free, array-based).
const PRELUDE: &str = "PROC out.int (VAL INT n, CHAN BYTE s!)
  [12]BYTE buf:
  INT k, v:
  SEQ
    k := 0
    IF
      n < 0
        SEQ
          s ! '-'
          v := -n
      TRUE
        v := n
    IF
      v = 0
        SEQ
          buf[0] := '0'
          k := 1
      TRUE
        WHILE v > 0
          SEQ
            buf[k] := BYTE ((v REM 10) + (INT '0'))
            v := v / 10
            k := k + 1
    SEQ i = 0 FOR k
      s ! buf[(k - 1) - i]
:
PROC out.str (VAL []BYTE str, CHAN BYTE s!)
  SEQ i = 0 FOR SIZE str
    s ! str[i]
:
";

fn prog(body: &str) -> String {
    format!("{PRELUDE}PROC main (CHAN BYTE keyboard?, screen!, error!)\n{body}:\n")
}

#[test]
fn arithmetic_and_printing() {
    expect_output(
        &prog("  INT a, b:\n  SEQ\n    a := 6\n    b := (a * 7) - 2\n    out.int (b, screen)\n    screen ! ' '\n    out.int ((b / 3) + (b REM 3), screen)\n    screen ! ' '\n    out.int (-12345, screen)\n    screen ! ' '\n    out.int ((a << 4) \\/ 1, screen)\n"),
        "40 14 -12345 97",
    );
}

#[test]
fn strings_and_open_arrays() {
    expect_output(
        &prog("  out.str (\"hello, world*n\", screen)\n"),
        "hello, world\n",
    );
}

#[test]
fn while_if_case() {
    expect_output(
        &prog("  INT sum, i:\n  SEQ\n    sum, i := 0, 1\n    WHILE i <= 10\n      SEQ\n        sum := sum + i\n        i := i + 1\n    out.int (sum, screen)\n    SEQ j = 0 FOR 8\n      CASE j\n        0, 7\n          screen ! 'a'\n        1\n          screen ! 'b'\n        2\n          screen ! 'c'\n        3\n          screen ! 'd'\n        4\n          screen ! 'e'\n        ELSE\n          screen ! '.'\n    CASE sum\n      55\n        screen ! 'y'\n      56\n        screen ! 'n'\n"),
        "55abcde..ay",
    );
}

#[test]
fn par_channels_and_replicated_par() {
    expect_output(
        &prog("  CHAN OF INT c:\n  [4]CHAN OF INT d:\n  INT total:\n  SEQ\n    PAR\n      SEQ i = 1 FOR 5\n        c ! i * i\n      INT x:\n      SEQ\n        total := 0\n        SEQ i = 0 FOR 5\n          SEQ\n            c ? x\n            total := total + x\n    out.int (total, screen)\n    screen ! ' '\n    PAR\n      PAR i = 0 FOR 4\n        d[i] ! i * 10\n      SEQ i = 0 FOR 4\n        INT y:\n        SEQ\n          d[i] ? y\n          out.int (y, screen)\n"),
        "55 0102030",
    );
}

#[test]
fn alt_timer_and_calls() {
    expect_output(
        &prog("  PROC six (VAL INT a, b, c, d, e, INT r)\n    r := ((a + b) + (c + d)) + e\n  :\n  INT FUNCTION sq (VAL INT x) IS x * x :\n  CHAN OF INT p, q:\n  TIMER tim:\n  INT t, r:\n  SEQ\n    six (1, 2, 3, 4, 5, r)\n    out.int (r + sq (3), screen)\n    tim ? t\n    tim ? AFTER t PLUS 100\n    PAR\n      SEQ\n        p ! 1\n        q ! 2\n      SEQ k = 0 FOR 2\n        ALT\n          INT v:\n          p ? v\n            screen ! 'p'\n          INT v:\n          q ? v\n            screen ! 'q'\n    PRI ALT\n      tim ? AFTER t PLUS 200\n        screen ! 't'\n"),
        "24pqt",
    );
}

#[test]
fn failed_if_halts() {
    let r = run(&prog(
        "  INT x:\n  SEQ\n    x := 3\n    IF\n      x = 4\n        SKIP\n",
    ));
    assert_eq!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
    // The IF is on line 5 of `main` (after the prelude).
    let line = PRELUDE.lines().count() as u32 + 5;
    assert_eq!(r.halt_line, Some(line), "{r:?}");
}

#[test]
fn subscript_out_of_range_halts() {
    let r = run(&prog(
        "  [4]INT a:\n  INT i:\n  SEQ\n    i := 4\n    a[i] := 1\n",
    ));
    assert_eq!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
}

#[test]
fn overflow_halts_and_stop_mode_stops() {
    let src = prog("  INT x:\n  SEQ\n    x := MOSTPOS INT\n    x := x + 1\n    screen ! 'n'\n");
    let r = run(&src);
    assert_eq!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
    let r = run_with(&src, linker::object::ErrorMode::Stop, b"");
    assert!(r.screen.is_empty(), "{r:?}");
    assert_ne!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
}

#[test]
fn objects_declare_their_host_io() {
    use linker::object::HostIo;
    let io = compile("PROC p (CHAN BYTE k?, s!, e!)\n  SKIP\n:\n").expect("compiles");
    assert_eq!(io.host_io, HostIo::Framed);
    let plain = compile("PROC p ()\n  SKIP\n:\n").expect("compiles");
    assert_eq!(plain.host_io, HostIo::Raw);
}

#[test]
fn asm_code_insertion() {
    // LD/ST of locals, a BYTE, a free variable of an enclosing PROC and a
    // variable of the enclosing process from inside a PAR branch; operations,
    // direct functions with constants, and an FPU operation.
    expect_output(
        "PROC main (CHAN BYTE keyboard?, screen!, error!)
  INT total, x, y :
  BYTE b :
  PROC add.to (VAL INT n)
    ASM
      LD total
      LD n
      ADD
      ST total
  :
  SEQ
    x := 20
    ASM
      LD x
      LDC 22
      ADD
      ST y
    screen ! BYTE y
    ASM
      LDC 'A'
      ST b
      LD b
      ADC 1
      ST b
    screen ! b
    total := 40
    add.to (2)
    PAR
      ASM
        LD total
        ADC 1
        ST total
      SKIP
    screen ! BYTE total
    ASM
      FPUCLRERR
      TESTERR
      ST x
    screen ! BYTE (x + 48)
:
",
        "*B+1",
    );
}

#[test]
fn asm_overflow_halts_and_stop_mode_stops() {
    // ADD sets Error on overflow, as compiled arithmetic does: HALT mode halts,
    // STOP mode stops the process after the block.
    let src = prog(
        "  INT x:\n  SEQ\n    x := MOSTPOS INT\n    ASM\n      LD x\n      LDC 1\n      ADD\n      ST x\n    screen ! 'n'\n",
    );
    let r = run(&src);
    assert_eq!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
    let r = run_with(&src, linker::object::ErrorMode::Stop, b"");
    assert!(r.screen.is_empty(), "{r:?}");
    assert_ne!(r.outcome, transputer::report::Outcome::Halted, "{r:?}");
}
