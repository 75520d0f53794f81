//! The object format (`.tco`): one compiled unit as symbolic code plus the facts the
//! linker needs about it.
//!
//! T800 code size depends on operand values, so an object holds [`Item`]s rather than
//! bytes: labels are local to the object and the linker sizes the whole program at
//! once. Beside the code an object lists its symbols (defined, exported or imported),
//! per-PROC workspace needs and call sites (for the static workspace computation),
//! `#USE` library names and a line table. The byte layout is in
//! `docs/object-format.md`; [`Object::from_bytes`] checks all of it, and
//! [`Object::validate`] the rules between the parts.

use crate::error::LinkError;
use crate::items::{read_items, write_items};
use crate::wire::{put, read_strings, string, Reader, StringTable, U32};
use bytemuck::{Pod, Zeroable};
use t800_isa::asm::{Item, Label};

/// First four bytes of an object file.
pub const OBJECT_MAGIC: [u8; 4] = *b"T8CO";
/// Object format version written. Version 2 added the descriptor section; version 1
/// objects (no descriptors) are still read.
pub const OBJECT_VERSION: u32 = 2;
/// Oldest object format version read.
pub const OBJECT_VERSION_MIN: u32 = 1;

/// What a symbol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A PROC (entered with `call`, returns with `ret`).
    Proc,
    /// A FUNCTION (same calling mechanism, returns values).
    Function,
    /// Data in the code area (tables, constants).
    Data,
}

impl SymbolKind {
    /// Stored code.
    pub fn code(self) -> u8 {
        match self {
            SymbolKind::Proc => 0,
            SymbolKind::Function => 1,
            SymbolKind::Data => 2,
        }
    }

    /// Kind from its stored code.
    pub fn from_code(c: u8) -> Option<Self> {
        [SymbolKind::Proc, SymbolKind::Function, SymbolKind::Data]
            .get(c as usize)
            .copied()
    }

    /// Whether it has a workspace frame and call sites.
    pub fn is_code(self) -> bool {
        self != SymbolKind::Data
    }

    /// Name used in messages and maps.
    pub fn name(self) -> &'static str {
        match self {
            SymbolKind::Proc => "PROC",
            SymbolKind::Function => "FUNCTION",
            SymbolKind::Data => "data",
        }
    }
}

/// Whether a symbol is defined here and visible to other units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Binding {
    /// Defined here, visible only in this unit (listed in maps and debug tables).
    Local,
    /// Defined here and visible to other units.
    Export,
    /// Defined by another unit; its label is bound to that definition at link time.
    Import,
}

impl Binding {
    /// Stored code.
    pub fn code(self) -> u8 {
        match self {
            Binding::Local => 0,
            Binding::Export => 1,
            Binding::Import => 2,
        }
    }

    /// Binding from its stored code.
    pub fn from_code(c: u8) -> Option<Self> {
        [Binding::Local, Binding::Export, Binding::Import]
            .get(c as usize)
            .copied()
    }
}

/// The error mode a unit was compiled for (t800.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorMode {
    /// Works in either mode (e.g. hand-written library code); takes the program's.
    Universal,
    /// Errors halt the processor (HaltOnError set by the boot stub).
    Halt,
    /// Errors stop the failing process (HaltOnError cleared by the boot stub).
    Stop,
}

impl ErrorMode {
    /// Stored code.
    pub fn code(self) -> u32 {
        match self {
            ErrorMode::Universal => 0,
            ErrorMode::Halt => 1,
            ErrorMode::Stop => 2,
        }
    }

    /// Mode from its stored code.
    pub fn from_code(c: u32) -> Option<Self> {
        [ErrorMode::Universal, ErrorMode::Halt, ErrorMode::Stop]
            .get(c as usize)
            .copied()
    }

    /// Name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            ErrorMode::Universal => "universal",
            ErrorMode::Halt => "HALT",
            ErrorMode::Stop => "STOP",
        }
    }
}

