//! Linear forms of subscripts: `c + Σ kᵢ·vᵢ` over variables.
//!
//! Disjointness of array elements is decided on subscripts of this shape
//! (constants, replicator indices, `2*i+1`, …); anything else is unknown and
//! must be assumed to overlap.

use crate::ir::{BinOp, Const, ConvMode, Expr, ExprKind, UnOp, VarId};

/// `constant + Σ coef·var`, terms sorted by variable, no zero coefficients.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Linear {
    pub constant: i64,
    pub terms: Vec<(VarId, i64)>,
}

impl Linear {
    pub fn constant(c: i64) -> Linear {
        Linear {
            constant: c,
            terms: Vec::new(),
        }
    }

    pub fn var(v: VarId) -> Linear {
        Linear {
            constant: 0,
            terms: vec![(v, 1)],
        }
    }

    /// The value when there are no variable terms.
    pub fn as_const(&self) -> Option<i64> {
        self.terms.is_empty().then_some(self.constant)
    }

    /// `self + k·other`, `None` on overflow.
    pub fn add_scaled(&self, other: &Linear, k: i64) -> Option<Linear> {
        let mut terms = self.terms.clone();
        for &(v, c) in &other.terms {
            let add = c.checked_mul(k)?;
            match terms.binary_search_by_key(&v, |t| t.0) {
                Ok(i) => terms[i].1 = terms[i].1.checked_add(add)?,
                Err(i) => terms.insert(i, (v, add)),
            }
        }
        terms.retain(|t| t.1 != 0);
        Some(Linear {
            constant: self.constant.checked_add(other.constant.checked_mul(k)?)?,
            terms,
        })
    }

    pub fn scale(&self, k: i64) -> Option<Linear> {
        Linear::constant(0).add_scaled(self, k)
    }

    /// Replaces variables by linear forms (`None` from `f` keeps the term).
    /// Returns `None` when a replacement is unknown or on overflow.
    pub fn substitute(&self, mut f: impl FnMut(VarId) -> Option<Option<Linear>>) -> Option<Linear> {
        let mut out = Linear::constant(self.constant);
        for &(v, c) in &self.terms {
            let part = match f(v) {
                None => Linear::var(v),
                Some(Some(l)) => l,
                Some(None) => return None,
            };
            out = out.add_scaled(&part, c)?;
        }
        Some(out)
    }

    /// Evaluates with the given variable values.
    pub fn eval(&self, mut value: impl FnMut(VarId) -> Option<i64>) -> Option<i64> {
        let mut acc = self.constant;
        for &(v, c) in &self.terms {
            acc = acc.checked_add(c.checked_mul(value(v)?)?)?;
        }
        Some(acc)
    }

    /// Source-like text, e.g. `2*i+1`, naming variables with `name`.
    pub fn display(&self, name: impl Fn(VarId) -> String) -> String {
        let mut s = String::new();
        for &(v, c) in &self.terms {
            let n = name(v);
            match (s.is_empty(), c) {
                (true, 1) => s.push_str(&n),
                (true, -1) => s.push_str(&format!("-{n}")),
                (true, c) => s.push_str(&format!("{c}*{n}")),
                (false, 1) => s.push_str(&format!("+{n}")),
                (false, -1) => s.push_str(&format!("-{n}")),
                (false, c) if c < 0 => s.push_str(&format!("-{}*{n}", -(c as i128))),
                (false, c) => s.push_str(&format!("+{c}*{n}")),
            }
        }
        if s.is_empty() {
            s = self.constant.to_string();
        } else if self.constant > 0 {
            s.push_str(&format!("+{}", self.constant));
        } else if self.constant < 0 {
            s.push_str(&format!("-{}", -(self.constant as i128)));
        }
        s
    }
}

/// The linear form of an integer expression, if it has one. `var` maps a
/// variable to its own form (e.g. a constant's value or a VAL abbreviation's
/// target); `None` from it means the plain variable.
pub fn linear_of(e: &Expr, var: &mut dyn FnMut(VarId) -> Option<Option<Linear>>) -> Option<Linear> {
    linear_depth(e, var, 0)
}

