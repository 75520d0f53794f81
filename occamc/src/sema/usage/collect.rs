//! The up-front search of the usage walk (see [`super::walk`]): the
//! abbreviations, RETYPES and replicators a process declares, found before the
//! walk needs them.

use crate::ir::*;
use crate::sema::fxhash::{FxHashMap, FxHashSet};

/// Finds every abbreviation and replicator in the program up front, so that
/// a nested PROC's free abbreviations resolve wherever it is walked from.
#[derive(Default)]
pub struct Collector<'p> {
    pub abbrevs: FxHashMap<VarId, &'p Expr>,
    pub retyped: FxHashSet<VarId>,
    pub reps: Vec<&'p Replicator>,
}

impl<'p> Collector<'p> {
    pub fn decls(&mut self, decls: &'p [Decl]) {
        for d in decls {
            if let Decl::Abbrev {
                var,
                target,
                retypes,
            } = d
            {
                self.abbrevs.insert(*var, target);
                if *retypes {
                    self.retyped.insert(*var);
                }
                self.expr(target, 0);
            }
        }
    }

    fn rep(&mut self, r: &'p Replicator) {
        self.reps.push(r);
        self.expr(&r.base, 0);
        self.expr(&r.count, 0);
    }

    pub fn expr(&mut self, e: &'p Expr, depth: u32) {
        if depth > 4096 {
            return;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Valof(valof) => {
                let (p, rs) = &**valof;
                self.process(p, d);
                rs.iter().for_each(|r| self.expr(r, d));
            }
            ExprKind::Index(ab) | ExprKind::Binary(_, ab) => {
                self.expr(&ab[0], d);
                self.expr(&ab[1], d);
            }
            ExprKind::Field(a, _)
            | ExprKind::Unary(_, a)
            | ExprKind::Convert(_, a)
            | ExprKind::Size(a) => self.expr(a, d),
            ExprKind::Slice { base, start, count } => {
                self.expr(base, d);
                self.expr(start, d);
                self.expr(count, d);
            }
            ExprKind::Intrinsic(call) => call.1.iter().for_each(|x| self.expr(x, d)),
            ExprKind::Table(es) => es.iter().for_each(|x| self.expr(x, d)),
            ExprKind::Call(_, args) => args.iter().for_each(|a| {
                if let Actual::Val(x) | Actual::Ref(x) = a {
                    self.expr(x, d)
                }
            }),
            ExprKind::Const(_) | ExprKind::Var(_) => {}
        }
    }

    pub fn process(&mut self, p: &'p Process, depth: u32) {
        if depth > 4096 {
            return;
        }
        let d = depth + 1;
        match p {
            Process::Scope(decls, body) => {
                self.decls(decls);
                self.process(body, d);
            }
            Process::ReplSeq(r, body) | Process::ReplPar { rep: r, body, .. } => {
                self.rep(r);
                self.process(body, d);
            }
            Process::Seq(ps) | Process::Par { branches: ps, .. } => {
                ps.iter().for_each(|q| self.process(q, d))
            }
            Process::PlacedPar(pl) => pl.iter().for_each(|q| self.process(&q.body, d)),
            Process::If(arms, _) => self.if_arms(arms, d),
            Process::Case { arms, default, .. } => {
                arms.iter().for_each(|(_, b)| self.process(b, d));
                if let Some(b) = default {
                    self.process(b, d);
                }
            }
            Process::While(c, body) => {
                self.expr(c, d);
                self.process(body, d);
            }
            Process::Alt { arms, .. } => self.alt_arms(arms, d),
            Process::CaseInput { arms, .. } => arms.iter().for_each(|a| self.process(&a.body, d)),
            Process::Assign { values, .. } => values.iter().for_each(|v| self.expr(v, d)),
            Process::Output { items, .. } => items.iter().for_each(|i| match i {
                OutItem::Value(e) => self.expr(e, d),
                OutItem::Counted(a, b) => {
                    self.expr(a, d);
                    self.expr(b, d);
                }
                OutItem::Tag(_) => {}
            }),
            Process::Call { args, .. } | Process::AssignCall { args, .. } => {
                args.iter().for_each(|a| {
                    if let Actual::Val(x) | Actual::Ref(x) = a {
                        self.expr(x, d)
                    }
                })
            }
            Process::Delay { time, .. } => self.expr(time, d),
            Process::PortWrite { value, .. } => self.expr(value, d),
            Process::IntrinsicCall { args, .. } => args.iter().for_each(|x| self.expr(x, d)),
            Process::Skip
            | Process::Stop(_)
            | Process::Input { .. }
            | Process::TimerRead { .. }
            | Process::PortRead { .. }
            | Process::Asm(..) => {}
        }
    }

    fn if_arms(&mut self, arms: &'p [IfArm], d: u32) {
        for a in arms {
            match a {
                IfArm::Guard(g, b) => {
                    self.expr(g, d);
                    self.process(b, d);
                }
                IfArm::Nested(n) => self.if_arms(n, d + 1),
                IfArm::Repl(r, n) => {
                    self.rep(r);
                    self.if_arms(n, d + 1);
                }
                IfArm::Scope(decls, n) => {
                    self.decls(decls);
                    self.if_arms(n, d + 1);
                }
            }
        }
    }

    fn alt_arms(&mut self, arms: &'p [AltArm], d: u32) {
        for a in arms {
            match a {
                AltArm::Guard { pre, guard, body } => {
                    if let Some(p) = pre {
                        self.expr(p, d);
                    }
                    if let Guard::CaseInput(_, arms) = guard {
                        arms.iter().for_each(|x| self.process(&x.body, d));
                    }
                    if let Guard::Timer(t) = guard {
                        self.expr(t, d);
                    }
                    self.process(body, d);
                }
                AltArm::Nested(n) => self.alt_arms(n, d + 1),
                AltArm::Repl(r, n) => {
                    self.rep(r);
                    self.alt_arms(n, d + 1);
                }
                AltArm::Scope(decls, n) => {
                    self.decls(decls);
                    self.alt_arms(n, d + 1);
                }
            }
        }
    }
}
