//! `transputer bench`: emulated instructions per second on the built-in programs
//! (every `pfix`/`nfix` byte counts as one instruction), release build recommended.

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
    /// Host seconds.
    pub seconds: f64,
}

/// Boots `code` and runs it to the end.
pub fn run_program(code: &[u8]) -> BenchResult {
    let mut node = Node::new(Config::default());
    let start = Instant::now();
    if node.boot_raw(code).is_ok() {
        while node.run_until(Cycles(u64::MAX)) == StopReason::LinkStarted {}
    }
    BenchResult {
        instructions: node.instructions(),
        cycles: node.now().0,
        seconds: start.elapsed().as_secs_f64(),
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
        println!(
            "{name}: {} instructions, {} cycles, {:.3} s, {:.1} M instructions/s",
            r.instructions,
            r.cycles,
            r.seconds,
            r.instructions as f64 / r.seconds / 1e6
        );
    }
    Exit::Ok
}
