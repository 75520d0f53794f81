//! Where the word-oriented generators hand over to INT64 (`int64.rs`), REAL
//! (`real.rs`), conversions (`conv.rs`) and intrinsics (`intrinsics.rs`).
//!
//! REAL32 values stay word scalars everywhere outside arithmetic (assignment,
//! parameters, channels, FUNCTION results in A as their bit pattern); INT64 and REAL64
//! are 8-byte values handled by address, computed into workspace temporaries
//! ([`Gen::wide_into`]). An assignment of a REAL computed on the FPU stores FA
//! straight into the target ([`Gen::assign_wide`]).
//!
//! Decisions: REAL32 FUNCTION results keep coming back in A as bits (REAL64 ones
//! through a result pointer), so the call convention is unchanged; everything is
//! inline T800 code (no run-time library); checked REAL operations end with
//! `fpchkerr` (see `real.rs`). Not implemented (E1001, see `intrinsics.rs`):
//! DARGUMENT.REDUCE, UNPACKSN, ROUNDSN and the dynamic-loading PROCs.

use super::gen::Gen;
use super::real::fp_free;
use super::ty;
use crate::ir::{BinOp, ConvMode, Expr, ExprKind, Type, UnOp};
use t800_isa::Op;

impl Gen<'_, '_> {
    /// True when `e` is an operator with INT64 or REAL operands (evaluated by the code
    /// here, which needs an empty integer stack).
    pub fn is_wide_op(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Binary(op, lr) => {
                let l = &lr[0];
                !matches!(op, BinOp::And | BinOp::Or)
                    && matches!(
                        ty::resolve(self.u.prog, &l.ty),
                        Type::Int64 | Type::Real32 | Type::Real64
                    )
            }
            _ => false,
        }
    }

    /// A binary operator with INT64/REAL operands whose result is a word: REAL32
    /// arithmetic or any comparison.
    pub fn binary_wide(&mut self, op: BinOp, l: &Expr, r: &Expr, t: &Type) {
        let compare = matches!(
            op,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge
        );
        match t {
            Type::Int64 if compare => self.i64_compare(op, l, r),
            Type::Real32 | Type::Real64 if compare => self.fp_compare(op, l, r),
            Type::Real32 => {
                self.fp_binary(op, l, r);
                self.fp_pop_word();
            }
            _ => self.unsupported(l.span, &format!("{t:?} {op:?} as a word value")),
        }
    }

    /// REAL32 negation as a word (a sign-bit flip, exact and never an error).
    pub fn unary_wide(&mut self, op: UnOp, x: &Expr, t: &Type) -> bool {
        if *t == Type::Real32 && op == UnOp::Neg {
            self.push_val(x);
            self.op(Op::Mint);
            self.op(Op::Xor);
            return true;
        }
        false
    }

    /// A conversion with a word result from or to INT64/REAL.
    pub fn convert_wide(&mut self, m: ConvMode, x: &Expr, from: &Type, to: &Type, e: &Expr) {
        if matches!(to, Type::Int64 | Type::Real64) {
            self.unsupported(e.span, "an 8-byte conversion as a word value");
            return;
        }
        self.convert_word(m, x, from, to);
    }

    /// Computes an 8-byte (INT64/REAL64) operator, conversion or intrinsic `e` into
    /// the words at (c, o).
    pub fn wide_into(&mut self, e: &Expr, c: usize, o: i32) {
        match ty::resolve(self.u.prog, &e.ty) {
            Type::Int64 => self.i64_into(e, c, o),
            Type::Real64 => match &e.kind {
                ExprKind::Unary(UnOp::Neg, x) => {
                    let mark = self.mark_frame();
                    let s = self.i64_src_addr(x);
                    self.i64_word(s, 0);
                    self.store_word(c, o);
                    self.i64_word(s, 1);
                    self.op(Op::Mint);
                    self.op(Op::Xor);
                    self.store_word(c, o + 1);
                    self.release(mark);
                }
                ExprKind::Intrinsic(call) => self.real_intrinsic(&call.0 .0, &call.1, e, c, o),
                _ => {
                    self.push_fp(e);
                    self.addr_word(c, o);
                    self.op(Op::Fpstnldb);
                }
            },
            _ => {
                self.push_val(e);
                self.store_word(c, o);
            }
        }
    }

    /// `target := value` when value is a REAL computed on the FPU: FA is stored
    /// straight into the target. Returns false when the general path must be used.
    pub fn assign_wide(&mut self, target: &Expr, value: &Expr) -> bool {
        if !self.fp_computed(value) || !fp_free(target) {
            return false;
        }
        self.push_fp(value);
        self.push_addr(target);
        self.fp_store(&value.ty);
        true
    }

    /// The two words of an 8-byte value by address (for bit-level REAL64 work).
    pub fn i64_src_addr(&mut self, e: &Expr) -> super::int64::Src {
        use super::int64::Src;
        if let ExprKind::Var(v) = &e.kind {
            if let Some(super::gen::Loc::Local { ctx, off }) =
                self.vars.get(v).map(|l| l.loc.clone())
            {
                return Src::Words(ctx, off);
            }
        }
        self.push_addr(e);
        let (c, o) = self.temp_keep(1);
        self.store_word(c, o);
        Src::Ptr(super::expr::V::Word(c, o))
    }
}
