//! PROC and FUNCTION calls: the parameter-word convention (t800.md §7), the callee's
//! prologue and epilogue, results, and values computed into temporaries.

use super::expr::{has_call, V};
use super::gen::{Dim, Gen, Loc, VarLoc};
use super::ty;
use crate::ir::{Actual, Expr, ExprKind, ParamMode, Proc, Process, Program, VarId, VarKind};
use t800_isa::asm::{Item, Operand};
use t800_isa::{Func, Op};

/// Where one parameter word comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum WordSrc {
    /// The value of actual `p` (VAL scalar up to a word).
    Arg(usize),
    /// The address of actual `p`.
    ArgAddr(usize),
    /// Dimension `k` of actual `p` (open arrays).
    ArgDim(usize, usize),
    /// The address of a free variable of the callee.
    Free(VarId),
    /// Open dimension `k` of a free variable.
    FreeDim(VarId, usize),
    /// Where result `i` of a FUNCTION goes.
    Result(usize),
}

/// How a routine receives its parameters: the words in order (the first three in
/// A, B, C, the rest in the caller's W[0..]) and whether result 0 comes back in A.
#[derive(Clone, Debug, PartialEq)]
pub struct Abi {
    pub words: Vec<WordSrc>,
    pub result_in_a: bool,
}

/// The parameter words of `p`.
pub fn abi_of(prog: &Program, p: &Proc) -> Abi {
    let mut words = Vec::new();
    for (j, par) in p.params.iter().enumerate() {
        let t = prog.vars.get(par.var.index()).map(|v| v.ty.clone());
        let Some(t) = t else { continue };
        match par.mode {
            ParamMode::Timer => {}
            ParamMode::Val if ty::is_word_scalar(prog, &t) => words.push(WordSrc::Arg(j)),
            _ => {
                words.push(WordSrc::ArgAddr(j));
                for k in ty::open_dims(prog, &t) {
                    words.push(WordSrc::ArgDim(j, k));
                }
            }
        }
    }
    for v in &p.free_vars {
        let Some(info) = prog.vars.get(v.index()) else {
            continue;
        };
        if matches!(info.kind, VarKind::Timer | VarKind::Constant) {
            continue;
        }
        words.push(WordSrc::Free(*v));
        for k in ty::open_dims(prog, &info.ty) {
            words.push(WordSrc::FreeDim(*v, k));
        }
    }
    let result_in_a = p
        .results
        .first()
        .is_some_and(|t| ty::is_word_scalar(prog, t));
    for i in usize::from(result_in_a)..p.results.len() {
        words.push(WordSrc::Result(i));
    }
    Abi { words, result_in_a }
}

impl Gen<'_, '_> {
    /// Calls routine `pid` with `args`; `results` are the addresses for results passed
    /// by pointer (indexed by result number). Leaves result 0 in A if it is returned
    /// there.
    pub fn call_routine(&mut self, pid: usize, args: &[Actual], results: &[(usize, V)]) {
        let Some(abi) = self.u.abi.get(pid).cloned() else {
            return;
        };
        let arg_expr = |j: usize| -> Option<&Expr> {
            match args.get(j) {
                Some(Actual::Val(e)) | Some(Actual::Ref(e)) => Some(e),
                _ => None,
            }
        };
        let mut vals: Vec<V> = Vec::new();
        for w in &abi.words {
            let v = match w {
                WordSrc::Arg(j) => arg_expr(*j).map(V::Val),
                WordSrc::ArgAddr(j) => arg_expr(*j).map(V::Addr),
                WordSrc::ArgDim(j, k) => arg_expr(*j).map(|e| V::Dim(e, *k)),
                WordSrc::Free(v) => Some(V::VarAddr(*v)),
                WordSrc::FreeDim(v, k) => Some(V::VarDim(*v, *k)),
                WordSrc::Result(i) => results.iter().find(|(r, _)| r == i).map(|(_, v)| *v),
            };
            vals.push(v.unwrap_or(V::Const(0)));
        }
        let mark = self.mark_frame();
        // Arguments that call routines themselves would overwrite W[0..]: compute
        // everything into temporaries first.
        let any_call = args.iter().any(|a| match a {
            Actual::Val(e) | Actual::Ref(e) => has_call(e),
            Actual::Timer => false,
        });
        if any_call {
            for v in vals.iter_mut() {
                if !matches!(v, V::Const(_)) {
                    self.push(v);
                    let t = self.temp();
                    self.store_word(t.0, t.1);
                    *v = V::Word(t.0, t.1);
                }
            }
        }
        let n = vals.len();
        if n > 3 {
            self.need_args((n - 3) as u32);
            let cur = self.cur;
            for (j, v) in vals.iter().enumerate().skip(3) {
                self.push_list(&[*v]);
                self.store_word(cur, j as i32 - 3);
            }
        }
        let regs: Vec<V> = vals.iter().take(3).rev().copied().collect();
        self.push_list(&regs);
        let target = self.u.proc_label[pid];
        self.emit(Item::Direct(Func::Call, Operand::Rel(target, 0)));
        let depth = self.ctxs[self.cur].depth;
        self.calls.push((pid, depth));
        let callee_total = self.u.proc_total.get(pid).copied().unwrap_or(0);
        self.need_below(4 + callee_total);
        self.release(mark);
    }

