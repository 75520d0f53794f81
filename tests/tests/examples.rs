//! Every program in `examples/` compiles, links and runs, and prints exactly what
//! `examples/expected/NAME.out` says (with `examples/NAME.in` as its keyboard input
//! when present). The expected outputs of the deterministic computations (primes,
//! sorting, matrices, the Mandelbrot set) were computed independently of this
//! toolchain; commstime's depends on simulated time and is recorded.
//!
//! Set `BLESS=1` to record an expected output that does not exist yet (never
//! overwrites an existing one: a changed result must be looked at by a person).

use end_to_end::run_loaded;
use std::fs;
use std::path::{Path, PathBuf};
use transputer::cli::load::{load, CompileOptions};
use transputer::cli::session::End;
use transputer::cli::Exit;

/// Enough for every example with a wide margin; a runaway program fails quickly.
const CYCLE_LIMIT: u64 = 200_000_000;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Output of one run: stdout, stderr, exit code, cycles, code size.
struct Run {
    stdout: String,
    stderr: String,
    exit: Exit,
    cycles: u64,
    code_bytes: usize,
}

fn run_example(path: &Path, input: &[u8]) -> Run {
    let loaded = load(path, &CompileOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let code_bytes = loaded.code.len();
    let run = run_loaded(loaded, input, CYCLE_LIMIT);
    assert_ne!(run.end, End::Limit, "{} did not finish", path.display());
    Run {
        stdout: run.stdout,
        stderr: run.stderr + &run.report,
        exit: run.exit,
        cycles: run.cycles,
        code_bytes,
    }
}

fn check(name: &str) -> Run {
    let dir = examples_dir();
    let src = dir.join(format!("{name}.occ"));
    let input = fs::read(dir.join(format!("{name}.in"))).unwrap_or_default();
    let run = run_example(&src, &input);
    assert_eq!(
        run.exit,
        Exit::Ok,
        "{name}: exit {:?}\n{}",
        run.exit,
        run.stderr
    );
    assert_eq!(run.stderr, "", "{name} wrote to stderr");
    let expected_path = dir.join("expected").join(format!("{name}.out"));
    match fs::read_to_string(&expected_path) {
        Ok(expected) => assert_eq!(run.stdout, expected, "{name}: output differs"),
        Err(_) if std::env::var_os("BLESS").is_some() => {
            fs::write(&expected_path, &run.stdout).unwrap();
        }
        Err(e) => panic!(
            "{}: {e} (run with BLESS=1 to record it)",
            expected_path.display()
        ),
    }
    eprintln!(
        "{name}: {} bytes of code, {} cycles",
        run.code_bytes, run.cycles
    );
    run
}

#[test]
fn every_example_has_a_test() {
    let mut names: Vec<String> = fs::read_dir(examples_dir())
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != "occ" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert_eq!(names, TESTED, "add a test below for every example");
}

const TESTED: &[&str] = &[
    "buffer",
    "commstime",
    "hello",
    "mandelbrot",
    "matrix",
    "numbers",
    "philosophers",
    "sieve",
    "sortpump",
];

#[test]
fn hello() {
    check("hello");
}

#[test]
fn commstime() {
    let run = check("commstime");
    // A T800-20 took about 15 us per loop of this ring; ours must be the same order.
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Time per loop"))
        .unwrap();
    let us: f64 = line.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!((5.0..40.0).contains(&us), "{line}");
}

#[test]
fn sieve() {
    check("sieve");
}

#[test]
fn sortpump() {
    check("sortpump");
}

#[test]
fn philosophers() {
    check("philosophers");
}

#[test]
fn buffer() {
    check("buffer");
}

#[test]
fn matrix() {
    check("matrix");
}

#[test]
fn mandelbrot() {
    check("mandelbrot");
}

#[test]
fn numbers() {
    check("numbers");
}

#[test]
fn runs_are_deterministic() {
    let dir = examples_dir();
    let a = run_example(&dir.join("philosophers.occ"), b"");
    let b = run_example(&dir.join("philosophers.occ"), b"");
    assert_eq!((a.stdout, a.cycles), (b.stdout, b.cycles));
}

#[test]
fn keyboard_end_of_input_is_seen_by_the_program() {
    // No terminating 0: in.int sees END.OF.FILE and reports no number.
    let run = run_example(&examples_dir().join("numbers.occ"), b"5 6");
    assert_eq!(run.exit, Exit::Ok, "{}", run.stderr);
    assert_eq!(run.stdout, "count 2, sum 11, largest 6\n");
}
