//! Robustness: arbitrary code never panics the emulator, and accesses outside memory
//! are reported as emulator errors naming the address and the Iptr.

mod common;

use proptest::prelude::*;
use t800_isa::consts::MEM_START;
use transputer::node::{Config, Cycles, FaultKind, Node, StopReason};
use transputer::report::Outcome;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_images_never_panic(
        code in proptest::collection::vec(any::<u8>(), 1..256),
        regs in any::<[u32; 3]>(),
    ) {
        let mut node = Node::new(Config { mem_bytes: 16 * 1024, ..Config::default() });
        node.boot_raw(&code).unwrap();
        node.cpu_mut().regs.a = regs[0];
        node.cpu_mut().regs.b = regs[1];
        node.cpu_mut().regs.c = regs[2];
        let mut limit = 0;
        for _ in 0..50 {
            limit += 2000;
            match node.run_until(Cycles(limit)) {
                StopReason::CycleLimit | StopReason::LinkStarted => {}
                _ => break,
            }
        }
        // Whatever happened can be reported.
        let _ = node.report();
        let _ = node.outcome();
    }
}

#[test]
fn out_of_range_load_names_address_and_iptr() {
    let (mut node, _) = common::boot("ajw 8\nldc 0\nldnl 3\nstopp\n", b"");
    assert_eq!(common::run(&mut node, 10_000), StopReason::Fault);
    let f = node.fault().unwrap();
    assert_eq!(f.kind, FaultKind::Memory(12));
    assert_eq!(f.iptr, MEM_START + 2);
    assert_eq!(node.outcome(), Outcome::Fault);
    let r = node.report();
    assert!(r.contains("address #0000000C"), "{r}");
    assert!(r.contains(&format!("Iptr=#{:08X}", MEM_START + 2)), "{r}");
}

#[test]
fn running_off_the_end_of_memory_is_a_fault() {
    // Jump far beyond the 64 KB of memory.
    let (mut node, _) = common::boot("ldc #7FFF0\ngcall\n", b"");
    assert_eq!(common::run(&mut node, 10_000), StopReason::Fault);
    assert_eq!(node.fault().unwrap().kind, FaultKind::Memory(0x7FFF0));
}

#[test]
fn an_invalid_operation_is_a_fault() {
    let (mut node, _) = common::boot("opr #63\n", b""); // T414-only unpacksn
    assert_eq!(common::run(&mut node, 10_000), StopReason::Fault);
    assert_eq!(node.fault().unwrap().kind, FaultKind::BadOp(0x63));
    assert!(node.report().contains("invalid operation #63"));
}

#[test]
fn self_modifying_code_sees_its_own_writes() {
    // The loop body's `ldc 1` is executed (and cached), then overwritten with `ldc 2`
    // by the program; the second pass must execute the new byte.
    let src = "
        ajw 8
        ldc 2
        stl 1          ; passes left
again:
        ldc patch - here
        ldpi
here:
        stl 2          ; address of the patched byte
patch:
        ldc 1
        stl 3          ; W[3] := the constant
        ldc #42        ; `ldc 2`
        ldl 2
        sb             ; patch the instruction
        ldl 1
        adc -1
        stl 1
        ldl 1
        cj done
        j again
done:
        stopp
    ";
    let (mut node, _) = common::boot(src, b"");
    assert_eq!(common::run(&mut node, 100_000), StopReason::Idle);
    let w = node.cpu().wptr;
    assert_eq!(node.memory().read_word(w + 12).unwrap(), 2);
}

#[test]
fn long_prefix_chains_take_the_slow_path_correctly() {
    // 20 `pfix 0` bytes before `ldc 5`: 21 instructions, 21 cycles, A = 5.
    let mut code = vec![0x20u8; 20];
    code.extend_from_slice(&[0x45, 0xB8, 0xF0 | 0x5]); // ldc 5; ajw 8; add
    let mut node = Node::new(common::config());
    node.boot_raw(&code).unwrap();
    node.cpu_mut().regs.a = 1;
    node.step();
    assert_eq!(node.cpu().regs.a, 5);
    assert_eq!(node.now().0, 21);
    assert_eq!(node.instructions(), 21);
    assert_eq!(node.cpu().iptr, MEM_START + 21);
}

#[test]
fn a_timer_queue_corrupted_into_a_cycle_does_not_hang() {
    // A process whose TLink.s points at itself is put at the head of the high timer
    // queue with a time already past.
    // ajw 8 (1 byte), ldc 0 (1), sttimer (2): the spin loop is at MemStart + 4.
    let (mut node, _) = common::boot("ajw 8\nldc 0\nsttimer\nl: j l\n", b"");
    let w = 0x8000_0800u32;
    let m = node.memory_mut();
    m.write_word(w - 16, w).unwrap(); // TLink.s -> itself
    m.write_word(w - 20, 0).unwrap(); // Time.s
    m.write_word(w - 4, MEM_START + 4).unwrap(); // Iptr.s: the spin loop
    m.write_word(t800_isa::consts::TPTR_LOC[0], w).unwrap();
    // sttimer makes the queue due at once; without the guard this would never return.
    assert_eq!(common::run(&mut node, 100_000), StopReason::CycleLimit);
    assert_eq!(node.cpu().iptr & !1, (MEM_START + 4) & !1);
    assert_eq!(
        node.memory()
            .read_word(t800_isa::consts::TPTR_LOC[0])
            .unwrap(),
        t800_isa::consts::NOT_PROCESS
    );
}
