//! The T800 square root sequence `fpusqrtfirst; fpusqrtstep; fpusqrtstep;
//! fpusqrtlast`, modelled as a digit-by-digit (restoring) integer square root whose
//! state lives in the FP stack between the steps, so the result is exact and rounded
//! once, in the rounding mode in force at `fpusqrtlast`.
//!
//! Model (the hardware's intermediate values are undocumented):
//! - `fpusqrtfirst` takes the operand x from FA and keeps it in FC; FA holds the root
//!   bits found so far and FB the partial remainder, both as raw REAL64 bit patterns.
//!   The old FB and FC are lost, as on the T800, whose square root uses the whole stack.
//! - The radicand is x's significand scaled to 2P+1 or 2P+2 bits (P = 24 or 53) so the
//!   integer root has P+1 bits: P result bits and a round bit; a non-zero final
//!   remainder is the sticky bit. Each of the three first steps finds a third of them.
//! - `fpusqrtlast` finds any bits still missing (so a shortened sequence is still
//!   correct), rounds, and leaves √x in FA with x's length.
//! - Special operands (NaN, ±0, +∞, negatives) are recognised from FC at each step:
//!   √±0 = ±0, √+∞ = +∞, √negative = the default NaN, a NaN comes back quiet.

use super::value::FpVal;
use rustc_apfloat::ieee::{Double, Single};
use rustc_apfloat::{Float, Round};

/// Field layout of one IEEE format.
#[derive(Clone, Copy)]
struct Format {
    /// Stored fraction bits (the significand has one more).
    frac: u32,
    /// All-ones exponent field.
    exp_max: u64,
    bias: i32,
}

const SINGLE: Format = Format {
    frac: 23,
    exp_max: 0xFF,
    bias: 127,
};
const DOUBLE: Format = Format {
    frac: 52,
    exp_max: 0x7FF,
    bias: 1023,
};

/// What the square root of the operand is.
enum Operand {
    /// A positive finite non-zero number: radicand R and exponent h with
    /// √x = √R · 2^h; `bits` is the root length P+1.
    Normal {
        radicand: u128,
        half_exp: i32,
        bits: u32,
    },
    /// The result needs no arithmetic.
    Special(FpVal),
}

fn classify(x: FpVal) -> Operand {
    let (fmt, bits) = match x {
        FpVal::Single(b) => (SINGLE, b as u64),
        FpVal::Double(b) => (DOUBLE, b),
    };
    let negative = bits >> (fmt.frac + fmt.exp_max.count_ones()) & 1 == 1;
    let exp = bits >> fmt.frac & fmt.exp_max;
    let frac = bits & ((1u64 << fmt.frac) - 1);
    let default_nan = match x {
        FpVal::Single(_) => FpVal::Single(Single::NAN.to_bits() as u32),
        FpVal::Double(_) => FpVal::Double(Double::NAN.to_bits() as u64),
    };
    if exp == fmt.exp_max && frac != 0 {
        let quiet = 1u64 << (fmt.frac - 1);
        return Operand::Special(match x {
            FpVal::Single(b) => FpVal::Single(b | quiet as u32),
            FpVal::Double(b) => FpVal::Double(b | quiet),
        });
    }
    if exp == 0 && frac == 0 {
        return Operand::Special(x);
    }
    if negative {
        return Operand::Special(default_nan);
    }
    if exp == fmt.exp_max {
        return Operand::Special(x);
    }
    let p = fmt.frac + 1;
    let (mut m, mut e) = if exp == 0 {
        (frac, 1 - fmt.bias - fmt.frac as i32)
    } else {
        (
            frac | 1 << fmt.frac,
            exp as i32 - fmt.bias - fmt.frac as i32,
        )
    };
    // Normalise subnormals so the significand has exactly P bits.
    let shift = m.leading_zeros() - (64 - p);
    m <<= shift;
    e -= shift as i32;
    // Scale to 2P+1 or 2P+2 bits, choosing the one that leaves an even exponent.
    let s = if (e - (p as i32 + 1)) % 2 == 0 {
        p + 1
    } else {
        p + 2
    };
    Operand::Normal {
        radicand: (m as u128) << s,
        half_exp: (e - s as i32) / 2,
        bits: p + 1,
    }
}

/// Extends `root`/`rem` by up to `count` root bits of `radicand` (`bits` in all).
fn extract(radicand: u128, bits: u32, mut root: u64, mut rem: u64, count: u32) -> (u64, u64) {
    // The first root bit is always 1, so the root's length is the number of steps done.
    let mut k = 64 - root.leading_zeros();
    let target = bits.min(k.saturating_add(count));
    while k < target {
        let pair = (radicand >> (2 * (bits - 1 - k)) & 3) as u64;
        rem = rem.wrapping_shl(2) | pair;
        let trial = root.wrapping_shl(2) | 1;
        if rem >= trial {
            rem -= trial;
            root = root << 1 | 1;
        } else {
            root <<= 1;
        }
        k += 1;
    }
    (root, rem)
}

/// Root bits found by each of `fpusqrtfirst` and the two `fpusqrtstep`s.
fn chunk(bits: u32) -> u32 {
    bits.div_ceil(3)
}

fn raw(v: FpVal) -> u64 {
    match v {
        FpVal::Single(b) => b as u64,
        FpVal::Double(b) => b,
    }
}

/// `fpusqrtfirst`: FA = x on entry; returns (FA, FB, FC) and whether x is an invalid
/// or non-finite operand (FP error).
pub fn first(x: FpVal) -> ([FpVal; 3], bool) {
    let error = x.not_finite() || (x.to_f64() < 0.0);
    let (root, rem) = match classify(x) {
        Operand::Normal { radicand, bits, .. } => extract(radicand, bits, 0, 0, chunk(bits)),
        Operand::Special(_) => (0, 0),
    };
    ([FpVal::Double(root), FpVal::Double(rem), x], error)
}

/// `fpusqrtstep`: the next third of the root bits.
pub fn step(regs: [FpVal; 3]) -> [FpVal; 3] {
    let [fa, fb, x] = regs;
    match classify(x) {
        Operand::Normal { radicand, bits, .. } => {
            let (root, rem) = extract(radicand, bits, raw(fa), raw(fb), chunk(bits));
            [FpVal::Double(root), FpVal::Double(rem), x]
        }
        Operand::Special(_) => regs,
    }
}

/// `fpusqrtlast`: the rounded root, to go in FA.
pub fn last(regs: [FpVal; 3], round: Round) -> FpVal {
    let [fa, fb, x] = regs;
    match classify(x) {
        Operand::Normal {
            radicand,
            half_exp,
            bits,
        } => {
            let (root, rem) = extract(radicand, bits, raw(fa), raw(fb), bits);
            // Root and sticky bit, one bit below the round bit.
            let scaled = (root as u128) << 1 | (rem != 0) as u128;
            match x {
                FpVal::Single(_) => {
                    let v = Single::from_u128_r(scaled, round).value;
                    FpVal::Single(v.scalbn(half_exp - 1).to_bits() as u32)
                }
                FpVal::Double(_) => {
                    let v = Double::from_u128_r(scaled, round).value;
                    FpVal::Double(v.scalbn(half_exp - 1).to_bits() as u64)
                }
            }
        }
        Operand::Special(v) => v,
    }
}
