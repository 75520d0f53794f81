//! FUNCTION bodies are free of side effects.
//!
//! A FUNCTION (its VALOF body and RESULT expressions) may not communicate on
//! channels or ports, contain PAR or ALT, wait on a timer, change a variable
//! declared outside it, or call a PROC that does any of these. Reading the
//! time (`tim ? t`) is allowed: it changes nothing outside the FUNCTION and
//! does not deschedule. Waiting (`tim ? AFTER t`) is not: it deschedules the
//! process in the middle of an expression, possibly while an ALT is being
//! enabled, and uses the same workspace slots as ALT and timer guards.
//! A PROC of a compiled library cannot be called: its side effects are not
//! known (a library FUNCTION can: it was checked when it was compiled).

use crate::diag::{Diagnostic, Span};
use crate::ir::*;
use crate::sema::usage::access::Mode;
use crate::sema::usage::access::Via;
use crate::sema::usage::walk::{Analysis, Checks};

/// One forbidden thing, with where it is.
#[derive(Clone, Debug)]
struct Effect {
    code: &'static str,
    /// What is forbidden: "input from a channel".
    base: String,
    /// What a PROC doing it does: "inputs from a channel".
    does: String,
    span: Option<Span>,
}

/// Checks every FUNCTION of the program.
pub fn check_function_purity(p: &Program) -> Vec<Diagnostic> {
    let mut an = Analysis::for_run(p, Checks::default());
    an.run();
    check_function_purity_in(&an)
}

/// Checks every FUNCTION using the per-PROC summaries of an analysis that
/// has already run (the driver shares the usage checks' walk).
pub fn check_function_purity_in(an: &Analysis) -> Vec<Diagnostic> {
    let p = an.prog;
    let mut memo: Vec<Option<Option<Effect>>> = vec![None; p.procs.len()];
    let mut out = Vec::new();
    for (i, f) in p.procs.iter().enumerate() {
        if f.results.is_empty() {
            continue;
        }
        let mut found = Vec::new();
        process(p, &f.body, &mut found, &mut memo, 0);
        for r in &f.result {
            expr(p, r, &mut found, &mut memo, 0);
        }
        for (e, callee) in found {
            let span = e.span.unwrap_or(f.span);
            let d = match callee {
                None => Diagnostic::error(
                    e.code,
                    span,
                    format!("FUNCTION `{}` cannot {}", f.name, e.base),
                )
                .with_span_label(format!("{} here", e.does)),
                Some((q, call_span)) => Diagnostic::error(
                    "E0924",
                    call_span,
                    format!(
                        "FUNCTION `{}` cannot call `{}`, which {}",
                        f.name,
                        p.procs[q.index()].name,
                        e.does
                    ),
                )
                .with_span_label("called here")
                .with_label(span, e.does.clone()),
            };
            out.push(d.with_help("a FUNCTION only computes values: it may not have side effects"));
        }
        let params: Vec<VarId> = f.params.iter().map(|p| p.var).collect();
        for a in &an.raw[i].list {
            if a.mode != Mode::Write || params.contains(&a.var) {
                continue;
            }
            let name = an.name(a.var);
            let msg = match a.via {
                Via::Call(q) => format!(
                    "FUNCTION `{}` cannot call `{}`, which changes `{name}`, a variable declared outside the FUNCTION",
                    f.name,
                    an.proc_name(q)
                ),
                _ => format!(
                    "FUNCTION `{}` cannot change `{name}`, which is declared outside it",
                    f.name
                ),
            };
            out.push(
                Diagnostic::error("E0925", a.span, msg)
                    .with_span_label("changed here")
                    .with_help("a FUNCTION only computes values: declare the variable inside the FUNCTION, or use a PROC"),
            );
        }
    }
    crate::diag::sort(&mut out);
    out
}

fn cannot(code: &'static str, base: &str, does: &str, span: Option<Span>) -> Effect {
    Effect {
        code,
        base: base.to_string(),
        does: does.to_string(),
        span,
    }
}

