//! PLACED PAR is well formed.
//!
//! Each PROCESSOR of a PLACED PAR runs on its own transputer, sharing no
//! memory with the others, so:
//! - its body uses no variable declared outside it (channels, timers, ports
//!   and constants are fine);
//! - processor numbers are constants and all different;
//! - a channel is placed on an output link by at most one processor and on an
//!   input link by at most one processor; one link word of one processor
//!   carries one channel; link words are 0..=8 (out 0–3, in 4–7, event 8).

use crate::diag::{Diagnostic, Span};
use crate::ir::*;
use crate::sema::usage::walk::{base_type, Analysis, Checks};
use std::collections::HashMap;

/// Checks every PLACED PAR in the program.
pub fn check_placement(p: &Program) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for proc in &p.procs {
        find(&proc.body, &mut found, 0);
    }
    let mut out = Vec::new();
    if found.is_empty() {
        return out;
    }
    let mut an = Analysis::new(p, Checks::default());
    for placed in found {
        check_one(&mut an, placed, &mut out);
    }
    crate::diag::sort(&mut out);
    out
}

fn check_one<'p>(an: &mut Analysis<'p>, placed: &'p [Placed], out: &mut Vec<Diagnostic>) {
    let mut numbers: HashMap<i64, Span> = HashMap::new();
    // channel -> (output-link processors, input-link processors)
    type Ends = (Vec<(usize, u32)>, Vec<(usize, u32)>);
    let mut ends: HashMap<VarId, Ends> = HashMap::new();
    let mut order: Vec<VarId> = Vec::new();
    for (k, pl) in placed.iter().enumerate() {
        let pspan = pl.processor.span;
        match pl.processor.kind {
            ExprKind::Const(Const::Int(n)) => {
                if let Some(first) = numbers.insert(n, pspan) {
                    out.push(
                        Diagnostic::error(
                            "E0931",
                            pspan,
                            format!("processor {n} is placed twice in this PLACED PAR"),
                        )
                        .with_span_label("second use")
                        .with_label(first, "first use")
                        .with_help("give every PROCESSOR its own number"),
                    );
                }
            }
            _ => out.push(
                Diagnostic::error("E0930", pspan, "a processor number must be a constant")
                    .with_span_label("not a constant")
                    .with_help("number the PROCESSORs with constant expressions"),
            ),
        }
        let mut links: HashMap<u32, VarId> = HashMap::new();
        for &(chan, link) in &pl.placements {
            let name = an.name(chan);
            if link > 8 {
                out.push(
                    Diagnostic::error(
                        "E0935",
                        pspan,
                        format!("`{name}` is placed on link word {link}, which does not exist"),
                    )
                    .with_span_label("in this PROCESSOR")
                    .with_note("link words are 0-3 (output), 4-7 (input) and 8 (event)"),
                );
                continue;
            }
            if let Some(other) = links.insert(link, chan) {
                if other != chan {
                    out.push(
                        Diagnostic::error(
                            "E0934",
                            pspan,
                            format!(
                                "link word {link} of this processor carries both `{}` and `{name}`",
                                an.name(other)
                            ),
                        )
                        .with_span_label("in this PROCESSOR")
                        .with_help("place each channel on its own link"),
                    );
                }
            }
            let e = ends.entry(chan).or_insert_with(|| {
                order.push(chan);
                (Vec::new(), Vec::new())
            });
            match link {
                0..=3 => e.0.push((k, link)),
                4..=7 => e.1.push((k, link)),
                _ => {}
            }
        }
        free_variables(an, pl, out);
    }
    for chan in order {
        let (outs, ins) = &ends[&chan];
        for (list, dir) in [(outs, "an output"), (ins, "an input")] {
            let mut procs: Vec<usize> = list.iter().map(|x| x.0).collect();
            procs.dedup();
            if procs.len() > 1 {
                let first = placed[procs[0]].processor.span;
                let second = placed[procs[1]].processor.span;
                out.push(
                    Diagnostic::error(
                        "E0933",
                        second,
                        format!(
                            "channel `{}` is placed on {dir} link of more than one processor",
                            an.name(chan)
                        ),
                    )
                    .with_span_label("placed here")
                    .with_label(first, "and here")
                    .with_help(
                        "a channel joins one outputting processor to one inputting processor",
                    ),
                );
            }
        }
    }
}

