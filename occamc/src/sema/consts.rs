//! Compile-time evaluation of constant expressions with occam's rules.
//!
//! Checked operators (`+ - * / \`, unary `-`, exact conversions) that
//! overflow the operand type, divide by zero or shift out of range are
//! compile-time errors when their operands are constant (the program would
//! certainly stop at run time); the modulo operators (`PLUS MINUS TIMES`)
//! wrap. Integers are held as `i64` (BYTE unsigned 0..255, the others
//! signed, as [`Const::Int`] requires); reals are computed in IEEE single or
//! double precision with round-to-nearest, and a result that is infinite or
//! NaN is an error. Folds whose exact result we do not compute (real `REM`,
//! TRUNC into a real type when inexact) return `Ok(None)` and are left to
//! run time.
//!
//! Every function takes alias-resolved primitive types.

use crate::diag::Span;
use crate::ir::{BinOp, Const, ConvMode, Type, UnOp};
use crate::sema::fxhash::FxHashMap;

/// Outcome of a fold: a value, "not folded", or an error message.
pub type Fold = Result<Option<Const>, String>;

/// Inclusive value range of an integer type.
pub fn int_bounds(ty: &Type) -> Option<(i64, i64)> {
    Some(match ty {
        Type::Byte => (0, 255),
        Type::Int16 => (i16::MIN as i64, i16::MAX as i64),
        Type::Int | Type::Int32 => (i32::MIN as i64, i32::MAX as i64),
        Type::Int64 => (i64::MIN, i64::MAX),
        _ => return None,
    })
}

/// Width in bits of an integer type.
pub fn int_bits(ty: &Type) -> Option<u32> {
    Some(match ty {
        Type::Byte => 8,
        Type::Int16 => 16,
        Type::Int | Type::Int32 => 32,
        Type::Int64 => 64,
        _ => return None,
    })
}

/// Reinterprets the low bits of `v` as a value of integer type `ty`
/// (modulo arithmetic and bit operations).
pub fn wrap(v: i128, ty: &Type) -> i64 {
    match ty {
        Type::Byte => (v as u8) as i64,
        Type::Int16 => (v as i16) as i64,
        Type::Int | Type::Int32 => (v as i32) as i64,
        _ => v as i64,
    }
}

/// A value checked against the range of `ty`.
fn checked(v: i128, ty: &Type, what: &str) -> Fold {
    let (lo, hi) = int_bounds(ty).ok_or("not an integer type")?;
    if v < lo as i128 || v > hi as i128 {
        return Err(format!("{what} overflows (the result {v} is out of range)"));
    }
    Ok(Some(Const::Int(v as i64)))
}

/// The value of a decimal literal in integer type `ty`.
pub fn decimal(v: u64, ty: &Type) -> Result<i64, String> {
    let (_, hi) = int_bounds(ty).ok_or("not an integer type")?;
    if v > hi as u64 {
        return Err(format!(
            "the literal {v} is too large (the largest value is {hi})"
        ));
    }
    Ok(v as i64)
}

/// The value of a `#hex` literal (a bit pattern) in integer type `ty`.
pub fn hex(bits: u64, ty: &Type) -> Result<i64, String> {
    let width = int_bits(ty).ok_or("not an integer type")?;
    if width < 64 && bits >> width != 0 {
        return Err(format!("the literal #{bits:X} has more than {width} bits"));
    }
    Ok(wrap(bits as i128, ty))
}

/// A real literal's value in `ty` (REAL32 or REAL64).
pub fn real(text: &str, ty: &Type) -> Result<Const, String> {
    let bad = || format!("`{text}` is not a valid real number");
    match ty {
        Type::Real32 => {
            let v: f32 = text.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(format!("`{text}` is too large for REAL32"));
            }
            Ok(Const::Real32(v.to_bits()))
        }
        Type::Real64 => {
            let v: f64 = text.parse().map_err(|_| bad())?;
            if !v.is_finite() {
                return Err(format!("`{text}` is too large for REAL64"));
            }
            Ok(Const::Real64(v.to_bits()))
        }
        _ => Err("not a real type".into()),
    }
}

