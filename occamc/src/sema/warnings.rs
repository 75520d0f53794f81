//! Warnings that are sound: names never used, and scalar variables read
//! before any assignment in straight-line code.
//!
//! Only names declared inside a PROC or FUNCTION of the main file are
//! reported: outer-level names may be used by other compilation units
//! (`#USE`), and included libraries declare many routines a program does
//! not use. The entry PROC's parameters (fixed by the host's calling
//! convention) are exempt, and so are replicator indices and protocol tags.
//!
//! "Read before any assignment" follows a new scalar variable through the
//! straight-line code of its scope only (SEQ, assignment, input, output,
//! timer read); at the first construct it does not model precisely (IF,
//! WHILE, PAR, ALT, CASE, calls, nested scopes...) it stops, so it never
//! warns about a variable that might have been assigned.

use super::resolve::{EntityKind, Resolution, VarClass};
use crate::diag::{Diagnostic, FileId};
use crate::ir::{self, Decl, ExprKind, Process, VarId, VarKind};

/// W0501 unused variable/parameter/abbreviation, W0502 unused PROC/FUNCTION.
pub fn unused(res: &Resolution, prog: &ir::Program, diags: &mut Vec<Diagnostic>) {
    let entry_span = prog.entry.map(|p| prog.procs[p.index()].span);
    let entry = res
        .entities
        .iter()
        .position(|e| Some(e.span) == entry_span && matches!(e.kind, EntityKind::Proc));
    for (i, e) in res.entities.iter().enumerate() {
        if e.uses > 0 || e.span.file != FileId(0) || Some(i) == entry || e.owner.is_none() {
            continue;
        }
        let what = match e.kind {
            EntityKind::Var(VarClass::Replicator) | EntityKind::Tag | EntityKind::Intrinsic(_) => {
                continue;
            }
            EntityKind::Var(VarClass::Param | VarClass::ValParam)
            | EntityKind::Var(VarClass::Channel | VarClass::Timer | VarClass::Port)
                if e.owner.is_some() && e.owner.map(|o| o.index()) == entry =>
            {
                continue;
            }
            EntityKind::Var(_) => e.kind.describe(),
            EntityKind::Proc | EntityKind::Function => e.kind.describe(),
            EntityKind::Protocol | EntityKind::DataType => e.kind.describe(),
        };
        let code = match e.kind {
            EntityKind::Proc | EntityKind::Function => "W0502",
            _ => "W0501",
        };
        diags.push(
            Diagnostic::warning(code, e.span, format!("{what} `{}` is never used", e.name))
                .with_span_label("declared here but not used"),
        );
    }
}

/// W0503: a scalar variable read before it is assigned in straight-line code.
pub fn read_before_assign(prog: &ir::Program, diags: &mut Vec<Diagnostic>) {
    for p in &prog.procs {
        walk(&p.body, prog, diags);
    }
}

/// Finds every scope in `p` and checks its new scalar variables.
fn walk(p: &Process, prog: &ir::Program, diags: &mut Vec<Diagnostic>) {
    match p {
        Process::Scope(decls, body) => {
            scope_reads(prog, decls, body, &|v| tracked(prog, v), diags);
            walk(body, prog, diags);
        }
        Process::Seq(ps) => ps.iter().for_each(|q| walk(q, prog, diags)),
        Process::Par { branches, .. } => branches.iter().for_each(|q| walk(q, prog, diags)),
        Process::ReplSeq(_, b) | Process::ReplPar { body: b, .. } | Process::While(_, b) => {
            walk(b, prog, diags)
        }
        Process::If(arms, _) => if_arms(arms, prog, diags),
        Process::Case { arms, default, .. } => {
            arms.iter().for_each(|(_, q)| walk(q, prog, diags));
            if let Some(d) = default {
                walk(d, prog, diags);
            }
        }
        Process::Alt { arms, .. } => alt_arms(arms, prog, diags),
        Process::CaseInput { arms, .. } => arms.iter().for_each(|a| walk(&a.body, prog, diags)),
        Process::PlacedPar(ps) => ps.iter().for_each(|q| walk(&q.body, prog, diags)),
        _ => {}
    }
}

fn if_arms(arms: &[ir::IfArm], prog: &ir::Program, diags: &mut Vec<Diagnostic>) {
    for a in arms {
        match a {
            ir::IfArm::Guard(_, b) => walk(b, prog, diags),
            ir::IfArm::Nested(xs) | ir::IfArm::Repl(_, xs) => if_arms(xs, prog, diags),
            ir::IfArm::Scope(decls, xs) => {
                choice_scope_reads(prog, decls, xs, &|v| tracked(prog, v), diags);
                if_arms(xs, prog, diags)
            }
        }
    }
}

