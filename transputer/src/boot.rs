//! Raw boot: loading a code file the way boot-from-link leaves the processor.
//!
//! The code goes to MemStart (`#80000070`); Iptr = MemStart; Wptr = the first word
//! after the code; low priority; A = 0 and B = 0 (no previous process: the chip has
//! just been reset), C = the input channel word of link 0, the link the code came
//! from; the link words, the event word and the timer queue heads hold NotProcess.p;
//! the save area holds no preempted process; the run queues are empty; the clocks run
//! from 0; Error and HaltOnError are clear.
//!
//! Note that the process's own W[−1]…W[−5] then overlap the end of the code, exactly
//! as on the chip; programs reserve workspace with `ajw` first.

use crate::node::Node;
use std::fmt;
use t800_isa::consts::{LINK_IN, MEM_START, MOST_NEG, NOT_PROCESS, TPTR_LOC, WDESC_INT_SAVE};

/// Why a program cannot be booted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BootError {
    /// The code does not fit in memory.
    TooBig {
        /// Code length.
        len: usize,
        /// Bytes available from MemStart.
        room: u32,
    },
}

impl fmt::Display for BootError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BootError::TooBig { len, room } => write!(
                f,
                "program of {len} bytes does not fit: {room} bytes of memory from MemStart"
            ),
        }
    }
}

impl std::error::Error for BootError {}

impl Node {
    /// Loads `code` at MemStart and starts it as described in the module doc.
    pub fn boot_raw(&mut self, code: &[u8]) -> Result<(), BootError> {
        let room = self.mem.size() - (MEM_START - MOST_NEG);
        if code.len() as u64 >= room as u64 {
            return Err(BootError::TooBig {
                len: code.len(),
                room,
            });
        }
        self.reset_system_words();
        let ok = self.mem.write_bytes(MEM_START, code);
        debug_assert!(ok.is_ok(), "checked against the memory size above");
        self.start_booted(code.len() as u32, 0, 0, LINK_IN[0]);
        Ok(())
    }

    /// The state reset leaves: link words, event word and timer queue heads hold
    /// NotProcess.p, no preempted process, empty run queues, no process running.
    pub(crate) fn reset_system_words(&mut self) {
        let ok = (|| -> Result<(), crate::memory::Fault> {
            for w in (MOST_NEG..=TPTR_LOC[1]).step_by(4) {
                self.mem.write_word(w, NOT_PROCESS)?;
            }
            self.mem.write_word(WDESC_INT_SAVE, NOT_PROCESS)
        })();
        debug_assert!(ok.is_ok(), "system words are on chip");
        self.fptr = [NOT_PROCESS; 2];
        self.bptr = [NOT_PROCESS; 2];
        self.cpu.running = false;
    }

    /// Starts the `len` bytes of boot code at MemStart: Iptr = MemStart, Wptr = the
    /// first word after the code, low priority, registers A, B, C as given, clocks
    /// running from 0, Error and HaltOnError clear.
    pub(crate) fn start_booted(&mut self, len: u32, a: u32, b: u32, c: u32) {
        let ok = self.set_clocks(0);
        debug_assert!(ok.is_ok(), "timer queue heads are on chip");
        let wptr = (MEM_START + len + 3) & !3;
        let cpu = &mut self.cpu;
        cpu.iptr = MEM_START;
        cpu.wptr = wptr;
        cpu.pri = 1;
        cpu.regs.a = a;
        cpu.regs.b = b;
        cpu.regs.c = c;
        cpu.regs.error = false;
        cpu.halt_on_error = false;
        cpu.running = true;
        let period = crate::sched::TIMESLICE_US * self.config.clock_mhz as u64;
        cpu.slice_deadline = (cpu.cycles / period + 2) * period;
        self.stop_at = 0;
        self.boot_wait = None;
    }
}
