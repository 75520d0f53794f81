//! occam's type rules, as pure functions on [`ir::Type`]: sizes, display
//! names, which types an operator accepts, which conversions are legal, and
//! when a value of one type may stand where another is expected.
//!
//! occam is strict: there are no implicit conversions, both operands of a
//! binary operator have one type (shift counts are INT), and a named type
//! (`DATA TYPE N IS INT :`) is a distinct type from its definition. The
//! elaborator (`lower`) applies these rules while it builds the IR.

use crate::ir::{self, Type, TypeDefKind};

/// Bytes per word on the T800.
pub const WORD: u32 = 4;

/// Size in bytes of a value of `ty`, if known at compile time (open arrays
/// are not). Channels are one word; timers take no space.
pub fn size_of(ty: &Type, types: &[ir::TypeDef]) -> Option<u32> {
    Some(match ty {
        Type::Bool | Type::Byte => 1,
        Type::Int16 => 2,
        Type::Int | Type::Int32 | Type::Real32 => 4,
        Type::Int64 | Type::Real64 => 8,
        Type::Array(Some(n), elem) => n.checked_mul(size_of(elem, types)?)?,
        Type::Array(None, _) => return None,
        Type::Named(id) => types.get(id.index())?.size,
        Type::Chan(_) | Type::Port(_) => WORD,
        Type::Timer => 0,
    })
}

/// Alignment in bytes of `ty` (1, 2, 4 or 8; words at most 4 on the T800
/// except 8-byte scalars, which are word-aligned too).
pub fn align_of(ty: &Type, types: &[ir::TypeDef]) -> u32 {
    match ty {
        Type::Bool | Type::Byte => 1,
        Type::Int16 => 2,
        Type::Array(_, elem) => align_of(elem, types),
        Type::Named(id) => types.get(id.index()).map_or(WORD, |t| t.align),
        _ => WORD,
    }
}

/// The type a named alias stands for (records and other types unchanged).
pub fn underlying<'a>(ty: &'a Type, types: &'a [ir::TypeDef]) -> &'a Type {
    let mut t = ty;
    // Aliases are declared before use, so chains are finite; bound anyway.
    for _ in 0..64 {
        match t {
            Type::Named(id) => match types.get(id.index()).map(|d| &d.kind) {
                Some(TypeDefKind::Alias(inner)) => t = inner,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

/// The record definition behind `ty`, if it is a record type.
pub fn record_fields<'a>(ty: &Type, types: &'a [ir::TypeDef]) -> Option<&'a [ir::Field]> {
    match underlying(ty, types) {
        Type::Named(id) => match &types.get(id.index())?.kind {
            TypeDefKind::Record { fields, .. } => Some(fields),
            TypeDefKind::Alias(_) => None,
        },
        _ => None,
    }
}

/// What messages need to spell types: type and protocol names.
pub struct Namer<'a> {
    pub types: &'a [ir::TypeDef],
    pub protocols: &'a [ir::Protocol],
    /// Declared names of protocols (None for the anonymous `CHAN OF T` ones).
    pub protocol_names: &'a [Option<String>],
}

impl Namer<'_> {
    /// How `ty` is written in occam.
    pub fn ty(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "BOOL".into(),
            Type::Byte => "BYTE".into(),
            Type::Int => "INT".into(),
            Type::Int16 => "INT16".into(),
            Type::Int32 => "INT32".into(),
            Type::Int64 => "INT64".into(),
            Type::Real32 => "REAL32".into(),
            Type::Real64 => "REAL64".into(),
            Type::Array(Some(n), e) => format!("[{n}]{}", self.ty(e)),
            Type::Array(None, e) => format!("[]{}", self.ty(e)),
            Type::Named(id) => self
                .types
                .get(id.index())
                .map_or_else(|| "?".into(), |t| t.name.clone()),
            Type::Chan(p) => format!("CHAN OF {}", self.protocol(*p)),
            Type::Timer => "TIMER".into(),
            Type::Port(t) => format!("PORT OF {}", self.ty(t)),
        }
    }

    /// A protocol's name, or its item list for an anonymous one.
    pub fn protocol(&self, p: ir::ProtocolId) -> String {
        if let Some(Some(name)) = self.protocol_names.get(p.index()) {
            return name.clone();
        }
        match self.protocols.get(p.index()) {
            Some(ir::Protocol::Any) => "ANY".into(),
            Some(ir::Protocol::Sequential(items)) => items
                .iter()
                .map(|i| self.item(i))
                .collect::<Vec<_>>()
                .join("; "),
            _ => "?".into(),
        }
    }

    pub fn item(&self, i: &ir::ProtoItem) -> String {
        match i {
            ir::ProtoItem::Value(t) => self.ty(t),
            ir::ProtoItem::Counted(c, e) => format!("{}::[]{}", self.ty(c), self.ty(e)),
        }
    }
}