fn alt_arms(arms: &[ir::AltArm], prog: &ir::Program, diags: &mut Vec<Diagnostic>) {
    for a in arms {
        match a {
            ir::AltArm::Guard { body, .. } => walk(body, prog, diags),
            ir::AltArm::Nested(xs) | ir::AltArm::Repl(_, xs) => alt_arms(xs, prog, diags),
            ir::AltArm::Scope(decls, xs) => {
                alt_scope_reads(prog, decls, xs, &|v| tracked(prog, v), diags);
                alt_arms(xs, prog, diags)
            }
        }
    }
}

/// Checks the new scalar variables of one scope (the usage walk calls this
/// for every scope `read_before_assign` would find, sparing its own walk).
/// `scalar` says which variables are scalar locals (see [`tracked`]; the
/// usage walk answers from its own per-variable flags).
pub fn scope_reads(
    prog: &ir::Program,
    decls: &[Decl],
    body: &Process,
    scalar: &dyn Fn(VarId) -> bool,
    diags: &mut Vec<Diagnostic>,
) {
    for v in scalar_locals(decls, scalar) {
        if let Flow::Read(span) = track(v, body) {
            diags.push(unset_read(prog, v, span));
        }
    }
}

/// Checks the new scalar variables of specifications before IF choices. No
/// guard can assign, and each choice's body starts where its guard left off,
/// so a read in any guard, or one before any assignment in a body, finds the
/// variable unassigned.
pub fn choice_scope_reads(
    prog: &ir::Program,
    decls: &[Decl],
    arms: &[ir::IfArm],
    scalar: &dyn Fn(VarId) -> bool,
    diags: &mut Vec<Diagnostic>,
) {
    for v in scalar_locals(decls, scalar) {
        if let Some(span) = first_unset_read_in_arms(v, arms) {
            diags.push(unset_read(prog, v, span));
        }
    }
}

fn first_unset_read_in_arms(v: VarId, arms: &[ir::IfArm]) -> Option<crate::diag::Span> {
    arms.iter().find_map(|a| match a {
        ir::IfArm::Guard(g, body) => read_span(v, g).or(match track(v, body) {
            Flow::Read(span) => Some(span),
            _ => None,
        }),
        ir::IfArm::Nested(xs) | ir::IfArm::Repl(_, xs) | ir::IfArm::Scope(_, xs) => {
            first_unset_read_in_arms(v, xs)
        }
    })
}

/// Checks the new scalar variables of specifications before ALT guards. Every
/// guard's condition, channel and timeout is evaluated when the ALT starts,
/// before any input; the chosen alternative's body follows its input (which may
/// assign the variable).
pub fn alt_scope_reads(
    prog: &ir::Program,
    decls: &[Decl],
    arms: &[ir::AltArm],
    scalar: &dyn Fn(VarId) -> bool,
    diags: &mut Vec<Diagnostic>,
) {
    for v in scalar_locals(decls, scalar) {
        if let Some(span) = alt_enabling_read(v, arms).or_else(|| alt_body_read(v, arms)) {
            diags.push(unset_read(prog, v, span));
        }
    }
}

fn alt_enabling_read(v: VarId, arms: &[ir::AltArm]) -> Option<crate::diag::Span> {
    arms.iter().find_map(|a| match a {
        ir::AltArm::Guard { pre, guard, .. } => {
            pre.as_ref()
                .and_then(|p| read_span(v, p))
                .or_else(|| match guard {
                    ir::Guard::Input(c, _) | ir::Guard::CaseInput(c, _) => read_span(v, c),
                    ir::Guard::Timer(t) => read_span(v, t),
                    ir::Guard::Skip => None,
                })
        }
        ir::AltArm::Nested(xs) | ir::AltArm::Repl(_, xs) | ir::AltArm::Scope(_, xs) => {
            alt_enabling_read(v, xs)
        }
    })
}

fn alt_body_read(v: VarId, arms: &[ir::AltArm]) -> Option<crate::diag::Span> {
    arms.iter().find_map(|a| match a {
        ir::AltArm::Guard { guard, body, .. } => {
            let after_guard = match guard {
                ir::Guard::Input(_, items) => assigned_by(v, in_targets(items).into_iter()),
                // Variant bodies are not tracked (as for `c ? CASE` processes).
                ir::Guard::CaseInput(..) => Flow::Done,
                ir::Guard::Timer(_) | ir::Guard::Skip => Flow::Unassigned,
            };
            match (after_guard, track(v, body)) {
                (Flow::Unassigned, Flow::Read(span)) => Some(span),
                _ => None,
            }
        }
        ir::AltArm::Nested(xs) | ir::AltArm::Repl(_, xs) | ir::AltArm::Scope(_, xs) => {
            alt_body_read(v, xs)
        }
    })
}

