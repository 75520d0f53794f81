//! Sequential processes: declarations, assignment, SEQ, IF, CASE, WHILE, replicated
//! SEQ, and the dispatch of every process kind to its generator.

use super::expr::{const_word, V};
use super::gen::{Dim, Gen, Loc, VarLoc};
use super::{ty, walk};
use crate::ir::{
    Const, Decl, Expr, ExprKind, IfArm, InItem, OutItem, Process, Replicator, Type, VarKind,
};
use t800_isa::asm::{Item, Operand};
use t800_isa::{Func, Op};

impl Gen<'_, '_> {
    /// Generates one process.
    pub fn process(&mut self, p: &Process) {
        let mark = self.mark_frame();
        match p {
            Process::Skip => {}
            Process::Stop(span) => {
                self.mark(*span);
                self.stop_process();
            }
            Process::Asm(items, span) => {
                self.mark(*span);
                self.asm(items);
            }
            Process::Assign {
                targets,
                values,
                span,
            } => {
                self.mark(*span);
                self.assign(targets, values);
                self.after_checks_of(targets.iter().chain(values));
            }
            Process::AssignCall {
                targets,
                func,
                args,
                span,
            } => {
                self.mark(*span);
                self.assign_call(targets, func.index(), args);
                // The FUNCTION's own checks stop it (and so this process) inside.
                let prog = self.u.prog;
                if walk::actuals_checked(prog, args) {
                    self.after_checks();
                }
                self.after_checks_of(targets);
            }
            Process::Output { chan, items, span } => {
                self.mark(*span);
                self.output(chan, items);
                let counted = items.iter().any(|i| matches!(i, OutItem::Counted(..)));
                let exprs = items.iter().flat_map(|i| match i {
                    OutItem::Value(e) => vec![e],
                    OutItem::Counted(n, a) => vec![n, a],
                    OutItem::Tag(_) => vec![],
                });
                if counted {
                    self.after_checks();
                } else {
                    self.after_checks_of(exprs.chain([chan]));
                }
            }
            Process::Input { chan, items, span } => {
                self.mark(*span);
                self.input(chan, items);
                if items.iter().any(|i| matches!(i, InItem::Counted(..))) {
                    self.after_checks();
                } else {
                    let exprs = items.iter().filter_map(|i| match i {
                        InItem::Value(e) => Some(e),
                        InItem::Counted(..) => None,
                    });
                    self.after_checks_of(exprs.chain([chan]));
                }
            }
            Process::CaseInput { chan, arms, span } => {
                self.mark(*span);
                self.case_input(chan, arms);
            }
            Process::TimerRead { target, span } => {
                self.mark(*span);
                self.op(Op::Ldtimer);
                let mark = self.mark_frame();
                let t = self.temp();
                self.store_word(t.0, t.1);
                self.store_to(target, V::Word(t.0, t.1));
                self.release(mark);
                self.after_checks_of([target]);
            }
            Process::Delay { time, span } => {
                self.mark(*span);
                self.push_val(time);
                self.op(Op::Tin);
                self.after_checks_of([time]);
            }
            Process::PortRead { port, target } => {
                self.mark(port.span);
                let mark = self.mark_frame();
                self.push_addr(port);
                self.load_mem(&target.ty);
                let t = self.temp();
                self.store_word(t.0, t.1);
                self.store_to(target, V::Word(t.0, t.1));
                self.release(mark);
            }
            Process::PortWrite { port, value } => {
                self.mark(port.span);
                self.store_to(port, V::Val(value));
                self.after_checks_of([&**port, &**value]);
            }
            Process::Call {
                proc_id,
                args,
                span,
            } => {
                self.mark(*span);
                self.call_routine(proc_id.index(), args, &[]);
                let prog = self.u.prog;
                if walk::actuals_checked(prog, args) {
                    self.after_checks();
                }
            }
            Process::IntrinsicCall {
                intrinsic,
                args,
                span,
            } => {
                self.mark(*span);
                self.intrinsic_proc(&intrinsic.0, args, *span);
                self.after_checks();
            }
            Process::Seq(ps) => {
                for p in ps {
                    self.process(p);
                }
            }
            Process::ReplSeq(rep, body) => self.repl_seq(rep, body),
            Process::Par { branches, pri } => self.par(branches, *pri),
            Process::ReplPar { rep, body, pri } => self.repl_par(rep, body, *pri),
            Process::PlacedPar(placed) => {
                let bodies: Vec<Process> = placed.iter().map(|p| p.body.clone()).collect();
                self.par(&bodies, false);
            }
            Process::If(arms, span) => {
                self.mark(*span);
                let end = self.label();
                self.if_arms(arms, end);
                self.mark(*span);
                self.runtime_error();
                self.place(end);
            }
            Process::Case {
                selector,
                arms,
                default,
                span,
            } => {
                self.mark(*span);
                self.case(selector, arms, default.as_deref());
            }
            Process::While(cond, body) => {
                let top = self.label();
                let end = self.label();
                self.place(top);
                self.mark(cond.span);
                self.jump_if_false(cond, end);
                self.process(body);
                self.jump(Func::J, top);
                self.place(end);
            }
            Process::Alt { arms, pri: _, span } => {
                self.mark(*span);
                self.alt(arms);
            }
            Process::Scope(decls, body) => {
                for d in decls {
                    self.declare(d);
                }
                self.process(body);
            }
        }
        self.release(mark);
    }

