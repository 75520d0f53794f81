//! Decoding T800 code bytes back into instructions.
//!
//! A decoded instruction is a direct function with the operand accumulated through its
//! `pfix`/`nfix` chain, exactly as the processor's Oreg would hold it when the function
//! byte executes. `opr` operands name operations; `fpentry` selectors come from a
//! preceding `ldc`, which only a pattern over two instructions can see (the
//! disassembler does that).

use crate::table::{Func, Op};

/// One instruction as it executes: function, full operand, and byte length (prefixes
/// included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The function of the final (non-prefix) byte.
    pub func: Func,
    /// The operand as Oreg holds it when the function executes.
    pub operand: i32,
    /// Number of bytes including prefixes.
    pub len: usize,
}

impl Decoded {
    /// The operation, when this is an `opr` with a T800 operation number.
    pub fn op(&self) -> Option<Op> {
        if self.func == Func::Opr {
            Op::from_code(self.operand as u32)
        } else {
            None
        }
    }
}

/// Why bytes did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes end inside a prefix chain.
    Truncated,
}

/// Applies one instruction byte to an operand register value, as the hardware does:
/// returns the new Oreg for a prefix, or `None` when the byte is a function that
/// consumes the operand `(oreg | nibble)`.
#[inline]
pub const fn step_oreg(oreg: u32, byte: u8) -> Result<u32, u32> {
    let v = oreg | (byte & 15) as u32;
    match byte >> 4 {
        0x2 => Ok(v << 4),
        0x6 => Ok((!v) << 4),
        _ => Err(v),
    }
}

/// Decodes the instruction starting at `bytes[0]`.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut oreg = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        match step_oreg(oreg, b) {
            Ok(next) => oreg = next,
            Err(operand) => {
                return Ok(Decoded {
                    func: Func::from_nibble(b >> 4),
                    operand: operand as i32,
                    len: i + 1,
                })
            }
        }
    }
    Err(DecodeError::Truncated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::{bytes, encode_padded};

    #[test]
    fn decodes_every_operand_class() {
        for e in [
            0,
            1,
            15,
            16,
            0x987,
            -1,
            -31,
            -256,
            -257,
            i32::MAX,
            i32::MIN,
            0x1234_5678,
        ] {
            for f in Func::ALL {
                if matches!(f, Func::Pfix | Func::Nfix) {
                    continue;
                }
                let b = bytes(f, e);
                let d = decode(&b).unwrap();
                assert_eq!((d.func, d.operand, d.len), (f, e, b.len()), "{f:?} {e}");
            }
        }
    }

    #[test]
    fn padded_encodings_decode_to_the_same_operand() {
        for e in [0, 5, -3, 300, -4000] {
            let mut b = Vec::new();
            encode_padded(Func::Ldc, e, 6, &mut b);
            assert_eq!(decode(&b).unwrap().operand, e);
        }
    }

    #[test]
    fn truncated_prefix_chain_is_an_error() {
        assert_eq!(decode(&[0x21, 0x22]), Err(DecodeError::Truncated));
        assert_eq!(decode(&[]), Err(DecodeError::Truncated));
    }
}
