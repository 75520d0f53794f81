//! Separate compilation, semantic side: routines imported from compiled libraries
//! and the interfaces a library unit exports.
//!
//! An imported routine arrives as an ordinary declaration in a source file made
//! from its object's descriptor (`syntax::library`), so scopes, types and call
//! checks treat it like any PROC or FUNCTION. [`mark_imports`] then records it in
//! `ir::Program::imports` and drops its placeholder body: usage checking counts a
//! call as its parameter modes say ([`imported_uses`]), and code generation calls
//! the library's symbol.
//!
//! [`exports`] lists the outer-level routines of the main file; [`header`]
//! writes the canonical header of one for the descriptor, when an object is
//! written. A channel parameter declared without a direction gets the direction
//! the routine's body uses it in (found by [`exports`], while the usage walk is
//! at hand), so importing programs can check their PARs as precisely as the
//! library's own callers.

use super::usage::access::{Access, AccessSet, Mode, Via};
use super::usage::walk::Analysis;
use crate::diag::{FileId, Span};
use crate::ir::{self, Direction, Export, Import, ParamMode, ProcId, Type};
use crate::sema::fxhash::FxHashMap;
use crate::syntax::ast;
use std::fmt::Write;

/// The outer-level PROC and FUNCTION declarations of `file`s, by name span.
fn routines(
    program: &ast::Program,
    in_file: impl Fn(FileId) -> bool,
) -> Vec<(&ast::Name, &[ast::Formal])> {
    program
        .specs
        .iter()
        .filter_map(|s| match &s.kind {
            ast::SpecKind::Proc { name, formals, .. }
            | ast::SpecKind::Function { name, formals, .. } => Some((name, formals.as_slice())),
            _ => None,
        })
        .filter(|(n, _)| in_file(n.span.file))
        .collect()
}

/// Each routine by the span of its name (built once: a search per routine
/// would make a program of many PROCs quadratic).
fn procs_by_span(prog: &ir::Program) -> FxHashMap<Span, ProcId> {
    let mut map = FxHashMap::default();
    map.reserve(prog.procs.len());
    for (i, p) in prog.procs.iter().enumerate() {
        map.entry(p.span).or_insert(ProcId(i as u32));
    }
    map
}

/// Marks the routines declared by compiled libraries as imported and drops their
/// placeholder bodies.
pub fn mark_imports(program: &ast::Program, prog: &mut ir::Program) {
    if program.imports.is_empty() {
        return;
    }
    let by_span = procs_by_span(prog);
    for imp in &program.imports {
        for (name, formals) in routines(program, |f| f == imp.file) {
            let (Some(pid), Some(r)) = (
                by_span.get(&name.span).copied(),
                imp.routines.iter().find(|r| r.name == name.text),
            ) else {
                continue;
            };
            let dirs = formals
                .iter()
                .map(|f| match f.dir {
                    Some(ast::ChanDir::Input) => Some(Direction::Input),
                    Some(ast::ChanDir::Output) => Some(Direction::Output),
                    None => None,
                })
                .collect();
            let p = &mut prog.procs[pid.index()];
            p.body = ir::Process::Skip;
            p.result.clear();
            prog.imports.insert(
                pid,
                Import {
                    symbol: r.symbol.clone(),
                    ws_total: r.ws_total,
                    vs_total: r.vs_total,
                    dirs,
                },
            );
        }
    }
}

/// What a call of an imported routine does to its parameters: reference
/// parameters are written, channels and ports used in their direction (both ways
/// when it is not known). VAL parameters are read by the call itself.
pub fn imported_uses(p: &ir::Proc, imp: &Import) -> AccessSet {
    let mut set = AccessSet::default();
    for (k, par) in p.params.iter().enumerate() {
        let modes: &[Mode] = match (par.mode, imp.dirs.get(k).copied().flatten()) {
            (ParamMode::Val | ParamMode::Timer, _) => &[],
            (ParamMode::Ref, _) => &[Mode::Write],
            (_, Some(Direction::Input)) => &[Mode::Input],
            (_, Some(Direction::Output)) => &[Mode::Output],
            (_, None) => &[Mode::Input, Mode::Output],
        };
        for &mode in modes {
            set.add(Access {
                var: par.var,
                root: par.var,
                path: Vec::new(),
                mode,
                via: Via::Direct,
                span: p.span,
            });
        }
    }
    set
}

