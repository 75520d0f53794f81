//! REAL32 and REAL64 expressions on the T800 FPU.
//!
//! A REAL expression is evaluated onto the three-deep FP stack (FA/FB/FC) by
//! [`Gen::push_fp`], with the same Sethi–Ullman discipline as the integer stack:
//! [`Gen::fp_depth`] says how many FP registers an expression needs, 3 meaning it must
//! start with the FP stack empty (anything that may call a routine, loop through a
//! timeslice point, or use the whole FP stack such as square root). When both operands
//! of an operator need the whole stack, one is spilled to a workspace temporary.
//! The integer stack is empty whenever FP code starts (`val_depth` is 3 for every
//! expression with REAL operands), and FP code never contains a descheduling point, so
//! FP values are never live across one.
//!
//! Values come from memory (`fpldnlsn`/`fpldnldb` from the variable's address);
//! constants are data words after the routine's code, loaded through a pointer
//! (`fpldzero*` for +0.0). A REAL32 used as a word (assignment to a scalar, a VAL
//! parameter, a FUNCTION result in A) goes through a workspace temporary.
//!
//! FP errors: occam arithmetic is checked, so every operator, comparison and
//! conversion is followed by `fpchkerr`, which folds the FPU's error flag (invalid,
//! division by zero, overflow, infinite or NaN operand) into Error: HALT mode halts at
//! that instruction, STOP mode stops the process at the end of the statement. This is
//! occ21's NEED_FPCHKERR behaviour. Operations whose FP error must not count (the IEEE
//! functions, ORDERED, …) clear the flag with `fpuclrerr` instead.

use super::gen::Gen;
use super::ty;
use crate::ir::{BinOp, Const, Expr, ExprKind, Type};
use t800_isa::{FpuOp, Op};

/// True if evaluating `e` touches neither the FP stack nor a routine call, so it can
/// run while FP values are live.
pub fn fp_free(e: &Expr) -> bool {
    let real = |t: &Type| matches!(t, Type::Real32 | Type::Real64 | Type::Int64);
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Var(_) => true,
        ExprKind::Call(..) | ExprKind::Valof(..) | ExprKind::Intrinsic(..) | ExprKind::Table(_) => {
            false
        }
        ExprKind::Index(a, b) => fp_free(a) && fp_free(b),
        ExprKind::Binary(_, a, b) => !real(&a.ty) && fp_free(a) && fp_free(b),
        ExprKind::Field(a, _) | ExprKind::Size(a) => fp_free(a),
        ExprKind::Unary(_, a) => !real(&a.ty) && fp_free(a),
        ExprKind::Convert(_, a) => !real(&a.ty) && !real(&e.ty) && fp_free(a),
        ExprKind::Slice { base, start, count } => fp_free(base) && fp_free(start) && fp_free(count),
    }
}

impl Gen<'_, '_> {
    /// `ldc code; fpentry`.
    pub fn fpu(&mut self, op: FpuOp) {
        self.ldc(op.code() as i32);
        self.op(Op::Fpentry);
    }

    /// Folds the FP error flag into Error (checked occam arithmetic).
    pub fn fp_check(&mut self) {
        self.op(Op::Fpchkerr);
    }

    /// Loads the REAL at the address in A onto the FP stack.
    pub fn fp_load(&mut self, t: &Type) {
        self.op(if self.is_real64(t) {
            Op::Fpldnldb
        } else {
            Op::Fpldnlsn
        });
    }

    /// Stores FA (popping it) at the address in A.
    pub fn fp_store(&mut self, t: &Type) {
        self.op(if self.is_real64(t) {
            Op::Fpstnldb
        } else {
            Op::Fpstnlsn
        });
    }

    pub fn is_real64(&self, t: &Type) -> bool {
        matches!(ty::resolve(self.u.prog, t), Type::Real64 | Type::Int64)
    }

    /// FP registers needed to evaluate `e` (3: needs the whole FP stack).
    pub fn fp_depth(&self, e: &Expr) -> u8 {
        if !fp_free(e) && !self.fp_computed(e) {
            return 3;
        }
        match &e.kind {
            ExprKind::Binary(op, l, r) if self.fp_arith(*op) => {
                let (a, b) = (self.fp_depth(l), self.fp_depth(r));
                if a == b && a < 3 {
                    a + 1
                } else {
                    a.max(b).max(2)
                }
            }
            ExprKind::Convert(_, x) => match ty::resolve(self.u.prog, &x.ty) {
                Type::Real32 | Type::Real64 => self.fp_depth(x),
                Type::Int64 => 3,
                _ if fp_free(x) => 1,
                _ => 3,
            },
            ExprKind::Const(_) | ExprKind::Var(_) | ExprKind::Index(..) | ExprKind::Field(..) => 1,
            _ => 3,
        }
    }

    fn fp_arith(&self, op: BinOp) -> bool {
        matches!(
            op,
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem
        )
    }

    /// True for REAL-typed expressions whose value is computed on the FPU here
    /// (operators and conversions), rather than loaded.
    pub fn fp_computed(&self, e: &Expr) -> bool {
        if !matches!(ty::resolve(self.u.prog, &e.ty), Type::Real32 | Type::Real64) {
            return false;
        }
        match &e.kind {
            ExprKind::Binary(op, ..) => self.fp_arith(*op),
            ExprKind::Convert(..) => true,
            _ => false,
        }
    }

