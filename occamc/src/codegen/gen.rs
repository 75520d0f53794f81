//! Per-PROC generation state: the item buffer, labels, workspace contexts and the
//! places where variables live.
//!
//! A *context* is one process's workspace: a PROC body or a PAR branch. Its words
//! above Wptr are `[0, args)` (outgoing call words and Temp.s) then locals; below Wptr
//! it needs `below` words (the 5 scheduler slots, callee frames, nested PAR branch
//! workspaces). A branch reaches its parent's variables through a fixed word offset
//! (plain PAR: the branch workspace lies at a known place in the parent's) or through
//! a pointer to the parent's Wptr stored in its own frame (replicated PAR, whose
//! copies share code). Frame sizes are only known after a PROC is generated, so every
//! PROC is generated twice: the first pass records the layout of every context and
//! PAR, the second uses it and its items are kept.

use super::{ty, Options, UnitInfo};
use crate::diag::{Diagnostic, Span};
use crate::ir::{Const, VarId};
use linker::object::ErrorMode;
use std::collections::HashMap;
use t800_isa::asm::{Item, Label, Operand};
use t800_isa::{Func, Op};

/// Words reserved below every process's Wptr for the scheduler (t800.md §3.2).
pub const RESERVED_BELOW: u32 = 5;

/// How a context reaches its parent's workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Parent Wptr = this Wptr + 4·d.
    Fixed(i32),
    /// This context's word `slot` holds the parent's Wptr.
    Dynamic(i32),
}

/// Layout facts of one context, found by the first pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CtxLayout {
    /// Words at `[0, args)` for outgoing call words (at least 1: Temp.s).
    pub args: u32,
    /// Words of locals above the args area.
    pub locals: u32,
    /// Words needed below Wptr.
    pub below: u32,
}

impl CtxLayout {
    /// Words above Wptr.
    pub fn above(&self) -> u32 {
        self.args + self.locals
    }
    /// The whole workspace of the context.
    pub fn total(&self) -> u32 {
        self.above() + self.below
    }
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub parent: Option<usize>,
    pub link: Link,
    /// Worst-case words from the PROC's Wptr (after its `ajw`) down to this Wptr.
    pub depth: u32,
    args: u32,
    args_needed: u32,
    top: u32,
    max: u32,
    below: u32,
    index: usize,
}

/// Where a variable's storage (or its value) is.
#[derive(Clone, Debug, PartialEq)]
pub enum Loc {
    /// The data is in the workspace of `ctx`, from word `off`.
    Local { ctx: usize, off: i32 },
    /// Word `off` of `ctx` holds a pointer to the data.
    Ptr { ctx: usize, off: i32 },
    /// A folded constant.
    Const(Const),
    /// At a fixed address (`PLACE … AT`).
    Placed(u32),
    /// A timer (no storage).
    Timer,
}

/// Run-time size of one array dimension.
#[derive(Clone, Debug, PartialEq)]
pub enum Dim {
    Word { ctx: usize, off: i32 },
}

/// A variable's location plus its open-dimension sizes (outermost first, only for
/// dimensions whose size is not in the type).
#[derive(Clone, Debug, PartialEq)]
pub struct VarLoc {
    pub loc: Loc,
    pub dims: Vec<(usize, Dim)>,
}

/// Generation state of one PROC (one pass).
pub struct Gen<'u, 'a> {
    pub u: &'u UnitInfo<'a>,
    pub first_pass: bool,
    pub layouts: Vec<CtxLayout>,
    pub par_layouts: Vec<Vec<CtxLayout>>,
    pub found_layouts: Vec<CtxLayout>,
    pub found_pars: Vec<Vec<CtxLayout>>,
    pub ctx_count: usize,
    pub par_count: usize,
    pub ctxs: Vec<Ctx>,
    pub cur: usize,
    pub vars: HashMap<VarId, VarLoc>,
    pub code: Vec<Item>,
    pub next_label: u32,
    pub lines: Vec<(u32, Span)>,
    /// Calls: callee PROC index and the depth of the calling context.
    pub calls: Vec<(usize, u32)>,
    pub data: Vec<(Label, Vec<u8>)>,
    pub diags: Vec<Diagnostic>,
    /// Current FUNCTION's hidden result pointers (var-like words), if any.
    pub result_ptrs: Vec<(usize, i32)>,
    /// ALT bookkeeping (see `chan.rs`): selected replicator words, guard counters.
    pub alt_sels: Vec<(usize, i32)>,
    pub alt_sel_next: usize,
    pub alt_guard_next: usize,
    pub alt_body_next: usize,
    /// The next PAR's first branch is not joined (the entry harness's keyboard).
    pub detach_first_par: bool,
}

