//! INT64 arithmetic with the T800's double-word instructions.
//!
//! An INT64 is two words, low first, handled by address like other 8-byte values: an
//! INT64 expression is computed into a two-word workspace temporary
//! ([`Gen::i64_into`]) and its operands are read a word at a time (a local variable's
//! words, a pointer, or a constant). `+`/`-` are `lsum`/`ldiff` on the low words and
//! the checked `ladd`/`lsub` on the high words; PLUS/MINUS use `lsum`/`ldiff` for both.
//! TIMES is one `lmul` and two `prod`s. The checked `*`, `/` and `\` work on
//! magnitudes: `*` chains `lmul`s and flags any carry out of 63 bits, `/` and `\` run
//! a 64-step shift-and-subtract loop (inline T800 code at each use; INT64 division is
//! rare enough that the size does not matter, and it needs no library). Loops use
//! `cj` only (never `j`/`lend`), so no descheduling point falls inside an expression.
//! Failed checks execute `seterr` (halting in HALT mode).

use super::expr::V;
use super::gen::{Gen, Loc};
use crate::ir::{BinOp, Const, Expr, ExprKind, UnOp};
use t800_isa::{Func, Op};

/// Where an INT64 operand's two words are.
#[derive(Clone, Copy, Debug)]
pub enum Src {
    /// Workspace words (ctx, off) and (ctx, off + 1).
    Words(usize, i32),
    /// A pointer (pushable with one register) to the two words.
    Ptr(V<'static>),
    /// A constant.
    Const(i64),
}

impl Gen<'_, '_> {
    /// Finds (or computes into a temporary) the words of INT64 expression `e`.
    pub fn i64_src(&mut self, e: &Expr) -> Src {
        match &e.kind {
            ExprKind::Const(Const::Int(v)) => return Src::Const(*v),
            ExprKind::Var(v) => match self.vars.get(v).map(|l| l.loc.clone()) {
                Some(Loc::Local { ctx, off }) => return Src::Words(ctx, off),
                Some(Loc::Const(Const::Int(k))) => return Src::Const(k),
                Some(Loc::Ptr { .. }) | Some(Loc::Placed(_)) => return Src::Ptr(V::VarAddr(*v)),
                _ => {}
            },
            ExprKind::Binary(..) | ExprKind::Unary(..) | ExprKind::Convert(..) => {
                let (c, o) = self.temp_keep(2);
                self.i64_into(e, c, o);
                return Src::Words(c, o);
            }
            _ => {}
        }
        self.push_addr(e);
        let (c, o) = self.temp_keep(1);
        self.store_word(c, o);
        Src::Ptr(V::Word(c, o))
    }

    /// Pushes word `k` (0 low, 1 high) of an operand (one register).
    pub fn i64_word(&mut self, s: Src, k: i32) {
        match s {
            Src::Words(c, o) => self.load_word(c, o + k),
            Src::Ptr(v) => {
                self.push(&v);
                self.d(Func::Ldnl, k);
            }
            Src::Const(v) => self.ldc(if k == 0 { v as i32 } else { (v >> 32) as i32 }),
        }
    }

    /// `cj ok; seterr; ok:` — a run-time error if A is non-zero.
    pub fn error_if_nonzero(&mut self) {
        let ok = self.label();
        self.jump(Func::Cj, ok);
        self.op(Op::Seterr);
        self.place(ok);
    }

    /// Computes the INT64 expression `e` into words (c, o), (c, o + 1).
    pub fn i64_into(&mut self, e: &Expr, c: usize, o: i32) {
        match &e.kind {
            ExprKind::Binary(op, lr) => self.i64_binary(*op, &lr[0], &lr[1], c, o),
            ExprKind::Unary(op, x) => {
                let s = self.i64_src(x);
                match op {
                    UnOp::BitNot => {
                        for k in 0..2 {
                            self.i64_word(s, k);
                            self.op(Op::Not);
                            self.store_word(c, o + k);
                        }
                    }
                    _ => {
                        self.ldc(0);
                        self.ldc(0);
                        self.i64_word(s, 0);
                        self.op(Op::Ldiff);
                        self.store_word(c, o);
                        self.ldc(0);
                        self.i64_word(s, 1);
                        self.op(if *op == UnOp::Neg {
                            Op::Lsub
                        } else {
                            Op::Ldiff
                        });
                        self.store_word(c, o + 1);
                    }
                }
            }
            ExprKind::Convert(mode, x) => self.convert_to_i64(*mode, x, c, o),
            _ => {
                let s = self.i64_src(e);
                self.i64_copy(s, c, o);
            }
        }
    }

