//! Shortest `pfix`/`nfix` encoding of a direct function with an operand.
//!
//! The rule is the Inmos one (t800.md §1): operands 0..15 fit the function byte; each
//! further nibble of a positive operand costs one `pfix`; a negative operand starts its
//! chain with `nfix`. Operations are `opr` with the operation number as operand, and
//! FPU selectors are `ldc selector; fpentry`.

use crate::table::{FpuOp, Func, Op};

/// Number of bytes in the shortest encoding of any function with operand `e`.
#[inline]
pub const fn encoded_len(e: i32) -> usize {
    if 0 <= e && e < 16 {
        1
    } else if e >= 16 {
        1 + encoded_len(e >> 4)
    } else {
        1 + encoded_len((!e) >> 4)
    }
}

/// Appends the shortest encoding of `func` with operand `e` to `out`.
pub fn encode(func: Func, e: i32, out: &mut Vec<u8>) {
    if (0..16).contains(&e) {
        out.push(func.code() << 4 | e as u8);
    } else {
        if e >= 16 {
            encode(Func::Pfix, e >> 4, out);
        } else {
            encode(Func::Nfix, (!e) >> 4, out);
        }
        out.push(func.code() << 4 | (e & 15) as u8);
    }
}

/// Appends an encoding of exactly `width` bytes (`width >= encoded_len(e)`): the
/// shortest chain preceded by `pfix 0` bytes, which leave Oreg at zero and so change
/// nothing but the length. The assembler uses it when an instruction was sized for a
/// larger operand than its final one.
pub fn encode_padded(func: Func, e: i32, width: usize, out: &mut Vec<u8>) {
    let need = encoded_len(e);
    debug_assert!(width >= need, "width {width} < needed {need}");
    for _ in need..width {
        out.push(Func::Pfix.code() << 4);
    }
    encode(func, e, out);
}

/// Appends the encoding of an operation (`opr` with the operation number).
pub fn encode_op(op: Op, out: &mut Vec<u8>) {
    encode(Func::Opr, op.code() as i32, out);
}

/// Appends the encoding of an FPU operation (`ldc selector; fpentry`).
pub fn encode_fpu(op: FpuOp, out: &mut Vec<u8>) {
    encode(Func::Ldc, op.code() as i32, out);
    encode_op(Op::Fpentry, out);
}

/// Convenience: the bytes of one direct instruction.
pub fn bytes(func: Func, e: i32) -> Vec<u8> {
    let mut v = Vec::with_capacity(encoded_len(e));
    encode(func, e, &mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(v: &[u8]) -> String {
        v.iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn datasheet_worked_examples() {
        assert_eq!(hex(&bytes(Func::Ldc, 0x3)), "43");
        assert_eq!(hex(&bytes(Func::Ldc, 0x35)), "23 45");
        assert_eq!(hex(&bytes(Func::Ldc, 0x987)), "29 28 47");
        assert_eq!(hex(&bytes(Func::Ldc, -31)), "61 41");
        let mut v = Vec::new();
        encode_op(Op::Add, &mut v);
        assert_eq!(hex(&v), "F5");
        v.clear();
        encode_op(Op::Ladd, &mut v);
        assert_eq!(hex(&v), "21 F6");
        v.clear();
        encode_op(Op::Mul, &mut v);
        assert_eq!(hex(&v), "25 F3");
        v.clear();
        encode_op(Op::Fpentry, &mut v);
        assert_eq!(hex(&v), "2A FB");
        v.clear();
        encode_fpu(FpuOp::Fpurp, &mut v);
        assert_eq!(hex(&v), "44 2A FB");
    }

    #[test]
    fn lengths_match_the_reference_ranges() {
        for (e, n) in [
            (0, 1),
            (15, 1),
            (16, 2),
            (255, 2),
            (256, 3),
            (4095, 3),
            (-1, 2),
            (-256, 2),
            (-257, 3),
            (-4096, 3),
            (i32::MAX, 8),
            (i32::MIN, 8),
        ] {
            assert_eq!(encoded_len(e), n, "operand {e}");
            assert_eq!(bytes(Func::Ldc, e).len(), n, "operand {e}");
        }
    }

    #[test]
    fn padded_encoding_has_requested_width() {
        let mut v = Vec::new();
        encode_padded(Func::J, -3, 4, &mut v);
        assert_eq!(hex(&v), "20 20 60 0D");
    }
}
