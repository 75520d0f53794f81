//! One walk over the checked IR that computes what every process uses.
//!
//! For each process the walk returns an [`AccessSet`]; PAR branches are
//! compared with [`super::par`], abbreviations, calls and assignments are
//! handed to [`crate::sema::alias`], and every PROC and FUNCTION gets a
//! summary (its uses of parameters and free variables) so that a call counts
//! as the uses its callee makes.

use super::access::{Access, AccessSet, Mode, Via};
use super::collect::Collector;
use super::linear::{linear_of, Linear};
use super::par;
use super::path::{push, Sub};
use crate::diag::{Diagnostic, Span};
use crate::ir::*;
use crate::sema::alias;
use crate::sema::fxhash::FxHashMap;
use std::rc::Rc;

mod calls;

/// Which rule families report diagnostics.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checks {
    /// PAR usage and channel directions.
    pub usage: bool,
    /// Abbreviations, parameters, multiple assignment, counted input.
    pub alias: bool,
}

impl Checks {
    /// Every rule family (what `occamc` checks unless told otherwise).
    pub const ALL: Checks = Checks {
        usage: true,
        alias: true,
    };

    /// The families `options` leave on (occ21's `-n` and `-a` turn them off).
    pub fn from_options(options: &crate::syntax::Options) -> Checks {
        Checks {
            usage: !options.no_usage_checks,
            alias: !options.no_alias_checks,
        }
    }
}

/// Where an lvalue lands: a variable and a path into it.
#[derive(Clone, Debug)]
pub struct Target {
    pub var: VarId,
    pub path: Vec<Sub>,
    /// Reached through a RETYPES: further subscripts are not comparable.
    pub opaque: bool,
}

/// The analysis state for one program.
pub struct Analysis<'p> {
    pub prog: &'p Program,
    /// Per variable (indexed by [`VarId`]), what it abbreviates. This and
    /// `flags` are dense and small because they are read at every use of
    /// every name: no hash lookup, and no visit to the larger [`VarInfo`].
    abbrevs: Vec<Option<&'p Expr>>,
    /// Per variable, [`RETYPED`], [`UNTRACKED`] and [`PERMIT_ALIASES`].
    flags: Vec<u8>,
    /// Replicator ranges `lo..=hi` when base and count are constant.
    pub reps: FxHashMap<VarId, Option<(i64, i64)>>,
    summaries: Vec<Option<Rc<Vec<Access>>>>,
    busy: Vec<bool>,
    /// Each PROC's uses of non-local storage (parameters and free variables).
    pub raw: Vec<AccessSet>,
    pub diags: Vec<Diagnostic>,
    pub checks: Checks,
    /// Abbreviations and replicators are recorded when the walk reaches
    /// them (see [`Analysis::for_run`]).
    lazy: bool,
    /// The walk met a PLACED PAR.
    pub saw_placed_par: bool,
    /// W0503 warnings, when the walk also serves
    /// [`crate::sema::warnings::read_before_assign`] (see [`Self::unset_reads`]).
    pub unset_reads: Option<Vec<Diagnostic>>,
    /// Inside a VALOF expression or an ALT's CASE input guard, where
    /// `read_before_assign` does not look.
    hidden_from_warnings: u32,
    /// Reused for the locals of each scope (one allocation per walk).
    scratch_locals: Vec<VarId>,
    /// Per variable, the barrier its declaration was walked in (`u32::MAX`
    /// for parameters, globals and variables not reached yet).
    ///
    /// A barrier is where the walk looks into the uses it collected: each
    /// PAR, replicated PAR, PROC body and scope whose abbreviations the alias
    /// rules check. A use of a local declared since the last barrier is
    /// dropped when the local's scope ends, before any barrier can see it,
    /// so such uses are not recorded at all.
    local_at: Vec<u32>,
    /// The barrier the walk is in.
    barrier: u32,
    /// Barriers entered so far (each gets a new number).
    barriers: u32,
}

