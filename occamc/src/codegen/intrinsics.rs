//! The predefined routines of occam.md §1.5, compiled inline (each is one or a few
//! T800 instructions; no library routine is involved).
//!
//! - Long arithmetic: LONGADD `ladd`, LONGSUB `lsub`, LONGSUM `lsum`, LONGDIFF `ldiff`,
//!   LONGPROD `lmul`, LONGDIV `ldiv`, SHIFTLEFT/RIGHT `lshl`/`lshr`, NORMALISE `norm`,
//!   FRACMUL `fmul`, ASHIFTLEFT `xdble; lshl; csngl`, ASHIFTRIGHT `xdble; lshr`,
//!   ROTATELEFT/RIGHT a long shift of the word doubled (count taken modulo 32).
//! - Bits and CRC: `bitcnt`, `bitrevword`, `bitrevnbits`, `crcword`, `crcbyte`.
//! - REAL functions: ABS, MINUSX and COPYSIGN are sign-bit operations on the integer
//!   side (exact, never an error); ISNAN `fpnan`, NOTFINITE `fpnotfinite`, ORDERED
//!   `fpordered`; SQRT the `fpusqrtfirst/step/step/last` sequence, MULBY2, DIVBY2 and
//!   FPINT their FPU operations — these four are checked like the operators
//!   (`fpchkerr`). The IEEE-style routines (REAL32OP, REAL32REM, REAL32EQ, REAL32GT,
//!   IEEECOMPARE, SCALEB) never signal: they end with `fpuclrerr`.
//! - CAUSEERROR is `seterr`; ASSERT (b) is `seterr` when b is FALSE.
//! - RESCHEDULE (KRoC) is `ldlp 0; ldpri; or; runp; stopp`: the process puts itself
//!   at the back of its run queue and deschedules (a `j` would yield only when the
//!   timeslice happens to be over).
//! - MOVE2D/DRAW2D/CLIP2D: range checks of both blocks, then `move2dinit` and
//!   `move2dall`/`move2dnonzero`/`move2dzero`.
//!
//! - LOGB and NEXTAFTER (both lengths) on the bit patterns (`norm` finds the exponent
//!   of a subnormal), with FP comparisons for NEXTAFTER's direction.
//!
//! - DSCALEB, FLOATING.UNPACK/DFLOATING.UNPACK, IEEE32OP/IEEE64OP,
//!   IEEE32REM/IEEE64REM and ARGUMENT.REDUCE: see `real.rs`.
//!
//! Not implemented (error E1001): DARGUMENT.REDUCE (no wider format on the FPU to
//! make N × Y exact); UNPACKSN and ROUNDSN (T414
//! instructions the T800 does not have), and the dynamic-loading PROCs (they need a
//! loader protocol and run-time support this toolchain does not define).

use super::expr::V;
use super::gen::Gen;
use super::int64::Src;
use super::ty;
use crate::diag::Span;
use crate::ir::{Expr, Type};
use t800_isa::{FpuOp, Func, Op};

/// The REAL32/REAL64 pair a name belongs to: ("SQRT", false) for SQRT, ("SQRT", true)
/// for DSQRT; REAL32xx/REAL64xx names likewise.
fn real_base(name: &str) -> (&str, bool) {
    if let Some(rest) = name.strip_prefix("REAL64") {
        return (rest, true);
    }
    if let Some(rest) = name.strip_prefix("REAL32") {
        return (rest, false);
    }
    match name {
        "DABS" | "DISNAN" | "DNOTFINITE" | "DORDERED" | "DMINUSX" | "DMULBY2" | "DDIVBY2"
        | "DSQRT" | "DFPINT" | "DSCALEB" | "DCOPYSIGN" | "DNEXTAFTER" | "DLOGB"
        | "DIEEECOMPARE" => (&name[1..], true),
        _ => (name, false),
    }
}

impl Gen<'_, '_> {
    fn push_args(&mut self, args: &[Expr]) {
        let vs: Vec<V> = args.iter().map(V::Val).collect();
        self.push_list(&vs);
    }

