//! Conversions involving INT64, REAL32 and REAL64.
//!
//! - INT64 → shorter integers: `csngl` (checked), then the part-word check.
//! - integers → INT64: `xdble`.
//! - INT/INT32/INT16/BYTE/BOOL → REAL: `fpi32tor32`/`fpi32tor64` from a workspace
//!   word, in the requested rounding mode (`fpurz` before it for TRUNC).
//! - REAL → INT…: `fprtoi32` (rounds in the mode, FP error when out of INT32 range),
//!   `fpchkerr`, `fpstnli32`, then the part-word check.
//! - REAL32 ↔ REAL64: `fpur32tor64` / `fpur64tor32` (mode for ROUND/TRUNC).
//! - INT64 → REAL64: high word × 2^32 + low word (unsigned), one rounding in `fpadd`.
//!   INT64 → REAL32: the magnitude is normalised with `norm`, its top 32 bits (with a
//!   sticky bit for the rest) converted exactly and scaled by a power of two, so the
//!   single rounding to REAL32 is correct.
//! - REAL → INT64: rounded to an integral REAL64 (`fpint` in the mode), range-checked
//!   with `fpuchki64`, then split exactly into high = floor(r / 2^32) and low words.

use super::gen::Gen;
use super::ty;
use crate::ir::{ConvMode, Expr, Type};
use t800_isa::{FpuOp, Func, Op};

impl Gen<'_, '_> {
    fn set_mode(&mut self, m: ConvMode) {
        if m == ConvMode::Trunc {
            self.fpu(FpuOp::Fpurz);
        }
    }

    /// Part-word range check of the INT in A.
    fn narrow_check(&mut self, to: &Type) {
        match to {
            Type::Byte => {
                self.ldc(256);
                self.op(Op::Csub0);
            }
            Type::Bool => {
                self.ldc(2);
                self.op(Op::Csub0);
            }
            Type::Int16 => {
                self.ldc(0x8000);
                self.op(Op::Cword);
            }
            _ => {}
        }
    }

    /// A conversion whose result is a word (INT…, BOOL, BYTE, REAL32 bits) and whose
    /// operand or result is INT64 or REAL.
    pub fn convert_word(&mut self, m: ConvMode, x: &Expr, from: &Type, to: &Type) {
        match (from, to) {
            (Type::Int64, t) if !t.is_real() => {
                let mark = self.mark_frame();
                let s = self.i64_src(x);
                self.i64_word(s, 1);
                self.i64_word(s, 0);
                self.op(Op::Csngl);
                self.narrow_check(t);
                self.release(mark);
            }
            (Type::Real32 | Type::Real64, t) if !t.is_real() => {
                self.push_fp(x);
                self.set_mode(m);
                self.op(Op::Fprtoi32);
                self.fp_check();
                let mark = self.mark_frame();
                let (c, o) = self.temp();
                self.addr_word(c, o);
                self.op(Op::Fpstnli32);
                self.load_word(c, o);
                self.release(mark);
                self.narrow_check(t);
            }
            _ => {
                // To REAL32.
                let e = Expr {
                    kind: crate::ir::ExprKind::Convert(m, Box::new(x.clone())),
                    ty: Type::Real32,
                    span: x.span,
                };
                self.fp_to_word(&e);
            }
        }
    }

    /// Pushes the conversion of `x` to REAL type `to` on the FP stack.
    pub fn fp_convert(&mut self, m: ConvMode, x: &Expr, to: &Type) {
        let from = ty::resolve(self.u.prog, &x.ty).clone();
        let to64 = self.is_real64(to);
        match from {
            Type::Real32 | Type::Real64 => {
                self.push_fp(x);
                match (from == Type::Real64, to64) {
                    (false, true) => {
                        self.fpu(FpuOp::Fpur32tor64);
                        self.fp_check();
                    }
                    (true, false) => {
                        self.set_mode(m);
                        self.fpu(FpuOp::Fpur64tor32);
                        self.fp_check();
                    }
                    _ => {}
                }
            }
            Type::Int64 => self.i64_to_fp(m, x, to64),
            _ => {
                let mark = self.mark_frame();
                let (c, o) = self.temp();
                self.push_val(x);
                self.store_word(c, o);
                self.addr_word(c, o);
                self.set_mode(m);
                self.op(if to64 { Op::Fpi32tor64 } else { Op::Fpi32tor32 });
                self.release(mark);
            }
        }
    }