impl<'p> Analysis<'p> {
    /// An analysis that knows every abbreviation and replicator up front, so
    /// any process may be walked on its own.
    pub fn new(prog: &'p Program, checks: Checks) -> Analysis<'p> {
        Self::with_collection(prog, checks, false)
    }

    /// An analysis for [`Analysis::run`], which walks every PROC in order:
    /// abbreviations and replicators are recorded when the walk reaches them
    /// instead of in a search of the whole program up front. That is early
    /// enough for a nested PROC's free names: it is hoisted after the routine
    /// containing it, and called only inside the scope of its declaration,
    /// so the walk meets those declarations before it walks the PROC. The
    /// exception is a main process, hoisted after its nested PROCs (and
    /// holding the outer-level declarations): the last PROC is searched up
    /// front.
    pub fn for_run(prog: &'p Program, checks: Checks) -> Analysis<'p> {
        Self::with_collection(prog, checks, true)
    }

    fn with_collection(prog: &'p Program, checks: Checks, lazy: bool) -> Analysis<'p> {
        // One pass over the variables, so the walk need not visit the larger
        // `VarInfo` of each name it meets.
        let mut flags: Vec<u8> = (0..prog.vars.len())
            .map(|v| {
                let v = VarId(v as u32);
                let mut f = 0;
                if untracked(prog, v) {
                    f |= UNTRACKED;
                }
                if crate::sema::warnings::tracked(prog, v) {
                    f |= SCALAR_LOCAL;
                }
                f
            })
            .collect();
        for v in &prog.permit_aliases {
            if let Some(f) = flags.get_mut(v.index()) {
                *f |= PERMIT_ALIASES;
            }
        }
        let mut an = Analysis {
            prog,
            abbrevs: vec![None; prog.vars.len()],
            flags,
            reps: FxHashMap::default(),
            summaries: vec![None; prog.procs.len()],
            busy: vec![false; prog.procs.len()],
            raw: vec![AccessSet::default(); prog.procs.len()],
            diags: Vec::new(),
            checks,
            lazy,
            saw_placed_par: false,
            unset_reads: None,
            hidden_from_warnings: 0,
            scratch_locals: Vec::new(),
            local_at: vec![u32::MAX; prog.vars.len()],
            barrier: 0,
            barriers: 0,
        };
        let mut c = Collector::default();
        c.decls(&prog.globals);
        let last = prog.procs.len().saturating_sub(1);
        // Only the last PROC can be a main process (see `for_run`).
        let from = if lazy { last } else { 0 };
        for p in prog.procs.iter().skip(from) {
            c.process(&p.body, 0);
            p.result.iter().for_each(|e| c.expr(e, 0));
        }
        an.absorb(c);
        an
    }

    /// Takes in what a [`Collector`] found.
    fn absorb(&mut self, c: Collector<'p>) {
        for (v, target) in c.abbrevs {
            self.set_abbrev(v, target, c.retyped.contains(&v));
        }
        c.reps.into_iter().for_each(|r| self.add_rep(r));
    }

    fn add_rep(&mut self, r: &Replicator) {
        let range = match (const_int(&r.base), const_int(&r.count)) {
            (Some(b), Some(n)) => b.checked_add(n - 1).map(|hi| (b, hi)),
            _ => None,
        };
        self.reps.insert(r.var, range);
    }

    fn set_abbrev(&mut self, v: VarId, target: &'p Expr, retypes: bool) {
        if let Some(slot) = self.abbrevs.get_mut(v.index()) {
            *slot = Some(target);
            if retypes {
                self.flags[v.index()] |= RETYPED;
            }
        }
    }

    fn flag(&self, v: VarId, f: u8) -> bool {
        flag(&self.flags, v, f)
    }

    /// True when `#PRAGMA PERMITALIASES` names `v`: alias rules leave it alone.
    pub fn aliases_permitted(&self, v: VarId) -> bool {
        self.flag(v, PERMIT_ALIASES)
    }

    /// Makes [`Self::run`] also find the W0503 warnings of
    /// [`crate::sema::warnings::read_before_assign`], in the same walk (it
    /// meets the scopes that function does, and more, which it skips).
    pub fn unset_reads(&mut self) {
        self.unset_reads = Some(Vec::new());
    }

    /// Walks every PROC and FUNCTION once.
    pub fn run(&mut self) {
        for i in 0..self.prog.procs.len() {
            self.summary(ProcId(i as u32));
        }
    }

    pub fn var(&self, v: VarId) -> Option<&'p VarInfo> {
        self.prog.vars.get(v.index())
    }

    pub fn name(&self, v: VarId) -> String {
        self.var(v)
            .map_or_else(|| format!("#{}", v.0), |i| i.name.to_string())
    }

    pub fn proc_name(&self, p: ProcId) -> String {
        self.prog
            .procs
            .get(p.index())
            .map_or_else(|| format!("#{}", p.0), |p| p.name.clone())
    }

    /// The abbreviation `v` stands for, if any.
    pub fn abbrev_target(&self, v: VarId) -> Option<&'p Expr> {
        self.abbrevs.get(v.index()).copied().flatten()
    }

    /// The linear form of an integer expression (constants and linear VAL
    /// abbreviations substituted).
    pub fn linear(&self, e: &Expr) -> Option<Linear> {
        self.linear_depth(e, 0)
    }

    fn linear_depth(&self, e: &Expr, depth: u32) -> Option<Linear> {
        let mut var = |v: VarId| -> Option<Option<Linear>> {
            let info = self.var(v)?;
            if let Some(Const::Int(c)) = &info.value {
                return Some(Some(Linear::constant(*c)));
            }
            if info.kind == VarKind::Val && depth < 16 {
                let t = self.abbrev_target(v)?;
                return Some(self.linear_depth(t, depth + 1));
            }
            None
        };
        linear_of(e, &mut var)
    }

    /// Where an lvalue-shaped expression lands, if it is one.
    pub fn lvalue(&self, e: &Expr) -> Option<Target> {
        self.lvalue_depth(e, 0)
    }

    fn lvalue_depth(&self, e: &Expr, depth: u32) -> Option<Target> {
        if depth > 256 {
            return None;
        }
        let d = depth + 1;
        let mut t = match &e.kind {
            ExprKind::Var(v) => return Some(self.resolve_depth(*v, d)),
            ExprKind::Index(bi) => self.lvalue_depth(&bi[0], d)?,
            ExprKind::Field(b, _) => self.lvalue_depth(b, d)?,
            ExprKind::Slice { base, .. } => self.lvalue_depth(base, d)?,
            _ => return None,
        };
        if !t.opaque {
            let sub = match &e.kind {
                ExprKind::Index(bi) => Sub::Index(self.linear(&bi[1])),
                ExprKind::Field(_, f) => Sub::Field(*f),
                ExprKind::Slice { start, count, .. } => Sub::Slice {
                    start: self.linear(start),
                    count: self.linear(count).and_then(|l| l.as_const()),
                },
                _ => unreachable!("matched above"),
            };
            push(&mut t.path, sub);
        }
        Some(t)
    }

    /// The storage a name denotes, following abbreviations.
    pub fn resolve(&self, v: VarId) -> Target {
        self.resolve_depth(v, 0)
    }

    fn resolve_depth(&self, v: VarId, depth: u32) -> Target {
        let plain = Target {
            var: v,
            path: Vec::new(),
            opaque: false,
        };
        let Some(target) = self.abbrev_target(v) else {
            return plain;
        };
        match self.lvalue_depth(target, depth + 1) {
            Some(mut t) => {
                t.opaque |= self.flag(v, RETYPED);
                t
            }
            // A VAL abbreviation of a computed value is its own storage.
            None => plain,
        }
    }

    /// The name at the bottom of an lvalue (`a` in `[a FROM 1 FOR 2][0]`).
    pub fn root(e: &Expr) -> Option<VarId> {
        let mut e = e;
        loop {
            match &e.kind {
                ExprKind::Var(v) => return Some(*v),
                ExprKind::Index(bi) => e = &bi[0],
                ExprKind::Field(b, _) => e = b,
                ExprKind::Slice { base, .. } => e = base,
                _ => return None,
            }
        }
    }

    /// True for storage whose parallel use needs no checking.
    fn untracked(&self, v: VarId) -> bool {
        self.flags.get(v.index()).is_none_or(|f| f & UNTRACKED != 0)
    }

    /// True when a use of storage `v` is recorded: it is tracked, and not a
    /// local declared since the last barrier (see [`Self::local_at`]).
    fn observed(&self, v: VarId) -> bool {
        !self.untracked(v) && self.local_at.get(v.index()) != Some(&self.barrier)
    }

    /// Starts a new barrier; returns the one to go back to.
    fn enter_barrier(&mut self) -> u32 {
        // At most one per PAR, scope and PROC: far below `u32::MAX`.
        self.barriers = self.barriers.saturating_add(1);
        std::mem::replace(&mut self.barrier, self.barriers)
    }

    /// `var` is declared here (see [`Self::local_at`]).
    fn declare(&mut self, var: VarId) {
        if let Some(b) = self.local_at.get_mut(var.index()) {
            *b = self.barrier;
        }
    }

    /// The variable whose storage lvalue `e` lands on: `lvalue(e)`'s `var`,
    /// without building the path (so a use that is not recorded costs no
    /// allocation). Follows the same steps and depth limits as `lvalue`.
    fn storage(&self, e: &Expr) -> Option<VarId> {
        self.storage_depth(e, 0)
    }

    fn storage_depth(&self, e: &Expr, depth: u32) -> Option<VarId> {
        if depth > 256 {
            return None;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Var(v) => Some(match self.abbrev_target(*v) {
                None => *v,
                Some(target) => self.storage_depth(target, d + 1).unwrap_or(*v),
            }),
            ExprKind::Index(bi) => self.storage_depth(&bi[0], d),
            ExprKind::Field(b, _) => self.storage_depth(b, d),
            ExprKind::Slice { base, .. } => self.storage_depth(base, d),
            _ => None,
        }
    }

    // ----- expressions ------------------------------------------------------

    /// Records the uses made by evaluating `e`.
    pub fn read_expr(&mut self, e: &'p Expr, set: &mut AccessSet) {
        match &e.kind {
            ExprKind::Const(_) => {}
            ExprKind::Var(_)
            | ExprKind::Index(..)
            | ExprKind::Field(..)
            | ExprKind::Slice { .. } => match self.storage(e) {
                Some(var) => {
                    self.sub_reads(e, set);
                    if self.observed(var) {
                        self.record(e, Mode::Read, Via::Direct, set);
                    }
                }
                None => self.children(e, set),
            },
            ExprKind::Size(b) => self.sub_reads(b, set),
            ExprKind::Call(f, args) => self.call(*f, args, e.span, set),
            ExprKind::Valof(valof) => {
                let (body, results) = &**valof;
                self.hidden_from_warnings += 1;
                let mark = set.mark();
                self.process_into(body, set, 0);
                for r in results {
                    self.read_expr(r, set);
                }
                self.hidden_from_warnings -= 1;
                set.leave_scope_from(mark, &declared_in(body));
            }
            _ => self.children(e, set),
        }
    }

    fn children(&mut self, e: &'p Expr, set: &mut AccessSet) {
        match &e.kind {
            ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
                self.read_expr(&ab[0], set);
                self.read_expr(&ab[1], set);
            }
            ExprKind::Field(a, _) | ExprKind::Unary(_, a) | ExprKind::Convert(_, a) => {
                self.read_expr(a, set)
            }
            ExprKind::Slice { base, start, count } => {
                self.read_expr(base, set);
                self.read_expr(start, set);
                self.read_expr(count, set);
            }
            ExprKind::Intrinsic(call) => call.1.iter().for_each(|x| self.read_expr(x, set)),
            ExprKind::Table(es) => es.iter().for_each(|x| self.read_expr(x, set)),
            _ => self.read_expr(e, set),
        }
    }

