//! The processor core: the register state of the running process, the pre-decoder and
//! the interpreter.
//!
//! - [`regs`]: A/B/C and Error, shared with the ALU and FPU helpers.
//! - [`alu`]: the multi-cycle integer operations (pure functions of the registers).
//! - [`fpu`]: the floating-point unit.
//! - [`predecode`]: turns code bytes into cache entries (prefixes fused).
//! - [`exec`]: the interpreter loop and the inline one-cycle instructions.
//! - [`ops`]: every other instruction (memory, scheduling, channels, ALU/FPU calls).

pub mod alu;
pub mod exec;
pub mod fpu;
pub mod ops;
pub mod predecode;
pub mod regs;

use regs::Regs;

/// Registers of the current process and the processor's counters. Copied into host
/// locals by the interpreter loop and written back around out-of-line operations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuState {
    /// A, B, C and Error.
    pub regs: Regs,
    /// Address of the next instruction.
    pub iptr: u32,
    /// Workspace pointer (word aligned; the priority is kept apart in `pri`).
    pub wptr: u32,
    /// Current priority: 0 high, 1 low (bit 0 of Wdesc).
    pub pri: u32,
    /// HaltOnError.
    pub halt_on_error: bool,
    /// True while a process is running (false when the processor idles).
    pub running: bool,
    /// Cycles since boot: the node's notion of time.
    pub cycles: u64,
    /// Instruction bytes executed (every `pfix`/`nfix` counts as one instruction).
    pub instrs: u64,
    /// Cycle at which the running low-priority process must yield at its next `j` or
    /// `lend` (`u64::MAX` at high priority).
    pub slice_deadline: u64,
}

impl CpuState {
    /// The process descriptor of the running process: Wptr | priority.
    #[inline(always)]
    pub fn wdesc(&self) -> u32 {
        self.wptr | self.pri
    }
}
