//! Pre-decoding: one cache entry per code address holding the whole instruction
//! (prefix chain fused), its length and its fixed cycle cost.
//!
//! An entry is a packed `u64` so the cache can be a zero-initialised vector (0 means
//! "not decoded yet", and the operating system hands out zero pages lazily):
//! bits 0–7 kind, 8–15 length in bytes, 16–31 fixed cycles, 32–63 operand.
//!
//! Kinds: `1 + nibble` for a direct function, `KIND_OP0 + code` for an operation,
//! [`K_BADOP`] for an `opr` whose operand is not a T800 operation, and [`K_LONG`] for a
//! prefix chain longer than [`MAX_FUSED`] bytes, which is decoded on every execution.
//!
//! The fixed cycles are the table's `base` for the function or operation, plus one per
//! prefix byte (t800.md §1 cycle rule), plus the external-memory fetch cost. Handlers
//! whose cost depends on operands add only the difference from `base`.

use crate::memory::{Fault, Memory, MAX_FUSED};
use t800_isa::decode::step_oreg;
use t800_isa::{Func, Op};

/// Not decoded.
pub const K_NONE: u8 = 0;
/// First operation kind.
pub const KIND_OP0: u8 = 17;
/// `opr` with an operand that names no T800 operation.
pub const K_BADOP: u8 = 0xFE;
/// Prefix chain too long to fuse.
pub const K_LONG: u8 = 0xFD;

/// Kind of a direct function.
pub const fn kd(f: Func) -> u8 {
    1 + f as u8
}

/// Kind of an operation.
pub const fn ko(op: Op) -> u8 {
    KIND_OP0 + op as u16 as u8
}

// Every operation code must fit below the special kinds.
const _: () = {
    let mut i = 0;
    while i < Op::ALL.len() {
        assert!((Op::ALL[i] as u16) < (K_LONG - KIND_OP0) as u16);
        i += 1;
    }
};

/// The operation of an operation kind.
pub const OP_OF_KIND: [Option<Op>; 256] = {
    let mut t = [None; 256];
    let mut i = 0;
    while i < Op::ALL.len() {
        t[ko(Op::ALL[i]) as usize] = Some(Op::ALL[i]);
        i += 1;
    }
    t
};

/// The direct function of a direct kind.
pub const fn func_of_kind(k: u8) -> Option<Func> {
    if k >= 1 && k <= 16 {
        Some(Func::from_nibble(k - 1))
    } else {
        None
    }
}

/// Packs an entry.
#[inline(always)]
pub const fn pack(kind: u8, len: u8, cycles: u16, operand: u32) -> u64 {
    kind as u64 | (len as u64) << 8 | (cycles as u64) << 16 | (operand as u64) << 32
}

/// Kind, length, cycles, operand.
#[inline(always)]
pub const fn unpack(e: u64) -> (u8, u8, u16, u32) {
    (e as u8, (e >> 8) as u8, (e >> 16) as u16, (e >> 32) as u32)
}

/// The table's `base` cycles of every operation kind (0 for other kinds), so the
/// out-of-line handlers need no call into the table.
pub const BASE_OF_KIND: [u32; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < Op::ALL.len() {
        t[ko(Op::ALL[i]) as usize] = Op::ALL[i].info().base;
        i += 1;
    }
    t
};

/// Fixed cycle cost of a kind (the table's `base`).
pub const fn base_of(kind: u8, operand: u32) -> u32 {
    match func_of_kind(kind) {
        Some(f) => f.info().base,
        None => match OP_OF_KIND[kind as usize] {
            Some(op) => op.info().base,
            None => {
                let _ = operand;
                0
            }
        },
    }
}

/// Decodes from byte index `i` any length of chain: (kind, operand, length).
/// `Err` names the first address past memory when the chain runs off the end.
pub fn decode_full(mem: &Memory, i: usize) -> Result<(u8, u32, usize), Fault> {
    let mut oreg = 0u32;
    let mut j = i;
    loop {
        let Some(b) = mem.byte_at(j) else {
            return Err(Fault {
                addr: t800_isa::consts::MOST_NEG.wrapping_add(j as u32),
            });
        };
        match step_oreg(oreg, b) {
            Ok(next) => oreg = next,
            Err(operand) => {
                let f = Func::from_nibble(b >> 4);
                let kind = if f == Func::Opr {
                    match Op::from_code(operand) {
                        Some(op) => ko(op),
                        None => K_BADOP,
                    }
                } else {
                    kd(f)
                };
                return Ok((kind, operand, j - i + 1));
            }
        }
        j += 1;
    }
}

