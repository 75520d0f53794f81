//! The ALT family: `alt`/`talt`, the enable and disable instructions, `altwt`/`taltwt`
//! and `altend`, with the state in the alter's workspace: State.s (W[−3]) holds
//! Enabling.p / Waiting.p / Ready.p, TLink.s (W[−4]) TimeSet.p / TimeNotSet.p and
//! Time.s (W[−5]) the earliest timer guard, W[0] the selected branch offset.
//!
//! Guards are disabled in the order the code disables them, and the first ready one
//! whose disable instruction finds W[0] = NoneSelected wins (t800.md §4).
//! Operand order: enable with A = guard and B = channel/time (A stays the guard);
//! disable with A = branch offset, B = guard, C = channel/time (A := selected?).

use crate::channel::{link_of, state_slot};
use crate::memory::Fault;
use crate::node::Node;
use crate::side::Wait;
use crate::timer::after;
use t800_isa::consts::{
    slot, ENABLING, NONE_SELECTED, NOT_PROCESS, READY, TIME_NOT_SET, TIME_SET, WAITING,
};
use t800_isa::Op;

fn tlink_slot(w: u32) -> u32 {
    w.wrapping_add((slot::TLINK * 4) as u32)
}
fn time_slot(w: u32) -> u32 {
    w.wrapping_add((slot::TIME * 4) as u32)
}

impl Node {
    /// `alt` / `talt`.
    pub(crate) fn alt(&mut self, timer: bool) -> Result<(), Fault> {
        let w = self.cpu.wptr;
        self.mem.write_word(state_slot(w), ENABLING)?;
        self.side.alt_begin(w);
        if timer {
            self.mem.write_word(tlink_slot(w), TIME_NOT_SET)?;
        }
        Ok(())
    }

    /// `enbs`: a true SKIP guard makes the ALT ready.
    pub(crate) fn enbs(&mut self) -> Result<(), Fault> {
        if self.cpu.regs.a != 0 {
            self.mem.write_word(state_slot(self.cpu.wptr), READY)?;
        }
        Ok(())
    }

    /// `enbc`: enable a channel guard.
    pub(crate) fn enbc(&mut self) -> Result<(), Fault> {
        let (guard, chan) = (self.cpu.regs.a, self.cpu.regs.b);
        self.cpu.regs.b = self.cpu.regs.c;
        const INFO: &t800_isa::Info = Op::Enbc.info();
        let info = INFO;
        let mut ready = false;
        if guard != 0 {
            let me = self.cpu.wdesc();
            self.side.alt_guard(self.cpu.wptr, chan);
            if let Some((n, true)) = link_of(chan) {
                ready = self.link_enable(n, chan)?;
            } else {
                let w = self.mem.read_word(chan)?;
                if w == NOT_PROCESS {
                    self.mem.write_word(chan, me)?;
                } else if w != me {
                    ready = true;
                }
            }
            if ready {
                self.mem.write_word(state_slot(self.cpu.wptr), READY)?;
            }
        }
        if !ready {
            self.cpu.cycles -= (info.base - info.base_double) as u64;
        }
        Ok(())
    }

    /// `enbt`: enable a timer guard (keep the earliest time).
    pub(crate) fn enbt(&mut self) -> Result<(), Fault> {
        let (guard, time) = (self.cpu.regs.a, self.cpu.regs.b);
        self.cpu.regs.b = self.cpu.regs.c;
        if guard != 0 {
            let w = self.cpu.wptr;
            if self.mem.read_word(tlink_slot(w))? == TIME_NOT_SET {
                self.mem.write_word(tlink_slot(w), TIME_SET)?;
                self.mem.write_word(time_slot(w), time)?;
            } else if after(self.mem.read_word(time_slot(w))?, time) {
                self.mem.write_word(time_slot(w), time)?;
            }
        }
        Ok(())
    }

    /// `altwt`: wait until a guard is ready.
    pub(crate) fn altwt(&mut self) -> Result<(), Fault> {
        let w = self.cpu.wptr;
        self.mem.write_word(w, NONE_SELECTED)?;
        let ready = self.mem.read_word(state_slot(w))? == READY;
        self.side.alt_wait(w, !ready);
        if ready {
            return Ok(());
        }
        const INFO: &t800_isa::Info = Op::Altwt.info();
        let info = INFO;
        self.cpu.cycles += (info.base_double - info.base) as u64;
        self.mem.write_word(state_slot(w), WAITING)?;
        self.side.block(self.cpu.wdesc(), Wait::Alt);
        self.deschedule()
    }

    /// `taltwt`: wait until a guard is ready or the earliest timer guard's time.
    pub(crate) fn taltwt(&mut self) -> Result<(), Fault> {
        let w = self.cpu.wptr;
        let pri = self.cpu.pri as usize;
        self.mem.write_word(w, NONE_SELECTED)?;
        if self.mem.read_word(state_slot(w))? == READY {
            self.side.alt_wait(w, false);
            return Ok(());
        }
        let time_set = self.mem.read_word(tlink_slot(w))? == TIME_SET;
        let time = self.mem.read_word(time_slot(w))?;
        if time_set && after(self.timers.clock(pri, self.cpu.cycles), time) {
            self.mem.write_word(state_slot(w), READY)?;
            self.side.alt_wait(w, false);
            return Ok(());
        }
        self.side.alt_wait(w, true);
        const INFO: &t800_isa::Info = Op::Taltwt.info();
        let info = INFO;
        self.cpu.cycles += (info.base_double - info.base) as u64;
        self.mem.write_word(state_slot(w), WAITING)?;
        if time_set {
            self.timer_insert(pri, w, time.wrapping_add(1))?;
        }
        self.side
            .block(self.cpu.wdesc(), Wait::TimerAlt(time_set.then_some(time)));
        self.deschedule()
    }

    /// Common tail of the disable instructions: select `offset` if `ready` and no
    /// branch has been selected yet. A := TRUE when this guard is the one selected.
    fn select(&mut self, ready: bool) -> Result<(), Fault> {
        let (offset, guard) = (self.cpu.regs.a, self.cpu.regs.b);
        let w = self.cpu.wptr;
        let chosen = guard != 0 && ready && self.mem.read_word(w)? == NONE_SELECTED;
        if chosen {
            self.mem.write_word(w, offset)?;
        }
        self.cpu.regs.a = chosen as u32;
        self.cpu.regs.b = self.cpu.regs.c;
        Ok(())
    }

    /// `diss`: disable a SKIP guard.
    pub(crate) fn diss(&mut self) -> Result<(), Fault> {
        self.select(true)
    }

    /// `disc`: disable a channel guard.
    pub(crate) fn disc(&mut self) -> Result<(), Fault> {
        let chan = self.cpu.regs.c;
        let me = self.cpu.wdesc();
        let ready = if let Some((n, true)) = link_of(chan) {
            self.link_disable(n, chan)?
        } else {
            let w = self.mem.read_word(chan)?;
            if w == me {
                self.mem.write_word(chan, NOT_PROCESS)?;
            }
            w != NOT_PROCESS && w != me
        };
        self.select(ready)
    }

    /// `dist`: disable a timer guard; also takes the alter off the timer queue.
    pub(crate) fn dist(&mut self) -> Result<(), Fault> {
        let time = self.cpu.regs.c;
        let pri = self.cpu.pri as usize;
        self.timer_remove(pri, self.cpu.wptr)?;
        let ready = after(self.timers.clock(pri, self.cpu.cycles), time);
        self.select(ready)
    }
}
