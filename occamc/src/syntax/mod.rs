//! The syntactic front end: occam source text to a spanned AST.
//!
//! The stages are lexer → preprocess → layout → parser; [`parse_file`] runs
//! them all and is the entry point for the rest of the compiler.

pub mod ast;
pub mod dump;
pub mod layout;
pub mod lexer;
pub mod library;
pub mod limits;
pub mod parser;
pub mod preprocess;

use crate::diag::{self, Diagnostic, FileId, SourceMap, Span};
use std::path::{Path, PathBuf};

/// Front-end options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-I` directories searched for `#INCLUDE` after the including file's
    /// own directory.
    pub include_dirs: Vec<PathBuf>,
    /// Extra `#DEFINE`s (name, optional integer value).
    pub defines: Vec<(String, Option<i64>)>,
    /// `-L` directories searched for compiled `#USE` libraries (`.lib`, `.tco`)
    /// after the using file's directory and the `-I` directories.
    pub library_dirs: Vec<PathBuf>,
    /// occ21's `-n`: no usage checking (PAR rules and channel directions).
    pub no_usage_checks: bool,
    /// occ21's `-a`: no alias checking (abbreviations, parameters, multiple
    /// assignment, counted input).
    pub no_alias_checks: bool,
}

/// Parses source text already added to `sources` as `file`. `path` is
/// where relative `#INCLUDE`s are looked up first (none for in-memory text).
pub fn parse_in(
    sources: &mut SourceMap,
    file: FileId,
    path: Option<&Path>,
    options: &Options,
) -> (Option<ast::Program>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Tokens stream from the preprocessor through layout into the parser.
    let mut pp = preprocess::Preprocessor::new(sources, file, path, options);
    let mut tokens = layout::Layout::new(&mut pp);
    let parsed = parser::parse(&mut tokens, &mut diags);
    diags.append(&mut tokens.into_diagnostics());
    let imports = pp.take_imports();
    let (uses, directives, mut pp_diags) = pp.finish();
    diags.append(&mut pp_diags);
    diag::sort(&mut diags);
    let program = parsed.map(|(specs, main, node_count)| ast::Program {
        specs,
        main,
        uses,
        directives,
        node_count,
        imports,
    });
    (program, diags)
}

/// Parses in-memory source text named `name` (includes are searched in the
/// `-I` directories and the current directory).
pub fn parse_source(
    name: &str,
    text: &str,
    options: &Options,
) -> (Option<ast::Program>, Vec<Diagnostic>, SourceMap) {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let (program, diags) = parse_in(&mut sources, file, None, options);
    (program, diags, sources)
}

/// Code of the diagnostic for an unreadable main file (the driver maps it
/// to exit status 2).
pub const READ_ERROR: &str = "E0200";

/// Loads the main file into a fresh source map, or reports why it cannot.
fn load(path: &Path) -> (SourceMap, Result<FileId, Diagnostic>) {
    let mut sources = SourceMap::new();
    match std::fs::read(path) {
        Ok(bytes) => {
            // Valid UTF-8 (the usual case) is taken as it is, without a copy.
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            let file = sources.add(path.display().to_string(), text);
            (sources, Ok(file))
        }
        Err(e) => {
            let file = sources.add(path.display().to_string(), "");
            let d = Diagnostic::error(
                READ_ERROR,
                Span::new(file, 0, 0),
                format!("cannot read {}: {e}", path.display()),
            );
            (sources, Err(d))
        }
    }
}

/// Reads and parses the file at `path` with everything it includes. An
/// unreadable file is reported as a [`READ_ERROR`] diagnostic.
pub fn parse_file(
    path: &Path,
    options: &Options,
) -> (Option<ast::Program>, Vec<Diagnostic>, SourceMap) {
    match load(path) {
        (mut sources, Ok(file)) => {
            let (program, diags) = parse_in(&mut sources, file, Some(path), options);
            (program, diags, sources)
        }
        (sources, Err(d)) => (None, vec![d], sources),
    }
}

/// The token stream the parser would see for the file at `path` (for
/// `--emit tokens`), with the diagnostics of lexing, preprocessing and layout.
pub fn tokens_file(
    path: &Path,
    options: &Options,
) -> (Vec<layout::Triple>, Vec<Diagnostic>, SourceMap) {
    match load(path) {
        (mut sources, Ok(file)) => {
            let mut diags = Vec::new();
            let pp = preprocess::preprocess(&mut sources, file, Some(path), options, &mut diags);
            let tokens = layout::layout(pp.tokens, &mut diags);
            diag::sort(&mut diags);
            (tokens, diags, sources)
        }
        (sources, Err(d)) => (Vec::new(), vec![d], sources),
    }
}