/// Anything but channels, timers, ports and constants from outside is shared
/// memory, which separate processors do not have.
fn free_variables<'p>(an: &mut Analysis<'p>, pl: &'p Placed, out: &mut Vec<Diagnostic>) {
    let set = an.process(&pl.body);
    let mut seen = Vec::new();
    for a in &set.list {
        let Some(info) = an.var(a.var) else { continue };
        let shareable = matches!(
            base_type(&info.ty),
            Type::Chan(_) | Type::Timer | Type::Port(_)
        ) || matches!(info.kind, VarKind::Constant | VarKind::Replicator);
        if shareable || seen.contains(&a.var) {
            continue;
        }
        seen.push(a.var);
        out.push(
            Diagnostic::error(
                "E0932",
                a.span,
                format!(
                    "this PROCESSOR uses `{}`, a variable declared outside it",
                    info.name
                ),
            )
            .with_span_label("used here")
            .with_label(info.span, "declared here")
            .with_note(
                "each PROCESSOR runs on its own transputer and shares no memory with the others",
            )
            .with_help(
                "declare the variable inside the PROCESSOR, or pass its value over a channel",
            ),
        );
    }
}

fn find<'p>(p: &'p Process, out: &mut Vec<&'p [Placed]>, depth: u32) {
    if depth > 4096 {
        return;
    }
    let d = depth + 1;
    match p {
        Process::PlacedPar(pl) => {
            out.push(pl);
            pl.iter().for_each(|x| find(&x.body, out, d));
        }
        Process::Seq(ps) | Process::Par { branches: ps, .. } => {
            ps.iter().for_each(|q| find(q, out, d))
        }
        Process::ReplSeq(_, b)
        | Process::ReplPar { body: b, .. }
        | Process::While(_, b)
        | Process::Scope(_, b) => find(b, out, d),
        Process::If(arms, _) => if_arms(arms, out, d),
        Process::Case { arms, default, .. } => {
            arms.iter().for_each(|(_, b)| find(b, out, d));
            if let Some(b) = default {
                find(b, out, d);
            }
        }
        Process::Alt { arms, .. } => alt_arms(arms, out, d),
        Process::CaseInput { arms, .. } => arms.iter().for_each(|a| find(&a.body, out, d)),
        _ => {}
    }
}

fn if_arms<'p>(arms: &'p [IfArm], out: &mut Vec<&'p [Placed]>, d: u32) {
    for a in arms {
        match a {
            IfArm::Guard(_, b) => find(b, out, d),
            IfArm::Nested(n) | IfArm::Repl(_, n) | IfArm::Scope(_, n) => if_arms(n, out, d + 1),
        }
    }
}

fn alt_arms<'p>(arms: &'p [AltArm], out: &mut Vec<&'p [Placed]>, d: u32) {
    for a in arms {
        match a {
            AltArm::Guard { guard, body, .. } => {
                if let Guard::CaseInput(_, arms) = guard {
                    arms.iter().for_each(|x| find(&x.body, out, d));
                }
                find(body, out, d);
            }
            AltArm::Nested(n) | AltArm::Repl(_, n) | AltArm::Scope(_, n) => alt_arms(n, out, d + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_placement;
    use crate::ir::*;
    use crate::sema::usage::build::{codes, B};

    fn placed(b: &mut B, n: i64, placements: Vec<(VarId, u32)>, body: Process) -> Placed {
        Placed {
            processor: b.c(n),
            kind: "T8".into(),
            placements,
            body,
        }
    }

    #[test]
    fn well_formed_placed_par() {
        let mut b = B::new();
        let (c, x) = (b.chan("c"), b.int("x"));
        let (vc, one) = (b.v(c), b.c(1));
        let out = b.out(vc, one);
        let (vc, vx) = (b.v(c), b.v(x));
        let inp = b.inp(vc, vx);
        let p0 = placed(&mut b, 0, vec![(c, 0)], out);
        let p1 = placed(
            &mut b,
            1,
            vec![(c, 4)],
            Process::Scope(vec![Decl::Var(x)], Box::new(inp)),
        );
        b.main(&[c], Process::PlacedPar(vec![p0, p1]));
        assert!(check_placement(&b.prog).is_empty());
    }

    #[test]
    fn shared_variables_duplicate_numbers_and_links_are_rejected() {
        let mut b = B::new();
        let (c, x) = (b.chan("c"), b.int("x"));
        let w = b.set0(x);
        let p0 = placed(&mut b, 0, vec![(c, 0)], w);
        let p1 = placed(&mut b, 0, vec![(c, 1), (c, 9)], Process::Skip);
        b.main(&[c, x], Process::PlacedPar(vec![p0, p1]));
        let mut got = codes(&check_placement(&b.prog));
        got.sort();
        assert_eq!(got, ["E0931", "E0932", "E0933", "E0935"]);
    }

    #[test]
    fn non_constant_processor_and_shared_link_word() {
        let mut b = B::new();
        let (c, d, n) = (b.chan("c"), b.chan("d"), b.int("n"));
        let vn = b.v(n);
        let p0 = Placed {
            processor: vn,
            kind: "T8".into(),
            placements: vec![(c, 0), (d, 0)],
            body: Process::Skip,
        };
        b.main(&[c, d, n], Process::PlacedPar(vec![p0]));
        let mut got = codes(&check_placement(&b.prog));
        got.sort();
        assert_eq!(got, ["E0930", "E0934"]);
    }
}
