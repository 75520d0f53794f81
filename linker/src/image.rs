//! The bootable image format (`.tbo`): code for one transputer with its load address,
//! memory needs, and the symbol and line tables that let the emulator name the PROC
//! and source line of any code address.
//!
//! The file is a file header (magic, version, node count) followed by one node
//! section per processor. Version 1 holds exactly one node; the node count is there so
//! that a multi-node (network) image can add sections without changing the layout of
//! the first (see `docs/object-format.md`, "Networks").

use crate::error::LinkError;
use crate::object::{ErrorMode, HostIo, SymbolKind};
use crate::wire::{put, read_strings, string, Reader, StringTable, U32};
use bytemuck::{Pod, Zeroable};

/// First four bytes of an image file.
pub const IMAGE_MAGIC: [u8; 4] = *b"T8BI";
/// Image format version written and accepted.
pub const IMAGE_VERSION: u32 = 1;

/// A PROC, FUNCTION or data symbol placed in the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSymbol {
    /// Its name.
    pub name: String,
    /// The unit that defines it.
    pub unit: String,
    /// What it is.
    pub kind: SymbolKind,
    /// Visible to other units (else local to its unit).
    pub exported: bool,
    /// First byte address.
    pub start: u32,
    /// Address after its last byte.
    pub end: u32,
    /// Total workspace words below its entry Wptr, callees included (0 for data).
    pub ws_total: u32,
    /// Total vector-space bytes, callees included (0 for data).
    pub vs_total: u32,
}

/// A line-table row: code from `addr` up to the next row comes from `file`:`line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageLine {
    /// Code address.
    pub addr: u32,
    /// Index into [`Image::files`].
    pub file: u32,
    /// 1-based source line; 0 means "no source position" (e.g. the boot stub or a
    /// unit without a line table), and `file` is then meaningless.
    pub line: u32,
}

