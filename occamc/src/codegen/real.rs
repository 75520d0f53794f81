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
use crate::diag::Span;
use crate::ir::{BinOp, Const, Expr, ExprKind, Type};
use t800_isa::{FpuOp, Func, Op};

/// True if evaluating `e` touches neither the FP stack nor a routine call, so it can
/// run while FP values are live.
pub fn fp_free(e: &Expr) -> bool {
    let real = |t: &Type| matches!(t, Type::Real32 | Type::Real64 | Type::Int64);
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Var(_) => true,
        ExprKind::Call(..) | ExprKind::Valof(..) | ExprKind::Intrinsic(..) | ExprKind::Table(_) => {
            false
        }
        ExprKind::Index(ab) => fp_free(&ab[0]) && fp_free(&ab[1]),
        ExprKind::Binary(_, ab) => !real(&ab[0].ty) && fp_free(&ab[0]) && fp_free(&ab[1]),
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
            ExprKind::Binary(op, lr) if self.fp_arith(*op) => {
                let (a, b) = (self.fp_depth(&lr[0]), self.fp_depth(&lr[1]));
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
            ExprKind::Binary(op, lr) if self.fp_arith(*op) => self.fp_binary(*op, &lr[0], &lr[1]),
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

/// The IEEE-style predefined routines built from several FPU operations: DSCALEB,
/// FLOATING.UNPACK/DFLOATING.UNPACK, IEEE32OP/IEEE64OP and ARGUMENT.REDUCE.
impl Gen<'_, '_> {
    /// Stores the REAL whose words are at (c, o) into `target` (one word or two).
    fn store_real_words(&mut self, target: &Expr, c: usize, o: i32, double: bool) {
        if !double {
            self.store_to(target, super::expr::V::Word(c, o));
            return;
        }
        self.push_addr(target);
        let p = self.temp();
        self.store_word(p.0, p.1);
        for k in 0..2 {
            self.load_word(c, o + k);
            self.load_word(p.0, p.1);
            self.d(Func::Stnl, k);
        }
    }

    /// DSCALEB (x, n) = x × 2^n with one rounding. n is clamped to ±2150 (beyond which
    /// the result is 0 or ∞ anyway) and split as rest + k2 + k3 with k2, k3 each 0 or
    /// ±1022/1023, multiplied in that order: every step but the last is exact unless
    /// it overflows (then ∞ stays ∞) or underflows (then the true result is below the
    /// smallest subnormal too and rounds to the same signed zero).
    pub fn dscaleb(&mut self, x: &Expr, n: &Expr, c: usize, o: i32) {
        let mark = self.mark_frame();
        let cur = self.cur;
        let w = self.alloc(7);
        // w: n, then three REAL64 factors 2^rest, 2^k2, 2^k3.
        self.push_val(n);
        self.store_word(cur, w);
        for (bound, lower) in [(2150, false), (-2150, true)] {
            let keep = self.label();
            if lower {
                self.ldc(bound);
                self.load_word(cur, w);
            } else {
                self.load_word(cur, w);
                self.ldc(bound);
            }
            self.op(Op::Gt);
            self.jump(Func::Cj, keep);
            self.ldc(bound);
            self.store_word(cur, w);
            self.place(keep);
        }
        for f in [5, 3] {
            let (notpos, zero, done) = (self.label(), self.label(), self.label());
            self.load_word(cur, w);
            self.ldc(1023);
            self.op(Op::Gt);
            self.jump(Func::Cj, notpos);
            self.ldc(1023);
            self.store_word(cur, w + f + 1);
            self.goto(done);
            self.place(notpos);
            self.ldc(-1022);
            self.load_word(cur, w);
            self.op(Op::Gt);
            self.jump(Func::Cj, zero);
            self.ldc(-1022);
            self.store_word(cur, w + f + 1);
            self.goto(done);
            self.place(zero);
            self.ldc(0);
            self.store_word(cur, w + f + 1);
            self.place(done);
            self.load_word(cur, w);
            self.load_word(cur, w + f + 1);
            self.op(Op::Diff);
            self.store_word(cur, w);
        }
        self.load_word(cur, w);
        self.store_word(cur, w + 2);
        // Each factor: exponent field (k + 1023) << 20, low word 0.
        for f in [1, 3, 5] {
            self.load_word(cur, w + f + 1);
            self.d(Func::Adc, 1023);
            self.ldc(20);
            self.op(Op::Shl);
            self.store_word(cur, w + f + 1);
            self.ldc(0);
            self.store_word(cur, w + f);
        }
        self.push_fp(x);
        for f in [1, 3, 5] {
            self.addr_word(cur, w + f);
            self.op(Op::Fpldnlmuldb);
        }
        self.fpu(FpuOp::Fpuclrerr);
        self.addr_word(c, o);
        self.op(Op::Fpstnldb);
        self.release(mark);
    }

    /// FLOATING.UNPACK (x) = n, f with x = f × 2^n and 1 ≤ |f| < 2 (f has x's sign).
    /// Decisions for the values with no such form: ±0 gives n = 0, f = x; ±∞ and NaN
    /// give n = the maximum biased exponent minus the bias (128, or 1024 for
    /// DFLOATING.UNPACK) and f = x. A subnormal is first multiplied by 2^64 (exact).
    pub fn floating_unpack(&mut self, args: &[Expr], double: bool, span: Span) {
        let [x, tn, tf] = args else {
            self.unsupported(span, "this use of FLOATING.UNPACK");
            return;
        };
        let mark = self.mark_frame();
        let cur = self.cur;
        let hi = i32::from(double);
        let (ones, shift, bias, big) = if double {
            (0x7FF0_0000, 20, 1023, 0x43F0_0000)
        } else {
            (0x7F80_0000, 23, 127, 0x5F80_0000)
        };
        // w: x's words (2), the exponent, 2^64 (2).
        let w = self.alloc(5);
        let s = self.i64_src_addr_or_word(x, double);
        for k in 0..=hi {
            self.i64_word(s, k);
            self.store_word(cur, w + k);
        }
        self.ldc(0);
        self.store_word(cur, w + 2);
        let (normal, special) = (self.label(), self.label());
        self.load_word(cur, w + hi);
        self.ldc(i32::MAX);
        self.op(Op::And);
        self.ldc(ones - 1);
        self.op(Op::Gt);
        self.jump(Func::Cj, normal);
        // ±∞ or NaN
        self.ldc(ones.wrapping_shr(shift as u32) - bias);
        self.store_word(cur, w + 2);
        self.goto(special);
        self.place(normal);
        // ±0: n = 0, f = x.
        self.load_word(cur, w + hi);
        self.ldc(i32::MAX);
        self.op(Op::And);
        if double {
            self.load_word(cur, w);
            self.op(Op::Or);
        }
        self.jump(Func::Cj, special);
        // A subnormal (zero exponent field) is scaled by 2^64 first.
        let scaled = self.label();
        self.load_word(cur, w + hi);
        self.ldc(ones);
        self.op(Op::And);
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, scaled);
        self.ldc(big);
        self.store_word(cur, w + 3 + hi);
        if double {
            self.ldc(0);
            self.store_word(cur, w + 3);
        }
        self.addr_word(cur, w);
        self.op(if double { Op::Fpldnldb } else { Op::Fpldnlsn });
        self.addr_word(cur, w + 3);
        self.op(if double {
            Op::Fpldnlmuldb
        } else {
            Op::Fpldnlmulsn
        });
        self.addr_word(cur, w);
        self.op(if double { Op::Fpstnldb } else { Op::Fpstnlsn });
        self.ldc(-64);
        self.store_word(cur, w + 2);
        self.place(scaled);
        // n += biased exponent − bias; f's exponent field := bias.
        self.load_word(cur, w + hi);
        self.ldc(shift);
        self.op(Op::Shr);
        self.ldc(ones.wrapping_shr(shift as u32));
        self.op(Op::And);
        self.d(Func::Adc, -bias);
        self.load_word(cur, w + 2);
        self.op(Op::Add);
        self.store_word(cur, w + 2);
        self.load_word(cur, w + hi);
        self.ldc(!ones);
        self.op(Op::And);
        self.ldc(bias << shift);
        self.op(Op::Or);
        self.store_word(cur, w + hi);
        self.place(special);
        self.fpu(FpuOp::Fpuclrerr);
        self.store_to(tn, super::expr::V::Word(cur, w + 2));
        self.store_real_words(tf, cur, w, double);
        self.release(mark);
    }

    /// IEEE32OP/IEEE64OP (x, rm, op, y) = error, x op y rounded in mode rm (0 nearest,
    /// 1 towards zero, 2 towards +∞, 3 towards −∞; op 0 +, 1 −, 2 ×, 3 ÷). The BOOL is
    /// the T800's FP error flag: TRUE on an invalid operation, division by zero,
    /// overflow, or an infinite or NaN operand (underflow and inexact are not
    /// exceptions here). An rm or op outside 0..3 is a program error (`seterr`).
    pub fn ieee_op(&mut self, args: &[Expr], double: bool, span: Span) {
        let [x, rm, op, y, terr, tr] = args else {
            self.unsupported(span, "this use of IEEE32OP");
            return;
        };
        let mark = self.mark_frame();
        let cur = self.cur;
        let w = self.alloc(5);
        // w: rm, op, the result (2), the error.
        self.push_val(rm);
        self.store_word(cur, w);
        self.push_val(op);
        self.store_word(cur, w + 1);
        self.fp_operands(x, y, false);
        self.fpu(FpuOp::Fpuclrerr);
        let (bad, end) = (self.label(), self.label());
        for (k, mode) in [FpuOp::Fpurn, FpuOp::Fpurz, FpuOp::Fpurp, FpuOp::Fpurm]
            .into_iter()
            .enumerate()
        {
            let next = self.label();
            self.load_word(cur, w);
            self.d(Func::Eqc, k as i32);
            self.jump(Func::Cj, next);
            for (j, ins) in [Op::Fpadd, Op::Fpsub, Op::Fpmul, Op::Fpdiv]
                .into_iter()
                .enumerate()
            {
                let other = self.label();
                self.load_word(cur, w + 1);
                self.d(Func::Eqc, j as i32);
                self.jump(Func::Cj, other);
                // The mode applies to the very next FPU operation only.
                self.fpu(mode);
                self.op(ins);
                self.goto(end);
                self.place(other);
            }
            self.goto(bad);
            self.place(next);
        }
        self.place(bad);
        self.op(Op::Seterr);
        self.op(Op::Fpadd);
        self.place(end);
        self.op(Op::Fptesterr);
        self.d(Func::Eqc, 0);
        self.store_word(cur, w + 4);
        self.addr_word(cur, w + 2);
        self.op(if double { Op::Fpstnldb } else { Op::Fpstnlsn });
        self.store_to(terr, super::expr::V::Word(cur, w + 4));
        self.store_real_words(tr, cur, w + 2, double);
        self.release(mark);
    }

    /// IEEE32REM / IEEE64REM (x, y) = error, r: the IEEE remainder x REM y (exact,
    /// by the `fpremfirst`/`fpremstep` loop). The BOOL is the FP error flag, as for
    /// IEEE32OP: TRUE on an invalid operation (y = 0, x infinite) or a NaN operand.
    pub fn ieee_rem(&mut self, args: &[Expr], double: bool, span: Span) {
        let [x, y, terr, tr] = args else {
            self.unsupported(span, "this use of IEEE32REM");
            return;
        };
        let mark = self.mark_frame();
        let cur = self.cur;
        let w = self.alloc(3);
        // w: the result (2 words), the error.
        self.fp_operands(x, y, false);
        self.fpu(FpuOp::Fpuclrerr);
        self.fp_rem();
        self.op(Op::Fptesterr);
        self.d(Func::Eqc, 0);
        self.store_word(cur, w + 2);
        self.addr_word(cur, w);
        self.op(if double { Op::Fpstnldb } else { Op::Fpstnlsn });
        self.store_to(terr, super::expr::V::Word(cur, w + 2));
        self.store_real_words(tr, cur, w, double);
        self.release(mark);
    }

    /// ARGUMENT.REDUCE (x, y, y.err) = error, n, r: n = x / y rounded to the nearest
    /// integer (ties to even) and r = (x − n·y) − n·y.err, computed in REAL64 (n·y
    /// is exact there while |n| < 2^29) and rounded once to REAL32. Decisions (the
    /// manual's wording was not available): the BOOL is TRUE on failure, as for the
    /// other BOOL-first IEEE routines — x or y infinite or NaN, y = 0, or |n| ≥ 2^29 —
    /// and then n = 0 and r = x.
    pub fn argument_reduce(&mut self, args: &[Expr], span: Span) {
        let [x, y, yerr, tb, tn, tr] = args else {
            self.unsupported(span, "this use of ARGUMENT.REDUCE");
            return;
        };
        let mark = self.mark_frame();
        let cur = self.cur;
        // w: x, y, y.err bits; n as REAL64 (2); n; error; r.
        let w = self.alloc(8);
        for (k, a) in [x, y, yerr].into_iter().enumerate() {
            self.push_val(a);
            self.store_word(cur, w + k as i32);
        }
        let (fail, done) = (self.label(), self.label());
        // Not finite: |bits| > the largest finite pattern.
        for k in 0..2 {
            self.load_word(cur, w + k);
            self.ldc(i32::MAX);
            self.op(Op::And);
            self.ldc(0x7F7F_FFFF);
            self.op(Op::Gt);
            self.d(Func::Eqc, 0);
            self.jump(Func::Cj, fail);
        }
        self.load_word(cur, w + 1);
        self.ldc(i32::MAX);
        self.op(Op::And);
        self.jump(Func::Cj, fail);
        let load = |g: &mut Self, k: i32| {
            g.addr_word(cur, w + k);
            g.op(Op::Fpldnlsn);
            g.fpu(FpuOp::Fpur32tor64);
        };
        load(self, 0);
        load(self, 1);
        self.op(Op::Fpdiv);
        self.op(Op::Fpint);
        self.addr_word(cur, w + 3);
        self.op(Op::Fpstnldb);
        // |n| < 2^29: its biased exponent is below 1023 + 29.
        self.load_word(cur, w + 4);
        self.ldc(i32::MAX);
        self.op(Op::And);
        self.ldc(1052 << 20);
        self.op(Op::Rev);
        self.op(Op::Gt);
        self.jump(Func::Cj, fail);
        self.addr_word(cur, w + 3);
        self.op(Op::Fpldnldb);
        self.addr_word(cur, w + 5);
        self.op(Op::Fpstnli32);
        load(self, 0);
        self.addr_word(cur, w + 3);
        self.op(Op::Fpldnldb);
        load(self, 1);
        self.op(Op::Fpmul);
        self.op(Op::Fpsub);
        self.addr_word(cur, w + 3);
        self.op(Op::Fpldnldb);
        load(self, 2);
        self.op(Op::Fpmul);
        self.op(Op::Fpsub);
        self.fpu(FpuOp::Fpur64tor32);
        self.addr_word(cur, w + 7);
        self.op(Op::Fpstnlsn);
        self.ldc(0);
        self.store_word(cur, w + 6);
        self.goto(done);
        self.place(fail);
        self.ldc(1);
        self.store_word(cur, w + 6);
        self.ldc(0);
        self.store_word(cur, w + 5);
        self.load_word(cur, w);
        self.store_word(cur, w + 7);
        self.place(done);
        self.fpu(FpuOp::Fpuclrerr);
        self.store_to(tb, super::expr::V::Word(cur, w + 6));
        self.store_to(tn, super::expr::V::Word(cur, w + 5));
        self.store_to(tr, super::expr::V::Word(cur, w + 7));
        self.release(mark);
    }
}