/// How the program uses the host link (link 0 of the root node).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum HostIo {
    /// Bytes out on link 0 are the program's output; bytes in are its input.
    #[default]
    Raw,
    /// The occam entry harness multiplexes keyboard/screen/error on link 0: output
    /// comes as two-byte frames `[stream, byte]` (1 = screen, 2 = error) and the frame
    /// `[0, 0]` means the program has finished; input is raw keyboard bytes
    /// (documented in `occamc/src/codegen/entry.rs`).
    Framed,
}

impl HostIo {
    /// Stored code.
    pub fn code(self) -> u32 {
        match self {
            HostIo::Raw => 0,
            HostIo::Framed => 1,
        }
    }

    /// Protocol from its stored code.
    pub fn from_code(c: u32) -> Option<Self> {
        [HostIo::Raw, HostIo::Framed].get(c as usize).copied()
    }
}

/// A call from a PROC or FUNCTION to another, for the workspace computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    /// The callee: the label of a PROC/FUNCTION symbol of this unit (defined or
    /// imported).
    pub callee: Label,
    /// Words from the caller's entry Wptr down to the callee's entry Wptr (the
    /// caller's `ajw` plus the 4 words `call` pushes).
    pub ws_offset: u32,
    /// Bytes from the caller's vector-space base to the callee's.
    pub vs_offset: u32,
}

/// A named place in the unit's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The occam name (exported names must be unique across a program).
    pub name: String,
    /// What it names.
    pub kind: SymbolKind,
    /// Defined here (and visible or not), or imported.
    pub binding: Binding,
    /// Where it is: placed by an `Item::Label` for definitions; for imports, a label
    /// the unit's code uses to refer to the definition elsewhere.
    pub label: Label,
    /// Words the routine itself needs below its entry Wptr (locals, scheduler slots,
    /// nested process workspaces); 0 for data and imports.
    pub ws_own: u32,
    /// Vector-space bytes the routine itself needs; 0 for data and imports.
    pub vs_own: u32,
    /// Calls the routine makes (empty for data and imports).
    pub calls: Vec<Call>,
}

/// The interface of an exported PROC or FUNCTION, so that a compiler can check and
/// compile calls of it without its source (what the Inmos toolset's library
/// descriptors are for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Descriptor {
    /// The exported symbol it describes (a PROC or FUNCTION of this unit).
    pub symbol: String,
    /// The routine's occam header, canonical text the compiler reads back, e.g.
    /// `INT, INT FUNCTION divmod (VAL INT a, VAL INT b)` or
    /// `PROC fill (VAL INT n, []INT a, CHAN OF INT out!)`.
    pub header: String,
    /// Words the routine needs below its entry Wptr, callees included (a caller
    /// lays out parallel workspaces with it).
    pub ws_total: u32,
    /// Vector-space bytes, callees included.
    pub vs_total: u32,
}

/// One line-table row: code from `item` onwards comes from `file`:`line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// Index into [`Object::items`].
    pub item: u32,
    /// Index into [`Object::files`].
    pub file: u32,
    /// 1-based source line.
    pub line: u32,
}

/// One compiled unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// Unit name (normally the main source file's stem).
    pub unit: String,
    /// The error mode it was compiled for.
    pub error_mode: ErrorMode,
    /// How its entry (if it defines the program's entry) uses the host link.
    pub host_io: HostIo,
    /// Source file names referred to by the line table.
    pub files: Vec<String>,
    /// Library names from `#USE`.
    pub uses: Vec<String>,
    /// Labels used by `items` and `symbols` are `0..label_count`.
    pub label_count: u32,
    /// The symbolic code.
    pub items: Vec<Item>,
    /// Defined and imported symbols.
    pub symbols: Vec<Symbol>,
    /// Line table, in item order.
    pub lines: Vec<LineEntry>,
    /// Interfaces of exported routines (version 2; empty in version 1 objects).
    pub descriptors: Vec<Descriptor>,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Header {
    magic: [u8; 4],
    version: U32,
    unit: U32,
    error_mode: U32,
    host_io: U32,
    label_count: U32,
    n_strings: U32,
    n_files: U32,
    n_uses: U32,
    n_symbols: U32,
    n_calls: U32,
    n_items: U32,
    item_bytes: U32,
    n_lines: U32,
}

