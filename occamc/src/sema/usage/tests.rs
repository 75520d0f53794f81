//! Tests of the PAR rules on hand-built IR.

use super::build::{codes, B};
use super::check_usage;
use crate::ir::*;

#[test]
fn assigned_in_one_branch_read_in_another() {
    let mut b = B::new();
    let (x, y) = (b.int("x"), b.int("y"));
    let w = b.set0(x);
    let r = b.set(y, x);
    let par = b.par(vec![w, r]);
    b.main(&[x, y], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0901"]);
    assert_eq!(
        d[0].message,
        "`x` is assigned in one branch of this PAR and read in another"
    );
    assert_eq!(d[0].labels.len(), 1);
    assert_ne!(d[0].span, d[0].labels[0].span);
}

#[test]
fn reads_in_parallel_are_fine_and_sequence_is_fine() {
    let mut b = B::new();
    let (x, y, z) = (b.int("x"), b.int("y"), b.int("z"));
    let r1 = b.set(y, x);
    let r2 = b.set(z, x);
    let par = b.par(vec![r1, r2]);
    let w = b.set0(x);
    b.main(&[x, y, z], Process::Seq(vec![w, par]));
    assert!(check_usage(&b.prog).is_empty());
}

#[test]
fn assigned_in_two_branches() {
    let mut b = B::new();
    let x = b.int("x");
    let w1 = b.set0(x);
    let w2 = b.set0(x);
    let par = b.par(vec![w1, w2]);
    b.main(&[x], par);
    let d = check_usage(&b.prog);
    assert_eq!(
        d[0].message,
        "`x` is assigned in more than one branch of this PAR"
    );
}

#[test]
fn channels_have_one_reader_and_one_writer() {
    let mut b = B::new();
    let (c, x, y) = (b.chan("c"), b.int("x"), b.int("y"));
    let (c1, x1, c2, y1) = (b.v(c), b.v(x), b.v(c), b.v(y));
    let i1 = b.inp(c1, x1);
    let i2 = b.inp(c2, y1);
    let par = b.par(vec![i1, i2]);
    b.main(&[c, x, y], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0902"]);
    assert!(
        d[0].message
            .contains("channel `c` is used for input in more than one branch"),
        "{}",
        d[0].message
    );

    let mut b = B::new();
    let (c, x) = (b.chan("c"), b.int("x"));
    let (c1, x1, c2, k) = (b.v(c), b.v(x), b.v(c), b.c(1));
    let i = b.inp(c1, x1);
    let o = b.out(c2, k);
    let par = b.par(vec![i, o]);
    b.main(&[c, x], par);
    assert!(check_usage(&b.prog).is_empty());
}

#[test]
fn constant_elements_are_disjoint() {
    let mut b = B::new();
    let a = b.array("a", 4);
    let (e0, z0, e1, z1) = (b.at(a, 0), b.c(0), b.at(a, 1), b.c(0));
    let w0 = b.assign(e0, z0);
    let w1 = b.assign(e1, z1);
    let par = b.par(vec![w0, w1]);
    b.main(&[a], par);
    assert!(check_usage(&b.prog).is_empty());

    let mut b = B::new();
    let a = b.array("a", 4);
    let (e0, z0, e1, z1) = (b.at(a, 2), b.c(0), b.at(a, 2), b.c(0));
    let w0 = b.assign(e0, z0);
    let w1 = b.assign(e1, z1);
    let par = b.par(vec![w0, w1]);
    b.main(&[a], par);
    let d = check_usage(&b.prog);
    assert_eq!(
        d[0].message,
        "`a[2]` is assigned in more than one branch of this PAR"
    );
}

#[test]
fn unknown_subscripts_cannot_be_proven() {
    let mut b = B::new();
    let (a, j, k) = (b.array("a", 4), b.int("j"), b.int("k"));
    let (va, vj) = (b.v(a), b.v(j));
    let e0 = b.idx(va, vj);
    let z = b.c(0);
    let w0 = b.assign(e0, z);
    let (va, vk) = (b.v(a), b.v(k));
    let e1 = b.idx(va, vk);
    let z = b.c(0);
    let w1 = b.assign(e1, z);
    let par = b.par(vec![w0, w1]);
    b.main(&[a, j, k], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0903"]);
    assert!(
        d[0].message.contains("`a[k]` and `a[j]`"),
        "{}",
        d[0].message
    );
}

/// Builds a subscript from the replicator index.
type SubFn<'a> = &'a dyn Fn(&mut B, Expr) -> Expr;

/// `PAR i = 0 FOR n` / `a[f(i)] := 0`.
fn repl(
    n: i64,
    f: impl Fn(&mut B, Expr) -> Expr,
    g: Option<SubFn>,
) -> Vec<crate::diag::Diagnostic> {
    let mut b = B::new();
    let (a, i) = (b.array("a", 64), b.rep("i"));
    let (va, vi) = (b.v(a), b.v(i));
    let sub = f(&mut b, vi);
    let e = b.idx(va, sub);
    let z = b.c(0);
    let mut body = b.assign(e, z);
    if let Some(g) = g {
        let (va, vi, x) = (b.v(a), b.v(i), b.int("x"));
        let sub = g(&mut b, vi);
        let e = b.idx(va, sub);
        let vx = b.v(x);
        let read = b.assign(vx, e);
        body = Process::Scope(vec![Decl::Var(x)], Box::new(Process::Seq(vec![body, read])));
    }
    let par = b.repl_par(i, 0, n, body);
    b.main(&[a], par);
    check_usage(&b.prog)
}

#[test]
fn replicated_par_over_own_elements_is_fine() {
    assert!(repl(8, |_, i| i, None).is_empty());
    assert!(repl(
        8,
        |b, i| {
            let two = b.c(2);
            b.mul(two, i)
        },
        None
    )
    .is_empty());
    // a[2i] written, a[2i+1] read: even and odd never meet.
    let odd: SubFn = &|b, i| {
        let two = b.c(2);
        let m = b.mul(two, i);
        let one = b.c(1);
        b.add(m, one)
    };
    assert!(repl(
        30,
        |b, i| {
            let two = b.c(2);
            b.mul(two, i)
        },
        Some(odd)
    )
    .is_empty());
    // a[i] written and read in the same iteration.
    assert!(repl(8, |_, i| i, Some(&|_, i| i)).is_empty());
}

#[test]
fn replicated_par_collision_names_iterations() {
    // a[i+1] written, a[i] read.
    let d = repl(
        4,
        |b, i| {
            let one = b.c(1);
            b.add(i, one)
        },
        Some(&|_, i| i),
    );
    assert_eq!(codes(&d), ["E0904"]);
    assert_eq!(
        d[0].message,
        "in this replicated PAR, iteration i=0 assigns `a[i+1]` and iteration i=1 reads `a[i]`: both are `a[1]`"
    );
    // a[0] written by every iteration.
    let d = repl(3, |b, _| b.c(0), None);
    assert_eq!(
        d[0].message,
        "iterations i=0 and i=1 of this replicated PAR both assign `a[0]`"
    );
    // a[i DIV 2]-like: i*i is not linear.
    let d = repl(
        3,
        |b, i| {
            let j = i.clone();
            b.mul(i, j)
        },
        None,
    );
    assert_eq!(codes(&d), ["E0905"]);
}

#[test]
fn single_copy_replicated_par_is_fine() {
    assert!(repl(1, |b, _| b.c(0), None).is_empty());
}

#[test]
fn free_variables_of_called_procs_count() {
    let mut b = B::new();
    let (x, y) = (b.int("x"), b.int("y"));
    let inc = b.set0(x);
    let p = b.proc("bump", &[], &[x], inc);
    let call = b.call(p, vec![]);
    let r = b.set(y, x);
    let par = b.par(vec![call, r]);
    b.main(&[x, y], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0901"]);
    assert_eq!(
        d[0].message,
        "`x` is assigned by `bump` in one branch of this PAR and read in another"
    );
}

#[test]
fn reference_parameters_written_by_the_callee_are_writes_of_the_actual() {
    let mut b = B::new();
    let (x, f, g) = (b.int("x"), b.int("f"), b.int("g"));
    let body = b.set0(f);
    let p = b.proc("zero", &[(f, ParamMode::Ref)], &[], body);
    let body = b.set(g, g);
    let q = b.proc("touch", &[(g, ParamMode::Ref)], &[], body);
    let ax = b.v(x);
    let c1 = b.call(p, vec![Actual::Ref(ax.clone())]);
    let c2 = b.call(q, vec![Actual::Ref(ax)]);
    let par = b.par(vec![c1, c2]);
    b.main(&[x], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0901"]);

    // Elements a[i] passed by reference in a replicated PAR are disjoint.
    let mut b = B::new();
    let (a, i, f) = (b.array("a", 8), b.rep("i"), b.int("f"));
    let body = b.set0(f);
    let p = b.proc("zero", &[(f, ParamMode::Ref)], &[], body);
    let (va, vi) = (b.v(a), b.v(i));
    let ai = b.idx(va, vi);
    let call = b.call(p, vec![Actual::Ref(ai)]);
    let par = b.repl_par(i, 0, 8, call);
    b.main(&[a], par);
    assert!(check_usage(&b.prog).is_empty());
}

#[test]
fn channel_parameter_used_both_ways() {
    let mut b = B::new();
    let (c, x) = (b.chan("c"), b.int("x"));
    let (c1, x1, c2, x2) = (b.v(c), b.v(x), b.v(c), b.v(x));
    let i = b.inp(c1, x1);
    let o = b.out(c2, x2);
    let body = Process::Scope(vec![Decl::Var(x)], Box::new(Process::Seq(vec![i, o])));
    b.proc("echo", &[(c, ParamMode::Chan)], &[], body);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0906"]);
    assert_eq!(
        d[0].message,
        "channel parameter `c` is used for both input and output in `echo`"
    );
}

#[test]
fn channel_array_elements_in_a_ring_are_fine() {
    // PAR i = 0 FOR 4: c[i] ? x ; c[i+1] ! x over a parameter array: elements
    // differ, so no direction error; no two iterations input the same one.
    let mut b = B::new();
    let (c, i, x) = (b.chans("c", 5), b.rep("i"), b.int("x"));
    let (vc, vi, vx) = (b.v(c), b.v(i), b.v(x));
    let ci = b.idx(vc, vi);
    let inp = b.inp(ci, vx);
    let (vc, vi, vx, one) = (b.v(c), b.v(i), b.v(x), b.c(1));
    let i1 = b.add(vi, one);
    let ci1 = b.idx(vc, i1);
    let out = b.out(ci1, vx);
    let body = Process::Scope(vec![Decl::Var(x)], Box::new(Process::Seq(vec![inp, out])));
    let par = b.repl_par(i, 0, 4, body);
    b.proc("ring", &[(c, ParamMode::Chan)], &[], par);
    assert!(
        check_usage(&b.prog).is_empty(),
        "{:?}",
        check_usage(&b.prog)
    );
}

#[test]
fn channel_parameter_used_both_ways_in_parallel_inside() {
    let mut b = B::new();
    let (c, x) = (b.chan("c"), b.int("x"));
    let (c1, x1, c2, k) = (b.v(c), b.v(x), b.v(c), b.c(1));
    let i = b.inp(c1, x1);
    let o = b.out(c2, k);
    let par = b.par(vec![i, o]);
    let body = Process::Scope(vec![Decl::Var(x)], Box::new(par));
    let free = b.proc("loopback", &[], &[c], body);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0906"]);
    assert!(
        d[0].message.starts_with("free channel `c`"),
        "{}",
        d[0].message
    );
    let _ = free;
}

#[test]
fn nested_replicators_inside_a_branch_range_over_their_values() {
    // PAR i = 0 FOR 2 / SEQ j = 0 FOR 2 / a[2*i+j] := 0 — disjoint blocks;
    // a[i+j] overlaps (i=0,j=1 and i=1,j=0).
    for (scale, ok) in [(2, true), (1, false)] {
        let mut b = B::new();
        let (a, i, j) = (b.array("a", 8), b.rep("i"), b.rep("j"));
        let (va, k, vi, vj) = (b.v(a), b.c(scale), b.v(i), b.v(j));
        let si = b.mul(k, vi);
        let sub = b.add(si, vj);
        let e = b.idx(va, sub);
        let z = b.c(0);
        let w = b.assign(e, z);
        let seq = b.repl_seq(j, 0, 2, w);
        let par = b.repl_par(i, 0, 2, seq);
        b.main(&[a], par);
        assert_eq!(check_usage(&b.prog).is_empty(), ok, "scale {scale}");
    }
}

#[test]
fn locals_of_a_replicated_body_are_per_copy() {
    let mut b = B::new();
    let (i, x) = (b.rep("i"), b.int("x"));
    let w = b.set0(x);
    let body = Process::Scope(vec![Decl::Var(x)], Box::new(w));
    let par = b.repl_par(i, 0, 4, body);
    b.main(&[], par);
    assert!(check_usage(&b.prog).is_empty());
}

#[test]
fn abbreviations_are_resolved_to_their_target() {
    // PAR i: y IS a[i] / y := 0 — fine; z IS a[0] in two branches — clash.
    let mut b = B::new();
    let (a, i, y) = (
        b.array("a", 4),
        b.rep("i"),
        b.var_of("y", Type::Int, VarKind::Ref),
    );
    let (va, vi) = (b.v(a), b.v(i));
    let ai = b.idx(va, vi);
    let w = b.set0(y);
    let body = b.abbrev(y, ai, w);
    let par = b.repl_par(i, 0, 4, body);
    b.main(&[a], par);
    assert!(check_usage(&b.prog).is_empty());

    let mut b = B::new();
    let (a, i, y) = (
        b.array("a", 4),
        b.rep("i"),
        b.var_of("y", Type::Int, VarKind::Ref),
    );
    let a0 = b.at(a, 0);
    let w = b.set0(y);
    let body = b.abbrev(y, a0, w);
    let par = b.repl_par(i, 0, 4, body);
    b.main(&[a], par);
    let d = check_usage(&b.prog);
    assert_eq!(codes(&d), ["E0904"]);
    assert!(d[0].message.contains("`a[0]`"), "{}", d[0].message);
}

#[test]
fn slices_in_replicated_par() {
    // PAR i = 0 FOR 4: [a FROM 4*i FOR 4] := … is fine, FOR 5 clashes.
    for (count, ok) in [(4, true), (5, false)] {
        let mut b = B::new();
        let (a, i, s) = (b.array("a", 32), b.rep("i"), b.array("s", 8));
        let (va, four, vi, n) = (b.v(a), b.c(4), b.v(i), b.c(count));
        let start = b.mul(four, vi);
        let sl = b.slice(va, start, n);
        let vs = b.v(s);
        let w = b.assign(sl, vs);
        let par = b.repl_par(i, 0, 4, w);
        b.main(&[a, s], par);
        assert_eq!(check_usage(&b.prog).is_empty(), ok, "{count}");
    }
}

#[test]
fn a_variable_read_by_many_branches_is_cheap_and_fine() {
    let mut b = B::new();
    let x = b.int("x");
    let mut locals = vec![x];
    let mut branches = Vec::new();
    for k in 0..20_000 {
        let y = b.int(&format!("y{k}"));
        locals.push(y);
        branches.push(b.set(y, x));
    }
    let par = b.par(branches);
    b.main(&locals, par);
    let t = std::time::Instant::now();
    assert!(check_usage(&b.prog).is_empty());
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
}
