//! Object format, libraries, linker and boot image format of the T800 toolchain.
//!
//! The flow is `occamc` → [`Object`] (`.tco`) → [`link`] → [`Image`] (`.tbo`) →
//! `transputer`. T800 instruction lengths depend on operand values (`pfix`/`nfix`
//! chains), so an object does not hold final bytes: it holds symbolic code
//! ([`t800_isa::asm::Item`]s with labels local to the unit). Linking merges the item
//! lists of all units, binds each imported symbol's label to the exporting unit's
//! label, puts a generated boot stub in front and runs the one sizing engine
//! ([`t800_isa::asm::assemble`]) over the whole program, so every jump and call across
//! units gets the shortest prefix chain; that is resolution and relocation in one.
//!
//! Workspace is static (occam has no recursion): each PROC records its own need and
//! its call sites, and the linker computes the total along the call graph across
//! units, rejecting cycles.
//!
//! Modules:
//! - [`object`], [`builder`], [`mod@validate`]: the unit format, how the compiler makes one,
//!   and the rules it must satisfy;
//! - [`archive`]: libraries (`.lib`), several objects in one file;
//! - [`resolve`]: choosing library members and binding symbols;
//! - [`workspace`]: workspace and vector space along the call graph;
//! - [`stub`]: the boot stub; [`link()`](link::link): the whole link;
//! - [`image`]: the bootable image (`.tbo`) with symbol and line tables;
//! - [`map`], [`dump`]: human-readable output; [`fixtures`]: hand-built test programs;
//! - [`wire`], [`items`]: byte-level encoding helpers; [`error`]: [`LinkError`].
//!
//! Byte layouts are documented in `docs/object-format.md`.

pub mod archive;
pub mod builder;
pub mod dump;
pub mod error;
pub mod fixtures;
pub mod image;
pub mod items;
pub mod link;
pub mod map;
pub mod object;
pub mod resolve;
pub mod stub;
pub mod validate;
pub mod wire;
pub mod workspace;

pub use archive::Library;
pub use builder::{Frame, ObjectBuilder};
pub use error::LinkError;
pub use image::{Image, ImageLine, ImageSymbol};
pub use link::{link, LinkOptions};
pub use object::{Binding, Call, Descriptor, ErrorMode, LineEntry, Object, Symbol, SymbolKind};