/// The first forbidden thing a PROC does, directly or through its callees.
fn proc_effect(p: &Program, id: ProcId, memo: &mut Vec<Option<Option<Effect>>>) -> Option<Effect> {
    let i = id.index();
    if let Some(m) = memo.get(i)? {
        return m.clone();
    }
    memo[i] = Some(None); // no recursion in occam; this keeps a bad input finite
    if p.imports.contains_key(&id) {
        // Its body was checked as a PROC, not as free of side effects.
        let e = Effect {
            code: "E0924",
            base: format!("call `{}`", p.procs[i].name),
            does: "is separately compiled (its side effects are not known)".into(),
            span: None,
        };
        memo[i] = Some(Some(e.clone()));
        return Some(e);
    }
    let mut found = Vec::new();
    process(p, &p.procs[i].body, &mut found, memo, 0);
    let e = found.into_iter().next().map(|(e, callee)| match callee {
        None => e,
        Some((q, span)) => Effect {
            code: "E0924",
            base: format!("call `{}`", p.procs[q.index()].name),
            does: format!("calls `{}`, which {}", p.procs[q.index()].name, e.does),
            span: Some(span),
        },
    });
    memo[i] = Some(e.clone());
    e
}

type Found = Vec<(Effect, Option<(ProcId, Span)>)>;

fn process(
    p: &Program,
    proc: &Process,
    out: &mut Found,
    memo: &mut Vec<Option<Option<Effect>>>,
    depth: u32,
) {
    if depth > 4096 {
        return;
    }
    let d = depth + 1;
    let mut add = |e: Effect| out.push((e, None));
    match proc {
        Process::Input { span, .. } | Process::CaseInput { span, .. } => add(cannot(
            "E0920",
            "input from a channel",
            "inputs from a channel",
            Some(*span),
        )),
        Process::Output { span, .. } => add(cannot(
            "E0920",
            "output to a channel",
            "outputs to a channel",
            Some(*span),
        )),
        Process::PortRead { port, .. } => add(cannot(
            "E0920",
            "input from a port",
            "inputs from a port",
            Some(port.span),
        )),
        Process::PortWrite { port, .. } => add(cannot(
            "E0920",
            "output to a port",
            "outputs to a port",
            Some(port.span),
        )),
        Process::Delay { span, .. } => add(cannot(
            "E0923",
            "wait for a timer (`? AFTER`)",
            "waits for a timer",
            Some(*span),
        )),
        Process::Par { branches, .. } => add(cannot(
            "E0921",
            "contain a PAR",
            "runs a PAR",
            branches.iter().find_map(first_span),
        )),
        Process::ReplPar { rep, .. } => add(cannot(
            "E0921",
            "contain a PAR",
            "runs a PAR",
            Some(rep.base.span),
        )),
        Process::PlacedPar(pl) => add(cannot(
            "E0921",
            "contain a PLACED PAR",
            "runs a PLACED PAR",
            pl.first().map(|x| x.processor.span),
        )),
        Process::Alt { span, .. } => add(cannot(
            "E0922",
            "contain an ALT",
            "runs an ALT",
            Some(*span),
        )),
        Process::Asm(_, span) => add(cannot(
            "E0926",
            "contain ASM code",
            "runs ASM code",
            Some(*span),
        )),
        Process::Call {
            proc_id,
            args,
            span,
        } => {
            args_exprs(p, args, out, memo, d);
            if p.procs
                .get(proc_id.index())
                .is_some_and(|q| q.results.is_empty())
            {
                if let Some(e) = proc_effect(p, *proc_id, memo) {
                    out.push((e, Some((*proc_id, *span))));
                }
            }
        }
        Process::Assign {
            targets, values, ..
        } => targets
            .iter()
            .chain(values)
            .for_each(|e| expr(p, e, out, memo, d)),
        Process::AssignCall { targets, args, .. } => {
            targets.iter().for_each(|e| expr(p, e, out, memo, d));
            args_exprs(p, args, out, memo, d);
        }
        Process::TimerRead { target, .. } => expr(p, target, out, memo, d),
        Process::IntrinsicCall { args, .. } => args.iter().for_each(|e| expr(p, e, out, memo, d)),
        Process::Seq(ps) => ps.iter().for_each(|q| process(p, q, out, memo, d)),
        Process::ReplSeq(_, body) | Process::While(_, body) => process(p, body, out, memo, d),
        Process::If(arms, _) => if_arms(p, arms, out, memo, d),
        Process::Case { arms, default, .. } => {
            arms.iter().for_each(|(_, b)| process(p, b, out, memo, d));
            if let Some(b) = default {
                process(p, b, out, memo, d);
            }
        }
        Process::Scope(decls, body) => {
            for dcl in decls {
                if let Decl::Abbrev { target, .. } = dcl {
                    expr(p, target, out, memo, d);
                }
            }
            process(p, body, out, memo, d);
        }
        Process::Skip | Process::Stop(_) => {}
    }
}

