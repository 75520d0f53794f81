//! occamc: an occam 2.1 compiler for the Inmos T800.
//!
//! Pipeline (one function per stage, called in this order by [`parse_file`]
//! and the driver in `main.rs`):
//!
//! 1. [`syntax::lexer`] — source text to tokens (logos).
//! 2. [`syntax::preprocess`] — `#INCLUDE`, `#IF`/`#DEFINE`, `#USE`, `#PRAGMA`...
//! 3. [`syntax::layout`] — indentation to virtual INDENT/DEDENT/NEWLINE tokens.
//! 4. [`syntax::parser`] — LALRPOP grammar to the spanned [`syntax::ast`].
//! 5. [`sema::check`] — names, types, constants, usage and aliasing, to the
//!    checked [`ir`].
//! 6. [`codegen`] — T800 code from the IR, as an object for the linker.
//!
//! Names are interned ([`intern::Sym`]) from the lexer on.
//!
//! All stages report problems as [`diag::Diagnostic`]s and keep going.

pub mod codegen;
pub mod diag;
pub mod fxhash;
pub mod intern;
pub mod ir;
pub mod sema;
pub mod syntax;

pub use syntax::{parse_file, parse_source, Options};

use std::path::Path;

/// Everything `occamc check` does: parse, then the semantic passes.
/// Returns the tree, all diagnostics sorted by position, and the sources
/// they refer to. The test corpora go through this too.
pub fn check_file(
    path: &Path,
    options: &Options,
) -> (
    Option<syntax::ast::Program>,
    Vec<diag::Diagnostic>,
    diag::SourceMap,
) {
    let checked = check_file_in_full(path, options);
    (checked.tree, checked.diags, checked.sources)
}

/// What [`check_file_in_full`] produces.
pub struct Checked {
    /// The tree, when the file could be read and parsed (perhaps with
    /// recovered syntax errors).
    pub tree: Option<syntax::ast::Program>,
    /// The checked program, when there were no errors.
    pub ir: Option<ir::Program>,
    /// All diagnostics, sorted by position.
    pub diags: Vec<diag::Diagnostic>,
    pub sources: diag::SourceMap,
}

/// [`check_file`], also returning the checked program (so that a caller
/// about to exit can skip freeing it).
pub fn check_file_in_full(path: &Path, options: &Options) -> Checked {
    let (tree, mut diags, sources) = parse_file(path, options);
    let mut ir = None;
    // Semantic checks only on a tree without syntax errors (recovered
    // trees would give follow-on errors).
    if let Some(p) = &tree {
        if !diags.iter().any(diag::Diagnostic::is_error) {
            let (checked, more) =
                sema::check_with(p, &sources, sema::Checks::from_options(options));
            diags.extend(more);
            ir = checked;
        }
    }
    Checked {
        tree,
        ir,
        diags,
        sources,
    }
}
