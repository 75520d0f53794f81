//! INT64 and REAL arithmetic, conversions involving them, and the intrinsic
//! functions. Not implemented yet: each reports a code-generation error naming the
//! construct, so no program silently compiles to wrong code.

use super::gen::Gen;
use crate::diag::Span;
use crate::ir::{BinOp, ConvMode, Expr, Type};

impl Gen<'_, '_> {
    pub fn binary_wide(&mut self, _op: BinOp, l: &Expr, _r: &Expr, t: &Type) {
        let what = format!("{t:?} arithmetic");
        self.unsupported(l.span, &what);
    }

    pub fn convert_wide(&mut self, _m: ConvMode, _x: &Expr, from: &Type, to: &Type, e: &Expr) {
        let what = format!("conversion from {from:?} to {to:?}");
        self.unsupported(e.span, &what);
    }

    pub fn intrinsic_value(&mut self, name: &str, _args: &[Expr], e: &Expr) {
        let what = format!("the intrinsic {name}");
        self.unsupported(e.span, &what);
    }

    pub fn intrinsic_proc(&mut self, name: &str, _args: &[Expr], span: Span) {
        let what = format!("the intrinsic PROC {name}");
        self.unsupported(span, &what);
    }
}