fn linear_depth(
    e: &Expr,
    var: &mut dyn FnMut(VarId) -> Option<Option<Linear>>,
    depth: u32,
) -> Option<Linear> {
    // Subscripts are shallow; a deep tree is not worth analysing (and must
    // not overflow the stack).
    if depth > 64 || !e.ty.is_integer() {
        return None;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Const(Const::Int(v)) => Some(Linear::constant(*v)),
        ExprKind::Var(v) => match var(*v) {
            None => Some(Linear::var(*v)),
            Some(l) => l,
        },
        ExprKind::Binary(op, ab) => {
            let [a, b] = &**ab;
            let la = linear_depth(a, var, d)?;
            let lb = linear_depth(b, var, d)?;
            match op {
                BinOp::Add | BinOp::Plus => la.add_scaled(&lb, 1),
                BinOp::Sub | BinOp::Minus => la.add_scaled(&lb, -1),
                BinOp::Mul | BinOp::Times => match (la.as_const(), lb.as_const()) {
                    (Some(k), _) => lb.scale(k),
                    (_, Some(k)) => la.scale(k),
                    _ => None,
                },
                _ => None,
            }
        }
        ExprKind::Unary(UnOp::Neg | UnOp::Minus, a) => linear_depth(a, var, d)?.scale(-1),
        ExprKind::Convert(ConvMode::Exact, a) if a.ty.is_integer() => linear_depth(a, var, d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::ir::Type;

    fn int(kind: ExprKind) -> Expr {
        Expr {
            kind,
            ty: Type::Int,
            span: Span::default(),
        }
    }
    fn c(v: i64) -> Expr {
        int(ExprKind::Const(Const::Int(v)))
    }
    fn v(n: u32) -> Expr {
        int(ExprKind::Var(VarId(n)))
    }
    fn bin(op: BinOp, a: Expr, b: Expr) -> Expr {
        int(ExprKind::Binary(op, Box::new([a, b])))
    }

    #[test]
    fn folds_sums_and_scales() {
        // 2*(i+1) - i + 3  =  i + 5
        let e = bin(
            BinOp::Sub,
            bin(BinOp::Mul, c(2), bin(BinOp::Add, v(1), c(1))),
            bin(BinOp::Sub, v(1), c(3)),
        );
        let l = linear_of(&e, &mut |_| None).unwrap();
        assert_eq!(l.constant, 5);
        assert_eq!(l.terms, vec![(VarId(1), 1)]);
        assert_eq!(l.display(|_| "i".into()), "i+5");
    }

    #[test]
    fn products_of_variables_and_division_are_unknown() {
        assert!(linear_of(&bin(BinOp::Mul, v(1), v(2)), &mut |_| None).is_none());
        assert!(linear_of(&bin(BinOp::Div, v(1), c(2)), &mut |_| None).is_none());
    }

    #[test]
    fn variables_can_be_replaced() {
        let e = bin(BinOp::Add, v(1), v(2));
        let l = linear_of(&e, &mut |x| {
            (x == VarId(2)).then(|| Some(Linear::constant(7)))
        })
        .unwrap();
        assert_eq!(
            l,
            Linear {
                constant: 7,
                terms: vec![(VarId(1), 1)]
            }
        );
        assert!(linear_of(&e, &mut |x| (x == VarId(2)).then_some(None)).is_none());
    }

    #[test]
    fn cancelling_terms_vanish_and_display_signs() {
        let a = Linear {
            constant: -2,
            terms: vec![(VarId(0), -3), (VarId(1), 2)],
        };
        assert_eq!(a.display(|v| format!("v{}", v.0)), "-3*v0+2*v1-2");
        let z = a.add_scaled(&a, -1).unwrap();
        assert_eq!(z, Linear::constant(0));
        assert!(Linear::constant(i64::MAX)
            .add_scaled(&Linear::constant(1), 1)
            .is_none());
    }
}
