//! The in-memory way to make an [`Object`], used by the compiler and by tests.
//!
//! The builder hands out labels, collects items, symbols and line rows, and on
//! [`ObjectBuilder::finish`] renumbers the labels densely (so unused labels cost
//! nothing in the file), orders the line table and validates the result.

use crate::error::LinkError;
use crate::items::{map_labels, operand_labels};
use crate::object::{
    Binding, Call, Descriptor, ErrorMode, HostIo, LineEntry, Object, Symbol, SymbolKind,
};
use std::collections::HashMap;
use t800_isa::asm::{Item, Label};

/// Workspace facts of a PROC or FUNCTION (all zero for data).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// Words the routine itself needs below its entry Wptr.
    pub ws_own: u32,
    /// Vector-space bytes the routine itself needs.
    pub vs_own: u32,
    /// Calls it makes.
    pub calls: Vec<Call>,
}

/// Builds one unit's [`Object`].
#[derive(Clone, Debug)]
pub struct ObjectBuilder {
    unit: String,
    error_mode: ErrorMode,
    host_io: HostIo,
    files: Vec<String>,
    uses: Vec<String>,
    next_label: u32,
    items: Vec<Item>,
    symbols: Vec<Symbol>,
    lines: Vec<LineEntry>,
    imports: HashMap<String, Label>,
    descriptors: Vec<Descriptor>,
}

impl ObjectBuilder {
    /// An empty unit.
    pub fn new(unit: &str, error_mode: ErrorMode) -> Self {
        ObjectBuilder {
            unit: unit.to_string(),
            error_mode,
            host_io: HostIo::Raw,
            files: Vec::new(),
            uses: Vec::new(),
            next_label: 0,
            items: Vec::new(),
            symbols: Vec::new(),
            lines: Vec::new(),
            imports: HashMap::new(),
            descriptors: Vec::new(),
        }
    }

    /// Declares how the unit's entry uses the host link (default [`HostIo::Raw`]).
    pub fn set_host_io(&mut self, host_io: HostIo) {
        self.host_io = host_io;
    }

    /// A fresh label (place it with [`ObjectBuilder::place`]).
    pub fn new_label(&mut self) -> Label {
        self.next_label += 1;
        Label(self.next_label - 1)
    }

    /// Appends an item; returns its index.
    pub fn push(&mut self, item: Item) -> u32 {
        self.items.push(item);
        self.items.len() as u32 - 1
    }

    /// Places `label` at the current position.
    pub fn place(&mut self, label: Label) {
        self.push(Item::Label(label));
    }

    /// Number of items so far (the index the next item gets).
    pub fn item_count(&self) -> u32 {
        self.items.len() as u32
    }

    /// Index of a source file name for the line table (added once).
    pub fn add_file(&mut self, name: &str) -> u32 {
        if let Some(i) = self.files.iter().position(|f| f == name) {
            return i as u32;
        }
        self.files.push(name.to_string());
        self.files.len() as u32 - 1
    }

    /// Records a `#USE "name"` library.
    pub fn use_library(&mut self, name: &str) {
        if !self.uses.iter().any(|u| u == name) {
            self.uses.push(name.to_string());
        }
    }

    /// The label standing for another unit's symbol `name` (the same label every
    /// time for the same name).
    pub fn import(&mut self, name: &str, kind: SymbolKind) -> Label {
        if let Some(&l) = self.imports.get(name) {
            return l;
        }
        let l = self.new_label();
        self.imports.insert(name.to_string(), l);
        self.symbols.push(Symbol {
            name: name.to_string(),
            kind,
            binding: Binding::Import,
            label: l,
            ws_own: 0,
            vs_own: 0,
            calls: Vec::new(),
        });
        l
    }

    /// Like [`ObjectBuilder::import`], but the code already refers to the other
    /// unit's symbol by `label` (made by [`ObjectBuilder::new_label`] and never placed).
    pub fn import_at(&mut self, name: &str, kind: SymbolKind, label: Label) {
        self.imports.insert(name.to_string(), label);
        self.symbols.push(Symbol {
            name: name.to_string(),
            kind,
            binding: Binding::Import,
            label,
            ws_own: 0,
            vs_own: 0,
            calls: Vec::new(),
        });
    }

