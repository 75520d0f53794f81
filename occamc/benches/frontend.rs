//! Front-end throughput: lex + preprocess + layout + parse of a large
//! generated program, reported in lines per second (criterion's
//! "elements" are source lines). Run with `cargo bench -p occamc`.

#[path = "../tests/support/gen.rs"]
mod gen;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use occamc::syntax::layout::Layout;
use occamc::syntax::preprocess::preprocess;
use occamc::{parse_source, Options};

fn frontend(c: &mut Criterion) {
    let src = gen::program(200_000);
    let lines = src.lines().count() as u64;
    let options = Options::default();
    let mut group = c.benchmark_group("frontend");
    group.throughput(Throughput::Elements(lines));
    group.sample_size(10);
    // The tree is dropped outside the timed part: a compiler keeps it to the
    // end, and freeing it is no part of lexing and parsing.
    group.bench_function("lex+parse 200k lines", |b| {
        b.iter_with_large_drop(|| {
            let (program, diags, _) = parse_source("big.occ", &src, &options);
            assert!(diags.is_empty());
            program
        })
    });
    group.bench_function("lex+preprocess+layout 200k lines", |b| {
        b.iter_with_large_drop(|| {
            let mut sources = occamc::diag::SourceMap::new();
            let file = sources.add("big.occ", src.as_str());
            let mut diags = Vec::new();
            let pp = preprocess(&mut sources, file, None, &options, &mut diags);
            Layout::new(pp.tokens).count()
        })
    });
    group.bench_function("lex only 200k lines", |b| {
        b.iter(|| occamc::syntax::lexer::lex(&src).len())
    });
    group.finish();
}

criterion_group!(benches, frontend);
criterion_main!(benches);
