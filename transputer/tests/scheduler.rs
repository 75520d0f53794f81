//! Scheduler programs in assembly (`tests/asm/*.s`): PAR, rendezvous in both orders,
//! the ALT family, timers, timeslicing, preemption, deadlock, determinism.
//!
//! The programs log bytes to a memory log (count at `#80000F00`, bytes from
//! `#80000F04`) so the order in which processes ran is visible.

mod common;

use t800_isa::consts::{ENABLING, MEM_START, MOST_NEG, NOT_PROCESS, READY};
use transputer::node::StopReason;
use transputer::report::Outcome;

fn log(node: &transputer::Node) -> String {
    let m = node.memory();
    let n = m.read_word(MOST_NEG + 0xF00).unwrap();
    let bytes = m.slice(MOST_NEG + 0xF04, n.min(64)).unwrap();
    String::from_utf8_lossy(bytes).into_owned()
}

fn run_to_end(name: &str) -> transputer::Node {
    let (node, _, r) = common::run_program(name, 100_000_000);
    assert_eq!(r, StopReason::Idle, "{name}: {}", node.report());
    node
}

#[test]
fn par_with_startp_and_endp_joins_after_every_branch() {
    let node = run_to_end("par.s");
    // Main's branch runs first (startp queues the others), the last to end joins.
    assert_eq!(log(&node), "MABJ");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn rendezvous_with_inputter_first() {
    let node = run_to_end("rendezvous_in_first.s");
    // The outputter arrives second, copies, and carries on before the inputter runs.
    assert_eq!(log(&node), "oOXI");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn rendezvous_with_outputter_first() {
    let node = run_to_end("rendezvous_out_first.s");
    assert_eq!(log(&node), "iXIO");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn alt_takes_the_first_ready_guard_in_disable_order() {
    let node = run_to_end("alt_order.s");
    assert_eq!(log(&node), "ba");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn alt_with_skip_and_timer_guards() {
    let node = run_to_end("alt_skip_timer.s");
    assert_eq!(log(&node), "SxTt");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn a_waiting_alter_is_woken_by_an_output() {
    let node = run_to_end("alt_wait.s");
    assert_eq!(log(&node), "cwy");
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn tin_sleepers_wake_in_time_order() {
    let node = run_to_end("tin.s");
    assert_eq!(log(&node), "BCAM");
    // Main slept 40 low ticks of 64 µs: at least 40 * 64 * 20 cycles went by.
    assert!(node.now().0 >= 40 * 64 * 20, "{}", node.now().0);
    assert_eq!(node.outcome(), Outcome::Finished);
}

#[test]
fn two_busy_low_processes_share_within_one_to_two_timeslices() {
    let (mut node, _) = common::boot(&common::program("timeslice.s"), b"");
    let period = 1024 * 20; // 1.024 ms at 20 MHz
    let mut last_switch = 0u64;
    let mut current = node.cpu().wptr;
    let mut intervals = Vec::new();
    while node.now().0 < 12 * period {
        node.step();
        if node.cpu().wptr != current {
            current = node.cpu().wptr;
            intervals.push(node.now().0 - last_switch);
            last_switch = node.now().0;
        }
    }
    // The first switch happens when main starts the other loop's process only at a
    // timeslice, so every interval is a whole slice: between one and two periods
    // (plus the few cycles to reach the next `j`).
    assert!(intervals.len() >= 6, "{intervals:?}");
    for &iv in &intervals[1..] {
        assert!(iv >= period && iv <= 2 * period + 16, "{intervals:?}");
    }
    let m = node.memory();
    let (a, b) = (
        m.read_word(MOST_NEG + 0xF40).unwrap(),
        m.read_word(MOST_NEG + 0xF44).unwrap(),
    );
    assert!(a > 0 && b > 0);
    assert!(a.max(b) < 3 * a.min(b), "unfair: {a} vs {b}");
}

#[test]
fn a_high_priority_process_preempts_a_low_one() {
    let node = run_to_end("preempt.s");
    // Without preemption the low loop would end (about 6 ms) before 'H'.
    assert_eq!(log(&node), "HL");
    let m = node.memory();
    let woke = m.read_word(MOST_NEG + 0xF80).unwrap();
    let target = m.read_word(MOST_NEG + 0xF84).unwrap();
    // `tin` waits until the clock is AFTER the target: it wakes at target + 1.
    assert_eq!(woke, target + 1);
    // Once at runp, once at the timer wake-up.
    assert_eq!(node.counters().preemptions, 2);
    // The save area is empty again.
    assert_eq!(
        m.read_word(t800_isa::consts::WDESC_INT_SAVE).unwrap(),
        NOT_PROCESS
    );
}

#[test]
fn deadlock_is_reported_with_the_waiting_process() {
    let (node, _, r) = common::run_program("deadlock.s", 1_000_000);
    assert_eq!(r, StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Deadlock);
    let report = node.report();
    let wptr = node.cpu().wptr;
    assert!(report.contains("deadlock at"), "{report}");
    assert!(report.contains(&format!("Wptr=#{wptr:08X}")), "{report}");
    assert!(
        report.contains(&format!("input on channel #{:08X}", wptr + 4)),
        "{report}"
    );
    // The Iptr shown is where the process resumes: just after its `in`.
    let resume = node.memory().read_word(wptr - 4).unwrap();
    assert!(report.contains(&format!("Iptr=#{resume:08X}")), "{report}");
    assert!(resume > MEM_START);
}

/// A deadlocked ALT is reported with the channels its enabled guards name; a guard
/// whose boolean was false is not among them.
#[test]
fn deadlocked_alt_lists_its_enabled_channels() {
    let (node, _, r) = common::run_program("alt_deadlock.s", 1_000_000);
    assert_eq!(r, StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Deadlock);
    let report = node.report();
    let w = node.cpu().wptr;
    let want = format!(
        "waits for ALT on channel #{:08X}, channel #{:08X}, link 1 input (channel #{:08X})\n",
        w + 4,
        w + 8,
        t800_isa::consts::LINK_IN[1]
    );
    assert!(report.contains(&want), "{report}");
    assert!(!report.contains(&format!("#{:08X}", w + 12)), "{report}");
    // The enabled soft channels hold the alter, as on the chip.
    assert_eq!(node.memory().read_word(w + 4).unwrap(), w | 1);
}

/// A timer ALT whose only timer guard is false waits on its channels alone.
#[test]
fn deadlocked_timer_alt_says_no_timer_guard_is_enabled() {
    let src = "
        ajw 100
        mint
        stl 1
        talt
        ldlp 1
        ldc 1
        enbc
        ldtimer
        ldc 0
        enbt
        taltwt
        stopp
    ";
    let (mut node, _) = common::boot(src, b"");
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Deadlock);
    let report = node.report();
    let w = node.cpu().wptr;
    let want = format!(
        "timer ALT on channel #{:08X}; no timer guard enabled",
        w + 4
    );
    assert!(report.contains(&want), "{report}");
}

#[test]
fn cycle_totals_are_deterministic() {
    for name in ["par.s", "alt_skip_timer.s", "preempt.s", "tin.s"] {
        let a = run_to_end(name);
        let b = run_to_end(name);
        assert_eq!(
            (a.now(), a.instructions()),
            (b.now(), b.instructions()),
            "{name}"
        );
    }
    let code = transputer::programs::assemble(&transputer::programs::ping_pong_source(1000));
    let a = transputer::cli::bench::run_program(&code);
    let b = transputer::cli::bench::run_program(&code);
    assert_eq!((a.cycles, a.instructions), (b.cycles, b.instructions));
}

/// Output to a channel whose other end is an alter still enabling: the alter's state
/// becomes Ready.p, it is not queued, and the outputter waits in the channel word.
#[test]
fn output_to_an_enabling_alter_marks_it_ready_without_queueing() {
    let (mut node, _) = common::boot("outbyte\nstopp\n", b"");
    let alter = MOST_NEG + 0x800; // a low-priority alter's workspace
    let chan = MOST_NEG + 0x900;
    let me = MOST_NEG + 0x600;
    let m = node.memory_mut();
    m.write_word(chan, alter | 1).unwrap();
    m.write_word(alter - 12, ENABLING).unwrap();
    let cpu = node.cpu_mut();
    cpu.wptr = me;
    cpu.regs.a = chan;
    cpu.regs.b = 7;
    node.step();
    let m = node.memory();
    assert_eq!(m.read_word(alter - 12).unwrap(), READY);
    assert_eq!(m.read_word(chan).unwrap(), me | 1);
    // Nothing else can run: the outputter waits, the alter was not queued.
    assert!(!node.cpu().running);
}

/// Error belongs to the interrupted context: the high process starts with Error
/// clear, and the low one gets its own Error back when it resumes.
#[test]
fn error_flag_is_saved_across_preemption() {
    let node = run_to_end("preempt_error.s");
    let m = node.memory();
    assert_eq!(
        m.read_word(MOST_NEG + 0xF80).unwrap(),
        1,
        "high saw Error set"
    );
    assert_eq!(
        m.read_word(MOST_NEG + 0xF84).unwrap(),
        0,
        "low lost its Error"
    );
    assert_eq!(node.counters().preemptions, 1);
}

/// What a preempted low process leaves in the save area (t800.md §3.4, §3.7): its
/// Wdesc, Iptr, A, B, C, the status word (bit 0 Error, bit 1 HaltOnError) and E,
/// which is 0 because no instruction here is left half done (see `sched.rs`).
#[test]
fn preemption_save_area_holds_the_low_process_state() {
    let node = run_to_end("preempt_save.s");
    let m = node.memory();
    let word = |off: u32| m.read_word(MOST_NEG + off).unwrap();
    let save: Vec<u32> = (0..7).map(|k| word(0xF80 + 4 * k)).collect();
    let (resume, main_wptr) = (word(0xFA0), word(0xFA4));
    assert_eq!(save[0], main_wptr | 1, "Wdesc");
    assert_eq!(save[1], resume, "Iptr");
    // This emulator's runp leaves the stack as it was (the chip leaves it undefined):
    // A = the high process's Wdesc (main's W[40], even), B = #55, C = #66.
    assert_eq!(
        (save[2], save[3], save[4]),
        (main_wptr + 160, 0x55, 0x66),
        "A, B, C"
    );
    assert_eq!(save[5], 1, "status: Error set, HaltOnError clear");
    assert_eq!(save[6], 0, "E");
    assert_eq!(node.counters().preemptions, 1);
}

#[test]
fn a_node_can_move_between_threads() {
    fn send<T: Send>() {}
    send::<transputer::Node>();
}

/// An ALT guard on link 0's input: ready when the host has a byte; the selected
/// branch then inputs it and echoes it back on link 0.
#[test]
fn alt_on_a_link_input() {
    let src = "
        ajw 8
        alt
        mint
        ldnlp 4            ; link 0 input channel word
        ldc 1
        enbc
        altwt
        mint
        ldnlp 4
        ldc 1
        ldc body - after
        disc
        altend
after:
body:
        ldlp 2
        mint
        ldnlp 4
        ldc 1
        in
        ldl 2
        mint
        outbyte
        stopp
    ";
    let (mut node, out) = common::boot(src, b"z");
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(out.contents(), b"z");
    assert_eq!(node.outcome(), Outcome::Finished);
    // With no input at all the ALT waits forever: a deadlock on the link.
    let (mut node, _) = common::boot(src, b"");
    assert_eq!(common::run(&mut node, 1_000_000), StopReason::Idle);
    assert_eq!(node.outcome(), Outcome::Deadlock);
}