    /// A single-result FUNCTION call as a value in A.
    pub fn call_function_value(&mut self, pid: usize, args: &[Actual], e: &Expr) {
        if self.u.abi.get(pid).is_some_and(|a| a.result_in_a) {
            self.call_routine(pid, args, &[]);
        } else {
            self.unsupported(e.span, "this FUNCTION result as a word value");
        }
    }

    /// `a, b := f (x)`: results to temporaries, then to the targets.
    pub fn assign_call(&mut self, targets: &[Expr], pid: usize, args: &[Actual]) {
        let Some(abi) = self.u.abi.get(pid).cloned() else {
            return;
        };
        let results = self.u.prog.procs[pid].results.clone();
        let mut temps = Vec::new();
        let mut ptrs = Vec::new();
        for (i, t) in results.iter().enumerate() {
            let n = ty::words(self.size(t)).max(1);
            let tmp = self.temp_keep(n);
            temps.push(tmp);
            if !(i == 0 && abi.result_in_a) {
                ptrs.push((i, V::WordAddr(tmp.0, tmp.1)));
            }
        }
        self.call_routine(pid, args, &ptrs);
        if abi.result_in_a {
            if let Some(&(c, o)) = temps.first() {
                self.store_word(c, o);
            }
        }
        for (i, target) in targets.iter().enumerate() {
            let Some(&(c, o)) = temps.get(i) else { break };
            if ty::is_word_scalar(self.u.prog, &target.ty) {
                let rt = results.get(i).cloned().unwrap_or(crate::ir::Type::Int);
                if matches!(ty::resolve(self.u.prog, &rt), crate::ir::Type::Int16)
                    && !(i == 0 && abi.result_in_a)
                {
                    // Came through memory as two bytes into a fresh word.
                    self.addr_word(c, o);
                    self.load_mem(&rt);
                    self.store_word(c, o);
                }
                self.store_to(target, V::Word(c, o));
            } else {
                self.push_list(&[V::WordAddr(c, o), V::Addr(target), V::Bytes(target)]);
                self.op(Op::Move);
            }
        }
    }

    /// Computes a storage-less aggregate (FUNCTION result, VALOF, table) into a
    /// temporary and pushes its address.
    pub fn aggregate_to_temp(&mut self, e: &Expr) {
        let n = ty::words(self.size(&e.ty)).max(1);
        let (c, o) = self.temp_keep(n);
        match &e.kind {
            ExprKind::Call(p, args) => {
                self.call_routine(p.index(), args, &[(0, V::WordAddr(c, o))]);
            }
            ExprKind::Valof(valof) => {
                let (body, results) = &**valof;
                if let Some(r) = self.valof_scope(body) {
                    if let Some(res) = results.first() {
                        self.push_list(&[V::Addr(res), V::WordAddr(c, o), V::Bytes(res)]);
                        self.op(Op::Move);
                    }
                    self.release(r);
                }
            }
            ExprKind::Table(elems) => {
                let es = ty::element(self.u.prog, &e.ty).map_or(4, |x| x.1);
                for (i, el) in elems.iter().enumerate() {
                    let off = (i as u32 * es) as i32;
                    if ty::is_word_scalar(self.u.prog, &el.ty) {
                        self.push_val(el);
                        self.addr_word(c, o);
                        self.add_offset(off);
                        self.store_mem(&el.ty);
                    } else {
                        self.push_list(&[V::Addr(el), V::WordAddr(c, o), V::Bytes(el)]);
                        // Destination: temp + off (B), count (A): redo with offset.
                        self.op(Op::Rev);
                        self.add_offset(off);
                        self.op(Op::Rev);
                        self.op(Op::Move);
                    }
                }
            }
            ExprKind::Binary(..)
            | ExprKind::Unary(..)
            | ExprKind::Convert(..)
            | ExprKind::Intrinsic(..) => self.wide_into(e, c, o),
            _ => self.unsupported(e.span, "this aggregate expression"),
        }
        self.addr_word(c, o);
    }