impl<'u, 'a> Gen<'u, 'a> {
    pub fn new(u: &'u UnitInfo<'a>, first_label: u32) -> Self {
        Gen {
            u,
            first_pass: true,
            layouts: Vec::new(),
            par_layouts: Vec::new(),
            found_layouts: Vec::new(),
            found_pars: Vec::new(),
            ctx_count: 0,
            par_count: 0,
            ctxs: Vec::new(),
            cur: 0,
            vars: HashMap::new(),
            code: Vec::new(),
            next_label: first_label,
            lines: Vec::new(),
            calls: Vec::new(),
            data: Vec::new(),
            diags: Vec::new(),
            result_ptrs: Vec::new(),
            alt_sels: Vec::new(),
            alt_sel_next: 0,
            alt_guard_next: 0,
            alt_body_next: 0,
            detach_first_par: false,
        }
    }

    pub fn opts(&self) -> &Options {
        self.u.opts
    }

    // ---- items -------------------------------------------------------------------

    pub fn emit(&mut self, it: Item) {
        self.code.push(it);
    }
    pub fn d(&mut self, f: Func, n: i32) {
        self.emit(Item::Direct(f, Operand::Const(n)));
    }
    pub fn op(&mut self, o: Op) {
        self.emit(Item::Op(o));
    }
    /// Pushes a constant; addresses near MostNeg (link channel words, the memory
    /// map) are built from `mint`, which is much shorter than their prefix chains.
    pub fn ldc(&mut self, v: i32) {
        let off = (v as u32).wrapping_sub(i32::MIN as u32);
        if off < 0x1000 && off.is_multiple_of(4) {
            self.op(Op::Mint);
            if off != 0 {
                self.d(Func::Ldnlp, (off / 4) as i32);
            }
        } else {
            self.d(Func::Ldc, v);
        }
    }
    pub fn label(&mut self) -> Label {
        self.next_label += 1;
        Label(self.next_label - 1)
    }
    pub fn place(&mut self, l: Label) {
        self.emit(Item::Label(l));
    }
    pub fn jump(&mut self, f: Func, l: Label) {
        self.emit(Item::Direct(f, Operand::Rel(l, 0)));
    }
    /// Pushes the address of label `l` (`ldc l - m; ldpi; m:`).
    pub fn ld_label_addr(&mut self, l: Label) {
        let m = self.label();
        self.emit(Item::Direct(Func::Ldc, Operand::Diff(l, m, 0)));
        self.op(Op::Ldpi);
        self.place(m);
    }
    /// Read-only data placed after the PROC's code; returns its label.
    pub fn add_data(&mut self, bytes: Vec<u8>) -> Label {
        let l = self.label();
        self.data.push((l, bytes));
        l
    }
    /// Records that code from here on comes from `span`'s line.
    pub fn mark(&mut self, span: Span) {
        self.lines.push((self.code.len() as u32, span));
    }
    /// Reports a construct this code generator cannot compile.
    pub fn unsupported(&mut self, span: Span, what: &str) {
        self.diags.push(Diagnostic::error(
            "E1001",
            span,
            format!("code generation does not support {what} yet"),
        ));
    }

    // ---- run-time failure ----------------------------------------------------------

