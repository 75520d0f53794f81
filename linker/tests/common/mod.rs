//! Small programs for the linker tests, built with the public builder API.
#![allow(dead_code)]

use linker::{Call, ErrorMode, Frame, Object, ObjectBuilder, SymbolKind};
use t800_isa::asm::{Item, Operand};
use t800_isa::{Func, Op};

/// One PROC of a test unit.
pub struct P<'a> {
    /// Its name (exported).
    pub name: &'a str,
    /// Its own workspace words.
    pub ws: u32,
    /// Callees with the workspace offset of each call.
    pub calls: &'a [(&'a str, u32)],
    /// Filler bytes (`pfix 0`) before its `ret`, to place code at chosen distances.
    pub pad: usize,
}

/// A PROC that calls nothing.
pub fn leaf(name: &str, ws: u32) -> P<'_> {
    P {
        name,
        ws,
        calls: &[],
        pad: 0,
    }
}

/// A unit whose PROCs are exported; callees not defined in it are imported.
pub fn unit(name: &str, procs: &[P]) -> Object {
    unit_with(name, ErrorMode::Halt, &[], procs)
}

/// [`unit`] with an error mode and `#USE` names.
pub fn unit_with(name: &str, mode: ErrorMode, uses: &[&str], procs: &[P]) -> Object {
    let mut b = ObjectBuilder::new(name, mode);
    for u in uses {
        b.use_library(u);
    }
    let file = b.add_file(&format!("{name}.occ"));
    let labels: Vec<_> = procs.iter().map(|_| b.new_label()).collect();
    let label_of =
        |b: &mut ObjectBuilder, callee: &str| match procs.iter().position(|p| p.name == callee) {
            Some(i) => labels[i],
            None => b.import(callee, SymbolKind::Proc),
        };
    for (i, p) in procs.iter().enumerate() {
        b.place(labels[i]);
        let mut calls = Vec::new();
        for (k, &(callee, ws_offset)) in p.calls.iter().enumerate() {
            let l = label_of(&mut b, callee);
            b.line_here(file, 10 * (i as u32 + 1) + k as u32);
            b.push(Item::Direct(Func::Call, Operand::Rel(l, 0)));
            calls.push(Call {
                callee: l,
                ws_offset,
                vs_offset: 0,
            });
        }
        if p.pad > 0 {
            b.push(Item::Bytes(vec![0x20; p.pad]));
        }
        b.push(Item::Op(Op::Ret));
        let frame = Frame {
            ws_own: p.ws,
            vs_own: 0,
            calls,
        };
        b.define_symbol(p.name, labels[i], SymbolKind::Proc, true, frame);
    }
    b.finish().expect("test unit is valid")
}
