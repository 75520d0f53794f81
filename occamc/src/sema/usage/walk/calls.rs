//! Calls in the usage walk: a call uses what the callee's summary says,
//! with the callee's parameters replaced by the actual arguments.

use super::*;

impl<'p> Analysis<'p> {
    pub(super) fn call(
        &mut self,
        callee: ProcId,
        args: &'p [Actual],
        span: Span,
        set: &mut AccessSet,
    ) {
        let Some(proc) = self.prog.procs.get(callee.index()) else {
            return;
        };
        for a in args {
            match a {
                Actual::Val(e) => self.read_expr(e, set),
                Actual::Ref(e) => self.sub_reads(e, set),
                Actual::Timer => {}
            }
        }
        let summary = self.summary(callee);
        let params = &proc.params;
        let mut free_uses: Vec<(Target, Access)> = Vec::new();
        for acc in summary.iter() {
            if let Some(k) = params.iter().position(|p| p.var == acc.var) {
                if let Some(Actual::Ref(e)) = args.get(k) {
                    self.use_lvalue(e, acc.mode, Via::Call(callee), set);
                }
                continue;
            }
            let mut t = self.resolve(acc.var);
            if !t.opaque {
                for s in &acc.path {
                    let s = self.instantiate(s, params, args);
                    push(&mut t.path, s);
                }
            }
            if self.untracked(t.var) {
                continue;
            }
            if self.observed(t.var) {
                set.add(Access {
                    var: t.var,
                    root: acc.var,
                    path: t.path.clone(),
                    mode: acc.mode,
                    via: Via::Call(callee),
                    span,
                });
            }
            if self.checks.alias {
                free_uses.push((t, acc.clone()));
            }
        }
        if self.checks.alias {
            alias::check_call(self, callee, args, &free_uses, span);
        }
    }

    /// A callee's subscript in the caller's terms: VAL parameters become the
    /// actual values.
    fn instantiate(&self, s: &Sub, params: &[Param], args: &[Actual]) -> Sub {
        let map = |l: &Option<Linear>| -> Option<Linear> {
            l.as_ref()?.substitute(|v| {
                let k = params.iter().position(|p| p.var == v)?;
                Some(match args.get(k) {
                    Some(Actual::Val(e)) => self.linear(e),
                    _ => None,
                })
            })
        };
        match s {
            Sub::Index(l) => Sub::Index(map(l)),
            Sub::Slice { start, count } => Sub::Slice {
                start: map(start),
                count: *count,
            },
            Sub::Field(f) => Sub::Field(*f),
        }
    }

    /// What a PROC or FUNCTION does to its parameters and free variables.
    /// Walks its body the first time (reporting its diagnostics once).
    pub fn summary(&mut self, id: ProcId) -> Rc<Vec<Access>> {
        let i = id.index();
        if let Some(s) = self.summaries.get(i).and_then(|s| s.clone()) {
            return s;
        }
        if i >= self.busy.len() || self.busy[i] {
            // Recursion is rejected elsewhere; an empty summary keeps us finite.
            return Rc::new(Vec::new());
        }
        self.busy[i] = true;
        let proc = &self.prog.procs[i];
        let imported = self.prog.imports.get(&id);
        let mut set = match imported {
            // A compiled library's routine: its parameter modes say what it does.
            Some(imp) => crate::sema::interface::imported_uses(proc, imp),
            None => self.process(&proc.body),
        };
        for r in &proc.result {
            self.read_expr(r, &mut set);
        }
        set.leave_scope(&declared_in(&proc.body));
        if self.checks.usage && imported.is_none() {
            let d = par::check_directions(self, id, &set);
            self.diags.extend(d);
        }
        let vals: Vec<VarId> = proc
            .params
            .iter()
            .filter(|p| p.mode == ParamMode::Val)
            .map(|p| p.var)
            .collect();
        let keep = |l: &Option<Linear>| {
            l.clone()
                .filter(|l| l.terms.iter().all(|t| vals.contains(&t.0)))
        };
        let summary: Vec<Access> = set
            .list
            .iter()
            .map(|a| {
                let mut a = a.clone();
                for s in &mut a.path {
                    match s {
                        Sub::Index(l) => *l = keep(l),
                        Sub::Slice { start, .. } => *start = keep(start),
                        Sub::Field(_) => {}
                    }
                }
                a
            })
            .collect();
        self.raw[i] = set;
        let s = Rc::new(summary);
        self.summaries[i] = Some(s.clone());
        self.busy[i] = false;
        s
    }
}
