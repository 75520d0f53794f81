//! Semantic analysis: from the parsed AST to the checked IR ([`crate::ir`]).
//!
//! The passes run in this order (see [`check`]):
//!
//! 1. [`resolve`] — scopes: which declaration every name denotes (E05xx).
//!    It runs inside `lower`, one outer-level item ahead of it, so that an
//!    item's tree is still in the cache when lowering walks it again.
//! 2. `lower` — elaboration: one walk in declaration order that type-checks
//!    ([`types`], E06xx), folds constants ([`consts`], E07xx), checks every
//!    `!` and `?` against its protocol (E08xx) and builds the [`ir::Program`]
//!    (hoisted PROCs with free variables, record layouts, protocols).
//! 3. [`interface`] — routines of compiled libraries become imports; after the
//!    checks, the routines a library unit exports. [`pragmas`] —
//!    the variables `#PRAGMA SHARED` exempts from usage checking and
//!    `#PRAGMA PERMITALIASES` from alias checking.
//! 4. [`warnings`] — unused names and reads before any assignment (W05xx;
//!    the reads are found during the usage walk when that runs).
//!
//! The program is returned only when no pass reported an error, so code
//! generation only ever sees a well-typed program.

pub mod alias;
pub mod consts;
// The hasher moved to the crate root (the lexer interns names with it).
pub use crate::fxhash;
pub mod interface;
pub mod intrinsics;
mod lower;
pub mod placement;
pub mod pragmas;
pub mod purity;
pub mod resolve;
pub mod types;
pub mod usage;
pub mod warnings;

use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::ir;
use crate::syntax::ast;
pub use usage::walk::Checks;

/// Checks a parsed program with every rule. Returns the checked IR (when
/// there are no errors) and every diagnostic, sorted by position.
pub fn check(
    program: &ast::Program,
    sources: &SourceMap,
) -> (Option<ir::Program>, Vec<Diagnostic>) {
    check_with(program, sources, Checks::ALL)
}

/// [`check`] with the usage and alias rule families `checks` leaves on
/// (occ21's `-n` and `-a` switches turn them off).
pub fn check_with(
    program: &ast::Program,
    sources: &SourceMap,
    checks: Checks,
) -> (Option<ir::Program>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let main_name = main_name(sources);
    // Name resolution runs inside lowering, one outer-level item ahead.
    let (mut prog, res) = lower::lower(program, &main_name, &mut diags);
    // Routines of compiled libraries keep their declarations, not their bodies.
    interface::mark_imports(program, &mut prog);
    prog.shared = pragmas::shared(program, &prog, &mut diags);
    prog.permit_aliases = pragmas::permit_aliases(program, &prog, &mut diags);
    // Usage, alias, FUNCTION and placement rules (E09xx) trust a well-typed IR.
    let mut unset_reads = None;
    if !diags.iter().any(Diagnostic::is_error) {
        // One walk serves the usage, alias and FUNCTION rules and W0503.
        let mut an = usage::analyse_with_unset_reads(&prog, checks);
        unset_reads = an.unset_reads.take();
        diags.append(&mut an.diags);
        diags.extend(purity::check_function_purity_in(&an));
        // The walk met every PLACED PAR: without one, skip placement's search.
        if an.saw_placed_par {
            diags.extend(placement::check_placement(&prog));
        }
        let exports = interface::exports(program, &mut an);
        prog.exports = exports;
    }
    // Unused-name warnings only for programs without errors: a failed
    // declaration or use would make them noise.
    if !diags.iter().any(Diagnostic::is_error) {
        warnings::unused(&res, &prog, &mut diags);
    }
    match unset_reads {
        Some(mut found) => diags.append(&mut found),
        None => warnings::read_before_assign(&prog, &mut diags),
    }
    crate::diag::sort(&mut diags);
    crate::diag::drop_repeats(&mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(prog), diags)
}

/// The name of the PROC made from an occam-2-style outer process: the main
/// file's stem.
fn main_name(sources: &SourceMap) -> String {
    if sources.is_empty() {
        return "main".into();
    }
    let name = sources.name(FileId(0));
    let stem = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("main");
    if stem.is_empty() {
        "main".into()
    } else {
        stem.to_string()
    }
}
