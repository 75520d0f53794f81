//! Table-driven tests of the ALU operations: (op, A, B, C, Error in) →
//! (A, B, C, Error out, cycles). Expected cycles are the datasheet formulas worked out
//! by hand, so a wrong table row or formula fails here.

use super::exec;
use super::Regs;
use t800_isa::Op;

const MN: u32 = 0x8000_0000;
const M1: u32 = 0xFFFF_FFFF;

/// One row: op, [A, B, C], Error in, expected [A, B, C], Error out, cycles.
type Row = (Op, [u32; 3], bool, [u32; 3], bool, u32);

fn check(rows: &[Row]) {
    for (i, &(op, [a, b, c], err_in, want, err_out, cycles)) in rows.iter().enumerate() {
        let mut r = Regs {
            a,
            b,
            c,
            error: err_in,
        };
        let got = exec(op, &mut r);
        assert_eq!(
            ([r.a, r.b, r.c], r.error, got),
            (want, err_out, Some(cycles)),
            "row {i}: {op:?} A={a:#x} B={b:#x} C={c:#x}"
        );
    }
}

#[test]
fn mul_checks_overflow_and_wraps() {
    check(&[
        (Op::Mul, [6, 7, 9], false, [42, 9, 9], false, 40),
        (
            Op::Mul,
            [-3i32 as u32, 5, 1],
            false,
            [-15i32 as u32, 1, 1],
            false,
            40,
        ),
        (Op::Mul, [0x1_0000, 0x1_0000, 2], false, [0, 2, 2], true, 40),
        (Op::Mul, [M1, MN, 0], false, [MN, 0, 0], true, 40),
        // Error is sticky: a clean multiply does not clear it.
        (Op::Mul, [2, 3, 0], true, [6, 0, 0], true, 40),
    ]);
}

#[test]
fn div_and_rem_edge_cases() {
    check(&[
        (Op::Div, [2, 7, 9], false, [3, 9, 9], false, 39),
        (
            Op::Div,
            [2, -7i32 as u32, 9],
            false,
            [-3i32 as u32, 9, 9],
            false,
            39,
        ),
        (Op::Div, [M1, 5, 0], false, [-5i32 as u32, 0, 0], false, 39),
        (Op::Div, [0, 5, 9], false, [0, 9, 9], true, 39),
        (Op::Div, [M1, MN, 4], false, [MN, 4, 4], true, 39),
        (Op::Rem, [3, -7i32 as u32, 9], false, [M1, 9, 9], false, 37),
        (Op::Rem, [-3i32 as u32, 7, 9], false, [1, 9, 9], false, 37),
        (Op::Rem, [0, 5, 9], false, [0, 9, 9], true, 37),
        (Op::Rem, [M1, MN, 9], false, [0, 9, 9], false, 37),
    ]);
}

#[test]
fn prod_is_unchecked_and_costs_by_highest_bit() {
    check(&[
        (Op::Prod, [5, 3, 1], false, [15, 1, 1], false, 4 + 2),
        (Op::Prod, [0, 3, 1], false, [0, 1, 1], false, 4),
        (Op::Prod, [1, 3, 1], false, [3, 1, 1], false, 4),
        (
            Op::Prod,
            [0x4000_0000, 4, 1],
            false,
            [0, 1, 1],
            false,
            4 + 30,
        ),
        // Negative multiplier: m+5 with m the highest set bit of NOT A.
        (Op::Prod, [M1, 3, 1], false, [-3i32 as u32, 1, 1], false, 5),
        (
            Op::Prod,
            [0xFFFF_FF00, 2, 1],
            false,
            [0xFFFF_FE00, 1, 1],
            false,
            5 + 7,
        ),
        (Op::Prod, [MN, MN, 1], false, [0, 1, 1], false, 5 + 30),
    ]);
}

