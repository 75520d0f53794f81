//! Code generation: the checked IR (`ir.rs`) to symbolic T800 code in a linker
//! object (`linker::object`).
//!
//! # Conventions
//!
//! **Workspace.** occam 2.1 has no recursion, so every workspace is laid out
//! statically. A PROC does `ajw -F` on entry and `ajw F; ret` on exit; its frame of F
//! words holds, from W[0] up, the outgoing call words (at least one word: W[0] is
//! also Temp.s for ALT and `outbyte`/`outword`), then locals and temporaries
//! (allocated stack-wise per scope). Below every process's Wptr 5 words are reserved
//! for the scheduler (t800.md §3.2); callee frames and PAR branch workspaces go below
//! those. Each object symbol records `ws_own` = the routine's whole need (frame plus
//! everything below, callees included) and its calls with their offsets, so the
//! linker's total agrees. Every PROC is generated twice (see `gen.rs`): the first
//! pass measures frames, the second emits with final offsets.
//!
//! **Registers.** Values are pushed on the 3-register stack with Sethi–Ullman
//! ordering and spilled to workspace temporaries when an expression needs more than
//! three slots (`expr.rs`). Nothing is live in A/B/C across a descheduling point:
//! calls, VALOFs, loops and channel operations start with an empty stack.
//!
//! **Calls** (t800.md §7). A routine's parameter words are, in order: each formal
//! (VAL scalars of at most a word by value; everything else — references, VAL
//! aggregates, INT64/REAL64, channels, ports — as a pointer, followed by one word per
//! open array dimension), then each free variable (`Proc::free_vars`) as a pointer
//! (plus its open dimensions), then a pointer for every FUNCTION result not returned
//! in A. Timers pass nothing. Words 0–2 travel in A, B, C (the callee finds them at
//! W[F+1..F+3] after its `ajw`), the rest are stored by the caller at its W[0], W[1], …
//! (the callee's W[F+4..]). A FUNCTION's first result comes back in A when it is a
//! word-sized scalar (REAL32 included, as its bit pattern). INLINE routines are
//! compiled as ordinary calls.
//!
//! **Symbols.** Every routine is a local symbol named `name#id` (unique even for
//! equally named nested PROCs); in a program unit the wrapper `main` (see
//! `entry.rs`, which also documents the link-0 framing of keyboard/screen/error) is
//! the one export.
//!
//! **Library units.** A unit whose last PROC cannot start a program (it takes
//! parameters, or there is none), or one compiled with `Options::library`, has no
//! wrapper: it exports every outer-level PROC and FUNCTION of its main file under
//! its occam name (`Program::exports`; one called `main` stays local, and a last
//! PROC called `main` that cannot start a program is an error, E1004), each with a
//! descriptor (its header, written here by `sema::interface::header`, and
//! total workspace) so other units can be compiled against it. Routines of compiled
//! libraries (`Program::imports`) are not generated: calls go to an imported symbol
//! the linker binds, and the caller's frame allows the descriptor's workspace.
//!
//! **Errors.** Checks use the E-flagged instructions (`add`, `sub`, `mul`, `div`,
//! `rem`, `adc`, `csub0`, `cword`); IF without a true guard, CASE without a match and
//! failed variant inputs execute `seterr; stopp`. In HALT mode (default) the boot stub
//! has set HaltOnError, so `seterr` halts the processor; in STOP mode STOP compiles to
//! `stopp`, and a `stoperr` follows every statement (and condition, CASE selector)
//! containing checks (so the failing process stops at the end of that statement, not
//! inside it); Error is global and stays set, so code without checks carries no
//! `stoperr` and other processes keep running. A failed IF/CASE does `seterr; stoperr`.
//!
//! **ALT.** Between `alt` and `altend` the ALT's state lives in W[0] and below Wptr,
//! so a guard operand that calls a routine is evaluated in a workspace moved below
//! those words (`par.rs`, `isolated_word`).
//!
//! **Line table.** Every statement (and IF/WHILE condition) starts a line-table row.
//!
//! Not implemented yet (reported as error E1001, never miscompiled): see `wide.rs`
//! for INT64/REAL and intrinsics; an abbreviation before ALT guards whose target is a
//! non-scalar FUNCTION result; PRI PAR with more than two priority levels (the
//! transputer has two: the first process high, the rest low).

