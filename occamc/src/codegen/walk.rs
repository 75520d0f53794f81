//! Finding the routines a routine calls (for callee-first compilation order and
//! recursion detection).

use crate::ir::{
    Actual, AltArm, AsmItem, Expr, ExprKind, Guard, IfArm, InItem, OutItem, Proc, Process,
};

/// Every PROC/FUNCTION index called (directly) by `p`.
pub fn callees(p: &Proc) -> Vec<usize> {
    let mut out = Vec::new();
    process(&p.body, &mut out);
    for e in &p.result {
        expr(e, &mut out);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn actuals(a: &[Actual], out: &mut Vec<usize>) {
    for x in a {
        if let Actual::Val(e) | Actual::Ref(e) = x {
            expr(e, out);
        }
    }
}

fn expr(e: &Expr, out: &mut Vec<usize>) {
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Var(_) => {}
        ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
            expr(&ab[0], out);
            expr(&ab[1], out);
        }
        ExprKind::Field(a, _) | ExprKind::Size(a) | ExprKind::Unary(_, a) => expr(a, out),
        ExprKind::Convert(_, a) => expr(a, out),
        ExprKind::Slice { base, start, count } => {
            expr(base, out);
            expr(start, out);
            expr(count, out);
        }
        ExprKind::Call(p, args) => {
            out.push(p.index());
            actuals(args, out);
        }
        ExprKind::Intrinsic(call) => {
            for a in &call.1 {
                expr(a, out);
            }
        }
        ExprKind::Table(args) => {
            for a in args {
                expr(a, out);
            }
        }
        ExprKind::Valof(valof) => {
            let (body, results) = &**valof;
            process(body, out);
            for r in results {
                expr(r, out);
            }
        }
    }
}

fn in_items(items: &[InItem], out: &mut Vec<usize>) {
    for it in items {
        match it {
            InItem::Value(e) => expr(e, out),
            InItem::Counted(a, b) => {
                expr(a, out);
                expr(b, out);
            }
        }
    }
}

fn if_arms(arms: &[IfArm], out: &mut Vec<usize>) {
    for a in arms {
        match a {
            IfArm::Guard(c, p) => {
                expr(c, out);
                process(p, out);
            }
            IfArm::Nested(v) => if_arms(v, out),
            IfArm::Repl(r, v) => {
                expr(&r.base, out);
                expr(&r.count, out);
                if_arms(v, out);
            }
            IfArm::Scope(ds, v) => {
                decls(ds, out);
                if_arms(v, out);
            }
        }
    }
}

fn alt_arms(arms: &[AltArm], out: &mut Vec<usize>) {
    for a in arms {
        match a {
            AltArm::Guard { pre, guard, body } => {
                if let Some(p) = pre {
                    expr(p, out);
                }
                match guard {
                    Guard::Input(c, items) => {
                        expr(c, out);
                        in_items(items, out);
                    }
                    Guard::CaseInput(c, arms) => {
                        expr(c, out);
                        for a in arms {
                            in_items(&a.items, out);
                            process(&a.body, out);
                        }
                    }
                    Guard::Timer(t) => expr(t, out),
                    Guard::Skip => {}
                }
                process(body, out);
            }
            AltArm::Nested(v) | AltArm::Scope(_, v) => alt_arms(v, out),
            AltArm::Repl(r, v) => {
                expr(&r.base, out);
                expr(&r.count, out);
                alt_arms(v, out);
            }
        }
    }
}

fn decls(ds: &[crate::ir::Decl], out: &mut Vec<usize>) {
    for d in ds {
        if let crate::ir::Decl::Abbrev { target, .. } = d {
            expr(target, out);
        }
    }
}

