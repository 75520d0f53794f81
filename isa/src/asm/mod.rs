//! Symbolic T800 programs and their sizing to a fixed point.
//!
//! T800 jumps are relative to the next instruction, and an instruction's length depends
//! on its operand, which depends on the distance to its target, which depends on the
//! lengths in between. So code is kept symbolic (labels, label differences) until every
//! length is known. [`assemble`] sizes iteratively: every label-operand instruction
//! starts at one byte and may only grow, so the process converges (lengths are bounded
//! by 8 bytes); at the fixed point each instruction is as short as its final operand
//! allows, except in the rare case where an operand shrank after its instruction grew,
//! which is then padded with leading `pfix 0` bytes (a no-op on Oreg) and counted in
//! [`Assembled::padded`].
//!
//! The text assembler ([`parse`]), the compiler's code generator and the linker all
//! build [`Item`] lists and call [`assemble`]; there is one sizing engine.

pub mod parse;

use crate::encode::{encode_fpu, encode_op, encode_padded, encoded_len};
use crate::table::{FpuOp, Func, Op};
use std::fmt;

/// Index of a label in a program's label space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u32);

/// The value of a direct instruction's operand or of a data word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A number.
    Const(i32),
    /// `target + addend − address of the next instruction` (for `j`, `cj`, `call`).
    Rel(Label, i32),
    /// `a − b + addend` (label differences, e.g. `ldc L − M` before `ldpi`).
    Diff(Label, Label, i32),
    /// Absolute address `origin + offset(label) + addend`.
    Abs(Label, i32),
}

/// One element of a symbolic program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// Defines a label at the current address.
    Label(Label),
    /// A direct function with its operand (shortest prefix chain).
    Direct(Func, Operand),
    /// Exactly one raw instruction byte `func << 4 | nibble` (explicit `pfix`/`nfix`).
    Raw(Func, u8),
    /// An operation (`opr`).
    Op(Op),
    /// An FPU operation (`ldc selector; fpentry`).
    Fpu(FpuOp),
    /// Literal data bytes.
    Bytes(Vec<u8>),
    /// A 32-bit little-endian data word (`Rel` is not allowed here).
    Word(Operand),
    /// Pads with `pfix 0` bytes (harmless if executed) to a multiple of `n` bytes.
    Align(u32),
}

/// Result of assembling a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assembled {
    /// The code bytes, to be loaded at `origin`.
    pub code: Vec<u8>,
    /// Byte offset of every label from the start of `code` (`None` if never placed).
    pub labels: Vec<Option<u32>>,
    /// Byte offset of every item (same indexing as the input items).
    pub item_offsets: Vec<u32>,
    /// Instructions that carry `pfix 0` padding (sized for a larger operand).
    pub padded: usize,
    /// Number of sizing passes needed.
    pub passes: usize,
}

/// Why a program did not assemble.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsmError {
    /// A label is used but never placed.
    UndefinedLabel(Label),
    /// A label is placed twice.
    DuplicateLabel(Label),
    /// A label index beyond the declared label count.
    BadLabel(Label),
    /// An operand form that the item does not accept (`Rel` in a data word).
    BadOperand(usize),
    /// A `Raw` nibble above 15.
    BadRaw(usize),
    /// An `Align` of zero.
    BadAlign(usize),
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsmError::UndefinedLabel(l) => write!(f, "label {} is used but never defined", l.0),
            AsmError::DuplicateLabel(l) => write!(f, "label {} is defined twice", l.0),
            AsmError::BadLabel(l) => write!(f, "label {} is out of range", l.0),
            AsmError::BadOperand(i) => {
                write!(f, "item {i}: a relative operand cannot be a data word")
            }
            AsmError::BadRaw(i) => write!(f, "item {i}: a raw instruction nibble must be 0..15"),
            AsmError::BadAlign(i) => write!(f, "item {i}: alignment must be at least 1"),
        }
    }
}

impl std::error::Error for AsmError {}