    /// INT64 `x` to a REAL on the FP stack (needs the whole FP stack).
    fn i64_to_fp(&mut self, m: ConvMode, x: &Expr, to64: bool) {
        let mark = self.mark_frame();
        let s = self.i64_src(x);
        let cur = self.cur;
        let w = self.alloc(2);
        if to64 {
            // hi·2^32 (exact) + lo (exact), rounded once.
            self.i64_word(s, 1);
            self.store_word(cur, w);
            self.i64_word(s, 0);
            self.store_word(cur, w + 1);
            self.addr_word(cur, w);
            self.op(Op::Fpi32tor64);
            self.fpu(FpuOp::Fpuexpinc32);
            self.addr_word(cur, w + 1);
            self.op(Op::Fpb32tor64);
            self.set_mode(m);
            self.op(Op::Fpadd);
            self.release(mark);
            return;
        }
        // Magnitude normalised: top 32 bits (sticky lsb) × 2^(32 − shift), with sign.
        let mg = self.alloc(2);
        let sg = self.alloc(1);
        let sh = self.alloc(1);
        self.ldc(0);
        self.i64_word(s, 1);
        self.op(Op::Gt);
        self.op(Op::Not);
        self.d(Func::Adc, 1);
        self.store_word(cur, sg);
        self.i64_sign_apply(s, (cur, sg), (cur, mg));
        self.load_word(cur, mg + 1);
        self.load_word(cur, mg);
        self.op(Op::Norm);
        // A = low, B = high, C = shift count.
        self.store_word(cur, mg);
        self.store_word(cur, mg + 1);
        self.store_word(cur, sh);
        // sticky: high |= (low ≠ 0)
        self.load_word(cur, mg);
        self.d(Func::Eqc, 0);
        self.d(Func::Eqc, 0);
        self.load_word(cur, mg + 1);
        self.op(Op::Or);
        self.store_word(cur, mg + 1);
        // 2^(32 − shift) as a REAL64 at (w, w + 1): high word (1023 + 32 − sh) << 20.
        self.ldc(0);
        self.store_word(cur, w);
        self.ldc(1023 + 32);
        self.load_word(cur, sh);
        self.op(Op::Diff);
        self.ldc(20);
        self.op(Op::Shl);
        self.store_word(cur, w + 1);
        self.addr_word(cur, mg + 1);
        self.op(Op::Fpb32tor64);
        self.addr_word(cur, w);
        self.op(Op::Fpldnlmuldb);
        // sign
        self.addr_word(cur, w);
        self.op(Op::Fpstnldb);
        self.load_word(cur, sg);
        self.op(Op::Mint);
        self.op(Op::And);
        self.load_word(cur, w + 1);
        self.op(Op::Or);
        self.store_word(cur, w + 1);
        self.addr_word(cur, w);
        self.op(Op::Fpldnldb);
        self.set_mode(m);
        self.fpu(FpuOp::Fpur64tor32);
        self.fp_check();
        self.release(mark);
    }

    /// REAL/integer `x` converted to INT64 into (c, o), (c, o + 1).
    pub fn convert_to_i64(&mut self, m: ConvMode, x: &Expr, c: usize, o: i32) {
        let from = ty::resolve(self.u.prog, &x.ty).clone();
        match from {
            Type::Int64 => {
                let s = self.i64_src(x);
                for k in 0..2 {
                    self.i64_word(s, k);
                    self.store_word(c, o + k);
                }
            }
            Type::Real32 | Type::Real64 => {
                self.push_fp(x);
                if from == Type::Real32 {
                    self.fpu(FpuOp::Fpur32tor64);
                }
                self.set_mode(m);
                self.op(Op::Fpint);
                self.fpu(FpuOp::Fpuchki64);
                self.fp_check();
                // hi = floor(r / 2^32), lo = r − hi·2^32 ∈ [0, 2^32)
                self.op(Op::Fpdup);
                self.fpu(FpuOp::Fpuexpdec32);
                self.fpu(FpuOp::Fpurm);
                self.op(Op::Fpint);
                self.op(Op::Fpdup);
                self.addr_word(c, o + 1);
                self.op(Op::Fpstnli32);
                self.fpu(FpuOp::Fpuexpinc32);
                self.op(Op::Fpsub);
                // lo − 2^31 fits INT32; add 2^31 back as a bit flip.
                let l = self.data_label((0xC1E0_0000_0000_0000u64).to_le_bytes().to_vec());
                self.ld_label_addr(l);
                self.op(Op::Fpldnladddb);
                self.addr_word(c, o);
                self.op(Op::Fpstnli32);
                self.load_word(c, o);
                self.op(Op::Mint);
                self.op(Op::Xor);
                self.store_word(c, o);
            }
            _ => {
                self.push_val(x);
                self.op(Op::Xdble);
                self.store_word(c, o);
                self.store_word(c, o + 1);
            }
        }
    }
}