/// A linked program for one transputer.
///
/// Memory from `origin` upwards: code (`code.len()` bytes, a multiple of 4), then the
/// workspace area `[ws_top + 4 - ws_bytes, ws_top + 4)` (the boot stub's Wptr is
/// `ws_top`, its W[0] the area's last word), then vector space
/// `[vs_base, vs_base + vs_bytes)`; `mem_bytes` covers all three.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Load address of `code[0]` (MemStart).
    pub origin: u32,
    /// Where execution starts (the boot stub).
    pub entry: u32,
    /// The code bytes.
    pub code: Vec<u8>,
    /// Bytes of memory needed from `origin`.
    pub mem_bytes: u32,
    /// Wptr the boot stub sets before calling the entry PROC.
    pub ws_top: u32,
    /// Size of the workspace area (ending with the word at `ws_top`).
    pub ws_bytes: u32,
    /// Start of vector space (passed to the entry PROC in A).
    pub vs_base: u32,
    /// Size of vector space.
    pub vs_bytes: u32,
    /// The error mode the boot stub sets.
    pub error_mode: ErrorMode,
    /// How the program uses the host link (raw bytes or the occam harness's frames).
    pub host_io: HostIo,
    /// Source file names.
    pub files: Vec<String>,
    /// Symbols, in address order.
    pub symbols: Vec<ImageSymbol>,
    /// Line table, in address order.
    pub lines: Vec<ImageLine>,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct FileHeader {
    magic: [u8; 4],
    version: U32,
    n_nodes: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct NodeHeader {
    node: U32,
    origin: U32,
    entry: U32,
    code_len: U32,
    mem_bytes: U32,
    ws_top: U32,
    ws_bytes: U32,
    vs_base: U32,
    vs_bytes: U32,
    error_mode: U32,
    host_io: U32,
    n_strings: U32,
    n_files: U32,
    n_symbols: U32,
    n_lines: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct SymbolRec {
    name: U32,
    unit: U32,
    kind: u8,
    exported: u8,
    reserved: [u8; 2],
    start: U32,
    end: U32,
    ws_total: U32,
    vs_total: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct LineRec {
    addr: U32,
    file: U32,
    line: U32,
}

impl Image {
    /// Address after the last code byte.
    pub fn code_end(&self) -> u32 {
        self.origin.wrapping_add(self.code.len() as u32)
    }

    /// The source position of the code at `addr`: the last line row at or below it
    /// (none if that row has line 0).
    pub fn line_at(&self, addr: u32) -> Option<(&str, u32)> {
        if addr < self.origin || addr >= self.code_end() {
            return None;
        }
        let i = self.lines.partition_point(|l| l.addr <= addr);
        let l = self.lines.get(i.checked_sub(1)?)?;
        if l.line == 0 {
            return None;
        }
        Some((self.files.get(l.file as usize)?.as_str(), l.line))
    }

    /// The symbol whose code range holds `addr`.
    pub fn symbol_at(&self, addr: u32) -> Option<&ImageSymbol> {
        self.symbols
            .iter()
            .find(|s| s.start <= addr && addr < s.end)
    }

    /// Serializes the image.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut strings = StringTable::default();
        let files: Vec<U32> = self
            .files
            .iter()
            .map(|f| strings.intern(f).into())
            .collect();
        let syms: Vec<SymbolRec> = self
            .symbols
            .iter()
            .map(|s| SymbolRec {
                name: strings.intern(&s.name).into(),
                unit: strings.intern(&s.unit).into(),
                kind: s.kind.code(),
                exported: s.exported as u8,
                reserved: [0; 2],
                start: s.start.into(),
                end: s.end.into(),
                ws_total: s.ws_total.into(),
                vs_total: s.vs_total.into(),
            })
            .collect();
        let lines: Vec<LineRec> = self
            .lines
            .iter()
            .map(|l| LineRec {
                addr: l.addr.into(),
                file: l.file.into(),
                line: l.line.into(),
            })
            .collect();
        let mut out = Vec::new();
        put(
            &mut out,
            &FileHeader {
                magic: IMAGE_MAGIC,
                version: IMAGE_VERSION.into(),
                n_nodes: 1.into(),
            },
        );
        put(
            &mut out,
            &NodeHeader {
                node: 0.into(),
                origin: self.origin.into(),
                entry: self.entry.into(),
                code_len: (self.code.len() as u32).into(),
                mem_bytes: self.mem_bytes.into(),
                ws_top: self.ws_top.into(),
                ws_bytes: self.ws_bytes.into(),
                vs_base: self.vs_base.into(),
                vs_bytes: self.vs_bytes.into(),
                error_mode: self.error_mode.code().into(),
                host_io: self.host_io.code().into(),
                n_strings: strings.len().into(),
                n_files: (files.len() as u32).into(),
                n_symbols: (syms.len() as u32).into(),
                n_lines: (lines.len() as u32).into(),
            },
        );
        out.extend_from_slice(&self.code);
        out.extend_from_slice(&strings.to_bytes());
        out.extend_from_slice(bytemuck::cast_slice(&files));
        out.extend_from_slice(bytemuck::cast_slice(&syms));
        out.extend_from_slice(bytemuck::cast_slice(&lines));
        out
    }

    /// Parses and checks an image; `what` names the input in errors.
    pub fn from_bytes(bytes: &[u8], what: &str) -> Result<Image, LinkError> {
        let mut r = Reader::new(bytes, what);
        let fh: FileHeader = r.pod("image header")?;
        if fh.magic != IMAGE_MAGIC {
            return Err(r.error("not a T800 boot image (bad magic)"));
        }
        if fh.version.get() != IMAGE_VERSION {
            return Err(r.error(format!(
                "image format version {} is not supported (expected {IMAGE_VERSION})",
                fh.version.get()
            )));
        }
        if fh.n_nodes.get() != 1 {
            return Err(r.error(format!(
                "image holds {} nodes; version {IMAGE_VERSION} images hold exactly one",
                fh.n_nodes.get()
            )));
        }
        let h: NodeHeader = r.pod("node header")?;
        if h.node.get() != 0 {
            return Err(r.error(format!(
                "single-node image has node number {}",
                h.node.get()
            )));
        }
        let code = r.take(h.code_len.get() as usize, "code")?.to_vec();
        let strings = read_strings(&mut r, h.n_strings.get())?;
        let s = |r: &Reader<'_>, i: U32, ctx: &str| {
            string(r, &strings, i.get(), ctx).map(str::to_string)
        };
        let files = r.pods::<U32>(h.n_files.get(), "file table")?;
        let files = files
            .iter()
            .map(|&i| s(&r, i, "file name"))
            .collect::<Result<_, _>>()?;
        let syms = r.pods::<SymbolRec>(h.n_symbols.get(), "symbol table")?;
        let mut symbols = Vec::with_capacity(syms.len());
        for (i, rec) in syms.iter().enumerate() {
            symbols.push(ImageSymbol {
                name: s(&r, rec.name, "symbol name")?,
                unit: s(&r, rec.unit, "unit name")?,
                kind: SymbolKind::from_code(rec.kind)
                    .ok_or_else(|| r.error(format!("symbol {i}: unknown kind {}", rec.kind)))?,
                exported: match rec.exported {
                    0 => false,
                    1 => true,
                    x => return Err(r.error(format!("symbol {i}: bad exported flag {x}"))),
                },
                start: rec.start.get(),
                end: rec.end.get(),
                ws_total: rec.ws_total.get(),
                vs_total: rec.vs_total.get(),
            });
        }
        let lines = r
            .pods::<LineRec>(h.n_lines.get(), "line table")?
            .iter()
            .map(|l| ImageLine {
                addr: l.addr.get(),
                file: l.file.get(),
                line: l.line.get(),
            })
            .collect();
        r.finish()?;
        let image = Image {
            origin: h.origin.get(),
            entry: h.entry.get(),
            code,
            mem_bytes: h.mem_bytes.get(),
            ws_top: h.ws_top.get(),
            ws_bytes: h.ws_bytes.get(),
            vs_base: h.vs_base.get(),
            vs_bytes: h.vs_bytes.get(),
            error_mode: ErrorMode::from_code(h.error_mode.get())
                .ok_or_else(|| r.error(format!("unknown error mode {}", h.error_mode.get())))?,
            host_io: HostIo::from_code(h.host_io.get())
                .ok_or_else(|| r.error(format!("unknown host I/O protocol {}", h.host_io.get())))?,
            files,
            symbols,
            lines,
        };
        image.check().map_err(|m| r.error(m))?;
        Ok(image)
    }

    /// The layout rules: everything inside the memory the image claims, tables in
    /// order and pointing at real code and files.
    fn check(&self) -> Result<(), String> {
        let o = self.origin as u64;
        let code_end = o + self.code.len() as u64;
        let mem_end = o + self.mem_bytes as u64;
        if mem_end > 1 << 32 {
            return Err("memory extends past the top of the address space".into());
        }
        if code_end > mem_end {
            return Err("code is larger than the memory the image claims".into());
        }
        if !(o..code_end).contains(&(self.entry as u64)) {
            return Err(format!("entry #{:08X} is outside the code", self.entry));
        }
        let ws_end = self.ws_top as u64 + 4;
        let misplaced = ws_end < code_end + self.ws_bytes as u64 || ws_end > mem_end;
        if misplaced || self.ws_top & 3 != 0 {
            return Err(format!("workspace top #{:08X} is misplaced", self.ws_top));
        }
        if (self.vs_base as u64) < ws_end || self.vs_base as u64 + self.vs_bytes as u64 > mem_end {
            return Err(format!("vector space #{:08X} is misplaced", self.vs_base));
        }
        for sym in &self.symbols {
            if sym.start > sym.end || (sym.start as u64) < o || sym.end as u64 > code_end {
                return Err(format!("symbol `{}` lies outside the code", sym.name));
            }
        }
        let mut last: Option<u64> = None;
        for (k, l) in self.lines.iter().enumerate() {
            let a = l.addr as u64;
            let bad_file = l.line != 0 && l.file as usize >= self.files.len();
            if a < o || a >= code_end || last.is_some_and(|p| a <= p) || bad_file {
                return Err(format!("line row {k} is out of order or points outside"));
            }
            last = Some(a);
        }
        Ok(())
    }
}