    fn i64_copy(&mut self, s: Src, c: usize, o: i32) {
        for k in 0..2 {
            self.i64_word(s, k);
            self.store_word(c, o + k);
        }
    }

    fn i64_binary(&mut self, op: BinOp, l: &Expr, r: &Expr, c: usize, o: i32) {
        if matches!(op, BinOp::Shl | BinOp::Shr) {
            let mark = self.mark_frame();
            let a = self.i64_src(l);
            let t = self.temp();
            self.push_val(r);
            self.ldc(65);
            self.op(Op::Csub0);
            self.store_word(t.0, t.1);
            self.i64_word(a, 1);
            self.i64_word(a, 0);
            self.load_word(t.0, t.1);
            self.op(if op == BinOp::Shl { Op::Lshl } else { Op::Lshr });
            self.store_word(c, o);
            self.store_word(c, o + 1);
            self.release(mark);
            return;
        }
        let mark = self.mark_frame();
        let a = self.i64_src(l);
        let b = self.i64_src(r);
        match op {
            BinOp::Add | BinOp::Plus | BinOp::Sub | BinOp::Minus => {
                let add = matches!(op, BinOp::Add | BinOp::Plus);
                self.ldc(0);
                self.i64_word(a, 0);
                self.i64_word(b, 0);
                self.op(if add { Op::Lsum } else { Op::Ldiff });
                self.store_word(c, o);
                self.i64_word(a, 1);
                self.i64_word(b, 1);
                self.op(match op {
                    BinOp::Add => Op::Ladd,
                    BinOp::Sub => Op::Lsub,
                    BinOp::Plus => Op::Lsum,
                    _ => Op::Ldiff,
                });
                self.store_word(c, o + 1);
            }
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
                for k in 0..2 {
                    self.i64_word(a, k);
                    self.i64_word(b, k);
                    self.op(match op {
                        BinOp::BitAnd => Op::And,
                        BinOp::BitOr => Op::Or,
                        _ => Op::Xor,
                    });
                    self.store_word(c, o + k);
                }
            }
            BinOp::Times => {
                let t = self.temp();
                self.ldc(0);
                self.i64_word(a, 0);
                self.i64_word(b, 0);
                self.op(Op::Lmul);
                self.store_word(c, o);
                self.store_word(t.0, t.1);
                self.i64_word(a, 0);
                self.i64_word(b, 1);
                self.op(Op::Prod);
                self.load_word(t.0, t.1);
                self.op(Op::Sum);
                self.i64_word(a, 1);
                self.i64_word(b, 0);
                self.op(Op::Prod);
                self.op(Op::Sum);
                self.store_word(c, o + 1);
            }
            BinOp::Mul => self.i64_mul(a, b, c, o),
            BinOp::Div | BinOp::Rem => self.i64_divrem(a, b, op == BinOp::Div, c, o),
            _ => self.unsupported(l.span, "this INT64 operator"),
        }
        self.release(mark);
    }

    /// Magnitude of `s` into (w, w + 1) and its sign mask (0 or −1) into `m`.
    fn i64_abs(&mut self, s: Src, w: (usize, i32), m: (usize, i32)) {
        self.ldc(0);
        self.i64_word(s, 1);
        self.op(Op::Gt);
        self.op(Op::Not);
        self.d(Func::Adc, 1);
        self.store_word(m.0, m.1);
        self.i64_sign_apply(s, m, w);
    }

