//! Expressions: typing under occam's strict rules, literal typing from
//! context, constant folding and lvalue checks (calls and actual parameters
//! are in `call.rs`, BYTESIN and OFFSETOF in `sizes.rs`).
//!
//! Literals without a type decoration take the type the context needs:
//! an integer literal becomes any integer type wanted (INT otherwise), a
//! real literal any REAL type wanted (without one it is an error, as in
//! occam 2.1). For a binary operator the operand without untyped literals is
//! typed first and gives its type to the other one, so `1 + x` with an
//! INT16 `x` is INT16.

use super::{base_elem, plural, Lowerer, Sym};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Const, ExprKind, Type, VarKind};
use crate::sema::{consts, types};
use crate::syntax::ast;
use std::fmt::Display;

pub(super) fn mk(kind: ExprKind, ty: Type, span: Span) -> ir::Expr {
    ir::Expr { kind, ty, span }
}

pub(super) fn konst(c: Const, ty: Type, span: Span) -> ir::Expr {
    mk(ExprKind::Const(c), ty, span)
}

/// Whether the type of `e` comes only from context (undecorated numeric
/// literals and operators on them).
pub(super) fn is_untyped(e: &ast::Expr) -> bool {
    match &e.kind {
        ast::ExprKind::Lit(l) => {
            l.ty.is_none()
                && matches!(
                    l.kind,
                    ast::LitKind::Int(_) | ast::LitKind::Hex(_) | ast::LitKind::Real(_)
                )
        }
        ast::ExprKind::Unary { op, operand } => {
            matches!(op, ast::UnOp::Neg | ast::UnOp::Minus | ast::UnOp::BitNot)
                && is_untyped(operand)
        }
        ast::ExprKind::Binary { op, lhs, rhs } => {
            !is_comparison(*op)
                && !matches!(op, ast::BinOp::And | ast::BinOp::Or)
                && is_untyped(lhs)
                && (matches!(op, ast::BinOp::Shl | ast::BinOp::Shr) || is_untyped(rhs))
        }
        _ => false,
    }
}

fn is_comparison(op: ast::BinOp) -> bool {
    use ast::BinOp::*;
    matches!(op, Eq | Ne | Lt | Gt | Le | Ge | After)
}

fn bin_op(op: ast::BinOp) -> ir::BinOp {
    use ast::BinOp as A;
    use ir::BinOp as I;
    match op {
        A::Add => I::Add,
        A::Sub => I::Sub,
        A::Mul => I::Mul,
        A::Div => I::Div,
        A::Rem => I::Rem,
        A::Plus => I::Plus,
        A::Minus => I::Minus,
        A::Times => I::Times,
        A::BitAnd => I::BitAnd,
        A::BitOr => I::BitOr,
        A::BitXor => I::BitXor,
        A::Shl => I::Shl,
        A::Shr => I::Shr,
        A::And => I::And,
        A::Or => I::Or,
        A::Eq => I::Eq,
        A::Ne => I::Ne,
        A::Lt => I::Lt,
        A::Gt => I::Gt,
        A::Le => I::Le,
        A::Ge => I::Ge,
        A::After => I::After,
    }
}

/// The root name of an element/slice/channel-end chain.
pub(super) fn root_name(e: &ast::Expr) -> Option<&ast::Name> {
    match &e.kind {
        ast::ExprKind::Name(n) => Some(n),
        ast::ExprKind::Subscript { base, .. } | ast::ExprKind::Slice { base, .. } => {
            root_name(base)
        }
        ast::ExprKind::ChanEnd { chan, .. } => root_name(chan),
        _ => None,
    }
}

