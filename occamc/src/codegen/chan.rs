//! Channel input and output for every protocol kind, and ALT.
//!
//! Each item of a sequential protocol is one message: 4-byte scalars go with
//! `outword`, 1-byte scalars with `outbyte` (channel in A, value in B, as the
//! hardware and our emulator have it; t800.md §2.6 lists them swapped), anything else with `out` from memory;
//! input is always `in` into the target's storage. A variant tag is one byte; a
//! counted array sends its count (as its own type) then count × element bytes.
//!
//! ALT follows t800.md §4: `alt`/`talt`, enable every guard (`enbc`/`enbs`/`enbt`),
//! `altwt`/`taltwt`, disable every guard in textual order (`disc`/`diss`/`dist`, the
//! first ready one wins, so PRI ALT is the same code), `altend` jumps to the chosen
//! branch, which then performs its input. Replicated guards are enabled and disabled
//! in loops; a disabling step that selects records the replicator values, which the
//! branch body then sees.

use super::expr::{has_call, V};
use super::gen::{Gen, Loc, VarLoc};
use super::ty;
use crate::ir::{AltArm, CaseInputArm, Decl, Expr, Guard, InItem, OutItem, Replicator, VarKind};
use t800_isa::asm::{Item, Label, Operand};
use t800_isa::{Func, Op};

impl Gen<'_, '_> {
    /// `c ! items`.
    pub fn output(&mut self, chan: &Expr, items: &[OutItem]) {
        for it in items {
            match it {
                OutItem::Value(e) => self.send_value(chan, e),
                OutItem::Tag(t) => {
                    self.push_list(&[V::Const(*t as i32), V::Addr(chan)]);
                    self.op(Op::Outbyte);
                }
                OutItem::Counted(n, a) => {
                    self.send_value(chan, n);
                    let mark = self.mark_frame();
                    let tb = self.counted_bytes(n, a);
                    self.push_list(&[V::Addr(a), V::Addr(chan), V::Word(tb.0, tb.1)]);
                    self.op(Op::Out);
                    self.release(mark);
                }
            }
        }
    }

    /// Checks `n` against SIZE `a` and leaves n × element size in a temporary.
    fn counted_bytes(&mut self, n: &Expr, a: &Expr) -> (usize, i32) {
        let es = ty::element(self.u.prog, &a.ty).map_or(1, |x| x.1);
        self.push_pair(V::Val(n), V::Dim(a, 0), false);
        self.d(Func::Adc, 1);
        self.op(Op::Csub0);
        if es != 1 {
            self.ldc(es as i32);
            self.op(Op::Prod);
        }
        let t = self.temp();
        self.store_word(t.0, t.1);
        t
    }

    fn send_value(&mut self, chan: &Expr, e: &Expr) {
        let size = self.size(&e.ty);
        let scalar = ty::is_word_scalar(self.u.prog, &e.ty);
        // outbyte/outword: A = channel, B = value (as the hardware has it).
        if scalar && size == 4 {
            self.push_pair(V::Val(e), V::Addr(chan), false);
            self.op(Op::Outword);
        } else if scalar && size == 1 {
            self.push_pair(V::Val(e), V::Addr(chan), false);
            self.op(Op::Outbyte);
        } else {
            self.push_list(&[V::Addr(e), V::Addr(chan), V::Bytes(e)]);
            self.op(Op::Out);
        }
    }

    /// `c ? items`.
    pub fn input(&mut self, chan: &Expr, items: &[InItem]) {
        for it in items {
            match it {
                InItem::Value(x) => self.recv_into(chan, x),
                InItem::Counted(n, a) => {
                    self.recv_into(chan, n);
                    let mark = self.mark_frame();
                    let tb = self.counted_bytes(n, a);
                    self.push_list(&[V::Addr(a), V::Addr(chan), V::Word(tb.0, tb.1)]);
                    self.op(Op::In);
                    self.release(mark);
                }
            }
        }
    }

