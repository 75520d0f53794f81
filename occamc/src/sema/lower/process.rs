//! Processes: assignment, communication, calls and the constructed
//! processes, each checked and lowered to [`ir::Process`].

use super::{base_elem, plural, scope, Lowerer, Sym};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, AltArm, Const, ExprKind, IfArm, Type, VarKind};
use crate::sema::{consts, intrinsics, types};
use crate::syntax::ast;

impl Lowerer<'_> {
    /// Lowers a process with its leading specifications.
    pub(super) fn process(&mut self, p: &ast::Process) -> ir::Process {
        // Most processes have no specifications: build them in place.
        if p.specs.is_empty() {
            return self.process_kind(&p.kind, p.span);
        }
        let mut decls = Vec::new();
        self.specs(&p.specs, &mut decls);
        let body = self.process_kind(&p.kind, p.span);
        scope(decls, body)
    }

    pub(super) fn process_kind(&mut self, kind: &ast::ProcessKind, span: Span) -> ir::Process {
        use ast::ProcessKind as K;
        let r = match kind {
            K::Skip => Some(ir::Process::Skip),
            K::Stop => Some(ir::Process::Stop(span)),
            K::Error => None,
            K::Assign { lhs, rhs } => self.assign(lhs, rhs, span),
            K::Output { chan, items } => self.output(chan, items, span),
            K::Input { chan, input } => self.input(chan, input, span),
            K::Call { name, args } => self.call(name, args, span),
            K::Seq { repl, body } => match repl {
                Some(r) => {
                    let rep = self.replicator(r, false);
                    let b = body.first().map(|b| self.process(b));
                    rep.zip(b)
                        .map(|(rep, b)| ir::Process::ReplSeq(Box::new(rep), Box::new(b)))
                }
                None => Some(ir::Process::Seq(
                    body.iter().map(|p| self.process(p)).collect(),
                )),
            },
            K::Par { kind, repl, body } => self.par(*kind, repl.as_deref(), body, span),
            K::Processor { number, .. } => {
                self.err(
                    Diagnostic::error(
                        "E0645",
                        number.span,
                        "PROCESSOR is only allowed directly inside PLACED PAR",
                    )
                    .with_span_label("not in a PLACED PAR"),
                );
                None
            }
            K::If { repl, choices } => {
                let arms = self.if_arms(repl.as_deref(), choices);
                arms.map(|a| ir::Process::If(a, span))
            }
            K::Case { selector, options } => self.case(selector, options, span),
            K::While { cond, body } => {
                let c = self.expr_of_type(cond, &Type::Bool, &"a WHILE condition");
                let b = self.process(body);
                c.map(|c| ir::Process::While(c, Box::new(b)))
            }
            K::Asm { lines, .. } => self.asm(lines, span),
            K::Alt { pri, repl, alts } => {
                let arms = self.alt_arms(repl.as_deref(), alts);
                arms.map(|arms| ir::Process::Alt {
                    arms,
                    pri: *pri,
                    span,
                })
            }
        };
        r.unwrap_or(ir::Process::Skip)
    }

    fn replicator(&mut self, r: &ast::Replicator, constant_count: bool) -> Option<ir::Replicator> {
        let base = self.expr_of_type(&r.base, &Type::Int, &"a replicator base");
        let count = self.expr_of_type(&r.count, &Type::Int, &"a replicator count");
        if let Some(c) = &count {
            match &c.kind {
                ExprKind::Const(Const::Int(n)) if *n < 0 => {
                    self.err(
                        Diagnostic::error(
                            "E0708",
                            r.count.span,
                            format!("replicator count {n} is negative"),
                        )
                        .with_span_label("must be zero or more"),
                    );
                }
                ExprKind::Const(_) => {}
                _ if constant_count => {
                    self.err(
                        Diagnostic::error(
                            "E0707",
                            r.count.span,
                            "the count of a replicated PAR must be a constant expression",
                        )
                        .with_span_label("not known at compile time")
                        .with_help("occam 2.1 allocates every parallel branch at compile time"),
                    );
                }
                _ => {}
            }
        }
        let var = self.new_var(&r.name, Type::Int, VarKind::Replicator);
        Some(ir::Replicator {
            var,
            base: base?,
            count: count?,
        })
    }

    fn assign(&mut self, lhs: &[ast::Expr], rhs: &[ast::Expr], span: Span) -> Option<ir::Process> {
        if lhs.len() > 1 && rhs.len() == 1 {
            if let ast::ExprKind::Call { name, args } = &rhs[0].kind {
                match self.sym_of(name) {
                    Sym::Proc(pid) if self.prog.procs[pid.index()].results.len() > 1 => {
                        return self.assign_call(lhs, name, pid, args, span);
                    }
                    Sym::Intrinsic(k) if intrinsics::TABLE[k].results.len() > 1 => {
                        return self.assign_intrinsic(lhs, name, k, args, span);
                    }
                    _ => {}
                }
            }
        }
        if lhs.len() != rhs.len() {
            self.err(
                Diagnostic::error(
                    "E0634",
                    span,
                    format!(
                        "{} variable{} but {} value{} in this assignment",
                        lhs.len(),
                        plural(lhs.len()),
                        rhs.len(),
                        plural(rhs.len())
                    ),
                )
                .with_span_label("counts differ"),
            );
            return None;
        }
        let mut targets = Vec::with_capacity(lhs.len());
        let mut values = Vec::with_capacity(rhs.len());
        let mut ok = true;
        for (l, r) in lhs.iter().zip(rhs) {
            match self.lvalue(l, None) {
                Some(t) => {
                    if !super::is_data(&t.ty) {
                        let s = self.show(&t.ty);
                        self.err(
                            Diagnostic::error("E0635", l.span, format!("{s} cannot be assigned"))
                                .with_span_label("not data"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.expr_of_type(r, &t.ty, &"assignment") {
                        Some(v) => values.push(v),
                        None => ok = false,
                    }
                    targets.push(t);
                }
                None => {
                    ok = false;
                    self.expr(r, None);
                }
            }
        }
        ok.then_some(ir::Process::Assign {
            targets,
            values,
            span,
        })
    }

    fn assign_call(
        &mut self,
        lhs: &[ast::Expr],
        name: &ast::Name,
        pid: ir::ProcId,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<ir::Process> {
        let results = self.prog.procs[pid.index()].results.clone();
        if results.len() != lhs.len() {
            self.err(
                Diagnostic::error(
                    "E0634",
                    span,
                    format!(
                        "`{}` returns {} values but {} variable{} assigned",
                        name.text,
                        results.len(),
                        lhs.len(),
                        if lhs.len() == 1 { " is" } else { "s are" }
                    ),
                )
                .with_span_label("counts differ"),
            );
            return None;
        }
        let mut targets = Vec::with_capacity(lhs.len());
        let mut ok = true;
        for (l, want) in lhs.iter().zip(&results) {
            match self.lvalue(l, Some(want)) {
                Some(t) => {
                    if types::fits(&t.ty, want) {
                        targets.push(t);
                    } else {
                        let (a, b) = (self.show(&t.ty), self.show(want));
                        self.err(
                            Diagnostic::error(
                                "E0601",
                                l.span,
                                format!("type mismatch in assignment: the variable is {a} but the result is {b}"),
                            )
                            .with_span_label(format!("this has type {a}")),
                        );
                        ok = false;
                    }
                }
                None => ok = false,
            }
        }
        let args = self.actuals(name, pid, args, span);
        (ok && args.is_some()).then(|| ir::Process::AssignCall {
            targets,
            func: pid,
            args: args.unwrap_or_default(),
            span,
        })
    }

    /// `a, b := LONGSUM (x, y, c)`: lowered as an intrinsic call whose
    /// arguments are followed by the result lvalues (see
    /// [`ir::Process::IntrinsicCall`]).
    fn assign_intrinsic(
        &mut self,
        lhs: &[ast::Expr],
        name: &ast::Name,
        k: usize,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<ir::Process> {
        let sig = &intrinsics::TABLE[k];
        if sig.results.len() != lhs.len() {
            self.err(
                Diagnostic::error(
                    "E0634",
                    span,
                    format!(
                        "`{}` returns {} values but {} variable{} assigned",
                        name.text,
                        sig.results.len(),
                        lhs.len(),
                        if lhs.len() == 1 { " is" } else { "s are" }
                    ),
                )
                .with_span_label("counts differ"),
            );
            return None;
        }
        let mut xs = self.intrinsic_args(name, k, args, span);
        let any = self.any();
        for (l, r) in lhs.iter().zip(sig.results) {
            let want = r.to_type(any);
            let t = self.lvalue(l, Some(&want)).and_then(|t| {
                self.check_fits(&t, &want, &"assignment")?;
                Some(t)
            });
            match (t, xs.as_mut()) {
                (Some(t), Some(xs)) => xs.push(t),
                _ => xs = None,
            }
        }
        Some(ir::Process::IntrinsicCall {
            intrinsic: ir::Intrinsic(ir::IntrinsicName(sig.name)),
            args: xs?,
            span,
        })
    }

    fn not_a_channel(&mut self, e: &ir::Expr, what: &str) {
        let s = self.show(&e.ty);
        self.err(
            Diagnostic::error("E0636", e.span, format!("cannot {what} {s}"))
                .with_span_label("not a channel"),
        );
    }

    fn output(
        &mut self,
        chan: &ast::Expr,
        items: &[ast::OutputItem],
        span: Span,
    ) -> Option<ir::Process> {
        let c = self.expr(chan, None)?;
        match c.ty.clone() {
            Type::Chan(p) => {
                let items = self.output_items(p, items, span)?;
                Some(ir::Process::Output {
                    chan: c,
                    items,
                    span,
                })
            }
            Type::Port(t) => {
                let [ast::OutputItem::Expr(e)] = items else {
                    self.err(
                        Diagnostic::error(
                            "E0637",
                            span,
                            "output to a port sends exactly one value",
                        )
                        .with_span_label("several items"),
                    );
                    return None;
                };
                let value = self.expr_of_type(e, &t, &"port output")?;
                Some(ir::Process::PortWrite {
                    port: Box::new(c),
                    value: Box::new(value),
                })
            }
            _ => {
                self.not_a_channel(&c, "output to");
                None
            }
        }
    }

    fn input(&mut self, chan: &ast::Expr, input: &ast::Input, span: Span) -> Option<ir::Process> {
        let c = self.expr(chan, None)?;
        match (c.ty.clone(), input) {
            (Type::Timer, ast::Input::Items(items)) => {
                let [ast::InputItem::Var(e)] = items.as_slice() else {
                    self.err(
                        Diagnostic::error(
                            "E0638",
                            span,
                            "a timer read takes exactly one INT variable",
                        )
                        .with_span_label("wrong items"),
                    );
                    return None;
                };
                let target = self.lvalue(e, Some(&Type::Int))?;
                self.check_fits(&target, &Type::Int, &"a timer read")?;
                Some(ir::Process::TimerRead { target, span })
            }
            (Type::Timer, ast::Input::After(t)) => {
                let time = self.expr_of_type(t, &Type::Int, &"a timer delay")?;
                Some(ir::Process::Delay { time, span })
            }
            (Type::Timer, _) => {
                self.err(
                    Diagnostic::error("E0638", span, "a timer has no `CASE` input")
                        .with_span_label("timer"),
                );
                None
            }
            (Type::Chan(p), ast::Input::Items(items)) => {
                let items = self.input_items(p, items, span)?;
                Some(ir::Process::Input {
                    chan: c,
                    items,
                    span,
                })
            }
            (Type::Chan(p), ast::Input::Tagged { tag, items }) => {
                let (tag, items) = self.variant_items(p, tag, items, span)?;
                Some(ir::Process::CaseInput {
                    chan: c,
                    arms: vec![ir::CaseInputArm {
                        tag,
                        items,
                        body: ir::Process::Skip,
                    }],
                    span,
                })
            }
            (Type::Chan(p), ast::Input::Case(variants)) => {
                let mut decls = Vec::new();
                let arms = self.case_arms(p, variants, &mut decls);
                Some(scope(
                    decls,
                    ir::Process::CaseInput {
                        chan: c,
                        arms,
                        span,
                    },
                ))
            }
            (Type::Chan(_), ast::Input::After(e)) => {
                self.err(
                    Diagnostic::error("E0639", e.span, "`? AFTER` is for timers, not channels")
                        .with_span_label("channel"),
                );
                None
            }
            (Type::Port(t), ast::Input::Items(items)) => {
                let [ast::InputItem::Var(e)] = items.as_slice() else {
                    self.err(
                        Diagnostic::error(
                            "E0637",
                            span,
                            "input from a port reads exactly one value",
                        )
                        .with_span_label("wrong items"),
                    );
                    return None;
                };
                let target = self.lvalue(e, Some(&t))?;
                self.check_fits(&target, &t, &"port input")?;
                Some(ir::Process::PortRead {
                    port: Box::new(c),
                    target: Box::new(target),
                })
            }
            _ => {
                self.not_a_channel(&c, "input from");
                None
            }
        }
    }

    /// The arms of `c ? CASE`. Declarations written before a variant are
    /// appended to `hoisted`: they must cover the input of the variant's
    /// items, which the IR arm cannot express, so the caller puts them in a
    /// scope around the whole input (their ids are unique anyway).
    fn case_arms(
        &mut self,
        p: ir::ProtocolId,
        variants: &[ast::Variant],
        hoisted: &mut Vec<ir::Decl>,
    ) -> Vec<ir::CaseInputArm> {
        let mut arms = Vec::with_capacity(variants.len());
        let mut seen: Vec<(u8, Span)> = Vec::new();
        for v in variants {
            let mut decls = Vec::new();
            self.specs(&v.specs, &mut decls);
            let r = self.variant_items(p, &v.tag, &v.items, v.span);
            let body = self.process(&v.body);
            if let Some((tag, items)) = r {
                if let Some((_, first)) = seen.iter().find(|(t, _)| *t == tag) {
                    self.err(
                        Diagnostic::error(
                            "E0812",
                            v.tag.span,
                            format!("tag `{}` is accepted twice", v.tag.text),
                        )
                        .with_span_label("second arm")
                        .with_label(*first, "first arm"),
                    );
                    continue;
                }
                seen.push((tag, v.tag.span));
                hoisted.extend(decls);
                arms.push(ir::CaseInputArm { tag, items, body });
            }
        }
        arms
    }

    fn call(&mut self, name: &ast::Name, args: &[ast::Expr], span: Span) -> Option<ir::Process> {
        match self.sym_of(name) {
            Sym::Proc(pid) if self.prog.procs[pid.index()].results.is_empty() => {
                let args = self.actuals(name, pid, args, span)?;
                Some(ir::Process::Call {
                    proc_id: pid,
                    args,
                    span,
                })
            }
            Sym::Intrinsic(k) if intrinsics::TABLE[k].is_proc() => {
                let args = self.intrinsic_args(name, k, args, span)?;
                Some(ir::Process::IntrinsicCall {
                    intrinsic: ir::Intrinsic(ir::IntrinsicName(intrinsics::TABLE[k].name)),
                    args,
                    span,
                })
            }
            Sym::None => {
                for a in args {
                    self.expr(a, None);
                }
                None
            }
            _ => {
                let what = self
                    .entity_of(name)
                    .map_or("name", |id| self.names.res.entity(id).kind.describe());
                let mut d = Diagnostic::error(
                    "E0640",
                    name.span,
                    format!("`{}` is a {what}, not a PROC", name.text),
                )
                .with_span_label("called here as a PROC");
                if let Some(id) = self.entity_of(name) {
                    if self.names.res.entity(id).span != Span::default() {
                        d = d.with_label(self.names.res.entity(id).span, "declared here");
                    }
                }
                self.err(d);
                None
            }
        }
    }

    fn par(
        &mut self,
        kind: ast::ParKind,
        repl: Option<&ast::Replicator>,
        body: &[ast::Process],
        span: Span,
    ) -> Option<ir::Process> {
        let pri = kind == ast::ParKind::PriPar;
        if kind == ast::ParKind::PlacedPar {
            if let Some(r) = repl {
                return self.placed_repl(r, body).map(ir::Process::PlacedPar);
            }
            let mut placed = Vec::new();
            for p in body {
                if let Some(x) = self.processor(p) {
                    placed.push(x);
                }
            }
            return Some(ir::Process::PlacedPar(placed));
        }
        let _ = span;
        match repl {
            Some(r) => {
                let rep = self.replicator(r, true);
                let b = body.first().map(|b| self.process(b));
                let (rep, b) = (rep?, b?);
                Some(ir::Process::ReplPar {
                    rep: Box::new(rep),
                    body: Box::new(b),
                    pri,
                })
            }
            None => Some(ir::Process::Par {
                branches: body.iter().map(|p| self.process(p)).collect(),
                pri,
            }),
        }
    }

    /// A replicated PLACED PAR is unrolled: its count must be constant, and
    /// each copy is lowered with the index bound to a constant.
    fn placed_repl(
        &mut self,
        r: &ast::Replicator,
        body: &[ast::Process],
    ) -> Option<Vec<ir::Placed>> {
        let base = self.const_int(&r.base, "the base of a replicated PLACED PAR")?;
        let count = self.const_int(&r.count, "the count of a replicated PLACED PAR")?;
        if !(0..=4096).contains(&count) {
            self.err(
                Diagnostic::error(
                    "E0708",
                    r.count.span,
                    format!("{count} processors is out of range"),
                )
                .with_span_label("expected 0 to 4096"),
            );
            return None;
        }
        let mut placed = Vec::new();
        for i in 0..count {
            let Some(value) = base.checked_add(i).filter(|v| i32::try_from(*v).is_ok()) else {
                self.overflow_at(r.span);
                return None;
            };
            let v = self.new_var(&r.name, Type::Int, VarKind::Constant);
            self.prog.vars[v.index()].value = Some(Const::Int(value));
            for p in body {
                match &p.kind {
                    ast::ProcessKind::Par {
                        kind: ast::ParKind::PlacedPar,
                        repl,
                        body: inner,
                    } => match repl {
                        Some(r2) => placed.extend(self.placed_repl(r2, inner)?),
                        None => placed.extend(inner.iter().filter_map(|q| self.processor(q))),
                    },
                    _ => placed.extend(self.processor(p)),
                }
            }
        }
        Some(placed)
    }

    fn overflow_at(&mut self, span: Span) {
        self.err(
            Diagnostic::error(
                "E0703",
                span,
                "constant expression error: the replicator index overflows INT",
            )
            .with_span_label("out of range"),
        );
    }

    fn processor(&mut self, p: &ast::Process) -> Option<ir::Placed> {
        let ast::ProcessKind::Processor { number, ty, body } = &p.kind else {
            self.err(
                Diagnostic::error(
                    "E0645",
                    p.span,
                    "each branch of a PLACED PAR must be a PROCESSOR",
                )
                .with_span_label("not a PROCESSOR"),
            );
            return None;
        };
        let mut decls = Vec::new();
        self.specs(&p.specs, &mut decls);
        let processor = self.expr_of_type(number, &Type::Int, &"a processor number")?;
        let b = self.process(body);
        let mut placements = Vec::new();
        for s in &body.specs {
            if let ast::SpecKind::Place { name, .. } = &s.kind {
                if let Sym::Var(v) = self.sym_of(name) {
                    let info = &self.prog.vars[v.index()];
                    if let (Type::Chan(_), Some(addr)) = (base_elem(&info.ty), info.placed_at) {
                        let word = addr.wrapping_sub(0x8000_0000) / types::WORD;
                        if word <= 8 {
                            placements.push((v, word));
                        }
                    }
                }
            }
        }
        Some(ir::Placed {
            processor,
            kind: ty
                .as_ref()
                .map_or_else(|| "T8".to_string(), |n| n.text.to_string()),
            placements,
            body: scope(decls, b),
        })
    }

    fn if_arms(
        &mut self,
        repl: Option<&ast::Replicator>,
        choices: &[ast::Choice],
    ) -> Option<Vec<IfArm>> {
        let rep = match repl {
            Some(r) => Some(self.replicator(r, false)?),
            None => None,
        };
        let mut arms = Vec::with_capacity(choices.len());
        for c in choices {
            let mut decls = Vec::new();
            self.specs(&c.specs, &mut decls);
            // Specifications before a choice are in scope over its guards and
            // bodies (codegen declares them before trying the guards).
            let arm = match &c.kind {
                ast::ChoiceKind::Guarded { cond, body } => {
                    let g = self.expr_of_type(cond, &Type::Bool, &"an IF condition");
                    let b = self.process(body);
                    let Some(g) = g else { continue };
                    if decls.is_empty() {
                        IfArm::Guard(g, b)
                    } else {
                        IfArm::Scope(decls, vec![IfArm::Guard(g, b)])
                    }
                }
                ast::ChoiceKind::Nested(p) => {
                    let ast::ProcessKind::If { repl, choices } = &p.kind else {
                        continue;
                    };
                    let Some(inner) = self.if_arms(repl.as_deref(), choices) else {
                        continue;
                    };
                    if !decls.is_empty() {
                        IfArm::Scope(decls, inner)
                    } else if let [IfArm::Repl(..)] = inner.as_slice() {
                        inner.into_iter().next().expect("one arm")
                    } else {
                        IfArm::Nested(inner)
                    }
                }
            };
            arms.push(arm);
        }
        Some(match rep {
            Some(rep) => vec![IfArm::Repl(rep, arms)],
            None => arms,
        })
    }

    fn case(
        &mut self,
        selector: &ast::Expr,
        options: &[ast::CaseOption],
        span: Span,
    ) -> Option<ir::Process> {
        let sel = self.expr(selector, None)?;
        let u = types::underlying(&sel.ty, &self.prog.types);
        if !(u.is_integer() || *u == Type::Bool) {
            let s = self.show(&sel.ty);
            self.err(
                Diagnostic::error(
                    "E0641",
                    selector.span,
                    format!("CASE selects on an integer, BYTE or BOOL, not {s}"),
                )
                .with_span_label(format!("this has type {s}")),
            );
            return None;
        }
        let mut arms = Vec::with_capacity(options.len());
        let mut default: Option<(Box<ir::Process>, Span)> = None;
        let mut all_labels = Vec::new();
        for o in options {
            let mut decls = Vec::new();
            self.specs(&o.specs, &mut decls);
            let mut labels = Vec::with_capacity(o.labels.len());
            for l in &o.labels {
                let Some(x) = self.expr_of_type(l, &sel.ty, &"a CASE label") else {
                    continue;
                };
                match x.kind {
                    ExprKind::Const(c) => {
                        all_labels.push((c.clone(), l.span));
                        labels.push(c);
                    }
                    _ => self.err(
                        Diagnostic::error(
                            "E0709",
                            l.span,
                            "a CASE label must be a constant expression",
                        )
                        .with_span_label("not known at compile time"),
                    ),
                }
            }
            let body = scope(decls, self.process(&o.body));
            if o.is_else {
                if let Some((_, first)) = &default {
                    self.err(
                        Diagnostic::error("E0710", o.span, "CASE has more than one ELSE")
                            .with_span_label("second ELSE")
                            .with_label(*first, "first ELSE"),
                    );
                } else {
                    default = Some((Box::new(body), o.span));
                }
            } else {
                arms.push((labels, body));
            }
        }
        for (dup, first) in consts::duplicate_labels(&all_labels) {
            self.err(
                Diagnostic::error("E0711", dup, "this CASE label is used twice")
                    .with_span_label("duplicate label")
                    .with_label(first, "first used here"),
            );
        }
        Some(ir::Process::Case {
            selector: sel,
            arms,
            default: default.map(|(b, _)| b),
            span,
        })
    }

    fn alt_arms(
        &mut self,
        repl: Option<&ast::Replicator>,
        alts: &[ast::Alternative],
    ) -> Option<Vec<AltArm>> {
        let rep = match repl {
            Some(r) => Some(self.replicator(r, false)?),
            None => None,
        };
        let mut arms = Vec::with_capacity(alts.len());
        for a in alts {
            let mut decls = Vec::new();
            self.specs(&a.specs, &mut decls);
            let Some(arm) = self.alternative(a) else {
                continue;
            };
            arms.push(if decls.is_empty() {
                arm
            } else {
                AltArm::Scope(decls, vec![arm])
            });
        }
        Some(match rep {
            Some(rep) => vec![AltArm::Repl(rep, arms)],
            None => arms,
        })
    }

    fn alternative(&mut self, a: &ast::Alternative) -> Option<AltArm> {
        match &a.kind {
            ast::AltKind::Guarded { cond, guard, body } => {
                let pre = match cond {
                    Some(c) => Some(self.expr_of_type(c, &Type::Bool, &"an ALT pre-condition")?),
                    None => None,
                };
                let mut decls = Vec::new();
                let g = match guard {
                    ast::Guard::Skip => Some(ir::Guard::Skip),
                    ast::Guard::Input { chan, input } => {
                        self.guard(chan, input, a.span, &mut decls)
                    }
                };
                let b = self.process(body);
                let arm = AltArm::Guard {
                    pre,
                    guard: g?,
                    body: b,
                };
                Some(if decls.is_empty() {
                    arm
                } else {
                    AltArm::Scope(decls, vec![arm])
                })
            }
            ast::AltKind::CaseInput {
                cond,
                chan,
                variants,
            } => {
                let pre = match cond {
                    Some(c) => Some(self.expr_of_type(c, &Type::Bool, &"an ALT pre-condition")?),
                    None => None,
                };
                let c = self.expr(chan, None)?;
                let Type::Chan(p) = c.ty else {
                    self.not_a_channel(&c, "input from");
                    return None;
                };
                let mut decls = Vec::new();
                let arms = self.case_arms(p, variants, &mut decls);
                let arm = AltArm::Guard {
                    pre,
                    guard: ir::Guard::CaseInput(c, arms),
                    body: ir::Process::Skip,
                };
                Some(if decls.is_empty() {
                    arm
                } else {
                    AltArm::Scope(decls, vec![arm])
                })
            }
            ast::AltKind::Nested(p) => {
                let ast::ProcessKind::Alt { repl, alts, .. } = &p.kind else {
                    return None;
                };
                let mut decls = Vec::new();
                self.specs(&p.specs, &mut decls);
                let inner = self.alt_arms(repl.as_deref(), alts)?;
                let arm = match inner.len() {
                    1 if matches!(inner[0], AltArm::Repl(..)) => {
                        inner.into_iter().next().expect("one")
                    }
                    _ => AltArm::Nested(inner),
                };
                Some(if decls.is_empty() {
                    arm
                } else {
                    AltArm::Scope(decls, vec![arm])
                })
            }
        }
    }

    fn guard(
        &mut self,
        chan: &ast::Expr,
        input: &ast::Input,
        span: Span,
        hoisted: &mut Vec<ir::Decl>,
    ) -> Option<ir::Guard> {
        let c = self.expr(chan, None)?;
        match (c.ty.clone(), input) {
            (Type::Timer, ast::Input::After(t)) => Some(ir::Guard::Timer(self.expr_of_type(
                t,
                &Type::Int,
                &"a timer guard",
            )?)),
            (Type::Timer, _) => {
                self.err(
                    Diagnostic::error("E0642", span, "a timer read cannot be an ALT guard")
                        .with_span_label("plain timer read")
                        .with_help(
                            "use `tim ? AFTER t` as the guard, or read the timer in the body",
                        ),
                );
                None
            }
            (Type::Chan(p), ast::Input::Items(items)) => {
                Some(ir::Guard::Input(c, self.input_items(p, items, span)?))
            }
            (Type::Chan(p), ast::Input::Tagged { tag, items }) => {
                let (tag, items) = self.variant_items(p, tag, items, span)?;
                Some(ir::Guard::CaseInput(
                    c,
                    vec![ir::CaseInputArm {
                        tag,
                        items,
                        body: ir::Process::Skip,
                    }],
                ))
            }
            (Type::Chan(p), ast::Input::Case(vs)) => {
                let arms = self.case_arms(p, vs, hoisted);
                Some(ir::Guard::CaseInput(c, arms))
            }
            (Type::Chan(_), ast::Input::After(e)) => {
                self.err(
                    Diagnostic::error("E0639", e.span, "`? AFTER` is for timers, not channels")
                        .with_span_label("channel"),
                );
                None
            }
            _ => {
                self.not_a_channel(&c, "use as an ALT guard");
                None
            }
        }
    }
}