    /// Evaluates the REAL expression `e` onto the FP stack.
    pub fn push_fp(&mut self, e: &Expr) {
        let t = ty::resolve(self.u.prog, &e.ty).clone();
        match &e.kind {
            ExprKind::Binary(op, l, r) if self.fp_arith(*op) => self.fp_binary(*op, l, r),
            ExprKind::Convert(mode, x) => self.fp_convert(*mode, x, &t),
            ExprKind::Const(c) => self.fp_const(c, &t),
            ExprKind::Var(_) | ExprKind::Index(..) | ExprKind::Field(..) => {
                self.push_addr(e);
                self.fp_load(&t);
            }
            _ if t == Type::Real32 => {
                // A word value (FUNCTION result, VALOF, intrinsic): through memory.
                let mark = self.mark_frame();
                let (c, o) = self.temp();
                self.push_val(e);
                self.store_word(c, o);
                self.addr_word(c, o);
                self.op(Op::Fpldnlsn);
                self.release(mark);
            }
            _ => {
                self.push_addr(e);
                self.op(Op::Fpldnldb);
            }
        }
    }

    /// `l op r` for the arithmetic operators, result in FA.
    pub fn fp_binary(&mut self, op: BinOp, l: &Expr, r: &Expr) {
        self.fp_operands(l, r, matches!(op, BinOp::Add | BinOp::Mul));
        match op {
            BinOp::Add => self.op(Op::Fpadd),
            BinOp::Sub => self.op(Op::Fpsub),
            BinOp::Mul => self.op(Op::Fpmul),
            BinOp::Div => self.op(Op::Fpdiv),
            _ => self.fp_rem(),
        }
        self.fp_check();
    }

    /// Pops FA (a REAL32) into A through a temporary.
    pub fn fp_pop_word(&mut self) {
        let mark = self.mark_frame();
        let (c, o) = self.temp();
        self.addr_word(c, o);
        self.op(Op::Fpstnlsn);
        self.load_word(c, o);
        self.release(mark);
    }

    /// Pushes `a` then `b` on the FP stack (b in FA), in Sethi–Ullman order, spilling
    /// when both need the whole stack.
    pub fn fp_operands(&mut self, a: &Expr, b: &Expr, commutative: bool) {
        let (da, db) = (self.fp_depth(a), self.fp_depth(b));
        if db > da {
            self.push_fp(b);
            self.push_fp(a);
            if !commutative {
                self.op(Op::Fprev);
            }
        } else if db < 3 {
            self.push_fp(a);
            self.push_fp(b);
        } else {
            let mark = self.mark_frame();
            let off = self.alloc(2);
            let cur = self.cur;
            self.push_fp(b);
            self.addr_word(cur, off);
            self.fp_store(&b.ty);
            self.push_fp(a);
            self.addr_word(cur, off);
            self.fp_load(&b.ty);
            self.release(mark);
        }
    }

    /// IEEE remainder FB rem FA (t800.md §2.11; the emulator's loop protocol).
    pub fn fp_rem(&mut self) {
        let (top, done) = (self.label(), self.label());
        self.op(Op::Fpremfirst);
        self.d(t800_isa::Func::Eqc, 0);
        self.jump(t800_isa::Func::Cj, done);
        self.place(top);
        self.op(Op::Fpremstep);
        self.jump(t800_isa::Func::Cj, top);
        self.place(done);
    }

    /// Loads a REAL constant (data word(s) after the code; +0.0 from `fpldzero*`).
    pub fn fp_const(&mut self, c: &Const, t: &Type) {
        let bytes = match c {
            Const::Real32(0) => return self.op(Op::Fpldzerosn),
            Const::Real64(0) => return self.op(Op::Fpldzerodb),
            Const::Real32(b) => b.to_le_bytes().to_vec(),
            Const::Real64(b) => b.to_le_bytes().to_vec(),
            Const::Int(v) if self.is_real64(t) => v.to_le_bytes().to_vec(),
            Const::Int(v) => (*v as u32).to_le_bytes().to_vec(),
            Const::Bool(_) | Const::Bytes(_) => vec![0; if self.is_real64(t) { 8 } else { 4 }],
        };
        let l = self.data_label(bytes);
        self.ld_label_addr(l);
        self.fp_load(t);
    }

    /// A data label holding `bytes`, shared with an identical earlier one.
    pub fn data_label(&mut self, bytes: Vec<u8>) -> t800_isa::asm::Label {
        match self.data.iter().find(|(_, b)| *b == bytes) {
            Some((l, _)) => *l,
            None => self.add_data(bytes),
        }
    }

    /// Evaluates a REAL32 expression on the FPU and leaves its bits in A.
    pub fn fp_to_word(&mut self, e: &Expr) {
        self.push_fp(e);
        self.fp_pop_word();
    }

    /// Comparison of two REALs; the BOOL in A.
    pub fn fp_compare(&mut self, op: BinOp, l: &Expr, r: &Expr) {
        let (a, b, negate, eq) = match op {
            BinOp::Gt => (l, r, false, false),
            BinOp::Lt => (r, l, false, false),
            BinOp::Le => (l, r, true, false),
            BinOp::Ge => (r, l, true, false),
            BinOp::Eq => (l, r, false, true),
            _ => (l, r, true, true),
        };
        self.fp_operands(a, b, eq);
        self.op(if eq { Op::Fpeq } else { Op::Fpgt });
        self.fp_check();
        if negate {
            self.d(t800_isa::Func::Eqc, 0);
        }
    }
}
