//! BYTESIN and OFFSETOF: constants read off the layout of types.

use super::expr::{konst, mk};
use super::{Lowerer, Sym};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, Const, ExprKind, Type};
use crate::sema::types;
use crate::syntax::ast;

impl Lowerer<'_> {
    /// `BYTESIN (type)` or `BYTESIN (expr)`: a constant, except for an open
    /// array (its SIZE times the element size).
    pub(super) fn bytes_in(&mut self, arg: &ast::BytesInArg, span: Span) -> Option<ir::Expr> {
        let ty = match arg {
            ast::BytesInArg::Type(t) => self.ty(t)?,
            ast::BytesInArg::Expr(e) => match &e.kind {
                ast::ExprKind::Name(n) if matches!(self.sym_of(n), Sym::Type(_)) => {
                    match self.sym_of(n) {
                        Sym::Type(id) => Type::Named(id),
                        _ => return None,
                    }
                }
                _ => {
                    let x = self.expr(e, None)?;
                    if let Type::Array(None, elem) = &x.ty {
                        if let Some(es) = types::size_of(elem, &self.prog.types) {
                            let size = mk(ExprKind::Size(Box::new(x.clone())), Type::Int, span);
                            let es = konst(Const::Int(es as i64), Type::Int, span);
                            return self.fold_binary(ir::BinOp::Mul, size, es, Type::Int, span);
                        }
                    }
                    x.ty
                }
            },
        };
        match types::size_of(&ty, &self.prog.types) {
            Some(n) => Some(konst(Const::Int(n as i64), Type::Int, span)),
            None => {
                let s = self.show(&ty);
                self.err(
                    Diagnostic::error("E0628", span, format!("BYTESIN of {s} is not known"))
                        .with_span_label("size not known at compile time"),
                );
                None
            }
        }
    }

    /// `OFFSETOF (RecordType, field)`: the field's byte offset.
    pub(super) fn offset_of(
        &mut self,
        ty: &ast::Name,
        field: &ast::Name,
        span: Span,
    ) -> Option<ir::Expr> {
        let Sym::Type(id) = self.sym_of(ty) else {
            return None;
        };
        let t = Type::Named(id);
        let Some(fields) = types::record_fields(&t, &self.prog.types) else {
            self.err(
                Diagnostic::error(
                    "E0629",
                    ty.span,
                    format!("`{}` is not a record type", ty.text),
                )
                .with_span_label("OFFSETOF needs a record type"),
            );
            return None;
        };
        match fields.iter().find(|f| f.name == field.text) {
            Some(f) => Some(konst(Const::Int(f.offset as i64), Type::Int, span)),
            None => {
                self.err(
                    Diagnostic::error(
                        "E0621",
                        field.span,
                        format!("record type {} has no field `{}`", ty.text, field.text),
                    )
                    .with_span_label("unknown field"),
                );
                None
            }
        }
    }
}
