//! The PAR rules: no storage written in one branch and used in another, at
//! most one inputting and one outputting branch per channel, and no channel
//! parameter used in both directions inside one PROC.

use super::access::{Access, AccessSet, Mode};
use super::path::{overlap, Class, Overlap, Side, Sub};
use super::text;
use super::walk::Analysis;
use crate::diag::Diagnostic;
use crate::ir::{ProcId, Replicator, Type, VarId};
use crate::sema::fxhash::FxHashMap;
use std::collections::HashSet;

const PROVABLE: &str =
    "subscripts are proven different when they are constants or linear in replicator indices";

/// True when some pair of these uses can break a rule: without a write and
/// without two inputs or two outputs there is nothing to compare (this keeps
/// a variable read by thousands of branches linear).
fn may_conflict(uses: &[(usize, &Access)]) -> bool {
    let count = |m: Mode| uses.iter().filter(|u| u.1.mode == m).count();
    count(Mode::Write) > 0 || count(Mode::Input) > 1 || count(Mode::Output) > 1
}

fn is_chan(a: &Access) -> bool {
    matches!(a.mode, Mode::Input | Mode::Output)
}

/// Groups uses by variable (in id order, so reports are deterministic;
/// within a variable, in branch and then set order). One sorted vector
/// rather than a map of vectors: this runs for every PAR and every PROC.
/// Iterate the groups with [`groups`].
fn by_var<'a>(sets: &[&'a AccessSet]) -> Vec<(usize, &'a Access)> {
    let mut all: Vec<(usize, &Access)> = Vec::new();
    for (b, s) in sets.iter().enumerate() {
        all.extend(s.list.iter().map(|a| (b, a)));
    }
    // Stable: each variable's uses keep their order.
    all.sort_by_key(|u| u.1.var);
    all
}

/// The uses of each variable in turn, from [`by_var`].
fn groups<'s, 'a>(
    all: &'s [(usize, &'a Access)],
) -> impl Iterator<Item = &'s [(usize, &'a Access)]> {
    all.chunk_by(|x, y| x.1.var == y.1.var)
}

/// Orders a conflicting pair so the first is the write, or the later of two
/// writes (the second one is where the rule is broken).
fn primary_first<'a>(a: &'a Access, b: &'a Access) -> (&'a Access, &'a Access) {
    if a.mode == Mode::Read {
        (b, a)
    } else if b.mode == Mode::Read || b.span.start < a.span.start {
        (a, b)
    } else {
        (b, a)
    }
}

/// Checks the branches of a PAR (or the processors of a PLACED PAR).
pub fn check_par(an: &Analysis, sets: &[AccessSet]) -> Vec<Diagnostic> {
    let refs: Vec<&AccessSet> = sets.iter().collect();
    let inner: HashSet<VarId> = sets
        .iter()
        .flat_map(|s| s.inner_reps.iter().copied())
        .collect();
    let classify = |v: VarId| {
        if inner.contains(&v) {
            Class::Copy(an.reps.get(&v).copied().flatten())
        } else {
            Class::Shared
        }
    };
    let mut out = Vec::new();
    for uses in groups(&by_var(&refs)) {
        if !may_conflict(uses) {
            continue;
        }
        // With constant paths only uses of the same element can clash;
        // otherwise every pair is a candidate (one bucket).
        let (bucket, members) = constant_buckets(uses)
            .unwrap_or_else(|| (vec![0; uses.len()], vec![(0..uses.len()).collect()]));
        'pairs: for (x, &(bx, a)) in uses.iter().enumerate() {
            let same = &members[bucket[x]];
            for &y in &same[same.partition_point(|&y| y <= x)..] {
                let (by, b) = uses[y];
                if bx == by || !a.mode.conflicts(b.mode) {
                    continue;
                }
                let o = overlap(&a.path, &b.path, &classify, None);
                if o == Overlap::Disjoint {
                    continue;
                }
                out.push(par_conflict(an, a, b, &o));
                break 'pairs;
            }
        }
    }
    out
}

