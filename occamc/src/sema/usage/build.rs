//! Test helper: builds checked IR by hand, with a distinct span per node so
//! tests can tell which use a diagnostic points at.

use crate::diag::{Diagnostic, FileId, Span};
use crate::ir::*;

#[derive(Default)]
pub struct B {
    pub prog: Program,
    pos: u32,
}

impl B {
    pub fn new() -> B {
        let mut b = B::default();
        b.prog
            .protocols
            .push(Protocol::Sequential(vec![ProtoItem::Value(Type::Int)]));
        b
    }

    /// A fresh span; each node gets its own.
    pub fn sp(&mut self) -> Span {
        self.pos += 2;
        Span::new(FileId(0), self.pos, self.pos + 1)
    }

    pub fn var_of(&mut self, name: &str, ty: Type, kind: VarKind) -> VarId {
        let span = self.sp();
        self.prog.vars.push(VarInfo {
            name: name.into(),
            ty,
            kind,
            placed_at: None,
            value: None,
            span,
        });
        VarId(self.prog.vars.len() as u32 - 1)
    }
    pub fn int(&mut self, name: &str) -> VarId {
        self.var_of(name, Type::Int, VarKind::Local)
    }
    pub fn array(&mut self, name: &str, n: u32) -> VarId {
        self.var_of(
            name,
            Type::Array(Some(n), std::rc::Rc::new(Type::Int)),
            VarKind::Local,
        )
    }
    pub fn chan(&mut self, name: &str) -> VarId {
        self.var_of(name, Type::Chan(ProtocolId(0)), VarKind::Channel)
    }
    pub fn chans(&mut self, name: &str, n: u32) -> VarId {
        self.var_of(
            name,
            Type::Array(Some(n), std::rc::Rc::new(Type::Chan(ProtocolId(0)))),
            VarKind::Channel,
        )
    }
    pub fn rep(&mut self, name: &str) -> VarId {
        self.var_of(name, Type::Int, VarKind::Replicator)
    }

    // ----- expressions -----
    pub fn v(&mut self, id: VarId) -> Expr {
        let ty = self.prog.vars[id.index()].ty.clone();
        let span = self.sp();
        Expr {
            kind: ExprKind::Var(id),
            ty,
            span,
        }
    }
    pub fn c(&mut self, k: i64) -> Expr {
        let span = self.sp();
        Expr {
            kind: ExprKind::Const(Const::Int(k)),
            ty: Type::Int,
            span,
        }
    }
    pub fn bin(&mut self, op: BinOp, a: Expr, b: Expr) -> Expr {
        let span = self.sp();
        Expr {
            kind: ExprKind::Binary(op, Box::new([a, b])),
            ty: Type::Int,
            span,
        }
    }
    pub fn add(&mut self, a: Expr, b: Expr) -> Expr {
        self.bin(BinOp::Add, a, b)
    }
    pub fn mul(&mut self, a: Expr, b: Expr) -> Expr {
        self.bin(BinOp::Mul, a, b)
    }
    pub fn idx(&mut self, a: Expr, i: Expr) -> Expr {
        let ty = match &a.ty {
            Type::Array(_, e) => (**e).clone(),
            t => t.clone(),
        };
        let span = self.sp();
        Expr {
            kind: ExprKind::Index(Box::new([a, i])),
            ty,
            span,
        }
    }
    /// `name[k]` with a constant subscript.
    pub fn at(&mut self, a: VarId, k: i64) -> Expr {
        let (a, k) = (self.v(a), self.c(k));
        self.idx(a, k)
    }
    pub fn slice(&mut self, base: Expr, start: Expr, count: Expr) -> Expr {
        let ty = base.ty.clone();
        let span = self.sp();
        Expr {
            kind: ExprKind::Slice {
                base: Box::new(base),
                start: Box::new(start),
                count: Box::new(count),
            },
            ty,
            span,
        }
    }

    // ----- processes -----
    pub fn assign(&mut self, t: Expr, v: Expr) -> Process {
        let span = self.sp();
        Process::Assign {
            targets: vec![t],
            values: vec![v],
            span,
        }
    }
    /// `x := y` between variables.
    pub fn set(&mut self, x: VarId, y: VarId) -> Process {
        let (x, y) = (self.v(x), self.v(y));
        self.assign(x, y)
    }
    pub fn set0(&mut self, x: VarId) -> Process {
        let (x, y) = (self.v(x), self.c(0));
        self.assign(x, y)
    }
    pub fn out(&mut self, chan: Expr, e: Expr) -> Process {
        let span = self.sp();
        Process::Output {
            chan,
            items: vec![OutItem::Value(e)],
            span,
        }
    }
    pub fn inp(&mut self, chan: Expr, t: Expr) -> Process {
        let span = self.sp();
        Process::Input {
            chan,
            items: vec![InItem::Value(t)],
            span,
        }
    }
    pub fn par(&mut self, branches: Vec<Process>) -> Process {
        Process::Par {
            branches,
            pri: false,
        }
    }
    pub fn repl_par(&mut self, var: VarId, base: i64, count: i64, body: Process) -> Process {
        let (base, count) = (self.c(base), self.c(count));
        Process::ReplPar {
            rep: Box::new(Replicator { var, base, count }),
            body: Box::new(body),
            pri: false,
        }
    }
    pub fn repl_seq(&mut self, var: VarId, base: i64, count: i64, body: Process) -> Process {
        let (base, count) = (self.c(base), self.c(count));
        Process::ReplSeq(Box::new(Replicator { var, base, count }), Box::new(body))
    }
    pub fn call(&mut self, proc_id: ProcId, args: Vec<Actual>) -> Process {
        let span = self.sp();
        Process::Call {
            proc_id,
            args,
            span,
        }
    }
    pub fn abbrev(&mut self, var: VarId, target: Expr, body: Process) -> Process {
        Process::Scope(
            vec![Decl::Abbrev {
                var,
                target,
                retypes: false,
            }],
            Box::new(body),
        )
    }

    /// Adds a PROC; `params` are (variable, mode).
    pub fn proc(
        &mut self,
        name: &str,
        params: &[(VarId, ParamMode)],
        free: &[VarId],
        body: Process,
    ) -> ProcId {
        self.func(name, params, free, body, vec![], vec![])
    }

    pub fn func(
        &mut self,
        name: &str,
        params: &[(VarId, ParamMode)],
        free: &[VarId],
        body: Process,
        results: Vec<Type>,
        result: Vec<Expr>,
    ) -> ProcId {
        let span = self.sp();
        self.prog.procs.push(Proc {
            name: name.into(),
            params: params
                .iter()
                .map(|&(var, mode)| Param { var, mode })
                .collect(),
            free_vars: free.to_vec(),
            results,
            body,
            result,
            inline: false,
            external: false,
            span,
        });
        ProcId(self.prog.procs.len() as u32 - 1)
    }

    /// A main PROC whose body declares `locals` around `body`.
    pub fn main(&mut self, locals: &[VarId], body: Process) -> ProcId {
        let decls = locals.iter().map(|&v| Decl::Var(v)).collect();
        self.proc("main", &[], &[], Process::Scope(decls, Box::new(body)))
    }
}

/// The codes of a list of diagnostics, in order.
pub fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}
