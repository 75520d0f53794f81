//! The rules between the parts of an object, checked once when an object is built or
//! read so the linker can rely on them.
//!
//! - every label is below `label_count`, placed by at most one `Item::Label`, and
//!   `label_count` is no more than the placed labels plus the imports (so a corrupt
//!   count cannot make the linker allocate without bound);
//! - every label an operand uses is placed or imported;
//! - defined symbols have placed labels, imports have unplaced labels of their own,
//!   exported and imported names are unique within the unit;
//! - only PROCs and FUNCTIONs have frames and calls, and every call names a PROC or
//!   FUNCTION symbol of the unit;
//! - `Align` is 1..=4096 and data words are not jump-relative;
//! - line rows point at existing items and files, in item order;
//! - each descriptor describes a distinct exported PROC or FUNCTION of the unit.

use crate::error::LinkError;
use crate::items::operand_labels;
use crate::object::{Binding, Object};
use std::collections::HashMap;
use t800_isa::asm::{Item, Operand};

/// Largest alignment an object may request (keeps padding bounded).
pub const MAX_ALIGN: u32 = 4096;

impl Object {
    /// Checks the rules listed in this module's docs.
    pub fn validate(&self) -> Result<(), LinkError> {
        let bad = |m: String| Err(LinkError::invalid(&self.unit, m));
        let imports = self
            .symbols
            .iter()
            .filter(|s| s.binding == Binding::Import)
            .count();
        let placed_count = self
            .items
            .iter()
            .filter(|i| matches!(i, Item::Label(_)))
            .count();
        if self.label_count as usize > placed_count + imports {
            return bad(format!(
                "label count {} exceeds the {placed_count} placed labels plus {imports} imports",
                self.label_count
            ));
        }
        let n = self.label_count as usize;
        let mut placed = vec![false; n];
        for (i, it) in self.items.iter().enumerate() {
            match it {
                Item::Label(l) => match placed.get_mut(l.0 as usize) {
                    None => return bad(format!("item {i}: label {} out of range", l.0)),
                    Some(true) => return bad(format!("item {i}: label {} placed twice", l.0)),
                    Some(p) => *p = true,
                },
                Item::Align(a) if !(1..=MAX_ALIGN).contains(a) => {
                    return bad(format!("item {i}: alignment {a} not in 1..={MAX_ALIGN}"))
                }
                Item::Word(Operand::Rel(..)) => {
                    return bad(format!("item {i}: a data word cannot be jump-relative"))
                }
                Item::Raw(_, nib) if *nib > 15 => {
                    return bad(format!("item {i}: raw nibble {nib} above 15"))
                }
                _ => {}
            }
        }
        let mut imported = vec![false; n];
        let mut names: HashMap<&str, usize> = HashMap::new();
        let mut sym_of_label: HashMap<u32, usize> = HashMap::new();
        for (si, s) in self.symbols.iter().enumerate() {
            let l = s.label.0 as usize;
            if l >= n {
                return bad(format!("symbol `{}`: label {l} out of range", s.name));
            }
            if sym_of_label.insert(s.label.0, si).is_some() {
                return bad(format!("symbol `{}`: label {l} names two symbols", s.name));
            }
            if s.name.is_empty() {
                return bad(format!("symbol {si} has an empty name"));
            }
            if s.binding != Binding::Local && names.insert(&s.name, si).is_some() {
                return bad(format!("symbol `{}` is declared twice", s.name));
            }
            match s.binding {
                Binding::Import => {
                    if placed[l] {
                        return bad(format!(
                            "imported symbol `{}` is placed in this unit",
                            s.name
                        ));
                    }
                    if s.ws_own != 0 || s.vs_own != 0 || !s.calls.is_empty() {
                        return bad(format!("imported symbol `{}` has a frame", s.name));
                    }
                    imported[l] = true;
                }
                Binding::Local | Binding::Export => {
                    if !placed[l] {
                        return bad(format!("symbol `{}`: label {l} is never placed", s.name));
                    }
                }
            }
            if !s.kind.is_code() && (s.ws_own != 0 || s.vs_own != 0 || !s.calls.is_empty()) {
                return bad(format!("data symbol `{}` has a frame", s.name));
            }
        }
        for (i, it) in self.items.iter().enumerate() {
            for l in operand_labels(it) {
                match placed.get(l.0 as usize) {
                    None => return bad(format!("item {i}: label {} out of range", l.0)),
                    Some(false) if !imported[l.0 as usize] => {
                        return bad(format!("item {i}: label {} is never defined", l.0))
                    }
                    _ => {}
                }
            }
        }
        for s in &self.symbols {
            for c in &s.calls {
                let ok = sym_of_label
                    .get(&c.callee.0)
                    .is_some_and(|&ci| self.symbols[ci].kind.is_code());
                if !ok {
                    return bad(format!(
                        "`{}` calls label {}, which is not a PROC or FUNCTION symbol",
                        s.name, c.callee.0
                    ));
                }
            }
        }
        let mut last = 0;
        for (k, l) in self.lines.iter().enumerate() {
            if l.item as usize >= self.items.len() || l.file as usize >= self.files.len() {
                return bad(format!("line row {k} points outside the unit"));
            }
            if l.item < last {
                return bad(format!("line row {k} is out of item order"));
            }
            last = l.item;
        }
        let mut described: Vec<&str> = Vec::new();
        for d in &self.descriptors {
            let ok = self
                .symbols
                .iter()
                .any(|s| s.name == d.symbol && s.binding == Binding::Export && s.kind.is_code());
            if !ok {
                return bad(format!(
                    "descriptor `{}` names no exported PROC or FUNCTION",
                    d.symbol
                ));
            }
            if described.contains(&d.symbol.as_str()) {
                return bad(format!("`{}` has two descriptors", d.symbol));
            }
            described.push(&d.symbol);
        }
        Ok(())
    }
}