    fn recv_into(&mut self, chan: &Expr, x: &Expr) {
        self.push_list(&[V::Addr(x), V::Addr(chan), V::Bytes(x)]);
        self.op(Op::In);
    }

    /// `c ? CASE …`: the tag byte, then the chosen variant's items and process.
    pub fn case_input(&mut self, chan: &Expr, arms: &[CaseInputArm]) {
        let mark = self.mark_frame();
        let t = self.temp();
        self.ldc(0);
        self.store_word(t.0, t.1);
        self.push_list(&[V::WordAddr(t.0, t.1), V::Addr(chan), V::Const(1)]);
        self.op(Op::In);
        self.case_input_dispatch(chan, arms, t);
        self.release(mark);
    }

    fn case_input_dispatch(&mut self, chan: &Expr, arms: &[CaseInputArm], tag: (usize, i32)) {
        let end = self.label();
        let labels: Vec<Label> = arms.iter().map(|_| self.label()).collect();
        for (a, l) in arms.iter().zip(&labels) {
            self.load_word(tag.0, tag.1);
            self.d(Func::Eqc, a.tag as i32);
            self.d(Func::Eqc, 0);
            self.jump(Func::Cj, *l);
        }
        self.runtime_error();
        for (a, l) in arms.iter().zip(&labels) {
            self.place(*l);
            self.input(chan, &a.items);
            self.process(&a.body);
            self.jump(Func::J, end);
        }
        self.place(end);
    }

    // ---- ALT -----------------------------------------------------------------------

    /// ALT / PRI ALT.
    pub fn alt(&mut self, arms: &[AltArm]) {
        // Per-ALT counters; a nested ALT in a branch body has its own.
        let saved = (
            std::mem::take(&mut self.alt_sels),
            std::mem::take(&mut self.alt_sel_next),
            std::mem::take(&mut self.alt_guard_next),
            std::mem::take(&mut self.alt_body_next),
        );
        // One word per replicated arm records the selected index; allocated before
        // any scope inside the ALT, so nothing in the guards reuses them.
        let nsel = arms.iter().map(count_repls).sum::<u32>();
        if nsel > 0 {
            let (c, o) = self.temp_keep(nsel);
            self.alt_sels = (0..nsel as i32).map(|k| (c, o + k)).collect();
        }
        let timed = arms.iter().any(has_timer_guard);
        let end = self.label();
        let after = self.label();
        let mut bodies = Vec::new();
        let mut w = Walk {
            reps: Vec::new(),
            scopes: Vec::new(),
            bodies: &mut bodies,
            after,
        };
        self.op(if timed { Op::Talt } else { Op::Alt });
        self.alt_walk(arms, &mut w, Phase::Enable);
        self.op(if timed { Op::Taltwt } else { Op::Altwt });
        self.alt_walk(arms, &mut w, Phase::Disable);
        self.op(Op::Altend);
        self.place(after);
        self.alt_sel_next = 0;
        self.alt_walk(arms, &mut w, Phase::Bodies(end));
        self.place(end);
        (
            self.alt_sels,
            self.alt_sel_next,
            self.alt_guard_next,
            self.alt_body_next,
        ) = saved;
    }