/// Whether operator classes apply to a type (after resolving aliases).
pub fn is_integer(ty: &Type, types: &[ir::TypeDef]) -> bool {
    underlying(ty, types).is_integer()
}

pub fn is_real(ty: &Type, types: &[ir::TypeDef]) -> bool {
    underlying(ty, types).is_real()
}

pub fn is_numeric(ty: &Type, types: &[ir::TypeDef]) -> bool {
    is_integer(ty, types) || is_real(ty, types)
}

pub fn is_bool(ty: &Type, types: &[ir::TypeDef]) -> bool {
    *underlying(ty, types) == Type::Bool
}

/// Whether a value of type `actual` may be used where `expected` is wanted
/// (assignment, parameter passing, abbreviation, protocol item). Open
/// dimensions in `expected` match any size; an open actual against a fixed
/// expected size is checked at run time.
pub fn fits(expected: &Type, actual: &Type) -> bool {
    match (expected, actual) {
        (Type::Array(n, e), Type::Array(m, a)) => {
            (n.is_none() || m.is_none() || n == m) && fits(e, a)
        }
        (Type::Port(e), Type::Port(a)) => e == a,
        _ => expected == actual,
    }
}

/// Whether `T e` / `T ROUND e` / `T TRUNC e` is legal from `from` to `to`
/// (both already alias-resolved): `Err` carries advice.
pub fn conversion_ok(from: &Type, to: &Type, mode: ir::ConvMode) -> Result<(), &'static str> {
    let int_like = |t: &Type| t.is_integer() || *t == Type::Bool;
    let exact = mode == ir::ConvMode::Exact;
    if from.is_real() || to.is_real() {
        if *from == Type::Bool || *to == Type::Bool {
            return Err("BOOL converts only to and from integer types");
        }
        if !(from.is_real() || from.is_integer()) || !(to.is_real() || to.is_integer()) {
            return Err("only numeric types convert to and from REAL types");
        }
        // 2.1's relaxed rules: an exact conversion is allowed when no value
        // can lose precision (REAL32 to REAL64, up to 24-bit integers to
        // REAL32, up to 32-bit integers to REAL64).
        let widening = matches!(
            (from, to),
            (Type::Real32, Type::Real64)
                | (Type::Byte | Type::Int16, Type::Real32)
                | (
                    Type::Byte | Type::Int16 | Type::Int | Type::Int32,
                    Type::Real64
                )
        );
        if exact && !(widening || from == to) {
            return Err("a conversion that may lose precision needs ROUND or TRUNC");
        }
        return Ok(());
    }
    if int_like(from) && int_like(to) {
        if !exact && (*from == Type::Bool || *to == Type::Bool) {
            return Err("ROUND and TRUNC do not apply to BOOL");
        }
        return Ok(());
    }
    Err("conversions exist only between the primitive data types")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ConvMode::*;

    #[test]
    fn sizes_of_primitives_and_arrays() {
        assert_eq!(size_of(&Type::Int16, &[]), Some(2));
        let a = Type::Array(
            Some(3),
            std::rc::Rc::new(Type::Array(Some(2), std::rc::Rc::new(Type::Real64))),
        );
        assert_eq!(size_of(&a, &[]), Some(48));
        assert_eq!(
            size_of(&Type::Array(None, std::rc::Rc::new(Type::Int)), &[]),
            None
        );
    }

    #[test]
    fn open_arrays_fit_fixed_ones() {
        let open = Type::Array(None, std::rc::Rc::new(Type::Byte));
        let five = Type::Array(Some(5), std::rc::Rc::new(Type::Byte));
        let six = Type::Array(Some(6), std::rc::Rc::new(Type::Byte));
        assert!(fits(&open, &five));
        assert!(!fits(&five, &six));
        assert!(!fits(&Type::Int, &Type::Int32));
    }

    #[test]
    fn conversion_rules() {
        assert!(conversion_ok(&Type::Int, &Type::Byte, Exact).is_ok());
        assert!(conversion_ok(&Type::Bool, &Type::Int, Exact).is_ok());
        assert!(conversion_ok(&Type::Int, &Type::Real32, Exact).is_err());
        assert!(conversion_ok(&Type::Int, &Type::Real64, Exact).is_ok());
        assert!(conversion_ok(&Type::Int64, &Type::Real64, Exact).is_err());
        assert!(conversion_ok(&Type::Int, &Type::Real32, Round).is_ok());
        assert!(conversion_ok(&Type::Real32, &Type::Real64, Exact).is_ok());
        assert!(conversion_ok(&Type::Real64, &Type::Real32, Exact).is_err());
        assert!(conversion_ok(&Type::Real64, &Type::Int, Trunc).is_ok());
        assert!(conversion_ok(&Type::Bool, &Type::Real32, Round).is_err());
        assert!(conversion_ok(&Type::Bool, &Type::Int, Round).is_err());
    }
}