/// The outer-level routines of the main file (the last declaration of a name
/// only: it hides the others), with the directions their headers give their
/// channel parameters.
pub fn exports(program: &ast::Program, an: &mut Analysis<'_>) -> Vec<Export> {
    let prog = an.prog;
    let decls = routines(program, |f| f == FileId(0));
    let mut last: FxHashMap<&str, usize> = FxHashMap::default();
    last.reserve(decls.len());
    for (i, (n, _)) in decls.iter().enumerate() {
        last.insert(&n.text, i);
    }
    let mut out = Vec::with_capacity(last.len());
    // Routines are numbered in declaration order (a nested one after its
    // parent), so each outer-level one is found by searching on from the
    // previous one instead of through a map of every routine.
    let mut next = 0;
    for (i, (name, formals)) in decls.iter().enumerate() {
        let found = prog.procs[next..].iter().position(|p| p.span == name.span);
        let Some(pid) = found.map(|k| next + k) else {
            continue;
        };
        next = pid + 1;
        let pid = ProcId(pid as u32);
        if last.get(name.text.as_str()) != Some(&i) {
            continue;
        }
        let p = &prog.procs[pid.index()];
        let mut dirs = Vec::new();
        if p.params.iter().any(|par| par.mode == ParamMode::Chan) {
            let uses = an.summary(pid);
            let used = |v: ir::VarId, m: Mode| uses.iter().any(|a| a.var == v && a.mode == m);
            dirs = p
                .params
                .iter()
                .enumerate()
                .map(|(k, par)| {
                    let declared = formals.get(k).and_then(|f| f.dir);
                    match (par.mode, declared) {
                        (ParamMode::Chan, Some(ast::ChanDir::Input)) => Some(Direction::Input),
                        (ParamMode::Chan, Some(ast::ChanDir::Output)) => Some(Direction::Output),
                        (ParamMode::Chan, None) if used(par.var, Mode::Input) => {
                            Some(Direction::Input)
                        }
                        (ParamMode::Chan, None) if used(par.var, Mode::Output) => {
                            Some(Direction::Output)
                        }
                        _ => None,
                    }
                })
                .collect();
        }
        out.push(Export { proc_id: pid, dirs });
    }
    out
}

/// The canonical occam header of an exported routine for its object's
/// descriptor, or why it cannot be written (e.g. a parameter of a named
/// type, which a descriptor cannot carry).
pub fn header(prog: &ir::Program, e: &Export) -> Result<String, String> {
    let p = &prog.procs[e.proc_id.index()];
    // Hidden parameters for outer-level storage: no other unit could pass them.
    let hidden = p.free_vars.iter().find(|v| {
        prog.vars
            .get(v.index())
            .is_some_and(|i| !matches!(i.kind, ir::VarKind::Timer | ir::VarKind::Constant))
    });
    if let Some(v) = hidden {
        return Err(format!(
            "it uses `{}`, declared outside it",
            prog.vars[v.index()].name
        ));
    }
    let mut params = String::new();
    for (k, par) in p.params.iter().enumerate() {
        let info = &prog.vars[par.var.index()];
        if k > 0 {
            params.push_str(", ");
        }
        if par.mode == ParamMode::Val {
            params.push_str("VAL ");
        }
        show(prog, &info.ty, &mut params)
            .map_err(|t| format!("parameter `{}` has the named type `{t}`", info.name))?;
        let dir = match e.dirs.get(k).copied().flatten() {
            Some(Direction::Input) => "?",
            Some(Direction::Output) => "!",
            None => "",
        };
        params.push(' ');
        params.push_str(&info.name);
        params.push_str(dir);
    }
    if p.results.is_empty() {
        return Ok(format!("PROC {} ({params})", p.name));
    }
    let mut results = String::new();
    for (k, t) in p.results.iter().enumerate() {
        if k > 0 {
            results.push_str(", ");
        }
        show(prog, t, &mut results).map_err(|t| format!("a result has the named type `{t}`"))?;
    }
    Ok(format!("{results} FUNCTION {} ({params})", p.name))
}

/// A type as a descriptor writes it, appended to `out`; named types and
/// protocols (which the importing program could not name) give their name as
/// the error.
fn show(prog: &ir::Program, ty: &Type, out: &mut String) -> Result<(), String> {
    match ty {
        Type::Bool => out.push_str("BOOL"),
        Type::Byte => out.push_str("BYTE"),
        Type::Int => out.push_str("INT"),
        Type::Int16 => out.push_str("INT16"),
        Type::Int32 => out.push_str("INT32"),
        Type::Int64 => out.push_str("INT64"),
        Type::Real32 => out.push_str("REAL32"),
        Type::Real64 => out.push_str("REAL64"),
        Type::Array(n, e) => {
            match n {
                Some(n) => {
                    let _ = write!(out, "[{n}]");
                }
                None => out.push_str("[]"),
            }
            show(prog, e, out)?;
        }
        Type::Named(id) => {
            return Err(prog
                .types
                .get(id.index())
                .map_or_else(|| "?".into(), |t| t.name.clone()))
        }
        Type::Chan(p) => {
            if let Some(Some(name)) = prog.protocol_names.get(p.index()) {
                return Err(name.clone());
            }
            match prog.protocols.get(p.index()) {
                Some(ir::Protocol::Any) => out.push_str("CHAN OF ANY"),
                Some(ir::Protocol::Sequential(items)) => {
                    out.push_str("CHAN OF ");
                    for (k, i) in items.iter().enumerate() {
                        if k > 0 {
                            out.push_str("; ");
                        }
                        match i {
                            ir::ProtoItem::Value(t) => show(prog, t, out)?,
                            ir::ProtoItem::Counted(c, e) => {
                                show(prog, c, out)?;
                                out.push_str("::[]");
                                show(prog, e, out)?;
                            }
                        }
                    }
                }
                _ => return Err("a variant protocol".into()),
            }
        }
        Type::Timer => out.push_str("TIMER"),
        Type::Port(t) => {
            out.push_str("PORT OF ");
            show(prog, t, out)?;
        }
    }
    Ok(())
}