    fn alt_walk<'e>(&mut self, arms: &'e [AltArm], w: &mut Walk<'e, '_>, phase: Phase) {
        for arm in arms {
            match arm {
                AltArm::Guard { pre, guard, body } => {
                    self.alt_guard(pre.as_ref(), guard, body, w, phase)
                }
                AltArm::Nested(inner) => self.alt_walk(inner, w, phase),
                AltArm::Scope(decls, inner) => {
                    if let Phase::Bodies(_) = phase {
                        // Each branch re-declares the names it is under: the code
                        // after `altend` jumps straight to the branch.
                        w.scopes.push(decls);
                        self.alt_walk(inner, w, phase);
                        w.scopes.pop();
                        continue;
                    }
                    let mark = self.mark_frame();
                    for d in decls {
                        self.guard_declare(d);
                    }
                    self.alt_walk(inner, w, phase);
                    self.release(mark);
                }
                AltArm::Repl(rep, inner) => {
                    let cur = self.cur;
                    let sel = match phase {
                        Phase::Enable => (cur, 0),
                        Phase::Disable | Phase::Bodies(_) => {
                            let s = self.alt_sels.get(self.alt_sel_next).copied();
                            self.alt_sel_next += 1;
                            s.unwrap_or((cur, 0))
                        }
                    };
                    if let Phase::Bodies(_) = phase {
                        let saved = self.vars.insert(
                            rep.var,
                            VarLoc {
                                loc: Loc::Local {
                                    ctx: sel.0,
                                    off: sel.1,
                                },
                                dims: vec![],
                            },
                        );
                        w.reps.push((rep, sel));
                        self.alt_walk(inner, w, phase);
                        w.reps.pop();
                        if let Some(s) = saved {
                            self.vars.insert(rep.var, s);
                        }
                        continue;
                    }
                    let mark = self.mark_frame();
                    let (i, cnt) = self.replicator_start(rep);
                    let (top, done) = (self.label(), self.label());
                    self.place(top);
                    self.load_word(cur, cnt);
                    self.ldc(0);
                    self.op(Op::Gt);
                    self.jump(Func::Cj, done);
                    w.reps.push((rep, sel));
                    self.alt_walk(inner, w, phase);
                    w.reps.pop();
                    self.load_word(cur, i);
                    self.d(Func::Adc, 1);
                    self.store_word(cur, i);
                    self.load_word(cur, cnt);
                    self.d(Func::Adc, -1);
                    self.store_word(cur, cnt);
                    self.jump(Func::J, top);
                    self.place(done);
                    self.release(mark);
                }
            }
        }
    }

    /// A declaration among the guards, between `alt` and `altend`: a value that needs
    /// a call is computed in a workspace below the ALT's state words.
    fn guard_declare(&mut self, d: &Decl) {
        if let Decl::Abbrev { var, target, .. } = d {
            if has_call(target) {
                let info = self.u.prog.vars.get(var.index());
                let by_value = info.is_some_and(|i| {
                    i.kind == VarKind::Val && ty::is_word_scalar(self.u.prog, &i.ty)
                }) && ty::is_word_scalar(self.u.prog, &target.ty);
                if !by_value {
                    self.unsupported(
                        target.span,
                        "an abbreviation before ALT guards whose target calls a FUNCTION",
                    );
                    return;
                }
                let t = self.isolated_word(V::Val(target));
                self.vars.insert(
                    *var,
                    VarLoc {
                        loc: Loc::Local { ctx: t.0, off: t.1 },
                        dims: vec![],
                    },
                );
                return;
            }
        }
        self.declare(d);
    }

    /// A guard operand, computed beforehand when it calls (see [`Gen::isolated_word`]).
    fn guard_operand<'e>(&mut self, v: V<'e>, e: &Expr) -> V<'e> {
        if has_call(e) {
            let t = self.isolated_word(v);
            V::Word(t.0, t.1)
        } else {
            v
        }
    }

    fn alt_guard(
        &mut self,
        pre: Option<&Expr>,
        guard: &Guard,
        body: &crate::ir::Process,
        w: &mut Walk,
        phase: Phase,
    ) {
        let mark = self.mark_frame();
        let enabling = matches!(phase, Phase::Enable | Phase::Disable);
        let cond = match pre {
            Some(p) if enabling => self.guard_operand(V::Val(p), p),
            _ => V::Const(1),
        };
        let operand = match guard {
            Guard::Input(c, _) | Guard::CaseInput(c, _) if enabling => {
                self.guard_operand(V::Addr(c), c)
            }
            Guard::Timer(t) if enabling => self.guard_operand(V::Val(t), t),
            _ => V::Const(0),
        };
        match phase {
            Phase::Enable => {
                match guard {
                    Guard::Input(..) | Guard::CaseInput(..) => {
                        self.push_list(&[operand, cond]);
                        self.op(Op::Enbc);
                    }
                    Guard::Timer(_) => {
                        self.push_list(&[operand, cond]);
                        self.op(Op::Enbt);
                    }
                    Guard::Skip => {
                        self.push_list(&[cond]);
                        self.op(Op::Enbs);
                    }
                }
                let l = self.label();
                w.bodies.push(l);
            }
            Phase::Disable => {
                let idx = self.alt_guard_next;
                self.alt_guard_next += 1;
                let target = w.bodies.get(idx).copied().unwrap_or(w.after);
                let off = Item::Direct(Func::Ldc, Operand::Diff(target, w.after, 0));
                match guard {
                    Guard::Input(..) | Guard::CaseInput(..) => {
                        self.push_list(&[operand, cond]);
                        self.emit(off);
                        self.op(Op::Disc);
                    }
                    Guard::Timer(_) => {
                        self.push_list(&[operand, cond]);
                        self.emit(off);
                        self.op(Op::Dist);
                    }
                    Guard::Skip => {
                        self.push_list(&[cond]);
                        self.emit(off);
                        self.op(Op::Diss);
                    }
                }
                if !w.reps.is_empty() {
                    let skip = self.label();
                    self.jump(Func::Cj, skip);
                    for (rep, sel) in w.reps.iter() {
                        let idx = self.vars.get(&rep.var).cloned();
                        if let Some(VarLoc {
                            loc: Loc::Local { ctx, off },
                            ..
                        }) = idx
                        {
                            self.load_word(ctx, off);
                            self.store_word(sel.0, sel.1);
                        }
                    }
                    self.place(skip);
                }
            }
            Phase::Bodies(end) => {
                let idx = self.alt_body_next;
                self.alt_body_next += 1;
                if let Some(l) = w.bodies.get(idx).copied() {
                    self.place(l);
                }
                for decls in w.scopes.clone() {
                    for d in decls {
                        self.declare(d);
                    }
                }
                match guard {
                    Guard::Input(c, items) => self.input(c, items),
                    Guard::CaseInput(c, arms) => {
                        let t = self.temp();
                        self.ldc(0);
                        self.store_word(t.0, t.1);
                        self.push_list(&[V::WordAddr(t.0, t.1), V::Addr(c), V::Const(1)]);
                        self.op(Op::In);
                        self.case_input_dispatch(c, arms, t);
                    }
                    Guard::Timer(_) | Guard::Skip => {}
                }
                self.process(body);
                self.jump(Func::J, end);
            }
        }
        self.release(mark);
    }
}