    /// Jumps to `target` if the boolean `cond` is FALSE.
    pub fn jump_if_false(&mut self, cond: &Expr, target: t800_isa::asm::Label) {
        match &cond.kind {
            ExprKind::Const(Const::Bool(true)) => {}
            ExprKind::Const(Const::Bool(false)) => self.jump(Func::J, target),
            _ => {
                self.push_val(cond);
                // STOP mode: a failed check in the condition stops here.
                self.after_checks_of([cond]);
                self.jump(Func::Cj, target);
            }
        }
    }

    // ---- declarations --------------------------------------------------------------

    /// Gives a declared name its storage (and initialises channels).
    pub fn declare(&mut self, d: &Decl) {
        match d {
            Decl::Proc(_) => {}
            Decl::Var(v) => {
                let Some(info) = self.u.prog.vars.get(v.index()) else {
                    return;
                };
                let info = info.clone();
                let loc = if let Some(a) = info.placed_at {
                    Loc::Placed(a)
                } else {
                    match info.kind {
                        VarKind::Timer => Loc::Timer,
                        VarKind::Constant => match &info.value {
                            Some(c) => Loc::Const(c.clone()),
                            None => Loc::Timer,
                        },
                        _ => {
                            let n = ty::words(self.size(&info.ty)).max(1);
                            let off = self.alloc(n);
                            let cur = self.cur;
                            if info.kind == VarKind::Channel
                                || matches!(ty::resolve(self.u.prog, &info.ty), Type::Chan(_))
                            {
                                self.init_channels(cur, off, n);
                            } else if matches!(
                                ty::resolve(self.u.prog, &info.ty),
                                Type::Bool | Type::Byte | Type::Int16
                            ) {
                                // Part-word scalars live in a word read with ldl: keep
                                // the upper bytes zero for byte-wide inputs.
                                self.ldc(0);
                                self.store_word(cur, off);
                            }
                            Loc::Local { ctx: cur, off }
                        }
                    }
                };
                self.vars.insert(*v, VarLoc { loc, dims: vec![] });
            }
            Decl::Abbrev {
                var,
                target,
                retypes,
            } => self.abbreviate(*var, target, *retypes),
        }
    }

