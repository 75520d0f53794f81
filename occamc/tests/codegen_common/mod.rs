//! Shared helpers of the code generation tests: compile occam source (front end,
//! sema, codegen), link with the boot stub, boot in the emulator with link 0 on a
//! captured host link, and decode the `[stream, byte]` frames the entry harness sends.

#![allow(dead_code)]

use linker::object::{ErrorMode, Object};
use linker::LinkOptions;
use occamc::codegen::{generate, Options};
use transputer::link::{Capture, HostLink};
use transputer::report::Outcome;
use transputer::{Config, Cycles, Node};

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
    /// The `[0, 0]` frame arrived.
    pub finished: bool,
    pub outcome: Outcome,
    pub cycles: u64,
    /// Bytes on link 0 that are not well-formed frames.
    pub junk: Vec<u8>,
    /// The emulator's report (halt, deadlock, fault details).
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

/// Links and runs an object for at most `max_cycles`.
pub fn run_object(obj: Object, input: &[u8], max_cycles: u64) -> Run {
    let image = linker::link(&[obj], &LinkOptions::default()).expect("links");
    assert_eq!(image.entry, image.origin, "stub at the load address");
    let mut node = Node::new(Config::default());
    let cap = Capture::default();
    let input = input.to_vec();
    node.attach_link(
        0,
        Box::new(HostLink::new(
            20,
            Box::new(cap.clone()),
            Box::new(std::io::Cursor::new(input)),
        )),
    );
    node.boot_raw(&image.code).expect("boots");
    let mut finished = false;
    let mut out = Run {
        screen: vec![],
        error: vec![],
        finished: false,
        outcome: Outcome::Running,
        cycles: 0,
        junk: vec![],
        report: String::new(),
        halt_line: None,
        halt_at: None,
    };
    loop {
        let r = node.run_until(Cycles(max_cycles));
        let bytes = cap.contents();
        let mut decoded = (vec![], vec![], vec![]);
        for f in bytes.chunks(2) {
            match f {
                [1, b] => decoded.0.push(*b),
                [2, b] => decoded.1.push(*b),
                [0, 0] => finished = true,
                other => decoded.2.extend_from_slice(other),
            }
        }
        (out.screen, out.error, out.junk) = decoded;
        if finished || r != transputer::StopReason::LinkStarted {
            break;
        }
    }
    out.finished = finished;
    out.outcome = node.outcome();
    out.cycles = node.now().0;
    out.report = node.report();
    out.halt_at = node
        .halted()
        .and_then(|h| image.line_at(h.iptr))
        .map(|(f, l)| format!("{f}:{l}"));
    out.halt_line = node.halted().and_then(|h| {
        image
            .lines
            .iter()
            .take_while(|l| l.addr <= h.iptr)
            .last()
            .map(|l| l.line)
    });
    out
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
    assert!(r.junk.is_empty(), "malformed link frames: {r:?}");
}
