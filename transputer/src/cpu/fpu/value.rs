//! One FPU stack register and the exact IEEE arithmetic on it.
//!
//! The T800 FP stack holds REAL32 and REAL64 values side by side, so a register is a
//! length-tagged bit pattern. Arithmetic goes through `rustc_apfloat`, which rounds in
//! every IEEE direction and reports the exceptions the FP error flag is built from;
//! comparisons go through host floats, which compare exactly. Round-to-nearest
//! arithmetic on finite operands (the common case) takes a host-float fast path that
//! a test checks bit for bit against apfloat.

use rustc_apfloat::ieee::{Double, Single};
use rustc_apfloat::{Float, FloatConvert, Round, Status, StatusAnd};

/// An FP register: a REAL32 or REAL64 bit pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpVal {
    /// IEEE single (REAL32) bits.
    Single(u32),
    /// IEEE double (REAL64) bits.
    Double(u64),
}

impl Default for FpVal {
    fn default() -> Self {
        FpVal::Single(0)
    }
}

/// The four binary operations the FPU rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// Exceptions that set the FP error flag (underflow and inexact do not).
pub const ERROR_STATUS: Status = Status::INVALID_OP
    .union(Status::DIV_BY_ZERO)
    .union(Status::OVERFLOW);

impl FpVal {
    /// True for a REAL64.
    #[inline]
    pub fn is_double(self) -> bool {
        matches!(self, FpVal::Double(_))
    }

    /// The value as a host double (exact: every REAL32 is a REAL64).
    #[inline]
    pub fn to_f64(self) -> f64 {
        match self {
            FpVal::Single(b) => f32::from_bits(b) as f64,
            FpVal::Double(b) => f64::from_bits(b),
        }
    }

    /// NaN test.
    #[inline]
    pub fn is_nan(self) -> bool {
        self.to_f64().is_nan()
    }

    /// Infinity or NaN.
    #[inline]
    pub fn not_finite(self) -> bool {
        !self.to_f64().is_finite()
    }

    /// Clears the sign bit.
    #[inline]
    pub fn abs(self) -> FpVal {
        match self {
            FpVal::Single(b) => FpVal::Single(b & !(1 << 31)),
            FpVal::Double(b) => FpVal::Double(b & !(1 << 63)),
        }
    }

    /// Positive zero of the same length.
    #[inline]
    pub fn zero_like(self) -> FpVal {
        match self {
            FpVal::Single(_) => FpVal::Single(0),
            FpVal::Double(_) => FpVal::Double(0),
        }
    }

    /// The value widened to REAL64 (exact; a NaN stays a NaN).
    #[inline]
    pub fn to_double(self) -> Double {
        match self {
            FpVal::Single(b) => widen(single(b)),
            FpVal::Double(b) => double(b),
        }
    }

    /// The value as REAL64 bits (exact).
    #[inline]
    pub fn double_bits(self) -> u64 {
        match self {
            FpVal::Single(_) => self.to_double().to_bits() as u64,
            FpVal::Double(b) => b,
        }
    }

    /// The value converted to REAL32 bits, rounding as asked.
    pub fn to_single(self, round: Round) -> StatusAnd<u32> {
        match self {
            FpVal::Single(b) => Status::OK.and(b),
            FpVal::Double(b) => {
                let r: StatusAnd<Single> = double(b).convert_r(round, &mut false);
                r.map(|v| v.to_bits() as u32)
            }
        }
    }

    /// `self op rhs`, rounded. Two REAL32s give a REAL32; if either is a REAL64 both are
    /// widened (exactly) and the result is a REAL64. The status is exact for the
    /// [`ERROR_STATUS`] exceptions; underflow and inexact may be missing.
    #[inline]
    pub fn arith(self, op: Arith, rhs: FpVal, round: Round) -> StatusAnd<FpVal> {
        if round == Round::NearestTiesToEven {
            if let Some(r) = self.host_arith(op, rhs) {
                return r;
            }
        }
        self.soft_arith(op, rhs, round)
    }

    /// Fast path: host IEEE arithmetic rounds to nearest exactly like apfloat. Taken
    /// only for finite operands and a non-NaN result, so NaN encodings stay apfloat's;
    /// then the result is infinite exactly when the operation overflowed or divided
    /// by zero.
    #[inline]
    fn host_arith(self, op: Arith, rhs: FpVal) -> Option<StatusAnd<FpVal>> {
        fn run<T: HostFloat>(op: Arith, x: T, y: T) -> Option<StatusAnd<T>> {
            if !(x.finite() && y.finite()) {
                return None;
            }
            let r = match op {
                Arith::Add => x + y,
                Arith::Sub => x - y,
                Arith::Mul => x * y,
                Arith::Div => x / y,
            };
            let status = match (r.finite(), op) {
                (true, _) => Status::OK,
                (false, _) if r.nan() => return None,
                (false, Arith::Div) if y.zero() => Status::DIV_BY_ZERO,
                (false, _) => Status::OVERFLOW.union(Status::INEXACT),
            };
            Some(status.and(r))
        }
        match (self, rhs) {
            (FpVal::Single(x), FpVal::Single(y)) => run(op, f32::from_bits(x), f32::from_bits(y))
                .map(|r| r.map(|v| FpVal::Single(v.to_bits()))),
            _ => {
                run(op, self.to_f64(), rhs.to_f64()).map(|r| r.map(|v| FpVal::Double(v.to_bits())))
            }
        }
    }