/// The variables an input assigns, counts included.
fn in_targets(items: &[ir::InItem]) -> Vec<&ir::Expr> {
    items
        .iter()
        .flat_map(|i| match i {
            ir::InItem::Value(e) => vec![e],
            ir::InItem::Counted(a, b) => vec![a, b],
        })
        .collect()
}

/// True for the variables W0503 tracks: scalar locals.
pub fn tracked(prog: &ir::Program, v: VarId) -> bool {
    prog.vars.get(v.index()).is_some_and(|info| {
        info.kind == VarKind::Local
            && (info.ty.is_integer() || info.ty.is_real() || info.ty == ir::Type::Bool)
    })
}

/// The variables `decls` declares that `scalar` accepts (the ones W0503
/// tracks).
fn scalar_locals<'a>(
    decls: &'a [Decl],
    scalar: &'a dyn Fn(VarId) -> bool,
) -> impl Iterator<Item = VarId> + 'a {
    decls.iter().filter_map(move |d| match d {
        Decl::Var(v) if scalar(*v) => Some(*v),
        _ => None,
    })
}

fn unset_read(prog: &ir::Program, v: VarId, span: crate::diag::Span) -> Diagnostic {
    let info = &prog.vars[v.index()];
    Diagnostic::warning(
        "W0503",
        span,
        format!("`{}` is read before any value is assigned to it", info.name),
    )
    .with_span_label("read here")
    .with_label(info.span, "declared here")
}

/// What straight-line tracking of one variable found.
enum Flow {
    /// Still certainly unassigned after this process.
    Unassigned,
    /// Certainly assigned (or no longer tracked).
    Done,
    /// Read while certainly unassigned.
    Read(crate::diag::Span),
}

fn track(v: VarId, p: &Process) -> Flow {
    match p {
        Process::Seq(ps) => {
            for q in ps {
                match track(v, q) {
                    Flow::Unassigned => {}
                    other => return other,
                }
            }
            Flow::Unassigned
        }
        Process::Skip => Flow::Unassigned,
        Process::Assign {
            targets, values, ..
        } => {
            if let Some(s) = values.iter().find_map(|e| read_span(v, e)) {
                return Flow::Read(s);
            }
            assigned_by(v, targets.iter())
        }
        Process::Output { items, .. } => {
            for it in items {
                let found = match it {
                    ir::OutItem::Value(e) => read_span(v, e),
                    ir::OutItem::Counted(a, b) => read_span(v, a).or_else(|| read_span(v, b)),
                    ir::OutItem::Tag(_) => None,
                };
                if let Some(s) = found {
                    return Flow::Read(s);
                }
            }
            Flow::Unassigned
        }
        Process::Input { items, .. } => assigned_by(v, in_targets(items).into_iter()),
        Process::TimerRead { target, .. } => assigned_by(v, std::iter::once(target)),
        _ => Flow::Done,
    }
}

/// After assigning `targets`: Done if `v` is one of them or appears in any
/// (e.g. in a subscript: stop tracking, conservatively), else Unassigned.
fn assigned_by<'a>(v: VarId, mut targets: impl Iterator<Item = &'a ir::Expr>) -> Flow {
    if targets.any(|t| read_span(v, t).is_some()) {
        Flow::Done
    } else {
        Flow::Unassigned
    }
}

/// The span of a read of `v` in `e`, if any.
fn read_span(v: VarId, e: &ir::Expr) -> Option<crate::diag::Span> {
    match &e.kind {
        ExprKind::Var(w) if *w == v => Some(e.span),
        ExprKind::Var(_) | ExprKind::Const(_) => None,
        ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
            read_span(v, &ab[0]).or_else(|| read_span(v, &ab[1]))
        }
        ExprKind::Field(a, _)
        | ExprKind::Size(a)
        | ExprKind::Unary(_, a)
        | ExprKind::Convert(_, a) => read_span(v, a),
        ExprKind::Slice { base, start, count } => read_span(v, base)
            .or_else(|| read_span(v, start))
            .or_else(|| read_span(v, count)),
        ExprKind::Call(_, args) => args.iter().find_map(|a| match a {
            ir::Actual::Val(x) | ir::Actual::Ref(x) => read_span(v, x),
            ir::Actual::Timer => None,
        }),
        ExprKind::Intrinsic(call) => call.1.iter().find_map(|x| read_span(v, x)),
        ExprKind::Table(xs) => xs.iter().find_map(|x| read_span(v, x)),
        // A VALOF body may assign its own copy; do not look inside.
        ExprKind::Valof(..) => None,
    }
}