mod asm;
mod calls;
mod chan;
mod conv;
mod entry;
mod expr;
mod gen;
mod int64;
mod intrinsics;
mod par;
mod real;
mod stmt;
pub mod ty;
mod walk;
mod wide;

use crate::diag::{Diagnostic, SourceMap, Span};
use crate::ir::{ProcId, Program};
use calls::{abi_of, Abi};
use gen::{Gen, Link};
use linker::builder::{Frame, ObjectBuilder};
use linker::object::{Call, Descriptor, ErrorMode, HostIo, Object, SymbolKind};
use t800_isa::asm::{Item, Label};
use t800_isa::{Func, Op};

/// Code generation options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Unit name recorded in the object.
    pub unit: String,
    /// HALT (default) or STOP error mode.
    pub error_mode: ErrorMode,
    /// Compile a library unit even if the last PROC could start a program.
    pub library: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            unit: "main".into(),
            error_mode: ErrorMode::Halt,
            library: false,
        }
    }
}

/// What every PROC's generation may consult.
pub struct UnitInfo<'a> {
    pub prog: &'a Program,
    pub src: &'a SourceMap,
    pub opts: &'a Options,
    pub proc_label: Vec<Label>,
    pub proc_total: Vec<u32>,
    pub abi: Vec<Abi>,
}

/// One generated routine.
struct Routine {
    items: Vec<Item>,
    lines: Vec<(u32, Span)>,
    calls: Vec<Call>,
    total: u32,
}

/// Compiles a checked program to an object whose entry symbol is `main`.
pub fn generate(
    prog: &Program,
    src: &SourceMap,
    opts: &Options,
) -> Result<Object, Vec<Diagnostic>> {
    let mut prog = prog.clone();
    let wrapper = if opts.library {
        None
    } else {
        match entry::add_wrapper(&mut prog) {
            Ok(w) => Some(w),
            // No PROC a program could start with: a library unit, unless the last
            // PROC is called `main` (then it was meant to start a program).
            Err(_) if !prog.exports.is_empty() && !entry_is_main(&prog) => None,
            Err(d) => return Err(vec![*d]),
        }
    };
    let io = wrapper.is_some_and(|w| w.1);
    let wrapper = wrapper.map(|w| w.0.index());
    let n = prog.procs.len();
    // Only routines the program (or the library's exports) can reach are compiled:
    // a `#USE`d library costs nothing for the PROCs a program does not call.
    let roots: Vec<usize> = match wrapper {
        Some(w) => vec![w],
        None => prog.exports.iter().map(|e| e.proc_id.index()).collect(),
    };
    let order = call_order(&prog, &roots)?;
    let mut info = UnitInfo {
        prog: &prog,
        src,
        opts,
        proc_label: (0..n as u32).map(Label).collect(),
        proc_total: vec![0; n],
        abi: prog.procs.iter().map(|p| abi_of(&prog, p)).collect(),
    };
    // Imported routines: their descriptor's workspace, one label per symbol.
    let mut import_label: std::collections::HashMap<&str, Label> = Default::default();
    for (pid, imp) in &prog.imports {
        let l = *import_label.entry(&imp.symbol).or_insert(Label(pid.0));
        info.proc_label[pid.index()] = l;
        info.proc_total[pid.index()] = imp.ws_total;
    }
    let mut next_label = n as u32;
    let mut routines: Vec<Option<Routine>> = (0..n).map(|_| None).collect();
    let mut diags = Vec::new();
    for pid in order {
        if prog.imports.contains_key(&ProcId(pid as u32)) {
            continue;
        }
        let detach = io && Some(pid) == wrapper;
        let (r, used, mut d) = compile_routine(&info, pid, next_label, detach);
        next_label = used;
        diags.append(&mut d);
        info.proc_total[pid] = r.total;
        routines[pid] = Some(r);
    }
    if diags.iter().any(|d| d.is_error()) {
        return Err(diags);
    }
    build_object(&info, routines, next_label, wrapper, io).map_err(|m| {
        vec![Diagnostic::error(
            "E1005",
            Span::default(),
            format!("internal: the generated object is invalid: {m}"),
        )]
    })
}

