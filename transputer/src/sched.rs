//! The process scheduler, as the microcode keeps it.
//!
//! Two run queues (0 high, 1 low) are linked through Link.s (W[−2]) from the front
//! register to the back register; a descheduled process's Iptr is in Iptr.s (W[−1]).
//! High priority runs until it blocks. Low priority runs only when no high process is
//! ready, and is timesliced at `j`/`lend` once its slice is over.
//!
//! Decisions (t800.md §3.4 leaves them open; pinned by tests in `tests/scheduler.rs`):
//! - Timeslice: period = 1024 µs of the configured clock, boundaries counted from
//!   cycle 0. A low process that starts (or restarts) running at cycle t must yield at
//!   the first `j`/`lend` at or after the second period boundary following t, so it
//!   runs between one and two periods. It is moved to the back of the low queue even
//!   if the queue is otherwise empty (it then simply restarts with a new slice).
//! - Preemption: when a high process becomes ready while a low one runs, the low one
//!   is interrupted after the current instruction (never inside a prefix chain, which
//!   the decode cache executes as one step). Wdesc, Iptr, A, B, C and the status word
//!   (bit 0 Error, bit 1 HaltOnError) go to the save area at `#8000002C…`; E is
//!   saved as 0 (below). The FPU registers are kept in a shadow copy inside the
//!   chip. The high process starts with Error clear; on resume the low process gets
//!   its Error back (HaltOnError stays a processor-wide mode). It keeps the rest of
//!   its timeslice. No extra cycles are charged for the switch itself.
//! - `move` and the 2D moves are not interruptible here: they complete first. E is an
//!   undocumented internal register (t800.md §3.1); its save (EregIntSaveLoc) matters
//!   for an instruction interrupted half way, such as a block move on the chip
//!   (§3.4). No instruction is ever left half done here, so E holds nothing between
//!   instructions and 0 is what there is to save. t800.md names no other saved state.
//!   (Pinned by `preemption_save_area_holds_the_low_process_state`.)
//! - The `move2dinit` strides and row count are processor-wide, not saved: t800.md
//!   says nothing about them across preemption (**unconfirmed**); a high process
//!   that runs `move2dinit` between a low process's `move2dinit` and its 2D move
//!   changes that move, as it would if the chip keeps one copy.

use crate::memory::Fault;
use crate::node::Node;
use t800_isa::consts::{
    slot, AREG_INT_SAVE, BREG_INT_SAVE, CREG_INT_SAVE, EREG_INT_SAVE, IPTR_INT_SAVE, NOT_PROCESS,
    STATUS_INT_SAVE, WDESC_INT_SAVE,
};

/// Timeslice period in microseconds (1.024 ms).
pub const TIMESLICE_US: u64 = 1024;

fn link_slot(w: u32) -> u32 {
    w.wrapping_add((slot::LINK * 4) as u32)
}
fn iptr_slot(w: u32) -> u32 {
    w.wrapping_add((slot::IPTR * 4) as u32)
}

impl Node {
    /// Appends the process `wdesc` to the back of its priority's run queue.
    pub(crate) fn enqueue(&mut self, wdesc: u32) -> Result<(), Fault> {
        let pri = (wdesc & 1) as usize;
        let w = wdesc & !3;
        self.side.clear(wdesc);
        if self.fptr[pri] == NOT_PROCESS {
            self.fptr[pri] = w;
        } else {
            self.mem.write_word(link_slot(self.bptr[pri]), w)?;
        }
        self.bptr[pri] = w;
        if !self.cpu.running || (pri == 0 && self.cpu.pri == 1) {
            // Either the processor idles or a low process must be interrupted: end the
            // interpreter burst so the driver loop reschedules.
            self.preempt_pending |= pri == 0;
            self.stop_at = 0;
        }
        Ok(())
    }

    fn dequeue(&mut self, pri: usize) -> Result<u32, Fault> {
        let w = self.fptr[pri];
        if w == self.bptr[pri] {
            self.fptr[pri] = NOT_PROCESS;
        } else {
            self.fptr[pri] = self.mem.read_word(link_slot(w))?;
        }
        Ok(w)
    }