/// When every use of a variable reaches it by a path of the same length
/// made only of constant subscripts and fields (`x[3]`, `r[f][1]`), two uses
/// overlap exactly when their paths are equal. Then the uses are put in
/// buckets of equal paths (each use's bucket, and each bucket's uses in
/// order), so that a PAR of many branches each using its own element is
/// checked in linear time instead of comparing every pair.
fn constant_buckets(uses: &[(usize, &Access)]) -> Option<(Vec<usize>, Vec<Vec<usize>>)> {
    let len = uses.first()?.1.path.len();
    let constant = |a: &Access| {
        a.path.len() == len
            && a.path.iter().all(|s| match s {
                Sub::Index(Some(l)) => l.terms.is_empty(),
                Sub::Field(_) => true,
                _ => false,
            })
    };
    if uses.len() < 32 || !uses.iter().all(|(_, a)| constant(a)) {
        return None;
    }
    let mut ids: FxHashMap<&[Sub], usize> = FxHashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut bucket = Vec::with_capacity(uses.len());
    for (k, (_, a)) in uses.iter().enumerate() {
        let next = members.len();
        let id = *ids.entry(a.path.as_slice()).or_insert(next);
        if id == next {
            members.push(Vec::new());
        }
        members[id].push(k);
        bucket.push(id);
    }
    Some((bucket, members))
}

fn par_conflict(an: &Analysis, a: &Access, b: &Access, o: &Overlap) -> Diagnostic {
    let (p, q) = primary_first(a, b);
    if is_chan(p) {
        let dir = if p.mode == Mode::Input {
            "input"
        } else {
            "output"
        };
        return Diagnostic::error(
            "E0902",
            p.span,
            format!(
                "{} is used for {dir} in more than one branch of this PAR",
                text::thing(an, p)
            ),
        )
        .with_span_label(format!("{} here", text::done(an, p)))
        .with_label(
            q.span,
            format!("and {} in another branch", text::done(an, q)),
        )
        .with_help("a channel connects one inputting process to one outputting process");
    }
    match o {
        Overlap::Certain(w) => {
            let what = if p.path.is_empty() && q.path.is_empty() {
                text::thing(an, p)
            } else {
                format!("`{}`", text::element(an, p.var, w))
            };
            let (dp, dq) = (text::done(an, p), text::done(an, q));
            let msg = if p.mode == q.mode && dp == dq {
                format!("{what} is {dp} in more than one branch of this PAR")
            } else {
                format!("{what} is {dp} in one branch of this PAR and {dq} in another")
            };
            Diagnostic::error("E0901", p.span, msg)
                .with_span_label(format!("{dp} here"))
                .with_label(q.span, format!("{dq} here, in parallel"))
                .with_help(
                    "give each branch its own variable, or communicate the value over a channel",
                )
        }
        _ => Diagnostic::error(
            "E0903",
            p.span,
            format!(
                "cannot prove that `{}` and `{}` are different in parallel branches",
                text::path(an, p.var, &p.path),
                text::path(an, q.var, &q.path)
            ),
        )
        .with_span_label(format!("{} here", text::done(an, p)))
        .with_label(q.span, format!("{} here, in parallel", text::done(an, q)))
        .with_note(PROVABLE),
    }
}

/// Checks the copies of a replicated PAR against each other.
pub fn check_repl_par(an: &Analysis, rep: &Replicator, body: &AccessSet) -> Vec<Diagnostic> {
    let inner: HashSet<VarId> = body.inner_reps.iter().copied().collect();
    let classify = |v: VarId| {
        if v == rep.var || inner.contains(&v) {
            Class::Copy(an.reps.get(&v).copied().flatten())
        } else {
            Class::Shared
        }
    };
    let mut out = Vec::new();
    let refs = [body];
    for uses in groups(&by_var(&refs)) {
        if uses.len() == 1 && uses[0].1.mode == Mode::Read {
            continue;
        }
        'pairs: for (x, &(_, a)) in uses.iter().enumerate() {
            for &(_, b) in &uses[x..] {
                if !a.mode.conflicts(b.mode) {
                    continue;
                }
                // Describe the write first.
                let (a, b) = if a.mode == Mode::Read { (b, a) } else { (a, b) };
                let o = overlap(&a.path, &b.path, &classify, Some(rep.var));
                if o == Overlap::Disjoint {
                    continue;
                }
                out.push(repl_conflict(an, rep.var, a, b, &o));
                break 'pairs;
            }
        }
    }
    out
}