/// `MOSTPOS ty` / `MOSTNEG ty`.
pub fn most(ty: &Type, pos: bool) -> Option<Const> {
    if let Some((lo, hi)) = int_bounds(ty) {
        return Some(Const::Int(if pos { hi } else { lo }));
    }
    match ty {
        Type::Bool => Some(Const::Bool(pos)),
        Type::Real32 => Some(Const::Real32(
            if pos { f32::MAX } else { f32::MIN }.to_bits(),
        )),
        Type::Real64 => Some(Const::Real64(
            if pos { f64::MAX } else { f64::MIN }.to_bits(),
        )),
        _ => None,
    }
}

enum Num {
    I(i64),
    F32(f32),
    F64(f64),
    B(bool),
}

fn num(c: &Const) -> Option<Num> {
    Some(match c {
        Const::Int(v) => Num::I(*v),
        Const::Real32(b) => Num::F32(f32::from_bits(*b)),
        Const::Real64(b) => Num::F64(f64::from_bits(*b)),
        Const::Bool(b) => Num::B(*b),
        Const::Bytes(_) => return None,
    })
}

fn real_result32(v: f32) -> Fold {
    if v.is_finite() {
        Ok(Some(Const::Real32(v.to_bits())))
    } else {
        Err("the REAL32 result overflows or is not a number".into())
    }
}

fn real_result64(v: f64) -> Fold {
    if v.is_finite() {
        Ok(Some(Const::Real64(v.to_bits())))
    } else {
        Err("the REAL64 result overflows or is not a number".into())
    }
}

/// Folds a unary operator applied to a constant of type `ty`.
pub fn unary(op: UnOp, c: &Const, ty: &Type) -> Fold {
    match (op, num(c)) {
        (UnOp::Not, Some(Num::B(b))) => Ok(Some(Const::Bool(!b))),
        (UnOp::Neg, Some(Num::I(v))) => checked(-(v as i128), ty, "negation"),
        (UnOp::Minus, Some(Num::I(v))) => Ok(Some(Const::Int(wrap(-(v as i128), ty)))),
        (UnOp::BitNot, Some(Num::I(v))) => Ok(Some(Const::Int(wrap(!(v as i128), ty)))),
        (UnOp::Neg | UnOp::Minus, Some(Num::F32(v))) => real_result32(-v),
        (UnOp::Neg | UnOp::Minus, Some(Num::F64(v))) => real_result64(-v),
        _ => Ok(None),
    }
}

/// Folds a binary operator; `ty` is the (common) operand type.
pub fn binary(op: BinOp, a: &Const, b: &Const, ty: &Type) -> Fold {
    use BinOp::*;
    let (Some(x), Some(y)) = (num(a), num(b)) else {
        return Ok(None);
    };
    match (x, y) {
        (Num::I(x), Num::I(y)) => int_binary(op, x, y, ty),
        (Num::F32(x), Num::F32(y)) => match op {
            Add => real_result32(x + y),
            Sub => real_result32(x - y),
            Mul => real_result32(x * y),
            Div if y == 0.0 => Err("division by zero".into()),
            Div => real_result32(x / y),
            _ => Ok(compare(op, x.partial_cmp(&y))),
        },
        (Num::F64(x), Num::F64(y)) => match op {
            Add => real_result64(x + y),
            Sub => real_result64(x - y),
            Mul => real_result64(x * y),
            Div if y == 0.0 => Err("division by zero".into()),
            Div => real_result64(x / y),
            _ => Ok(compare(op, x.partial_cmp(&y))),
        },
        (Num::B(x), Num::B(y)) => Ok(match op {
            And => Some(Const::Bool(x && y)),
            Or => Some(Const::Bool(x || y)),
            Eq => Some(Const::Bool(x == y)),
            Ne => Some(Const::Bool(x != y)),
            _ => None,
        }),
        _ => Ok(None),
    }
}

fn compare(op: BinOp, ord: Option<std::cmp::Ordering>) -> Option<Const> {
    use std::cmp::Ordering::*;
    let o = ord?;
    Some(Const::Bool(match op {
        BinOp::Eq => o == Equal,
        BinOp::Ne => o != Equal,
        BinOp::Lt => o == Less,
        BinOp::Gt => o == Greater,
        BinOp::Le => o != Greater,
        BinOp::Ge => o != Less,
        _ => return None,
    }))
}

