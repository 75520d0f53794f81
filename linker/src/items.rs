//! Binary encoding of symbolic code ([`Item`] lists) inside objects.
//!
//! Objects carry code before sizing (see the crate docs), so each item is stored as a
//! tag byte and its fields; operands likewise. Decoding checks every tag, function,
//! operation and FPU code, so a corrupt item list is an error, not a bad program.

use crate::error::LinkError;
use crate::wire::{put_u32, Reader};
use t800_isa::asm::{Item, Label, Operand};
use t800_isa::{FpuOp, Func, Op};

const LABEL: u8 = 0;
const DIRECT: u8 = 1;
const RAW: u8 = 2;
const OP: u8 = 3;
const FPU: u8 = 4;
const BYTES: u8 = 5;
const WORD: u8 = 6;
const ALIGN: u8 = 7;

const CONST: u8 = 0;
const REL: u8 = 1;
const DIFF: u8 = 2;
const ABS: u8 = 3;

/// Appends the encoding of `items`.
pub fn write_items(items: &[Item], out: &mut Vec<u8>) {
    for it in items {
        match it {
            Item::Label(l) => {
                out.push(LABEL);
                put_u32(out, l.0);
            }
            Item::Direct(f, op) => {
                out.push(DIRECT);
                out.push(f.code());
                write_operand(op, out);
            }
            Item::Raw(f, n) => {
                out.push(RAW);
                out.push(f.code());
                out.push(*n);
            }
            Item::Op(op) => {
                out.push(OP);
                out.extend_from_slice(&op.code().to_le_bytes());
            }
            Item::Fpu(op) => {
                out.push(FPU);
                out.extend_from_slice(&op.code().to_le_bytes());
            }
            Item::Bytes(b) => {
                out.push(BYTES);
                put_u32(out, b.len() as u32);
                out.extend_from_slice(b);
            }
            Item::Word(op) => {
                out.push(WORD);
                write_operand(op, out);
            }
            Item::Align(n) => {
                out.push(ALIGN);
                put_u32(out, *n);
            }
        }
    }
}

fn write_operand(op: &Operand, out: &mut Vec<u8>) {
    match *op {
        Operand::Const(v) => {
            out.push(CONST);
            put_u32(out, v as u32);
        }
        Operand::Rel(l, k) => {
            out.push(REL);
            put_u32(out, l.0);
            put_u32(out, k as u32);
        }
        Operand::Diff(a, b, k) => {
            out.push(DIFF);
            put_u32(out, a.0);
            put_u32(out, b.0);
            put_u32(out, k as u32);
        }
        Operand::Abs(l, k) => {
            out.push(ABS);
            put_u32(out, l.0);
            put_u32(out, k as u32);
        }
    }
}

/// Reads `count` items from exactly the bytes of `r`.
pub fn read_items(r: &mut Reader<'_>, count: u32) -> Result<Vec<Item>, LinkError> {
    // Every item takes at least two bytes, which bounds the allocation.
    let mut items = Vec::with_capacity((count as usize).min(r.remaining() / 2));
    for i in 0..count {
        items.push(read_item(r, i)?);
    }
    Ok(items)
}

fn read_item(r: &mut Reader<'_>, i: u32) -> Result<Item, LinkError> {
    let at = r.pos();
    let tag = r.u8("item tag")?;
    Ok(match tag {
        LABEL => Item::Label(Label(r.u32("label")?)),
        DIRECT => {
            let f = func(r, i)?;
            Item::Direct(f, read_operand(r, i)?)
        }
        RAW => {
            let f = func(r, i)?;
            let n = r.u8("raw nibble")?;
            if n > 15 {
                return Err(r.error(format!("item {i}: raw nibble {n} is above 15")));
            }
            Item::Raw(f, n)
        }
        OP => {
            let c = r.u16("operation code")?;
            Item::Op(
                Op::from_code(c as u32)
                    .ok_or_else(|| r.error(format!("item {i}: unknown operation #{c:X}")))?,
            )
        }
        FPU => {
            let c = r.u16("FPU code")?;
            Item::Fpu(
                FpuOp::from_code(c as u32)
                    .ok_or_else(|| r.error(format!("item {i}: unknown FPU operation #{c:X}")))?,
            )
        }
        BYTES => {
            let n = r.u32("byte count")? as usize;
            Item::Bytes(r.take(n, "data bytes")?.to_vec())
        }
        WORD => Item::Word(read_operand(r, i)?),
        ALIGN => Item::Align(r.u32("alignment")?),
        t => return Err(r.error(format!("item {i}: unknown item tag {t} at byte {at}"))),
    })
}

fn func(r: &mut Reader<'_>, i: u32) -> Result<Func, LinkError> {
    let c = r.u8("function code")?;
    if c > 15 {
        return Err(r.error(format!("item {i}: function code {c} is above 15")));
    }
    Ok(Func::from_nibble(c))
}

fn read_operand(r: &mut Reader<'_>, i: u32) -> Result<Operand, LinkError> {
    let tag = r.u8("operand tag")?;
    Ok(match tag {
        CONST => Operand::Const(r.i32("constant")?),
        REL => Operand::Rel(Label(r.u32("label")?), r.i32("addend")?),
        DIFF => Operand::Diff(
            Label(r.u32("label")?),
            Label(r.u32("label")?),
            r.i32("addend")?,
        ),
        ABS => Operand::Abs(Label(r.u32("label")?), r.i32("addend")?),
        t => return Err(r.error(format!("item {i}: unknown operand tag {t}"))),
    })
}

/// Labels an item refers to through its operand.
pub fn operand_labels(it: &Item) -> Vec<Label> {
    match it {
        Item::Direct(_, op) | Item::Word(op) => match *op {
            Operand::Rel(l, _) | Operand::Abs(l, _) => vec![l],
            Operand::Diff(a, b, _) => vec![a, b],
            Operand::Const(_) => vec![],
        },
        _ => vec![],
    }
}

/// The item with every label passed through `map`.
pub fn map_labels(it: &Item, map: &impl Fn(Label) -> Label) -> Item {
    let op = |o: &Operand| match *o {
        Operand::Const(v) => Operand::Const(v),
        Operand::Rel(l, k) => Operand::Rel(map(l), k),
        Operand::Diff(a, b, k) => Operand::Diff(map(a), map(b), k),
        Operand::Abs(l, k) => Operand::Abs(map(l), k),
    };
    match it {
        Item::Label(l) => Item::Label(map(*l)),
        Item::Direct(f, o) => Item::Direct(*f, op(o)),
        Item::Word(o) => Item::Word(op(o)),
        other => other.clone(),
    }
}
