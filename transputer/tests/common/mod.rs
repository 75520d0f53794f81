//! Shared helpers for the emulator's integration tests: boot assembly text with link 0
//! captured, and run it to the end.
// Each test binary uses only some of these helpers.
#![allow(dead_code)]

use std::io::Cursor;
use t800_isa::asm::parse::assemble_text;
use t800_isa::consts::MEM_START;
use transputer::link::{Capture, HostLink};
use transputer::node::{Config, Cycles, Node, StopReason};

/// A small node (64 KB) for tests.
pub fn config() -> Config {
    Config {
        mem_bytes: 64 * 1024,
        ..Config::default()
    }
}

/// Assembles `src` for MemStart.
pub fn assemble(src: &str) -> Vec<u8> {
    match assemble_text(src, MEM_START) {
        Ok((a, _)) => a.code,
        Err(e) => panic!("test program does not assemble: {e:?}"),
    }
}

/// Boots `src` with link 0 connected to a capture buffer and the given input.
pub fn boot(src: &str, input: &[u8]) -> (Node, Capture) {
    let mut node = Node::new(config());
    let out = Capture::default();
    node.attach_link(
        0,
        Box::new(HostLink::new(
            20,
            Box::new(out.clone()),
            Box::new(Cursor::new(input.to_vec())),
        )),
    );
    node.boot_raw(&assemble(src)).expect("boots");
    (node, out)
}

/// Runs until the node stops for good or `limit` cycles pass.
pub fn run(node: &mut Node, limit: u64) -> StopReason {
    loop {
        match node.run_until(Cycles(limit)) {
            StopReason::LinkStarted => continue,
            r => return r,
        }
    }
}

/// Loads a whole test program from `tests/asm/`.
pub fn program(name: &str) -> String {
    let path = format!("{}/tests/asm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Boots and runs a program from `tests/asm/` to completion; returns the node and
/// what it printed on link 0.
pub fn run_program(name: &str, limit: u64) -> (Node, String, StopReason) {
    let (mut node, out) = boot(&program(name), b"");
    let r = run(&mut node, limit);
    let text = String::from_utf8_lossy(&out.contents()).into_owned();
    (node, text, r)
}