    /// Records the reads of the subscripts inside an lvalue.
    pub fn sub_reads(&mut self, e: &'p Expr, set: &mut AccessSet) {
        match &e.kind {
            ExprKind::Var(_) => {}
            ExprKind::Index(bi) => {
                self.sub_reads(&bi[0], set);
                self.read_expr(&bi[1], set);
            }
            ExprKind::Field(b, _) => self.sub_reads(b, set),
            ExprKind::Slice { base, start, count } => {
                self.sub_reads(base, set);
                self.read_expr(start, set);
                self.read_expr(count, set);
            }
            _ => self.read_expr(e, set),
        }
    }

    /// Records a use of an lvalue (and the reads of its subscripts).
    pub fn use_lvalue(&mut self, e: &'p Expr, mode: Mode, via: Via, set: &mut AccessSet) {
        self.sub_reads(e, set);
        if self.storage(e).is_some_and(|v| self.observed(v)) {
            self.record(e, mode, via, set);
        }
    }

    /// Records a use of lvalue `e`.
    fn record(&self, e: &Expr, mode: Mode, via: Via, set: &mut AccessSet) {
        if let (Some(root), Some(t)) = (Self::root(e), self.lvalue(e)) {
            set.add(Access {
                var: t.var,
                root,
                path: t.path,
                mode,
                via,
                span: e.span,
            });
        }
    }

