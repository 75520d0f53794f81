//! Shared helpers of the code generation tests: compile occam source (front end,
//! sema, codegen), link with the boot stub, boot in the emulator with link 0 on a
//! captured host (the `transputer run` session, which undoes the harness's link-0
//! framing), and collect what the program printed.

#![allow(dead_code)]

use linker::object::{ErrorMode, Object};
use linker::LinkOptions;
use occamc::codegen::{generate, Options};
use transputer::cli::load::Loaded;
use transputer::cli::session::{End, Session, Streams};
use transputer::link::Capture;
use transputer::report::Outcome;
use transputer::Config;

/// Compiles occam source to an object, or the rendered diagnostics.
pub fn compile_with(src: &str, mode: ErrorMode) -> Result<Object, String> {
    let (ast, diags, sources) = occamc::parse_source("test.occ", src, &Default::default());
    let fail = |d: &[occamc::diag::Diagnostic]| {
        d.iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let ast = ast.ok_or_else(|| fail(&diags))?;
    if diags.iter().any(|d| d.is_error()) {
        return Err(fail(&diags));
    }
    let (ir, diags) = occamc::sema::check(&ast, &sources);
    let ir = ir.ok_or_else(|| fail(&diags))?;
    let opts = Options {
        unit: "test".into(),
        error_mode: mode,
        ..Default::default()
    };
    generate(&ir, &sources, &opts).map_err(|d| fail(&d))
}

pub fn compile(src: &str) -> Result<Object, String> {
    compile_with(src, ErrorMode::Halt)
}

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    pub screen: Vec<u8>,
    pub error: Vec<u8>,
    /// The harness sent its "finished" frame.
    pub finished: bool,
    pub outcome: Outcome,
    pub cycles: u64,
    /// The emulator's report (halt, deadlock, fault details), with source lines.
    pub report: String,
    /// Source line (from the image's line table) of the instruction that halted.
    pub halt_line: Option<u32>,
    /// `file:line` of the instruction that halted.
    pub halt_at: Option<String>,
}

impl Run {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.screen).into_owned()
    }
}

/// Links and runs an object for at most `max_cycles`, through the same session
/// (host link framing, run loop, reports) as `transputer run`.
pub fn run_object(obj: Object, input: &[u8], max_cycles: u64) -> Run {
    let image = linker::link(&[obj], &LinkOptions::default()).expect("links");
    assert_eq!(image.entry, image.origin, "stub at the load address");
    let lines = image.clone();
    let (screen, error) = (Capture::default(), Capture::default());
    let streams = Streams {
        stdout: Box::new(screen.clone()),
        stderr: Box::new(error.clone()),
        stdin: Box::new(std::io::Cursor::new(input.to_vec())),
        interactive: false,
    };
    let loaded = Loaded {
        code: image.code.clone(),
        image: Some(image),
    };
    let mut session = Session::new(Config::default(), loaded, streams).expect("boots");
    let end = session.run(max_cycles);
    let node = &session.node;
    let halted = node.halted();
    Run {
        screen: screen.contents(),
        error: error.contents(),
        finished: end == End::Finished,
        outcome: node.outcome(),
        cycles: node.now().0,
        report: session.conclude(end).1,
        halt_at: halted
            .and_then(|h| lines.line_at(h.iptr))
            .map(|(f, l)| format!("{f}:{l}")),
        halt_line: halted.and_then(|h| {
            lines
                .lines
                .iter()
                .take_while(|l| l.addr <= h.iptr)
                .last()
                .map(|l| l.line)
        }),
    }
}

/// Compiles and runs; panics with the diagnostics if it does not compile.
pub fn run(src: &str) -> Run {
    run_with(src, ErrorMode::Halt, b"")
}

pub fn run_with(src: &str, mode: ErrorMode, input: &[u8]) -> Run {
    let obj = compile_with(src, mode).unwrap_or_else(|e| panic!("does not compile:\n{e}"));
    run_object(obj, input, 50_000_000)
}

/// Runs a program expected to print `expected` on the screen and finish.
pub fn expect_output(src: &str, expected: &str) {
    let r = run(src);
    assert_eq!(r.text(), expected, "screen output; run: {r:?}");
    assert!(r.finished, "program did not send the finish frame: {r:?}");
}
