//! Front-end throughput on a large generated program (see
//! `tests/support/gen.rs`), reported in lines per second (criterion's
//! "elements" are source lines): lex only, lex + parse, and lex + parse +
//! check (the `occamc check` path: parse, then every semantic pass). The
//! "scaling" group runs the whole check at 50k, 100k and 200k lines: equal
//! throughput at every size means no pass is quadratic.
//! Run with `cargo bench -p occamc --bench frontend`.

#[path = "../tests/support/gen.rs"]
mod gen;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use occamc::{parse_source, sema, Options};
use std::time::Duration;

// The allocator the `occamc` and `transputer` binaries use, so the figures
// are theirs.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parses and checks `src`; the program must be clean.
fn check(src: &str, options: &Options) -> (occamc::syntax::ast::Program, occamc::ir::Program) {
    let (program, diags, sources) = parse_source("big.occ", src, options);
    assert!(diags.is_empty(), "{:?}", diags.first());
    let program = program.expect("tree");
    let (ir, diags) = sema::check(&program, &sources);
    assert!(diags.is_empty(), "{:?}", diags.first());
    (program, ir.expect("checked program"))
}

fn frontend(c: &mut Criterion) {
    let src = gen::program(200_000);
    let lines = src.lines().count() as u64;
    let options = Options::default();
    let mut group = c.benchmark_group("frontend");
    group.throughput(Throughput::Elements(lines));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("lex 200k lines", |b| {
        b.iter(|| occamc::syntax::lexer::lex(&src).len())
    });
    // Trees are dropped outside the timed part (a compiler keeps them to the
    // end, and freeing them is no part of checking), after each iteration:
    // criterion's `iter_with_large_drop` would keep a whole sample's trees
    // (gigabytes) alive, and time the kernel zeroing fresh pages for each.
    group.bench_function("lex+parse 200k lines", |b| {
        b.iter_batched(
            || (),
            |()| {
                let (program, diags, _) = parse_source("big.occ", &src, &options);
                assert!(diags.is_empty());
                program
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("lex+parse+check 200k lines", |b| {
        b.iter_batched(|| (), |()| check(&src, &options), BatchSize::PerIteration)
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(6));
    for size in [50_000, 100_000, 200_000] {
        let src = gen::program(size);
        group.throughput(Throughput::Elements(src.lines().count() as u64));
        group.bench_with_input(BenchmarkId::new("lex+parse+check", size), &src, |b, src| {
            b.iter_batched(|| (), |()| check(src, &options), BatchSize::PerIteration)
        });
    }
    group.finish();
}

criterion_group!(benches, frontend, scaling);
criterion_main!(benches);
