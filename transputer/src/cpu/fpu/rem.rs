//! The IEEE remainder as the T800 computes it: `fpremfirst` then a loop of
//! `fpremstep`, each resolving a bounded number of quotient bits.
//!
//! Model (the hardware's internal state is undocumented; this one is exact):
//! with the dividend x in FB and the divisor y in FA, one step reduces x modulo
//! y·2^m with m = (exponent difference) − [`STEP_BITS`] ≥ 1. That reduction is exact
//! and keeps x mod 2y, so the final IEEE remainder (quotient rounded to nearest, ties
//! to even) is unchanged. While a step leaves work, FB holds the partial remainder and
//! FA still the divisor, and the step pushes 0 on the integer stack; the step that
//! finishes leaves the remainder in FA, pops the divisor (FB := FC) and pushes 1.
//!
//! The loop occ21-style code runs is therefore:
//! `fpremfirst; eqc 0; cj done; loop: fpremstep; cj loop; done:`.
//! A REAL32 remainder takes at most 9 steps, a REAL64 one at most 66.

use super::value::{from_double, from_single, single, FpVal};
use rustc_apfloat::{Float, Status, StatusAnd};

/// Quotient bits one step resolves.
pub const STEP_BITS: i32 = 32;

/// One remainder step on dividend `x` and divisor `y`: the new dividend (or the
/// remainder), whether it is the final remainder, and the IEEE exceptions raised.
pub fn step(x: FpVal, y: FpVal) -> (StatusAnd<FpVal>, bool) {
    match (x, y) {
        (FpVal::Single(x), FpVal::Single(y)) => {
            let (r, done) = step_in(single(x), single(y));
            (r.map(from_single), done)
        }
        _ => {
            let (r, done) = step_in(x.to_double(), y.to_double());
            (r.map(from_double), done)
        }
    }
}

fn step_in<F: Float>(x: F, y: F) -> (StatusAnd<F>, bool) {
    if !(x.is_finite_non_zero() && y.is_finite_non_zero()) {
        return (x.ieee_rem(y), true);
    }
    let diff = x.ilogb() - y.ilogb();
    if diff <= STEP_BITS {
        return (x.ieee_rem(y), true);
    }
    // |y·2^m| < 2^(ilogb x + 1 − STEP_BITS) ≤ |x|: no overflow, and the exponent
    // difference drops by at least STEP_BITS.
    let modulus = y.abs().scalbn(diff - STEP_BITS);
    let reduced = x.c_fmod(modulus).value;
    (Status::OK.and(reduced), false)
}
