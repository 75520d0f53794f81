//! What a process does to a variable: one [`Access`] per distinct use.

use super::path::Sub;
use crate::diag::Span;
use crate::ir::{ProcId, VarId};
use std::collections::HashSet;

/// Kind of use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Read,
    /// Assignment, input into, or passing to a written reference parameter.
    Write,
    /// Channel (or port) input.
    Input,
    /// Channel (or port) output.
    Output,
}

impl Mode {
    /// True when two uses of the same storage in parallel break the rules.
    pub fn conflicts(self, other: Mode) -> bool {
        matches!(
            (self, other),
            (Mode::Write, Mode::Write | Mode::Read)
                | (Mode::Read, Mode::Write)
                | (Mode::Input, Mode::Input)
                | (Mode::Output, Mode::Output)
        )
    }
}

/// How the use arises (for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// Written in the source here.
    Direct,
    /// The target of a channel, timer or port input.
    InputInto,
    /// Inside a called PROC or FUNCTION (through a parameter or as a free variable).
    Call(ProcId),
}

/// One use of (part of) a variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Access {
    /// The variable whose storage is used (abbreviations resolved).
    pub var: VarId,
    /// The name written in the source (an abbreviation, or `var` itself).
    pub root: VarId,
    /// Which part of `var`.
    pub path: Vec<Sub>,
    pub mode: Mode,
    pub via: Via,
    pub span: Span,
}

/// The uses of a process, without repeats, plus the replicators it declares
/// (which take different values in different copies of a branch).
#[derive(Clone, Debug, Default)]
pub struct AccessSet {
    pub list: Vec<Access>,
    seen: HashSet<(VarId, VarId, Mode, Vec<Sub>)>,
    pub inner_reps: Vec<VarId>,
}

impl AccessSet {
    /// Adds a use unless the same use is already there (the first one is kept,
    /// so messages point at the earliest place).
    pub fn add(&mut self, a: Access) {
        if self.seen.insert((a.var, a.root, a.mode, a.path.clone())) {
            self.list.push(a);
        }
    }

    pub fn extend(&mut self, other: AccessSet) {
        for a in other.list {
            self.add(a);
        }
        self.inner_reps.extend(other.inner_reps);
    }

    /// Forgets variables that go out of scope, and makes subscripts that
    /// mention them unknown (their values differ between copies).
    pub fn leave_scope(&mut self, locals: &HashSet<VarId>) {
        if locals.is_empty() {
            return;
        }
        let old = std::mem::take(&mut self.list);
        self.seen.clear();
        for mut a in old {
            if locals.contains(&a.var) {
                continue;
            }
            for s in &mut a.path {
                forget_in_sub(s, locals);
            }
            self.add(a);
        }
    }
}

fn forget_in_sub(s: &mut Sub, locals: &HashSet<VarId>) {
    let mentions = |l: &Option<super::linear::Linear>| {
        l.as_ref()
            .is_some_and(|l| l.terms.iter().any(|t| locals.contains(&t.0)))
    };
    match s {
        Sub::Index(l) if mentions(l) => *l = None,
        Sub::Slice { start, .. } if mentions(start) => *start = None,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sema::usage::linear::Linear;

    fn acc(var: u32, path: Vec<Sub>, mode: Mode) -> Access {
        Access {
            var: VarId(var),
            root: VarId(var),
            path,
            mode,
            via: Via::Direct,
            span: Span::default(),
        }
    }

    #[test]
    fn repeats_are_dropped_and_locals_forgotten() {
        let mut s = AccessSet::default();
        s.add(acc(1, vec![], Mode::Read));
        s.add(acc(1, vec![], Mode::Read));
        s.add(acc(1, vec![], Mode::Write));
        s.add(acc(2, vec![], Mode::Write));
        s.add(acc(
            3,
            vec![Sub::Index(Some(Linear::var(VarId(2))))],
            Mode::Write,
        ));
        assert_eq!(s.list.len(), 4);
        s.leave_scope(&HashSet::from([VarId(2)]));
        assert_eq!(s.list.len(), 3);
        assert_eq!(s.list[2].path, vec![Sub::Index(None)]);
    }

    #[test]
    fn mode_conflicts() {
        assert!(Mode::Write.conflicts(Mode::Read));
        assert!(Mode::Read.conflicts(Mode::Write));
        assert!(!Mode::Read.conflicts(Mode::Read));
        assert!(Mode::Input.conflicts(Mode::Input));
        assert!(!Mode::Input.conflicts(Mode::Output));
    }
}