fn process(p: &Process, out: &mut Vec<usize>) {
    match p {
        Process::Skip | Process::Stop(_) => {}
        Process::Asm(items, _) => {
            for it in items {
                if let AsmItem::Load(e) | AsmItem::Store(e) = it {
                    expr(e, out);
                }
            }
        }
        Process::Assign {
            targets, values, ..
        } => {
            for e in targets.iter().chain(values) {
                expr(e, out);
            }
        }
        Process::AssignCall {
            targets,
            func,
            args,
            ..
        } => {
            out.push(func.index());
            for e in targets {
                expr(e, out);
            }
            actuals(args, out);
        }
        Process::Output { chan, items, .. } => {
            expr(chan, out);
            for it in items {
                match it {
                    OutItem::Value(e) => expr(e, out),
                    OutItem::Counted(a, b) => {
                        expr(a, out);
                        expr(b, out);
                    }
                    OutItem::Tag(_) => {}
                }
            }
        }
        Process::Input { chan, items, .. } => {
            expr(chan, out);
            in_items(items, out);
        }
        Process::CaseInput { chan, arms, .. } => {
            expr(chan, out);
            for a in arms {
                in_items(&a.items, out);
                process(&a.body, out);
            }
        }
        Process::TimerRead { target, .. } => expr(target, out),
        Process::Delay { time, .. } => expr(time, out),
        Process::PortRead { port, target } => {
            expr(port, out);
            expr(target, out);
        }
        Process::PortWrite { port, value } => {
            expr(port, out);
            expr(value, out);
        }
        Process::Call { proc_id, args, .. } => {
            out.push(proc_id.index());
            actuals(args, out);
        }
        Process::IntrinsicCall { args, .. } => {
            for a in args {
                expr(a, out);
            }
        }
        Process::Seq(ps) | Process::Par { branches: ps, .. } => {
            for p in ps {
                process(p, out);
            }
        }
        Process::ReplSeq(r, b)
        | Process::ReplPar {
            rep: r, body: b, ..
        } => {
            expr(&r.base, out);
            expr(&r.count, out);
            process(b, out);
        }
        Process::PlacedPar(ps) => {
            for p in ps {
                process(&p.body, out);
            }
        }
        Process::If(arms, _) => if_arms(arms, out),
        Process::Case {
            selector,
            arms,
            default,
            ..
        } => {
            expr(selector, out);
            for (_, p) in arms {
                process(p, out);
            }
            if let Some(d) = default {
                process(d, out);
            }
        }
        Process::While(c, b) => {
            expr(c, out);
            process(b, out);
        }
        Process::Alt { arms, .. } => alt_arms(arms, out),
        Process::Scope(ds, b) => {
            decls(ds, out);
            process(b, out);
        }
    }
}

/// True if evaluating `e` may set the Error flag (a range or overflow check, or a
/// call whose arguments or body may). STOP mode puts `stoperr` only after such code,
/// so processes without checks keep running after another one fails (Error is global
/// and stays set).
pub fn checked(prog: &crate::ir::Program, e: &Expr) -> bool {
    use crate::ir::{BinOp, Const, Type, UnOp};
    match &e.kind {
        ExprKind::Const(_) | ExprKind::Var(_) => false,
        ExprKind::Index(ai) => {
            let [a, i] = &**ai;
            let in_range = match (&i.kind, super::ty::fixed_dim(prog, &a.ty, 0)) {
                (ExprKind::Const(Const::Int(k)), Some(n)) => *k >= 0 && (*k as u64) < n as u64,
                _ => false,
            };
            !in_range || checked(prog, a)
        }
        ExprKind::Field(a, _) | ExprKind::Size(a) => checked(prog, a),
        ExprKind::Unary(op, x) => *op == UnOp::Neg || checked(prog, x),
        ExprKind::Binary(op, lr) => {
            let [l, r] = &**lr;
            matches!(
                op,
                BinOp::Add
                    | BinOp::Sub
                    | BinOp::Mul
                    | BinOp::Div
                    | BinOp::Rem
                    | BinOp::Shl
                    | BinOp::Shr
            ) || e.ty.is_real()
                || l.ty.is_real()
                || checked(prog, l)
                || checked(prog, r)
        }
        ExprKind::Convert(_, x) => {
            let to = super::ty::resolve(prog, &e.ty);
            let from = super::ty::resolve(prog, &x.ty);
            let narrowing = match (from, to) {
                (Type::Bool, _) => false,
                (_, Type::Byte | Type::Bool) => from != to,
                (Type::Int | Type::Int32 | Type::Int64, Type::Int16) => true,
                (f, t) => f.is_real() || t.is_real() || *f == Type::Int64 || *t == Type::Int64,
            };
            narrowing || checked(prog, x)
        }
        ExprKind::Table(items) => items.iter().any(|x| checked(prog, x)),
        ExprKind::Slice { .. }
        | ExprKind::Call(..)
        | ExprKind::Intrinsic(..)
        | ExprKind::Valof(..) => true,
    }
}

/// [`checked`] over actual parameters.
pub fn actuals_checked(prog: &crate::ir::Program, args: &[Actual]) -> bool {
    args.iter().any(|a| match a {
        Actual::Val(e) | Actual::Ref(e) => checked(prog, e),
        Actual::Timer => false,
    })
}