    /// An intrinsic FUNCTION with a word result, left in A.
    pub fn intrinsic_value(&mut self, name: &str, args: &[Expr], e: &Expr) {
        let op = match name {
            "LONGADD" => Some(Op::Ladd),
            "LONGSUB" => Some(Op::Lsub),
            "FRACMUL" => Some(Op::Fmul),
            "BITREVWORD" => Some(Op::Bitrevword),
            "BITREVNBITS" => Some(Op::Bitrevnbits),
            _ => None,
        };
        if let Some(op) = op {
            // LONGADD (l, r, c): C = carry, B = l, A = r.
            if args.len() == 3 {
                let a = [&args[2], &args[0], &args[1]];
                let vs: Vec<V> = a.iter().map(|x| V::Val(x)).collect();
                self.push_list(&vs);
            } else {
                self.push_args(args);
            }
            self.op(op);
            return;
        }
        match name {
            "BITCOUNT" => {
                // bitcnt: A := popcount(A) + B.
                if let [x, add] = args {
                    self.push_list(&[V::Val(add), V::Val(x)]);
                    self.op(Op::Bitcnt);
                }
            }
            "CRCWORD" | "CRCBYTE" => {
                // A = data, B = CRC, C = generator.
                if let [data, crc, gen] = args {
                    self.push_list(&[V::Val(gen), V::Val(crc), V::Val(data)]);
                    self.op(if name == "CRCWORD" {
                        Op::Crcword
                    } else {
                        Op::Crcbyte
                    });
                }
            }
            "ASHIFTLEFT" | "ASHIFTRIGHT" | "ROTATELEFT" | "ROTATERIGHT" => {
                if let [x, n] = args {
                    self.shift_word(name, x, n);
                }
            }
            "ROUNDSN" => self.unsupported(
                e.span,
                "ROUNDSN (a T414 software floating-point instruction the T800 lacks)",
            ),
            _ => self.real_word_intrinsic(name, args, e),
        }
    }

    fn shift_word(&mut self, name: &str, x: &Expr, n: &Expr) {
        let mark = self.mark_frame();
        let t = self.temp();
        self.push_val(n);
        if name.starts_with("ROTATE") {
            self.ldc(31);
            self.op(Op::And);
        } else {
            self.ldc(65);
            self.op(Op::Csub0);
        }
        self.store_word(t.0, t.1);
        self.push_val(x);
        if name.starts_with("ROTATE") {
            self.op(Op::Dup);
        } else {
            // (sign:x) as C:B
            self.op(Op::Xdble);
        }
        self.load_word(t.0, t.1);
        match name {
            "ASHIFTLEFT" => {
                self.op(Op::Lshl);
                self.op(Op::Csngl);
            }
            "ASHIFTRIGHT" => self.op(Op::Lshr),
            "ROTATELEFT" => {
                self.op(Op::Lshl);
                self.op(Op::Rev);
            }
            _ => self.op(Op::Lshr),
        }
        self.release(mark);
    }

    /// REAL intrinsics with a word result (BOOL, INT or REAL32 bits).
    fn real_word_intrinsic(&mut self, name: &str, args: &[Expr], e: &Expr) {
        let (base, _) = real_base(name);
        match (base, args) {
            ("ISNAN", [x]) | ("NOTFINITE", [x]) => {
                self.push_fp(x);
                self.op(if base == "ISNAN" {
                    Op::Fpnan
                } else {
                    Op::Fpnotfinite
                });
            }
            ("ORDERED", [x, y]) => {
                self.fp_operands(x, y, true);
                self.op(Op::Fpordered);
            }
            ("EQ", [x, y]) | ("GT", [x, y]) => {
                self.fp_operands(x, y, false);
                self.op(if base == "EQ" { Op::Fpeq } else { Op::Fpgt });
                self.fpu(FpuOp::Fpuclrerr);
            }
            ("IEEECOMPARE", [x, y]) => self.ieee_compare(x, y),
            _ if ty::resolve(self.u.prog, &e.ty) == &Type::Real32 => {
                let mark = self.mark_frame();
                let (c, o) = self.temp();
                self.real_intrinsic(name, args, e, c, o);
                self.load_word(c, o);
                self.release(mark);
            }
            _ => self.unsupported(e.span, &format!("the intrinsic {name}")),
        }
    }

    /// Stores REAL `e`'s value at (c, o) for a REAL operand already on the FP stack.
    fn spill_fp(&mut self, t: &Type) -> (usize, i32) {
        let off = self.alloc(2);
        let cur = self.cur;
        self.addr_word(cur, off);
        self.fp_store(t);
        (cur, off)
    }