    /// Records the interface of an exported routine (see [`Descriptor`]).
    pub fn describe(&mut self, descriptor: Descriptor) {
        self.descriptors.push(descriptor);
    }

    /// Defines a symbol at `label` (which must be placed by the time of `finish`).
    pub fn define_symbol(
        &mut self,
        name: &str,
        label: Label,
        kind: SymbolKind,
        exported: bool,
        frame: Frame,
    ) {
        self.symbols.push(Symbol {
            name: name.to_string(),
            kind,
            binding: if exported {
                Binding::Export
            } else {
                Binding::Local
            },
            label,
            ws_own: frame.ws_own,
            vs_own: frame.vs_own,
            calls: frame.calls,
        });
    }

    /// Code from item `item` on comes from `file`:`line`.
    pub fn line(&mut self, item: u32, file: u32, line: u32) {
        self.lines.push(LineEntry { item, file, line });
    }

    /// Code from the next item on comes from `file`:`line`.
    pub fn line_here(&mut self, file: u32, line: u32) {
        let item = self.item_count();
        self.line(item, file, line);
    }

    /// The finished, validated object.
    pub fn finish(mut self) -> Result<Object, LinkError> {
        let (table, label_count) = self.compact_labels()?;
        let map = |l: Label| Label(table[l.0 as usize]);
        let items: Vec<Item> = self.items.iter().map(|it| map_labels(it, &map)).collect();
        for s in &mut self.symbols {
            s.label = map(s.label);
            for c in &mut s.calls {
                c.callee = map(c.callee);
            }
        }
        // Keep the last row for an item; drop rows past the end (nothing follows).
        let n = items.len() as u32;
        self.lines.sort_by_key(|l| l.item);
        let mut lines: Vec<LineEntry> = Vec::new();
        for l in self.lines.into_iter().filter(|l| l.item < n) {
            match lines.last_mut() {
                Some(last) if last.item == l.item => *last = l,
                _ => lines.push(l),
            }
        }
        let obj = Object {
            unit: self.unit,
            error_mode: self.error_mode,
            host_io: self.host_io,
            files: self.files,
            uses: self.uses,
            label_count,
            items,
            symbols: self.symbols,
            lines,
            descriptors: self.descriptors,
        };
        obj.validate()?;
        Ok(obj)
    }

    /// New numbers for the labels in use: placed labels in order, then imports. Every
    /// label referenced anywhere must be one of them.
    fn compact_labels(&self) -> Result<(Vec<u32>, u32), LinkError> {
        let bad = |m: String| Err(LinkError::invalid(&self.unit, m));
        const UNUSED: u32 = u32::MAX;
        let mut table = vec![UNUSED; self.next_label as usize];
        let mut count = 0u32;
        let mut assign = |l: Label, table: &mut Vec<u32>| -> Result<(), String> {
            match table.get_mut(l.0 as usize) {
                None => Err(format!("label {} was not made by this builder", l.0)),
                Some(slot) if *slot != UNUSED => Err(format!("label {} placed twice", l.0)),
                Some(slot) => {
                    *slot = count;
                    count += 1;
                    Ok(())
                }
            }
        };
        for it in &self.items {
            if let Item::Label(l) = it {
                if let Err(m) = assign(*l, &mut table) {
                    return bad(m);
                }
            }
        }
        for s in self.symbols.iter().filter(|s| s.binding == Binding::Import) {
            if let Err(m) = assign(s.label, &mut table) {
                return bad(format!("import `{}`: {m}", s.name));
            }
        }
        let known = |l: Label| table.get(l.0 as usize).is_some_and(|&v| v != UNUSED);
        for (i, it) in self.items.iter().enumerate() {
            if let Some(l) = operand_labels(it).into_iter().find(|&l| !known(l)) {
                return bad(format!("item {i}: label {} is used but never placed", l.0));
            }
        }
        for s in &self.symbols {
            if !known(s.label) {
                return bad(format!(
                    "symbol `{}`: label {} is never placed",
                    s.name, s.label.0
                ));
            }
            if let Some(c) = s.calls.iter().find(|c| !known(c.callee)) {
                return bad(format!(
                    "`{}` calls label {}, which is never placed",
                    s.name, c.callee.0
                ));
            }
        }
        Ok((table, count))
    }
}
