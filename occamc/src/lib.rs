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

pub mod diag;
pub mod ir;
pub mod syntax;

pub use syntax::{parse_file, parse_source, Options};
