//! Table-driven instruction tests: (assembly, registers, memory, Error) before →
//! (registers, memory, Error, cycles) after, run through the interpreter.
//!
//! Cycle figures are the datasheet's, plus one per prefix byte: an operation with a
//! code ≥ 16 is `pfix; opr` and costs one more. `X` marks a register whose value the
//! hardware leaves undefined and is not checked.

mod common;

use t800_isa::consts::MEM_START;
use transputer::node::Node;

const W: u32 = 0x8000_0400;
const D: u32 = 0x8000_0800;
const X: u32 = 0xDEAD_BEEF;
const MN: u32 = 0x8000_0000;

#[derive(Clone)]
struct Case {
    src: &'static str,
    pre: [u32; 3],
    err: bool,
    mem: Vec<(u32, u32)>,
    post: [u32; 3],
    post_err: bool,
    post_mem: Vec<(u32, u32)>,
    wptr: Option<u32>,
    cycles: Option<u64>,
}

fn case(src: &'static str, pre: [u32; 3], post: [u32; 3], cycles: u64) -> Case {
    Case {
        src,
        pre,
        err: false,
        mem: vec![],
        post,
        post_err: false,
        post_mem: vec![],
        wptr: None,
        cycles: Some(cycles),
    }
}

impl Case {
    fn sets_error(mut self) -> Case {
        self.post_err = true;
        self
    }
    fn error_before(mut self) -> Case {
        self.err = true;
        self
    }
    fn mem(mut self, m: &[(u32, u32)]) -> Case {
        self.mem = m.to_vec();
        self
    }
    fn expect_mem(mut self, m: &[(u32, u32)]) -> Case {
        self.post_mem = m.to_vec();
        self
    }
    fn wptr(mut self, w: u32) -> Case {
        self.wptr = Some(w);
        self
    }
    fn any_cycles(mut self) -> Case {
        self.cycles = None;
        self
    }
}

fn execute(c: &Case) -> (Node, u64) {
    let code = common::assemble(c.src);
    let mut node = Node::new(common::config());
    node.boot_raw(&code).unwrap();
    {
        let cpu = node.cpu_mut();
        cpu.wptr = W;
        cpu.regs.a = c.pre[0];
        cpu.regs.b = c.pre[1];
        cpu.regs.c = c.pre[2];
        cpu.regs.error = c.err;
    }
    for &(a, v) in &c.mem {
        node.memory_mut().write_word(a, v).unwrap();
    }
    let end = MEM_START + code.len() as u32;
    let start = node.now().0;
    let mut guard = 0;
    while node.cpu().iptr != end && guard < 100 {
        node.step();
        guard += 1;
    }
    assert!(guard < 100, "{}: never reached the end of the code", c.src);
    let elapsed = node.now().0 - start;
    (node, elapsed)
}

fn check(c: &Case) {
    let (node, cycles) = execute(c);
    let r = node.cpu().regs;
    for (i, (got, want)) in [r.a, r.b, r.c].iter().zip(c.post).enumerate() {
        if want != X {
            assert_eq!(
                *got,
                want,
                "`{}`: register {} is {got:#x}, want {want:#x}",
                c.src,
                ["A", "B", "C"][i]
            );
        }
    }
    assert_eq!(r.error, c.post_err, "`{}`: Error flag", c.src);
    for &(a, v) in &c.post_mem {
        assert_eq!(
            node.memory().read_word(a).unwrap(),
            v,
            "`{}`: word at {a:#x}",
            c.src
        );
    }
    if let Some(w) = c.wptr {
        assert_eq!(node.cpu().wptr, w, "`{}`: Wptr", c.src);
    }
    if let Some(want) = c.cycles {
        assert_eq!(cycles, want, "`{}`: cycles", c.src);
    }
}

fn run_all(cases: &[Case]) {
    for c in cases {
        check(c);
    }
}

