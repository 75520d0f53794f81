//! occamc: an occam 2.1 compiler for the Inmos T800.
//!
//! Pipeline (one function per stage, called in this order by [`parse_file`]
//! and the driver in `main.rs`):
//!
//! 1. [`syntax::lexer`] — source text to tokens (logos).
//! 2. [`syntax::preprocess`] — `#INCLUDE`, `#IF`/`#DEFINE`, `#USE`, `#PRAGMA`...
//! 3. [`syntax::layout`] — indentation to virtual INDENT/DEDENT/NEWLINE tokens.
//! 4. [`syntax::parser`] — LALRPOP grammar to the spanned [`syntax::ast`].
//! 5. semantic checks (`sema`, to be added) — names, types, usage.
//! 6. code generation (`codegen`, to be added).
//!
//! All stages report problems as [`diag::Diagnostic`]s and keep going.

pub mod codegen;
pub mod diag;
pub mod ir;
pub mod sema;
pub mod syntax;

pub use syntax::{parse_file, parse_source, Options};

use std::path::Path;

/// Everything `occamc check` does: parse, then (once they exist) the
/// semantic passes. Returns the tree, all diagnostics sorted by position,
/// and the sources they refer to. The test corpora go through this too.
pub fn check_file(
    path: &Path,
    options: &Options,
) -> (
    Option<syntax::ast::Program>,
    Vec<diag::Diagnostic>,
    diag::SourceMap,
) {
    let (program, mut diags, sources) = parse_file(path, options);
    // Semantic checks only on a tree without syntax errors (recovered
    // trees would give follow-on errors).
    if let Some(p) = &program {
        if !diags.iter().any(diag::Diagnostic::is_error) {
            diags.extend(sema::check(p, &sources).1);
        }
    }
    (program, diags, sources)
}
