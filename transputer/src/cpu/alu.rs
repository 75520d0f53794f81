//! The integer operations that are more than one-liners: checked multiply and divide,
//! fractional multiply, shifts, long (double-word) arithmetic, normalisation, part-word
//! conversions, CRC and bit operations.
//!
//! The interpreter handles the one-cycle operations inline and calls [`exec`] for the
//! rest; `exec` updates A/B/C and Error and returns the cycles the datasheet formula
//! gives for these operands (t800.md §2.1–2.3, §2.10). Cycle figures come from the
//! instruction table (`Op::X.info().base`); only the operand-dependent part is computed
//! here.
//!
//! Stack rules: an operation consuming A and B and producing one result pops once
//! (A := result, B := C). One consuming A, B and C and producing one result (`ladd`,
//! `lsub`, `crcword`, `crcbyte`) also sets A := result, B := C and leaves C as it was
//! (the hardware leaves B and C undefined). Results always wrap modulo 2^32; only the
//! Error flag records overflow.
//!
//! Decisions where the reference is unsure (pinned by the tests in `alu/tests.rs`):
//! - `b` in `b+4` (`prod`) and `b+2` (`bitcnt`) is the bit number (0-based) of the
//!   highest set bit of A, 0 when A = 0. For a negative `prod` multiplier the T800
//!   costs `m+5`, m being the bit number of the highest set bit of NOT A (the
//!   microcode works on the magnitude of a negative multiplier).
//! - `shl`, `shr` and `bitrevnbits` charge `n` capped at 32, and `lshl`, `lshr` cap `n`
//!   at 64: beyond those the result no longer changes, and charging billions of cycles
//!   for a non-interruptible instruction would only freeze the simulated clock.
//! - `div`/`rem` by zero set Error and leave A as it was (B := C still happens);
//!   MostNeg / −1 sets Error and yields MostNeg (wrapped); MostNeg rem −1 is 0 with no
//!   error (the datasheet flags only a zero divisor for `rem`).
//! - `fmul` rounds the 2.62 product to 1.31 to nearest, ties to even.
//! - `ldiv` with C ≥ A sets Error and leaves A, B and C unchanged.
//! - For `n ≥ 32`, `lshl`/`lshr` cost `n−28` and `norm` `n−26`; both are
//!   `base + 1 + (n − 32)`: the microcode moves a whole word in one cycle, then shifts.

use super::regs::Regs;
use t800_isa::Op;

#[cfg(test)]
mod tests;

const MOST_NEG: u32 = 0x8000_0000;