/// Assembles `items` (using labels `0..label_count`) for loading at `origin`.
pub fn assemble(items: &[Item], label_count: usize, origin: u32) -> Result<Assembled, AsmError> {
    // Place labels and validate.
    let mut label_item: Vec<Option<usize>> = vec![None; label_count];
    for (i, it) in items.iter().enumerate() {
        match it {
            Item::Label(l) => {
                let slot = label_item
                    .get_mut(l.0 as usize)
                    .ok_or(AsmError::BadLabel(*l))?;
                if slot.is_some() {
                    return Err(AsmError::DuplicateLabel(*l));
                }
                *slot = Some(i);
            }
            Item::Raw(_, n) if *n > 15 => return Err(AsmError::BadRaw(i)),
            Item::Align(0) => return Err(AsmError::BadAlign(i)),
            Item::Word(Operand::Rel(..)) => return Err(AsmError::BadOperand(i)),
            _ => {}
        }
        for l in operand_labels(it) {
            if l.0 as usize >= label_item.len() {
                return Err(AsmError::BadLabel(l));
            }
        }
    }
    for it in items {
        for l in operand_labels(it) {
            if label_item[l.0 as usize].is_none() {
                return Err(AsmError::UndefinedLabel(l));
            }
        }
    }

    // Initial sizes: exact for fixed items, one byte for symbolic operands.
    let mut sizes: Vec<u32> = items.iter().map(|it| fixed_size(it).unwrap_or(1)).collect();
    let mut offsets = vec![0u32; items.len() + 1];
    let mut passes = 0;
    loop {
        passes += 1;
        layout(items, &mut sizes, origin, &mut offsets);
        let mut grew = false;
        for (i, it) in items.iter().enumerate() {
            if let Item::Direct(_, op) = it {
                if matches!(op, Operand::Const(_)) {
                    continue;
                }
                let v = operand_value(*op, offsets[i] + sizes[i], &offsets, &label_item, origin);
                let need = encoded_len(v) as u32;
                if need > sizes[i] {
                    sizes[i] = need;
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }

    // Emit.
    let mut code = Vec::with_capacity(offsets[items.len()] as usize);
    let mut padded = 0;
    for (i, it) in items.iter().enumerate() {
        debug_assert_eq!(code.len() as u32, offsets[i]);
        match it {
            Item::Label(_) => {}
            Item::Direct(f, op) => {
                let v = operand_value(*op, offsets[i] + sizes[i], &offsets, &label_item, origin);
                if encoded_len(v) < sizes[i] as usize {
                    padded += 1;
                }
                encode_padded(*f, v, sizes[i] as usize, &mut code);
            }
            Item::Raw(f, n) => code.push(f.code() << 4 | n),
            Item::Op(op) => encode_op(*op, &mut code),
            Item::Fpu(op) => encode_fpu(*op, &mut code),
            Item::Bytes(b) => code.extend_from_slice(b),
            Item::Word(op) => {
                let v = operand_value(*op, 0, &offsets, &label_item, origin);
                code.extend_from_slice(&v.to_le_bytes());
            }
            Item::Align(_) => {
                code.resize(code.len() + sizes[i] as usize, Func::Pfix.code() << 4);
            }
        }
    }
    let labels = label_item.iter().map(|li| li.map(|i| offsets[i])).collect();
    offsets.truncate(items.len());
    Ok(Assembled {
        code,
        labels,
        item_offsets: offsets,
        padded,
        passes,
    })
}

/// Labels an item's operand refers to.
fn operand_labels(it: &Item) -> impl Iterator<Item = Label> {
    let op = match it {
        Item::Direct(_, op) | Item::Word(op) => Some(*op),
        _ => None,
    };
    let (a, b) = match op {
        Some(Operand::Rel(l, _)) | Some(Operand::Abs(l, _)) => (Some(l), None),
        Some(Operand::Diff(x, y, _)) => (Some(x), Some(y)),
        _ => (None, None),
    };
    a.into_iter().chain(b)
}

/// Size of an item whose size does not depend on layout.
fn fixed_size(it: &Item) -> Option<u32> {
    Some(match it {
        Item::Label(_) => 0,
        Item::Direct(_, Operand::Const(v)) => encoded_len(*v) as u32,
        Item::Direct(..) => return None,
        Item::Raw(..) => 1,
        Item::Op(op) => encoded_len(op.code() as i32) as u32,
        Item::Fpu(op) => {
            (encoded_len(op.code() as i32) + encoded_len(Op::Fpentry.code() as i32)) as u32
        }
        Item::Bytes(b) => b.len() as u32,
        Item::Word(_) => 4,
        Item::Align(_) => return None,
    })
}

/// Computes item offsets from sizes; alignment padding depends on the absolute address.
/// Align items get their padding written into `sizes` (recomputed every pass).
fn layout(items: &[Item], sizes: &mut [u32], origin: u32, offsets: &mut [u32]) {
    let mut pos = 0u32;
    for (i, it) in items.iter().enumerate() {
        offsets[i] = pos;
        if let Item::Align(n) = it {
            let addr = origin.wrapping_add(pos);
            sizes[i] = (n - addr % n) % n;
        }
        pos += sizes[i];
    }
    offsets[items.len()] = pos;
}

fn operand_value(
    op: Operand,
    next: u32,
    offsets: &[u32],
    label_item: &[Option<usize>],
    origin: u32,
) -> i32 {
    let at = |l: Label| offsets[label_item[l.0 as usize].expect("labels checked")];
    match op {
        Operand::Const(v) => v,
        Operand::Rel(l, k) => (at(l).wrapping_sub(next) as i32).wrapping_add(k),
        Operand::Diff(a, b, k) => (at(a).wrapping_sub(at(b)) as i32).wrapping_add(k),
        Operand::Abs(l, k) => (origin.wrapping_add(at(l)) as i32).wrapping_add(k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode;

    #[test]
    fn backward_and_forward_jumps_get_shortest_prefixes() {
        // L0: ldc 1; j L1; <20 bytes>; L1: j L0
        let items = vec![
            Item::Label(Label(0)),
            Item::Direct(Func::Ldc, Operand::Const(1)),
            Item::Direct(Func::J, Operand::Rel(Label(1), 0)),
            Item::Bytes(vec![0; 20]),
            Item::Label(Label(1)),
            Item::Direct(Func::J, Operand::Rel(Label(0), 0)),
        ];
        let a = assemble(&items, 2, 0).unwrap();
        // j L1 needs 20 -> 2 bytes; j L0 at 23 needs -(23+2) = -25 -> 2 bytes.
        assert_eq!(a.code.len(), 1 + 2 + 20 + 2);
        let d = decode(&a.code[1..]).unwrap();
        assert_eq!((d.func, d.operand, d.len), (Func::J, 20, 2));
        let d = decode(&a.code[23..]).unwrap();
        assert_eq!((d.func, d.operand), (Func::J, -25));
        assert_eq!(a.padded, 0);
    }

    #[test]
    fn align_pads_with_harmless_prefixes() {
        let items = vec![
            Item::Raw(Func::Ldc, 1),
            Item::Align(4),
            Item::Word(Operand::Const(7)),
        ];
        let a = assemble(&items, 0, 0x8000_0070).unwrap();
        assert_eq!(a.code, vec![0x41, 0x20, 0x20, 0x20, 7, 0, 0, 0]);
    }

    #[test]
    fn errors_are_reported_not_panicked() {
        let items = vec![Item::Direct(Func::J, Operand::Rel(Label(0), 0))];
        assert_eq!(
            assemble(&items, 1, 0),
            Err(AsmError::UndefinedLabel(Label(0)))
        );
        assert_eq!(assemble(&items, 0, 0), Err(AsmError::BadLabel(Label(0))));
        let items = vec![Item::Label(Label(0)), Item::Label(Label(0))];
        assert_eq!(
            assemble(&items, 1, 0),
            Err(AsmError::DuplicateLabel(Label(0)))
        );
    }

    #[test]
    fn long_chains_converge() {
        // A jump over a block whose size straddles prefix thresholds.
        for gap in [14usize, 15, 16, 254, 255, 256, 4094, 4095, 4096] {
            let items = vec![
                Item::Direct(Func::Cj, Operand::Rel(Label(0), 0)),
                Item::Bytes(vec![0x20; gap]),
                Item::Label(Label(0)),
                Item::Direct(Func::J, Operand::Rel(Label(1), 0)),
                Item::Label(Label(1)),
            ];
            let a = assemble(&items, 2, 0).unwrap();
            let d = decode(&a.code).unwrap();
            assert_eq!(d.operand as usize, gap, "gap {gap}");
            assert_eq!(d.len, encoded_len(gap as i32));
        }
    }
}