    /// Sets `n` channel words from (`ctx`, `off`) to NotProcess.p.
    fn init_channels(&mut self, ctx: usize, off: i32, n: u32) {
        if n <= 4 {
            for k in 0..n as i32 {
                self.op(Op::Mint);
                self.store_word(ctx, off + k);
            }
            return;
        }
        let mark = self.mark_frame();
        let block = self.alloc(2);
        let cur = self.cur;
        self.ldc(0);
        self.store_word(cur, block);
        self.ldc(n as i32);
        self.store_word(cur, block + 1);
        let (top, end) = (self.label(), self.label());
        self.place(top);
        self.op(Op::Mint);
        self.load_word(cur, block);
        self.addr_word(ctx, off);
        self.op(Op::Wsub);
        self.d(Func::Stnl, 0);
        self.addr_word(cur, block);
        self.emit(Item::Direct(Func::Ldc, Operand::Diff(end, top, 0)));
        self.op(Op::Lend);
        self.place(end);
        self.release(mark);
    }

    fn abbreviate(&mut self, var: crate::ir::VarId, target: &Expr, retypes: bool) {
        let Some(info) = self.u.prog.vars.get(var.index()).cloned() else {
            return;
        };
        if info.kind == VarKind::Constant {
            if let Some(c) = info.value {
                self.vars.insert(
                    var,
                    VarLoc {
                        loc: Loc::Const(c),
                        dims: vec![],
                    },
                );
                return;
            }
        }
        let scalar = ty::is_word_scalar(self.u.prog, &info.ty);
        let target_scalar = ty::is_word_scalar(self.u.prog, &target.ty);
        // A plain renaming of a whole variable shares its place.
        if let ExprKind::Var(t) = &target.kind {
            if !retypes || info.ty == target.ty {
                if let Some(l) = self.vars.get(t).cloned() {
                    self.vars.insert(var, l);
                    return;
                }
            }
        }
        // (A replicator index bound to a value: replicated PRI PAR's first copy.)
        if matches!(info.kind, VarKind::Val | VarKind::Replicator) && scalar && target_scalar {
            let off = self.alloc(1);
            let cur = self.cur;
            self.push_val(target);
            self.store_word(cur, off);
            self.vars.insert(
                var,
                VarLoc {
                    loc: Loc::Local { ctx: cur, off },
                    dims: vec![],
                },
            );
            return;
        }
        // By reference: a pointer, plus the sizes of open dimensions.
        let off = self.alloc(1);
        let cur = self.cur;
        self.push_addr(target);
        self.store_word(cur, off);
        let mut dims = Vec::new();
        let opens = ty::open_dims(self.u.prog, &info.ty);
        for k in opens {
            let w = self.alloc(1);
            if retypes {
                // Outer open dimension from the byte size of the target.
                let inner = self.inner_bytes(&info.ty, k);
                self.push_bytes(target);
                self.ldc(inner as i32);
                self.op(Op::Div);
            } else {
                self.push_dim(target, k);
            }
            self.store_word(cur, w);
            dims.push((k, Dim::Word { ctx: cur, off: w }));
        }
        self.vars.insert(
            var,
            VarLoc {
                loc: Loc::Ptr { ctx: cur, off },
                dims,
            },
        );
    }

    /// Bytes of one element at dimension `k` (product of the fixed inner sizes).
    fn inner_bytes(&self, t: &Type, k: usize) -> u32 {
        let r = ty::rank(self.u.prog, t);
        let mut n = ty::base_elem_size(self.u.prog, t);
        for j in k + 1..r {
            n = n.saturating_mul(ty::fixed_dim(self.u.prog, t, j).unwrap_or(1));
        }
        n.max(1)
    }

    // ---- assignment ----------------------------------------------------------------