/// Added after [`Header`] in version 2.
#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct HeaderV2 {
    n_descriptors: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct DescriptorRec {
    symbol: U32,
    header: U32,
    ws_total: U32,
    vs_total: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct SymbolRec {
    name: U32,
    kind: u8,
    binding: u8,
    reserved: [u8; 2],
    label: U32,
    ws_own: U32,
    vs_own: U32,
    first_call: U32,
    n_calls: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct CallRec {
    callee: U32,
    ws_offset: U32,
    vs_offset: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct LineRec {
    item: U32,
    file: U32,
    line: U32,
}

impl Object {
    /// Serializes the object.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut strings = StringTable::default();
        let unit = strings.intern(&self.unit);
        let files: Vec<U32> = self
            .files
            .iter()
            .map(|f| strings.intern(f).into())
            .collect();
        let uses: Vec<U32> = self.uses.iter().map(|u| strings.intern(u).into()).collect();
        let mut syms = Vec::new();
        let mut calls = Vec::new();
        for s in &self.symbols {
            syms.push(SymbolRec {
                name: strings.intern(&s.name).into(),
                kind: s.kind.code(),
                binding: s.binding.code(),
                reserved: [0; 2],
                label: s.label.0.into(),
                ws_own: s.ws_own.into(),
                vs_own: s.vs_own.into(),
                first_call: (calls.len() as u32).into(),
                n_calls: (s.calls.len() as u32).into(),
            });
            calls.extend(s.calls.iter().map(|c| CallRec {
                callee: c.callee.0.into(),
                ws_offset: c.ws_offset.into(),
                vs_offset: c.vs_offset.into(),
            }));
        }
        let descs: Vec<DescriptorRec> = self
            .descriptors
            .iter()
            .map(|d| DescriptorRec {
                symbol: strings.intern(&d.symbol).into(),
                header: strings.intern(&d.header).into(),
                ws_total: d.ws_total.into(),
                vs_total: d.vs_total.into(),
            })
            .collect();
        let mut items = Vec::new();
        write_items(&self.items, &mut items);
        let header = Header {
            magic: OBJECT_MAGIC,
            version: OBJECT_VERSION.into(),
            unit: unit.into(),
            error_mode: self.error_mode.code().into(),
            host_io: self.host_io.code().into(),
            label_count: self.label_count.into(),
            n_strings: strings.len().into(),
            n_files: (files.len() as u32).into(),
            n_uses: (uses.len() as u32).into(),
            n_symbols: (syms.len() as u32).into(),
            n_calls: (calls.len() as u32).into(),
            n_items: (self.items.len() as u32).into(),
            item_bytes: (items.len() as u32).into(),
            n_lines: (self.lines.len() as u32).into(),
        };
        let mut out = Vec::new();
        put(&mut out, &header);
        put(
            &mut out,
            &HeaderV2 {
                n_descriptors: (descs.len() as u32).into(),
            },
        );
        out.extend_from_slice(&strings.to_bytes());
        out.extend_from_slice(bytemuck::cast_slice(&files));
        out.extend_from_slice(bytemuck::cast_slice(&uses));
        out.extend_from_slice(bytemuck::cast_slice(&syms));
        out.extend_from_slice(bytemuck::cast_slice(&calls));
        out.extend_from_slice(&items);
        for l in &self.lines {
            put(
                &mut out,
                &LineRec {
                    item: l.item.into(),
                    file: l.file.into(),
                    line: l.line.into(),
                },
            );
        }
        out.extend_from_slice(bytemuck::cast_slice(&descs));
        out
    }

    /// Parses and validates an object; `what` names the input in errors (e.g. the
    /// file name).
    pub fn from_bytes(bytes: &[u8], what: &str) -> Result<Object, LinkError> {
        let mut r = Reader::new(bytes, what);
        let h: Header = r.pod("object header")?;
        if h.magic != OBJECT_MAGIC {
            return Err(r.error("not a T800 object (bad magic)"));
        }
        let version = h.version.get();
        if !(OBJECT_VERSION_MIN..=OBJECT_VERSION).contains(&version) {
            return Err(r.error(format!(
                "object format version {version} is not supported \
                 (expected {OBJECT_VERSION_MIN} to {OBJECT_VERSION})"
            )));
        }
        let n_descriptors = if version >= 2 {
            r.pod::<HeaderV2>("object header")?.n_descriptors.get()
        } else {
            0
        };
        let strings = read_strings(&mut r, h.n_strings.get())?;
        let s = |r: &Reader<'_>, i: U32, ctx: &str| {
            string(r, &strings, i.get(), ctx).map(str::to_string)
        };
        let unit = s(&r, h.unit, "unit name")?;
        let error_mode = ErrorMode::from_code(h.error_mode.get())
            .ok_or_else(|| r.error(format!("unknown error mode {}", h.error_mode.get())))?;
        let host_io = HostIo::from_code(h.host_io.get())
            .ok_or_else(|| r.error(format!("unknown host I/O protocol {}", h.host_io.get())))?;
        let files = r.pods::<U32>(h.n_files.get(), "file table")?;
        let files = files
            .iter()
            .map(|&i| s(&r, i, "file name"))
            .collect::<Result<_, _>>()?;
        let uses = r.pods::<U32>(h.n_uses.get(), "#USE table")?;
        let uses = uses
            .iter()
            .map(|&i| s(&r, i, "#USE name"))
            .collect::<Result<_, _>>()?;
        let syms = r.pods::<SymbolRec>(h.n_symbols.get(), "symbol table")?;
        let calls = r.pods::<CallRec>(h.n_calls.get(), "call table")?;
        let mut symbols = Vec::with_capacity(syms.len());
        for (i, rec) in syms.iter().enumerate() {
            let first = rec.first_call.get() as usize;
            let n = rec.n_calls.get() as usize;
            let my_calls = first
                .checked_add(n)
                .and_then(|end| calls.get(first..end))
                .ok_or_else(|| r.error(format!("symbol {i}: call range out of bounds")))?;
            symbols.push(Symbol {
                name: s(&r, rec.name, "symbol name")?,
                kind: SymbolKind::from_code(rec.kind)
                    .ok_or_else(|| r.error(format!("symbol {i}: unknown kind {}", rec.kind)))?,
                binding: Binding::from_code(rec.binding).ok_or_else(|| {
                    r.error(format!("symbol {i}: unknown binding {}", rec.binding))
                })?,
                label: Label(rec.label.get()),
                ws_own: rec.ws_own.get(),
                vs_own: rec.vs_own.get(),
                calls: my_calls
                    .iter()
                    .map(|c| Call {
                        callee: Label(c.callee.get()),
                        ws_offset: c.ws_offset.get(),
                        vs_offset: c.vs_offset.get(),
                    })
                    .collect(),
            });
        }
        let item_bytes = r.take(h.item_bytes.get() as usize, "item list")?;
        let mut ir = Reader::new(item_bytes, what);
        let items = read_items(&mut ir, h.n_items.get())?;
        ir.finish()?;
        let lines = r
            .pods::<LineRec>(h.n_lines.get(), "line table")?
            .iter()
            .map(|l| LineEntry {
                item: l.item.get(),
                file: l.file.get(),
                line: l.line.get(),
            })
            .collect();
        let descriptors = r
            .pods::<DescriptorRec>(n_descriptors, "descriptor table")?
            .iter()
            .map(|d| {
                Ok(Descriptor {
                    symbol: s(&r, d.symbol, "descriptor symbol")?,
                    header: s(&r, d.header, "descriptor header")?,
                    ws_total: d.ws_total.get(),
                    vs_total: d.vs_total.get(),
                })
            })
            .collect::<Result<_, LinkError>>()?;
        r.finish()?;
        let obj = Object {
            unit,
            error_mode,
            host_io,
            files,
            uses,
            label_count: h.label_count.get(),
            items,
            symbols,
            lines,
            descriptors,
        };
        obj.validate()
            .map_err(|e| LinkError::corrupt(what, e.to_string()))?;
        Ok(obj)
    }

    /// The symbol whose label is `l`, if any.
    pub fn symbol_at(&self, l: Label) -> Option<&Symbol> {
        self.symbols.iter().find(|s| s.label == l)
    }
}
