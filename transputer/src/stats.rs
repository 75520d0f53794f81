//! Run statistics for `--stats`: one `key: value` line each, to stderr.

use crate::node::Node;
use std::fmt::Write as _;
use std::time::Duration;

/// Figures of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Instructions executed (every `pfix`/`nfix` counts as one).
    pub instructions: u64,
    /// Cycles of simulated time.
    pub cycles: u64,
    /// Simulated time in microseconds.
    pub simulated_us: f64,
    /// Host wall-clock time in milliseconds.
    pub host_ms: f64,
    /// Emulated instructions per host second, in millions.
    pub mips: f64,
    /// Process switches.
    pub switches: u64,
    /// Preemptions of a low process by a high one.
    pub preemptions: u64,
    /// Timeslice reschedules.
    pub timeslices: u64,
    /// Cycles spent idle.
    pub idle_cycles: u64,
}

impl Stats {
    /// Collects the figures of `node` after `host` of wall-clock time.
    pub fn collect(node: &Node, host: Duration) -> Stats {
        let secs = host.as_secs_f64();
        let c = node.counters();
        Stats {
            instructions: node.instructions(),
            cycles: node.now().0,
            simulated_us: node.now().0 as f64 / node.config().clock_mhz as f64,
            host_ms: secs * 1e3,
            mips: if secs > 0.0 {
                node.instructions() as f64 / secs / 1e6
            } else {
                0.0
            },
            switches: c.switches,
            preemptions: c.preemptions,
            timeslices: c.timeslices,
            idle_cycles: c.idle_cycles,
        }
    }

    /// `key: value` lines.
    pub fn lines(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "instructions: {}", self.instructions);
        let _ = writeln!(s, "cycles: {}", self.cycles);
        let _ = writeln!(s, "simulated-us: {:.3}", self.simulated_us);
        let _ = writeln!(s, "host-ms: {:.3}", self.host_ms);
        let _ = writeln!(s, "mips: {:.1}", self.mips);
        let _ = writeln!(s, "process-switches: {}", self.switches);
        let _ = writeln!(s, "preemptions: {}", self.preemptions);
        let _ = writeln!(s, "timeslices: {}", self.timeslices);
        let _ = writeln!(s, "idle-cycles: {}", self.idle_cycles);
        s
    }
}