    /// (s XOR M) − M with M the 64-bit mask in `m`: negates when m = −1.
    pub fn i64_sign_apply(&mut self, s: Src, m: (usize, i32), w: (usize, i32)) {
        self.load_word(m.0, m.1);
        self.i64_word(s, 0);
        self.load_word(m.0, m.1);
        self.op(Op::Xor);
        self.ldc(0);
        self.op(Op::Lsum);
        self.store_word(w.0, w.1);
        self.i64_word(s, 1);
        self.load_word(m.0, m.1);
        self.op(Op::Xor);
        self.ldc(0);
        self.op(Op::Lsum);
        self.store_word(w.0, w.1 + 1);
    }

    /// Gives magnitude (w) the sign mask `m` into (c, o); with `check`, flags a result
    /// that does not fit (its sign disagrees with `m` while non-zero).
    fn i64_signed_result(&mut self, w: (usize, i32), m: (usize, i32), c: usize, o: i32) {
        self.i64_sign_apply(Src::Words(w.0, w.1), m, (c, o));
        // overflow iff result ≠ 0 and (hi XOR m) < 0
        self.ldc(0);
        self.load_word(c, o + 1);
        self.load_word(m.0, m.1);
        self.op(Op::Xor);
        self.op(Op::Gt);
        self.load_word(c, o);
        self.load_word(c, o + 1);
        self.op(Op::Or);
        self.d(Func::Eqc, 0);
        self.d(Func::Eqc, 0);
        self.op(Op::And);
        self.error_if_nonzero();
    }

    fn i64_mul(&mut self, a: Src, b: Src, c: usize, o: i32) {
        let ua = self.temp2();
        let ub = self.temp2();
        let (ma, mb, ov, p) = (self.temp(), self.temp(), self.temp(), self.temp2());
        self.i64_abs(a, ua, ma);
        self.i64_abs(b, ub, mb);
        // Both high words non-zero: overflow.
        self.load_word(ua.0, ua.1 + 1);
        self.d(Func::Eqc, 0);
        self.load_word(ub.0, ub.1 + 1);
        self.d(Func::Eqc, 0);
        self.op(Op::Or);
        self.d(Func::Eqc, 0);
        self.store_word(ov.0, ov.1);
        self.ldc(0);
        self.load_word(ua.0, ua.1);
        self.load_word(ub.0, ub.1);
        self.op(Op::Lmul);
        self.store_word(p.0, p.1);
        self.store_word(p.0, p.1 + 1);
        for (x, y) in [(ua.1 + 1, ub.1), (ua.1, ub.1 + 1)] {
            self.load_word(p.0, p.1 + 1);
            self.load_word(ua.0, x);
            self.load_word(ub.0, y);
            self.op(Op::Lmul);
            self.store_word(p.0, p.1 + 1);
            self.load_word(ov.0, ov.1);
            self.op(Op::Or);
            self.store_word(ov.0, ov.1);
        }
        self.load_word(ov.0, ov.1);
        self.error_if_nonzero();
        self.load_word(ma.0, ma.1);
        self.load_word(mb.0, mb.1);
        self.op(Op::Xor);
        self.store_word(ma.0, ma.1);
        self.i64_signed_result(p, ma, c, o);
    }

    fn temp2(&mut self) -> (usize, i32) {
        (self.cur, self.alloc(2))
    }