/// The whole compiler on one file: parse, check, generate. Returns the object when
/// there were no errors, every diagnostic, and the sources for rendering them.
pub fn compile_file(
    path: &std::path::Path,
    front: &crate::syntax::Options,
    opts: &Options,
) -> (Option<Object>, Vec<Diagnostic>, SourceMap) {
    let (ast, mut diags, sources) = crate::parse_file(path, front);
    let Some(ast) = ast.filter(|_| !diags.iter().any(|d| d.is_error())) else {
        return (None, diags, sources);
    };
    let checks = crate::sema::Checks::from_options(front);
    let (ir, mut more) = crate::sema::check_with(&ast, &sources, checks);
    diags.append(&mut more);
    let Some(ir) = ir else {
        return (None, diags, sources);
    };
    match generate(&ir, &sources, opts) {
        Ok(obj) => (Some(obj), diags, sources),
        Err(mut d) => {
            diags.append(&mut d);
            (None, diags, sources)
        }
    }
}

/// The name the linker starts programs at (the wrapper's).
const ENTRY_NAME: &str = "main";

fn entry_is_main(prog: &Program) -> bool {
    prog.entry
        .and_then(|e| prog.procs.get(e.index()))
        .is_some_and(|p| p.name == ENTRY_NAME)
}

/// Routines reachable from `roots`, in callee-first order (imported routines
/// included); recursion is an error.
fn call_order(prog: &Program, roots: &[usize]) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let n = prog.procs.len();
    let edges: Vec<Vec<usize>> = prog.procs.iter().map(walk::callees).collect();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut order = Vec::with_capacity(n);
    for &root in roots {
        if root >= n || state[root] != 0 {
            continue;
        }
        state[root] = 1;
        visit(&edges, root, &mut state, &mut order, prog)?;
    }
    Ok(order)
}

/// Depth-first from `root` (already marked on the stack), appending finished
/// routines to `order`.
fn visit(
    edges: &[Vec<usize>],
    root: usize,
    state: &mut [u8],
    order: &mut Vec<usize>,
    prog: &Program,
) -> Result<(), Vec<Diagnostic>> {
    let n = edges.len();
    let mut stack = vec![(root, 0usize)];
    while let Some(&mut (p, ref mut k)) = stack.last_mut() {
        if let Some(&c) = edges[p].get(*k) {
            *k += 1;
            if c >= n {
                continue;
            }
            match state[c] {
                0 => {
                    state[c] = 1;
                    stack.push((c, 0));
                }
                1 => {
                    return Err(vec![Diagnostic::error(
                        "E1006",
                        prog.procs[c].span,
                        format!("`{}` is called recursively", prog.procs[c].name),
                    )])
                }
                _ => {}
            }
        } else {
            state[p] = 2;
            order.push(p);
            stack.pop();
        }
    }
    Ok(())
}

/// Generates one routine (two passes); returns it, the next free label and
/// diagnostics.
fn compile_routine(
    u: &UnitInfo,
    pid: usize,
    first_label: u32,
    detach: bool,
) -> (Routine, u32, Vec<Diagnostic>) {
    let mut g1 = Gen::new(u, first_label);
    g1.detach_first_par = detach;
    routine_body(&mut g1, pid);
    let mut g = Gen::new(u, first_label);
    g.first_pass = false;
    g.detach_first_par = detach;
    g.layouts = std::mem::take(&mut g1.found_layouts);
    g.par_layouts = std::mem::take(&mut g1.found_pars);
    let layout = routine_body(&mut g, pid);
    let frame = layout.above();
    let calls = g
        .calls
        .iter()
        .map(|&(callee, depth)| Call {
            callee: u.proc_label[callee],
            ws_offset: frame + depth + 4,
            vs_offset: 0,
        })
        .collect();
    let mut items = std::mem::take(&mut g.code);
    for (l, bytes) in std::mem::take(&mut g.data) {
        items.push(Item::Align(4));
        items.push(Item::Label(l));
        items.push(Item::Bytes(bytes));
    }
    let r = Routine {
        items,
        lines: g.lines,
        calls,
        total: layout.total(),
    };
    (r, g.next_label, g.diags)
}

