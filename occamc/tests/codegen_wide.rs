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

fn hex64(v: i64) -> String {
    format!("#{:X}(INT64)", v as u64)
}

#[test]
fn int64_arithmetic() {
    let pairs: [(i64, i64); 6] = [
        (5, 3),
        (-7, 2),
        (1 << 40, -(1 << 20) - 3),
        (0x1234_5678_9ABC_DEF0, 0x10_0000_0001),
        (i64::MIN + 1, -1),
        (-0x7FFF_FFFF_FFFF, 0x3_0000_0000),
    ];
    let table = |f: fn(&(i64, i64)) -> i64| {
        pairs
            .iter()
            .map(|p| hex64(f(p)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let src = prog(&format!(
        "  VAL []INT64 as IS [{}] :\n  VAL []INT64 bs IS [{}] :\n  INT64 x, y:\n  SEQ i = 0 FOR SIZE as\n    SEQ\n      x, y := as[i], bs[i]\n      i64 (x + y, screen!)\n      i64 (x - y, screen!)\n      i64 (x PLUS y, screen!)\n      i64 (x MINUS y, screen!)\n      i64 (x TIMES y, screen!)\n      i64 (x / y, screen!)\n      i64 (x \\ y, screen!)\n      i64 ((x /\\ y) >< (x \\/ y), screen!)\n      i64 (~x, screen!)\n      i64 (-y, screen!)\n      i64 (x << 13, screen!)\n      i64 (x >> 35, screen!)\n      b (x < y, screen!)\n      b (x > y, screen!)\n      b (x <= y, screen!)\n      b (x >= y, screen!)\n      b (x = y, screen!)\n      b (x <> y, screen!)\n      screen ! '*n'\n",
        table(|p| p.0),
        table(|p| p.1)
    ));
    let mut expect = String::new();
    for &(x, y) in &pairs {
        for v in [
            x + y,
            x - y,
            x.wrapping_add(y),
            x.wrapping_sub(y),
            x.wrapping_mul(y),
            x / y,
            x % y,
            (x & y) ^ (x | y),
            !x,
            -y,
            x << 13,
            ((x as u64) >> 35) as i64,
        ] {
            expect += &h64(v as u64);
        }
        expect += &bools(&[x < y, x > y, x <= y, x >= y, x == y, x != y]);
        expect += "\n";
    }
    assert_eq!(run_ok(&src), expect);
}

#[test]
fn int64_checked_multiply() {
    let pairs: [(i64, i64); 5] = [
        (123_456_789, -987_654),
        (-(1 << 31), 1 << 32),
        (0x7FFF_FFFF, 0x1_0000_0002),
        (-3, i64::MIN / 3),
        (0, i64::MIN),
    ];
    let mut body = String::from("  INT64 x, y:\n  SEQ\n");
    let mut expect = String::new();
    for (x, y) in pairs {
        body += &format!(
            "    x, y := {}, {}\n    i64 (x * y, screen!)\n",
            hex64(x),
            hex64(y)
        );
        expect += &h64(x.checked_mul(y).expect("in range") as u64);
    }
    assert_eq!(run_ok(&prog(&body)), expect);
}

#[test]
fn real64_arithmetic_and_widening() {
    let (a, bb) = (1.0f64 / 3.0, -2.5e10f64);
    let src = prog(&format!(
        "  REAL64 x, y:\n  REAL32 s:\n  SEQ\n    x, y := {}, {}\n    r64 (x + y, screen!)\n    r64 (x - y, screen!)\n    r64 (x * y, screen!)\n    r64 (y / x, screen!)\n    r64 (-x, screen!)\n    r64 (((x * y) + (x / y)) - 1.5(REAL64), screen!)\n    s := REAL32 ROUND x\n    r32 (s, screen!)\n    r32 (REAL32 TRUNC x, screen!)\n    r64 (REAL64 s, screen!)\n    b (x > y, screen!)\n    b (x = y, screen!)\n    b (x <= x, screen!)\n",
        lit64(a),
        lit64(bb)
    ));
    let mut expect: String = [a + bb, a - bb, a * bb, bb / a, -a, a * bb + a / bb - 1.5]
        .iter()
        .map(|v| h64(v.to_bits()))
        .collect();
    let s = a as f32;
    let t = f32::from_bits((a as f32).to_bits() - u32::from((a as f32) as f64 > a));
    expect += &h32(s.to_bits());
    expect += &h32(t.to_bits());
    expect += &h64((s as f64).to_bits());
    expect += &bools(&[a > bb, false, true]);
    assert_eq!(run_ok(&src), expect);
}

#[test]
fn conversions_round_and_trunc() {
    let reals: [f32; 8] = [2.5, 3.5, -2.5, -2.7, 0.49999997, 1e9, -1.5, 7.0];
    let lits = reals
        .iter()
        .map(|v| lit32(*v))
        .collect::<Vec<_>>()
        .join(", ");
    let ints: [i32; 4] = [16_777_217, -16_777_219, i32::MAX, 5];
    let big: [i64; 4] = [
        (1 << 53) + 1,
        -(1 << 60) - (1 << 36) - 1,
        i64::MAX,
        0x0000_0100_0000_0081,
    ];
    let src = prog(&format!(
        "  VAL []REAL32 rs IS [{lits}] :\n  VAL []INT is IS [{}] :\n  VAL []INT64 ls IS [{}] :\n  REAL32 x:\n  INT n:\n  INT64 l:\n  SEQ\n    SEQ i = 0 FOR SIZE rs\n      SEQ\n        x := rs[i]\n        hex (INT ROUND x, screen!)\n        hex (INT TRUNC x, screen!)\n        i64 (INT64 ROUND x, screen!)\n        i64 (INT64 TRUNC (REAL64 x), screen!)\n        hex (INT (INT16 ROUND (x / 65536.0(REAL32))), screen!)\n    screen ! '*n'\n    SEQ i = 0 FOR SIZE is\n      SEQ\n        n := is[i]\n        r32 (REAL32 ROUND n, screen!)\n        r32 (REAL32 TRUNC n, screen!)\n        r64 (REAL64 ROUND n, screen!)\n        i64 (INT64 n, screen!)\n        hex (INT (INT64 n), screen!)\n    screen ! '*n'\n    SEQ i = 0 FOR SIZE ls\n      SEQ\n        l := ls[i]\n        r32 (REAL32 ROUND l, screen!)\n        r32 (REAL32 TRUNC l, screen!)\n        r64 (REAL64 ROUND l, screen!)\n        r64 (REAL64 TRUNC l, screen!)\n        i64 (INT64 ROUND (REAL64 TRUNC l), screen!)\n",
        ints.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "),
        big.iter().map(|v| hex64(*v)).collect::<Vec<_>>().join(", ")
    ));
    let mut expect = String::new();
    for x in reals {
        let r = x.round_ties_even();
        expect += &h32(r as i32 as u32);
        expect += &h32(x.trunc() as i32 as u32);
        expect += &h64(r as i64 as u64);
        expect += &h64(x.trunc() as i64 as u64);
        expect += &h32(((x / 65536.0).round_ties_even() as i16) as i32 as u32);
    }
    expect += "\n";
    for n in ints {
        expect += &h32((n as f32).to_bits());
        // Truncation: round towards zero.
        let t = n as f32;
        let t = if (t as f64).abs() > (n as f64).abs() {
            f32::from_bits(t.to_bits() - 1)
        } else {
            t
        };
        expect += &h32(t.to_bits());
        expect += &h64((n as f64).to_bits());
        expect += &h64(n as i64 as u64);
        expect += &h32(n as u32);
    }
    expect += "\n";
    for l in big {
        expect += &h32((l as f32).to_bits());
        let t = l as f32;
        let t = if (t as f64).abs() > (l as f64).abs() || (t as i128).abs() > (l as i128).abs() {
            f32::from_bits(t.to_bits() - 1)
        } else {
            t
        };
        expect += &h32(t.to_bits());
        expect += &h64((l as f64).to_bits());
        let d = l as f64;
        let d = if (d as i128).abs() > (l as i128).abs() {
            f64::from_bits(d.to_bits() - 1)
        } else {
            d
        };
        expect += &h64(d.to_bits());
        expect += &h64(d as i64 as u64);
    }
    assert_eq!(run_ok(&src), expect);
}

/// Runs `body` and checks it halts on the statement just before `screen ! 'n'`.
fn expect_halt_before_output(body: &str) {
    let src = prog(&format!("  SEQ\n{body}"));
    let r = run(&src);
    assert_eq!(r.outcome, Outcome::Halted, "{body}: {r:?}");
    let marker = src.lines().position(|l| l.contains("screen ! 'n'"));
    assert_eq!(r.halt_line, marker.map(|i| i as u32), "{body}: {r:?}");
    assert!(!r.text().contains('n'), "went on after the error: {r:?}");
}

#[test]
fn run_time_errors_halt_on_the_failing_line() {
    for body in [
        // REAL32 overflow, division by zero, INT conversion out of range, NaN operand.
        "    REAL32 x:\n    SEQ\n      x := 3.0E38(REAL32)\n      x := x * 10.0(REAL32)\n      screen ! 'n'\n",
        "    REAL32 x, z:\n    SEQ\n      z := 0.0(REAL32)\n      x := 1.0(REAL32) / z\n      screen ! 'n'\n",
        "    REAL32 x:\n    INT n:\n    SEQ\n      x := 3.0E9(REAL32)\n      n := INT ROUND x\n      screen ! 'n'\n",
        "    REAL64 d:\n    REAL32 x:\n    SEQ\n      d := 1.0E300(REAL64)\n      x := REAL32 ROUND d\n      screen ! 'n'\n",
        "    REAL64 d:\n    INT64 l:\n    SEQ\n      d := 1.0E19(REAL64)\n      l := INT64 ROUND d\n      screen ! 'n'\n",
        // INT64 overflow, division by zero, narrowing.
        "    INT64 a:\n    SEQ\n      a := #7FFFFFFFFFFFFFFF(INT64)\n      a := a + 1(INT64)\n      screen ! 'n'\n",
        "    INT64 a:\n    SEQ\n      a := #100000000(INT64)\n      a := a * a\n      screen ! 'n'\n",
        "    INT64 a, z:\n    SEQ\n      a, z := 5(INT64), 0(INT64)\n      a := a / z\n      screen ! 'n'\n",
        "    INT64 a, m:\n    SEQ\n      a, m := MOSTNEG INT64, -1(INT64)\n      a := a / m\n      screen ! 'n'\n",
        "    INT64 a:\n    INT n:\n    SEQ\n      a := #80000000(INT64)\n      n := INT a\n      screen ! 'n'\n",
        "    INT64 a:\n    INT n:\n    SEQ\n      a, n := 1(INT64), 65\n      a := a << n\n      screen ! 'n'\n",
        "    INT64 a:\n    SEQ\n      a := MOSTNEG INT64\n      a := -a\n      screen ! 'n'\n",
    ] {
        expect_halt_before_output(body);
    }
}

#[test]
fn stop_mode_stops_only_the_failing_process() {
    let src = prog("  REAL32 x:\n  SEQ\n    x := 3.0E38(REAL32)\n    PAR\n      x := x * x\n      screen ! 'y'\n");
    let r = run_with(&src, linker::object::ErrorMode::Stop, b"");
    assert_eq!(r.text(), "y", "{r:?}");
    assert_ne!(r.outcome, Outcome::Halted, "{r:?}");
}

#[test]
fn integer_intrinsics() {
    let (x, y, c) = (0x9ABC_DEF0u32 as i32, 0x1234_5678i32, 1i32);
    let src = prog(&format!(
        "  INT x, y, c, hi, lo, n:\n  SEQ\n    x, y, c := {x}, {y}, {c}\n    hex (LONGADD (y, 5, c), screen!)\n    hex (LONGSUB (y, 5, c), screen!)\n    hi, lo := LONGSUM (x, x, c)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hi, lo := LONGDIFF (y, x, c)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hi, lo := LONGPROD (x, y, c)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hi, lo := LONGDIV (y, x, #7FFFFFFF)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hi, lo := SHIFTLEFT (y, x, 36)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hi, lo := SHIFTRIGHT (y, x, 4)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    n, hi, lo := NORMALISE (0, y)\n    hex (n, screen!)\n    hex (hi, screen!)\n    hex (lo, screen!)\n    hex (FRACMUL (#40000000, y), screen!)\n    hex (ASHIFTLEFT (-3, 4), screen!)\n    hex (ASHIFTRIGHT (x, 4), screen!)\n    hex (ROTATELEFT (x, 8), screen!)\n    hex (ROTATERIGHT (x, 8), screen!)\n    hex (BITCOUNT (x, 3), screen!)\n    hex (BITREVWORD (y), screen!)\n    hex (BITREVNBITS (y, 8), screen!)\n    hex (CRCWORD (x, y, #04C11DB7), screen!)\n    hex (CRCBYTE (x, y, #04C11DB7), screen!)\n"
    ));
    let (ux, uy) = (x as u32, y as u32);
    let sum = ux as u64 + ux as u64 + 1;
    let diff = (uy as u64).wrapping_sub(ux as u64).wrapping_sub(1);
    let prod = ux as u64 * uy as u64 + 1;
    let dividend = (uy as u64) << 32 | ux as u64;
    let shl = dividend << 36;
    let shr = dividend >> 4;
    let norm = (uy as u64).leading_zeros();
    let crc = |mut crc: u32, mut data: u32, bits: u32| {
        for _ in 0..bits {
            let top = crc >> 31;
            crc = (crc << 1) | (data >> 31);
            data <<= 1;
            if top == 1 {
                crc ^= 0x04C1_1DB7;
            }
        }
        crc
    };
    let words: Vec<u32> = vec![
        uy + 6,
        uy - 6,
        (sum >> 32) as u32,
        sum as u32,
        (diff >> 63) as u32,
        diff as u32,
        (prod >> 32) as u32,
        prod as u32,
        (dividend / 0x7FFF_FFFF) as u32,
        (dividend % 0x7FFF_FFFF) as u32,
        (shl >> 32) as u32,
        shl as u32,
        (shr >> 32) as u32,
        shr as u32,
        norm,
        ((uy as u64) << norm >> 32) as u32,
        ((uy as u64) << norm) as u32,
        ((0x4000_0000i64 * y as i64 + (1 << 30)) >> 31) as u32,
        (-3i32 << 4) as u32,
        (x >> 4) as u32,
        ux.rotate_left(8),
        ux.rotate_right(8),
        ux.count_ones() + 3,
        uy.reverse_bits(),
        (uy & 0xFF).reverse_bits() >> 24,
        crc(uy, ux, 32),
        crc(uy, ux, 8),
    ];
    let expect: String = words.iter().map(|w| h32(*w)).collect();
    assert_eq!(run_ok(&src), expect);
}

#[test]
fn real_intrinsics() {
    let (x, y) = (2.0f32, -0.75f32);
    let (dx, dy) = (10.0f64, -3.0f64);
    let src = prog(&format!(
        "  REAL32 x, y, inf, nan:\n  REAL64 dx, dy:\n  SEQ\n    x, y, dx, dy := {}, {}, {}, {}\n    r32 (SQRT (x), screen!)\n    r32 (ABS (y), screen!)\n    r32 (MINUSX (y), screen!)\n    r32 (MULBY2 (y), screen!)\n    r32 (DIVBY2 (y), screen!)\n    r32 (FPINT (x / 0.75(REAL32)), screen!)\n    r32 (COPYSIGN (x, y), screen!)\n    r32 (SCALEB (y, 100), screen!)\n    r32 (SCALEB (y, -140), screen!)\n    r32 (REAL32REM (x, y), screen!)\n    r32 (REAL32OP (x, 3, y), screen!)\n    r64 (DSQRT (dx), screen!)\n    r64 (DABS (dy), screen!)\n    r64 (DCOPYSIGN (dx, dy), screen!)\n    r64 (REAL64REM (dx, dy), screen!)\n    r64 (REAL64OP (dx, 2, dy), screen!)\n    hex (IEEECOMPARE (x, y), screen!)\n    hex (IEEECOMPARE (y, x), screen!)\n    hex (DIEEECOMPARE (dx, dx), screen!)\n    b (NOTFINITE (x), screen!)\n    b (ISNAN (x), screen!)\n    b (ORDERED (x, y), screen!)\n    b (REAL32GT (x, y), screen!)\n    b (REAL64EQ (dx, dx), screen!)\n    b (DNOTFINITE (dy), screen!)\n",
        lit32(x),
        lit32(y),
        lit64(dx),
        lit64(dy)
    ));
    let mut expect: String = [
        x.sqrt(),
        y.abs(),
        -y,
        y * 2.0,
        y / 2.0,
        (x / 0.75).round_ties_even(),
        -x,
        y * 2f32.powi(100),
        (y as f64 * 2f64.powi(-140)) as f32,
        x - y * (x / y).round_ties_even(),
        x / y,
    ]
    .iter()
    .map(|v| h32(v.to_bits()))
    .collect();
    expect += &[
        dx.sqrt(),
        dy.abs(),
        -dx,
        dx - dy * (dx / dy).round_ties_even(),
        dx * dy,
    ]
    .iter()
    .map(|v| h64(v.to_bits()))
    .collect::<String>();
    expect += &h32(1);
    expect += &h32(u32::MAX);
    expect += &h32(0);
    expect += &bools(&[false, false, true, true, true, false]);
    assert_eq!(run_ok(&src), expect);
}

#[test]
fn course_library_writes_reals() {
    let cases: [(f32, usize); 4] = [(12.34567, 3), (-2.5, 2), (1_234_567.0, 1), (-0.001, 4)];
    let mut body = String::from("  SEQ\n");
    let mut expect = String::new();
    for (x, n) in cases {
        body += &format!(
            "    out.real32 ({}, 0, {n}, screen!)\n    out.nl (screen!)\n",
            lit32(x)
        );
        expect += &format!("{x:.n$}\n");
    }
    let src =
        format!("#USE \"course.lib\"\nPROC main (CHAN BYTE keyboard?, screen!, error!)\n{body}:\n");
    assert_eq!(run_ok(&src), expect);
}

#[test]
fn block_moves_and_error_procs() {
    // A 4×6 picture; copy a 2×3 block from (1, 1) to (3, 2), then DRAW2D (non-zero
    // bytes only) and CLIP2D (zero bytes only) of a block with holes.
    let src = prog(
        "  [4][6]BYTE pic, out:\n  [2][3]BYTE holes:\n  SEQ\n    SEQ i = 0 FOR 4\n      SEQ j = 0 FOR 6\n        pic[i][j], out[i][j] := BYTE ((i * 6) + j), '.'\n    holes[0], holes[1] := \"a*#00b\", \"*#00cd\"\n    MOVE2D (pic, 1, 1, out, 2, 2, 3, 2)\n    DRAW2D (holes, 0, 0, out, 0, 0, 3, 2)\n    CLIP2D (holes, 0, 0, out, 3, 0, 3, 2)\n    SEQ i = 0 FOR 4\n      SEQ j = 0 FOR 6\n        hex (INT out[i][j], screen!)\n    ASSERT (TRUE)\n    screen ! 'y'\n    ASSERT (FALSE)\n    screen ! 'n'\n",
    );
    let mut out = [[b'.'; 6]; 4];
    let holes = [[b'a', 0, b'b'], [0, b'c', b'd']];
    for r in 0..2 {
        for c in 0..3 {
            out[2 + r][2 + c] = ((1 + r) * 6 + 1 + c) as u8;
        }
    }
    for r in 0..2 {
        for c in 0..3 {
            if holes[r][c] != 0 {
                out[r][c] = holes[r][c];
            } else {
                out[r][3 + c] = 0;
            }
        }
    }
    let expect: String = out
        .iter()
        .flatten()
        .map(|&v| h32(v as u32))
        .collect::<String>()
        + "y";
    let r = run(&src);
    assert_eq!(r.text(), expect, "{r:?}");
    assert_eq!(r.outcome, Outcome::Halted, "ASSERT (FALSE) halts: {r:?}");
}

#[test]
fn moves_out_of_range_halt() {
    let src = prog("  [4][6]BYTE a, b:\n  INT w:\n  SEQ\n    w := 5\n    MOVE2D (a, 2, 0, b, 0, 0, w, 1)\n    screen ! 'n'\n");
    let r = run(&src);
    assert_eq!(r.outcome, Outcome::Halted, "{r:?}");
    assert!(r.text().is_empty(), "{r:?}");
    let r = run(&prog("  SEQ\n    CAUSEERROR ()\n    screen ! 'n'\n"));
    assert_eq!(r.outcome, Outcome::Halted, "{r:?}");
}

#[test]
fn reals_across_calls_and_deep_expressions() {
    // FUNCTION calls inside FP expressions (the FP stack does not survive a call),
    // REAL64 results and parameters, and expressions deeper than the FP stack.
    let src = prog(
        "  REAL32 FUNCTION half (VAL REAL32 v) IS v / 2.0(REAL32) :\n  REAL64 FUNCTION mix (VAL REAL64 p, VAL REAL32 q) IS p - (REAL64 q) :\n  PROC twice (VAL REAL64 p, REAL64 r)\n    r := p + p\n  :\n  REAL32 a, c:\n  REAL64 d, e:\n  SEQ\n    a, d := 3.0(REAL32), 0.125(REAL64)\n    c := (a * half (a)) + (half (a + 1.0(REAL32)) * half (8.0(REAL32)))\n    r32 (c, screen!)\n    e := mix (d, a) * mix (d + d, half (a))\n    r64 (e, screen!)\n    twice (e / d, e)\n    r64 (e, screen!)\n    c := ((a + (a * (a - 1.0(REAL32)))) * ((a * a) - (a / 4.0(REAL32)))) - (((a - 0.5(REAL32)) * (a + 0.5(REAL32))) / ((a * 2.0(REAL32)) + (a * a)))\n    r32 (c, screen!)\n",
    );
    let a = 3.0f32;
    let half = |v: f32| v / 2.0;
    let d = 0.125f64;
    let mix = |p: f64, q: f32| p - q as f64;
    let c1 = a * half(a) + half(a + 1.0) * half(8.0);
    let e = mix(d, a) * mix(d + d, half(a));
    let e2 = (e / d) + (e / d);
    let c2 = (a + a * (a - 1.0)) * (a * a - a / 4.0) - ((a - 0.5) * (a + 0.5)) / (a * 2.0 + a * a);
    let expect = h32(c1.to_bits()) + &h64(e.to_bits()) + &h64(e2.to_bits()) + &h32(c2.to_bits());
    assert_eq!(run_ok(&src), expect);
}

fn next_toward32(x: f32, y: f32) -> f32 {
    if x.is_nan() || y.is_nan() {
        return f32::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return if y > 0.0 {
            f32::from_bits(1)
        } else {
            -f32::from_bits(1)
        };
    }
    let up = (y > x) == (x > 0.0);
    f32::from_bits(if up { x.to_bits() + 1 } else { x.to_bits() - 1 })
}

fn next_toward64(x: f64, y: f64) -> f64 {
    if x == y {
        return y;
    }
    if x == 0.0 {
        return if y > 0.0 {
            f64::from_bits(1)
        } else {
            -f64::from_bits(1)
        };
    }
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { x.to_bits() + 1 } else { x.to_bits() - 1 })
}

/// IEEE logb for finite non-zero values.
fn logb32(x: f32) -> f32 {
    let e = (x.to_bits() >> 23) & 0xFF;
    if e == 0 {
        (31 - (x.to_bits() & 0x7F_FFFF).leading_zeros() as i32 - 149) as f32
    } else {
        (e as i32 - 127) as f32
    }
}
fn logb64(x: f64) -> f64 {
    let e = (x.to_bits() >> 52) & 0x7FF;
    if e == 0 {
        (63 - (x.to_bits() & 0xF_FFFF_FFFF_FFFF).leading_zeros() as i64 - 1074) as f64
    } else {
        (e as i64 - 1023) as f64
    }
}

#[test]
fn logb_and_nextafter() {
    let xs32: [f32; 6] = [
        1.5,
        -0.0,
        f32::from_bits(0x0000_1234),
        -3.0e38,
        1.0,
        f32::NEG_INFINITY,
    ];
    let ys32: [f32; 6] = [2.0, -1.0, 0.0, 0.0, 1.0, 0.0];
    let xs64: [f64; 4] = [1.5, f64::from_bits(0x0000_0000_0001_2345), -1.0, 0.0];
    let ys64: [f64; 4] = [-2.0, 1.0, -1.0, 5.0];
    let bits32 = |v: &[f32]| {
        v.iter()
            .map(|x| format!("#{:X}", x.to_bits()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bits64 = |v: &[f64]| {
        v.iter()
            .map(|x| {
                format!(
                    "[#{:X}, #{:X}]",
                    x.to_bits() as u32,
                    (x.to_bits() >> 32) as u32
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let src = prog(&format!(
        "  VAL []INT xs IS [{}] :\n  VAL []INT ys IS [{}] :\n  VAL [][2]INT dxs IS [{}] :\n  VAL [][2]INT dys IS [{}] :\n  SEQ\n    SEQ i = 0 FOR SIZE xs\n      VAL REAL32 x RETYPES xs[i] :\n      VAL REAL32 y RETYPES ys[i] :\n      SEQ\n        r32 (NEXTAFTER (x, y), screen!)\n        r32 (LOGB (x), screen!)\n    SEQ i = 0 FOR SIZE dxs\n      VAL REAL64 x RETYPES dxs[i] :\n      VAL REAL64 y RETYPES dys[i] :\n      SEQ\n        r64 (DNEXTAFTER (x, y), screen!)\n        r64 (DLOGB (x), screen!)\n",
        bits32(&xs32),
        bits32(&ys32),
        bits64(&xs64),
        bits64(&ys64)
    ));
    let mut expect = String::new();
    for (x, y) in xs32.iter().zip(ys32) {
        expect += &h32(next_toward32(*x, y).to_bits());
        let l = match *x {
            0.0 => f32::NEG_INFINITY,
            v if v.is_infinite() => f32::INFINITY,
            v => logb32(v),
        };
        expect += &h32(l.to_bits());
    }
    for (x, y) in xs64.iter().zip(ys64) {
        expect += &h64(next_toward64(*x, y).to_bits());
        let l = if *x == 0.0 {
            f64::NEG_INFINITY
        } else {
            logb64(*x)
        };
        expect += &h64(l.to_bits());
    }
    assert_eq!(run_ok(&src), expect);
}

/// x × 2^n for REAL64 where every step but the last is exact by construction.
fn scale64(x: f64, n: i32) -> f64 {
    let p = |k: i32| f64::from_bits(((k + 1023) as u64) << 52);
    if n >= 0 {
        (0..n / 1000).fold(x, |v, _| v * p(1000)) * p(n % 1000)
    } else if x.abs() >= 1.0 {
        (0..(-n) / 1000).fold(x, |v, _| v * p(-1000)) * p(-((-n) % 1000))
    } else {
        x * p(n)
    }
}

#[test]
fn dscaleb() {
    let cases: [(f64, i32); 9] = [
        (1.5, 10),
        (-0.75, 1000),
        (1.25, 1100),
        (3.0, -1074),
        (1.25 * 2f64.powi(1000), -2070),
        ((1.0 + f64::EPSILON) * 2f64.powi(1020), -2090),
        (f64::from_bits(3), 2000),
        (-1.5, i32::MIN),
        (1.5, i32::MAX),
    ];
    let mut expect = String::new();
    for (x, n) in cases {
        let want = match n {
            i32::MIN => -0.0,
            i32::MAX => f64::INFINITY,
            _ => scale64(x, n),
        };
        expect += &h64(want.to_bits());
    }
    let xs: Vec<String> = cases.iter().map(|c| hex64(c.0.to_bits() as i64)).collect();
    let ns: Vec<String> = cases
        .iter()
        .map(|c| match c.1 {
            i32::MIN => "MOSTNEG INT".to_string(),
            n => n.to_string(),
        })
        .collect();
    let body = format!(
        "  VAL []INT64 xs IS [{}] :\n  VAL []INT ns IS [{}] :\n  SEQ i = 0 FOR SIZE xs\n    VAL REAL64 x RETYPES xs[i] :\n    r64 (DSCALEB (x, ns[i]), screen!)\n",
        xs.join(", "),
        ns.join(", ")
    );
    assert_eq!(run_ok(&prog(&body)), expect);
}

/// FLOATING.UNPACK's reference: n, f with x = f × 2^n and 1 ≤ |f| < 2, built from
/// the bits (a subnormal's leading one found by counting zeros).
fn unpack64(x: f64) -> (i32, f64) {
    let b = x.to_bits();
    let (sign, e, m) = (
        b & (1 << 63),
        ((b >> 52) & 0x7FF) as i32,
        b & ((1 << 52) - 1),
    );
    match (e, m) {
        (0, 0) => (0, x),
        (0x7FF, _) => (1024, x),
        (0, m) => {
            let top = 63 - m.leading_zeros() as i32;
            let f = (m << (52 - top)) & ((1 << 52) - 1);
            (top - 1074, f64::from_bits(sign | (1023 << 52) | f))
        }
        _ => (e - 1023, f64::from_bits(sign | (1023 << 52) | m)),
    }
}
fn unpack32(x: f32) -> (i32, f32) {
    if !x.is_finite() {
        return (128, x);
    }
    let (n, f) = unpack64(x as f64);
    (n, f as f32)
}

#[test]
fn floating_unpack() {
    let xs: [f32; 7] = [
        12.0,
        -0.375,
        f32::from_bits(5),
        -f32::from_bits(0x007F_FFFF),
        0.0,
        f32::INFINITY,
        f32::MAX,
    ];
    let ds: [f64; 5] = [
        1.0e300,
        -3.0e-310,
        f64::from_bits(3),
        -0.0,
        f64::NEG_INFINITY,
    ];
    let hexes = |v: Vec<u64>, t: &str| {
        v.iter()
            .map(|b| format!("#{b:X}({t})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let body = format!(
        "  VAL []INT xs IS [{}] :\n  VAL []INT64 ds IS [{}] :\n  INT n:\n  REAL32 f:\n  [2]REAL64 g:\n  SEQ\n    SEQ i = 0 FOR SIZE xs\n      VAL REAL32 x RETYPES xs[i] :\n      SEQ\n        n, f := FLOATING.UNPACK (x)\n        hex (n, screen!)\n        r32 (f, screen!)\n    SEQ i = 0 FOR SIZE ds\n      VAL REAL64 x RETYPES ds[i] :\n      SEQ\n        n, g[1] := DFLOATING.UNPACK (x)\n        hex (n, screen!)\n        r64 (g[1], screen!)\n",
        hexes(xs.iter().map(|x| x.to_bits() as u64).collect(), "INT"),
        hexes(ds.iter().map(|x| x.to_bits()).collect(), "INT64"),
    );
    let mut expect = String::new();
    for x in xs {
        let (n, f) = unpack32(x);
        expect += &(h32(n as u32) + &h32(f.to_bits()));
    }
    for x in ds {
        let (n, f) = unpack64(x);
        expect += &(h32(n as u32) + &h64(f.to_bits()));
    }
    assert_eq!(run_ok(&prog(&body)), expect);
}

/// The directed roundings of a REAL32 operation, from the nearest result `r` and
/// the sign of (exact − r) computed exactly in f64.
fn directed32(r: f32, above: std::cmp::Ordering) -> [f32; 4] {
    use std::cmp::Ordering::*;
    let (up, down) = match above {
        Greater => (r.next_up(), r),
        Less => (r, r.next_down()),
        Equal => (r, r),
    };
    let zero = if r > 0.0 || (r == 0.0 && above == Less) {
        down
    } else {
        up
    };
    [r, zero, up, down]
}

#[test]
fn ieee_op_rounding_and_errors() {
    let pairs: [(f32, f32); 3] = [(1.0, 3.0), (-2.0, 3.0), (16777216.0, 1.0)];
    let mut expect = String::new();
    let mut body = String::from(
        "  VAL INT big.bits IS #7F7FFFFF :\n  VAL REAL32 big RETYPES big.bits :\n  BOOL e:\n  REAL32 r:\n  REAL64 d:\n  SEQ\n",
    );
    for (x, y) in pairs {
        for op in 0..4 {
            let (xd, yd) = (x as f64, y as f64);
            let (r, exact_cmp) = match op {
                0 => ((x + y), (xd + yd).partial_cmp(&((x + y) as f64))),
                1 => ((x - y), (xd - yd).partial_cmp(&((x - y) as f64))),
                2 => ((x * y), (xd * yd).partial_cmp(&((x * y) as f64))),
                // y > 0: x/y > r ⟺ x > r·y (exact in f64).
                _ => ((x / y), xd.partial_cmp(&((x / y) as f64 * yd))),
            };
            for (rm, v) in directed32(r, exact_cmp.unwrap()).into_iter().enumerate() {
                body += &format!(
                    "    e, r := IEEE32OP ({}, {rm}, {op}, {})\n    b (e, screen!)\n    r32 (r, screen!)\n",
                    lit32(x),
                    lit32(y)
                );
                expect += &format!("F{}", h32(v.to_bits()));
            }
        }
    }
    // Exceptions: division by zero, overflow, invalid; REAL64 rounding of 1/3.
    body += "    e, r := IEEE32OP (1.0(REAL32), 0, 3, 0.0(REAL32))\n    b (e, screen!)\n    r32 (r, screen!)\n";
    expect += &format!("T{}", h32(f32::INFINITY.to_bits()));
    body +=
        "    e, r := IEEE32OP (big, 0, 2, 2.0(REAL32))\n    b (e, screen!)\n    r32 (r, screen!)\n";
    expect += &format!("T{}", h32(f32::INFINITY.to_bits()));
    body += "    e, r := IEEE32OP (0.0(REAL32), 1, 3, 0.0(REAL32))\n    b (e, screen!)\n    b (ISNAN (r), screen!)\n";
    expect += "TT";
    let third = 1.0f64 / 3.0;
    let (up, down) = if third.mul_add(3.0, -1.0) > 0.0 {
        (third, third.next_down())
    } else {
        (third.next_up(), third)
    };
    for (rm, v) in [third, down, up, down].into_iter().enumerate() {
        body += &format!("    e, d := IEEE64OP (1.0(REAL64), {rm}, 3, 3.0(REAL64))\n    b (e, screen!)\n    r64 (d, screen!)\n");
        expect += &format!("F{}", h64(v.to_bits()));
    }
    assert_eq!(run_ok(&prog(&body)), expect);
}

/// IEEE32REM/IEEE64REM: the IEEE remainder x − n·y with n = x / y rounded to the
/// nearest integer, ties to even (computed exactly in f64 for these operands); the
/// BOOL is TRUE for y = 0.
#[test]
fn ieee_rem() {
    let mut body = String::from("  BOOL e:\n  REAL32 r:\n  REAL64 d:\n  SEQ\n");
    let mut expect = String::new();
    for (x, y) in [
        (5.0f32, 3.0f32),
        (7.5, 2.0),
        (10.0, 4.0),
        (-7.0, 2.0),
        (1.0e10, 3.0),
    ] {
        let n = (x as f64 / y as f64).round_ties_even();
        let r = (x as f64 - n * y as f64) as f32;
        body += &format!(
            "    e, r := IEEE32REM ({}, {})\n    b (e, screen!)\n    r32 (r, screen!)\n",
            lit32(x),
            lit32(y)
        );
        expect += &format!("F{}", h32(r.to_bits()));
    }
    body += "    e, r := IEEE32REM (1.0(REAL32), 0.0(REAL32))\n    b (e, screen!)\n";
    expect += "T";
    let (x, y) = (10.0f64, 3.0f64);
    let r = x - (x / y).round_ties_even() * y;
    body += &format!(
        "    e, d := IEEE64REM ({}, {})\n    b (e, screen!)\n    r64 (d, screen!)\n",
        lit64(x),
        lit64(y)
    );
    expect += &format!("F{}", h64(r.to_bits()));
    assert_eq!(run_ok(&prog(&body)), expect);
}

#[test]
fn missing_intrinsics_are_reported_not_miscompiled() {
    let src = prog(
        "  BOOL e:\n  INT32 n:\n  REAL64 r:\n  SEQ\n    e, n, r := DARGUMENT.REDUCE (1.0(REAL64), 2.0(REAL64), 0.0(REAL64))\n",
    );
    let err = compile(&src).expect_err("DARGUMENT.REDUCE is not implemented");
    assert!(
        err.contains("E1001") && err.contains("DARGUMENT.REDUCE"),
        "{err}"
    );
    let src = prog("  INT x:\n  x := ROUNDSN (1, 2, 3)\n");
    let err = compile(&src).expect_err("ROUNDSN is a T414 instruction");
    assert!(err.contains("E1001") && err.contains("T414"), "{err}");
}

/// ARGUMENT.REDUCE's reference: n = x / y to the nearest integer, r = (x − n·y) −
/// n·y.err rounded once; failure (TRUE, 0, x) for a non-finite operand, y = 0 or
/// |n| ≥ 2^29.
fn reduce32(x: f32, y: f32, yerr: f32) -> (bool, i32, f32) {
    let n = (x as f64 / y as f64).round_ties_even();
    if !x.is_finite() || !y.is_finite() || y == 0.0 || n.abs() >= (1 << 29) as f64 {
        return (true, 0, x);
    }
    let r = (x as f64 - n * y as f64) - n * yerr as f64;
    (false, n as i32, r as f32)
}

#[test]
fn argument_reduce() {
    let pio2 = std::f64::consts::FRAC_PI_2;
    let (y, yerr) = (pio2 as f32, (pio2 - pio2 as f32 as f64) as f32);
    let cases: [(f32, f32, f32); 6] = [
        (10.0, y, yerr),
        (-1000.5, y, yerr),
        (0.25, y, yerr),
        (7.0, 2.0, 0.0),
        (1.0e30, y, yerr),
        (5.0, 0.0, 0.0),
    ];
    let table = |f: fn(&(f32, f32, f32)) -> f32| {
        cases
            .iter()
            .map(|c| format!("#{:X}", f(c).to_bits()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let body = format!(
        "  VAL []INT xs IS [{}] :\n  VAL []INT ys IS [{}] :\n  VAL []INT es IS [{}] :\n  BOOL e:\n  INT32 n:\n  REAL32 r:\n  SEQ i = 0 FOR SIZE xs\n    VAL REAL32 x RETYPES xs[i] :\n    VAL REAL32 y RETYPES ys[i] :\n    VAL REAL32 ye RETYPES es[i] :\n    SEQ\n      e, n, r := ARGUMENT.REDUCE (x, y, ye)\n      b (e, screen!)\n      hex (INT n, screen!)\n      r32 (r, screen!)\n",
        table(|c| c.0),
        table(|c| c.1),
        table(|c| c.2)
    );
    let mut expect = String::new();
    for (x, y, ye) in cases {
        let (e, n, r) = reduce32(x, y, ye);
        expect += &format!("{}{}{}", bools(&[e]), h32(n as u32), h32(r.to_bits()));
    }
    assert_eq!(run_ok(&prog(&body)), expect);
    // Independent check of the first case: 10 − 6·π/2 to within a REAL32 ulp.
    let (_, n, r) = reduce32(10.0, y, yerr);
    assert_eq!(n, 6);
    assert!((r as f64 - (10.0 - 6.0 * pio2)).abs() < 1e-7, "{r}");
}
