//! The whole link: resolve, compute workspace, merge the units' code behind a boot
//! stub, size it all at once, and describe the result as an [`Image`].
//!
//! Labels are renumbered into one space: the stub's first, then each unit's at its
//! own base, then one end label; an import label maps to the global label of the
//! definition it is bound to. Running [`assemble`] once over the merged list gives
//! every cross-unit jump and call its shortest prefix chain.

use crate::error::LinkError;
use crate::image::{Image, ImageLine, ImageSymbol};
use crate::items::map_labels;
use crate::object::{Binding, ErrorMode, SymbolKind};
use crate::resolve::{resolve, LibrarySet, Resolved, SymRef};
use crate::stub::{boot_stub, StubPlan, STUB_LABELS};
use crate::workspace::{self, Need};
use crate::{Library, Object};
use std::collections::HashMap;
use std::path::PathBuf;
use t800_isa::asm::{assemble, Item, Label};
use t800_isa::consts::MEM_START;

/// How to link.
#[derive(Clone, Debug)]
pub struct LinkOptions {
    /// Name of the entry PROC (the compiler's wrapper), default `main`.
    pub entry: String,
    /// Directories searched for `#USE` libraries.
    pub lib_dirs: Vec<PathBuf>,
    /// Libraries supplied directly, with the names `#USE` may use for them.
    pub libraries: Vec<(String, Library)>,
    /// Omit the machine initialisation from the boot stub (see [`crate::stub`]).
    pub bare: bool,
    /// Load address (MemStart).
    pub origin: u32,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            entry: "main".to_string(),
            lib_dirs: Vec::new(),
            libraries: Vec::new(),
            bare: false,
            origin: MEM_START,
        }
    }
}

/// Name of the image symbol covering the boot stub.
pub const STUB_SYMBOL: &str = "(boot stub)";
/// Unit name given to the boot stub.
pub const STUB_UNIT: &str = "(tlink)";

/// Links `objects` (always included, in order) with whatever library members they
/// need into a bootable image.
pub fn link(objects: &[Object], opts: &LinkOptions) -> Result<Image, LinkError> {
    let libs = LibrarySet {
        given: opts.libraries.clone(),
        search: opts.lib_dirs.clone(),
    };
    let r = resolve(objects, &libs, &opts.entry)?;
    let error_mode = error_mode(&r.units)?;
    let needs = workspace::compute(&r)?;
    let entry = entry_symbol(&r, &opts.entry)?;
    let entry_need = needs[&entry];
    // The unit that defines the entry decides how the program talks to the host.
    let host_io = r.units[entry.0].host_io;

    // Workspace area: the stub's W[0], the 4 words `call` pushes, the entry's total.
    let too_big = |m: &str| LinkError::TooBig {
        message: m.to_string(),
    };
    let ws_words = entry_need
        .ws_total
        .checked_add(5)
        .ok_or_else(|| too_big("workspace overflows 32 bits"))?;
    let ws_bytes = ws_words
        .checked_mul(4)
        .filter(|&b| b <= i32::MAX as u32)
        .ok_or_else(|| too_big("workspace exceeds the address space"))?;
    let vs_bytes = entry_need
        .vs_total
        .checked_add(3)
        .map(|v| v & !3)
        .filter(|&b| b as u64 + ws_bytes as u64 <= i32::MAX as u64)
        .ok_or_else(|| too_big("vector space exceeds the address space"))?;

    // Global labels: stub, units, end.
    let mut bases = Vec::with_capacity(r.units.len());
    let mut next = STUB_LABELS;
    for u in &r.units {
        bases.push(next);
        next = next
            .checked_add(u.label_count)
            .ok_or_else(|| too_big("too many labels"))?;
    }
    let end = Label(next);
    let label_count = next as usize + 1;
    let global = |(u, s): SymRef| Label(bases[u] + r.units[u].symbols[s].label.0);

    let mut items = boot_stub(
        0,
        &StubPlan {
            entry: global(entry),
            end,
            ws_top_from_end: ws_bytes - 4,
            vs_base_from_end: ws_bytes,
            error_mode,
            bare: opts.bare,
        },
    );
    let mut unit_items = Vec::with_capacity(r.units.len());
    for (ui, u) in r.units.iter().enumerate() {
        let map = |l: Label| match r.imports[ui].get(&l.0) {
            Some(&def) => global(def),
            None => Label(bases[ui] + l.0),
        };
        let start = items.len();
        items.extend(u.items.iter().map(|it| map_labels(it, &map)));
        unit_items.push(start..items.len());
    }
    let tail = items.len();
    items.push(Item::Align(4));
    items.push(Item::Label(end));

    let asm = assemble(&items, label_count, opts.origin)
        .map_err(|e| LinkError::invalid("(linked program)", e.to_string()))?;
    let code_len = asm.code.len() as u32;
    let at = |i: usize| opts.origin.wrapping_add(asm.item_offsets[i]);
    let mem_bytes = (code_len as u64 + ws_bytes as u64 + vs_bytes as u64)
        .try_into()
        .ok()
        .filter(|&m: &u32| opts.origin as u64 + m as u64 <= 1 << 32)
        .ok_or_else(|| too_big("program does not fit in memory above the origin"))?;
    let code_end = opts.origin.wrapping_add(code_len);

    let first_unit = unit_items.first().map_or(tail, |r| r.start);
    let mut symbols = vec![ImageSymbol {
        name: STUB_SYMBOL.to_string(),
        unit: STUB_UNIT.to_string(),
        kind: SymbolKind::Proc,
        exported: false,
        start: opts.origin,
        end: at(first_unit),
        ws_total: ws_words,
        vs_total: vs_bytes,
    }];
    let label_addr = |l: Label| asm.labels[l.0 as usize].map(|o| opts.origin.wrapping_add(o));
    for (ui, u) in r.units.iter().enumerate() {
        let unit_end = at(unit_items[ui].end);
        let mut mine: Vec<ImageSymbol> = Vec::new();
        for (si, s) in u.symbols.iter().enumerate() {
            if s.binding == Binding::Import {
                continue;
            }
            let need = needs.get(&(ui, si)).copied().unwrap_or(Need::default());
            mine.push(ImageSymbol {
                name: s.name.clone(),
                unit: u.unit.clone(),
                kind: s.kind,
                exported: s.binding == Binding::Export,
                start: label_addr(global((ui, si))).unwrap_or(unit_end),
                end: unit_end,
                ws_total: need.ws_total,
                vs_total: need.vs_total,
            });
        }
        // A symbol extends to the next symbol of its unit that starts later.
        mine.sort_by_key(|s| s.start);
        let starts: Vec<u32> = mine.iter().map(|s| s.start).collect();
        for s in &mut mine {
            let i = starts.partition_point(|&a| a <= s.start);
            s.end = starts.get(i).copied().unwrap_or(unit_end);
        }
        symbols.extend(mine);
    }

    let (files, lines) = line_table(&r, &unit_items, &at, code_end);
    Ok(Image {
        origin: opts.origin,
        entry: opts.origin,
        code: asm.code,
        mem_bytes,
        ws_top: code_end.wrapping_add(ws_bytes - 4),
        ws_bytes,
        vs_base: code_end.wrapping_add(ws_bytes),
        vs_bytes,
        error_mode,
        host_io,
        files,
        symbols,
        lines,
    })
}

