//! Alias checking: occam names never alias each other.
//!
//! - After `x IS y`, `y` may not be used in the scope of `x` (only through `x`).
//! - After `VAL x IS y`, `y` may not be changed in the scope of `x`.
//! - The actual parameters of a call must not alias each other, nor the
//!   callee's free variables, when one of them can be written.
//! - A multiple assignment names each variable once on the left.
//! - In `c ? n :: a`, the length `n` may not appear in the array part.
//!
//! A variable named by `#PRAGMA PERMITALIASES` is left alone by all of them.
//!
//! The checks hook into the walk of [`crate::sema::usage`], which knows what
//! each process and each callee uses; [`check_aliases`] runs them alone.

use crate::diag::Diagnostic;
use crate::diag::Span;
use crate::ir::{Actual, Decl, Expr, ExprKind, ParamMode, ProcId, Program, VarId, VarKind};
use crate::sema::usage::access::{Access, AccessSet, Mode};
use crate::sema::usage::path::{overlap, Class, Overlap, Sub};
use crate::sema::usage::text;
use crate::sema::usage::walk::{Analysis, Checks, Target};

/// Runs the alias rules over a whole program.
pub fn check_aliases(p: &Program) -> Vec<Diagnostic> {
    let mut an = Analysis::for_run(
        p,
        Checks {
            usage: false,
            alias: true,
        },
    );
    an.run();
    an.diags
}

/// Subscripts that cannot change while a name is in scope.
fn stable<'a>(an: &'a Analysis<'a>) -> impl Fn(VarId) -> Class + 'a {
    move |v| match an.var(v).map(|i| i.kind) {
        Some(VarKind::Replicator | VarKind::Val | VarKind::Constant) => Class::Shared,
        _ => Class::Unknown,
    }
}

/// True when the name `root` reaches its storage through abbreviation `x`.
fn through(an: &Analysis, mut root: VarId, x: VarId) -> bool {
    for _ in 0..256 {
        if root == x {
            return true;
        }
        match an.abbrev_target(root).and_then(Analysis::root) {
            Some(r) => root = r,
            None => return false,
        }
    }
    false
}

const UNPROVEN: &str =
    "the subscripts cannot be proven different (they must be constants or linear in replicator indices)";

/// `decls` open a scope; `parts[k]` are the uses of declaration `k` and the
/// last part those of the body.
pub fn check_scope(an: &mut Analysis, decls: &[Decl], parts: &[AccessSet]) {
    for (k, d) in decls.iter().enumerate() {
        let Decl::Abbrev { var: x, target, .. } = d else {
            continue;
        };
        let Some(t) = an.lvalue(target) else {
            continue;
        };
        if an.aliases_permitted(t.var) || an.aliases_permitted(*x) {
            continue;
        }
        let is_val = an.var(*x).is_some_and(|i| i.kind == VarKind::Val);
        let decl_span = an.var(*x).map_or(target.span, |i| i.span);
        let found = parts[k + 1..].iter().flat_map(|s| &s.list).find_map(|a| {
            if a.var != t.var || through(an, a.root, *x) || (is_val && a.mode == Mode::Read) {
                return None;
            }
            match overlap(&t.path, &a.path, &stable(an), None) {
                Overlap::Disjoint => None,
                o => Some((a.clone(), o)),
            }
        });
        let Some((a, o)) = found else {
            continue;
        };
        let (xn, used) = (an.name(*x), text::path(an, a.var, &a.path));
        let abbreviated = text::path(an, t.var, &t.path);
        let mut diag = if is_val {
            Diagnostic::error(
                "E0911",
                a.span,
                format!("`{used}` cannot be changed in the scope of `VAL {xn}`"),
            )
            .with_span_label(format!("{} here", text::done(an, &a)))
            .with_label(decl_span, format!("`VAL {xn}` abbreviates `{abbreviated}` here"))
            .with_help(format!(
                "a VAL abbreviation promises that `{abbreviated}` keeps its value while `{xn}` is in scope"
            ))
        } else {
            Diagnostic::error(
                "E0910",
                a.span,
                format!("`{used}` cannot be used in the scope of its abbreviation `{xn}`"),
            )
            .with_span_label(format!("{} here", text::done(an, &a)))
            .with_label(
                decl_span,
                format!("`{xn}` abbreviates `{abbreviated}` here"),
            )
            .with_help(format!("use `{xn}` instead while it is in scope"))
        };
        if o == Overlap::Possible {
            diag = diag.with_note(UNPROVEN);
        }
        an.diags.push(diag);
    }
}

