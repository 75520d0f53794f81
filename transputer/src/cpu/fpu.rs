//! The T800 floating-point unit: the FA/FB/FC stack of REAL32/REAL64 values, the FP
//! error flag and the rounding mode, and every FPU `opr` operation and `fpentry`
//! selector (t800.md §2.11).
//!
//! The interpreter calls [`Fpu::exec`] for every operation [`is_fpu_op`] accepts; it
//! returns the cycles spent. Arithmetic is exact IEEE 754 through `rustc_apfloat`, in
//! the rounding mode selected by `fpurn`/`fpurp`/`fpurm`/`fpurz`; the mode reverts to
//! round-to-nearest after every other FPU operation. The FP error flag is set by the
//! operations the table marks F when an operand is infinite or NaN, or the operation
//! is invalid, divides by zero or overflows (underflow and inexact are not recorded).
//!
//! Cycles: the table's `base` is charged for a REAL32 operand and `base_double` for a
//! REAL64 one (the operand being FA on entry; see the decision note in
//! `isa/src/table.rs`). A selector's figure is the whole cost of its `fpentry`.
//!
//! Decisions where the T800 is undocumented (each pinned by a test in `fpu/tests.rs`):
//! - Operands of different lengths are both widened to REAL64 (exactly) and the result
//!   is a REAL64; stores convert FA to the stored length in the current mode.
//! - `fpordered`, `fpnan` and `fpnotfinite` push their answer and leave the FP stack
//!   alone; `fpgt` and `fpeq` pop both operands (FA := FC).
//! - `fpstnli32` rounds FA in the current mode and saturates to INT32 (NaN stores 0).
//! - NaNs produced by invalid operations are the default quiet NaN; NaN operands
//!   propagate quietened.
//! - `fpentry` with an undefined selector does nothing but cost the `fpentry` cycle.
//! - Square root: see [`sqrt`]; remainder and its loop protocol: see [`rem`].

use super::regs::{Regs, WordMemory};
use rustc_apfloat::Round;
use t800_isa::{Flags, FpuOp, Op};

mod rem;
mod sqrt;
#[cfg(test)]
mod tests;
mod value;

pub use value::FpVal;
use value::{Arith, ERROR_STATUS};

/// The FPU rounding mode for the next operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rounding {
    /// Round to nearest, ties to even (the mode every operation reverts to).
    #[default]
    Nearest,
    /// Round towards +infinity.
    Plus,
    /// Round towards −infinity.
    Minus,
    /// Round towards zero.
    Zero,
}

impl Rounding {
    #[inline]
    fn apfloat(self) -> Round {
        match self {
            Rounding::Nearest => Round::NearestTiesToEven,
            Rounding::Plus => Round::TowardPositive,
            Rounding::Minus => Round::TowardNegative,
            Rounding::Zero => Round::TowardZero,
        }
    }
}

/// FPU state: the three-deep FP stack, the FP error flag and the rounding mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fpu {
    /// Top of the FP stack.
    pub fa: FpVal,
    /// Second FP register.
    pub fb: FpVal,
    /// Third FP register.
    pub fc: FpVal,
    /// The FP error flag.
    pub error: bool,
    /// Rounding mode for the next operation.
    pub rounding: Rounding,
}

/// True for the operations [`Fpu::exec`] executes.
#[inline]
pub fn is_fpu_op(op: Op) -> bool {
    matches!(
        op,
        Op::Fpentry
            | Op::Fpdup
            | Op::Fprev
            | Op::Fpadd
            | Op::Fpsub
            | Op::Fpmul
            | Op::Fpdiv
            | Op::Fpremfirst
            | Op::Fpremstep
            | Op::Fpgt
            | Op::Fpeq
            | Op::Fpordered
            | Op::Fpnan
            | Op::Fpnotfinite
            | Op::Fpi32tor32
            | Op::Fpi32tor64
            | Op::Fpb32tor64
            | Op::Fpldnlsn
            | Op::Fpldnldb
            | Op::Fpldnlsni
            | Op::Fpldnldbi
            | Op::Fpldzerosn
            | Op::Fpldzerodb
            | Op::Fpldnladdsn
            | Op::Fpldnladddb
            | Op::Fpldnlmulsn
            | Op::Fpldnlmuldb
            | Op::Fpstnlsn
            | Op::Fpstnldb
            | Op::Fpstnli32
            | Op::Fpchkerr
            | Op::Fptesterr
            | Op::Fprtoi32
            | Op::Fpint
    )
}