#[test]
fn loads_stores_and_constants() {
    run_all(&[
        case("ldc #987", [1, 2, 3], [0x987, 1, 2], 3),
        case("ldc -31", [1, 2, 3], [(-31i32) as u32, 1, 2], 2),
        case("ldc 5", [1, 2, 3], [5, 1, 2], 1),
        case("ldl 1", [1, 2, 3], [77, 1, 2], 2).mem(&[(W + 4, 77)]),
        case("stl 2", [9, 2, 3], [2, 3, 3], 1).expect_mem(&[(W + 8, 9)]),
        case("ldlp 3", [1, 2, 3], [W + 12, 1, 2], 1),
        case("ldnl 1", [D, 2, 3], [55, 2, 3], 2).mem(&[(D + 4, 55)]),
        case("stnl 2", [D, 66, 3], [3, X, X], 2).expect_mem(&[(D + 8, 66)]),
        case("ldnlp -2", [D, 2, 3], [D - 8, 2, 3], 2),
        case("ajw 4", [1, 2, 3], [1, 2, 3], 1).wptr(W + 16),
        case("ldpi", [4, 2, 3], [MEM_START + 2 + 4, 2, 3], 3),
        case("lb", [D + 1, 2, 3], [0xBB, 2, 3], 5).mem(&[(D, 0xDDCC_BBAA)]),
        case("sb", [D + 2, 0x1FF, 3], [3, X, X], 5)
            .mem(&[(D, 0x4433_2211)])
            .expect_mem(&[(D, 0x44FF_2211)]),
        case("move", [8, D + 0x40, D], [X, X, X], 13)
            .mem(&[(D, 1), (D + 4, 2)])
            .expect_mem(&[(D + 0x40, 1), (D + 0x44, 2)]),
    ]);
}

#[test]
fn two_dimensional_moves() {
    // Two rows of 3 bytes, source stride 4, destination stride 8.
    run_all(&[
        case(
            "move2dinit\nldlp 256\nldlp 272\nldc 3\nmove2dall",
            [2, 8, 4],
            [X, X, X],
            67,
        )
        .mem(&[(D, 0x1122_3344), (D + 4, 0x5566_7788)])
        .expect_mem(&[(D + 0x40, 0x0022_3344), (D + 0x48, 0x0066_7788)]),
        case(
            "move2dinit\nldlp 256\nldlp 272\nldc 4\nmove2dnonzero",
            [1, 0, 0],
            [X, X, X],
            42,
        )
        .mem(&[(D, 0x0011_0022), (D + 0x40, 0xAAAA_AAAA)])
        .expect_mem(&[(D + 0x40, 0xAA11_AA22)]),
        case(
            "move2dinit\nldlp 256\nldlp 272\nldc 4\nmove2dzero",
            [1, 0, 0],
            [X, X, X],
            42,
        )
        .mem(&[(D, 0x0011_0022), (D + 0x40, 0xAAAA_AAAA)])
        .expect_mem(&[(D + 0x40, 0x00AA_00AA)]),
    ]);
}