fn writable(m: ParamMode) -> bool {
    matches!(m, ParamMode::Ref | ParamMode::Chan | ParamMode::Port)
}

/// Actual parameters against each other and against the callee's free
/// variables (`free` pairs each free use, resolved in the caller, with the
/// callee's own use).
pub fn check_call(
    an: &mut Analysis,
    callee: ProcId,
    args: &[Actual],
    free: &[(Target, Access)],
    _span: Span,
) {
    // `an.prog` outlives `an`'s borrow: the name needs no copy per call.
    let prog = an.prog;
    let Some(proc) = prog.procs.get(callee.index()) else {
        return;
    };
    let pname = &proc.name;
    let actuals: Vec<(Target, &Expr, ParamMode)> = proc
        .params
        .iter()
        .zip(args)
        .filter_map(|(p, a)| match a {
            Actual::Val(e) | Actual::Ref(e) => Some((an.lvalue(e)?, e, p.mode)),
            Actual::Timer => None,
        })
        .collect();
    let all = |_| Class::Shared;
    let mut diags = Vec::new();
    'outer: for (j, (tj, ej, mj)) in actuals.iter().enumerate() {
        for (ti, ei, mi) in &actuals[..j] {
            if ti.var != tj.var || !(writable(*mi) || writable(*mj)) || an.aliases_permitted(tj.var)
            {
                continue;
            }
            let o = overlap(&ti.path, &tj.path, &all, None);
            if o == Overlap::Disjoint {
                continue;
            }
            let chan = *mi == ParamMode::Chan && *mj == ParamMode::Chan;
            let what = text::path(an, tj.var, &tj.path);
            let msg = if chan {
                format!("channel `{what}` is passed to `{pname}` twice")
            } else {
                format!(
                    "`{what}` is passed to `{pname}` twice, and one of the parameters is not VAL"
                )
            };
            let mut d = Diagnostic::error("E0912", ej.span, msg)
                .with_span_label("passed again here")
                .with_label(ei.span, "first passed here")
                .with_help(
                    "parameters may not alias each other: pass different variables, or a copy",
                );
            if o == Overlap::Possible {
                d = d.with_note(UNPROVEN);
            }
            diags.push(d);
            break 'outer;
        }
    }
    'free: for (ft, acc) in free {
        for (t, e, m) in &actuals {
            if t.var != ft.var
                || !(writable(*m) || acc.mode != Mode::Read)
                || an.aliases_permitted(t.var)
            {
                continue;
            }
            let o = overlap(&t.path, &ft.path, &all, None);
            if o == Overlap::Disjoint {
                continue;
            }
            let what = text::path(an, t.var, &t.path);
            let mut d = Diagnostic::error(
                "E0913",
                e.span,
                format!("`{what}` is passed to `{pname}`, which also uses it as a free variable"),
            )
            .with_span_label("passed here")
            .with_label(
                acc.span,
                format!("`{pname}` {} `{}` here", verb(acc.mode), an.name(acc.var)),
            )
            .with_help(format!(
                "`{pname}` would see the same storage under two names: pass it only as a parameter"
            ));
            if o == Overlap::Possible {
                d = d.with_note(UNPROVEN);
            }
            diags.push(d);
            break 'free;
        }
    }
    an.diags.extend(diags);
}

fn verb(m: Mode) -> &'static str {
    match m {
        Mode::Read => "reads",
        Mode::Write => "changes",
        Mode::Input => "inputs from",
        Mode::Output => "outputs to",
    }
}