#[test]
fn fmul_rounds_to_nearest_even() {
    const HALF: u32 = 0x4000_0000;
    check(&[
        (
            Op::Fmul,
            [HALF, HALF, 7],
            false,
            [0x2000_0000, 7, 7],
            false,
            38,
        ),
        (
            Op::Fmul,
            [MN, HALF, 7],
            false,
            [0xC000_0000, 7, 7],
            false,
            38,
        ),
        // Exactly half an ulp, even below: stays.
        (Op::Fmul, [1, HALF, 7], false, [0, 7, 7], false, 38),
        // Exactly half an ulp, odd below: rounds up to even.
        (Op::Fmul, [3, HALF, 7], false, [2, 7, 7], false, 38),
        (Op::Fmul, [1, HALF + 1, 7], false, [1, 7, 7], false, 38),
        // -2^-31 * 0.5 = -2^-32: a tie between -1 ulp (odd) and 0 (even).
        (Op::Fmul, [M1, HALF, 7], false, [0, 7, 7], false, 38),
        // -1 * -1 = +1 does not fit: Error, result wraps to MostNeg.
        (Op::Fmul, [MN, MN, 7], false, [MN, 7, 7], true, 38),
    ]);
}

#[test]
fn single_shifts_zero_beyond_the_word() {
    check(&[
        (Op::Shl, [4, 1, 9], false, [16, 9, 9], false, 6),
        (Op::Shl, [0, 5, 9], false, [5, 9, 9], false, 2),
        (Op::Shl, [31, 1, 9], false, [MN, 9, 9], false, 33),
        (Op::Shl, [32, 1, 9], false, [0, 9, 9], false, 34),
        (Op::Shl, [M1, 1, 9], false, [0, 9, 9], false, 34),
        (Op::Shr, [4, MN, 9], false, [0x0800_0000, 9, 9], false, 6),
        (Op::Shr, [31, MN, 9], false, [1, 9, 9], false, 33),
        (Op::Shr, [33, M1, 9], false, [0, 9, 9], false, 34),
    ]);
}

#[test]
fn long_add_and_subtract_with_carries() {
    check(&[
        (Op::Ladd, [1, 2, 1], false, [4, 1, 1], false, 2),
        // Only bit 0 of C is the carry.
        (Op::Ladd, [1, 1, 2], false, [2, 2, 2], false, 2),
        (Op::Ladd, [0, 0x7FFF_FFFF, 1], false, [MN, 1, 1], true, 2),
        (Op::Ladd, [M1, MN, 0], false, [0x7FFF_FFFF, 0, 0], true, 2),
        (Op::Lsub, [1, 5, 1], false, [3, 1, 1], false, 2),
        (Op::Lsub, [0, MN, 1], false, [0x7FFF_FFFF, 1, 1], true, 2),
        (Op::Lsub, [M1, 0x7FFF_FFFF, 0], false, [MN, 0, 0], true, 2),
        (Op::Lsum, [M1, 1, 1], false, [1, 1, 1], false, 2),
        (Op::Lsum, [2, 3, 0], false, [5, 0, 0], false, 2),
        (Op::Lsum, [M1, M1, 1], false, [M1, 1, 1], false, 2),
        (Op::Ldiff, [1, 0, 0], false, [M1, 1, 0], false, 2),
        (Op::Ldiff, [1, 5, 1], false, [3, 0, 1], false, 2),
        (Op::Ldiff, [M1, M1, 1], false, [M1, 1, 1], false, 2),
        (Op::Ldiff, [0, 0, 1], false, [M1, 1, 1], false, 2),
    ]);
}

#[test]
fn long_multiply_and_divide() {
    check(&[
        (Op::Lmul, [3, 4, 5], false, [17, 0, 5], false, 33),
        (Op::Lmul, [M1, M1, M1], false, [0, M1, M1], false, 33),
        (Op::Ldiv, [7, 100, 0], false, [14, 2, 0], false, 35),
        (Op::Ldiv, [2, 1, 1], false, [MN, 1, 1], false, 35),
        (
            Op::Ldiv,
            [M1, M1, M1 - 1],
            false,
            [M1, M1 - 1, M1 - 1],
            false,
            35,
        ),
        // C >= A: Error, registers unchanged (also covers a zero divisor).
        (Op::Ldiv, [7, 0, 7], false, [7, 0, 7], true, 35),
        (Op::Ldiv, [0, 5, 0], false, [0, 5, 0], true, 35),
    ]);
}