/// External-memory fetch cost of the instruction at bytes `i..i+len`: one access for
/// every word whose first byte lies in the instruction.
pub fn fetch_cost(mem: &Memory, i: usize, len: usize) -> u32 {
    if mem.ext_wait() == 0 || i + len <= t800_isa::consts::ON_CHIP_BYTES as usize {
        return 0;
    }
    let starts = (i..i + len)
        .filter(|&k| k % 4 == 0 && k >= t800_isa::consts::ON_CHIP_BYTES as usize)
        .count() as u32;
    starts * mem.ext_wait()
}

/// Builds the cache entry for the instruction at byte index `i`.
pub fn predecode(mem: &mut Memory, i: usize) -> Result<u64, Fault> {
    // Look at most MAX_FUSED bytes ahead; a longer chain becomes K_LONG.
    let mut oreg = 0u32;
    let mut len = 0usize;
    let mut func = None;
    while len < MAX_FUSED {
        let Some(b) = mem.byte_at(i + len) else {
            return Err(Fault {
                addr: t800_isa::consts::MOST_NEG.wrapping_add((i + len) as u32),
            });
        };
        len += 1;
        match step_oreg(oreg, b) {
            Ok(next) => oreg = next,
            Err(operand) => {
                func = Some((Func::from_nibble(b >> 4), operand));
                break;
            }
        }
    }
    let e = match func {
        None => pack(K_LONG, 0, 0, 0),
        Some((f, operand)) => {
            let kind = if f == Func::Opr {
                match Op::from_code(operand) {
                    Some(op) => ko(op),
                    None => K_BADOP,
                }
            } else {
                kd(f)
            };
            let cycles = base_of(kind, operand) + (len as u32 - 1) + fetch_cost(mem, i, len);
            pack(kind, len as u8, cycles.min(u16::MAX as u32) as u16, operand)
        }
    };
    mem.mark_code(i, len);
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use t800_isa::consts::MOST_NEG;

    fn mem_with(code: &[u8], at: u32) -> Memory {
        let mut m = Memory::new(16384, 2);
        m.write_bytes(MOST_NEG + at, code).unwrap();
        m
    }

    #[test]
    fn prefixes_fuse_into_one_entry() {
        let mut m = mem_with(&[0x29, 0x28, 0x47], 0x70);
        let (k, len, cyc, op) = unpack(predecode(&mut m, 0x70).unwrap());
        assert_eq!((k, len, cyc, op), (kd(Func::Ldc), 3, 3, 0x987));
        let mut m = mem_with(&[0x21, 0xF6], 0x70);
        let (k, len, cyc, _) = unpack(predecode(&mut m, 0x70).unwrap());
        assert_eq!((k, len, cyc), (ko(Op::Ladd), 2, 3));
        let mut m = mem_with(&[0x61, 0x41], 0x70);
        assert_eq!(unpack(predecode(&mut m, 0x70).unwrap()).3 as i32, -31);
    }

    #[test]
    fn unknown_operations_and_long_chains_are_marked() {
        let mut m = mem_with(&[0x26, 0xF3], 0x70); // opr #63: T414 only
        assert_eq!(unpack(predecode(&mut m, 0x70).unwrap()).0, K_BADOP);
        let mut code = vec![0x20; 20];
        code.push(0x41);
        let mut m = mem_with(&code, 0x70);
        assert_eq!(unpack(predecode(&mut m, 0x70).unwrap()).0, K_LONG);
        assert_eq!(decode_full(&m, 0x70).unwrap(), (kd(Func::Ldc), 1, 21));
    }

    #[test]
    fn external_code_pays_per_fetched_word() {
        let mut m = mem_with(&[0x40, 0x40, 0x40, 0x40, 0x21, 0xF6], 0x1000);
        assert_eq!(unpack(predecode(&mut m, 0x1000).unwrap()).2, 1 + 2);
        assert_eq!(unpack(predecode(&mut m, 0x1001).unwrap()).2, 1);
        assert_eq!(unpack(predecode(&mut m, 0x1004).unwrap()).2, 3 + 2);
    }

    #[test]
    fn a_chain_running_off_memory_is_a_fault() {
        let mut m = Memory::new(4096, 0);
        m.write_bytes(MOST_NEG + 4095, &[0x21]).unwrap();
        assert_eq!(
            predecode(&mut m, 4095),
            Err(Fault {
                addr: MOST_NEG + 4096
            })
        );
    }
}