#[test]
fn arithmetic_with_overflow_and_error_cases() {
    run_all(&[
        case("adc 1", [0x7FFF_FFFF, 2, 3], [MN, 2, 3], 1).sets_error(),
        case("adc -1", [5, 2, 3], [4, 2, 3], 2),
        case("add", [1, 0x7FFF_FFFF, 4], [MN, 4, 4], 1).sets_error(),
        case("add", [1, 2, 4], [3, 4, 4], 1),
        case("sub", [1, MN, 4], [0x7FFF_FFFF, 4, 4], 1).sets_error(),
        case("sum", [1, 0x7FFF_FFFF, 4], [MN, 4, 4], 2),
        case("diff", [1, MN, 4], [0x7FFF_FFFF, 4, 4], 1),
        case("mul", [0x10000, 0x10000, 1], [0, 1, X], 41).sets_error(),
        case("mul", [(-3i32) as u32, 7, 1], [(-21i32) as u32, 1, X], 41),
        case("div", [0, 7, 9], [0, 9, X], 40).sets_error(),
        case("div", [u32::MAX, MN, 5], [MN, 5, X], 40).sets_error(),
        case("div", [(-2i32) as u32, 7, 5], [(-3i32) as u32, 5, X], 40),
        case("rem", [0, 7, 9], [0, 9, X], 38).sets_error(),
        case("rem", [(-2i32) as u32, 7, 5], [1, 5, X], 38),
        case("prod", [5, 3, 9], [15, 9, X], 6),
        case("gt", [1, u32::MAX, 9], [0, 9, X], 2),
        case("gt", [1, 2, 9], [1, 9, X], 2),
        case("eqc 5", [5, 2, 3], [1, 2, 3], 2),
        case("eqc 5", [6, 2, 3], [0, 2, 3], 2),
        // Error is sticky: a checked instruction never clears it.
        case("add", [1, 2, 4], [3, 4, 4], 1)
            .error_before()
            .sets_error(),
    ]);
}

#[test]
fn logic_shifts_and_stack() {
    run_all(&[
        case("rev", [1, 2, 3], [2, 1, 3], 1),
        case("dup", [1, 2, 3], [1, 1, 2], 2),
        case("mint", [1, 2, 3], [MN, 1, 2], 2),
        case("not", [0xF0F0, 2, 3], [!0xF0F0, 2, 3], 2),
        case("and", [0xFF0, 0x0FF, 3], [0x0F0, 3, X], 2),
        case("or", [0xF00, 0x00F, 3], [0xF0F, 3, X], 2),
        case("xor", [0xFF0, 0x0FF, 3], [0xF0F, 3, X], 2),
        case("shl", [4, 1, 7], [16, 7, X], 7),
        case("shl", [32, 0xFFFF, 7], [0, 7, X], 35),
        case("shl", [40, 0xFFFF, 7], [0, 7, X], 35),
        case("shr", [1, MN, 7], [0x4000_0000, 7, X], 4),
        case("shr", [33, MN, 7], [0, 7, X], 35),
        case("bsub", [D, 3, 9], [D + 3, 9, X], 1),
        case("wsub", [D, 3, 9], [D + 12, 9, X], 2),
        case("wsubdb", [D, 3, 9], [D + 24, 9, X], 4),
        case("bcnt", [3, 2, 9], [12, 2, 9], 3),
        case("wcnt", [(-5i32) as u32, 7, 9], [(-2i32) as u32, 3, 7], 6),
        case(
            "xdble",
            [(-3i32) as u32, 7, 9],
            [(-3i32) as u32, u32::MAX, 7],
            3,
        ),
        case("csngl", [5, 1, 9], [X, X, X], 4).sets_error(),
        case("csngl", [5, 0, 9], [5, X, X], 4),
    ]);
}

#[test]
fn part_words_fractions_crc_and_shifts_of_pairs() {
    run_all(&[
        case("xword", [0x80, 0xFF, 9], [u32::MAX, 9, X], 5),
        case("xword", [0x80, 0x7F, 9], [0x7F, 9, X], 5),
        case("cword", [0x80, 0x100, 9], [0x100, X, X], 6).sets_error(),
        case("cword", [0x80, 0x7F, 9], [0x7F, X, X], 6),
        case("lshl", [4, 0x8000_0001, 0], [0x10, 8, X], 8),
        case("lshr", [4, 0x10, 8], [0x8000_0001, 0, X], 8),
        case(
            "fmul",
            [0x4000_0000, 0x4000_0000, 9],
            [0x2000_0000, 9, X],
            39,
        ),
        case("crcword", [1, 2, 3], [X, X, X], 36),
        case("crcbyte", [1, 2, 3], [X, X, X], 12),
    ]);
}