/// Result of one FP operation before the flag and mode bookkeeping.
struct Outcome {
    /// An operand was infinite/NaN or IEEE raised invalid, divide-by-zero or overflow.
    error: bool,
    /// The figure is charged at double length.
    double: bool,
}

impl Fpu {
    /// Executes the FPU operation `op` (integer stack in `r`, memory in `mem`) and
    /// returns the cycles spent. A memory error aborts the operation with the FP and
    /// integer stacks unchanged, except a `fpstnldb` whose second word faults. An
    /// operation that is not an FPU one does nothing and costs nothing.
    pub fn exec<M: WordMemory>(
        &mut self,
        op: Op,
        r: &mut Regs,
        mem: &mut M,
    ) -> Result<u32, M::Error> {
        if op == Op::Fpentry {
            let selector = r.pop();
            return Ok(match FpuOp::from_code(selector) {
                Some(sel) => self.entry(sel),
                None => {
                    self.rounding = Rounding::Nearest;
                    op.info().base
                }
            });
        }
        if !is_fpu_op(op) {
            return Ok(0);
        }
        let out = self.operation(op, r, mem)?;
        let info = op.info();
        self.error |= out.error && info.flags.contains(Flags::FP_ERROR);
        self.rounding = Rounding::Nearest;
        Ok(if out.double {
            info.base_double
        } else {
            info.base
        })
    }

    #[inline]
    fn push(&mut self, v: FpVal) {
        self.fc = self.fb;
        self.fb = self.fa;
        self.fa = v;
    }

    #[inline]
    fn pop(&mut self) -> FpVal {
        let v = self.fa;
        self.fa = self.fb;
        self.fb = self.fc;
        v
    }

    /// FA := FB `op` FA; pops FB. Returns the error condition.
    fn binary(&mut self, op: Arith, round: Round) -> bool {
        let (x, y) = (self.fb, self.fa);
        let res = x.arith(op, y, round);
        self.fb = self.fc;
        self.fa = res.value;
        x.not_finite() || y.not_finite() || res.status.intersects(ERROR_STATUS)
    }

    /// FA := FA `op` `y` (the load-and-operate forms).
    fn with_loaded(&mut self, op: Arith, y: FpVal, round: Round) -> bool {
        let x = self.fa;
        let res = x.arith(op, y, round);
        self.fa = res.value;
        x.not_finite() || y.not_finite() || res.status.intersects(ERROR_STATUS)
    }