/// `a, b := …`: every target names different storage.
pub fn check_multiple_assignment(an: &mut Analysis, targets: &[Expr]) {
    if targets.len() < 2 {
        return;
    }
    let ts: Vec<(Target, &Expr)> = targets
        .iter()
        .filter_map(|e| Some((an.lvalue(e)?, e)))
        .collect();
    let all = |_| Class::Shared;
    for (j, (tj, ej)) in ts.iter().enumerate() {
        for (ti, ei) in &ts[..j] {
            if ti.var != tj.var || an.aliases_permitted(tj.var) {
                continue;
            }
            let o = overlap(&ti.path, &tj.path, &all, None);
            let msg = match &o {
                Overlap::Disjoint => continue,
                Overlap::Certain(w) => format!(
                    "`{}` is assigned twice in this multiple assignment",
                    text::element(an, tj.var, w)
                ),
                Overlap::Possible => format!(
                    "cannot prove that `{}` and `{}` are different in this multiple assignment",
                    text::path(an, ti.var, &ti.path),
                    text::path(an, tj.var, &tj.path)
                ),
            };
            an.diags.push(
                Diagnostic::error("E0914", ej.span, msg)
                    .with_span_label("assigned again here")
                    .with_label(ei.span, "first assigned here")
                    .with_help("each variable may appear only once on the left of `:=`"),
            );
            return;
        }
    }
}

/// `c ? n :: a`: `a` must not mention `n`.
pub fn check_counted_input(an: &mut Analysis, n: &Expr, a: &Expr) {
    let Some(nt) = an.lvalue(n) else {
        return;
    };
    if an.aliases_permitted(nt.var) {
        return;
    }
    let mut found = None;
    find_var(an, a, nt.var, &nt.path, &mut found, 0);
    if let Some(span) = found {
        let name = text::path(an, nt.var, &nt.path);
        an.diags.push(
            Diagnostic::error(
                "E0915",
                span,
                format!("the length `{name}` of this counted array input cannot be used in its array part"),
            )
            .with_span_label("used in the array part")
            .with_label(n.span, "the length is input here")
            .with_help("the length is input at the same time as the array: use another variable to choose the array part"),
        );
    }
}