fn repl_conflict(an: &Analysis, rep: VarId, a: &Access, b: &Access, o: &Overlap) -> Diagnostic {
    let help = if is_chan(a) {
        "a channel connects one inputting process to one outputting process: use an array of channels indexed by the replicator"
    } else {
        "give each iteration its own element, for example by subscripting with the replicator index"
    };
    let Overlap::Certain(w) = o else {
        return Diagnostic::error(
            "E0905",
            a.span,
            format!(
                "cannot prove that the iterations of this replicated PAR use different parts of `{}`",
                an.name(a.var)
            ),
        )
        .with_span_label(format!("`{}` {} here", text::path(an, a.var, &a.path), text::done(an, a)))
        .with_label(b.span, format!("`{}` {} here", text::path(an, b.var, &b.path), text::done(an, b)))
        .with_note(PROVABLE)
        .with_help(help);
    };
    let (ia, ib) = (
        text::iteration(an, w, rep, Side::A),
        text::iteration(an, w, rep, Side::B),
    );
    let (da, db) = (text::does(an, a), text::does(an, b));
    let (ea, eb) = (
        text::path(an, a.var, &a.path),
        text::path(an, b.var, &b.path),
    );
    let elem = text::element(an, a.var, w);
    let msg = if da == db {
        let tail = if ea == elem {
            String::new()
        } else {
            format!(", overlapping at `{elem}`")
        };
        format!(
            "iterations {ia} and {ib} of this replicated PAR both {}{tail}",
            da.replacen("s ", " ", 1).replacen("calls ", "call ", 1)
        )
    } else {
        format!("in this replicated PAR, iteration {ia} {da} and iteration {ib} {db}: both are `{elem}`")
    };
    let mut d = Diagnostic::error("E0904", a.span, msg).with_help(help);
    if a.span == b.span {
        d = d.with_span_label(format!("`{ea}` {} in every iteration", text::done(an, a)));
    } else {
        d = d
            .with_span_label(format!("{ia}: `{ea}` {}", text::done(an, a)))
            .with_label(b.span, format!("{ib}: `{eb}` {}", text::done(an, b)));
    }
    d
}

/// A channel parameter or free channel must carry data one way in a PROC.
/// (Channel arrays are exempt: see the comment inside.)
pub fn check_directions(an: &Analysis, proc: ProcId, raw: &AccessSet) -> Vec<Diagnostic> {
    let Some(p) = an.prog.procs.get(proc.index()) else {
        return Vec::new();
    };
    // Most PROCs use no variable both ways: skip the grouping.
    let has = |m: Mode| raw.list.iter().any(|a| a.mode == m);
    if !has(Mode::Input) || !has(Mode::Output) {
        return Vec::new();
    }
    // Only single channels: the elements of a channel array passed in may
    // well connect processes inside the PROC to each other.
    let classify = |_| Class::Unknown;
    let refs = [raw];
    let mut out = Vec::new();
    for uses in groups(&by_var(&refs)) {
        let var = uses[0].1.var;
        if an.var(var).is_none_or(|i| matches!(i.ty, Type::Array(..))) {
            continue;
        }
        let ins = uses.iter().filter(|u| u.1.mode == Mode::Input);
        'pairs: for &(_, i) in ins {
            for &(_, o) in uses.iter().filter(|u| u.1.mode == Mode::Output) {
                let Overlap::Certain(w) = overlap(&i.path, &o.path, &classify, None) else {
                    continue;
                };
                let kind = if p.params.iter().any(|x| x.var == var) {
                    "channel parameter"
                } else {
                    "free channel"
                };
                let name = if i.path.is_empty() && o.path.is_empty() {
                    an.name(var)
                } else {
                    text::element(an, var, &w)
                };
                out.push(
                    Diagnostic::error(
                        "E0906",
                        o.span,
                        format!("{kind} `{name}` is used for both input and output in `{}`", p.name),
                    )
                    .with_span_label(text::done(an, o))
                    .with_label(i.span, text::done(an, i))
                    .with_help("a channel carries data one way between two processes: use one channel for each direction"),
                );
                break 'pairs;
            }
        }
    }
    out
}