    fn operation<M: WordMemory>(
        &mut self,
        op: Op,
        r: &mut Regs,
        mem: &mut M,
    ) -> Result<Outcome, M::Error> {
        let round = self.rounding.apfloat();
        let double = self.fa.is_double();
        let mut error = false;
        match op {
            Op::Fpldnlsn => {
                let v = mem.read_word(r.a)?;
                r.pop();
                self.push(FpVal::Single(v));
            }
            Op::Fpldnldb => {
                let v = read_double(mem, r.a)?;
                r.pop();
                self.push(FpVal::Double(v));
            }
            Op::Fpldnlsni => {
                let v = mem.read_word(r.a.wrapping_add(r.b.wrapping_mul(4)))?;
                r.pop();
                r.pop();
                self.push(FpVal::Single(v));
            }
            Op::Fpldnldbi => {
                let v = read_double(mem, r.a.wrapping_add(r.b.wrapping_mul(8)))?;
                r.pop();
                r.pop();
                self.push(FpVal::Double(v));
            }
            Op::Fpldzerosn => self.push(FpVal::Single(0)),
            Op::Fpldzerodb => self.push(FpVal::Double(0)),
            Op::Fpldnladdsn | Op::Fpldnlmulsn => {
                let y = FpVal::Single(mem.read_word(r.a)?);
                r.pop();
                let arith = if op == Op::Fpldnladdsn {
                    Arith::Add
                } else {
                    Arith::Mul
                };
                error = self.with_loaded(arith, y, round);
            }
            Op::Fpldnladddb | Op::Fpldnlmuldb => {
                let y = FpVal::Double(read_double(mem, r.a)?);
                r.pop();
                let arith = if op == Op::Fpldnladddb {
                    Arith::Add
                } else {
                    Arith::Mul
                };
                error = self.with_loaded(arith, y, round);
            }
            Op::Fpstnlsn => {
                mem.write_word(r.a, self.fa.to_single(round).value)?;
                r.pop();
                self.pop();
            }
            Op::Fpstnldb => {
                let v = self.fa.double_bits();
                mem.write_word(r.a, v as u32)?;
                mem.write_word(r.a.wrapping_add(4), (v >> 32) as u32)?;
                r.pop();
                self.pop();
            }
            Op::Fpstnli32 => {
                mem.write_word(r.a, self.fa.to_i32(round) as u32)?;
                r.pop();
                self.pop();
            }
            Op::Fpi32tor32 | Op::Fpi32tor64 | Op::Fpb32tor64 => {
                let v = mem.read_word(r.a)?;
                r.pop();
                self.push(match op {
                    Op::Fpi32tor32 => FpVal::single_from_int(v as i32 as i64, round),
                    Op::Fpi32tor64 => FpVal::double_from_int(v as i32 as i64, round),
                    _ => FpVal::double_from_int(v as i64, round),
                });
            }
            Op::Fpadd => error = self.binary(Arith::Add, round),
            Op::Fpsub => error = self.binary(Arith::Sub, round),
            Op::Fpmul => error = self.binary(Arith::Mul, round),
            Op::Fpdiv => error = self.binary(Arith::Div, round),
            Op::Fpremfirst | Op::Fpremstep => {
                let (x, y) = (self.fb, self.fa);
                let (res, done) = rem::step(x, y);
                error = x.not_finite() || y.not_finite() || res.status.intersects(ERROR_STATUS);
                if done {
                    self.fa = res.value;
                    self.fb = self.fc;
                } else {
                    self.fb = res.value;
                }
                r.push(done as u32);
            }
            Op::Fpgt | Op::Fpeq => {
                let (x, y) = (self.fb.to_f64(), self.fa.to_f64());
                error = !x.is_finite() || !y.is_finite();
                r.push(if op == Op::Fpgt { x > y } else { x == y } as u32);
                self.fa = self.fc;
                self.fb = self.fc;
            }
            Op::Fpordered => r.push(!(self.fa.is_nan() || self.fb.is_nan()) as u32),
            Op::Fpnan => r.push(self.fa.is_nan() as u32),
            Op::Fpnotfinite => r.push(self.fa.not_finite() as u32),
            Op::Fprtoi32 => {
                let v = self.fa.round_to_integral(round).value;
                let f = v.to_f64();
                error = !f.is_finite() || !(-2_147_483_648.0..=2_147_483_647.0).contains(&f);
                self.fa = v;
            }
            Op::Fpint => {
                error = self.fa.not_finite();
                self.fa = self.fa.round_to_integral(round).value;
            }
            Op::Fpdup => self.push(self.fa),
            Op::Fprev => core::mem::swap(&mut self.fa, &mut self.fb),
            Op::Fpchkerr => r.error |= self.error,
            Op::Fptesterr => {
                r.push(!self.error as u32);
                self.error = false;
            }
            // `fpentry` is dispatched in `exec`; anything else is not an FPU operation.
            _ => {}
        }
        Ok(Outcome { error, double })
    }

