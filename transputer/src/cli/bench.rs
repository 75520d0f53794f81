//! `transputer bench`: emulated instructions per second on the built-in programs
//! (every `pfix`/`nfix` byte counts as one instruction), release build recommended.
//!
//! Both wall-clock and on-CPU figures are printed: on a shared machine the process is
//! often descheduled, and the on-CPU time (Linux `/proc/thread-self/schedstat`) is
//! what the emulator itself costs.

use super::Exit;
use crate::node::{Config, Cycles, Node, StopReason};
use crate::programs::{assemble, compute_loop_source, ping_pong_source};
use std::time::Instant;

/// Options of `bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Loop iterations of the compute-bound program.
    #[arg(long, default_value_t = 20_000_000)]
    pub iterations: u32,
    /// Round trips of the ping-pong program.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u32,
}

/// Result of one benchmark run.
#[derive(Clone, Copy, Debug)]
pub struct BenchResult {
    /// Instructions executed.
    pub instructions: u64,
    /// Cycles simulated.
    pub cycles: u64,
    /// Host wall-clock seconds.
    pub seconds: f64,
    /// Host seconds this thread actually ran (`None` where the OS does not say).
    pub cpu_seconds: Option<f64>,
}

/// Nanoseconds this thread has run on a CPU, where Linux reports it.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Boots `code` and runs it to the end.
pub fn run_program(code: &[u8]) -> BenchResult {
    let mut node = Node::new(Config::default());
    let cpu0 = thread_cpu_ns();
    let start = Instant::now();
    if node.boot_raw(code).is_ok() {
        while node.run_until(Cycles(u64::MAX)) == StopReason::LinkStarted {}
    }
    BenchResult {
        instructions: node.instructions(),
        cycles: node.now().0,
        seconds: start.elapsed().as_secs_f64(),
        cpu_seconds: cpu0
            .zip(thread_cpu_ns())
            .map(|(a, b)| b.saturating_sub(a) as f64 / 1e9),
    }
}

/// Runs both programs and prints their speed.
pub fn bench(args: &BenchArgs) -> Exit {
    let progs = [
        ("compute-loop", compute_loop_source(args.iterations)),
        ("ping-pong", ping_pong_source(args.messages)),
    ];
    for (name, src) in progs {
        let r = run_program(&assemble(&src));
        let per_s = |s: f64| r.instructions as f64 / s / 1e6;
        print!(
            "{name}: {} instructions, {} cycles; wall {:.3} s = {:.1} M instructions/s",
            r.instructions,
            r.cycles,
            r.seconds,
            per_s(r.seconds)
        );
        match r.cpu_seconds {
            Some(c) if c > 0.0 => println!("; on-CPU {c:.3} s = {:.1} M instructions/s", per_s(c)),
            _ => println!(),
        }
    }
    Exit::Ok
}