    fn i64_divrem(&mut self, a: Src, b: Src, div: bool, c: usize, o: i32) {
        let q = self.temp2();
        let d = self.temp2();
        let r = self.temp2();
        let t = self.temp2();
        let (ma, mb, n) = (self.temp(), self.temp(), self.temp());
        self.i64_abs(a, q, ma);
        self.i64_abs(b, d, mb);
        // Division by zero.
        self.load_word(d.0, d.1);
        self.load_word(d.0, d.1 + 1);
        self.op(Op::Or);
        self.d(Func::Eqc, 0);
        self.error_if_nonzero();
        self.ldc(0);
        self.store_word(r.0, r.1);
        self.ldc(0);
        self.store_word(r.0, r.1 + 1);
        self.ldc(64);
        self.store_word(n.0, n.1);
        let (top, sub, next) = (self.label(), self.label(), self.label());
        self.place(top);
        // (R:Q) <<= 1
        self.load_word(r.0, r.1 + 1);
        self.load_word(r.0, r.1);
        self.ldc(1);
        self.op(Op::Lshl);
        self.store_word(r.0, r.1);
        self.store_word(r.0, r.1 + 1);
        self.load_word(q.0, q.1 + 1);
        self.ldc(31);
        self.op(Op::Shr);
        self.load_word(r.0, r.1);
        self.op(Op::Or);
        self.store_word(r.0, r.1);
        self.load_word(q.0, q.1 + 1);
        self.load_word(q.0, q.1);
        self.ldc(1);
        self.op(Op::Lshl);
        self.store_word(q.0, q.1);
        self.store_word(q.0, q.1 + 1);
        // T = R − D; no borrow ⇒ R := T, Q |= 1
        self.ldc(0);
        self.load_word(r.0, r.1);
        self.load_word(d.0, d.1);
        self.op(Op::Ldiff);
        self.store_word(t.0, t.1);
        self.load_word(r.0, r.1 + 1);
        self.load_word(d.0, d.1 + 1);
        self.op(Op::Ldiff);
        self.store_word(t.0, t.1 + 1);
        self.jump(Func::Cj, sub);
        self.ldc(0);
        self.jump(Func::Cj, next);
        self.place(sub);
        for k in 0..2 {
            self.load_word(t.0, t.1 + k);
            self.store_word(r.0, r.1 + k);
        }
        self.load_word(q.0, q.1);
        self.ldc(1);
        self.op(Op::Or);
        self.store_word(q.0, q.1);
        self.place(next);
        self.load_word(n.0, n.1);
        self.d(Func::Adc, -1);
        self.store_word(n.0, n.1);
        self.load_word(n.0, n.1);
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, top);
        if div {
            self.load_word(ma.0, ma.1);
            self.load_word(mb.0, mb.1);
            self.op(Op::Xor);
            self.store_word(ma.0, ma.1);
            self.i64_signed_result(q, ma, c, o);
        } else {
            self.i64_sign_apply(Src::Words(r.0, r.1), ma, (c, o));
        }
    }

    /// An INT64 comparison; the BOOL in A.
    pub fn i64_compare(&mut self, op: BinOp, l: &Expr, r: &Expr) {
        let mark = self.mark_frame();
        let a = self.i64_src(l);
        let b = self.i64_src(r);
        match op {
            BinOp::Eq | BinOp::Ne => {
                self.i64_word(a, 0);
                self.i64_word(b, 0);
                self.op(Op::Diff);
                self.i64_word(a, 1);
                self.i64_word(b, 1);
                self.op(Op::Diff);
                self.op(Op::Or);
                self.d(Func::Eqc, 0);
                if op == BinOp::Ne {
                    self.d(Func::Eqc, 0);
                }
            }
            _ => {
                let (x, y, negate) = match op {
                    BinOp::Gt => (a, b, false),
                    BinOp::Lt => (b, a, false),
                    BinOp::Le => (a, b, true),
                    _ => (b, a, true),
                };
                self.i64_greater(x, y);
                if negate {
                    self.d(Func::Eqc, 0);
                }
            }
        }
        self.release(mark);
    }

    /// x > y (signed 64-bit) in A.
    fn i64_greater(&mut self, x: Src, y: Src) {
        let t = self.temp();
        // low words unsigned: x.lo > y.lo ⇔ borrow of y.lo − x.lo
        self.ldc(0);
        self.i64_word(y, 0);
        self.i64_word(x, 0);
        self.op(Op::Ldiff);
        self.op(Op::Rev);
        self.store_word(t.0, t.1);
        self.i64_word(x, 1);
        self.i64_word(y, 1);
        self.op(Op::Diff);
        self.d(Func::Eqc, 0);
        self.load_word(t.0, t.1);
        self.op(Op::And);
        self.i64_word(x, 1);
        self.i64_word(y, 1);
        self.op(Op::Gt);
        self.op(Op::Or);
    }
}