fn routine_body(g: &mut Gen, pid: usize) -> gen::CtxLayout {
    let p = &g.u.prog.procs[pid];
    let abi = g.u.abi[pid].clone();
    let c = g.open_ctx(None, Link::Fixed(0), 0);
    let frame = g.layout_of(c).above() as i32;
    g.mark(p.span);
    if frame != 0 {
        g.d(Func::Ajw, -frame);
    }
    g.bind_params(p, &abi, frame as u32);
    if p.results.is_empty() {
        g.process(&p.body);
    } else {
        let mark = g.valof_scope(&p.body);
        g.function_results(&abi, &p.result);
        if let Some(m) = mark {
            g.release(m);
        }
    }
    if frame != 0 {
        g.d(Func::Ajw, frame);
    }
    g.op(Op::Ret);
    g.close_ctx(c, 0)
}

/// Mangled, unique symbol name of a routine that is not exported.
fn symbol_name(prog: &Program, pid: usize, wrapper: Option<usize>) -> String {
    if Some(pid) == wrapper {
        ENTRY_NAME.into()
    } else {
        format!("{}#{}", prog.procs[pid].name, pid)
    }
}

fn kind_of(p: &crate::ir::Proc) -> SymbolKind {
    if p.results.is_empty() {
        SymbolKind::Proc
    } else {
        SymbolKind::Function
    }
}

fn build_object(
    u: &UnitInfo,
    routines: Vec<Option<Routine>>,
    labels: u32,
    wrapper: Option<usize>,
    io: bool,
) -> Result<Object, String> {
    let mut b = ObjectBuilder::new(&u.opts.unit, u.opts.error_mode);
    if io {
        b.set_host_io(HostIo::Framed);
    }
    for _ in 0..labels {
        b.new_label();
    }
    // Imports the code calls (routines are only generated when reached).
    let mut imported: Vec<&str> = Vec::new();
    for (pid, imp) in &u.prog.imports {
        let called = routines.iter().flatten().any(|r| {
            r.calls
                .iter()
                .any(|c| c.callee == u.proc_label[pid.index()])
        });
        if called && !imported.contains(&imp.symbol.as_str()) {
            let kind = kind_of(&u.prog.procs[pid.index()]);
            b.import_at(&imp.symbol, kind, u.proc_label[pid.index()]);
            imported.push(&imp.symbol);
        }
    }
    // A library unit exports its outer-level routines (a name it also imports
    // stays local: the linker could not tell the two apart).
    let exports: std::collections::HashMap<usize, &crate::ir::Export> = match wrapper {
        Some(_) => Default::default(),
        None => u
            .prog
            .exports
            .iter()
            .filter(|e| {
                let name = u.prog.procs[e.proc_id.index()].name.as_str();
                // `main` is the program entry's name at link time.
                name != ENTRY_NAME && !imported.contains(&name)
            })
            .map(|e| (e.proc_id.index(), e))
            .collect(),
    };
    for (pid, r) in routines.into_iter().enumerate() {
        let Some(r) = r else { continue };
        let base = b.item_count();
        b.place(u.proc_label[pid]);
        if Some(pid) == wrapper {
            // The generated wrapper has no source of its own: say so (line 0), so
            // reports do not blame the previous routine's last line.
            let file = b.add_file(u.src.name(crate::diag::FileId(0)));
            b.line(base + 1, file, 0);
        }
        for (item, span) in r.lines.iter().filter(|_| Some(pid) != wrapper) {
            if (span.file.0 as usize) < u.src.len() {
                let file = b.add_file(u.src.name(span.file));
                let (line, _) = u.src.line_col(*span);
                b.line(base + 1 + item, file, line as u32);
            }
        }
        for it in r.items {
            b.push(it);
        }
        let p = &u.prog.procs[pid];
        let export = exports.get(&pid);
        let name = match export {
            Some(_) => p.name.clone(),
            None => symbol_name(u.prog, pid, wrapper),
        };
        if let Some(Ok(header)) = export.map(|e| crate::sema::interface::header(u.prog, e)) {
            b.describe(Descriptor {
                symbol: name.clone(),
                header,
                ws_total: r.total,
                vs_total: 0,
            });
        }
        b.define_symbol(
            &name,
            u.proc_label[pid],
            kind_of(p),
            Some(pid) == wrapper || export.is_some(),
            Frame {
                ws_own: r.total,
                vs_own: 0,
                calls: r.calls,
            },
        );
    }
    for lib in &u.prog.uses {
        b.use_library(lib);
    }
    b.finish().map_err(|e| e.to_string())
}
