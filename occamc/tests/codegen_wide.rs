//! Run tests of INT64, REAL32/REAL64 arithmetic, conversions and intrinsics: each
//! program prints its results as hexadecimal bit patterns, compared with values the
//! test computes independently with Rust's i64/f32/f64 arithmetic.

mod codegen_common;
use codegen_common::*;
use transputer::report::Outcome;

/// Printers: words in hex, REAL32/REAL64/INT64 as their bit patterns.
const PRELUDE: &str = "PROC out.hex (VAL INT n, CHAN BYTE s!)
  VAL []BYTE digits IS \"0123456789ABCDEF\" :
  SEQ i = 0 FOR 8
    s ! digits[(n >> ((7 - i) * 4)) /\\ 15]
:
PROC hex (VAL INT n, CHAN BYTE s!)
  SEQ
    out.hex (n, s!)
    s ! ' '
:
PROC r32 (VAL REAL32 x, CHAN BYTE s!)
  VAL INT b RETYPES x :
  hex (b, s!)
:
PROC r64 (VAL REAL64 x, CHAN BYTE s!)
  VAL [2]INT w RETYPES x :
  SEQ
    out.hex (w[1], s!)
    hex (w[0], s!)
:
PROC i64 (VAL INT64 x, CHAN BYTE s!)
  VAL [2]INT w RETYPES x :
  SEQ
    out.hex (w[1], s!)
    hex (w[0], s!)
:
PROC b (VAL BOOL x, CHAN BYTE s!)
  IF
    x
      s ! 'T'
    TRUE
      s ! 'F'
:
";

fn prog(body: &str) -> String {
    format!("{PRELUDE}PROC main (CHAN BYTE keyboard?, screen!, error!)\n{body}:\n")
}

fn h32(v: u32) -> String {
    format!("{v:08X} ")
}
fn h64(v: u64) -> String {
    format!("{v:016X} ")
}
fn bools(v: &[bool]) -> String {
    v.iter().map(|&b| if b { 'T' } else { 'F' }).collect()
}

/// occam REAL32 literal for `v` (exactly representable values only).
fn lit32(v: f32) -> String {
    format!("{v:?}(REAL32)")
}
fn lit64(v: f64) -> String {
    format!("{v:?}(REAL64)")
}

fn run_ok(src: &str) -> String {
    let r = run(src);
    assert!(r.finished, "did not finish: {r:?}");
    r.text()
}

#[test]
fn real32_arithmetic_and_comparisons() {
    let (a, bb) = (7.5f32, -2.25f32);
    let src = prog(&format!(
        "  REAL32 x, y, z:\n  SEQ\n    x, y := {}, {}\n    r32 (x + y, screen!)\n    r32 (x - y, screen!)\n    r32 (x * y, screen!)\n    r32 (x / y, screen!)\n    z := (x * x) + (y / 3.0(REAL32))\n    r32 (z, screen!)\n    r32 (-x, screen!)\n    r32 (x \\ 2.0(REAL32), screen!)\n    b (x > y, screen!)\n    b (x < y, screen!)\n    b (x >= x, screen!)\n    b (x <= y, screen!)\n    b (x = x, screen!)\n    b (x <> y, screen!)\n",
        lit32(a),
        lit32(bb)
    ));
    let expect = [a + bb, a - bb, a * bb, a / bb, a * a + bb / 3.0, -a, -0.5]
        .iter()
        .map(|v| h32(v.to_bits()))
        .collect::<String>()
        + &bools(&[a > bb, a < bb, true, a <= bb, true, true]);
    assert_eq!(run_ok(&src), expect);
}