/// What a walk over an ALT's arms carries: the enclosing replicators with the words
/// recording their selected values, the enclosing declarations (for the bodies), the
/// branch labels and the `altend` anchor.
struct Walk<'e, 'b> {
    reps: Vec<(&'e Replicator, (usize, i32))>,
    scopes: Vec<&'e [Decl]>,
    bodies: &'b mut Vec<Label>,
    after: Label,
}

/// Which pass over the ALT's arms.
#[derive(Clone, Copy, Debug)]
enum Phase {
    Enable,
    Disable,
    Bodies(Label),
}

/// Replicated arms in an ALT (each records its selected index in one word).
fn count_repls(a: &AltArm) -> u32 {
    match a {
        AltArm::Guard { .. } => 0,
        AltArm::Nested(v) | AltArm::Scope(_, v) => v.iter().map(count_repls).sum(),
        AltArm::Repl(_, v) => 1 + v.iter().map(count_repls).sum::<u32>(),
    }
}

fn has_timer_guard(a: &AltArm) -> bool {
    match a {
        AltArm::Guard { guard, .. } => matches!(guard, Guard::Timer(_)),
        AltArm::Nested(v) | AltArm::Repl(_, v) | AltArm::Scope(_, v) => {
            v.iter().any(has_timer_guard)
        }
    }
}
