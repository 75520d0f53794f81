//! The two clocks and the timer queues.
//!
//! Both clocks are derived from the cycle count: the high-priority clock ticks every
//! microsecond, the low-priority one every 64 µs, at the configured processor clock.
//! `sttimer` sets both to a value at the current cycle. The queues themselves live in
//! emulated memory as on the chip: headed at TPtrLoc0/1 (`#80000024`/`#80000028`),
//! linked through TLink.s (W[−4]) and sorted by Time.s (W[−5]), earliest first. The
//! node keeps only the derived cycle at which each queue's head falls due, so the
//! interpreter needs no per-instruction timer check.

use crate::memory::Fault;
use crate::node::Node;
use crate::side::Wait;
use t800_isa::consts::{slot, NOT_PROCESS, READY, TPTR_LOC, WAITING};

/// Clock state and the derived wake-up cycles.
pub struct Timers {
    mhz: u64,
    base_cycle: u64,
    base_value: u32,
    /// Cycle at which the head of each queue falls due (`u64::MAX`: empty).
    due: [u64; 2],
}

/// `a AFTER b` in modular clock arithmetic.
#[inline]
pub fn after(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

impl Timers {
    /// Clocks at zero, running from cycle 0.
    pub fn new(mhz: u32) -> Timers {
        Timers {
            mhz: mhz as u64,
            base_cycle: 0,
            base_value: 0,
            due: [u64::MAX; 2],
        }
    }

    fn period(&self, pri: usize) -> u64 {
        if pri == 0 {
            self.mhz
        } else {
            64 * self.mhz
        }
    }

    /// The clock of priority `pri` at cycle `now`.
    pub fn clock(&self, pri: usize, now: u64) -> u32 {
        let ticks = now.saturating_sub(self.base_cycle) / self.period(pri);
        self.base_value.wrapping_add(ticks as u32)
    }

    /// The first cycle (≥ `now`) at which clock `pri` reaches `t`.
    pub fn cycle_of(&self, pri: usize, t: u32, now: u64) -> u64 {
        let d = t.wrapping_sub(self.clock(pri, now)) as i32;
        if d <= 0 {
            return now;
        }
        let ticks = now.saturating_sub(self.base_cycle) / self.period(pri);
        self.base_cycle + (ticks + d as u64) * self.period(pri)
    }

    /// Earliest cycle at which a queued process falls due.
    pub fn next_event(&self) -> Option<u64> {
        let t = self.due[0].min(self.due[1]);
        (t != u64::MAX).then_some(t)
    }
}

fn tlink(w: u32) -> u32 {
    w.wrapping_add((slot::TLINK * 4) as u32)
}
fn time_slot(w: u32) -> u32 {
    w.wrapping_add((slot::TIME * 4) as u32)
}

impl Node {
    /// `sttimer`: both clocks := `t`, counting from now.
    pub(crate) fn set_clocks(&mut self, t: u32) -> Result<(), Fault> {
        self.timers.base_cycle = self.cpu.cycles;
        self.timers.base_value = t;
        self.update_due(0)?;
        self.update_due(1)
    }

    fn update_due(&mut self, pri: usize) -> Result<(), Fault> {
        let head = self.mem.read_word(TPTR_LOC[pri])?;
        self.timers.due[pri] = if head == NOT_PROCESS {
            u64::MAX
        } else {
            let t = self.mem.read_word(time_slot(head))?;
            self.timers.cycle_of(pri, t, self.cpu.cycles)
        };
        // The running burst must end in time for this event.
        self.stop_at = self.stop_at.min(self.timers.due[pri]);
        Ok(())
    }

    /// Inserts the process `w` into the timer queue of `pri`, to wake when the clock
    /// reaches `time` (after any process already waiting for the same time).
    pub(crate) fn timer_insert(&mut self, pri: usize, w: u32, time: u32) -> Result<(), Fault> {
        self.mem.write_word(time_slot(w), time)?;
        let mut prev = TPTR_LOC[pri];
        let mut cur = self.mem.read_word(prev)?;
        // Bounded walk: a queue corrupted into a cycle must not hang the emulator.
        let mut budget = self.mem.size() / 4;
        while cur != NOT_PROCESS && budget > 0 {
            if after(self.mem.read_word(time_slot(cur))?, time) {
                break;
            }
            prev = tlink(cur);
            cur = self.mem.read_word(prev)?;
            budget -= 1;
        }
        self.mem.write_word(tlink(w), cur)?;
        self.mem.write_word(prev, w)?;
        self.update_due(pri)
    }

    /// Removes `w` from the timer queue of `pri` if it is there.
    pub(crate) fn timer_remove(&mut self, pri: usize, w: u32) -> Result<(), Fault> {
        let mut prev = TPTR_LOC[pri];
        let mut cur = self.mem.read_word(prev)?;
        // Bounded walk: a corrupted queue must not hang the emulator.
        let mut budget = self.mem.size() / 4;
        while cur != NOT_PROCESS && budget > 0 {
            if cur == w {
                let next = self.mem.read_word(tlink(cur))?;
                self.mem.write_word(prev, next)?;
                break;
            }
            prev = tlink(cur);
            cur = self.mem.read_word(prev)?;
            budget -= 1;
        }
        self.update_due(pri)
    }

    /// Wakes every queued process whose time has come.
    pub(crate) fn fire_timers(&mut self) -> Result<(), Fault> {
        for (pri, &loc) in TPTR_LOC.iter().enumerate() {
            let clock = self.timers.clock(pri, self.cpu.cycles);
            let mut budget = self.mem.size() / 4;
            while budget > 0 {
                budget -= 1;
                let head = self.mem.read_word(loc)?;
                if head == NOT_PROCESS || after(self.mem.read_word(time_slot(head))?, clock) {
                    break;
                }
                let next = self.mem.read_word(tlink(head))?;
                self.mem.write_word(loc, next)?;
                let state_addr = head.wrapping_add((slot::STATE * 4) as u32);
                let state = self.mem.read_word(state_addr)?;
                let wdesc = head | pri as u32;
                // A timer ALT that is waiting becomes ready; one already made ready by
                // a channel is already queued. Anything else is a `tin` sleeper.
                if state == WAITING {
                    self.mem.write_word(state_addr, READY)?;
                    self.enqueue(wdesc)?;
                } else if state != READY {
                    self.enqueue(wdesc)?;
                }
            }
            if budget == 0 {
                // Only a queue corrupted into a cycle gets here: drop it rather than
                // fire the same processes forever.
                self.mem.write_word(loc, NOT_PROCESS)?;
            }
            self.update_due(pri)?;
        }
        Ok(())
    }

    /// `tin`: wait until the current clock is AFTER A.
    pub(crate) fn tin(&mut self) -> Result<(), Fault> {
        let pri = self.cpu.pri as usize;
        let t = self.cpu.regs.a;
        if after(self.timers.clock(pri, self.cpu.cycles), t) {
            const INFO: &t800_isa::Info = t800_isa::Op::Tin.info();
            let info = INFO;
            self.cpu.cycles -= (info.base - info.base_double) as u64;
            return Ok(());
        }
        let w = self.cpu.wptr;
        // Mark State.s so the timer handler can tell a sleeper from a timer ALT (the
        // microcode's own marker is not documented; this slot is free during `tin`).
        self.mem
            .write_word(w.wrapping_add((slot::STATE * 4) as u32), NOT_PROCESS)?;
        self.timer_insert(pri, w, t.wrapping_add(1))?;
        self.side
            .block(self.cpu.wdesc(), Wait::Timer(t.wrapping_add(1)));
        self.deschedule()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_tick_at_one_and_sixty_four_microseconds() {
        let t = Timers::new(20);
        assert_eq!(t.clock(0, 19), 0);
        assert_eq!(t.clock(0, 20), 1);
        assert_eq!(t.clock(1, 20 * 64 - 1), 0);
        assert_eq!(t.clock(1, 20 * 64), 1);
        assert_eq!(t.cycle_of(0, 5, 0), 100);
        assert_eq!(t.cycle_of(0, 5, 110), 110);
        assert!(after(1, 0) && !after(0, 0) && after(0, u32::MAX));
    }
}
