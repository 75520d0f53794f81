//! What a process does to a variable: one [`Access`] per distinct use.

use super::path::Sub;
use crate::diag::Span;
use crate::ir::{ProcId, VarId};
use crate::sema::fxhash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

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
///
/// Sets are built, merged and scoped at every level of every PROC, so
/// repeats are found without cloning paths: small sets are scanned, larger
/// ones keep a hash index of their entries.
#[derive(Clone, Debug, Default)]
pub struct AccessSet {
    pub list: Vec<Access>,
    /// Hash of an entry's key → index of the latest entry with that hash
    /// (built once the list outgrows [`SCAN_LIMIT`]).
    index: FxHashMap<u64, u32>,
    /// For each entry, the previous entry with the same hash (`u32::MAX`: none).
    chain: Vec<u32>,
    pub inner_reps: Vec<VarId>,
}

/// Sets up to this size are searched by a scan.
const SCAN_LIMIT: usize = 16;
const NONE: u32 = u32::MAX;

/// Two uses are the same use when they reach the same part of the same
/// storage through the same name in the same mode.
fn same(a: &Access, b: &Access) -> bool {
    a.var == b.var && a.root == b.root && a.mode == b.mode && a.path == b.path
}

fn key_hash(a: &Access) -> u64 {
    let mut h = FxHasher::default();
    (a.var, a.root, a.mode, &a.path).hash(&mut h);
    h.finish()
}

impl AccessSet {
    /// Adds a use unless the same use is already there (the first one is kept,
    /// so messages point at the earliest place).
    pub fn add(&mut self, a: Access) {
        if self.list.len() < SCAN_LIMIT {
            if !self.list.iter().any(|b| same(&a, b)) {
                self.list.push(a);
            }
            return;
        }
        if self.chain.len() != self.list.len() {
            self.build_index();
        }
        let h = key_hash(&a);
        let head = self.index.get(&h).copied().unwrap_or(NONE);
        let mut i = head;
        while i != NONE {
            if same(&a, &self.list[i as usize]) {
                return;
            }
            i = self.chain[i as usize];
        }
        self.index.insert(h, self.list.len() as u32);
        self.chain.push(head);
        self.list.push(a);
    }

    fn build_index(&mut self) {
        self.index.clear();
        self.chain.clear();
        for (k, a) in self.list.iter().enumerate() {
            let h = key_hash(a);
            let head = self.index.insert(h, k as u32).unwrap_or(NONE);
            self.chain.push(head);
        }
    }

    pub fn extend(&mut self, mut other: AccessSet) {
        if self.list.is_empty() {
            // Nothing to compare with: take the other set whole.
            std::mem::swap(&mut self.list, &mut other.list);
            std::mem::swap(&mut self.index, &mut other.index);
            std::mem::swap(&mut self.chain, &mut other.chain);
        } else {
            for a in other.list {
                self.add(a);
            }
        }
        self.inner_reps.extend(other.inner_reps);
    }

    /// Forgets variables that go out of scope (`locals`, sorted), and makes
    /// subscripts that mention them unknown (their values differ between
    /// copies).
    pub fn leave_scope(&mut self, locals: &[VarId]) {
        self.leave_scope_from(0, locals);
    }

    /// [`Self::leave_scope`] for the uses added since the set had `mark`
    /// entries. A scope records straight into its parent's set this way
    /// (no set of its own to build and merge): uses from before the scope
    /// cannot name its locals, and a rewritten use that repeats an earlier
    /// one is dropped in favour of it, as a merge would.
    pub fn leave_scope_from(&mut self, mark: usize, locals: &[VarId]) {
        debug_assert!(locals.is_sorted());
        let local = |v: &VarId| locals.binary_search(v).is_ok();
        let touched =
            |a: &Access| local(&a.var) || a.path.iter().any(|s| mentions_in_sub(s, locals));
        if locals.is_empty() || !self.list[mark..].iter().any(touched) {
            return;
        }
        self.unindex_from(mark);
        let old = self.list.split_off(mark);
        for mut a in old {
            if local(&a.var) {
                continue;
            }
            for s in &mut a.path {
                forget_in_sub(s, locals);
            }
            self.add(a);
        }
    }