/// Executes `op` if it is one of the operations this module owns, returning the cycles
/// spent; `None` when the interpreter handles `op` elsewhere.
pub fn exec(op: Op, r: &mut Regs) -> Option<u32> {
    let base = op.info().base;
    let cycles = match op {
        Op::Mul => {
            let (v, overflow) = (r.b as i32).overflowing_mul(r.a as i32);
            r.error |= overflow;
            binary(r, v as u32);
            base
        }
        Op::Div => {
            let (a, b) = (r.a as i32, r.b as i32);
            if a == 0 {
                r.error = true;
                r.b = r.c;
            } else {
                let (v, overflow) = b.overflowing_div(a);
                r.error |= overflow;
                binary(r, v as u32);
            }
            base
        }
        Op::Rem => {
            let (a, b) = (r.a as i32, r.b as i32);
            if a == 0 {
                r.error = true;
                r.b = r.c;
            } else {
                binary(r, b.wrapping_rem(a) as u32);
            }
            base
        }
        Op::Prod => {
            let cycles = prod_cycles(base, r.a);
            binary(r, r.b.wrapping_mul(r.a));
            cycles
        }
        Op::Fmul => {
            let (v, overflow) = fmul(r.a, r.b);
            r.error |= overflow;
            binary(r, v);
            base
        }
        Op::Shl | Op::Shr => {
            let n = r.a;
            let v = match (op, n < 32) {
                (_, false) => 0,
                (Op::Shl, true) => r.b << n,
                _ => r.b >> n,
            };
            binary(r, v);
            base + n.min(32)
        }
        Op::Ladd | Op::Lsub => {
            let carry = (r.c & 1) as i64;
            let (b, a) = (r.b as i32 as i64, r.a as i32 as i64);
            let v = if op == Op::Ladd {
                b + a + carry
            } else {
                b - a - carry
            };
            r.error |= v != v as i32 as i64;
            r.a = v as u32;
            r.b = r.c;
            base
        }
        Op::Lsum => {
            let v = r.b as u64 + r.a as u64 + (r.c & 1) as u64;
            r.a = v as u32;
            r.b = (v >> 32) as u32;
            base
        }
        Op::Ldiff => {
            let v = (r.b as u64)
                .wrapping_sub(r.a as u64)
                .wrapping_sub((r.c & 1) as u64);
            r.a = v as u32;
            r.b = (v >> 63) as u32;
            base
        }
        Op::Lmul => {
            let v = r.b as u64 * r.a as u64 + r.c as u64;
            r.a = v as u32;
            r.b = (v >> 32) as u32;
            base
        }
        Op::Ldiv => {
            if r.c >= r.a {
                r.error = true;
            } else {
                let dividend = (r.c as u64) << 32 | r.b as u64;
                let divisor = r.a as u64;
                r.a = (dividend / divisor) as u32;
                r.b = (dividend % divisor) as u32;
            }
            base
        }
        Op::Lshl | Op::Lshr => {
            let n = r.a;
            let v = (r.c as u64) << 32 | r.b as u64;
            let v = match (op, n < 64) {
                (_, false) => 0,
                (Op::Lshl, true) => v << n,
                _ => v >> n,
            };
            r.a = v as u32;
            r.b = (v >> 32) as u32;
            long_shift_cycles(base, n.min(64))
        }
        Op::Norm => {
            let v = (r.b as u64) << 32 | r.a as u64;
            if v == 0 {
                r.c = 64;
                // Datasheet: 3 cycles when there is nothing to normalise.
                base - 2
            } else {
                let n = v.leading_zeros();
                let v = v << n;
                r.a = v as u32;
                r.b = (v >> 32) as u32;
                r.c = n;
                long_shift_cycles(base, n)
            }
        }
        Op::Xword => {
            let v = if r.b & r.a != 0 {
                r.b.wrapping_sub(r.a << 1)
            } else {
                r.b
            };
            binary(r, v);
            base
        }
        Op::Cword => {
            let (a, b) = (r.a as i32, r.b as i32);
            r.error |= b >= a || b < a.wrapping_neg();
            binary(r, r.b);
            base
        }
        Op::Xdble => {
            r.c = r.b;
            r.b = ((r.a as i32) >> 31) as u32;
            base
        }
        Op::Csngl => {
            let sign = ((r.a as i32) >> 31) as u32;
            r.error |= r.b != sign;
            r.b = r.c;
            base
        }
        Op::Wcnt => {
            let v = r.a;
            r.c = r.b;
            r.b = v & 3;
            r.a = ((v as i32) >> 2) as u32;
            base
        }
        Op::Crcword | Op::Crcbyte => {
            let steps = if op == Op::Crcword { 32 } else { 8 };
            r.a = crc_steps(r.b, r.a, r.c, steps);
            r.b = r.c;
            base
        }
        Op::Bitcnt => {
            let cycles = base + high_bit(r.a);
            binary(r, r.a.count_ones().wrapping_add(r.b));
            cycles
        }
        Op::Bitrevword => {
            r.a = r.a.reverse_bits();
            base
        }
        Op::Bitrevnbits => {
            let n = r.a;
            let rev = r.b.reverse_bits();
            let v = match n {
                0 => 0,
                1..=32 => rev >> (32 - n),
                33..=63 => ((rev as u64) << (n - 32)) as u32,
                _ => 0,
            };
            binary(r, v);
            base + n.min(32)
        }
        _ => return None,
    };
    Some(cycles)
}

/// Two operands in, one result out: A := v; B := C.
#[inline(always)]
fn binary(r: &mut Regs, v: u32) {
    r.a = v;
    r.b = r.c;
}

/// Bit number of the highest set bit, 0 for 0.
#[inline]
fn high_bit(x: u32) -> u32 {
    31u32.saturating_sub(x.leading_zeros())
}

/// `b+4` for a non-negative multiplier, `m+5` for a negative one (see module doc).
#[inline]
fn prod_cycles(base: u32, a: u32) -> u32 {
    if (a as i32) < 0 {
        base + 1 + high_bit(!a)
    } else {
        base + high_bit(a)
    }
}

/// `n + base` below a word, `base + 1 + (n − 32)` from a word up.
#[inline]
fn long_shift_cycles(base: u32, n: u32) -> u32 {
    if n < 32 {
        base + n
    } else {
        base + 1 + (n - 32)
    }
}

/// 1.31 × 1.31 fractional multiply rounded to nearest (ties to even); the flag is true
/// when the result does not fit (only −1 × −1).
#[inline]
fn fmul(a: u32, b: u32) -> (u32, bool) {
    let p = (a as i32 as i64) * (b as i32 as i64);
    let mut q = p >> 31;
    let frac = p & 0x7FFF_FFFF;
    let half = 1i64 << 30;
    if frac > half || (frac == half && q & 1 == 1) {
        q += 1;
    }
    (q as u32, q > i32::MAX as i64)
}

/// `steps` CRC steps: the data bits enter the CRC register from the top of `data`, and
/// the generator is XORed in whenever a 1 is shifted out of the register (the occam
/// `CRCWORD`/`CRCBYTE` definition: `CRCOut, data := SHIFTLEFT(CRCOut, data, 1)`).
#[inline]
fn crc_steps(mut crc: u32, mut data: u32, generator: u32, steps: u32) -> u32 {
    for _ in 0..steps {
        let out = crc & MOST_NEG != 0;
        crc = crc << 1 | data >> 31;
        data <<= 1;
        if out {
            crc ^= generator;
        }
    }
    crc
}