    fn assign(&mut self, targets: &[Expr], values: &[Expr]) {
        if targets.len() == 1 {
            if let (Some(t), Some(v)) = (targets.first(), values.first()) {
                self.assign_one(t, v);
            }
            return;
        }
        // Multiple assignment: every value first, then every target.
        let mut saved = Vec::new();
        for v in values {
            if ty::is_word_scalar(self.u.prog, &v.ty) {
                self.push_val(v);
                let t = self.temp_keep(1);
                self.store_word(t.0, t.1);
                saved.push(t);
            } else {
                let n = ty::words(self.size(&v.ty)).max(1);
                let t = self.temp_keep(n);
                self.push_list(&[V::Addr(v), V::WordAddr(t.0, t.1), V::Bytes(v)]);
                self.op(Op::Move);
                saved.push(t);
            }
        }
        for (t, (c, o)) in targets.iter().zip(saved) {
            if ty::is_word_scalar(self.u.prog, &t.ty) {
                self.store_to(t, V::Word(c, o));
            } else {
                self.push_list(&[V::WordAddr(c, o), V::Addr(t), V::Bytes(t)]);
                self.op(Op::Move);
            }
        }
    }

    /// `target := value` for one target.
    pub fn assign_one(&mut self, target: &Expr, value: &Expr) {
        if self.assign_wide(target, value) {
            return;
        }
        if ty::is_word_scalar(self.u.prog, &target.ty) {
            self.store_to(target, V::Val(value));
        } else {
            self.check_same_shape(target, value);
            self.push_list(&[V::Addr(value), V::Addr(target), V::Bytes(target)]);
            self.op(Op::Move);
        }
    }

    /// Array assignment where a size is known only at run time: every such
    /// dimension of the two sides must agree (Error otherwise).
    fn check_same_shape(&mut self, target: &Expr, value: &Expr) {
        let prog = self.u.prog;
        for k in 0..ty::rank(prog, &target.ty) {
            let fixed = ty::fixed_dim(prog, &target.ty, k).is_some()
                && ty::fixed_dim(prog, &value.ty, k).is_some();
            if !fixed {
                self.push_pair(V::Dim(target, k), V::Dim(value, k), true);
                self.op(Op::Diff);
                self.ldc(1);
                self.op(Op::Csub0);
            }
        }
    }

    /// Stores the word `v` into the scalar lvalue `target`.
    pub fn store_to(&mut self, target: &Expr, v: V) {
        if let ExprKind::Var(id) = &target.kind {
            if let Some(VarLoc {
                loc: Loc::Local { ctx, off },
                ..
            }) = self.vars.get(id).cloned()
            {
                self.push(&v);
                self.store_word(ctx, off);
                return;
            }
        }
        self.push_list(&[v, V::Addr(target)]);
        self.store_mem(&target.ty);
    }

    // ---- IF, CASE, loops -----------------------------------------------------------

