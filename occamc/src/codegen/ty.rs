//! Sizes and storage classes of IR types on the T800 (32-bit words, little-endian).

use crate::ir::{Program, Type, TypeDefKind};

/// Size in bytes of a value of `ty`; open dimensions count as 0 (callers ask the
/// run-time size). Channels are one word; timers take no storage.
pub fn size_of(prog: &Program, ty: &Type) -> u32 {
    match ty {
        Type::Bool | Type::Byte => 1,
        Type::Int16 => 2,
        Type::Int | Type::Int32 | Type::Real32 | Type::Chan(_) => 4,
        Type::Int64 | Type::Real64 => 8,
        Type::Array(n, t) => n.unwrap_or(0).saturating_mul(size_of(prog, t)),
        Type::Named(id) => prog.types.get(id.index()).map_or(0, |t| t.size),
        Type::Timer => 0,
        Type::Port(t) => size_of(prog, t),
    }
}

/// Resolves renamed types (`DATA TYPE N IS T`) to what they stand for.
pub fn resolve<'a>(prog: &'a Program, ty: &'a Type) -> &'a Type {
    let mut t = ty;
    for _ in 0..64 {
        match t {
            Type::Named(id) => match prog.types.get(id.index()).map(|d| &d.kind) {
                Some(TypeDefKind::Alias(inner)) => t = inner,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

/// A value that fits in one register and is handled as a word on the integer stack
/// (BOOL, BYTE, INT16, INT, INT32, REAL32 bits).
pub fn is_word_scalar(prog: &Program, ty: &Type) -> bool {
    matches!(
        resolve(prog, ty),
        Type::Bool | Type::Byte | Type::Int16 | Type::Int | Type::Int32 | Type::Real32
    )
}

/// Values that live in memory and are handled by address (arrays, records, 8-byte
/// scalars).
pub fn is_aggregate(prog: &Program, ty: &Type) -> bool {
    !is_word_scalar(prog, ty) && !matches!(resolve(prog, ty), Type::Chan(_) | Type::Timer)
}

/// Words needed to store `bytes` bytes.
pub fn words(bytes: u32) -> u32 {
    bytes.div_ceil(4)
}

/// Element type and element size of an array type.
pub fn element<'a>(prog: &'a Program, ty: &'a Type) -> Option<(&'a Type, u32)> {
    match resolve(prog, ty) {
        Type::Array(_, t) => Some((t, size_of(prog, t))),
        _ => None,
    }
}

/// Number of open (`[]`) dimensions, outermost first, counted until the first fixed one
/// and beyond (occam allows `[][4]INT`, whose inner dimension is fixed).
pub fn open_dims(prog: &Program, ty: &Type) -> Vec<usize> {
    let mut out = Vec::new();
    let mut t = resolve(prog, ty);
    let mut k = 0;
    while let Type::Array(n, inner) = t {
        if n.is_none() {
            out.push(k);
        }
        k += 1;
        t = resolve(prog, inner);
    }
    out
}

/// Number of array dimensions of `ty`.
pub fn rank(prog: &Program, ty: &Type) -> usize {
    let mut t = resolve(prog, ty);
    let mut k = 0;
    while let Type::Array(_, inner) = t {
        k += 1;
        t = resolve(prog, inner);
    }
    k
}

/// Fixed size of dimension `k` of `ty`, if known at compile time.
pub fn fixed_dim(prog: &Program, ty: &Type, k: usize) -> Option<u32> {
    let mut t = resolve(prog, ty);
    for _ in 0..k {
        match t {
            Type::Array(_, inner) => t = resolve(prog, inner),
            _ => return None,
        }
    }
    match t {
        Type::Array(n, _) => *n,
        _ => None,
    }
}

/// Size in bytes of the innermost non-array element of `ty`.
pub fn base_elem_size(prog: &Program, ty: &Type) -> u32 {
    let mut t = resolve(prog, ty);
    while let Type::Array(_, inner) = t {
        t = resolve(prog, inner);
    }
    size_of(prog, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_t800_layout() {
        let p = Program::default();
        assert_eq!(size_of(&p, &Type::Byte), 1);
        assert_eq!(size_of(&p, &Type::Int16), 2);
        assert_eq!(size_of(&p, &Type::Int64), 8);
        let a = Type::Array(
            Some(3),
            std::rc::Rc::new(Type::Array(Some(5), std::rc::Rc::new(Type::Int16))),
        );
        assert_eq!(size_of(&p, &a), 30);
        assert_eq!(words(30), 8);
        assert_eq!(rank(&p, &a), 2);
        assert_eq!(fixed_dim(&p, &a, 1), Some(5));
        let open = Type::Array(
            None,
            std::rc::Rc::new(Type::Array(Some(4), std::rc::Rc::new(Type::Int))),
        );
        assert_eq!(open_dims(&p, &open), vec![0]);
        assert!(is_aggregate(&p, &Type::Int64));
        assert!(!is_aggregate(&p, &Type::Byte));
    }
}