    // ----- processes ------------------------------------------------------------

    /// The uses of a process; checks the PARs and scopes inside it.
    pub fn process(&mut self, p: &'p Process) -> AccessSet {
        let mut set = AccessSet::default();
        let outer = self.enter_barrier();
        self.process_into(p, &mut set, 0);
        self.barrier = outer;
        set
    }

    fn process_into(&mut self, p: &'p Process, set: &mut AccessSet, depth: u32) {
        let d = depth + 1;
        if depth > 4096 {
            // The parser limits nesting far below this; stay finite regardless.
            return;
        }
        match p {
            Process::Skip | Process::Stop(_) => {}
            Process::Assign {
                targets, values, ..
            } => {
                values.iter().for_each(|v| self.read_expr(v, set));
                for t in targets {
                    self.use_lvalue(t, Mode::Write, Via::Direct, set);
                }
                if self.checks.alias {
                    alias::check_multiple_assignment(self, targets);
                }
            }
            Process::AssignCall {
                targets,
                func,
                args,
                span,
            } => {
                self.call(*func, args, *span, set);
                for t in targets {
                    self.use_lvalue(t, Mode::Write, Via::Direct, set);
                }
                if self.checks.alias {
                    alias::check_multiple_assignment(self, targets);
                }
            }
            Process::Output { chan, items, .. } => {
                self.use_lvalue(chan, Mode::Output, Via::Direct, set);
                for it in items {
                    match it {
                        OutItem::Value(e) => self.read_expr(e, set),
                        OutItem::Counted(n, a) => {
                            self.read_expr(n, set);
                            self.read_expr(a, set);
                        }
                        OutItem::Tag(_) => {}
                    }
                }
            }
            Process::Input { chan, items, .. } => {
                self.use_lvalue(chan, Mode::Input, Via::Direct, set);
                self.in_items(items, set);
            }
            Process::CaseInput { chan, arms, .. } => {
                self.use_lvalue(chan, Mode::Input, Via::Direct, set);
                self.case_arms(arms, set, d);
            }
            Process::TimerRead { target, .. } => {
                self.use_lvalue(target, Mode::Write, Via::InputInto, set)
            }
            Process::Delay { time, .. } => self.read_expr(time, set),
            Process::PortRead { port, target } => {
                self.use_lvalue(port, Mode::Input, Via::Direct, set);
                self.use_lvalue(target, Mode::Write, Via::InputInto, set);
            }
            Process::PortWrite { port, value } => {
                self.use_lvalue(port, Mode::Output, Via::Direct, set);
                self.read_expr(value, set);
            }
            Process::Call {
                proc_id,
                args,
                span,
            } => self.call(*proc_id, args, *span, set),
            Process::IntrinsicCall {
                intrinsic, args, ..
            } => {
                for (k, a) in args.iter().enumerate() {
                    if intrinsic_writes(&intrinsic.0, k) && self.storage(a).is_some() {
                        self.use_lvalue(a, Mode::Write, Via::Direct, set);
                    } else {
                        self.read_expr(a, set);
                    }
                }
            }
            Process::Seq(ps) => ps.iter().for_each(|q| self.process_into(q, set, d)),
            Process::ReplSeq(rep, body) => {
                self.replicator(rep, set);
                self.process_into(body, set, d);
            }
            Process::Par { branches, .. } => {
                let outer = self.enter_barrier();
                let sets: Vec<AccessSet> = branches
                    .iter()
                    .map(|b| {
                        let mut s = AccessSet::default();
                        self.process_into(b, &mut s, d);
                        s
                    })
                    .collect();
                self.barrier = outer;
                self.par(sets, set);
            }
            Process::PlacedPar(placed) => {
                self.saw_placed_par = true;
                let mut sets = Vec::new();
                for pl in placed {
                    self.read_expr(&pl.processor, set);
                    let mut s = AccessSet::default();
                    let outer = self.enter_barrier();
                    self.process_into(&pl.body, &mut s, d);
                    self.barrier = outer;
                    sets.push(s);
                }
                self.par(sets, set);
            }
            Process::ReplPar { rep, body, .. } => {
                self.replicator(rep, set);
                let mut s = AccessSet::default();
                let outer = self.enter_barrier();
                self.process_into(body, &mut s, d);
                self.barrier = outer;
                if self.checks.usage {
                    let diags = par::check_repl_par(self, rep, &s);
                    self.diags.extend(diags);
                }
                set.extend(s);
            }
            Process::If(arms, _) => self.if_arms(arms, set, d),
            Process::Case {
                selector,
                arms,
                default,
                ..
            } => {
                self.read_expr(selector, set);
                for (_, body) in arms {
                    self.process_into(body, set, d);
                }
                if let Some(b) = default {
                    self.process_into(b, set, d);
                }
            }
            Process::While(cond, body) => {
                self.read_expr(cond, set);
                self.process_into(body, set, d);
            }
            // Only what LD reads and ST writes is known; the instructions
            // themselves are the programmer's responsibility.
            Process::Asm(items, _) => {
                for it in items {
                    match it {
                        AsmItem::Load(e) => self.read_expr(e, set),
                        AsmItem::Store(e) => self.use_lvalue(e, Mode::Write, Via::Direct, set),
                        AsmItem::Direct(..) | AsmItem::Operate(_) | AsmItem::Fpu(_) => {}
                    }
                }
            }
            Process::Alt { arms, .. } => self.alt_arms(arms, set, d),
            Process::Scope(decls, body) => {
                if self.hidden_from_warnings == 0 {
                    if let Some(out) = &mut self.unset_reads {
                        let scalar = |v: VarId| flag(&self.flags, v, SCALAR_LOCAL);
                        crate::sema::warnings::scope_reads(self.prog, decls, body, &scalar, out);
                    }
                }
                self.scope(decls, set, d, |an, s| an.process_into(body, s, d))
            }
        }
    }

