//! PAR, PRI PAR and replicated PAR.
//!
//! Branch workspaces are carved out of the space below the parent's Wptr, after the
//! parent's 5 reserved words: branch j's Wptr is D_j words below the parent's, and it
//! reaches the parent's variables at fixed offsets (+D_j). The parent keeps a join
//! block {successor Iptr, count} in its frame at word J; every branch ends with
//! `ldlp J+D_j; endp`, and the last to finish continues at the successor with
//! Wptr = &join, which `ajw -J` turns back into the parent's Wptr. The parent starts
//! all branches but the last with `startp` and then becomes the last one (`ajw -D`).
//!
//! PRI PAR: the first branch is made high priority with the `runp` idiom (its Iptr
//! in its W[-1], `ldlp -D; runp` with an even descriptor); when it ends it drops back
//! to the parent's priority (saved in its frame) with `runp` of its own descriptor
//! and `stopp`, then joins.
//!
//! Replicated PRI PAR runs as PRI PAR of its first copy and a replicated PAR of the
//! rest (the transputer has two priorities).
//!
//! Replicated PAR: the copies share code, so each copy gets a pointer to the parent's
//! Wptr (a dynamic link) and its index in its own frame; the parent starts them all in
//! a `lend` loop and joins with count n+1.

use super::expr::{const_word, V};
use super::gen::{CtxLayout, Gen, Link, Loc, VarLoc, RESERVED_BELOW};
use crate::ir::{BinOp, Const, Decl, Expr, ExprKind, Process, Replicator};
use t800_isa::asm::{Item, Operand};
use t800_isa::{Func, Op};

impl Gen<'_, '_> {
    fn par_known(&mut self, n: usize) -> (usize, Vec<CtxLayout>) {
        let seq = self.par_count;
        self.par_count += 1;
        let known = if self.first_pass {
            vec![CtxLayout::default(); n]
        } else {
            let mut k = self.par_layouts.get(seq).cloned().unwrap_or_default();
            k.resize(n, CtxLayout::default());
            k
        };
        (seq, known)
    }

    fn record_par(&mut self, seq: usize, found: Vec<CtxLayout>) {
        if self.first_pass {
            if self.found_pars.len() <= seq {
                self.found_pars.resize(seq + 1, Vec::new());
            }
            self.found_pars[seq] = found;
        }
    }

    /// PAR / PRI PAR.
    pub fn par(&mut self, branches: &[Process], pri: bool) {
        let n = branches.len();
        if n == 0 {
            return;
        }
        if n == 1 {
            self.process(&branches[0]);
            return;
        }
        let detach = std::mem::take(&mut self.detach_first_par);
        let (seq, known) = self.par_known(n);
        let mut offs = Vec::with_capacity(n);
        let mut acc = RESERVED_BELOW;
        for l in &known {
            offs.push((acc + l.above()) as i32);
            acc += l.total();
        }
        let parent = self.cur;
        let pdepth = self.ctxs[parent].depth;
        let join = self.alloc(2);
        let succ = self.label();
        self.ldc(n as i32 - detach as i32);
        self.store_word(parent, join + 1);
        self.ld_label_addr(succ);
        self.store_word(parent, join);
        let starts: Vec<_> = (0..n).map(|_| self.label()).collect();
        for j in 0..n - 1 {
            if pri && j == 0 {
                // Iptr.s of the new process, its return priority, then run it high.
                self.ld_label_addr(starts[0]);
                self.store_word(parent, -offs[0] - 1);
                self.op(Op::Ldpri);
                self.store_word(parent, -offs[0] + known[0].args as i32);
                self.d(Func::Ldlp, -offs[0]);
                self.op(Op::Runp);
            } else {
                let m = self.label();
                self.emit(Item::Direct(Func::Ldc, Operand::Diff(starts[j], m, 0)));
                self.d(Func::Ldlp, -offs[j]);
                self.op(Op::Startp);
                self.place(m);
            }
        }
        self.d(Func::Ajw, -offs[n - 1]);
        let mut found = vec![CtxLayout::default(); n];
        let order: Vec<usize> = std::iter::once(n - 1).chain(0..n - 1).collect();
        for j in order {
            self.place(starts[j]);
            let c = self.open_ctx(Some(parent), Link::Fixed(offs[j]), pdepth + offs[j] as u32);
            let prislot = if pri && j == 0 {
                Some(self.alloc(1))
            } else {
                None
            };
            self.process(&branches[j]);
            if let Some(slot) = prislot {
                self.d(Func::Ldlp, 0);
                self.d(Func::Ldl, slot);
                self.op(Op::Or);
                self.op(Op::Runp);
                self.op(Op::Stopp);
            }
            if detach && j == 0 {
                // Not joined: if it ever ends, it just stops.
                self.op(Op::Stopp);
            } else {
                self.d(Func::Ldlp, join + offs[j]);
                self.op(Op::Endp);
            }
            found[j] = self.close_ctx(c, parent);
        }
        // Measured after the branches, so the first pass gets it right too.
        let region: u32 = RESERVED_BELOW + found.iter().map(|l| l.total()).sum::<u32>();
        self.need_below(region);
        self.record_par(seq, found);
        self.place(succ);
        if join != 0 {
            self.d(Func::Ajw, -join);
        }
    }

