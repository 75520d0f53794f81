//! The diagnostic side table: what each descheduled process is waiting for.
//!
//! The chip itself does not remember why a process is not running; the deadlock
//! report needs to. Every blocking instruction records the reason here, keyed by
//! Wptr, and scheduling a process clears its entry. Nothing in the emulator reads this
//! table to decide behaviour; only reports do.
//!
//! ALTs: `alt`/`talt` start an empty guard list and `enbc` with a true guard adds its
//! channel, so a deadlock report can name the channels an ALT waits on. (The channel
//! words alone cannot say: a stale Wdesc left in some word is indistinguishable from
//! a live one.) The list of the alter now enabling is kept apart, so enabling costs a
//! compare and a push; it is filed under the alter's Wptr only when `altwt`/`taltwt`
//! deschedules it, or when another process starts an ALT first (a preemption in the
//! middle of enabling). Nothing here runs per instruction or changes a cycle count.

use std::collections::HashMap;
use t800_isa::consts::MOST_NEG;

/// Why a process is not on a run queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Waiting to input on the soft channel at this address.
    ChanIn(u32),
    /// Waiting to output on the soft channel at this address.
    ChanOut(u32),
    /// Waiting in an ALT (`altwt`).
    Alt,
    /// Waiting in a timer ALT (`taltwt`); the time is the earliest guard's.
    TimerAlt(Option<u32>),
    /// Sleeping in `tin` until the clock reaches this value.
    Timer(u32),
    /// Waiting for link `n` input to complete.
    LinkIn(u8),
    /// Waiting for link `n` output to complete.
    LinkOut(u8),
    /// Stopped by `stopp` (only `runp` can restart it).
    Stopped,
    /// Stopped by `stoperr` with Error set.
    StoppedOnError,
}

impl Wait {
    fn encode(self) -> u64 {
        let (tag, v): (u64, u32) = match self {
            Wait::ChanIn(a) => (1, a),
            Wait::ChanOut(a) => (2, a),
            Wait::Alt => (3, 0),
            Wait::TimerAlt(None) => (4, 0),
            Wait::TimerAlt(Some(t)) => (5, t),
            Wait::Timer(t) => (6, t),
            Wait::LinkIn(n) => (7, n as u32),
            Wait::LinkOut(n) => (8, n as u32),
            Wait::Stopped => (9, 0),
            Wait::StoppedOnError => (10, 0),
        };
        tag | (v as u64) << 32
    }

    fn decode(e: u64) -> Option<Wait> {
        let v = (e >> 32) as u32;
        Some(match e as u8 {
            1 => Wait::ChanIn(v),
            2 => Wait::ChanOut(v),
            3 => Wait::Alt,
            4 => Wait::TimerAlt(None),
            5 => Wait::TimerAlt(Some(v)),
            6 => Wait::Timer(v),
            7 => Wait::LinkIn(v as u8),
            8 => Wait::LinkOut(v as u8),
            9 => Wait::Stopped,
            10 => Wait::StoppedOnError,
            _ => return None,
        })
    }
}

/// One entry per memory word (a possible Wptr); bit 8 of an entry holds the priority.
pub struct SideTable {
    entries: Vec<u64>,
    /// Wptr of the alter between its `alt` and its wait, or [`NO_ALTER`].
    enabling: u32,
    /// Channels enabled so far by that alter.
    enabled: Vec<u32>,
    /// Channels enabled by the latest waiting ALT of each alter, keyed by Wptr.
    alt_guards: HashMap<u32, Vec<u32>>,
}

/// No alter is enabling guards (not a word address, so never a Wptr).
const NO_ALTER: u32 = 1;

impl SideTable {
    /// A table for memory of `mem_bytes`.
    pub fn new(mem_bytes: u32) -> SideTable {
        SideTable {
            entries: vec![0; (mem_bytes as usize).div_ceil(4)],
            enabling: NO_ALTER,
            enabled: Vec::new(),
            alt_guards: HashMap::new(),
        }
    }

    /// Records that the process `wdesc` waits for `why`.
    pub fn block(&mut self, wdesc: u32, why: Wait) {
        let i = (wdesc.wrapping_sub(MOST_NEG) >> 2) as usize;
        if let Some(e) = self.entries.get_mut(i) {
            *e = why.encode() | ((wdesc & 1) as u64) << 8;
        }
    }

    /// Records that the process `wdesc` is runnable again.
    #[inline]
    pub fn clear(&mut self, wdesc: u32) {
        let i = (wdesc.wrapping_sub(MOST_NEG) >> 2) as usize;
        if let Some(e) = self.entries.get_mut(i) {
            *e = 0;
        }
    }