    /// Takes the entries from `mark` on out of the hash index, latest first
    /// (each is then the head of its chain), so the index stays valid for
    /// the entries before `mark`. (The index covers the first `chain.len()`
    /// entries; entries added by a scan after it are not in it.)
    fn unindex_from(&mut self, mark: usize) {
        if mark == 0 {
            self.index.clear();
            self.chain.clear();
            return;
        }
        for i in (mark..self.chain.len()).rev() {
            let h = key_hash(&self.list[i]);
            match self.chain[i] {
                NONE => self.index.remove(&h),
                prev => self.index.insert(h, prev),
            };
        }
        self.chain.truncate(mark);
    }

    /// The number of entries: a mark for [`Self::leave_scope_from`].
    pub fn mark(&self) -> usize {
        self.list.len()
    }
}

fn mentions(l: &Option<super::linear::Linear>, locals: &[VarId]) -> bool {
    l.as_ref()
        .is_some_and(|l| l.terms.iter().any(|t| locals.binary_search(&t.0).is_ok()))
}

fn mentions_in_sub(s: &Sub, locals: &[VarId]) -> bool {
    match s {
        Sub::Index(l) | Sub::Slice { start: l, .. } => mentions(l, locals),
        Sub::Field(_) => false,
    }
}

fn forget_in_sub(s: &mut Sub, locals: &[VarId]) {
    match s {
        Sub::Index(l) | Sub::Slice { start: l, .. } if mentions(l, locals) => *l = None,
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
        s.leave_scope(&[VarId(2)]);
        assert_eq!(s.list.len(), 3);
        assert_eq!(s.list[2].path, vec![Sub::Index(None)]);
    }

    #[test]
    fn large_sets_use_the_index_and_keep_the_first_use() {
        let mut s = AccessSet::default();
        let sub = |k: i64| vec![Sub::Index(Some(Linear::constant(k)))];
        for round in 0..3 {
            for k in 0..40 {
                let mut a = acc(7, sub(k), Mode::Write);
                a.span = Span::new(crate::diag::FileId(0), round, round);
                s.add(a);
            }
        }
        assert_eq!(s.list.len(), 40);
        assert!(s.list.iter().all(|a| a.span.start == 0), "first use kept");
        // Merging into a non-empty set deduplicates against the index too.
        let mut t = AccessSet::default();
        t.add(acc(8, vec![], Mode::Read));
        t.extend(s.clone());
        t.extend(s);
        assert_eq!(t.list.len(), 41);
        // Subscripts naming a local become unknown and then collapse into one use.
        let mut u = AccessSet::default();
        for k in 0..40 {
            u.add(acc(
                100,
                vec![Sub::Index(Some(Linear::var(VarId(k))))],
                Mode::Read,
            ));
        }
        let locals: Vec<VarId> = (0..40).map(VarId).collect();
        u.leave_scope(&locals);
        assert_eq!(u.list.len(), 1);
        assert_eq!(u.list[0].path, vec![Sub::Index(None)]);
    }

    #[test]
    fn leaving_a_scope_from_a_mark_keeps_the_earlier_uses_indexed() {
        let sub = |k: i64| vec![Sub::Index(Some(Linear::constant(k)))];
        let mut s = AccessSet::default();
        for k in 0..30 {
            s.add(acc(7, sub(k), Mode::Read));
        }
        let mark = s.mark();
        // The scope's uses: a local, an element subscripted by the local
        // (which becomes unknown) and a repeat of an earlier use.
        s.add(acc(50, vec![], Mode::Write));
        s.add(acc(
            7,
            vec![Sub::Index(Some(Linear::var(VarId(50))))],
            Mode::Write,
        ));
        s.add(acc(7, sub(3), Mode::Read));
        s.leave_scope_from(mark, &[VarId(50)]);
        assert_eq!(s.list.len(), 31);
        assert_eq!(s.list[30].path, vec![Sub::Index(None)]);
        // The index still finds the uses before the mark and the new one.
        s.add(acc(7, sub(29), Mode::Read));
        s.add(acc(7, vec![Sub::Index(None)], Mode::Write));
        assert_eq!(s.list.len(), 31);
        s.add(acc(7, sub(30), Mode::Read));
        assert_eq!(s.list.len(), 32);
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