    fn if_arms(&mut self, arms: &[IfArm], end: t800_isa::asm::Label) {
        for arm in arms {
            match arm {
                IfArm::Guard(cond, body) => {
                    let next = self.label();
                    self.mark(cond.span);
                    self.jump_if_false(cond, next);
                    self.process(body);
                    self.jump(Func::J, end);
                    self.place(next);
                }
                IfArm::Nested(inner) => self.if_arms(inner, end),
                IfArm::Scope(decls, inner) => {
                    // The names live while the inner guards are tried and the chosen
                    // body runs; when all guards fail, the next choice reuses the
                    // space.
                    let mark = self.mark_frame();
                    for d in decls {
                        self.declare(d);
                    }
                    self.if_arms(inner, end);
                    self.release(mark);
                }
                IfArm::Repl(rep, inner) => {
                    let mark = self.mark_frame();
                    let (i, cnt) = self.replicator_start(rep);
                    let (top, done) = (self.label(), self.label());
                    let cur = self.cur;
                    self.place(top);
                    self.load_word(cur, cnt);
                    self.ldc(0);
                    self.op(Op::Gt);
                    self.jump(Func::Cj, done);
                    self.if_arms(inner, end);
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

    /// Allocates {index, count} for a replicator, binds its variable and stores base
    /// and count; returns the two word offsets.
    pub fn replicator_start(&mut self, rep: &Replicator) -> (i32, i32) {
        let block = self.alloc(2);
        let cur = self.cur;
        self.push_val(&rep.base);
        self.store_word(cur, block);
        self.push_val(&rep.count);
        self.store_word(cur, block + 1);
        self.vars.insert(
            rep.var,
            VarLoc {
                loc: Loc::Local {
                    ctx: cur,
                    off: block,
                },
                dims: vec![],
            },
        );
        (block, block + 1)
    }

    fn repl_seq(&mut self, rep: &Replicator, body: &Process) {
        let count = match &rep.count.kind {
            ExprKind::Const(c) => const_word(c),
            _ => None,
        };
        if count.is_some_and(|n| n <= 0) {
            return;
        }
        let (block, cnt) = self.replicator_start(rep);
        let cur = self.cur;
        let (top, end) = (self.label(), self.label());
        if count.is_none() {
            self.load_word(cur, cnt);
            self.ldc(0);
            self.op(Op::Gt);
            self.jump(Func::Cj, end);
        }
        self.place(top);
        self.process(body);
        self.addr_word(cur, block);
        let m = self.label();
        self.emit(Item::Direct(Func::Ldc, Operand::Diff(m, top, 0)));
        self.op(Op::Lend);
        self.place(m);
        self.place(end);
    }

    fn case(&mut self, selector: &Expr, arms: &[(Vec<Const>, Process)], default: Option<&Process>) {
        let cur = self.cur;
        let sel = self.alloc(1);
        self.push_val(selector);
        self.store_word(cur, sel);
        self.after_checks_of([selector]);
        let end = self.label();
        let deflt = self.label();
        let arm_labels: Vec<_> = arms.iter().map(|_| self.label()).collect();
        let mut cases: Vec<(i32, usize)> = Vec::new();
        for (i, (labels, _)) in arms.iter().enumerate() {
            for c in labels {
                if let Some(k) = const_word(c) {
                    cases.push((k, i));
                }
            }
        }
        cases.sort();
        let (lo, hi) = match (cases.first(), cases.last()) {
            (Some(a), Some(b)) => (a.0 as i64, b.0 as i64),
            _ => (0, -1),
        };
        let span = hi - lo + 1;
        if cases.len() >= 5 && span <= 3 * cases.len() as i64 && span <= 1024 {
            // Dense: a jump table of offsets from the table itself.
            let n = span as i32;
            let idx = self.alloc(1);
            self.load_word(cur, sel);
            self.ldc(lo as i32);
            self.op(Op::Diff);
            self.store_word(cur, idx);
            self.ldc(n ^ i32::MIN);
            self.load_word(cur, idx);
            self.op(Op::Mint);
            self.op(Op::Xor);
            self.op(Op::Gt);
            self.jump(Func::Cj, deflt);
            let tbl = self.label();
            self.load_word(cur, idx);
            self.ld_label_addr(tbl);
            self.op(Op::Wsub);
            self.d(Func::Ldnl, 0);
            self.ld_label_addr(tbl);
            self.op(Op::Sum);
            self.op(Op::Gcall);
            self.emit(Item::Align(4));
            self.place(tbl);
            let mut it = cases.iter().peekable();
            for k in 0..n as i64 {
                let target = match it.peek() {
                    Some(&&(v, i)) if v as i64 == lo + k => {
                        it.next();
                        arm_labels[i]
                    }
                    _ => deflt,
                };
                self.emit(Item::Word(Operand::Diff(target, tbl, 0)));
            }
        } else {
            for (k, i) in &cases {
                self.load_word(cur, sel);
                self.d(Func::Eqc, *k);
                self.d(Func::Eqc, 0);
                self.jump(Func::Cj, arm_labels[*i]);
            }
            self.jump(Func::J, deflt);
        }
        for ((_, body), l) in arms.iter().zip(&arm_labels) {
            self.place(*l);
            self.process(body);
            self.jump(Func::J, end);
        }
        self.place(deflt);
        match default {
            Some(p) => self.process(p),
            None => self.runtime_error(),
        }
        self.place(end);
    }
}