fn if_arms(
    p: &Program,
    arms: &[IfArm],
    out: &mut Found,
    memo: &mut Vec<Option<Option<Effect>>>,
    d: u32,
) {
    for a in arms {
        match a {
            IfArm::Guard(g, b) => {
                expr(p, g, out, memo, d);
                process(p, b, out, memo, d);
            }
            IfArm::Nested(n) | IfArm::Repl(_, n) => if_arms(p, n, out, memo, d + 1),
            IfArm::Scope(decls, n) => {
                for dcl in decls {
                    if let Decl::Abbrev { target, .. } = dcl {
                        expr(p, target, out, memo, d);
                    }
                }
                if_arms(p, n, out, memo, d + 1)
            }
        }
    }
}

fn args_exprs(
    p: &Program,
    args: &[Actual],
    out: &mut Found,
    memo: &mut Vec<Option<Option<Effect>>>,
    d: u32,
) {
    for a in args {
        if let Actual::Val(e) | Actual::Ref(e) = a {
            expr(p, e, out, memo, d);
        }
    }
}

/// VALOFs inside expressions are part of the FUNCTION too.
fn expr(
    p: &Program,
    e: &Expr,
    out: &mut Found,
    memo: &mut Vec<Option<Option<Effect>>>,
    depth: u32,
) {
    if depth > 4096 {
        return;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Valof(valof) => {
            let (body, rs) = &**valof;
            process(p, body, out, memo, d);
            rs.iter().for_each(|r| expr(p, r, out, memo, d));
        }
        ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
            expr(p, &ab[0], out, memo, d);
            expr(p, &ab[1], out, memo, d);
        }
        ExprKind::Field(a, _)
        | ExprKind::Unary(_, a)
        | ExprKind::Convert(_, a)
        | ExprKind::Size(a) => expr(p, a, out, memo, d),
        ExprKind::Slice { base, start, count } => {
            for x in [base, start, count] {
                expr(p, x, out, memo, d);
            }
        }
        ExprKind::Intrinsic(call) => call.1.iter().for_each(|x| expr(p, x, out, memo, d)),
        ExprKind::Table(es) => es.iter().for_each(|x| expr(p, x, out, memo, d)),
        ExprKind::Call(_, args) => args_exprs(p, args, out, memo, d),
        ExprKind::Const(_) | ExprKind::Var(_) => {}
    }
}

/// Some span inside a process (PAR has none of its own).
fn first_span(p: &Process) -> Option<Span> {
    match p {
        Process::Stop(s) => Some(*s),
        Process::Assign { span, .. }
        | Process::AssignCall { span, .. }
        | Process::Output { span, .. }
        | Process::Input { span, .. }
        | Process::CaseInput { span, .. }
        | Process::TimerRead { span, .. }
        | Process::Delay { span, .. }
        | Process::Call { span, .. }
        | Process::IntrinsicCall { span, .. }
        | Process::Alt { span, .. }
        | Process::Asm(_, span)
        | Process::If(_, span)
        | Process::Case { span, .. } => Some(*span),
        Process::PortRead { port, .. } | Process::PortWrite { port, .. } => Some(port.span),
        Process::While(c, _) => Some(c.span),
        Process::ReplSeq(r, _) | Process::ReplPar { rep: r, .. } => Some(r.base.span),
        Process::Seq(ps) | Process::Par { branches: ps, .. } => ps.iter().find_map(first_span),
        Process::PlacedPar(pl) => pl.first().map(|x| x.processor.span),
        Process::Scope(_, b) => first_span(b),
        Process::Skip => None,
    }
}