fn find_var(
    an: &Analysis,
    e: &Expr,
    var: VarId,
    path: &[Sub],
    found: &mut Option<Span>,
    depth: u32,
) {
    if found.is_some() || depth > 256 {
        return;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Var(_) | ExprKind::Index(..) | ExprKind::Field(..) | ExprKind::Slice { .. }
            if an.lvalue(e).is_some_and(|t| {
                t.var == var
                    && overlap(path, &t.path, &|_| Class::Shared, None) != Overlap::Disjoint
            }) =>
        {
            *found = Some(e.span);
        }
        _ => {}
    }
    match &e.kind {
        ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
            find_var(an, &ab[0], var, path, found, d);
            find_var(an, &ab[1], var, path, found, d);
        }
        ExprKind::Field(a, _)
        | ExprKind::Unary(_, a)
        | ExprKind::Convert(_, a)
        | ExprKind::Size(a) => find_var(an, a, var, path, found, d),
        ExprKind::Slice { base, start, count } => {
            for x in [base, start, count] {
                find_var(an, x, var, path, found, d);
            }
        }
        ExprKind::Intrinsic(call) => call
            .1
            .iter()
            .for_each(|x| find_var(an, x, var, path, found, d)),
        ExprKind::Table(es) => es.iter().for_each(|x| find_var(an, x, var, path, found, d)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::check_aliases;
    use crate::ir::*;
    use crate::sema::usage::build::{codes, B};

    #[test]
    fn abbreviated_variable_cannot_be_used() {
        let mut b = B::new();
        let (y, x) = (b.int("y"), b.var_of("x", Type::Int, VarKind::Ref));
        let vy = b.v(y);
        let w1 = b.set0(x);
        let w2 = b.set0(y);
        let body = b.abbrev(x, vy, Process::Seq(vec![w1, w2]));
        b.main(&[y], body);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0910"]);
        assert_eq!(
            d[0].message,
            "`y` cannot be used in the scope of its abbreviation `x`"
        );
    }

    #[test]
    fn other_elements_stay_usable() {
        let mut b = B::new();
        let (a, x) = (b.array("a", 4), b.var_of("x", Type::Int, VarKind::Ref));
        let a0 = b.at(a, 0);
        let w1 = b.set0(x);
        let a1 = b.at(a, 1);
        let z = b.c(0);
        let w2 = b.assign(a1, z);
        let body = b.abbrev(x, a0, Process::Seq(vec![w1, w2]));
        b.main(&[a], body);
        assert!(check_aliases(&b.prog).is_empty());
    }

    #[test]
    fn val_abbreviated_variable_cannot_change_but_can_be_read() {
        let mut b = B::new();
        let (y, z, x) = (
            b.int("y"),
            b.int("z"),
            b.var_of("x", Type::Int, VarKind::Val),
        );
        let vy = b.v(y);
        let r = b.set(z, y);
        let w = b.set0(y);
        let body = b.abbrev(x, vy.clone(), r);
        b.main(&[y, z], body);
        assert!(check_aliases(&b.prog).is_empty());
        let body = b.abbrev(x, vy, w);
        b.main(&[y, z], body);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0911"]);
        assert_eq!(
            d[0].message,
            "`y` cannot be changed in the scope of `VAL x`"
        );
    }

    #[test]
    fn actuals_must_not_alias() {
        let mut b = B::new();
        let (x, f, g) = (b.int("x"), b.int("f"), b.int("g"));
        let body = b.set(f, g);
        let p = b.proc(
            "copy",
            &[(f, ParamMode::Ref), (g, ParamMode::Val)],
            &[],
            body,
        );
        let (a1, a2) = (b.v(x), b.v(x));
        let call = b.call(p, vec![Actual::Ref(a1), Actual::Val(a2)]);
        b.main(&[x], call);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0912"]);
        assert_eq!(
            d[0].message,
            "`x` is passed to `copy` twice, and one of the parameters is not VAL"
        );
    }

    #[test]
    fn actual_must_not_alias_a_free_variable() {
        let mut b = B::new();
        let (x, f) = (b.int("x"), b.int("f"));
        let body = b.set(f, x);
        let p = b.proc("get", &[(f, ParamMode::Ref)], &[x], body);
        let a = b.v(x);
        let call = b.call(p, vec![Actual::Ref(a)]);
        b.main(&[x], call);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0913"]);
        assert_eq!(
            d[0].message,
            "`x` is passed to `get`, which also uses it as a free variable"
        );
    }

    #[test]
    fn distinct_constant_elements_may_be_passed() {
        let mut b = B::new();
        let (a, f, g) = (b.array("a", 2), b.int("f"), b.int("g"));
        let body = b.set(f, g);
        let p = b.proc(
            "copy",
            &[(f, ParamMode::Ref), (g, ParamMode::Ref)],
            &[],
            body,
        );
        let (a0, a1) = (b.at(a, 0), b.at(a, 1));
        let call = b.call(p, vec![Actual::Ref(a0), Actual::Ref(a1)]);
        b.main(&[a], call);
        assert!(check_aliases(&b.prog).is_empty());
    }

    #[test]
    fn multiple_assignment_names_each_variable_once() {
        let mut b = B::new();
        let (x, y) = (b.int("x"), b.int("y"));
        let (t1, t2, v1, v2) = (b.v(x), b.v(x), b.v(y), b.c(1));
        let span = b.sp();
        let asg = Process::Assign {
            targets: vec![t1, t2],
            values: vec![v1, v2],
            span,
        };
        b.main(&[x, y], asg);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0914"]);
        assert_eq!(
            d[0].message,
            "`x` is assigned twice in this multiple assignment"
        );

        let mut b = B::new();
        let (x, y) = (b.int("x"), b.int("y"));
        let (t1, t2, v1, v2) = (b.v(x), b.v(y), b.v(y), b.v(x));
        let span = b.sp();
        let swap = Process::Assign {
            targets: vec![t1, t2],
            values: vec![v1, v2],
            span,
        };
        b.main(&[x, y], swap);
        assert!(check_aliases(&b.prog).is_empty());
    }

    #[test]
    fn counted_input_length_not_in_array_part() {
        let mut b = B::new();
        let (c, n, a) = (b.chan("c"), b.int("n"), b.array("a", 8));
        let (vc, vn, va, z, vn2) = (b.v(c), b.v(n), b.v(a), b.c(0), b.v(n));
        let part = b.slice(va, z, vn2);
        let span = b.sp();
        let inp = Process::Input {
            chan: vc,
            items: vec![InItem::Counted(vn, part)],
            span,
        };
        b.main(&[c, n, a], inp);
        let d = check_aliases(&b.prog);
        assert_eq!(codes(&d), ["E0915"]);
        assert!(
            d[0].message.starts_with("the length `n`"),
            "{}",
            d[0].message
        );
    }
}