    fn par(&mut self, sets: Vec<AccessSet>, set: &mut AccessSet) {
        if self.checks.usage {
            let diags = par::check_par(self, &sets);
            self.diags.extend(diags);
        }
        sets.into_iter().for_each(|s| set.extend(s));
    }

    fn replicator(&mut self, rep: &'p Replicator, set: &mut AccessSet) {
        self.read_expr(&rep.base, set);
        self.read_expr(&rep.count, set);
        set.inner_reps.push(rep.var);
        if self.lazy {
            self.add_rep(rep);
        }
    }

    fn in_items(&mut self, items: &'p [InItem], set: &mut AccessSet) {
        for it in items {
            match it {
                InItem::Value(e) => self.use_lvalue(e, Mode::Write, Via::InputInto, set),
                InItem::Counted(n, a) => {
                    self.use_lvalue(n, Mode::Write, Via::InputInto, set);
                    self.use_lvalue(a, Mode::Write, Via::InputInto, set);
                    if self.checks.alias {
                        alias::check_counted_input(self, n, a);
                    }
                }
            }
        }
    }

    fn case_arms(&mut self, arms: &'p [CaseInputArm], set: &mut AccessSet, d: u32) {
        for arm in arms {
            self.in_items(&arm.items, set);
            self.process_into(&arm.body, set, d);
        }
    }