    /// Executes an `fpentry` selector; returns the cycles.
    fn entry(&mut self, sel: FpuOp) -> u32 {
        let round = self.rounding.apfloat();
        let mut double = self.fa.is_double();
        let mut error = false;
        let mut keep_mode = false;
        match sel {
            FpuOp::Fpusqrtfirst => {
                let ([fa, fb, fc], e) = sqrt::first(self.fa);
                (self.fa, self.fb, self.fc, error) = (fa, fb, fc, e);
            }
            FpuOp::Fpusqrtstep => {
                double = self.fc.is_double();
                [self.fa, self.fb, self.fc] = sqrt::step([self.fa, self.fb, self.fc]);
            }
            FpuOp::Fpusqrtlast => {
                double = self.fc.is_double();
                self.fa = sqrt::last([self.fa, self.fb, self.fc], round);
            }
            FpuOp::Fpurp | FpuOp::Fpurm | FpuOp::Fpurz | FpuOp::Fpurn => {
                self.rounding = match sel {
                    FpuOp::Fpurp => Rounding::Plus,
                    FpuOp::Fpurm => Rounding::Minus,
                    FpuOp::Fpurz => Rounding::Zero,
                    _ => Rounding::Nearest,
                };
                keep_mode = true;
            }
            FpuOp::Fpur32tor64 => {
                error = self.fa.not_finite();
                self.fa = FpVal::Double(self.fa.double_bits());
            }
            FpuOp::Fpur64tor32 => {
                let res = self.fa.to_single(round);
                error = self.fa.not_finite() || res.status.intersects(ERROR_STATUS);
                self.fa = FpVal::Single(res.value);
            }
            FpuOp::Fpunoround => {
                self.fa = FpVal::Single(self.fa.to_single(Round::TowardZero).value);
            }
            FpuOp::Fpuexpdec32 | FpuOp::Fpuexpinc32 | FpuOp::Fpudivby2 | FpuOp::Fpumulby2 => {
                let exp = match sel {
                    FpuOp::Fpuexpdec32 => -32,
                    FpuOp::Fpuexpinc32 => 32,
                    FpuOp::Fpudivby2 => -1,
                    _ => 1,
                };
                let res = self.fa.scale(exp, round);
                error = self.fa.not_finite() || res.status.intersects(ERROR_STATUS);
                self.fa = res.value;
            }
            FpuOp::Fpuabs => {
                error = self.fa.not_finite();
                self.fa = self.fa.abs();
            }
            FpuOp::Fpuchki32 => {
                let f = self.fa.to_f64();
                error = !f.is_finite() || !(-2_147_483_648.0..=2_147_483_647.0).contains(&f);
            }
            FpuOp::Fpuchki64 => {
                let f = self.fa.to_f64();
                let limit = 9_223_372_036_854_775_808.0; // 2^63
                error = !f.is_finite() || !(-limit..limit).contains(&f);
            }
            FpuOp::Fpuseterr => error = true,
            FpuOp::Fpuclrerr => self.error = false,
        }
        let info = sel.info();
        self.error |= error && info.flags.contains(Flags::FP_ERROR);
        if !keep_mode {
            self.rounding = Rounding::Nearest;
        }
        if double {
            info.base_double
        } else {
            info.base
        }
    }
}

/// Reads a little-endian REAL64 (low word first).
#[inline]
fn read_double<M: WordMemory>(mem: &mut M, addr: u32) -> Result<u64, M::Error> {
    let lo = mem.read_word(addr)?;
    let hi = mem.read_word(addr.wrapping_add(4))?;
    Ok((hi as u64) << 32 | lo as u64)
}