    /// The alter with workspace `wptr` starts an ALT: no guard enabled yet.
    #[inline]
    pub fn alt_begin(&mut self, wptr: u32) {
        if self.enabling != NO_ALTER && self.enabling != wptr {
            self.file_enabled(); // that alter was preempted while enabling
        }
        self.enabling = wptr;
        self.enabled.clear();
    }

    /// The alter with workspace `wptr` enabled a guard on channel `chan`.
    #[inline]
    pub fn alt_guard(&mut self, wptr: u32, chan: u32) {
        if wptr == self.enabling {
            self.enabled.push(chan);
        } else {
            self.alt_guards.entry(wptr).or_default().push(chan);
        }
    }

    /// The alter with workspace `wptr` stops enabling (`altwt`/`taltwt`); `waits`
    /// when it deschedules, so a report may need its guards.
    #[inline]
    pub fn alt_wait(&mut self, wptr: u32, waits: bool) {
        if wptr == self.enabling {
            if waits {
                self.file_enabled();
            }
            self.enabling = NO_ALTER;
        }
    }

    /// Files the enabling alter's list under its Wptr (reusing the old allocation).
    fn file_enabled(&mut self) {
        let v = self.alt_guards.entry(self.enabling).or_default();
        std::mem::swap(v, &mut self.enabled);
        self.enabled.clear();
    }

    /// The channels enabled by the latest ALT of the alter with workspace `wptr`.
    pub fn alt_channels(&self, wptr: u32) -> &[u32] {
        if wptr == self.enabling {
            return &self.enabled;
        }
        self.alt_guards.get(&wptr).map_or(&[], Vec::as_slice)
    }

    /// Every waiting process: (Wdesc, reason), in address order.
    pub fn waiting(&self) -> Vec<(u32, Wait)> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, &e)| e != 0)
            .filter_map(|(i, &e)| {
                let wptr = MOST_NEG.wrapping_add((i as u32) << 2);
                Wait::decode(e).map(|w| (wptr | ((e >> 8) & 1) as u32, w))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_clears() {
        let mut t = SideTable::new(8192);
        t.block(MOST_NEG + 0x101 - 1 + 1, Wait::ChanIn(MOST_NEG + 0x200)); // low pri
        t.block(MOST_NEG + 0x300, Wait::Timer(7));
        assert_eq!(
            t.waiting(),
            vec![
                (MOST_NEG + 0x101, Wait::ChanIn(MOST_NEG + 0x200)),
                (MOST_NEG + 0x300, Wait::Timer(7)),
            ]
        );
        t.clear(MOST_NEG + 0x101);
        assert_eq!(t.waiting().len(), 1);
        t.block(0x10, Wait::Alt); // outside memory: ignored, no panic
    }

    #[test]
    fn each_alt_starts_a_fresh_guard_list() {
        let mut t = SideTable::new(8192);
        let x = MOST_NEG + 0x400;
        assert!(t.alt_channels(x).is_empty());
        t.alt_begin(x);
        t.alt_guard(x, MOST_NEG + 0x500);
        t.alt_guard(x, MOST_NEG + 0x10);
        t.alt_wait(x, true);
        assert_eq!(t.alt_channels(x), [MOST_NEG + 0x500, MOST_NEG + 0x10]);
        // A new ALT that does not wait leaves the filed list alone.
        t.alt_begin(x);
        t.alt_guard(x, MOST_NEG + 0x504);
        t.alt_wait(x, false);
        assert_eq!(t.alt_channels(x), [MOST_NEG + 0x500, MOST_NEG + 0x10]);
        t.alt_begin(x);
        t.alt_wait(x, true);
        assert!(t.alt_channels(x).is_empty());
    }

    /// X is preempted while enabling and Y runs a whole ALT: both lists survive.
    #[test]
    fn an_alter_preempted_while_enabling_keeps_its_guards() {
        let mut t = SideTable::new(8192);
        let (x, y) = (MOST_NEG + 0x400, MOST_NEG + 0x600);
        t.alt_begin(x);
        t.alt_guard(x, MOST_NEG + 0x500);
        t.alt_begin(y);
        t.alt_guard(y, MOST_NEG + 0x700);
        t.alt_wait(y, true);
        t.alt_guard(x, MOST_NEG + 0x504);
        t.alt_wait(x, true);
        assert_eq!(t.alt_channels(x), [MOST_NEG + 0x500, MOST_NEG + 0x504]);
        assert_eq!(t.alt_channels(y), [MOST_NEG + 0x700]);
    }
}
