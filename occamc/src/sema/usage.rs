//! Usage checking: what parallel processes may share.
//!
//! occam proves at compile time that parallel processes never race: in a PAR
//! (PRI PAR, replicated PAR, PLACED PAR) nothing assigned or input in one
//! branch is read or written in another, and each channel has at most one
//! inputting and one outputting branch. A called PROC counts as the uses it
//! makes of its parameters and free variables. Array elements are told apart
//! when their subscripts are constants or linear in replicator indices; for a
//! replicated PAR the colliding iterations are named. Inside one PROC a
//! channel parameter or free channel carries data one way only.
//!
//! Layout: [`linear`] (subscript forms), [`path`] (which storage a use
//! reaches; overlap), [`solve`] (the integer solver behind overlap),
//! [`access`] (uses), [`collect`] (the declarations found before the walk),
//! [`walk`] (the walk and per-PROC summaries, shared with
//! [`crate::sema::alias`] and [`crate::sema::purity`]), [`par`] (the rules),
//! [`text`] (wording).

pub mod access;
pub mod collect;
pub mod linear;
pub mod par;
pub mod path;
pub mod solve;
pub mod text;
pub mod walk;

#[cfg(test)]
pub(crate) mod build;
#[cfg(test)]
mod tests;

use crate::diag::Diagnostic;
use crate::ir::Program;
use walk::{Analysis, Checks};

/// Checks the PAR usage rules and channel directions of a whole program.
pub fn check_usage(p: &Program) -> Vec<Diagnostic> {
    let mut an = Analysis::for_run(
        p,
        Checks {
            usage: true,
            alias: false,
        },
    );
    an.run();
    an.diags
}

/// Usage and alias rules in one walk.
pub fn check_usage_and_aliases(p: &Program) -> Vec<Diagnostic> {
    analyse(p).diags
}

/// Runs the usage and alias rules in one walk and returns the analysis (its
/// diagnostics and per-PROC summaries, which the FUNCTION rules reuse).
pub fn analyse(p: &Program) -> Analysis<'_> {
    let mut an = Analysis::for_run(
        p,
        Checks {
            usage: true,
            alias: true,
        },
    );
    an.run();
    an
}

/// [`analyse`] with the rule families `checks` leaves on, whose walk also
/// finds the W0503 warnings of [`crate::sema::warnings::read_before_assign`]
/// (in `unset_reads`).
pub fn analyse_with_unset_reads(p: &Program, checks: Checks) -> Analysis<'_> {
    let mut an = Analysis::for_run(p, checks);
    an.unset_reads();
    an.run();
    an
}
