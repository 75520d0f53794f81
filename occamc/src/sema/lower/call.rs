//! Calls: FUNCTION and intrinsic calls in expressions, and the actual
//! parameters of every call (PROCs too), checked against the formals.

use super::expr::mk;
use super::{base_elem, plural, Describe, Lowerer, Sym};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, ExprKind, ParamMode, Type};
use crate::sema::intrinsics::{self, PTy};
use crate::syntax::ast;

impl Lowerer<'_> {
    /// E0613: a FUNCTION with several results used as a single value.
    fn several_results(&mut self, name: &ast::Name, n: usize, span: Span) {
        self.err(
            Diagnostic::error(
                "E0613",
                span,
                format!(
                    "`{}` returns {n} values; use it in a multiple assignment",
                    name.text
                ),
            )
            .with_span_label("several results"),
        );
    }

    pub(super) fn call_expr(
        &mut self,
        name: &ast::Name,
        args: &[ast::Expr],
        want: Option<&Type>,
        span: Span,
    ) -> Option<ir::Expr> {
        match self.sym_of(name) {
            Sym::Proc(pid) if !self.prog.procs[pid.index()].results.is_empty() => {
                let n = self.prog.procs[pid.index()].results.len();
                if n != 1 {
                    self.several_results(name, n, span);
                    return None;
                }
                let actuals = self.actuals(name, pid, args, span)?;
                let ty = self.prog.procs[pid.index()].results[0].clone();
                Some(mk(ExprKind::Call(pid, actuals), ty, span))
            }
            Sym::Intrinsic(k) if !intrinsics::TABLE[k].is_proc() => {
                let sig = &intrinsics::TABLE[k];
                if sig.results.len() != 1 {
                    self.several_results(name, sig.results.len(), span);
                    return None;
                }
                let xs = self.intrinsic_args(name, k, args, span)?;
                let ty = sig.results[0].to_type(self.any());
                Some(mk(
                    ExprKind::Intrinsic(Box::new((ir::Intrinsic(ir::IntrinsicName(sig.name)), xs))),
                    ty,
                    span,
                ))
            }
            Sym::Type(id) => {
                if args.len() != 1 {
                    self.err(
                        Diagnostic::error(
                            "E0630",
                            span,
                            "a type conversion takes exactly one operand",
                        )
                        .with_span_label(format!("{} operands", args.len())),
                    );
                    return None;
                }
                let _ = want;
                let x = self.expr(&args[0], None)?;
                self.convert(ir::ConvMode::Exact, x, Type::Named(id), span)
            }
            Sym::None => None,
            _ => {
                let what = self
                    .entity_of(name)
                    .map_or("name", |id| self.names.res.entity(id).kind.describe());
                self.err(
                    Diagnostic::error(
                        "E0614",
                        name.span,
                        format!("`{}` is a {what}, not a FUNCTION", name.text),
                    )
                    .with_span_label("called here as a FUNCTION"),
                );
                None
            }
        }
    }

    fn arity(
        &mut self,
        name: &ast::Name,
        want: usize,
        got: usize,
        span: Span,
        decl: Option<Span>,
    ) -> Option<()> {
        if want == got {
            return Some(());
        }
        let mut d = Diagnostic::error(
            "E0631",
            span,
            format!(
                "`{}` takes {want} parameter{} but {got} {} given",
                name.text,
                plural(want),
                if got == 1 { "was" } else { "were" }
            ),
        )
        .with_span_label(format!("{got} argument{}", plural(got)));
        if let Some(s) = decl {
            d = d.with_label(s, "declared here");
        }
        self.err(d);
        None
    }

    /// Checks and lowers the actual parameters of a call of PROC/FUNCTION `pid`.
    pub(super) fn actuals(
        &mut self,
        name: &ast::Name,
        pid: ir::ProcId,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<Vec<ir::Actual>> {
        let decl = self.prog.procs[pid.index()].span;
        let n = self.prog.procs[pid.index()].params.len();
        self.arity(name, n, args.len(), span, Some(decl))?;
        let mut out = Vec::with_capacity(args.len());
        let mut ok = true;
        for (i, a) in args.iter().enumerate() {
            // One formal at a time (lowering the argument needs `self`), not
            // a list of them all per call.
            let (mode, ty) = {
                let p = &self.prog.procs[pid.index()].params[i];
                (p.mode, self.prog.vars[p.var.index()].ty.clone())
            };
            let (mode, ty) = (&mode, &ty);
            let what = Describe(|f| write!(f, "argument {} of `{}`", i + 1, name.text));
            let x = match mode {
                ParamMode::Val => self.expr_of_type(a, ty, &what).map(ir::Actual::Val),
                ParamMode::Timer => self.expr(a, Some(ty)).and_then(|x| {
                    self.check_fits(&x, ty, &what)?;
                    Some(ir::Actual::Timer)
                }),
                ParamMode::Ref => self.lvalue(a, Some(ty)).and_then(|x| {
                    self.check_fits(&x, ty, &what)?;
                    Some(ir::Actual::Ref(x))
                }),
                ParamMode::Chan | ParamMode::Port => self.expr(a, Some(ty)).and_then(|x| {
                    if !chan_fits(ty, &x.ty, &self.prog.protocols) {
                        self.check_fits(&x, ty, &what)?;
                    }
                    Some(ir::Actual::Ref(x))
                }),
            };
            match x {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        // Free variables of the callee become uses here.
        for i in 0..self.prog.procs[pid.index()].free_vars.len() {
            self.note_use(self.prog.procs[pid.index()].free_vars[i]);
        }
        ok.then_some(out)
    }

    /// Checks the arguments of a predefined routine.
    pub(super) fn intrinsic_args(
        &mut self,
        name: &ast::Name,
        k: usize,
        args: &[ast::Expr],
        span: Span,
    ) -> Option<Vec<ir::Expr>> {
        let sig = &intrinsics::TABLE[k];
        self.arity(name, sig.params.len(), args.len(), span, None)?;
        let any = self.any();
        let mut out = Vec::with_capacity(args.len());
        let mut ok = true;
        for (i, (p, a)) in sig.params.iter().zip(args).enumerate() {
            let ty = p.ty.to_type(any);
            let what = Describe(|f| write!(f, "argument {} of `{}`", i + 1, name.text));
            let x = if matches!(p.ty, PTy::ChanAny | PTy::ChanAnyArray) {
                self.expr(a, None).filter(|x| {
                    matches!(base_elem(&x.ty), Type::Chan(_))
                        && matches!(x.ty, Type::Array(..)) == matches!(p.ty, PTy::ChanAnyArray)
                })
            } else if p.val {
                self.expr_of_type(a, &ty, &what)
            } else {
                self.lvalue(a, Some(&ty)).and_then(|x| {
                    self.check_fits(&x, &ty, &what)?;
                    Some(x)
                })
            };
            match x {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// Channel formals accept channels of the same protocol; `CHAN OF ANY`
/// formals accept any channel (as occ21 does).
fn chan_fits(formal: &Type, actual: &Type, protocols: &[ir::Protocol]) -> bool {
    match (formal, actual) {
        (Type::Array(n, f), Type::Array(m, a)) => {
            (n.is_none() || n == m) && chan_fits(f, a, protocols)
        }
        (Type::Chan(p), Type::Chan(q)) => {
            p == q || matches!(protocols.get(p.index()), Some(ir::Protocol::Any))
        }
        _ => formal == actual,
    }
}