    fn if_arms(&mut self, arms: &'p [IfArm], set: &mut AccessSet, d: u32) {
        for arm in arms {
            match arm {
                IfArm::Guard(g, body) => {
                    self.read_expr(g, set);
                    self.process_into(body, set, d);
                }
                IfArm::Nested(a) => self.if_arms(a, set, d + 1),
                IfArm::Repl(rep, a) => {
                    self.replicator(rep, set);
                    self.if_arms(a, set, d + 1);
                }
                IfArm::Scope(decls, a) => {
                    if self.hidden_from_warnings == 0 {
                        if let Some(out) = &mut self.unset_reads {
                            let scalar = |v: VarId| flag(&self.flags, v, SCALAR_LOCAL);
                            crate::sema::warnings::choice_scope_reads(
                                self.prog, decls, a, &scalar, out,
                            );
                        }
                    }
                    self.scope(decls, set, d, |an, s| an.if_arms(a, s, d + 1))
                }
            }
        }
    }

    fn alt_arms(&mut self, arms: &'p [AltArm], set: &mut AccessSet, d: u32) {
        for arm in arms {
            match arm {
                AltArm::Guard { pre, guard, body } => {
                    if let Some(p) = pre {
                        self.read_expr(p, set);
                    }
                    match guard {
                        Guard::Input(c, items) => {
                            self.use_lvalue(c, Mode::Input, Via::Direct, set);
                            self.in_items(items, set);
                        }
                        Guard::CaseInput(c, arms) => {
                            self.use_lvalue(c, Mode::Input, Via::Direct, set);
                            self.hidden_from_warnings += 1;
                            self.case_arms(arms, set, d);
                            self.hidden_from_warnings -= 1;
                        }
                        Guard::Timer(t) => self.read_expr(t, set),
                        Guard::Skip => {}
                    }
                    self.process_into(body, set, d);
                }
                AltArm::Nested(a) => self.alt_arms(a, set, d + 1),
                AltArm::Repl(rep, a) => {
                    self.replicator(rep, set);
                    self.alt_arms(a, set, d + 1);
                }
                AltArm::Scope(decls, a) => {
                    if self.hidden_from_warnings == 0 {
                        if let Some(out) = &mut self.unset_reads {
                            let scalar = |v: VarId| flag(&self.flags, v, SCALAR_LOCAL);
                            crate::sema::warnings::alt_scope_reads(
                                self.prog, decls, a, &scalar, out,
                            );
                        }
                    }
                    self.scope(decls, set, d, |an, s| an.alt_arms(a, s, d + 1))
                }
            }
        }
    }