/// The root variable of an lvalue chain.
pub(super) fn root_var(e: &ir::Expr) -> Option<ir::VarId> {
    match &e.kind {
        ExprKind::Var(v) => Some(*v),
        ExprKind::Index(ai) => root_var(&ai[0]),
        ExprKind::Field(b, _) => root_var(b),
        ExprKind::Slice { base, .. } => root_var(base),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Elaborates `e`, typing untyped literals as `want` when possible.
    /// Returns `None` after reporting an error (or on a parser `Error` node).
    pub(super) fn expr(&mut self, e: &ast::Expr, want: Option<&Type>) -> Option<ir::Expr> {
        use ast::ExprKind as K;
        let span = e.span;
        match &e.kind {
            K::Error => None,
            K::Name(n) => self.name_expr(n),
            K::Lit(l) => self.literal(l, want, span),
            K::Table { items, ty } => self.table(items, ty.as_deref(), want, span),
            K::Subscript { base, index } => self.subscript(base, index, span),
            K::Slice { base, start, count } => {
                self.slice(base, start.as_deref(), count.as_deref(), span)
            }
            K::Unary { op, operand } => self.unary(*op, operand, want, span),
            K::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, want, span),
            K::Conversion { ty, mode, operand } => {
                let to = self.ty(ty)?;
                let x = self.expr(operand, None)?;
                self.convert(conv_mode(*mode), x, to, span)
            }
            K::MostPos(t) | K::MostNeg(t) => {
                let ty = self.ty(t)?;
                let pos = matches!(e.kind, K::MostPos(_));
                match consts::most(types::underlying(&ty, &self.prog.types), pos) {
                    Some(c) => Some(konst(c, ty, span)),
                    None => {
                        let s = self.show(&ty);
                        self.err(
                            Diagnostic::error(
                                "E0616",
                                t.span,
                                format!("MOSTPOS and MOSTNEG need a numeric type, not {s}"),
                            )
                            .with_span_label("not a primitive numeric type"),
                        );
                        None
                    }
                }
            }
            K::BytesIn(arg) => self.bytes_in(arg, span),
            K::OffsetOf { ty, field } => self.offset_of(ty, field, span),
            K::Call { name, args } => self.call_expr(name, args, want, span),
            K::Valof(v) => {
                let (decls, body) = self.valof_body(v);
                if v.results.len() != 1 {
                    self.err(
                        Diagnostic::error(
                            "E0613",
                            v.span,
                            format!(
                                "a VALOF in an expression gives one value, this one gives {}",
                                v.results.len()
                            ),
                        )
                        .with_span_label("more than one RESULT"),
                    );
                    return None;
                }
                let r = self.expr(&v.results[0], want)?;
                let ty = r.ty.clone();
                Some(mk(
                    ExprKind::Valof(Box::new((super::scope(decls, body), vec![r]))),
                    ty,
                    span,
                ))
            }
            K::ChanEnd { chan, .. } => {
                let c = self.expr(chan, None)?;
                if !matches!(base_elem(&c.ty), Type::Chan(_)) {
                    let s = self.show(&c.ty);
                    self.err(
                        Diagnostic::error(
                            "E0617",
                            chan.span,
                            format!("a direction `?` or `!` applies to channels, not to {s}"),
                        )
                        .with_span_label("not a channel"),
                    );
                    return None;
                }
                Some(c)
            }
        }
    }

    /// Elaborates `e` and checks that its type fits `want`.
    pub(super) fn expr_of_type(
        &mut self,
        e: &ast::Expr,
        want: &Type,
        what: &dyn Display,
    ) -> Option<ir::Expr> {
        let x = self.expr(e, Some(want))?;
        self.check_fits(&x, want, what)?;
        Some(x)
    }

    pub(super) fn check_fits(
        &mut self,
        x: &ir::Expr,
        want: &Type,
        what: &dyn Display,
    ) -> Option<()> {
        if types::fits(want, &x.ty) {
            return Some(());
        }
        let (w, f) = (self.show(want), self.show(&x.ty));
        let mut d = Diagnostic::error(
            "E0601",
            x.span,
            format!("type mismatch in {what}: expected {w}, found {f}"),
        )
        .with_span_label(format!("this has type {f}"));
        if let (Type::Array(Some(a), _), Type::Array(Some(b), _)) = (want, &x.ty) {
            if a != b {
                d = d.with_note(format!("the sizes differ: {a} and {b} elements"));
            }
        } else if types::is_numeric(want, &self.prog.types)
            && types::is_numeric(&x.ty, &self.prog.types)
        {
            d = d.with_help(format!(
                "occam has no implicit conversions; write `{w} (...)` to convert"
            ));
        }
        self.err(d);
        None
    }

    fn name_expr(&mut self, n: &ast::Name) -> Option<ir::Expr> {
        match self.sym_of(n) {
            Sym::Var(v) => Some(self.var_expr(v, n.span)),
            Sym::None if self.names.res.maybe_field.contains(&n.id) => {
                self.err(
                    Diagnostic::error("E0501", n.span, format!("`{}` is not declared", n.text))
                        .with_span_label("not found in this scope"),
                );
                None
            }
            Sym::None => None,
            _ => {
                let what = self
                    .entity_of(n)
                    .map_or("name", |id| self.names.res.entity(id).kind.describe());
                let mut d = Diagnostic::error(
                    "E0618",
                    n.span,
                    format!("`{}` is a {what}, not a value", n.text),
                )
                .with_span_label("expected a variable or expression");
                if let Some(id) = self.entity_of(n) {
                    d = d.with_label(self.names.res.entity(id).span, "declared here");
                }
                self.err(d);
                None
            }
        }
    }

    pub(super) fn var_expr(&mut self, v: ir::VarId, span: Span) -> ir::Expr {
        self.var_reads[v.index()] += 1;
        let info = &self.prog.vars[v.index()];
        if let (VarKind::Constant, Some(c)) = (info.kind, &info.value) {
            return konst(c.clone(), info.ty.clone(), span);
        }
        let ty = info.ty.clone();
        self.note_use(v);
        mk(ExprKind::Var(v), ty, span)
    }

    fn literal(&mut self, l: &ast::Literal, want: Option<&Type>, span: Span) -> Option<ir::Expr> {
        let decorated = match &l.ty {
            Some(t) => Some(self.ty(t)?),
            None => None,
        };
        let target = decorated.as_ref().or(want);
        let under = target.map(|t| types::underlying(t, &self.prog.types).clone());
        let report = |s: &mut Self, msg: String| {
            s.err(Diagnostic::error("E0704", span, msg).with_span_label("out of range"));
        };
        match &l.kind {
            ast::LitKind::Int(v) | ast::LitKind::Hex(v) => {
                let is_hex = matches!(l.kind, ast::LitKind::Hex(_));
                let (ty, u) = match (target, &under) {
                    (Some(t), Some(u)) if u.is_integer() => (t.clone(), u.clone()),
                    (Some(t), Some(u)) if decorated.is_some() && u.is_real() && !is_hex => {
                        let c = consts::real(&v.to_string(), u).ok()?;
                        return Some(konst(c, t.clone(), span));
                    }
                    (Some(t), Some(_)) if decorated.is_some() => {
                        let s = self.show(t);
                        self.err(
                            Diagnostic::error(
                                "E0619",
                                span,
                                format!("an integer literal cannot have type {s}"),
                            )
                            .with_span_label("wrong type decoration"),
                        );
                        return None;
                    }
                    _ => (Type::Int, Type::Int),
                };
                let r = if is_hex {
                    consts::hex(*v, &u)
                } else {
                    consts::decimal(*v, &u)
                };
                match r {
                    Ok(x) => Some(konst(Const::Int(x), ty, span)),
                    Err(m) => {
                        let s = self.show(&ty);
                        report(self, format!("{m} for {s}"));
                        None
                    }
                }
            }
            ast::LitKind::Real(text) => match (target, &under) {
                (Some(t), Some(u)) if u.is_real() => match consts::real(text, u) {
                    Ok(c) => Some(konst(c, t.clone(), span)),
                    Err(m) => {
                        report(self, m);
                        None
                    }
                },
                _ => {
                    self.err(
                        Diagnostic::error("E0612", span, "a real literal needs a type")
                            .with_span_label("type unknown here")
                            .with_help(format!("write `{text}(REAL32)` or `{text}(REAL64)`")),
                    );
                    None
                }
            },
            ast::LitKind::Byte(b) => match (&decorated, &under) {
                (Some(t), Some(u)) if u.is_integer() => {
                    Some(konst(Const::Int(*b as i64), t.clone(), span))
                }
                (Some(t), _) => {
                    let s = self.show(t);
                    self.err(
                        Diagnostic::error(
                            "E0619",
                            span,
                            format!("a byte literal cannot have type {s}"),
                        )
                        .with_span_label("wrong type decoration"),
                    );
                    None
                }
                _ => Some(konst(Const::Int(*b as i64), Type::Byte, span)),
            },
            ast::LitKind::Str(bytes) => Some(konst(
                Const::Bytes(bytes.clone()),
                Type::Array(Some(bytes.len() as u32), std::rc::Rc::new(Type::Byte)),
                span,
            )),
            ast::LitKind::Bool(b) => Some(konst(
                Const::Bool(*b),
                decorated.unwrap_or(Type::Bool),
                span,
            )),
        }
    }

    fn table(
        &mut self,
        items: &[ast::Expr],
        ty: Option<&ast::Type>,
        want: Option<&Type>,
        span: Span,
    ) -> Option<ir::Expr> {
        let declared = match ty {
            Some(t) => Some(self.ty(t)?),
            None => None,
        };
        if let Some(d) = &declared {
            if let Some(fields) = types::record_fields(d, &self.prog.types) {
                return self.record_literal(items, d.clone(), fields.to_vec(), span);
            }
        }
        // A decoration naming an array type (`DATA TYPE VEC IS [3]INT`) shapes the
        // table like the array it stands for.
        let shape = declared
            .as_ref()
            .or(want)
            .map(|t| types::underlying(t, &self.prog.types).clone());
        let mut elem_want = match shape {
            Some(Type::Array(_, e)) => Some(std::rc::Rc::unwrap_or_clone(e)),
            _ => None,
        };
        if elem_want.is_none() {
            // Type the first item without untyped literals, for the others.
            if let Some(first) = items.iter().find(|i| !is_untyped(i)) {
                elem_want = Some(self.expr(first, None)?.ty);
            }
        }
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            let x = match &elem_want {
                Some(w) => self.expr_of_type(it, w, &"a table element")?,
                None => self.expr(it, None)?,
            };
            if elem_want.is_none() {
                elem_want = Some(x.ty.clone());
            }
            out.push(x);
        }
        let elem = elem_want.unwrap_or(Type::Int);
        let mut ty = Type::Array(Some(out.len() as u32), std::rc::Rc::new(elem.clone()));
        if let Some(d) = &declared {
            if !types::fits(types::underlying(d, &self.prog.types), &ty) {
                let (a, b) = (self.show(d), self.show(&ty));
                self.err(
                    Diagnostic::error(
                        "E0601",
                        span,
                        format!("type mismatch in a table: expected {a}, found {b}"),
                    )
                    .with_span_label(format!("this has type {b}")),
                );
                return None;
            }
            if matches!(d, Type::Named(_)) {
                ty = d.clone();
            }
        }
        self.const_table(out, ty, span)
    }

    /// A table whose items are all constant becomes constant bytes.
    fn const_table(&mut self, items: Vec<ir::Expr>, ty: Type, span: Span) -> Option<ir::Expr> {
        let all_const = items.iter().all(|i| matches!(i.kind, ExprKind::Const(_)));
        if all_const {
            let mut bytes = Vec::new();
            for i in &items {
                let size = types::size_of(&i.ty, &self.prog.types).unwrap_or(0);
                if let ExprKind::Const(c) = &i.kind {
                    bytes.extend(consts::to_bytes(c, size));
                }
            }
            return Some(konst(Const::Bytes(bytes), ty, span));
        }
        Some(mk(ExprKind::Table(items), ty, span))
    }

    fn record_literal(
        &mut self,
        items: &[ast::Expr],
        ty: Type,
        fields: Vec<ir::Field>,
        span: Span,
    ) -> Option<ir::Expr> {
        if items.len() != fields.len() {
            let s = self.show(&ty);
            self.err(
                Diagnostic::error(
                    "E0620",
                    span,
                    format!(
                        "record {s} has {} field{} but the literal gives {}",
                        fields.len(),
                        plural(fields.len()),
                        items.len()
                    ),
                )
                .with_span_label("wrong number of fields"),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        for (it, f) in items.iter().zip(&fields) {
            out.push(self.expr_of_type(it, &f.ty, &format_args!("field `{}`", f.name))?);
        }
        if out.iter().all(|i| matches!(i.kind, ExprKind::Const(_))) {
            let size = types::size_of(&ty, &self.prog.types).unwrap_or(0) as usize;
            let mut bytes = vec![0u8; size];
            for (x, f) in out.iter().zip(&fields) {
                if let ExprKind::Const(c) = &x.kind {
                    let fsize = types::size_of(&f.ty, &self.prog.types).unwrap_or(0);
                    let b = consts::to_bytes(c, fsize);
                    let start = f.offset as usize;
                    if let Some(slot) = bytes.get_mut(start..start + b.len()) {
                        slot.copy_from_slice(&b);
                    }
                }
            }
            return Some(konst(Const::Bytes(bytes), ty, span));
        }
        Some(mk(ExprKind::Table(out), ty, span))
    }

    fn subscript(&mut self, base: &ast::Expr, index: &ast::Expr, span: Span) -> Option<ir::Expr> {
        let b = self.expr(base, None)?;
        if let (Some(fields), ast::ExprKind::Name(n)) =
            (types::record_fields(&b.ty, &self.prog.types), &index.kind)
        {
            return match fields.iter().position(|f| f.name == n.text) {
                Some(i) => {
                    let fty = fields[i].ty.clone();
                    Some(mk(ExprKind::Field(Box::new(b), i as u32), fty, span))
                }
                None => {
                    let s = self.show(&b.ty);
                    let names = fields.iter().map(|f| f.name.as_str());
                    let mut d = Diagnostic::error(
                        "E0621",
                        n.span,
                        format!("record type {s} has no field `{}`", n.text),
                    )
                    .with_span_label("unknown field");
                    if let Some(c) = crate::sema::resolve::closest(&n.text, names) {
                        d = d.with_help(format!("a field with a similar name exists: `{c}`"));
                    }
                    self.err(d);
                    None
                }
            };
        }
        if let ast::ExprKind::Name(n) = &index.kind {
            if self.names.res.maybe_field.contains(&n.id) {
                self.err(
                    Diagnostic::error("E0501", n.span, format!("`{}` is not declared", n.text))
                        .with_span_label("not found in this scope"),
                );
                return None;
            }
        }
        let (dim, elem) = match types::underlying(&b.ty, &self.prog.types) {
            Type::Array(dim, e) => (*dim, (**e).clone()),
            t => {
                let s = self.show(t);
                self.err(
                    Diagnostic::error("E0622", base.span, format!("{s} cannot be subscripted"))
                        .with_span_label("not an array or record"),
                );
                return None;
            }
        };
        let i = self.expr_of_type(index, &Type::Int, &"a subscript")?;
        if let (Some(n), ExprKind::Const(Const::Int(k))) = (dim, &i.kind) {
            if *k < 0 || *k >= n as i64 {
                self.err(
                    Diagnostic::error(
                        "E0706",
                        index.span,
                        format!("subscript {k} is out of range for an array of {n} elements"),
                    )
                    .with_span_label(format!("valid subscripts are 0 to {}", n as i64 - 1)),
                );
                return None;
            }
        }
        Some(mk(ExprKind::Index(Box::new([b, i])), elem, span))
    }

    fn slice(
        &mut self,
        base: &ast::Expr,
        start: Option<&ast::Expr>,
        count: Option<&ast::Expr>,
        span: Span,
    ) -> Option<ir::Expr> {
        let b = self.expr(base, None)?;
        let (dim, elem) = match types::underlying(&b.ty, &self.prog.types) {
            Type::Array(d, e) => (*d, (**e).clone()),
            t => {
                let s = self.show(t);
                self.err(
                    Diagnostic::error("E0622", base.span, format!("{s} cannot be sliced"))
                        .with_span_label("not an array"),
                );
                return None;
            }
        };
        let start = match start {
            Some(s) => self.expr_of_type(s, &Type::Int, &"a slice start")?,
            None => konst(Const::Int(0), Type::Int, span),
        };
        let count = match count {
            Some(c) => self.expr_of_type(c, &Type::Int, &"a slice length")?,
            None => {
                let size = match dim {
                    Some(n) => konst(Const::Int(n as i64), Type::Int, span),
                    None => mk(ExprKind::Size(Box::new(b.clone())), Type::Int, span),
                };
                self.fold_binary(ir::BinOp::Sub, size, start.clone(), Type::Int, span)?
            }
        };
        let c = match (&start.kind, &count.kind) {
            (ExprKind::Const(Const::Int(s)), ExprKind::Const(Const::Int(c))) => {
                if *s < 0 || *c < 0 || dim.is_some_and(|n| s + c > n as i64) {
                    self.err(
                        Diagnostic::error(
                            "E0706",
                            span,
                            format!(
                                "the slice from {s} for {c} is out of range{}",
                                match dim {
                                    Some(n) => format!(" for an array of {n} elements"),
                                    None => String::new(),
                                }
                            ),
                        )
                        .with_span_label("out of range"),
                    );
                    return None;
                }
                Some(*c as u32)
            }
            _ => None,
        };
        Some(mk(
            ExprKind::Slice {
                base: Box::new(b),
                start: Box::new(start),
                count: Box::new(count),
            },
            Type::Array(c, std::rc::Rc::new(elem)),
            span,
        ))
    }

    fn unary(
        &mut self,
        op: ast::UnOp,
        operand: &ast::Expr,
        want: Option<&Type>,
        span: Span,
    ) -> Option<ir::Expr> {
        if op == ast::UnOp::Size {
            let x = self.expr(operand, None)?;
            return match types::underlying(&x.ty, &self.prog.types) {
                Type::Array(Some(n), _) => Some(konst(Const::Int(*n as i64), Type::Int, span)),
                Type::Array(None, _) => Some(mk(ExprKind::Size(Box::new(x)), Type::Int, span)),
                t => {
                    let s = self.show(t);
                    self.err(
                        Diagnostic::error(
                            "E0623",
                            operand.span,
                            format!("SIZE needs an array, not {s}"),
                        )
                        .with_span_label("not an array"),
                    );
                    None
                }
            };
        }
        let want = match op {
            ast::UnOp::Not => Some(&Type::Bool),
            _ => want,
        };
        let x = self.expr(operand, want)?;
        let ts = &self.prog.types;
        let (ok, need, iop) = match op {
            ast::UnOp::Neg => (types::is_numeric(&x.ty, ts), "a number", ir::UnOp::Neg),
            ast::UnOp::Minus => (types::is_numeric(&x.ty, ts), "a number", ir::UnOp::Minus),
            ast::UnOp::BitNot => (types::is_integer(&x.ty, ts), "an integer", ir::UnOp::BitNot),
            ast::UnOp::Not => (types::is_bool(&x.ty, ts), "BOOL", ir::UnOp::Not),
            ast::UnOp::Size => unreachable!("handled above"),
        };
        if !ok {
            let s = self.show(&x.ty);
            self.err(
                Diagnostic::error(
                    "E0624",
                    operand.span,
                    format!("this operator needs {need}, not {s}"),
                )
                .with_span_label(format!("this has type {s}")),
            );
            return None;
        }
        let ty = x.ty.clone();
        if let ExprKind::Const(c) = &x.kind {
            let u = types::underlying(&ty, &self.prog.types).clone();
            match consts::unary(iop, c, &u) {
                Ok(Some(c)) => return Some(konst(c, ty, span)),
                Ok(None) => {}
                Err(m) => {
                    self.overflow(span, m, &ty);
                    return None;
                }
            }
        }
        Some(mk(ExprKind::Unary(iop, Box::new(x)), ty, span))
    }

    fn overflow(&mut self, span: Span, msg: String, ty: &Type) {
        let s = self.show(ty);
        self.err(
            Diagnostic::error("E0703", span, format!("constant expression error: {msg}"))
                .with_span_label(format!("evaluated at compile time as {s}")),
        );
    }

    fn binary(
        &mut self,
        op: ast::BinOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        want: Option<&Type>,
        span: Span,
    ) -> Option<ir::Expr> {
        use ast::BinOp::*;
        let ts_want = if is_comparison(op) { None } else { want };
        let (l, r) = match op {
            And | Or => (
                self.expr_of_type(
                    lhs,
                    &Type::Bool,
                    &format_args!("the operand of {}", op.text()),
                ),
                self.expr_of_type(
                    rhs,
                    &Type::Bool,
                    &format_args!("the operand of {}", op.text()),
                ),
            ),
            Shl | Shr => (
                self.expr(lhs, ts_want),
                self.expr_of_type(rhs, &Type::Int, &"a shift count"),
            ),
            _ => {
                if is_untyped(lhs) && !is_untyped(rhs) {
                    let r = self.expr(rhs, ts_want);
                    let l = match &r {
                        Some(r) => self.expr(lhs, Some(&r.ty)),
                        None => self.expr(lhs, ts_want),
                    };
                    (l, r)
                } else {
                    let l = self.expr(lhs, ts_want);
                    let r = match &l {
                        Some(l) => self.expr(rhs, Some(&l.ty)),
                        None => self.expr(rhs, ts_want),
                    };
                    (l, r)
                }
            }
        };
        let (l, r) = (l?, r?);
        let ts = &self.prog.types;
        let operand_ok = match op {
            Add | Sub | Mul | Div | Rem | Lt | Gt | Le | Ge => types::is_numeric(&l.ty, ts),
            Plus | Minus | Times | BitAnd | BitOr | BitXor | Shl | Shr | After => {
                types::is_integer(&l.ty, ts)
            }
            And | Or => true,
            Eq | Ne => {
                let u = types::underlying(&l.ty, ts);
                u.is_integer() || u.is_real() || *u == Type::Bool
            }
        };
        if !operand_ok {
            let s = self.show(&l.ty);
            let need = match op {
                Plus | Minus | Times | BitAnd | BitOr | BitXor | Shl | Shr | After => "integer",
                Eq | Ne => "primitive",
                _ => "numeric",
            };
            self.err(
                Diagnostic::error(
                    "E0625",
                    l.span,
                    format!("operator {} needs {need} operands, not {s}", op.text()),
                )
                .with_span_label(format!("this has type {s}")),
            );
            return None;
        }
        if !matches!(op, Shl | Shr | And | Or) && l.ty != r.ty {
            let (a, b) = (self.show(&l.ty), self.show(&r.ty));
            self.err(
                Diagnostic::error(
                    "E0626",
                    span,
                    format!(
                        "operands of {} have different types: {a} and {b}",
                        op.text()
                    ),
                )
                .with_label(l.span, a.clone())
                .with_label(r.span, b.clone())
                .with_help("occam has no implicit conversions; convert one operand explicitly"),
            );
            return None;
        }
        let operand_ty = l.ty.clone();
        let folded = self.fold_binary(bin_op(op), l, r, operand_ty, span)?;
        // The folded expression has the operand type, the result of the
        // other operators.
        Some(if is_comparison(op) {
            ir::Expr {
                ty: Type::Bool,
                ..folded
            }
        } else {
            folded
        })
    }

    /// Builds (and folds, when both sides are constant) a binary expression;
    /// the result takes `operand_ty` (callers fix comparison results).
    pub(super) fn fold_binary(
        &mut self,
        op: ir::BinOp,
        l: ir::Expr,
        r: ir::Expr,
        operand_ty: Type,
        span: Span,
    ) -> Option<ir::Expr> {
        if let (ExprKind::Const(a), ExprKind::Const(b)) = (&l.kind, &r.kind) {
            let u = types::underlying(&operand_ty, &self.prog.types).clone();
            match consts::binary(op, a, b, &u) {
                Ok(Some(c)) => return Some(konst(c, operand_ty, span)),
                Ok(None) => {}
                Err(m) => {
                    self.overflow(span, m, &operand_ty);
                    return None;
                }
            }
        }
        Some(mk(ExprKind::Binary(op, Box::new([l, r])), operand_ty, span))
    }

    pub(super) fn convert(
        &mut self,
        mode: ir::ConvMode,
        x: ir::Expr,
        to: Type,
        span: Span,
    ) -> Option<ir::Expr> {
        let from_u = types::underlying(&x.ty, &self.prog.types).clone();
        let to_u = types::underlying(&to, &self.prog.types).clone();
        let primitive = |t: &Type| t.is_integer() || t.is_real() || *t == Type::Bool;
        let named = x.ty != from_u || to != to_u;
        let result = if !primitive(&from_u) || !primitive(&to_u) {
            if named && from_u == to_u && mode == ir::ConvMode::Exact {
                Ok(())
            } else {
                Err("conversions exist only between the primitive data types")
            }
        } else {
            types::conversion_ok(&from_u, &to_u, mode)
        };
        if let Err(help) = result {
            let (a, b) = (self.show(&x.ty), self.show(&to));
            self.err(
                Diagnostic::error("E0627", span, format!("cannot convert {a} to {b} this way"))
                    .with_span_label("illegal conversion")
                    .with_help(help),
            );
            return None;
        }
        if let ExprKind::Const(c) = &x.kind {
            match consts::convert(mode, c, &from_u, &to_u) {
                Ok(Some(c)) => return Some(konst(c, to, span)),
                Ok(None) => {}
                Err(m) => {
                    self.overflow(span, m, &to);
                    return None;
                }
            }
        }
        Some(mk(ExprKind::Convert(mode, Box::new(x)), to, span))
    }

    /// Elaborates an expression that must be assignable.
    pub(super) fn lvalue(&mut self, e: &ast::Expr, want: Option<&Type>) -> Option<ir::Expr> {
        if let Some(n) = root_name(e) {
            if let Sym::Var(v) = self.sym_of(n) {
                let kind = self.prog.vars[v.index()].kind;
                let why = match kind {
                    VarKind::Val => Some("it is VAL (read-only)"),
                    VarKind::Constant => Some("it is a constant"),
                    VarKind::Replicator => Some("it is a replicator index"),
                    _ => None,
                };
                if let Some(why) = why {
                    let decl = self.prog.vars[v.index()].span;
                    self.err(
                        Diagnostic::error(
                            "E0632",
                            n.span,
                            format!("`{}` cannot be assigned: {why}", n.text),
                        )
                        .with_span_label("assigned here")
                        .with_label(decl, "declared here"),
                    );
                    return None;
                }
            }
        }
        let x = self.expr(e, want)?;
        if root_var(&x).is_none() {
            self.err(
                Diagnostic::error("E0633", e.span, "this expression cannot be assigned to")
                    .with_span_label("not a variable"),
            );
            return None;
        }
        Some(x)
    }

    /// The target of a non-VAL abbreviation: a variable, channel, timer or port.
    pub(super) fn lvalue_or_resource(
        &mut self,
        e: &ast::Expr,
        want: Option<&Type>,
    ) -> Option<ir::Expr> {
        self.lvalue(e, want)
    }
}

fn conv_mode(m: ast::ConvMode) -> ir::ConvMode {
    match m {
        ast::ConvMode::Exact => ir::ConvMode::Exact,
        ast::ConvMode::Round => ir::ConvMode::Round,
        ast::ConvMode::Trunc => ir::ConvMode::Trunc,
    }
}