fn int_binary(op: BinOp, x: i64, y: i64, ty: &Type) -> Fold {
    use BinOp::*;
    let (a, b) = (x as i128, y as i128);
    let bits = int_bits(ty).unwrap_or(32);
    match op {
        Add => checked(a + b, ty, "addition"),
        Sub => checked(a - b, ty, "subtraction"),
        Mul => checked(a * b, ty, "multiplication"),
        Div | Rem if b == 0 => Err("division by zero".into()),
        Div => checked(a / b, ty, "division"),
        Rem => checked(a % b, ty, "remainder"),
        Plus => Ok(Some(Const::Int(wrap(a + b, ty)))),
        Minus => Ok(Some(Const::Int(wrap(a - b, ty)))),
        Times => Ok(Some(Const::Int(wrap(a.wrapping_mul(b), ty)))),
        BitAnd => Ok(Some(Const::Int(wrap(a & b, ty)))),
        BitOr => Ok(Some(Const::Int(wrap(a | b, ty)))),
        BitXor => Ok(Some(Const::Int(wrap(a ^ b, ty)))),
        Shl | Shr => {
            if y < 0 || y > bits as i64 {
                return Err(format!("shift count {y} is outside 0..{bits}"));
            }
            let mask: u128 = if bits == 64 {
                u64::MAX as u128
            } else {
                (1u128 << bits) - 1
            };
            let pattern = (a as u128) & mask;
            let r = if op == Shl {
                pattern << y
            } else {
                pattern >> y
            };
            Ok(Some(Const::Int(wrap((r & mask) as i128, ty))))
        }
        After => Ok(Some(Const::Bool(wrap(a - b, ty) > 0))),
        _ => Ok(compare(op, Some(x.cmp(&y)))),
    }
}

/// Folds a conversion of constant `c` from `from` to `to`.
pub fn convert(mode: ConvMode, c: &Const, from: &Type, to: &Type) -> Fold {
    let Some(n) = num(c) else { return Ok(None) };
    let what = "conversion";
    match (n, to) {
        (Num::B(b), t) if t.is_integer() => Ok(Some(Const::Int(b as i64))),
        (Num::I(v), Type::Bool) => match v {
            0 | 1 => Ok(Some(Const::Bool(v == 1))),
            _ => Err(format!(
                "{v} cannot be converted to BOOL (only 0 and 1 can)"
            )),
        },
        (Num::B(b), Type::Bool) => Ok(Some(Const::Bool(b))),
        (Num::I(v), t) if t.is_integer() => checked(v as i128, t, what),
        (Num::I(v), Type::Real32) => {
            let r = v as f32;
            if mode == ConvMode::Trunc && r as i128 != v as i128 {
                return Ok(None);
            }
            real_result32(r)
        }
        (Num::I(v), Type::Real64) => {
            let r = v as f64;
            if mode == ConvMode::Trunc && r as i128 != v as i128 {
                return Ok(None);
            }
            real_result64(r)
        }
        (Num::F32(r), t) if t.is_integer() => real_to_int(r as f64, mode, t),
        (Num::F64(r), t) if t.is_integer() => real_to_int(r, mode, t),
        (Num::F32(r), Type::Real64) => real_result64(r as f64),
        (Num::F32(r), Type::Real32) => real_result32(r),
        (Num::F64(r), Type::Real64) => real_result64(r),
        (Num::F64(r), Type::Real32) => {
            let s = r as f32;
            if mode == ConvMode::Trunc && s as f64 != r {
                return Ok(None);
            }
            real_result32(s)
        }
        _ => {
            let _ = from;
            Ok(None)
        }
    }
}

fn real_to_int(r: f64, mode: ConvMode, to: &Type) -> Fold {
    let v = match mode {
        ConvMode::Trunc => r.trunc(),
        _ => r.round_ties_even(),
    };
    let (lo, hi) = int_bounds(to).ok_or("not an integer type")?;
    if !(v >= lo as f64 && v <= hi as f64) {
        return Err(format!("the conversion of {r} overflows"));
    }
    Ok(Some(Const::Int(v as i64)))
}

