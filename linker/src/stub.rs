//! The boot stub: the generated code at MemStart that turns a raw boot into a call of
//! the program's entry PROC.
//!
//! After a raw boot the processor runs from MemStart at low priority with Wptr just
//! above the code (t800.md §3.8), so the stub:
//!
//! 1. moves Wptr to the top of the workspace area (`ldc top - h1; ldpi; h1: gajw`,
//!    position independent);
//! 2. unless `bare`, does what the Inmos primary bootstrap does: empties both run
//!    queues, writes NotProcess.p into the 11 words of link, event and timer-queue
//!    state at MostNeg, starts the clocks at 0 (`sttimer`), sets or clears
//!    HaltOnError for the program's error mode and clears the Error and FP error
//!    flags;
//! 3. loads the vector-space base into A (so the entry PROC finds it in W[1]) and
//!    `call`s the entry PROC;
//! 4. `stopp`s when it returns, so a finished program leaves no process behind.
//!
//! The stub uses its W[0] (at the workspace top) as a temporary and, via `call` and
//! `stopp`, the 4 words below it; the linker sizes the area accordingly.

use crate::object::ErrorMode;
use t800_isa::asm::{Item, Label, Operand};
use t800_isa::{Func, Op};

/// Labels the stub uses of its own (numbered from `first_label`).
pub const STUB_LABELS: u32 = 2;

/// Number of words of machine state the non-bare stub resets (links out/in, event,
/// two timer-queue heads).
pub const STATE_WORDS: i32 = 11;

/// What the stub needs to know.
#[derive(Clone, Copy, Debug)]
pub struct StubPlan {
    /// The entry PROC's label.
    pub entry: Label,
    /// A word-aligned label just after the code.
    pub end: Label,
    /// Bytes from `end` to the stub's Wptr (the workspace top).
    pub ws_top_from_end: u32,
    /// Bytes from `end` to the vector-space base.
    pub vs_base_from_end: u32,
    /// HaltOnError set (HALT) or cleared (STOP, universal).
    pub error_mode: ErrorMode,
    /// Skip the machine initialisation (step 2).
    pub bare: bool,
}

/// The stub's items, using labels `first_label..first_label + STUB_LABELS`.
pub fn boot_stub(first_label: u32, plan: &StubPlan) -> Vec<Item> {
    let (h1, h2) = (Label(first_label), Label(first_label + 1));
    let d = Item::Direct;
    let mut items = vec![
        d(
            Func::Ldc,
            Operand::Diff(plan.end, h1, plan.ws_top_from_end as i32),
        ),
        Item::Op(Op::Ldpi),
        Item::Label(h1),
        Item::Op(Op::Gajw),
    ];
    if !plan.bare {
        items.extend([
            Item::Op(Op::Mint),
            Item::Op(Op::Sthf),
            Item::Op(Op::Mint),
            Item::Op(Op::Stlf),
            Item::Op(Op::Mint),
            d(Func::Stl, Operand::Const(0)),
        ]);
        for k in 0..STATE_WORDS {
            // word[MostNeg + 4k] := NotProcess.p (= MostNeg, kept in W[0]).
            items.extend([
                d(Func::Ldl, Operand::Const(0)),
                d(Func::Ldl, Operand::Const(0)),
                d(Func::Stnl, Operand::Const(k)),
            ]);
        }
        items.extend([
            d(Func::Ldc, Operand::Const(0)),
            Item::Op(Op::Sttimer),
            Item::Op(if plan.error_mode == ErrorMode::Halt {
                Op::Sethalterr
            } else {
                Op::Clrhalterr
            }),
            Item::Op(Op::Testerr),
            Item::Op(Op::Fptesterr),
        ]);
    }
    items.extend([
        d(
            Func::Ldc,
            Operand::Diff(plan.end, h2, plan.vs_base_from_end as i32),
        ),
        Item::Op(Op::Ldpi),
        Item::Label(h2),
        d(Func::Call, Operand::Rel(plan.entry, 0)),
        Item::Op(Op::Stopp),
    ]);
    items
}