    /// Runs a VALOF body keeping its declarations alive for the results; returns the
    /// frame mark to release afterwards.
    pub fn valof_scope(&mut self, body: &Process) -> Option<u32> {
        let mark = self.mark_frame();
        match body {
            Process::Scope(decls, inner) => {
                for d in decls {
                    self.declare(d);
                }
                self.process(inner);
            }
            p => self.process(p),
        }
        Some(mark)
    }

    /// Prologue of a routine: binds parameter words (at W[frame+1+j]).
    pub fn bind_params(&mut self, p: &Proc, abi: &Abi, frame: u32) {
        for (j, w) in abi.words.iter().enumerate() {
            let off = frame as i32 + 1 + j as i32;
            let ctx = self.cur;
            match w {
                WordSrc::Arg(k) => {
                    if let Some(par) = p.params.get(*k) {
                        self.vars.insert(
                            par.var,
                            VarLoc {
                                loc: Loc::Local { ctx, off },
                                dims: vec![],
                            },
                        );
                    }
                }
                WordSrc::ArgAddr(k) => {
                    if let Some(par) = p.params.get(*k) {
                        self.bind_ptr(par.var, ctx, off);
                    }
                }
                WordSrc::ArgDim(k, d) => {
                    if let Some(par) = p.params.get(*k) {
                        self.bind_dim(par.var, *d, ctx, off);
                    }
                }
                WordSrc::Free(v) => self.bind_ptr(*v, ctx, off),
                WordSrc::FreeDim(v, d) => self.bind_dim(*v, *d, ctx, off),
                WordSrc::Result(i) => {
                    if self.result_ptrs.len() <= *i {
                        self.result_ptrs.resize(*i + 1, (ctx, 0));
                    }
                    self.result_ptrs[*i] = (ctx, off);
                }
            }
        }
        for par in &p.params {
            if par.mode == ParamMode::Timer {
                self.vars.insert(
                    par.var,
                    VarLoc {
                        loc: Loc::Timer,
                        dims: vec![],
                    },
                );
            }
        }
        for v in &p.free_vars {
            if let Some(info) = self.u.prog.vars.get(v.index()) {
                let loc = match (info.kind, &info.value) {
                    (VarKind::Timer, _) => Some(Loc::Timer),
                    (VarKind::Constant, Some(c)) => Some(Loc::Const(c.clone())),
                    _ => None,
                };
                if let Some(loc) = loc {
                    self.vars.insert(*v, VarLoc { loc, dims: vec![] });
                }
            }
        }
    }

    fn bind_ptr(&mut self, v: VarId, ctx: usize, off: i32) {
        let e = self.vars.entry(v).or_insert(VarLoc {
            loc: Loc::Ptr { ctx, off },
            dims: vec![],
        });
        e.loc = Loc::Ptr { ctx, off };
    }

    fn bind_dim(&mut self, v: VarId, k: usize, ctx: usize, off: i32) {
        let e = self.vars.entry(v).or_insert(VarLoc {
            loc: Loc::Timer,
            dims: vec![],
        });
        e.dims.push((k, Dim::Word { ctx, off }));
    }

    /// FUNCTION epilogue: results through pointers, result 0 in A if it goes there.
    pub fn function_results(&mut self, abi: &Abi, results: &[Expr]) {
        for (i, r) in results.iter().enumerate() {
            if i == 0 && abi.result_in_a {
                continue;
            }
            let Some(&(c, o)) = self.result_ptrs.get(i) else {
                continue;
            };
            if ty::is_word_scalar(self.u.prog, &r.ty) {
                self.push_list(&[V::Val(r), V::Word(c, o)]);
                self.store_mem(&r.ty);
            } else {
                self.push_list(&[V::Addr(r), V::Word(c, o), V::Bytes(r)]);
                self.op(Op::Move);
            }
        }
        if abi.result_in_a {
            if let Some(r) = results.first() {
                self.push_val(r);
            }
        }
    }
}
