//! Interpreter speed in emulated instructions per second (every `pfix`/`nfix` byte
//! counts as one instruction), cycle accounting on: a compute-bound loop and a
//! channel ping-pong between two processes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transputer::cli::bench::run_program;
use transputer::programs::{assemble, compute_loop_source, ping_pong_source};

fn interp(c: &mut Criterion) {
    let mut g = c.benchmark_group("interp");
    g.sample_size(10);
    for (name, src) in [
        ("compute-loop", compute_loop_source(2_000_000)),
        ("ping-pong", ping_pong_source(200_000)),
    ] {
        let code = assemble(&src);
        let instructions = run_program(&code).instructions;
        g.throughput(Throughput::Elements(instructions));
        g.bench_function(name, |b| b.iter(|| run_program(&code)));
    }
    g.finish();
}

criterion_group!(benches, interp);
criterion_main!(benches);