#[cfg(test)]
mod tests {
    use super::check_function_purity;
    use crate::ir::*;
    use crate::sema::usage::build::{codes, B};

    fn function(b: &mut B, free: &[VarId], body: Process) -> ProcId {
        let r = b.c(0);
        b.func("f", &[], free, body, vec![Type::Int], vec![r])
    }

    #[test]
    fn pure_function_with_locals_is_fine() {
        let mut b = B::new();
        let (x, g) = (b.int("x"), b.int("g"));
        let w = b.set(x, g);
        let body = Process::Scope(vec![Decl::Var(x)], Box::new(w));
        function(&mut b, &[g], body);
        assert!(check_function_purity(&b.prog).is_empty());
    }

    #[test]
    fn free_variable_assignment_is_rejected() {
        let mut b = B::new();
        let g = b.int("g");
        let w = b.set0(g);
        function(&mut b, &[g], w);
        let d = check_function_purity(&b.prog);
        assert_eq!(codes(&d), ["E0925"]);
        assert_eq!(
            d[0].message,
            "FUNCTION `f` cannot change `g`, which is declared outside it"
        );
    }

    #[test]
    fn channel_io_par_alt_and_delay_are_rejected() {
        let mut b = B::new();
        let (c, x) = (b.chan("c"), b.int("x"));
        let (vc, one) = (b.v(c), b.c(1));
        let out = b.out(vc, one);
        let s1 = b.set0(x);
        let s2 = b.set0(x);
        let par = b.par(vec![s1, s2]);
        let (t, span) = (b.c(5), b.sp());
        let delay = Process::Delay { time: t, span };
        let body = Process::Scope(
            vec![Decl::Var(x)],
            Box::new(Process::Seq(vec![out, par, delay])),
        );
        function(&mut b, &[c], body);
        let d = check_function_purity(&b.prog);
        assert_eq!(codes(&d), ["E0920", "E0921", "E0923"]);
        assert_eq!(d[0].message, "FUNCTION `f` cannot output to a channel");
    }

    #[test]
    fn timer_read_is_allowed() {
        let mut b = B::new();
        let x = b.int("x");
        let (t, span) = (b.v(x), b.sp());
        let rd = Process::TimerRead { target: t, span };
        let body = Process::Scope(vec![Decl::Var(x)], Box::new(rd));
        function(&mut b, &[], body);
        assert!(check_function_purity(&b.prog).is_empty());
    }

    #[test]
    fn calls_of_procs_with_effects_are_rejected() {
        let mut b = B::new();
        let (c, g) = (b.chan("c"), b.int("g"));
        let (vc, one) = (b.v(c), b.c(1));
        let out = b.out(vc, one);
        let talk = b.proc("talk", &[], &[c], out);
        let w = b.set0(g);
        let bump = b.proc("bump", &[], &[g], w);
        let (c1, c2) = (b.call(talk, vec![]), b.call(bump, vec![]));
        function(&mut b, &[c, g], Process::Seq(vec![c1, c2]));
        let d = check_function_purity(&b.prog);
        assert_eq!(codes(&d), ["E0924", "E0925"]);
        assert_eq!(
            d[0].message,
            "FUNCTION `f` cannot call `talk`, which outputs to a channel"
        );
        assert!(
            d[1].message
                .contains("cannot call `bump`, which changes `g`"),
            "{}",
            d[1].message
        );
    }
}
