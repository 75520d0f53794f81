//! Channel communication: the soft-channel rendezvous on a memory word, and the hand
//! over of link channels to the link engines.
//!
//! A soft channel word holds NotProcess.p or the Wdesc of the first process to arrive,
//! whose message pointer is in Pointer.s (W[−3]). The second process copies the
//! message, empties the word and queues the first (t800.md §4).
//!
//! Decisions (pinned by tests):
//! - `outbyte`/`outword` take the channel in A and the value in B (the hardware's
//!   order; t800.md §2.6 has them swapped).
//! - Cycles: the process that performs the copy pays `2w+19` (w = words its own
//!   buffer touches); the first arrival, which only deschedules, pays the base 19.
//!   `outbyte`/`outword` cost their flat 23 either way.
//! - Output to an ALTing inputter (its W[−3] in MostNeg..MostNeg+3): the outputter
//!   waits in the channel word; Enabling.p becomes Ready.p, Waiting.p becomes Ready.p
//!   and the alter is queued, Ready.p is left alone.

use crate::cpu::ops::words;
use crate::memory::Fault;
use crate::node::Node;
use crate::side::Wait;
use t800_isa::consts::{slot, ENABLING, MOST_NEG, NOT_PROCESS, READY, WAITING};

/// W[−3] of the process whose workspace is `w`.
pub(crate) fn state_slot(w: u32) -> u32 {
    w.wrapping_add((slot::STATE * 4) as u32)
}

/// Link number (0–3) and direction of a hard channel word, `None` for soft channels.
pub(crate) fn link_of(chan: u32) -> Option<(usize, bool)> {
    let off = chan.wrapping_sub(MOST_NEG);
    if off < 32 && off.is_multiple_of(4) {
        let n = (off / 4) as usize;
        Some((n % 4, n >= 4))
    } else {
        None
    }
}

impl Node {
    fn charge_copy(&mut self, own: u32, other: u32, len: u32) {
        self.cpu.cycles += 2 * words(own, len) as u64
            + self.mem.block_cost(own, len)
            + self.mem.block_cost(other, len);
    }

    /// Waits in the channel word: first to arrive.
    fn chan_wait(&mut self, chan: u32, ptr: u32, why: Wait) -> Result<(), Fault> {
        let w = self.cpu.wptr;
        self.mem.write_word(chan, self.cpu.wdesc())?;
        self.mem.write_word(state_slot(w), ptr)?;
        self.side.block(self.cpu.wdesc(), why);
        self.deschedule()
    }

    /// `in`: input `len` bytes from `chan` to `dst`.
    pub(crate) fn chan_in(&mut self, len: u32, chan: u32, dst: u32) -> Result<(), Fault> {
        if let Some((n, true)) = link_of(chan) {
            return self.link_in(n, len, chan, dst);
        }
        let other = self.mem.read_word(chan)?;
        if other == NOT_PROCESS {
            return self.chan_wait(chan, dst, Wait::ChanIn(chan));
        }
        let src = self.mem.read_word(state_slot(other & !3))?;
        self.mem.copy(src, dst, len)?;
        self.charge_copy(dst, src, len);
        self.mem.write_word(chan, NOT_PROCESS)?;
        self.enqueue(other)
    }

    /// `out`/`outbyte`/`outword`: output `len` bytes from `src` on `chan`. `variable`
    /// is false for the flat-cost `outbyte`/`outword`.
    pub(crate) fn chan_out(
        &mut self,
        len: u32,
        chan: u32,
        src: u32,
        variable: bool,
    ) -> Result<(), Fault> {
        if let Some((n, false)) = link_of(chan) {
            return self.link_out(n, len, chan, src);
        }
        let other = self.mem.read_word(chan)?;
        if other == NOT_PROCESS {
            return self.chan_wait(chan, src, Wait::ChanOut(chan));
        }
        let ow = other & !3;
        let st = self.mem.read_word(state_slot(ow))?;
        if st.wrapping_sub(MOST_NEG) <= 3 {
            // The waiting process is an alter: wait for it to select this guard.
            match st {
                ENABLING => self.mem.write_word(state_slot(ow), READY)?,
                WAITING => {
                    self.mem.write_word(state_slot(ow), READY)?;
                    self.enqueue(other)?;
                }
                _ => {}
            }
            return self.chan_wait(chan, src, Wait::ChanOut(chan));
        }
        self.mem.copy(src, st, len)?;
        if variable {
            self.charge_copy(src, st, len);
        }
        self.mem.write_word(chan, NOT_PROCESS)?;
        self.enqueue(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_words_are_recognised() {
        assert_eq!(link_of(MOST_NEG), Some((0, false)));
        assert_eq!(link_of(MOST_NEG + 12), Some((3, false)));
        assert_eq!(link_of(MOST_NEG + 16), Some((0, true)));
        assert_eq!(link_of(MOST_NEG + 28), Some((3, true)));
        assert_eq!(link_of(MOST_NEG + 32), None);
        assert_eq!(link_of(MOST_NEG + 2), None);
        assert_eq!(link_of(MOST_NEG + 0x1000), None);
    }
}
