//! Loading a program file by kind: raw code (`.bin`), assembly (`.s`), a linked
//! image (`.tbo`), or occam source (`.occ`, compiled and linked in-process).
//!
//! This is the one place in the crate that calls the compiler and the linker; the
//! emulator proper only ever sees boot code.

use linker::image::Image;
use linker::object::ErrorMode;
use std::fmt;
use std::path::{Path, PathBuf};
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
    /// The image is malformed or not loadable here.
    Image(String),
    /// The occam compiler reported errors (already printed to stderr).
    Compile,
    /// The linker rejected the compiled program.
    Link(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "{e}"),
            LoadError::UnknownKind(ext) => write!(
                f,
                "unsupported input kind `{ext}` (expected .occ occam source, .tbo linked \
                 image, .bin raw code or .s assembly)"
            ),
            LoadError::Assembly(errs) => write!(f, "{}", errs.join("\n")),
            LoadError::Image(m) => write!(f, "{m}"),
            LoadError::Compile => write!(f, "compilation failed"),
            LoadError::Link(m) => write!(f, "{m}"),
        }
    }
}

/// How to compile an occam source.
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// `#INCLUDE` / `#USE` search directories.
    pub include_dirs: Vec<PathBuf>,
    /// Directories searched for compiled `#USE` libraries (after the source's own
    /// directory and `include_dirs`).
    pub lib_dirs: Vec<PathBuf>,
    /// STOP error mode instead of HALT.
    pub stop_errors: bool,
    /// No usage checking (occ21's `-n`).
    pub no_usage_checks: bool,
    /// No alias checking (occ21's `-a`).
    pub no_alias_checks: bool,
}

/// A program ready to boot: the boot code and, for linked programs, the image that
/// maps code addresses to PROCs and source lines.
pub struct Loaded {
    /// Code loaded at MemStart and started there.
    pub code: Vec<u8>,
    /// The linked image, when there is one.
    pub image: Option<Image>,
}

/// Assembles `text` for loading at MemStart.
pub fn assemble_source(text: &str) -> Result<Vec<u8>, LoadError> {
    assemble_text(text, MEM_START)
        .map(|(a, _)| a.code)
        .map_err(|errs| LoadError::Assembly(errs.iter().map(|e| e.to_string()).collect()))
}

/// Reads `path` and produces the boot code (and image) according to its extension.
pub fn load(path: &Path, opts: &CompileOptions) -> Result<Loaded, LoadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let raw = |code| Loaded { code, image: None };
    match ext.as_str() {
        "bin" => std::fs::read(path).map(raw).map_err(LoadError::Io),
        "s" | "asm" => {
            let text = std::fs::read_to_string(path).map_err(LoadError::Io)?;
            assemble_source(&text).map(raw)
        }
        "tbo" => {
            let bytes = std::fs::read(path).map_err(LoadError::Io)?;
            let image =
                Image::from_bytes(&bytes, "image").map_err(|e| LoadError::Image(e.to_string()))?;
            from_image(image)
        }
        "occ" => from_image(compile_and_link(path, opts)?),
        _ => Err(LoadError::UnknownKind(ext)),
    }
}

/// Compiles an occam source and links it with the default entry (`main`, the
/// compiler's wrapper). Diagnostics go to stderr.
pub fn compile_and_link(path: &Path, opts: &CompileOptions) -> Result<Image, LoadError> {
    let front = occamc::syntax::Options {
        include_dirs: opts.include_dirs.clone(),
        library_dirs: opts.lib_dirs.clone(),
        no_usage_checks: opts.no_usage_checks,
        no_alias_checks: opts.no_alias_checks,
        ..Default::default()
    };
    let unit = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("main")
        .to_string();
    let cg = occamc::codegen::Options {
        unit,
        error_mode: if opts.stop_errors {
            ErrorMode::Stop
        } else {
            ErrorMode::Halt
        },
        library: false,
    };
    let (obj, diags, sources) = occamc::codegen::compile_file(path, &front, &cg);
    for d in &diags {
        d.emit_stderr(&sources);
    }
    let obj = obj.ok_or(LoadError::Compile)?;
    // Compiled `#USE` libraries are linked from where the compiler found them.
    let dirs = path.parent().map(Path::to_path_buf).into_iter();
    let link = linker::LinkOptions {
        lib_dirs: dirs
            .chain(opts.include_dirs.iter().cloned())
            .chain(opts.lib_dirs.iter().cloned())
            .collect(),
        ..Default::default()
    };
    linker::link(&[obj], &link).map_err(|e| LoadError::Link(e.to_string()))
}

/// Boot code of an image: it must load at MemStart, where boot-from-link puts code.
fn from_image(image: Image) -> Result<Loaded, LoadError> {
    if image.origin != MEM_START || image.entry != MEM_START {
        return Err(LoadError::Image(format!(
            "image loads at #{:08X} and starts at #{:08X}; booting from a link needs both at \
             MemStart (#{MEM_START:08X})",
            image.origin, image.entry
        )));
    }
    Ok(Loaded {
        code: image.code.clone(),
        image: Some(image),
    })
}
