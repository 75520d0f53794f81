//! What a finished run amounts to, and the human-readable reports: deadlock (every
//! waiting process with what it waits on), halt on error, emulator fault.

use crate::node::{FaultKind, Node};
use crate::side::Wait;
use t800_isa::consts::{slot, LINK_IN, LINK_OUT, MOST_NEG};
use t800_isa::disasm::format_decoded;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every process finished (or stopped itself with `stopp`).
    Finished,
    /// Some process waits and nothing can ever wake it.
    Deadlock,
    /// A process stopped on `stoperr` with Error set.
    StoppedOnError,
    /// HaltOnError stopped the processor.
    Halted,
    /// The emulator could not continue.
    Fault,
    /// The node can still run (the run was cut short).
    Running,
}

impl Node {
    /// Classifies the node's state (meaningful after `run_until` returned).
    pub fn outcome(&self) -> Outcome {
        if self.fault.is_some() {
            return Outcome::Fault;
        }
        if self.halted.is_some() {
            return Outcome::Halted;
        }
        if self.cpu.running || self.next_event().is_some() {
            return Outcome::Running;
        }
        if self.boot_wait.is_some() {
            // Waiting to be booted on links that deliver nothing more is a deadlock of
            // the chip's boot microcode; the report says the node was never booted.
            return Outcome::Deadlock;
        }
        let waiting = self.side.waiting();
        if waiting.iter().any(|(_, w)| *w == Wait::StoppedOnError) {
            Outcome::StoppedOnError
        } else if waiting.iter().any(|(_, w)| *w != Wait::Stopped) {
            Outcome::Deadlock
        } else {
            Outcome::Finished
        }
    }

    /// Simulated time as text.
    pub fn time_text(&self) -> String {
        let us = self.cpu.cycles as f64 / self.config.clock_mhz as f64;
        format!("{us:.3} µs (cycle {})", self.cpu.cycles)
    }

    /// The instruction at `iptr` as text, or `?` if it cannot be read.
    pub fn instruction_text(&self, iptr: u32) -> String {
        let Some(i) = self.mem.index(iptr) else {
            return "?".into();
        };
        let end = (i + 16).min(self.mem.size() as usize);
        let bytes = self
            .mem
            .slice(iptr, (end - i) as u32)
            .unwrap_or_default()
            .to_vec();
        match t800_isa::decode::decode(&bytes) {
            Ok(d) => format_decoded(&d, iptr),
            Err(_) => "?".into(),
        }
    }

    /// The report for the current outcome (empty when the run finished normally).
    pub fn report(&self) -> String {
        self.report_with(&|_| None)
    }

    /// The report, with every code address also described by `locate` (for example
    /// "prog.occ:12 in PROC p" from a linked image's line table). The emulator knows
    /// nothing about sources; the caller supplies the mapping.
    pub fn report_with(&self, locate: &dyn Fn(u32) -> Option<String>) -> String {
        let at = |iptr: u32| locate(iptr).map(|l| format!(" [{l}]")).unwrap_or_default();
        let mut s = String::new();
        if let Some(f) = self.fault {
            let what = match f.kind {
                FaultKind::Memory(a) => format!("memory access out of range at address #{a:08X}"),
                FaultKind::BadOp(c) => format!("invalid operation #{c:X}"),
                FaultKind::BootAccess { link, addr } => {
                    return format!(
                        "boot from link: a peek or poke on link {link} names address \
                         #{addr:08X}, outside memory (#{:08X}..#{:08X}), at {}\n",
                        MOST_NEG,
                        MOST_NEG.wrapping_add(self.mem.size() - 1),
                        self.time_text()
                    );
                }
            };
            s += &format!(
                "emulator error: {what} (Iptr=#{:08X}{}, Wptr=#{:08X}) at {}\n",
                f.iptr,
                at(f.iptr),
                f.wptr,
                self.time_text()
            );
            return s;
        }
        if let Some(h) = self.halted {
            s += &format!(
                "halted on error: `{}` at Iptr=#{:08X}{}, Wptr=#{:08X}, at {}\n",
                self.instruction_text(h.iptr),
                h.iptr,
                at(h.iptr),
                h.wptr,
                self.time_text()
            );
            return s;
        }
        let outcome = self.outcome();
        if let (Outcome::Deadlock, Some(wait)) = (&outcome, self.boot_wait) {
            s += &format!(
                "deadlock at {}: the node was never booted; no link delivers the rest of a \
                 boot stream\n",
                self.time_text()
            );
            for (n, rx) in wait.iter().enumerate() {
                s += &format!("  link {n} waits for {rx}\n");
            }
            return s;
        }
        if matches!(outcome, Outcome::Deadlock | Outcome::StoppedOnError) {
            let waiting: Vec<_> = self
                .side
                .waiting()
                .into_iter()
                .filter(|(_, w)| *w != Wait::Stopped)
                .collect();
            let title = if outcome == Outcome::Deadlock {
                "deadlock"
            } else {
                "stopped on error"
            };
            s += &format!(
                "{title} at {}: {} process(es) can never run again\n",
                self.time_text(),
                waiting.len()
            );
            for (wdesc, why) in waiting {
                s += &self.process_line(wdesc, why, &at);
            }
        }
        s
    }

    /// The channel guards enabled by the alter at `wptr`, hard channels named by link.
    fn alt_channels_text(&self, wptr: u32) -> String {
        let chans = self.side.alt_channels(wptr);
        if chans.is_empty() {
            return "no channel guard enabled".into();
        }
        let names: Vec<String> = chans
            .iter()
            .map(|&c| match crate::channel::link_of(c) {
                Some((n, true)) => format!("link {n} input (channel #{c:08X})"),
                // Output link words cannot be ALT guards; name them anyway.
                Some((n, false)) => format!("link {n} output (channel #{c:08X})"),
                None => format!("channel #{c:08X}"),
            })
            .collect();
        names.join(", ")
    }

    fn process_line(&self, wdesc: u32, why: Wait, at: &dyn Fn(u32) -> String) -> String {
        let w = wdesc & !3;
        let iptr = self
            .mem
            .read_word(w.wrapping_add((slot::IPTR * 4) as u32))
            // The saved Iptr follows the descheduling instruction: locate that one.
            .map(|v| format!("#{v:08X}{}", at(v.wrapping_sub(1))))
            .unwrap_or_else(|_| "?".into());
        let pri = if wdesc & 1 == 0 { "high" } else { "low" };
        let what = match why {
            Wait::ChanIn(c) => format!("input on channel #{c:08X}"),
            Wait::ChanOut(c) => format!("output on channel #{c:08X}"),
            Wait::Alt => format!("ALT on {}", self.alt_channels_text(w)),
            Wait::TimerAlt(None) => format!(
                "timer ALT on {}; no timer guard enabled",
                self.alt_channels_text(w)
            ),
            Wait::TimerAlt(Some(t)) => format!(
                "timer ALT on {}; timer guard AFTER {t}",
                self.alt_channels_text(w)
            ),
            Wait::Timer(t) => format!("timer until {t}"),
            Wait::LinkIn(n) => format!("input on link {n} (channel #{:08X})", LINK_IN[n as usize]),
            Wait::LinkOut(n) => {
                format!("output on link {n} (channel #{:08X})", LINK_OUT[n as usize])
            }
            Wait::Stopped => "stopped".into(),
            Wait::StoppedOnError => "stopped by stoperr with Error set".into(),
        };
        format!("  process Wptr=#{w:08X} ({pri}) Iptr={iptr}: waits for {what}\n")
    }
}