#[test]
fn queue_registers_channels_and_misc() {
    const NP: u32 = t800_isa::consts::NOT_PROCESS;
    run_all(&[
        case("resetch", [D, 2, 3], [W | 1, 2, 3], 4)
            .mem(&[(D, W | 1)])
            .expect_mem(&[(D, NP)]),
        case("sthf\nsaveh", [W, D, 0], [X, X, X], 7).expect_mem(&[(D, W), (D + 4, NP)]),
        case("stlb\nsavel", [W, D, 0], [X, X, X], 7).expect_mem(&[(D, NP), (D + 4, W)]),
        case("testpranal", [1, 2, 3], [0, 1, 2], 3),
        case("stoperr", [1, 2, 3], [1, 2, 3], 3),
    ]);
}

#[test]
fn range_checks() {
    run_all(&[
        case("csub0", [10, 3, 9], [3, 9, X], 3),
        case("csub0", [10, 10, 9], [10, 9, X], 3).sets_error(),
        // A negative index is a huge unsigned one.
        case("csub0", [10, u32::MAX, 9], [u32::MAX, 9, X], 3).sets_error(),
        case("ccnt1", [10, 0, 9], [0, 9, X], 4).sets_error(),
        case("ccnt1", [10, 10, 9], [10, 9, X], 4),
        case("ccnt1", [10, 11, 9], [11, 9, X], 4).sets_error(),
    ]);
}

#[test]
fn long_arithmetic() {
    run_all(&[
        case("ladd", [1, 0x7FFF_FFFF, 0], [MN, X, X], 3).sets_error(),
        case("ladd", [1, 2, 1], [4, X, X], 3),
        case("lsub", [1, MN, 0], [0x7FFF_FFFF, X, X], 3).sets_error(),
        case("lsum", [u32::MAX, 1, 1], [1, 1, X], 3),
        case("ldiff", [1, 0, 0], [u32::MAX, 1, X], 3),
        case("lmul", [u32::MAX, u32::MAX, 1], [2, 0xFFFF_FFFE, X], 34),
        case("ldiv", [10, 7, 0], [0, 7, X], 36),
        case("ldiv", [10, 0, 3], [0x4CCC_CCCC, 8, X], 36),
        // C >= A: the quotient would not fit.
        case("ldiv", [5, 0, 5], [5, 0, 5], 36).sets_error(),
        // norm of zero: shift count 64, 3 cycles.
        case("norm", [0, 0, 9], [0, 0, 64], 4),
        case("norm", [1, 0, 9], [0, MN, 63], 38),
    ]);
}

#[test]
fn control_flow() {
    run_all(&[
        case("j l\nldc 9\nl:", [1, 2, 3], [1, 2, 3], 3),
        case("cj l\nldc 9\nl:", [0, 2, 3], [0, 2, 3], 4),
        case("cj l\nldc 9\nl:", [5, 6, 7], [9, 6, 7], 3),
        case("call f\nf:", [1, 2, 3], [MEM_START + 1, 2, 3], 7)
            .wptr(W - 16)
            .expect_mem(&[(W - 16, MEM_START + 1), (W - 12, 1), (W - 8, 2), (W - 4, 3)]),
        case("ret", [1, 2, 3], [1, 2, 3], 6)
            .mem(&[(W, MEM_START + 2)])
            .wptr(W + 16),
        case("gcall", [MEM_START + 1, 2, 3], [MEM_START + 1, 2, 3], 4),
        case("gajw", [D, 2, 3], [W, 2, 3], 3).wptr(D),
        // lend: count 3 loops twice (index 0 → 2) and exits; 10 per loop, 5 on exit.
        case("l: lend", [2, D, 3], [X, X, X], 2 * 11 + 6)
            .mem(&[(D, 0), (D + 4, 3)])
            .expect_mem(&[(D, 2), (D + 4, 0)]),
    ]);
}