#[test]
fn long_shifts_cost_per_datasheet() {
    check(&[
        (
            Op::Lshl,
            [4, 0xF000_0001, 0],
            false,
            [0x10, 0xF, 0],
            false,
            7,
        ),
        (Op::Lshl, [0, 5, 6], false, [5, 6, 6], false, 3),
        (Op::Lshl, [32, 9, 0], false, [0, 9, 0], false, 4),
        (Op::Lshl, [36, 1, 0], false, [0, 16, 0], false, 8),
        (Op::Lshl, [63, 1, 0], false, [0, MN, 0], false, 35),
        (Op::Lshl, [64, M1, M1], false, [0, 0, M1], false, 36),
        (Op::Lshl, [1000, M1, M1], false, [0, 0, M1], false, 36),
        (Op::Lshr, [4, 0, 1], false, [0x1000_0000, 0, 1], false, 7),
        (Op::Lshr, [63, 0, MN], false, [1, 0, MN], false, 35),
        (Op::Lshr, [32, 0, 5], false, [5, 0, 5], false, 4),
        (Op::Lshr, [65, M1, M1], false, [0, 0, M1], false, 36),
    ]);
}

#[test]
fn norm_counts_places_and_handles_zero() {
    check(&[
        // (B:A) = 1: 63 places, n−26 cycles.
        (Op::Norm, [1, 0, 7], false, [0, MN, 63], false, 37),
        (Op::Norm, [0, 1, 7], false, [0, MN, 31], false, 36),
        (Op::Norm, [0, 0x4000_0000, 7], false, [0, MN, 1], false, 6),
        (Op::Norm, [0, MN, 7], false, [0, MN, 0], false, 5),
        (
            Op::Norm,
            [0xF, 1, 7],
            false,
            [MN, 0x8000_0007, 31],
            false,
            36,
        ),
        (
            Op::Norm,
            [0xF000_0000, 0x0000_000F, 7],
            false,
            [0, 0xFF00_0000, 28],
            false,
            33,
        ),
        (Op::Norm, [0, 0, 7], false, [0, 0, 64], false, 3),
    ]);
}

#[test]
fn part_word_and_double_conversions() {
    check(&[
        (Op::Xword, [0x80, 0xFF, 3], false, [M1, 3, 3], false, 4),
        (Op::Xword, [0x80, 0x7F, 3], false, [0x7F, 3, 3], false, 4),
        (
            Op::Xword,
            [0x8000, 0x8000, 3],
            false,
            [0xFFFF_8000, 3, 3],
            false,
            4,
        ),
        (Op::Cword, [0x80, 0x7F, 3], false, [0x7F, 3, 3], false, 5),
        (Op::Cword, [0x80, 0x80, 3], false, [0x80, 3, 3], true, 5),
        (
            Op::Cword,
            [0x80, -128i32 as u32, 3],
            false,
            [-128i32 as u32, 3, 3],
            false,
            5,
        ),
        (
            Op::Cword,
            [0x80, -129i32 as u32, 3],
            false,
            [-129i32 as u32, 3, 3],
            true,
            5,
        ),
        (Op::Xdble, [M1, 5, 6], false, [M1, M1, 5], false, 2),
        (Op::Xdble, [7, 5, 6], false, [7, 0, 5], false, 2),
        (Op::Csngl, [5, 0, 6], false, [5, 6, 6], false, 3),
        (Op::Csngl, [M1, M1, 6], false, [M1, 6, 6], false, 3),
        (Op::Csngl, [MN, 0, 6], false, [MN, 6, 6], true, 3),
        (Op::Csngl, [5, M1, 6], false, [5, 6, 6], true, 3),
        (Op::Wcnt, [19, 5, 6], false, [4, 3, 5], false, 5),
        (Op::Wcnt, [M1, 5, 6], false, [M1, 3, 5], false, 5),
    ]);
}