    /// Evaluates `v` in a workspace moved below the current process's reserved words
    /// (laid out like a PAR branch, but run in line with `ajw`) and stores it in a
    /// fresh temporary of the current context, returned. Used between `alt` and
    /// `altend`, where a call's frame would overwrite the ALT state below Wptr and
    /// its stacked arguments would overwrite W[0].
    pub fn isolated_word(&mut self, v: V) -> (usize, i32) {
        let (seq, known) = self.par_known(1);
        let d = (RESERVED_BELOW + known[0].above()) as i32;
        let parent = self.cur;
        let pdepth = self.ctxs[parent].depth;
        let t = self.temp();
        self.d(Func::Ajw, -d);
        let c = self.open_ctx(Some(parent), Link::Fixed(d), pdepth + d as u32);
        self.push(&v);
        self.store_word(t.0, t.1);
        let found = self.close_ctx(c, parent);
        self.d(Func::Ajw, d);
        self.need_below(RESERVED_BELOW + found.total());
        self.record_par(seq, vec![found]);
        t
    }

    /// Replicated PAR (count folded to a constant by sema).
    pub fn repl_par(&mut self, rep: &Replicator, body: &Process, pri: bool) {
        let count = match &rep.count.kind {
            ExprKind::Const(c) => const_word(c),
            _ => None,
        };
        let Some(count) = count else {
            self.unsupported(rep.count.span, "a replicated PAR with a non-constant count");
            return;
        };
        if count <= 0 {
            return;
        }
        if pri && count > 1 {
            // Two priorities: the first copy high, the others low, as
            // PRI PAR (copy 0, PAR i = base + 1 FOR count - 1).
            let first = Process::Scope(
                vec![Decl::Abbrev {
                    var: rep.var,
                    target: rep.base.clone(),
                    retypes: false,
                }],
                Box::new(body.clone()),
            );
            let next_base = Expr {
                kind: ExprKind::Binary(
                    BinOp::Plus,
                    Box::new([
                        rep.base.clone(),
                        Expr {
                            kind: ExprKind::Const(Const::Int(1)),
                            ty: rep.base.ty.clone(),
                            span: rep.base.span,
                        },
                    ]),
                ),
                ty: rep.base.ty.clone(),
                span: rep.base.span,
            };
            let rest = Process::ReplPar {
                rep: Box::new(Replicator {
                    var: rep.var,
                    base: next_base,
                    count: Expr {
                        kind: ExprKind::Const(Const::Int(count as i64 - 1)),
                        ty: rep.count.ty.clone(),
                        span: rep.count.span,
                    },
                }),
                body: Box::new(body.clone()),
                pri: false,
            };
            self.par(&[first, rest], true);
            return;
        }
        let (seq, known) = self.par_known(1);
        let l = known[0];
        let size = l.total() as i32;
        let d0 = (RESERVED_BELOW + l.above()) as i32;
        let parent = self.cur;
        let pdepth = self.ctxs[parent].depth;
        let join = self.alloc(2);
        let block = self.alloc(2);
        let wp = self.alloc(1);
        let (succ, body_l, top, end) = (self.label(), self.label(), self.label(), self.label());
        let (link_slot, idx_slot) = (l.args as i32, l.args as i32 + 1);
        self.ldc(count + 1);
        self.store_word(parent, join + 1);
        self.ld_label_addr(succ);
        self.store_word(parent, join);
        self.push_val(&rep.base);
        self.store_word(parent, block);
        self.ldc(count);
        self.store_word(parent, block + 1);
        self.d(Func::Ldlp, -d0);
        self.store_word(parent, wp);
        self.place(top);
        self.load_word(parent, block);
        self.load_word(parent, wp);
        self.d(Func::Stnl, idx_slot);
        self.d(Func::Ldlp, 0);
        self.load_word(parent, wp);
        self.d(Func::Stnl, link_slot);
        let m = self.label();
        self.emit(Item::Direct(Func::Ldc, Operand::Diff(body_l, m, 0)));
        self.load_word(parent, wp);
        self.op(Op::Startp);
        self.place(m);
        self.load_word(parent, wp);
        self.d(Func::Ldnlp, -size);
        self.store_word(parent, wp);
        self.addr_word(parent, block);
        self.emit(Item::Direct(Func::Ldc, Operand::Diff(end, top, 0)));
        self.op(Op::Lend);
        self.place(end);
        self.d(Func::Ldlp, join);
        self.op(Op::Endp);

        self.place(body_l);
        let depth = pdepth + d0 as u32 + (count as u32 - 1) * l.total();
        let c = self.open_ctx(Some(parent), Link::Dynamic(link_slot), depth);
        let ls = self.alloc(1);
        let is = self.alloc(1);
        debug_assert!(self.first_pass || (ls, is) == (link_slot, idx_slot));
        let saved = self.vars.insert(
            rep.var,
            VarLoc {
                loc: Loc::Local { ctx: c, off: is },
                dims: vec![],
            },
        );
        self.process(body);
        self.d(Func::Ldl, ls);
        self.d(Func::Ldnlp, join);
        self.op(Op::Endp);
        if let Some(s) = saved {
            self.vars.insert(rep.var, s);
        }
        let found = self.close_ctx(c, parent);
        self.need_below(RESERVED_BELOW + count as u32 * found.total());
        self.record_par(seq, vec![found]);
        self.place(succ);
        if join != 0 {
            self.d(Func::Ajw, -join);
        }
    }
}