    /// Records the uses made by declaration `decl` (an abbreviation reads
    /// its subscripts, or its whole target when VAL).
    fn declaration(&mut self, decl: &'p Decl, set: &mut AccessSet) {
        if let Decl::Abbrev {
            var,
            target,
            retypes,
        } = decl
        {
            if self.lazy {
                self.set_abbrev(*var, target, *retypes);
            }
            let is_val = self.var(*var).is_some_and(|i| i.kind == VarKind::Val);
            if is_val {
                self.read_expr(target, set);
            } else {
                self.sub_reads(target, set);
            }
        }
    }

    /// Declarations over a body: each abbreviation's scope is the later
    /// declarations and the body; locals are forgotten on the way out.
    fn scope(
        &mut self,
        decls: &'p [Decl],
        set: &mut AccessSet,
        _d: u32,
        body: impl FnOnce(&mut Self, &mut AccessSet),
    ) {
        // The alias rules compare the uses after each abbreviation of
        // storage with it, so those need the uses of each declaration and of
        // the body apart. Otherwise everything is recorded straight into
        // `set`, without sets of its own to build and merge.
        let abbreviates_storage =
            |d: &Decl| matches!(d, Decl::Abbrev { target, .. } if Self::root(target).is_some());
        if !(self.checks.alias && decls.iter().any(abbreviates_storage)) {
            let mark = set.mark();
            for decl in decls {
                if let Some(v) = declared_var(decl) {
                    self.declare(v);
                }
                self.declaration(decl, set);
            }
            body(self, set);
            let mut locals = std::mem::take(&mut self.scratch_locals);
            locals.clear();
            locals.extend(decls.iter().filter_map(declared_var));
            locals.sort_unstable();
            set.leave_scope_from(mark, &locals);
            self.scratch_locals = locals;
            return;
        }
        let mut parts: Vec<AccessSet> = Vec::with_capacity(decls.len() + 1);
        let mut locals = Vec::new();
        // The locals belong to the enclosing barrier; this scope's uses of
        // them are what the alias rules look at.
        decls
            .iter()
            .filter_map(declared_var)
            .for_each(|v| self.declare(v));
        let outer = self.enter_barrier();
        for decl in decls {
            let mut s = AccessSet::default();
            locals.extend(declared_var(decl));
            self.declaration(decl, &mut s);
            parts.push(s);
        }
        let mut b = AccessSet::default();
        body(self, &mut b);
        parts.push(b);
        self.barrier = outer;
        if self.checks.alias {
            alias::check_scope(self, decls, &parts);
        }
        let mut all = AccessSet::default();
        parts.into_iter().for_each(|p| all.extend(p));
        locals.sort_unstable();
        all.leave_scope(&locals);
        set.extend(all);
    }
}