#[test]
fn bit_operations() {
    check(&[
        (Op::Bitcnt, [0xF0F0, 3, 4], false, [11, 4, 4], false, 2 + 15),
        (Op::Bitcnt, [0, 3, 4], false, [3, 4, 4], false, 2),
        (Op::Bitcnt, [M1, 0, 4], false, [32, 4, 4], false, 2 + 31),
        (Op::Bitrevword, [1, 2, 3], false, [MN, 2, 3], false, 36),
        (
            Op::Bitrevword,
            [0x1234_5678, 2, 3],
            false,
            [0x1E6A_2C48, 2, 3],
            false,
            36,
        ),
        (Op::Bitrevnbits, [4, 1, 3], false, [8, 3, 3], false, 8),
        (Op::Bitrevnbits, [0, M1, 3], false, [0, 3, 3], false, 4),
        (
            Op::Bitrevnbits,
            [8, 0x1FE, 3],
            false,
            [0x7F, 3, 3],
            false,
            12,
        ),
        (Op::Bitrevnbits, [32, 1, 3], false, [MN, 3, 3], false, 36),
        (Op::Bitrevnbits, [33, 2, 3], false, [MN, 3, 3], false, 36),
        (Op::Bitrevnbits, [64, M1, 3], false, [0, 3, 3], false, 36),
    ]);
}

/// Reference CRC: the remainder of `value` (a polynomial over GF(2), `bits` long) after
/// division by x^32 + `generator`, by schoolbook long division.
fn poly_mod(value: u64, bits: u32, generator: u32) -> u32 {
    let divisor = 1u64 << 32 | generator as u64;
    let mut rem = value;
    for bit in (32..bits).rev() {
        if rem >> bit & 1 == 1 {
            rem ^= divisor << (bit - 32);
        }
    }
    rem as u32
}

#[test]
fn crc_steps_are_polynomial_remainders() {
    // crcword = (B·x^32 + A) mod (x^32 + C); crcbyte = (B·x^8 + A[31:24]) mod (x^32 + C).
    let cases = [
        (0u32, 0u32, 0x04C1_1DB7u32),
        (0x1234_5678, 0xDEAD_BEEF, 0x04C1_1DB7),
        (M1, M1, 0x1EDC_6F41),
        (MN, 1, 0x8000_0001),
        (0xA5A5_A5A5, 0, 0x0000_1021),
    ];
    for (data, crc, generator) in cases {
        let mut r = Regs {
            a: data,
            b: crc,
            c: generator,
            error: false,
        };
        assert_eq!(exec(Op::Crcword, &mut r), Some(35));
        let want = poly_mod((crc as u64) << 32 | data as u64, 64, generator);
        assert_eq!((r.a, r.b), (want, generator), "crcword {data:#x} {crc:#x}");

        let mut r = Regs {
            a: data,
            b: crc,
            c: generator,
            error: false,
        };
        assert_eq!(exec(Op::Crcbyte, &mut r), Some(11));
        // Reduce B first (it is already < x^32), then append the byte.
        let want = poly_mod((crc as u64) << 8 | (data >> 24) as u64, 40, generator);
        assert_eq!((r.a, r.b), (want, generator), "crcbyte {data:#x} {crc:#x}");
    }
}

#[test]
fn crcbyte_computes_posix_cksum_crc() {
    // CRC-32/POSIX (cksum): poly 04C11DB7, init 0, xorout FFFFFFFF, check 765E7680.
    // The shift-in form yields it after the message plus 32 zero bits.
    let mut r = Regs::default();
    let mut crc = 0;
    for &byte in b"123456789".iter().chain(&[0u8; 4]) {
        r.a = (byte as u32) << 24;
        r.b = crc;
        r.c = 0x04C1_1DB7;
        exec(Op::Crcbyte, &mut r);
        crc = r.a;
    }
    assert_eq!(crc ^ M1, 0x765E_7680);
}

#[test]
fn crcword_equals_four_crcbytes() {
    let (data, generator) = (0x3132_3334u32, 0x04C1_1DB7u32);
    let mut r = Regs {
        a: data,
        b: 0x0BAD_F00D,
        c: generator,
        error: false,
    };
    exec(Op::Crcword, &mut r);
    let word = r.a;
    let mut crc = 0x0BAD_F00D;
    for i in 0..4 {
        let mut r = Regs {
            a: data << (8 * i),
            b: crc,
            c: generator,
            error: false,
        };
        exec(Op::Crcbyte, &mut r);
        crc = r.a;
    }
    assert_eq!(word, crc);
}

#[test]
fn other_operations_are_not_handled_here() {
    for op in [Op::Add, Op::And, Op::Rev, Op::In, Op::Fpadd, Op::Ldpi] {
        let mut r = Regs::default();
        assert_eq!(exec(op, &mut r), None, "{op:?}");
        assert_eq!(r, Regs::default());
    }
}