    /// The same operation in software, in any rounding mode.
    fn soft_arith(self, op: Arith, rhs: FpVal, round: Round) -> StatusAnd<FpVal> {
        match (self, rhs) {
            (FpVal::Single(x), FpVal::Single(y)) => {
                arith(op, single(x), single(y), round).map(from_single)
            }
            _ => arith(op, self.to_double(), rhs.to_double(), round).map(from_double),
        }
    }

    /// The value multiplied by 2^`exp`, rounded (only subnormal results round).
    pub fn scale(self, exp: i32, round: Round) -> StatusAnd<FpVal> {
        match self {
            FpVal::Single(b) => {
                let factor = Single::from_u128(1).value.scalbn(exp);
                single(b).mul_r(factor, round).map(from_single)
            }
            FpVal::Double(b) => {
                let factor = Double::from_u128(1).value.scalbn(exp);
                double(b).mul_r(factor, round).map(from_double)
            }
        }
    }

    /// Rounds to an integral value of the same length.
    pub fn round_to_integral(self, round: Round) -> StatusAnd<FpVal> {
        match self {
            FpVal::Single(b) => single(b).round_to_integral(round).map(from_single),
            FpVal::Double(b) => double(b).round_to_integral(round).map(from_double),
        }
    }

    /// The value rounded to a 32-bit integer, saturating out of range; NaN gives 0.
    pub fn to_i32(self, round: Round) -> i32 {
        let r = match self {
            FpVal::Single(b) => single(b).to_i128_r(32, round, &mut false),
            FpVal::Double(b) => double(b).to_i128_r(32, round, &mut false),
        };
        r.value as i32
    }

    /// An integer as a REAL32, rounded.
    pub fn single_from_int(v: i64, round: Round) -> FpVal {
        from_single(Single::from_i128_r(v as i128, round).value)
    }

    /// An integer as a REAL64 (exact for every 32-bit integer).
    pub fn double_from_int(v: i64, round: Round) -> FpVal {
        from_double(Double::from_i128_r(v as i128, round).value)
    }
}

/// The host float operations the fast path needs.
trait HostFloat:
    Copy
    + core::ops::Add<Output = Self>
    + core::ops::Sub<Output = Self>
    + core::ops::Mul<Output = Self>
    + core::ops::Div<Output = Self>
{
    fn finite(self) -> bool;
    fn nan(self) -> bool;
    fn zero(self) -> bool;
}

macro_rules! host_float {
    ($t:ty) => {
        impl HostFloat for $t {
            #[inline]
            fn finite(self) -> bool {
                self.is_finite()
            }
            #[inline]
            fn nan(self) -> bool {
                self.is_nan()
            }
            #[inline]
            fn zero(self) -> bool {
                self == 0.0
            }
        }
    };
}
host_float!(f32);
host_float!(f64);

#[inline]
pub fn single(b: u32) -> Single {
    Single::from_bits(b as u128)
}

#[inline]
pub fn double(b: u64) -> Double {
    Double::from_bits(b as u128)
}

#[inline]
pub fn from_single(v: Single) -> FpVal {
    FpVal::Single(v.to_bits() as u32)
}

#[inline]
pub fn from_double(v: Double) -> FpVal {
    FpVal::Double(v.to_bits() as u64)
}

/// REAL32 → REAL64, exact; a signalling NaN comes out quiet.
#[inline]
fn widen(v: Single) -> Double {
    let r: StatusAnd<Double> = v.convert(&mut false);
    r.value
}

fn arith<F: Float>(op: Arith, x: F, y: F, round: Round) -> StatusAnd<F> {
    match op {
        Arith::Add => x.add_r(y, round),
        Arith::Sub => x.sub_r(y, round),
        Arith::Mul => x.mul_r(y, round),
        Arith::Div => x.div_r(y, round),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit patterns biased towards the interesting corners: zeros, subnormals, values
    /// near overflow, plus a spread of ordinary numbers.
    fn patterns(bits: u32) -> Vec<u64> {
        let mut v: Vec<u64> = vec![0, 1, 2, 3];
        let top = |e: u64| e << (bits - if bits == 32 { 9 } else { 12 });
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..120 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push(x >> (64 - bits));
        }
        let max_exp = if bits == 32 { 0xFE } else { 0x7FE };
        for e in [0, 1, 2, max_exp, max_exp - 1] {
            v.push(top(e) | 0x5);
            v.push(top(e) | (1u64 << (bits - if bits == 32 { 10 } else { 13 })));
        }
        let mut with_signs = v.clone();
        with_signs.extend(v.iter().map(|b| b | 1u64 << (bits - 1)));
        with_signs
    }

    #[test]
    fn host_fast_path_agrees_with_apfloat() {
        let ops = [Arith::Add, Arith::Sub, Arith::Mul, Arith::Div];
        for (bits, mk) in [
            (32, (|b: u64| FpVal::Single(b as u32)) as fn(u64) -> FpVal),
            (64, |b: u64| FpVal::Double(b)),
        ] {
            let pats = patterns(bits);
            for &x in &pats {
                for &y in pats.iter().step_by(3) {
                    for op in ops {
                        let (x, y) = (mk(x), mk(y));
                        let fast = x.arith(op, y, Round::NearestTiesToEven);
                        let soft = x.soft_arith(op, y, Round::NearestTiesToEven);
                        assert_eq!(fast.value, soft.value, "{x:?} {op:?} {y:?}");
                        assert_eq!(
                            fast.status.intersects(ERROR_STATUS),
                            soft.status.intersects(ERROR_STATUS),
                            "{x:?} {op:?} {y:?}"
                        );
                    }
                }
            }
        }
    }
}