/// The variable a declaration brings into scope, if any.
fn declared_var(d: &Decl) -> Option<VarId> {
    match d {
        Decl::Var(v) | Decl::Abbrev { var: v, .. } => Some(*v),
        Decl::Proc(_) => None,
    }
}

/// [`Analysis::flags`]: the variable is a RETYPES or RESHAPES.
const RETYPED: u8 = 1;
/// [`Analysis::flags`]: its parallel use needs no checking.
const UNTRACKED: u8 = 2;
/// [`Analysis::flags`]: named by `#PRAGMA PERMITALIASES`.
const PERMIT_ALIASES: u8 = 4;
/// [`Analysis::flags`]: a scalar local, which W0503 tracks.
const SCALAR_LOCAL: u8 = 8;

/// Whether `flags` (see [`Analysis::flags`]) give variable `v` flag `f`.
fn flag(flags: &[u8], v: VarId, f: u8) -> bool {
    flags.get(v.index()).is_some_and(|x| x & f != 0)
}

/// True for storage whose parallel use needs no checking: constants,
/// replicator indices, timers and `#PRAGMA SHARED` variables.
fn untracked(prog: &Program, v: VarId) -> bool {
    match prog.vars.get(v.index()) {
        None => true,
        Some(i) => {
            matches!(
                i.kind,
                VarKind::Constant | VarKind::Replicator | VarKind::Timer
            ) || base_type(&i.ty) == &Type::Timer
                || prog.shared.binary_search(&v).is_ok()
        }
    }
}

/// The element type under any array dimensions.
pub fn base_type(t: &Type) -> &Type {
    match t {
        Type::Array(_, e) => base_type(e),
        t => t,
    }
}

fn const_int(e: &Expr) -> Option<i64> {
    match e.kind {
        ExprKind::Const(Const::Int(v)) => Some(v),
        _ => None,
    }
}

/// Whether argument `k` of an intrinsic call is written: a reference
/// parameter, or (for a multi-result intrinsic FUNCTION) one of the result
/// lvalues after the arguments. Unknown names are assumed to write every
/// lvalue they are given.
fn intrinsic_writes(name: &str, k: usize) -> bool {
    match crate::sema::intrinsics::find(name) {
        Some(sig) => sig.params.get(k).is_none_or(|p| !p.val),
        None => true,
    }
}

/// Variables declared by the outermost scopes of a process (those a VALOF's
/// RESULT may still name), sorted.
pub fn declared_in(p: &Process) -> Vec<VarId> {
    let mut out = Vec::new();
    let mut p = p;
    while let Process::Scope(decls, body) = p {
        for d in decls {
            match d {
                Decl::Var(v) | Decl::Abbrev { var: v, .. } => out.push(*v),
                Decl::Proc(_) => {}
            }
        }
        p = body;
    }
    out.sort_unstable();
    out
}