#[test]
fn error_flags_and_status() {
    run_all(&[
        case("testerr", [1, 2, 3], [1, 1, 2], 3),
        case("testerr", [1, 2, 3], [0, 1, 2], 4).error_before(),
        case("seterr", [1, 2, 3], [1, 2, 3], 2).sets_error(),
        case("ldpri", [1, 2, 3], [1, 1, 2], 2),
        case("sethalterr\ntesthalterr", [1, 2, 3], [1, 1, 2], 5),
        case("ldc 100\nsttimer\nldtimer", [1, 2, 3], [100, 1, 2], 7),
        case("bitcnt", [0xF0, 2, 9], [6, 9, X], 10),
        case("bitrevword", [1, 2, 9], [MN, 2, 9], 37),
        case("bitrevnbits", [4, 1, 9], [8, 9, X], 9),
    ]);
}

#[test]
fn floating_point_through_the_interpreter() {
    const NAN32: u32 = 0x7FC0_0000;
    run_all(&[
        case("fpldnlsn\nfpnan", [D, 2, 3], [1, X, X], 0)
            .mem(&[(D, NAN32)])
            .any_cycles(),
        case("fpldnlsn\nfpnan", [D, 2, 3], [0, X, X], 0)
            .mem(&[(D, 0x3F80_0000)])
            .any_cycles(),
        // 16777219 is not a REAL32: nearest (ties to even) gives 16777220, round to
        // zero gives 16777218.
        case("fpi32tor32\nldlp 0\nfpstnlsn", [D, 2, 3], [X, X, X], 0)
            .mem(&[(D, 16_777_219)])
            .expect_mem(&[(W, 0x4B80_0002)])
            .any_cycles(),
        case(
            "fpurz\nfpi32tor32\nldlp 0\nfpstnlsn",
            [D, 2, 3],
            [X, X, X],
            0,
        )
        .mem(&[(D, 16_777_219)])
        .expect_mem(&[(W, 0x4B80_0001)])
        .any_cycles(),
        // fpchkerr copies the FP error flag into Error; infinity inputs set it.
        case(
            "fpldnlsn\nfpldnlsn\nfpadd\nfpchkerr",
            [D, D, 3],
            [X, X, X],
            0,
        )
        .mem(&[(D, 0x7F80_0000)])
        .sets_error()
        .any_cycles(),
        case("fpldzerosn\nfpchkerr", [D, 2, 3], [X, X, X], 0).any_cycles(),
    ]);
}

#[test]
fn halt_on_error_stops_the_processor_at_the_instruction() {
    let (mut node, _) = common::boot("ajw 8\nsethalterr\nmint\nadc -1\nldc 1\nstopp\n", b"");
    common::run(&mut node, 1_000_000);
    let h = node.halted().expect("halted");
    assert_eq!(h.iptr, MEM_START + 5); // after ajw (1 byte), sethalterr (2), mint (2)
    assert!(node.report().contains("adc -1"), "{}", node.report());
    assert_eq!(node.outcome(), transputer::report::Outcome::Halted);
}

#[test]
fn setting_haltonerror_with_error_already_set_does_not_halt() {
    let (mut node, _) = common::boot("ajw 8\nseterr\nsethalterr\nseterr\nstopp\n", b"");
    common::run(&mut node, 1_000_000);
    assert!(node.halted().is_none());
    assert_eq!(node.outcome(), transputer::report::Outcome::Finished);
}

#[test]
fn every_table_operation_is_implemented() {
    // Run each operation once on a harmless state: none may be reported as invalid.
    for op in t800_isa::Op::ALL {
        let mut code = Vec::new();
        t800_isa::encode::encode_op(*op, &mut code);
        let mut node = Node::new(common::config());
        node.boot_raw(&code).unwrap();
        let cpu = node.cpu_mut();
        cpu.wptr = W;
        cpu.regs.a = 0;
        cpu.regs.b = D;
        cpu.regs.c = D;
        node.step();
        if let Some(f) = node.fault() {
            assert!(
                !matches!(f.kind, transputer::node::FaultKind::BadOp(_)),
                "{op:?} is not implemented"
            );
        }
    }
}