/// The program's error mode: the one every non-universal unit agrees on (HALT if all
/// are universal).
fn error_mode(units: &[Object]) -> Result<ErrorMode, LinkError> {
    let mut found: Option<&Object> = None;
    for u in units
        .iter()
        .filter(|u| u.error_mode != ErrorMode::Universal)
    {
        match found {
            Some(f) if f.error_mode != u.error_mode => {
                return Err(LinkError::ErrorMode {
                    first: (f.unit.clone(), f.error_mode.name().to_string()),
                    second: (u.unit.clone(), u.error_mode.name().to_string()),
                })
            }
            Some(_) => {}
            None => found = Some(u),
        }
    }
    Ok(found.map_or(ErrorMode::Halt, |u| u.error_mode))
}

fn entry_symbol(r: &Resolved, name: &str) -> Result<SymRef, LinkError> {
    let err = |m: &str| LinkError::Entry {
        name: name.to_string(),
        message: m.to_string(),
    };
    let &e = r
        .exports
        .get(name)
        .ok_or_else(|| err("is not defined by any unit or library"))?;
    let kind = r.units[e.0].symbols[e.1].kind;
    if kind != SymbolKind::Proc {
        return Err(err(&format!("is a {}, not a PROC", kind.name())));
    }
    Ok(e)
}

/// Merges the units' line tables into address order with one file list. Each unit
/// starts with a "no line" row (line 0) so its first bytes are not attributed to the
/// previous unit's last line.
fn line_table(
    r: &Resolved,
    unit_items: &[std::ops::Range<usize>],
    at: &impl Fn(usize) -> u32,
    code_end: u32,
) -> (Vec<String>, Vec<ImageLine>) {
    let mut files: Vec<String> = Vec::new();
    let mut file_index: HashMap<&str, u32> = HashMap::new();
    let mut lines: Vec<ImageLine> = Vec::new();
    let push = |row: ImageLine, lines: &mut Vec<ImageLine>| match lines.last_mut() {
        Some(last) if last.addr == row.addr => *last = row,
        _ => lines.push(row),
    };
    for (ui, u) in r.units.iter().enumerate() {
        let start = unit_items[ui].start;
        if at(start) < code_end {
            let blank = ImageLine {
                addr: at(start),
                file: 0,
                line: 0,
            };
            push(blank, &mut lines);
        }
        for l in &u.lines {
            let name = u.files[l.file as usize].as_str();
            let f = *file_index.entry(name).or_insert_with(|| {
                files.push(name.to_string());
                files.len() as u32 - 1
            });
            let addr = at(start + l.item as usize);
            if addr < code_end {
                let row = ImageLine {
                    addr,
                    file: f,
                    line: l.line,
                };
                push(row, &mut lines);
            }
        }
    }
    (files, lines)
}
