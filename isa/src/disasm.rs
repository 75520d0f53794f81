//! Disassembly of T800 code into Inmos mnemonics.
//!
//! Prefix chains fold into their instruction (`ldc #987`, not three bytes), `opr`
//! shows the operation's name, jump targets are shown as absolute addresses, and the
//! pair `ldc k; fpentry` is shown as the FPU operation it selects.

use crate::decode::{decode, Decoded};
use crate::table::{FpuOp, Func, Op};
use std::fmt::Write as _;

/// One disassembled instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Address of the first byte.
    pub addr: u32,
    /// The instruction's bytes, prefixes included.
    pub bytes: Vec<u8>,
    /// Mnemonic and operand, e.g. `ldc #987`, `j #80000080`, `fpurp`.
    pub text: String,
}

/// Text of one decoded instruction at `addr` (without FPU pairing).
pub fn format_decoded(d: &Decoded, addr: u32) -> String {
    let next = addr.wrapping_add(d.len as u32);
    match d.func {
        Func::J | Func::Cj | Func::Call => {
            format!(
                "{} #{:08X}",
                d.func.mnemonic(),
                next.wrapping_add(d.operand as u32)
            )
        }
        Func::Opr => match d.op() {
            Some(op) => op.mnemonic().to_string(),
            None => format!("opr #{:X}", d.operand),
        },
        f => format!("{} {}", f.mnemonic(), format_operand(d.operand)),
    }
}

/// Formats an operand the way Inmos listings do: small values in decimal, others in hex.
pub fn format_operand(v: i32) -> String {
    if (-256..256).contains(&v) {
        v.to_string()
    } else if v < 0 {
        format!("-#{:X}", (v as i64).unsigned_abs())
    } else {
        format!("#{v:X}")
    }
}

/// Disassembles `code` loaded at `origin`. Trailing bytes that end inside a prefix
/// chain are shown as `.byte`.
pub fn disassemble(code: &[u8], origin: u32) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut pos = 0usize;
    while pos < code.len() {
        let addr = origin.wrapping_add(pos as u32);
        match decode(&code[pos..]) {
            Ok(d) => {
                let bytes = code[pos..pos + d.len].to_vec();
                // `ldc k; fpentry` reads as one FPU operation.
                if d.op() == Some(Op::Fpentry) {
                    if let Some(prev) = out.last_mut() {
                        if let Some(sel) = prev.text.strip_prefix("ldc ").and_then(parse_small) {
                            if let Some(f) = FpuOp::from_code(sel) {
                                prev.bytes.extend_from_slice(&bytes);
                                prev.text = f.mnemonic().to_string();
                                pos += d.len;
                                continue;
                            }
                        }
                    }
                }
                out.push(Line {
                    addr,
                    bytes,
                    text: format_decoded(&d, addr),
                });
                pos += d.len;
            }
            Err(_) => {
                out.push(Line {
                    addr,
                    bytes: code[pos..].to_vec(),
                    text: format!(".byte {}", hex_list(&code[pos..])),
                });
                break;
            }
        }
    }
    out
}

fn parse_small(s: &str) -> Option<u32> {
    if let Some(h) = s.strip_prefix('#') {
        u32::from_str_radix(h, 16).ok()
    } else {
        s.parse::<u32>().ok()
    }
}

fn hex_list(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("#{x:02X}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders a listing: address, bytes, text, one instruction per line.
pub fn listing(code: &[u8], origin: u32) -> String {
    let mut s = String::new();
    for l in disassemble(code, origin) {
        let bytes: Vec<String> = l.bytes.iter().map(|b| format!("{b:02X}")).collect();
        let _ = writeln!(s, "{:08X}  {:<24} {}", l.addr, bytes.join(" "), l.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::{bytes, encode_fpu, encode_op};

    #[test]
    fn every_table_entry_round_trips_through_the_disassembler() {
        for op in Op::ALL {
            if *op == Op::Fpentry {
                continue;
            }
            let mut b = Vec::new();
            encode_op(*op, &mut b);
            let l = disassemble(&b, 0);
            assert_eq!(l.len(), 1);
            assert_eq!(l[0].text, op.mnemonic());
        }
        for f in FpuOp::ALL {
            let mut b = Vec::new();
            encode_fpu(*f, &mut b);
            let l = disassemble(&b, 0);
            assert_eq!(l.len(), 1, "{f:?}");
            assert_eq!(l[0].text, f.mnemonic());
        }
    }

    #[test]
    fn jumps_show_absolute_targets() {
        let b = bytes(Func::J, -2);
        let l = disassemble(&b, 0x8000_0070);
        assert_eq!(l[0].text, "j #80000070");
        assert_eq!(disassemble(&bytes(Func::Ldc, 0x987), 0)[0].text, "ldc #987");
        assert_eq!(disassemble(&bytes(Func::Ldc, -31), 0)[0].text, "ldc -31");
        assert_eq!(disassemble(&[0x21], 0)[0].text, ".byte #21");
    }
}
