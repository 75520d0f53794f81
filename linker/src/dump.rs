//! Readable text for objects, libraries and images (`tlink --dump`).
//!
//! Objects show their symbolic items (labels as `L<n>`); images show their tables and
//! a disassembly of the code with symbol names and source lines interleaved.

use crate::archive::Library;
use crate::image::Image;
use crate::object::{Binding, Object};
use std::fmt::Write as _;
use t800_isa::asm::{Item, Operand};
use t800_isa::disasm::{disassemble, format_operand};

/// One item in assembler-like notation.
pub fn format_item(it: &Item) -> String {
    match it {
        Item::Label(l) => format!("L{}:", l.0),
        Item::Direct(f, op) => format!("    {} {}", f.mnemonic(), format_op(op)),
        Item::Raw(f, n) => format!("    {}! {n}", f.mnemonic()),
        Item::Op(op) => format!("    {}", op.mnemonic()),
        Item::Fpu(op) => format!("    {}", op.mnemonic()),
        Item::Bytes(b) => {
            let hex: Vec<String> = b.iter().map(|x| format!("#{x:02X}")).collect();
            format!("    .byte {}", hex.join(", "))
        }
        Item::Word(op) => format!("    .word {}", format_op(op)),
        Item::Align(n) => format!("    .align {n}"),
    }
}

fn format_op(op: &Operand) -> String {
    let add = |k: i32| match k {
        0 => String::new(),
        k if k > 0 => format!("+{k}"),
        k => k.to_string(),
    };
    match *op {
        Operand::Const(v) => format_operand(v),
        Operand::Rel(l, k) => format!("L{}{}", l.0, add(k)),
        Operand::Diff(a, b, k) => format!("L{}-L{}{}", a.0, b.0, add(k)),
        Operand::Abs(l, k) => format!("@L{}{}", l.0, add(k)),
    }
}

/// Dump of an object.
pub fn object(o: &Object) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "unit {} ({} mode)", o.unit, o.error_mode.name());
    for (i, f) in o.files.iter().enumerate() {
        let _ = writeln!(s, "file {i} {f}");
    }
    for u in &o.uses {
        let _ = writeln!(s, "#USE \"{u}\"");
    }
    for sym in &o.symbols {
        let binding = match sym.binding {
            Binding::Local => "local",
            Binding::Export => "export",
            Binding::Import => "import",
        };
        let _ = write!(
            s,
            "{binding} {} {} = L{}",
            sym.kind.name(),
            sym.name,
            sym.label.0
        );
        if sym.kind.is_code() && sym.binding != Binding::Import {
            let _ = write!(s, " ws {} vs {}", sym.ws_own, sym.vs_own);
            for c in &sym.calls {
                let _ = write!(
                    s,
                    "; calls L{} at ws {} vs {}",
                    c.callee.0, c.ws_offset, c.vs_offset
                );
            }
        }
        s.push('\n');
    }
    for d in &o.descriptors {
        let _ = writeln!(
            s,
            "descriptor {}: {} -- ws {} vs {}",
            d.symbol, d.header, d.ws_total, d.vs_total
        );
    }
    let mut rows = o.lines.iter().peekable();
    for (i, it) in o.items.iter().enumerate() {
        while let Some(l) = rows.next_if(|l| l.item as usize == i) {
            let _ = writeln!(s, "  -- {}:{}", o.files[l.file as usize], l.line);
        }
        let _ = writeln!(s, "{}", format_item(it));
    }
    s
}

/// Dump of a library: each member in turn.
pub fn library(l: &Library) -> String {
    let mut s = String::new();
    for (i, m) in l.members.iter().enumerate() {
        let _ = writeln!(s, "== member {i}");
        s.push_str(&object(m));
    }
    s
}

/// Dump of an image: header, map, then the disassembly with symbols and lines.
pub fn image(img: &Image) -> String {
    let mut s = crate::map::render(img);
    s.push('\n');
    let mut row = 0;
    for line in disassemble(&img.code, img.origin) {
        if let Some(sym) = img.symbols.iter().find(|x| x.start == line.addr) {
            let _ = writeln!(s, "{}:", sym.name);
        }
        while let Some(l) = img.lines.get(row).filter(|l| l.addr <= line.addr) {
            if l.line != 0 {
                let file = img.files.get(l.file as usize).map_or("?", String::as_str);
                let _ = writeln!(s, "  -- {file}:{}", l.line);
            }
            row += 1;
        }
        let bytes: Vec<String> = line.bytes.iter().map(|b| format!("{b:02X}")).collect();
        let _ = writeln!(
            s,
            "{:08X}  {:<24} {}",
            line.addr,
            bytes.join(" "),
            line.text
        );
    }
    s
}
