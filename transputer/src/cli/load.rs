//! Loading a program file by kind. Today: raw code (`.bin`) and assembly (`.s`);
//! further kinds (linked images, occam sources) slot in as more match arms.

use std::fmt;
use std::path::Path;
use t800_isa::asm::parse::assemble_text;
use t800_isa::consts::MEM_START;

/// Why a program could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The extension names no supported kind.
    UnknownKind(String),
    /// The assembler rejected the source (one message per error).
    Assembly(Vec<String>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "{e}"),
            LoadError::UnknownKind(ext) => write!(
                f,
                "unsupported input kind `{ext}` (expected .bin raw code or .s assembly)"
            ),
            LoadError::Assembly(errs) => write!(f, "{}", errs.join("\n")),
        }
    }
}

/// Assembles `text` for loading at MemStart.
pub fn assemble_source(text: &str) -> Result<Vec<u8>, LoadError> {
    assemble_text(text, MEM_START)
        .map(|(a, _)| a.code)
        .map_err(|errs| LoadError::Assembly(errs.iter().map(|e| e.to_string()).collect()))
}

/// Reads `path` and produces the boot code according to its extension.
pub fn load_program(path: &Path) -> Result<Vec<u8>, LoadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "bin" => std::fs::read(path).map_err(LoadError::Io),
        "s" | "asm" => {
            let text = std::fs::read_to_string(path).map_err(LoadError::Io)?;
            assemble_source(&text)
        }
        _ => Err(LoadError::UnknownKind(ext)),
    }
}