/// The target (little-endian) bytes of a constant of type `ty`; `size` is
/// the type's size. Arrays and records are already bytes.
pub fn to_bytes(c: &Const, size: u32) -> Vec<u8> {
    match c {
        Const::Bool(b) => vec![*b as u8],
        Const::Int(v) => v.to_le_bytes()[..(size as usize).min(8)].to_vec(),
        Const::Real32(b) => b.to_le_bytes().to_vec(),
        Const::Real64(b) => b.to_le_bytes().to_vec(),
        Const::Bytes(b) => b.clone(),
    }
}

/// Key for comparing CASE labels.
fn label_key(c: &Const) -> Option<i64> {
    match c {
        Const::Int(v) => Some(*v),
        Const::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// Pairs (duplicate, first occurrence) among CASE labels.
pub fn duplicate_labels(labels: &[(Const, Span)]) -> Vec<(Span, Span)> {
    let mut dups = Vec::new();
    // Most CASEs have a handful of labels: looking back through them costs
    // less than building a table (one per CASE); long ones get a table.
    if labels.len() <= 16 {
        for (i, (c, span)) in labels.iter().enumerate() {
            let Some(k) = label_key(c) else { continue };
            if let Some((_, first)) = labels[..i].iter().find(|(d, _)| label_key(d) == Some(k)) {
                dups.push((*span, *first));
            }
        }
        return dups;
    }
    let mut seen: FxHashMap<i64, Span> = FxHashMap::default();
    for (c, span) in labels {
        if let Some(k) = label_key(c) {
            match seen.get(&k) {
                Some(first) => dups.push((*span, *first)),
                None => {
                    seen.insert(k, *span);
                }
            }
        }
    }
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: i64) -> Const {
        Const::Int(v)
    }

    #[test]
    fn checked_arithmetic_overflows_per_type() {
        assert_eq!(
            binary(BinOp::Add, &int(1), &int(2), &Type::Int),
            Ok(Some(int(3)))
        );
        assert!(binary(BinOp::Add, &int(i32::MAX as i64), &int(1), &Type::Int).is_err());
        assert!(binary(BinOp::Mul, &int(200), &int(2), &Type::Byte).is_err());
        assert!(binary(BinOp::Add, &int(30000), &int(30000), &Type::Int16).is_err());
        assert!(binary(BinOp::Add, &int(i64::MAX), &int(1), &Type::Int64).is_err());
        assert!(binary(BinOp::Div, &int(1), &int(0), &Type::Int).is_err());
        assert!(binary(BinOp::Div, &int(i32::MIN as i64), &int(-1), &Type::Int).is_err());
        assert!(unary(UnOp::Neg, &int(i32::MIN as i64), &Type::Int).is_err());
    }

    #[test]
    fn modulo_arithmetic_wraps() {
        let max = int(i32::MAX as i64);
        assert_eq!(
            binary(BinOp::Plus, &max, &int(1), &Type::Int),
            Ok(Some(int(i32::MIN as i64)))
        );
        assert_eq!(
            binary(BinOp::Plus, &int(255), &int(1), &Type::Byte),
            Ok(Some(int(0)))
        );
        assert_eq!(
            binary(BinOp::Minus, &int(0), &int(1), &Type::Byte),
            Ok(Some(int(255)))
        );
    }

    #[test]
    fn division_truncates_and_remainder_follows_dividend() {
        assert_eq!(
            binary(BinOp::Div, &int(-7), &int(2), &Type::Int),
            Ok(Some(int(-3)))
        );
        assert_eq!(
            binary(BinOp::Rem, &int(-7), &int(2), &Type::Int),
            Ok(Some(int(-1)))
        );
    }

    #[test]
    fn shifts_and_bits() {
        assert_eq!(
            binary(BinOp::Shl, &int(1), &int(31), &Type::Int),
            Ok(Some(int(i32::MIN as i64)))
        );
        assert_eq!(
            binary(BinOp::Shr, &int(-1), &int(28), &Type::Int),
            Ok(Some(int(15)))
        );
        assert_eq!(
            binary(BinOp::Shl, &int(1), &int(32), &Type::Int),
            Ok(Some(int(0)))
        );
        assert!(binary(BinOp::Shl, &int(1), &int(33), &Type::Int).is_err());
        assert_eq!(
            unary(UnOp::BitNot, &int(0), &Type::Byte),
            Ok(Some(int(255)))
        );
        assert_eq!(
            binary(BinOp::BitXor, &int(6), &int(3), &Type::Int),
            Ok(Some(int(5)))
        );
    }

    #[test]
    fn literals() {
        assert_eq!(hex(0xFF, &Type::Byte), Ok(255));
        assert_eq!(hex(0xFFFF_FFFF, &Type::Int), Ok(-1));
        assert_eq!(hex(0x8000, &Type::Int16), Ok(-32768));
        assert!(hex(0x100, &Type::Byte).is_err());
        assert!(decimal(256, &Type::Byte).is_err());
        assert_eq!(decimal(2147483647, &Type::Int), Ok(2147483647));
        assert!(decimal(2147483648, &Type::Int).is_err());
        assert_eq!(
            real("1.5", &Type::Real32),
            Ok(Const::Real32(1.5f32.to_bits()))
        );
        assert!(real("1.0E+39", &Type::Real32).is_err());
    }

    #[test]
    fn conversions() {
        let c = |v, f: Type, t: Type| convert(ConvMode::Exact, &int(v), &f, &t);
        assert_eq!(c(65, Type::Int, Type::Byte), Ok(Some(int(65))));
        assert!(c(256, Type::Int, Type::Byte).is_err());
        assert!(c(2, Type::Int, Type::Bool).is_err());
        let r = Const::Real32(2.5f32.to_bits());
        assert_eq!(
            convert(ConvMode::Round, &r, &Type::Real32, &Type::Int),
            Ok(Some(int(2)))
        );
        let r = Const::Real32((-2.7f32).to_bits());
        assert_eq!(
            convert(ConvMode::Trunc, &r, &Type::Real32, &Type::Int),
            Ok(Some(int(-2)))
        );
    }

    #[test]
    fn most_values() {
        assert_eq!(most(&Type::Int, true), Some(int(i32::MAX as i64)));
        assert_eq!(most(&Type::Int16, false), Some(int(-32768)));
        assert_eq!(most(&Type::Byte, true), Some(int(255)));
    }

    #[test]
    fn after_is_modulo() {
        let max = int(i32::MAX as i64);
        let min = int(i32::MIN as i64);
        assert_eq!(
            binary(BinOp::After, &min, &max, &Type::Int),
            Ok(Some(Const::Bool(true)))
        );
        assert_eq!(
            binary(BinOp::After, &int(1), &int(2), &Type::Int),
            Ok(Some(Const::Bool(false)))
        );
    }

    #[test]
    fn duplicate_case_labels_are_found() {
        let s = |n| Span::new(crate::diag::FileId(0), n, n + 1);
        let labels = vec![(int(1), s(0)), (int(2), s(2)), (int(1), s(4))];
        assert_eq!(duplicate_labels(&labels), vec![(s(4), s(0))]);
    }

    #[test]
    fn long_label_lists_pair_each_duplicate_with_the_first_use() {
        let s = |n| Span::new(crate::diag::FileId(0), n, n + 1);
        // Labels 0..20, then 3 again twice and TRUE (= 1) once.
        let mut labels: Vec<_> = (0..20).map(|k| (int(k), s(k as u32 * 2))).collect();
        labels.push((int(3), s(100)));
        labels.push((Const::Bool(true), s(102)));
        labels.push((int(3), s(104)));
        assert_eq!(
            duplicate_labels(&labels),
            vec![(s(100), s(6)), (s(102), s(2)), (s(104), s(6))]
        );
        // The same labels in a short list give the same pairs.
        let short = [labels[1].clone(), labels[3].clone(), labels[20].clone()];
        assert_eq!(duplicate_labels(&short), vec![(s(100), s(6))]);
    }
}