    fn slice_deadline(&self, now: u64) -> u64 {
        let period = TIMESLICE_US * self.config.clock_mhz as u64;
        (now / period + 2) * period
    }

    /// Makes the next ready process current: high queue first, then a preempted low
    /// process, then the low queue; or idles.
    pub(crate) fn next_process(&mut self) -> Result<(), Fault> {
        self.counters.switches += 1;
        if self.fptr[0] != NOT_PROCESS {
            let w = self.dequeue(0)?;
            self.cpu.iptr = self.mem.read_word(iptr_slot(w))?;
            self.cpu.wptr = w;
            self.cpu.pri = 0;
            self.cpu.running = true;
            self.cpu.slice_deadline = u64::MAX;
        } else if self.mem.read_word(WDESC_INT_SAVE)? != NOT_PROCESS {
            self.resume_preempted()?;
        } else if self.fptr[1] != NOT_PROCESS {
            let w = self.dequeue(1)?;
            self.cpu.iptr = self.mem.read_word(iptr_slot(w))?;
            self.cpu.wptr = w;
            self.cpu.pri = 1;
            self.cpu.running = true;
            self.cpu.slice_deadline = self.slice_deadline(self.cpu.cycles);
        } else {
            self.counters.switches -= 1;
            self.cpu.running = false;
            self.stop_at = 0;
        }
        Ok(())
    }

    /// The current process stops running (it has recorded where it waits): save its
    /// Iptr in W[−1] and run the next process.
    pub(crate) fn deschedule(&mut self) -> Result<(), Fault> {
        self.mem
            .write_word(iptr_slot(self.cpu.wptr), self.cpu.iptr)?;
        self.cpu.running = false;
        self.next_process()
    }

    /// Timeslice at `j`/`lend`: the low process goes to the back of its queue.
    pub(crate) fn timeslice(&mut self) -> Result<(), Fault> {
        self.counters.timeslices += 1;
        self.mem
            .write_word(iptr_slot(self.cpu.wptr), self.cpu.iptr)?;
        self.cpu.running = false;
        self.enqueue(self.cpu.wdesc())?;
        self.next_process()
    }

    /// Interrupts a running low process if a high one is ready.
    pub(crate) fn preempt(&mut self) -> Result<(), Fault> {
        if !(self.cpu.running && self.cpu.pri == 1 && self.fptr[0] != NOT_PROCESS) {
            return Ok(());
        }
        let c = self.cpu;
        let status = c.regs.error as u32 | (c.halt_on_error as u32) << 1;
        self.mem.write_word(WDESC_INT_SAVE, c.wdesc())?;
        self.mem.write_word(IPTR_INT_SAVE, c.iptr)?;
        self.mem.write_word(AREG_INT_SAVE, c.regs.a)?;
        self.mem.write_word(BREG_INT_SAVE, c.regs.b)?;
        self.mem.write_word(CREG_INT_SAVE, c.regs.c)?;
        self.mem.write_word(STATUS_INT_SAVE, status)?;
        self.mem.write_word(EREG_INT_SAVE, 0)?;
        self.fpu_saved = std::mem::take(&mut self.fpu);
        self.saved_slice = c.slice_deadline;
        self.cpu.regs.error = false;
        self.counters.preemptions += 1;
        self.cpu.running = false;
        self.next_process()
    }

    fn resume_preempted(&mut self) -> Result<(), Fault> {
        let wdesc = self.mem.read_word(WDESC_INT_SAVE)?;
        self.cpu.iptr = self.mem.read_word(IPTR_INT_SAVE)?;
        self.cpu.regs.a = self.mem.read_word(AREG_INT_SAVE)?;
        self.cpu.regs.b = self.mem.read_word(BREG_INT_SAVE)?;
        self.cpu.regs.c = self.mem.read_word(CREG_INT_SAVE)?;
        self.cpu.regs.error = self.mem.read_word(STATUS_INT_SAVE)? & 1 != 0;
        self.mem.write_word(WDESC_INT_SAVE, NOT_PROCESS)?;
        self.cpu.wptr = wdesc & !3;
        self.cpu.pri = 1;
        self.cpu.running = true;
        self.cpu.slice_deadline = self.saved_slice;
        self.fpu = std::mem::take(&mut self.fpu_saved);
        Ok(())
    }
}
