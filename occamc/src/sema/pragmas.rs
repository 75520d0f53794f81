//! `#PRAGMA` directives that change checking (KRoC's escape hatches):
//! * `#PRAGMA SHARED name [, name]` turns usage checking off for a variable
//!   or channel that the program shares between parallel processes on
//!   purpose (guarded by its own protocol, e.g. a semaphore or a shared
//!   channel claimed in turn);
//! * `#PRAGMA PERMITALIASES name [, name]` turns alias checking off for a
//!   variable (abbreviations, parameters, multiple assignment and counted
//!   input may then name it twice).
//!
//! Each name denotes the nearest variable of that name declared before the
//! directive in the same file (the directive follows the declaration, as in
//! KRoC). A name with no such declaration gets a warning: the pragma would do
//! nothing. Other pragmas are kept in the program for later tools and are not
//! interpreted.

use crate::diag::Diagnostic;
use crate::ir::{self, VarId};
use crate::syntax::ast::{self, DirectiveKind};

/// A `#PRAGMA SHARED` or `PERMITALIASES` name that denotes no variable
/// declared before it.
pub const SHARED_NOTHING: &str = "W0504";

/// The variables named by `#PRAGMA SHARED` directives, sorted, without repeats.
pub fn shared(
    program: &ast::Program,
    prog: &ir::Program,
    diags: &mut Vec<Diagnostic>,
) -> Vec<VarId> {
    named_variables(program, prog, "SHARED", diags)
}

/// The variables named by `#PRAGMA PERMITALIASES` directives, sorted,
/// without repeats.
pub fn permit_aliases(
    program: &ast::Program,
    prog: &ir::Program,
    diags: &mut Vec<Diagnostic>,
) -> Vec<VarId> {
    named_variables(program, prog, "PERMITALIASES", diags)
}

/// The variables named by the `#PRAGMA pragma` directives.
fn named_variables(
    program: &ast::Program,
    prog: &ir::Program,
    pragma: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<VarId> {
    let mut out = Vec::new();
    for d in &program.directives {
        if d.kind != DirectiveKind::Pragma {
            continue;
        }
        let Some(rest) = d.text.strip_prefix(pragma) else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            continue; // another pragma whose name starts with this one's
        }
        for name in rest.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let found = prog
                .vars
                .iter()
                .enumerate()
                .filter(|(_, v)| {
                    v.name == name && v.span.file == d.span.file && v.span.start < d.span.start
                })
                .max_by_key(|(_, v)| v.span.start);
            match found {
                Some((i, _)) => out.push(VarId(i as u32)),
                None => diags.push(
                    Diagnostic::warning(
                        SHARED_NOTHING,
                        d.span,
                        format!("`#PRAGMA {pragma} {name}`: no variable or channel `{name}` is declared before it"),
                    )
                    .with_help("put the pragma after the declaration it refers to"),
                ),
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
