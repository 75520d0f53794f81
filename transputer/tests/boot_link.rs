//! Boot from link: pokes before the boot, peek answers on the paired output link,
//! boot code of 2 to 255 bytes with the registers the reference gives, booting from a
//! link other than 0, and truncated or malformed streams reported, never a panic.

mod common;

use proptest::prelude::*;
use std::io::Cursor;
use t800_isa::consts::{LINK_IN, LINK_OUT, MEM_START, MOST_NEG, NOT_PROCESS};
use transputer::boot_link::BootRx;
use transputer::link::{Capture, HostLink};
use transputer::node::{FaultKind, Node};
use transputer::report::Outcome;
use transputer::StopReason;

/// A fresh node waiting to boot, with `stream` fed to link `n`.
fn waiting_node(n: usize, stream: &[u8]) -> (Node, Capture) {
    let mut node = Node::new(common::config());
    let out = Capture::default();
    node.attach_link(
        n,
        Box::new(HostLink::new(
            20,
            Box::new(out.clone()),
            Box::new(Cursor::new(stream.to_vec())),
        )),
    );
    node.await_boot_from_link();
    (node, out)
}

fn poke(addr: u32, value: u32) -> Vec<u8> {
    [
        vec![0],
        addr.to_le_bytes().to_vec(),
        value.to_le_bytes().to_vec(),
    ]
    .concat()
}

fn peek(addr: u32) -> Vec<u8> {
    [vec![1], addr.to_le_bytes().to_vec()].concat()
}

fn boot_frame(code: &[u8]) -> Vec<u8> {
    [vec![code.len() as u8], code.to_vec()].concat()
}

/// Stores the boot registers A, B, C and Wptr in W[0..3], and the word at
/// #80000800 in W[4]; then stops.
const CAPTURE: &str = "
    stl 0
    stl 1
    stl 2
    ldlp 0
    stl 3
    mint
    ldnlp #200
    ldnl 0
    stl 4
    stopp
";

fn slots(node: &Node, wptr: u32) -> Vec<u32> {
    (0..5)
        .map(|i| node.memory().read_word(wptr + 4 * i).unwrap())
        .collect()
}

#[test]
fn poke_then_boot_starts_the_code_with_the_reference_registers() {
    let code = common::assemble(CAPTURE);
    let stream = [poke(MOST_NEG + 0x800, 0xDEAD_BEEF), boot_frame(&code)].concat();
    let (mut node, out) = waiting_node(0, &stream);
    // The "previous" process: A and B report it.
    node.cpu_mut().iptr = 0x1234_5678;
    node.cpu_mut().wptr = MOST_NEG + 0x400;
    node.cpu_mut().pri = 1;
    assert_eq!(node.boot_wait(), Some([BootRx::Control; 4]));
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Finished, "{}", node.report());
    let wptr = (MEM_START + code.len() as u32 + 3) & !3;
    assert_eq!(
        slots(&node, wptr),
        vec![0x1234_5678, MOST_NEG + 0x401, LINK_IN[0], wptr, 0xDEAD_BEEF]
    );
    assert!(out.contents().is_empty());
    // The bytes took link time: 18 + code bytes at 22 cycles each (20 MHz).
    assert!(node.now().0 >= (stream.len() as u64) * 22);
    assert_eq!(node.boot_wait(), None);
}

#[test]
fn peek_answers_on_the_paired_output_link() {
    let stream = [
        poke(MOST_NEG + 0x900, 0x0102_0304),
        peek(MOST_NEG + 0x900),
        peek(LINK_OUT[2]),         // reset left NotProcess.p there
        boot_frame(&[0x21, 0xF5]), // stopp: the shortest boot, 2 bytes
    ]
    .concat();
    let (mut node, out) = waiting_node(0, &stream);
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Finished, "{}", node.report());
    let want = [0x0102_0304u32.to_le_bytes(), NOT_PROCESS.to_le_bytes()].concat();
    assert_eq!(out.contents(), want);
    assert_eq!(node.instructions(), 2);
}

#[test]
fn boot_code_of_255_bytes() {
    let mut code = common::assemble(CAPTURE);
    code.resize(255, 0x40); // unreachable padding after stopp
    let (mut node, _) = waiting_node(0, &boot_frame(&code));
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Finished, "{}", node.report());
    let wptr = MEM_START + 256;
    assert_eq!(slots(&node, wptr)[2..4], [LINK_IN[0], wptr]);
    // (stopp saved its Iptr in W[-1], the last code word.)
    assert_eq!(node.memory().read_byte(MEM_START + 240).unwrap(), 0x40);
}

/// Any link can boot the node; C names that link's input channel word.
#[test]
fn a_node_boots_from_whichever_link_delivers() {
    let code = common::assemble(CAPTURE);
    let (mut node, _) = waiting_node(2, &boot_frame(&code));
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Finished, "{}", node.report());
    let wptr = (MEM_START + code.len() as u32 + 3) & !3;
    assert_eq!(slots(&node, wptr)[2], LINK_IN[2]);
}

/// Bytes after the boot code stay on the link for the booted program.
#[test]
fn the_rest_of_the_stream_is_input_for_the_program() {
    let code = common::assemble(
        "
        ajw 4
        ldlp 1
        mint
        ldnlp 4
        ldc 1
        in
        ldl 1
        adc 1
        mint
        outbyte
        stopp
    ",
    );
    let stream = [boot_frame(&code), b"A".to_vec()].concat();
    let (mut node, out) = waiting_node(0, &stream);
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Finished, "{}", node.report());
    assert_eq!(out.contents(), b"B");
}

#[test]
fn truncated_streams_leave_the_node_waiting_with_a_report() {
    for (stream, waiting) in [
        (vec![], "link 0 waits for a control byte"),
        (
            vec![0, 1, 2],
            "link 0 waits for the 8 address and data bytes of a poke",
        ),
        (
            peek(MOST_NEG)[..3].to_vec(),
            "link 0 waits for the 4 address bytes",
        ),
        (vec![9, 0x40, 0x40], "link 0 waits for 9 bytes of boot code"),
    ] {
        let (mut node, _) = waiting_node(0, &stream);
        assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
        assert_eq!(node.outcome(), Outcome::Deadlock);
        let report = node.report();
        assert!(report.starts_with("deadlock at"), "{report}");
        assert!(report.contains("the node was never booted"), "{report}");
        assert!(report.contains(waiting), "{stream:?}: {report}");
        assert!(
            report.contains("link 3 waits for a control byte"),
            "{report}"
        );
    }
}

#[test]
fn peek_or_poke_outside_memory_is_a_fault_naming_link_and_address() {
    for stream in [poke(0x10, 1), peek(MOST_NEG + 64 * 1024)] {
        let (mut node, _) = waiting_node(0, &stream);
        assert_eq!(common::run(&mut node, 1_000_000), StopReason::Fault);
        let addr = u32::from_le_bytes(stream[1..5].try_into().unwrap());
        assert_eq!(
            node.fault().map(|f| f.kind),
            Some(FaultKind::BootAccess { link: 0, addr })
        );
        let report = node.report();
        assert!(
            report.contains(&format!("link 0 names address #{addr:08X}, outside memory")),
            "{report}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Whatever arrives on the link, the node boots, waits, runs or faults: no panic.
    #[test]
    fn random_streams_never_panic(stream in proptest::collection::vec(any::<u8>(), 0..64)) {
        let (mut node, _) = waiting_node(0, &stream);
        common::run(&mut node, 20_000);
        let _ = node.report();
    }
}