    fn ieee_compare(&mut self, x: &Expr, y: &Expr) {
        let mark = self.mark_frame();
        self.push_fp(x);
        let tx = self.spill_fp(&x.ty);
        self.push_fp(y);
        let ty_ = self.spill_fp(&y.ty);
        let t = x.ty.clone();
        let load = |g: &mut Self, w: (usize, i32)| {
            g.addr_word(w.0, w.1);
            g.fp_load(&t);
        };
        load(self, tx);
        load(self, ty_);
        self.op(Op::Fpgt);
        load(self, ty_);
        load(self, tx);
        self.op(Op::Fpgt);
        self.op(Op::Diff);
        load(self, tx);
        load(self, ty_);
        self.op(Op::Fpordered);
        self.d(Func::Eqc, 0);
        self.ldc(1);
        self.op(Op::Shl);
        self.op(Op::Add);
        self.fpu(FpuOp::Fpuclrerr);
        self.release(mark);
    }

    /// A REAL-valued intrinsic computed into the word(s) at (c, o).
    pub fn real_intrinsic(&mut self, name: &str, args: &[Expr], e: &Expr, c: usize, o: i32) {
        let (base, double) = real_base(name);
        let hi = if double { 1 } else { 0 };
        match (base, args) {
            ("ABS", [x]) | ("MINUSX", [x]) => {
                let mark = self.mark_frame();
                let s = self.i64_src_addr_or_word(x, double);
                if double {
                    self.i64_word(s, 0);
                    self.store_word(c, o);
                }
                self.i64_word(s, hi);
                if base == "ABS" {
                    self.ldc(i32::MAX);
                    self.op(Op::And);
                } else {
                    self.op(Op::Mint);
                    self.op(Op::Xor);
                }
                self.store_word(c, o + hi);
                self.release(mark);
            }
            ("COPYSIGN", [x, y]) => {
                let mark = self.mark_frame();
                let s = self.i64_src_addr_or_word(x, double);
                let t = self.i64_src_addr_or_word(y, double);
                if double {
                    self.i64_word(s, 0);
                    self.store_word(c, o);
                }
                self.i64_word(s, hi);
                self.ldc(i32::MAX);
                self.op(Op::And);
                self.i64_word(t, hi);
                self.op(Op::Mint);
                self.op(Op::And);
                self.op(Op::Or);
                self.store_word(c, o + hi);
                self.release(mark);
            }
            ("SQRT", [x]) | ("MULBY2", [x]) | ("DIVBY2", [x]) | ("FPINT", [x]) => {
                self.push_fp(x);
                match base {
                    "SQRT" => {
                        self.fpu(FpuOp::Fpusqrtfirst);
                        self.fpu(FpuOp::Fpusqrtstep);
                        self.fpu(FpuOp::Fpusqrtstep);
                        self.fpu(FpuOp::Fpusqrtlast);
                    }
                    "MULBY2" => self.fpu(FpuOp::Fpumulby2),
                    "DIVBY2" => self.fpu(FpuOp::Fpudivby2),
                    _ => self.op(Op::Fpint),
                }
                self.fp_check();
                self.addr_word(c, o);
                self.fp_store(&e.ty);
            }
            ("REM", [x, y]) => {
                self.fp_operands(x, y, false);
                self.fp_rem();
                self.fpu(FpuOp::Fpuclrerr);
                self.addr_word(c, o);
                self.fp_store(&e.ty);
            }
            ("OP", [x, op, y]) => self.real_op(x, op, y, e, c, o),
            ("SCALEB", [x, n]) if !double => self.scaleb32(x, n, c, o),
            ("SCALEB", [x, n]) => self.dscaleb(x, n, c, o),
            ("LOGB", [x]) => self.logb(x, double, c, o),
            ("NEXTAFTER", [x, y]) => self.nextafter(x, y, double, c, o),
            _ => self.unsupported(e.span, &format!("the intrinsic {name}")),
        }
    }

    /// Pushes the REAL whose words are `s` on the FP stack.
    pub(super) fn fp_load_src(&mut self, s: Src, double: bool) {
        match s {
            Src::Words(c, o) => self.addr_word(c, o),
            Src::Ptr(v) => self.push(&v),
            Src::Const(_) => self.ldc(0),
        }
        self.op(if double { Op::Fpldnldb } else { Op::Fpldnlsn });
    }