    /// A run-time error at this point (IF without a true guard, CASE without a match,
    /// failed check): HALT mode halts the processor via `seterr`; STOP mode also sets
    /// Error (so it shows) and stops the process.
    pub fn runtime_error(&mut self) {
        self.op(Op::Seterr);
        if self.opts().error_mode == ErrorMode::Stop {
            self.op(Op::Stoperr);
        } else {
            self.op(Op::Stopp);
        }
    }
    /// The STOP process.
    pub fn stop_process(&mut self) {
        if self.opts().error_mode == ErrorMode::Stop {
            self.op(Op::Stopp);
        } else {
            self.op(Op::Seterr);
            self.op(Op::Stopp);
        }
    }
    /// After a statement whose checks may have set Error: in STOP mode, stop the
    /// process here (nothing is live on the stack between statements).
    pub fn after_checks(&mut self) {
        if self.opts().error_mode == ErrorMode::Stop {
            self.op(Op::Stoperr);
        }
    }
    /// [`Gen::after_checks`] if any of `exprs` has checks (see [`super::walk::checked`]).
    pub fn after_checks_of<'e>(&mut self, exprs: impl IntoIterator<Item = &'e crate::ir::Expr>) {
        let prog = self.u.prog;
        if exprs.into_iter().any(|e| super::walk::checked(prog, e)) {
            self.after_checks();
        }
    }

    // ---- contexts ------------------------------------------------------------------

    /// Opens a context and makes it current; returns its index.
    pub fn open_ctx(&mut self, parent: Option<usize>, link: Link, depth: u32) -> usize {
        let index = self.ctx_count;
        self.ctx_count += 1;
        let args = if self.first_pass {
            1
        } else {
            self.layouts.get(index).map_or(1, |l| l.args)
        };
        self.ctxs.push(Ctx {
            parent,
            link,
            depth,
            args,
            args_needed: 1,
            top: 0,
            max: 0,
            below: RESERVED_BELOW,
            index,
        });
        self.cur = self.ctxs.len() - 1;
        self.cur
    }

    /// Closes context `c` (restoring `back` as current) and returns its layout.
    pub fn close_ctx(&mut self, c: usize, back: usize) -> CtxLayout {
        let x = &self.ctxs[c];
        let found = CtxLayout {
            args: x.args_needed,
            locals: x.max,
            below: x.below,
        };
        if self.first_pass {
            if self.found_layouts.len() <= x.index {
                self.found_layouts.resize(x.index + 1, CtxLayout::default());
            }
            self.found_layouts[x.index] = found;
        }
        self.cur = back;
        self.layout_of(c)
    }

    /// The layout of context `c` as the second pass uses it.
    pub fn layout_of(&self, c: usize) -> CtxLayout {
        let x = &self.ctxs[c];
        if self.first_pass {
            CtxLayout {
                args: x.args_needed,
                locals: x.max,
                below: x.below,
            }
        } else {
            self.layouts.get(x.index).copied().unwrap_or_default()
        }
    }

    /// Allocates `n` words in the current context; returns the word offset.
    pub fn alloc(&mut self, n: u32) -> i32 {
        let c = &mut self.ctxs[self.cur];
        let off = (c.args + c.top) as i32;
        c.top += n;
        c.max = c.max.max(c.top);
        off
    }
    pub fn mark_frame(&self) -> u32 {
        self.ctxs[self.cur].top
    }
    pub fn release(&mut self, mark: u32) {
        self.ctxs[self.cur].top = mark;
    }
    /// A one-word temporary in the current context.
    pub fn temp(&mut self) -> (usize, i32) {
        (self.cur, self.alloc(1))
    }
    /// The current context needs `n` outgoing call words at W[0..n).
    pub fn need_args(&mut self, n: u32) {
        let c = &mut self.ctxs[self.cur];
        c.args_needed = c.args_needed.max(n);
    }
    /// The current context needs `n` words below its Wptr.
    pub fn need_below(&mut self, n: u32) {
        let c = &mut self.ctxs[self.cur];
        c.below = c.below.max(n);
    }

    // ---- reaching workspace words ---------------------------------------------------

    /// Emits the loads that reach context `target` from the current one; returns
    /// whether A now holds the target's Wptr (else the target is reached with `ldl`
    /// offsets) and the word offset to add.
    fn reach(&mut self, target: usize) -> (bool, i32) {
        let mut c = self.cur;
        let mut acc = 0i32;
        let mut ptr = false;
        while c != target {
            let (link, parent) = (self.ctxs[c].link, self.ctxs[c].parent);
            match link {
                Link::Fixed(d) => acc += d,
                Link::Dynamic(slot) => {
                    self.d(if ptr { Func::Ldnl } else { Func::Ldl }, acc + slot);
                    ptr = true;
                    acc = 0;
                }
            }
            match parent {
                Some(p) => c = p,
                None => break,
            }
        }
        (ptr, acc)
    }
    /// Pushes the word at (`ctx`, `off`).
    pub fn load_word(&mut self, ctx: usize, off: i32) {
        let (p, acc) = self.reach(ctx);
        self.d(if p { Func::Ldnl } else { Func::Ldl }, acc + off);
    }
    /// Pushes the address of word (`ctx`, `off`).
    pub fn addr_word(&mut self, ctx: usize, off: i32) {
        let (p, acc) = self.reach(ctx);
        self.d(if p { Func::Ldnlp } else { Func::Ldlp }, acc + off);
    }
    /// Stores A into word (`ctx`, `off`) (needs one free register for far contexts).
    pub fn store_word(&mut self, ctx: usize, off: i32) {
        let (p, acc) = self.reach(ctx);
        self.d(if p { Func::Stnl } else { Func::Stl }, acc + off);
    }

    /// Pushes a dimension size.
    pub fn load_dim(&mut self, d: &Dim) {
        match *d {
            Dim::Word { ctx, off } => self.load_word(ctx, off),
        }
    }

    /// Size in bytes of a type (see [`ty::size_of`]).
    pub fn size(&self, t: &crate::ir::Type) -> u32 {
        ty::size_of(self.u.prog, t)
    }
}