    /// Copies the value with words `s` to (c, o).
    fn copy_words(&mut self, s: Src, double: bool, c: usize, o: i32) {
        for k in 0..if double { 2 } else { 1 } {
            self.i64_word(s, k);
            self.store_word(c, o + k);
        }
    }

    /// `ldc 0; cj l`: an unconditional jump that is not a timeslice point.
    pub(super) fn goto(&mut self, l: t800_isa::asm::Label) {
        self.ldc(0);
        self.jump(Func::Cj, l);
    }

    /// LOGB: the unbiased exponent of x as a REAL (subnormals as if normalised);
    /// LOGB (±0) = −∞, LOGB (±∞) = +∞, a NaN is returned as it is (sign cleared).
    fn logb(&mut self, x: &Expr, double: bool, c: usize, o: i32) {
        let mark = self.mark_frame();
        let s = self.i64_src_addr_or_word(x, double);
        let hi = i32::from(double);
        let (t, k) = (self.temp(), self.temp());
        let (special, zero, normal, end) = (self.label(), self.label(), self.label(), self.label());
        let (ones, shift, bias) = if double {
            (0x7FF0_0000, 20, 1023)
        } else {
            (0x7F80_0000, 23, 127)
        };
        self.i64_word(s, hi);
        self.ldc(i32::MAX);
        self.op(Op::And);
        self.store_word(t.0, t.1);
        // |x| ≥ ∞ pattern: infinity or NaN.
        self.load_word(t.0, t.1);
        self.ldc(ones - 1);
        self.op(Op::Gt);
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, special);
        // zero
        self.load_word(t.0, t.1);
        if double {
            self.i64_word(s, 0);
            self.op(Op::Or);
        }
        self.jump(Func::Cj, zero);
        self.load_word(t.0, t.1);
        self.ldc(shift);
        self.op(Op::Shr);
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, normal);
        // subnormal: floor(log2 m) − (bias + frac − 1), from the leading zeros of m.
        self.load_word(t.0, t.1);
        if double {
            self.i64_word(s, 0);
        } else {
            self.ldc(0);
        }
        self.op(Op::Norm);
        // A, B: the shifted value; C: the shift.
        self.store_word(k.0, k.1);
        self.store_word(k.0, k.1);
        self.ldc(if double { -1011 } else { -118 });
        self.op(Op::Rev);
        self.op(Op::Diff);
        self.store_word(k.0, k.1);
        let done = self.label();
        self.goto(done);
        self.place(normal);
        self.load_word(t.0, t.1);
        self.ldc(shift);
        self.op(Op::Shr);
        self.d(Func::Adc, -bias);
        self.store_word(k.0, k.1);
        self.place(done);
        self.addr_word(k.0, k.1);
        self.op(if double {
            Op::Fpi32tor64
        } else {
            Op::Fpi32tor32
        });
        self.addr_word(c, o);
        self.op(if double { Op::Fpstnldb } else { Op::Fpstnlsn });
        self.goto(end);
        self.place(zero);
        if double {
            self.ldc(0);
            self.store_word(c, o);
        }
        self.ldc(ones | i32::MIN);
        self.store_word(c, o + hi);
        self.goto(end);
        self.place(special);
        if double {
            self.i64_word(s, 0);
            self.store_word(c, o);
        }
        self.load_word(t.0, t.1);
        self.store_word(c, o + hi);
        self.place(end);
        self.release(mark);
    }

    /// NEXTAFTER (x, y): the neighbour of x towards y; y when x = y; a NaN operand
    /// gives a NaN.
    fn nextafter(&mut self, x: &Expr, y: &Expr, double: bool, c: usize, o: i32) {
        let mark = self.mark_frame();
        let sx = self.i64_src_addr_or_word(x, double);
        let sy = self.i64_src_addr_or_word(y, double);
        let hi = i32::from(double);
        let (ordered, noteq, nonzero, end) =
            (self.label(), self.label(), self.label(), self.label());
        self.fp_load_src(sx, double);
        self.fp_load_src(sy, double);
        self.op(Op::Fpordered);
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, ordered);
        self.fp_load_src(sx, double);
        self.fp_load_src(sy, double);
        self.op(Op::Fpadd);
        self.addr_word(c, o);
        self.op(if double { Op::Fpstnldb } else { Op::Fpstnlsn });
        self.goto(end);
        self.place(ordered);
        self.fp_load_src(sx, double);
        self.fp_load_src(sy, double);
        self.op(Op::Fpeq);
        self.jump(Func::Cj, noteq);
        self.copy_words(sy, double, c, o);
        self.goto(end);
        self.place(noteq);
        // x = ±0: the smallest subnormal with y's sign side.
        self.i64_word(sx, hi);
        self.ldc(i32::MAX);
        self.op(Op::And);
        if double {
            self.i64_word(sx, 0);
            self.op(Op::Or);
        }
        self.d(Func::Eqc, 0);
        self.jump(Func::Cj, nonzero);
        self.fp_load_src(sy, double);
        self.op(if double {
            Op::Fpldzerodb
        } else {
            Op::Fpldzerosn
        });
        self.op(Op::Fpgt);
        self.d(Func::Eqc, 0);
        self.op(Op::Mint);
        self.op(Op::Prod);
        if double {
            self.store_word(c, o + 1);
            self.ldc(1);
            self.store_word(c, o);
        } else {
            self.ldc(1);
            self.op(Op::Or);
            self.store_word(c, o);
        }
        self.goto(end);
        self.place(nonzero);
        // bits ± 1: up when (x < y) = (x > 0).
        let d = self.temp();
        self.fp_load_src(sy, double);
        self.fp_load_src(sx, double);
        self.op(Op::Fpgt);
        self.fp_load_src(sx, double);
        self.op(if double {
            Op::Fpldzerodb
        } else {
            Op::Fpldzerosn
        });
        self.op(Op::Fpgt);
        self.op(Op::Diff);
        self.d(Func::Eqc, 0);
        // delta = 2·up − 1
        self.op(Op::Dup);
        self.op(Op::Add);
        self.d(Func::Adc, -1);
        self.store_word(d.0, d.1);
        if double {
            let ext = self.temp();
            self.load_word(d.0, d.1);
            self.ldc(31);
            self.op(Op::Shr);
            self.op(Op::Not);
            self.d(Func::Adc, 1);
            self.store_word(ext.0, ext.1);
            self.ldc(0);
            self.i64_word(sx, 0);
            self.load_word(d.0, d.1);
            self.op(Op::Lsum);
            self.store_word(c, o);
            self.i64_word(sx, 1);
            self.load_word(ext.0, ext.1);
            self.op(Op::Lsum);
            self.store_word(c, o + 1);
        } else {
            self.i64_word(sx, 0);
            self.load_word(d.0, d.1);
            self.op(Op::Sum);
            self.store_word(c, o);
        }
        self.place(end);
        self.fpu(FpuOp::Fpuclrerr);
        self.release(mark);
    }

    /// The words of a REAL operand: REAL32 bits in a word, REAL64 by address.
    pub(super) fn i64_src_addr_or_word(&mut self, x: &Expr, double: bool) -> super::int64::Src {
        if double {
            return self.i64_src_addr(x);
        }
        let (c, o) = self.temp_keep(1);
        self.push_val(x);
        self.store_word(c, o);
        super::int64::Src::Words(c, o)
    }

    /// REAL32OP/REAL64OP (x, op, y): op 0 +, 1 −, 2 ×, 3 ÷; other op values are an
    /// error.
    fn real_op(&mut self, x: &Expr, op: &Expr, y: &Expr, e: &Expr, c: usize, o: i32) {
        let mark = self.mark_frame();
        let t = self.temp();
        self.push_val(op);
        self.store_word(t.0, t.1);
        self.fp_operands(x, y, false);
        let end = self.label();
        for (k, ins) in [Op::Fpadd, Op::Fpsub, Op::Fpmul, Op::Fpdiv]
            .into_iter()
            .enumerate()
        {
            let next = self.label();
            self.load_word(t.0, t.1);
            self.d(Func::Eqc, k as i32);
            self.jump(Func::Cj, next);
            self.op(ins);
            self.ldc(0);
            self.jump(Func::Cj, end);
            self.place(next);
        }
        self.op(Op::Seterr);
        self.place(end);
        self.fpu(FpuOp::Fpuclrerr);
        self.addr_word(c, o);
        self.fp_store(&e.ty);
        self.release(mark);
    }

    /// SCALEB (x, n) = x × 2^n for REAL32: exact in REAL64 (n clamped to ±400, beyond
    /// which the result is 0 or ∞ anyway), one rounding to REAL32.
    fn scaleb32(&mut self, x: &Expr, n: &Expr, c: usize, o: i32) {
        let mark = self.mark_frame();
        let w = self.alloc(2);
        let cur = self.cur;
        self.push_val(n);
        self.store_word(cur, w + 1);
        for (bound, lower) in [(400, false), (-400, true)] {
            let keep = self.label();
            if lower {
                self.ldc(bound);
                self.load_word(cur, w + 1);
            } else {
                self.load_word(cur, w + 1);
                self.ldc(bound);
            }
            self.op(Op::Gt);
            self.jump(Func::Cj, keep);
            self.ldc(bound);
            self.store_word(cur, w + 1);
            self.place(keep);
        }
        self.load_word(cur, w + 1);
        self.d(Func::Adc, 1023);
        self.ldc(20);
        self.op(Op::Shl);
        self.store_word(cur, w + 1);
        self.ldc(0);
        self.store_word(cur, w);
        self.push_fp(x);
        self.fpu(FpuOp::Fpur32tor64);
        self.addr_word(cur, w);
        self.op(Op::Fpldnlmuldb);
        self.fpu(FpuOp::Fpur64tor32);
        self.fpu(FpuOp::Fpuclrerr);
        self.addr_word(c, o);
        self.op(Op::Fpstnlsn);
        self.release(mark);
    }

    /// An intrinsic PROC, or a multi-result intrinsic FUNCTION whose result targets
    /// follow its arguments.
    pub fn intrinsic_proc(&mut self, name: &str, args: &[Expr], span: Span) {
        let (op, nargs, nres) = match name {
            "CAUSEERROR" => {
                self.op(Op::Seterr);
                return;
            }
            "RESCHEDULE" => {
                // Requeue this process (descriptor Wptr | priority) at the back of its
                // run queue, then stop: it resumes after every process already
                // waiting has had a turn. (runp/stopp use W[-1], W[-2], which every
                // process keeps free for descheduling.)
                self.d(Func::Ldlp, 0);
                self.op(Op::Ldpri);
                self.op(Op::Or);
                self.op(Op::Runp);
                self.op(Op::Stopp);
                return;
            }
            "ASSERT" => {
                if let [b] = args {
                    self.push_val(b);
                    self.d(Func::Eqc, 0);
                    self.error_if_nonzero();
                }
                return;
            }
            "MOVE2D" | "DRAW2D" | "CLIP2D" => {
                self.move2d(name, args, span);
                return;
            }
            "FLOATING.UNPACK" | "DFLOATING.UNPACK" => {
                self.floating_unpack(args, name.starts_with('D'), span);
                return;
            }
            "ARGUMENT.REDUCE" => {
                self.argument_reduce(args, span);
                return;
            }
            "IEEE32OP" | "IEEE64OP" => {
                self.ieee_op(args, name == "IEEE64OP", span);
                return;
            }
            "IEEE32REM" | "IEEE64REM" => {
                self.ieee_rem(args, name == "IEEE64REM", span);
                return;
            }
            "UNPACKSN" | "ROUNDSN" => {
                self.unsupported(
                    span,
                    &format!("{name} (a T414 software floating-point instruction the T800 lacks)"),
                );
                return;
            }
            "LOAD.INPUT.CHANNEL"
            | "LOAD.INPUT.CHANNEL.VECTOR"
            | "LOAD.OUTPUT.CHANNEL"
            | "LOAD.OUTPUT.CHANNEL.VECTOR"
            | "LOAD.BYTE.VECTOR"
            | "KERNEL.RUN" => {
                self.unsupported(
                    span,
                    &format!("{name} (dynamic code loading needs a loader protocol and run-time support this toolchain does not define)"),
                );
                return;
            }
            "LONGSUM" => (Op::Lsum, 3, 2),
            "LONGDIFF" => (Op::Ldiff, 3, 2),
            "LONGPROD" => (Op::Lmul, 3, 2),
            "LONGDIV" => (Op::Ldiv, 3, 2),
            "SHIFTLEFT" => (Op::Lshl, 3, 2),
            "SHIFTRIGHT" => (Op::Lshr, 3, 2),
            "NORMALISE" => (Op::Norm, 2, 3),
            _ => {
                self.unsupported(span, &format!("the intrinsic {name}"));
                return;
            }
        };
        if args.len() != nargs + nres {
            self.unsupported(span, &format!("this use of {name}"));
            return;
        }
        let (ins, targets) = args.split_at(nargs);
        let mark = self.mark_frame();
        // Operand order: LONGSUM/LONGDIFF/LONGPROD (l, r, c) take C = c, B = l, A = r;
        // LONGDIV/SHIFTs (hi, lo, n) take C = hi, B = lo, A = n; NORMALISE (hi, lo)
        // takes B = hi, A = lo.
        match op {
            Op::Lsum | Op::Ldiff | Op::Lmul => {
                self.push_list(&[V::Val(&ins[2]), V::Val(&ins[0]), V::Val(&ins[1])])
            }
            _ => self.push_args(ins),
        }
        self.op(op);
        // Results in registers: A, B, C. Targets in result order.
        let regs: Vec<(usize, i32)> = (0..nres).map(|_| self.temp()).collect();
        for r in &regs {
            self.store_word(r.0, r.1);
        }
        // Which register each result is: LONGSUM/LONGDIFF (carry, sum) = (B, A);
        // LONGPROD/SHIFTs (hi, lo) = (B, A); LONGDIV (quot, rem) = (A, B);
        // NORMALISE (places, hi, lo) = (C, B, A).
        let order: &[usize] = match op {
            Op::Ldiv => &[0, 1],
            Op::Norm => &[2, 1, 0],
            _ => &[1, 0],
        };
        for (t, &k) in targets.iter().zip(order) {
            let (c, o) = regs[k];
            self.store_to(t, V::Word(c, o));
        }
        self.release(mark);
    }

    /// MOVE2D (src, sx, sy, dst, dx, dy, width, length) and DRAW2D/CLIP2D.
    fn move2d(&mut self, name: &str, args: &[Expr], span: Span) {
        let [src, sx, sy, dst, dx, dy, width, length] = args else {
            self.unsupported(span, &format!("this use of {name}"));
            return;
        };
        let mark = self.mark_frame();
        let cur = self.cur;
        let w = self.alloc(6);
        // w: width, length, src addr, dst addr, src stride, dst stride
        self.push_val(width);
        self.store_word(cur, w);
        self.push_val(length);
        self.store_word(cur, w + 1);
        for (k, (arr, x, y)) in [(src, sx, sy), (dst, dx, dy)].into_iter().enumerate() {
            let k = k as i32;
            // width in 0..=stride and x in 0..=stride − width; same for rows.
            for (pos, dim, size) in [(x, 1usize, w), (y, 0, w + 1)] {
                let tmp = w + 4 + k;
                self.push_dim(arr, dim);
                self.store_word(cur, tmp);
                self.load_word(cur, size);
                self.load_word(cur, tmp);
                self.d(Func::Adc, 1);
                self.op(Op::Csub0);
                self.load_word(cur, tmp);
                self.op(Op::Rev);
                self.op(Op::Diff);
                self.d(Func::Adc, 1);
                self.store_word(cur, tmp);
                self.push_val(pos);
                self.load_word(cur, tmp);
                self.op(Op::Csub0);
                self.store_word(cur, tmp);
            }
            // address = base + y·stride + x
            self.push_val(y);
            self.push_dim(arr, 1);
            self.op(Op::Prod);
            self.push_val(x);
            self.op(Op::Sum);
            self.store_word(cur, w + 2 + k);
            self.push_addr(arr);
            self.load_word(cur, w + 2 + k);
            self.op(Op::Sum);
            self.store_word(cur, w + 2 + k);
            self.push_dim(arr, 1);
            self.store_word(cur, w + 4 + k);
        }
        self.load_word(cur, w + 4);
        self.load_word(cur, w + 5);
        self.load_word(cur, w + 1);
        self.op(Op::Move2dinit);
        self.load_word(cur, w + 2);
        self.load_word(cur, w + 3);
        self.load_word(cur, w);
        self.op(match name {
            "MOVE2D" => Op::Move2dall,
            "DRAW2D" => Op::Move2dnonzero,
            _ => Op::Move2dzero,
        });
        self.release(mark);
    }
}
