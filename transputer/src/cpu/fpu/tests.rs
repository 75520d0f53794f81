//! FPU tests: loads and stores through a small memory, IEEE results in every rounding
//! mode, the FP error flag, conversions, square root and remainder sequences, cycles.

use super::{is_fpu_op, FpVal, Fpu, Regs, Rounding, WordMemory};
use rustc_apfloat::ieee::{Double, Quad, Single};
use rustc_apfloat::{Float, FloatConvert};
use t800_isa::{FpuOp, Op};

const BASE: u32 = 0x8000_0100;

/// Sixteen words at `BASE`; any other address faults with that address.
struct Mem([u32; 16]);

impl WordMemory for Mem {
    type Error = u32;
    fn read_word(&mut self, addr: u32) -> Result<u32, u32> {
        let i = addr.wrapping_sub(BASE) / 4;
        match self.0.get(i as usize) {
            Some(&w) if addr & 3 == 0 => Ok(w),
            _ => Err(addr),
        }
    }
    fn write_word(&mut self, addr: u32, value: u32) -> Result<(), u32> {
        let i = addr.wrapping_sub(BASE) / 4;
        match self.0.get_mut(i as usize) {
            Some(w) if addr & 3 == 0 => {
                *w = value;
                Ok(())
            }
            _ => Err(addr),
        }
    }
}

/// A test machine: FPU, integer stack, memory.
struct M {
    fpu: Fpu,
    r: Regs,
    mem: Mem,
}

impl M {
    fn new() -> M {
        M {
            fpu: Fpu::default(),
            r: Regs::default(),
            mem: Mem([0; 16]),
        }
    }
    fn op(&mut self, op: Op) -> u32 {
        self.fpu
            .exec(op, &mut self.r, &mut self.mem)
            .expect("memory fault")
    }
    /// `ldc sel; fpentry`.
    fn sel(&mut self, sel: FpuOp) -> u32 {
        self.r.push(sel.code() as u32);
        self.op(Op::Fpentry)
    }
    /// Pushes `vals` (last one ends in FA).
    fn with(vals: &[FpVal]) -> M {
        let mut m = M::new();
        for &v in vals {
            m.fpu.fc = m.fpu.fb;
            m.fpu.fb = m.fpu.fa;
            m.fpu.fa = v;
        }
        m
    }
}

fn s(x: f32) -> FpVal {
    FpVal::Single(x.to_bits())
}
fn d(x: f64) -> FpVal {
    FpVal::Double(x.to_bits())
}

const MODES: [FpuOp; 4] = [FpuOp::Fpurn, FpuOp::Fpurp, FpuOp::Fpurm, FpuOp::Fpurz];

#[test]
fn loads_and_stores_through_memory() {
    let mut m = M::new();
    m.mem.0[0] = 1.5f32.to_bits();
    let two = 2.25f64.to_bits();
    (m.mem.0[2], m.mem.0[3]) = (two as u32, (two >> 32) as u32);
    m.mem.0[5] = (-4.0f32).to_bits();
    let e = (-8.5f64).to_bits();
    (m.mem.0[6], m.mem.0[7]) = (e as u32, (e >> 32) as u32);
    m.r = Regs {
        a: BASE,
        b: 11,
        c: 12,
        error: false,
    };
    assert_eq!(m.op(Op::Fpldnlsn), 2);
    assert_eq!((m.fpu.fa, m.r.a, m.r.b), (s(1.5), 11, 12));
    m.r.push(BASE + 8);
    assert_eq!(m.op(Op::Fpldnldb), 3);
    assert_eq!((m.fpu.fa, m.fpu.fb), (d(2.25), s(1.5)));
    // Indexed loads: A = base, B = index; both popped.
    m.r = Regs {
        a: BASE + 4,
        b: 4,
        c: 77,
        error: false,
    };
    assert_eq!(m.op(Op::Fpldnlsni), 4);
    assert_eq!((m.fpu.fa, m.r.a), (s(-4.0), 77));
    m.r = Regs {
        a: BASE + 16,
        b: 1,
        c: 78,
        error: false,
    };
    assert_eq!(m.op(Op::Fpldnldbi), 6);
    assert_eq!((m.fpu.fa, m.fpu.fb, m.fpu.fc), (d(-8.5), s(-4.0), d(2.25)));

    // Stores pop both stacks.
    m.r = Regs {
        a: BASE + 40,
        b: BASE + 48,
        c: 5,
        error: false,
    };
    assert_eq!(m.op(Op::Fpstnldb), 3);
    assert_eq!(m.mem.0[10] as u64 | (m.mem.0[11] as u64) << 32, e);
    assert_eq!((m.fpu.fa, m.r.a), (s(-4.0), BASE + 48));
    assert_eq!(m.op(Op::Fpstnlsn), 2);
    assert_eq!(
        (m.mem.0[12], m.fpu.fa, m.r.a),
        ((-4.0f32).to_bits(), d(2.25), 5)
    );

    assert_eq!(m.op(Op::Fpldzerosn), 2);
    assert_eq!(m.fpu.fa, FpVal::Single(0));
    assert_eq!(m.op(Op::Fpldzerodb), 2);
    assert_eq!(m.fpu.fa, FpVal::Double(0));
}

#[test]
fn memory_faults_leave_both_stacks_unchanged() {
    let mut m = M::with(&[s(1.0), s(2.0)]);
    m.r = Regs {
        a: 0x1000,
        b: 1,
        c: 2,
        error: false,
    };
    let (fpu, r) = (m.fpu.clone(), m.r);
    for op in [
        Op::Fpldnlsn,
        Op::Fpldnldb,
        Op::Fpldnladdsn,
        Op::Fpldnlmuldb,
        Op::Fpstnlsn,
        Op::Fpstnli32,
        Op::Fpi32tor32,
    ] {
        assert_eq!(m.fpu.exec(op, &mut m.r, &mut m.mem), Err(0x1000), "{op:?}");
        assert_eq!((&m.fpu, m.r), (&fpu, r), "{op:?}");
    }
    // The second word of a double beyond the end faults too.
    m.r.a = BASE + 60;
    assert_eq!(
        m.fpu.exec(Op::Fpldnldb, &mut m.r, &mut m.mem),
        Err(BASE + 64)
    );
}

#[test]
fn load_and_operate_forms() {
    let mut m = M::with(&[s(3.0)]);
    m.mem.0[0] = 0.5f32.to_bits();
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpldnladdsn), 8);
    assert_eq!(m.fpu.fa, s(3.5));
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpldnlmulsn), 13);
    assert_eq!(m.fpu.fa, s(1.75));
    let mut m = M::with(&[d(3.0)]);
    let half = 0.5f64.to_bits();
    (m.mem.0[0], m.mem.0[1]) = (half as u32, (half >> 32) as u32);
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpldnladddb), 9);
    assert_eq!(m.fpu.fa, d(3.5));
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpldnlmuldb), 21);
    assert_eq!(m.fpu.fa, d(1.75));
    assert!(!m.fpu.error);
}

/// FB / FA in each rounding mode, for x/y and −x/y.
fn quotients(x: FpVal, y: FpVal, neg_x: FpVal) -> Vec<(FpVal, FpVal)> {
    MODES
        .iter()
        .map(|&mode| {
            let mut m = M::with(&[x, y]);
            m.sel(mode);
            m.op(Op::Fpdiv);
            let pos = m.fpu.fa;
            let mut m = M::with(&[neg_x, y]);
            m.sel(mode);
            m.op(Op::Fpdiv);
            (pos, m.fpu.fa)
        })
        .collect()
}

#[test]
fn four_rounding_modes_single() {
    // 1/3 = 0x3EAAAAAA.AAA…: nearest and +inf round up, −inf and zero truncate.
    let (up, down) = (FpVal::Single(0x3EAA_AAAB), FpVal::Single(0x3EAA_AAAA));
    let (nup, ndown) = (FpVal::Single(0xBEAA_AAAB), FpVal::Single(0xBEAA_AAAA));
    let got = quotients(s(1.0), s(3.0), s(-1.0));
    assert_eq!(got, [(up, nup), (up, ndown), (down, nup), (down, ndown)]);
}

#[test]
fn four_rounding_modes_double() {
    // 1/10 = 0x3FB99999_99999999.99…: nearest rounds away from zero here.
    let (up, down) = (
        FpVal::Double(0x3FB9_9999_9999_999A),
        FpVal::Double(0x3FB9_9999_9999_9999),
    );
    let (nup, ndown) = (
        FpVal::Double(0xBFB9_9999_9999_999A),
        FpVal::Double(0xBFB9_9999_9999_9999),
    );
    let got = quotients(d(1.0), d(10.0), d(-1.0));
    assert_eq!(got, [(up, nup), (up, ndown), (down, nup), (down, ndown)]);
    assert_eq!(up, d(0.1));
}

#[test]
fn rounding_mode_reverts_after_one_operation() {
    let mut m = M::with(&[s(1.0), s(3.0)]);
    m.sel(FpuOp::Fpurz);
    m.sel(FpuOp::Fpurp); // mode setters do not revert; the last one wins
    assert_eq!(m.fpu.rounding, Rounding::Plus);
    m.op(Op::Fpdup);
    assert_eq!(m.fpu.rounding, Rounding::Nearest);
    // A directed division, then the same division again: the second rounds to nearest.
    let mut m = M::with(&[s(-1.0), s(3.0)]);
    m.sel(FpuOp::Fpurz);
    m.op(Op::Fpdiv);
    assert_eq!(m.fpu.fa, FpVal::Single(0xBEAA_AAAA));
    let mut again = M::with(&[s(-1.0), s(3.0)]);
    again.fpu.rounding = m.fpu.rounding;
    again.op(Op::Fpdiv);
    assert_eq!(again.fpu.fa, FpVal::Single(0xBEAA_AAAB));
    // A selector other than a mode setter also reverts.
    m.sel(FpuOp::Fpurz);
    m.sel(FpuOp::Fpuabs);
    assert_eq!(m.fpu.rounding, Rounding::Nearest);
}

#[test]
fn arithmetic_results_and_stack() {
    let mut m = M::with(&[d(9.0), s(1.5), s(0.25)]);
    assert_eq!(m.op(Op::Fpadd), 6);
    assert_eq!((m.fpu.fa, m.fpu.fb), (s(1.75), d(9.0)));
    let mut m = M::with(&[s(1.5), s(0.25)]);
    m.op(Op::Fpsub);
    assert_eq!(m.fpu.fa, s(1.25));
    let mut m = M::with(&[s(1.5), s(0.25)]);
    assert_eq!(m.op(Op::Fpmul), 11);
    assert_eq!(m.fpu.fa, s(0.375));
    let mut m = M::with(&[d(1.5), d(0.25)]);
    assert_eq!(m.op(Op::Fpmul), 18);
    assert_eq!(m.op(Op::Fpldzerodb), 2);
    let mut m = M::with(&[d(1.5), d(0.25)]);
    assert_eq!(m.op(Op::Fpdiv), 31);
    assert_eq!(m.fpu.fa, d(6.0));
    // Mixed lengths are computed at double length.
    let mut m = M::with(&[s(0.1), d(0.2)]);
    m.op(Op::Fpadd);
    assert_eq!(m.fpu.fa, d(0.1f32 as f64 + 0.2));
    assert!(!m.fpu.error);
}

/// Runs `op` on FB, FA and returns (FA, FP error).
fn binop(op: Op, x: FpVal, y: FpVal) -> (FpVal, bool) {
    let mut m = M::with(&[x, y]);
    m.op(op);
    (m.fpu.fa, m.fpu.error)
}

#[test]
fn nan_and_infinity_set_fp_error_and_propagate() {
    let inf = f32::INFINITY;
    assert_eq!(binop(Op::Fpadd, s(inf), s(1.0)), (s(inf), true));
    assert_eq!(binop(Op::Fpmul, s(2.0), s(-inf)), (s(-inf), true));
    assert!(matches!(binop(Op::Fpsub, s(inf), s(inf)), (v, true) if v.is_nan()));
    assert!(matches!(binop(Op::Fpdiv, s(0.0), s(0.0)), (v, true) if v.is_nan()));
    assert_eq!(binop(Op::Fpdiv, s(1.0), s(-0.0)), (s(-inf), true));
    assert_eq!(binop(Op::Fpmul, s(f32::MAX), s(2.0)), (s(inf), true));
    assert_eq!(
        binop(Op::Fpadd, d(f64::MAX), d(f64::MAX)),
        (d(f64::INFINITY), true)
    );
    // A NaN operand comes back as the same (quiet) NaN.
    let nan = FpVal::Single(0x7FC0_1234);
    assert_eq!(binop(Op::Fpadd, nan, s(1.0)), (nan, true));
    assert_eq!(binop(Op::Fpmul, d(3.0), d(f64::NAN)), (d(f64::NAN), true));
    // Underflow and inexact are not errors.
    assert_eq!(binop(Op::Fpmul, s(1e-30), s(1e-30)), (s(0.0), false));
    assert!(!binop(Op::Fpdiv, s(1.0), s(3.0)).1);
    // Loads, dup and stores never set it.
    let mut m = M::with(&[s(inf)]);
    m.op(Op::Fpdup);
    m.r.a = BASE;
    m.op(Op::Fpstnlsn);
    assert!(!m.fpu.error);
}

#[test]
fn fpchkerr_and_fptesterr() {
    let mut m = M::with(&[s(1.0), s(0.0)]);
    assert_eq!(m.op(Op::Fpchkerr), 1);
    assert!(!m.r.error);
    m.op(Op::Fpdiv);
    assert!(m.fpu.error);
    m.op(Op::Fpchkerr);
    assert!(m.r.error && m.fpu.error, "fpchkerr copies, does not clear");
    assert_eq!(m.op(Op::Fptesterr), 2);
    assert_eq!((m.r.a, m.fpu.error), (0, false));
    m.op(Op::Fptesterr);
    assert_eq!(m.r.a, 1);
    m.r.error = false;
    m.op(Op::Fpchkerr);
    assert!(!m.r.error);
    assert_eq!(m.sel(FpuOp::Fpuseterr), 1);
    assert!(m.fpu.error);
    assert_eq!(m.sel(FpuOp::Fpuclrerr), 1);
    assert!(!m.fpu.error);
}

#[test]
fn comparisons_and_tests() {
    let mut m = M::with(&[s(7.0), s(2.0), s(1.0)]);
    m.r.a = 55;
    assert_eq!(m.op(Op::Fpgt), 4);
    assert_eq!((m.r.a, m.r.b, m.fpu.fa), (1, 55, s(7.0)));
    let mut m = M::with(&[d(1.0), d(2.0)]);
    assert_eq!(m.op(Op::Fpgt), 6);
    assert_eq!(m.r.a, 0);
    let mut m = M::with(&[s(0.0), s(-0.0)]);
    assert_eq!(m.op(Op::Fpeq), 3);
    assert_eq!((m.r.a, m.fpu.error), (1, false));
    let mut m = M::with(&[d(0.5), d(0.25)]);
    assert_eq!(m.op(Op::Fpeq), 5);
    assert_eq!(m.r.a, 0);
    // NaN: unordered compares are false and set FP error.
    let mut m = M::with(&[s(f32::NAN), s(f32::NAN)]);
    m.op(Op::Fpeq);
    assert_eq!((m.r.a, m.fpu.error), (0, true));
    let mut m = M::with(&[s(f32::INFINITY), s(1.0)]);
    m.op(Op::Fpgt);
    assert_eq!((m.r.a, m.fpu.error), (1, true));

    // fpordered / fpnan / fpnotfinite leave the FP stack and the error flag alone.
    let mut m = M::with(&[s(1.0), s(f32::NAN)]);
    let before = (m.fpu.fa, m.fpu.fb);
    assert_eq!(m.op(Op::Fpordered), 3);
    assert_eq!(m.r.a, 0);
    assert_eq!(m.op(Op::Fpnan), 2);
    assert_eq!(m.r.a, 1);
    assert_eq!(m.op(Op::Fpnotfinite), 2);
    assert_eq!(m.r.a, 1);
    assert_eq!(((m.fpu.fa, m.fpu.fb), m.fpu.error), (before, false));
    let mut m = M::with(&[d(1.0), d(f64::NEG_INFINITY)]);
    assert_eq!(m.op(Op::Fpordered), 4);
    assert_eq!(m.r.a, 1);
    assert_eq!(m.op(Op::Fpnan), 3);
    assert_eq!(m.r.a, 0);
    m.op(Op::Fpnotfinite);
    assert_eq!(m.r.a, 1);
}

#[test]
fn dup_rev_abs_and_scaling() {
    let mut m = M::with(&[s(1.0), s(-2.0)]);
    assert_eq!(m.op(Op::Fpdup), 1);
    assert_eq!((m.fpu.fa, m.fpu.fb, m.fpu.fc), (s(-2.0), s(-2.0), s(1.0)));
    assert_eq!(m.op(Op::Fprev), 1);
    assert_eq!(m.sel(FpuOp::Fpuabs), 2);
    assert_eq!(m.fpu.fa, s(2.0));
    let mut m = M::with(&[d(f64::NEG_INFINITY)]);
    m.sel(FpuOp::Fpuabs);
    assert_eq!((m.fpu.fa, m.fpu.error), (d(f64::INFINITY), true));

    let mut m = M::with(&[s(3.0)]);
    assert_eq!(m.sel(FpuOp::Fpudivby2), 6);
    assert_eq!(m.fpu.fa, s(1.5));
    m.sel(FpuOp::Fpumulby2);
    m.sel(FpuOp::Fpumulby2);
    assert_eq!(m.fpu.fa, s(6.0));
    assert_eq!(m.sel(FpuOp::Fpuexpinc32), 6);
    assert_eq!(m.fpu.fa, s(6.0 * 4294967296.0));
    m.sel(FpuOp::Fpuexpdec32);
    m.sel(FpuOp::Fpuexpdec32);
    assert_eq!(m.fpu.fa, s(6.0 / 4294967296.0));
    assert!(!m.fpu.error);
    let mut m = M::with(&[d(1.0)]);
    assert_eq!(m.sel(FpuOp::Fpudivby2), 9);
    // Halving the smallest subnormal rounds: to 0 at nearest (tie to even), up with +inf.
    let tiny = FpVal::Single(1);
    let mut m = M::with(&[tiny]);
    m.sel(FpuOp::Fpudivby2);
    assert_eq!((m.fpu.fa, m.fpu.error), (s(0.0), false));
    let mut m = M::with(&[tiny]);
    m.sel(FpuOp::Fpurp);
    m.sel(FpuOp::Fpudivby2);
    assert_eq!(m.fpu.fa, tiny);
    // Overflow by scaling is an error.
    let mut m = M::with(&[s(f32::MAX)]);
    m.sel(FpuOp::Fpumulby2);
    assert_eq!((m.fpu.fa, m.fpu.error), (s(f32::INFINITY), true));
    let mut m = M::with(&[d(1e200)]);
    m.sel(FpuOp::Fpuexpinc32);
    assert!(!m.fpu.error);
    for _ in 0..30 {
        m.sel(FpuOp::Fpuexpinc32);
    }
    assert_eq!((m.fpu.fa, m.fpu.error), (d(f64::INFINITY), true));
}

#[test]
fn int_to_real_conversions_round() {
    let mut m = M::new();
    m.mem.0[0] = 16_777_217; // 2^24 + 1: not a REAL32
    m.mem.0[1] = -5i32 as u32;
    m.mem.0[2] = u32::MAX;
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpi32tor32), 8);
    assert_eq!(m.fpu.fa, s(16_777_216.0));
    m.sel(FpuOp::Fpurp);
    m.r.a = BASE;
    m.op(Op::Fpi32tor32);
    assert_eq!(m.fpu.fa, s(16_777_218.0));
    m.r.a = BASE;
    assert_eq!(m.op(Op::Fpi32tor64), 8);
    assert_eq!(m.fpu.fa, d(16_777_217.0));
    m.r.a = BASE + 4;
    m.op(Op::Fpi32tor64);
    assert_eq!(m.fpu.fa, d(-5.0));
    m.r.a = BASE + 8;
    assert_eq!(m.op(Op::Fpb32tor64), 8);
    assert_eq!(m.fpu.fa, d(4_294_967_295.0));
    m.r.a = BASE + 4;
    m.op(Op::Fpi32tor32);
    assert_eq!(m.fpu.fa, s(-5.0));
    assert!(!m.fpu.error);
}

#[test]
fn length_conversions() {
    let mut m = M::with(&[d(0.1)]);
    assert_eq!(m.sel(FpuOp::Fpur64tor32), 9);
    assert_eq!(m.fpu.fa, FpVal::Single(0x3DCC_CCCD));
    let mut m = M::with(&[d(0.1)]);
    m.sel(FpuOp::Fpurz);
    m.sel(FpuOp::Fpur64tor32);
    assert_eq!(m.fpu.fa, FpVal::Single(0x3DCC_CCCC));
    let mut m = M::with(&[d(0.1)]);
    assert_eq!(m.sel(FpuOp::Fpunoround), 2);
    assert_eq!((m.fpu.fa, m.fpu.error), (FpVal::Single(0x3DCC_CCCC), false));
    let mut m = M::with(&[d(1e300)]);
    m.sel(FpuOp::Fpur64tor32);
    assert_eq!((m.fpu.fa, m.fpu.error), (s(f32::INFINITY), true));
    let mut m = M::with(&[s(0.1)]);
    assert_eq!(m.sel(FpuOp::Fpur32tor64), 3);
    assert_eq!((m.fpu.fa, m.fpu.error), (d(0.1f32 as f64), false));
    let mut m = M::with(&[s(f32::NEG_INFINITY)]);
    m.sel(FpuOp::Fpur32tor64);
    assert_eq!((m.fpu.fa, m.fpu.error), (d(f64::NEG_INFINITY), true));
}

/// FA after `ops` on `x`, with the FP error flag.
fn unary(x: FpVal, ops: &[FpuOp], op: Op) -> (FpVal, bool) {
    let mut m = M::with(&[x]);
    for &sel in ops {
        m.sel(sel);
    }
    m.op(op);
    (m.fpu.fa, m.fpu.error)
}

#[test]
fn real_to_int_rounding_and_range() {
    assert_eq!(unary(s(2.5), &[], Op::Fprtoi32), (s(2.0), false));
    assert_eq!(
        unary(s(2.5), &[FpuOp::Fpurp], Op::Fprtoi32),
        (s(3.0), false)
    );
    assert_eq!(
        unary(s(-2.5), &[FpuOp::Fpurm], Op::Fprtoi32),
        (s(-3.0), false)
    );
    assert_eq!(
        unary(s(-2.5), &[FpuOp::Fpurz], Op::Fprtoi32),
        (s(-2.0), false)
    );
    assert_eq!(
        unary(d(-2147483648.0), &[], Op::Fprtoi32),
        (d(-2147483648.0), false)
    );
    assert_eq!(
        unary(d(2147483647.4), &[], Op::Fprtoi32),
        (d(2147483647.0), false)
    );
    assert_eq!(
        unary(d(2147483647.5), &[], Op::Fprtoi32),
        (d(2147483648.0), true)
    );
    assert_eq!(unary(s(3e9), &[], Op::Fprtoi32), (s(3e9), true));
    assert_eq!(unary(d(3.7), &[], Op::Fpint), (d(4.0), false));
    assert_eq!(unary(d(3.7), &[FpuOp::Fpurz], Op::Fpint), (d(3.0), false));
    assert_eq!(unary(d(-3.2), &[FpuOp::Fpurm], Op::Fpint), (d(-4.0), false));
    assert_eq!(unary(d(5e20), &[], Op::Fpint), (d(5e20), false));
    assert!(unary(s(f32::NAN), &[], Op::Fpint).1);

    let mut m = M::with(&[s(2.5)]);
    assert_eq!(m.op(Op::Fprtoi32), 7);
    let mut m = M::with(&[d(2.5)]);
    assert_eq!(m.op(Op::Fprtoi32), 9);
    assert_eq!(m.op(Op::Fpint), 6);

    let chk = |x: FpVal, sel: FpuOp| {
        let mut m = M::with(&[x]);
        m.sel(sel);
        assert_eq!(m.fpu.fa, x, "checks leave FA");
        m.fpu.error
    };
    assert!(!chk(d(2147483647.0), FpuOp::Fpuchki32));
    assert!(!chk(d(-2147483648.0), FpuOp::Fpuchki32));
    assert!(chk(d(2147483648.0), FpuOp::Fpuchki32));
    assert!(chk(d(-2147483649.0), FpuOp::Fpuchki32));
    assert!(chk(s(f32::INFINITY), FpuOp::Fpuchki32));
    assert!(!chk(d(-9223372036854775808.0), FpuOp::Fpuchki64));
    assert!(!chk(d(9223372036854774784.0), FpuOp::Fpuchki64));
    assert!(chk(d(9223372036854775808.0), FpuOp::Fpuchki64));
    assert!(chk(d(f64::NAN), FpuOp::Fpuchki64));
    let mut m = M::with(&[s(1.0)]);
    assert_eq!(m.sel(FpuOp::Fpuchki32), 3);
    let mut m = M::with(&[d(1.0)]);
    assert_eq!(m.sel(FpuOp::Fpuchki64), 4);
}

#[test]
fn fpstnli32_rounds_and_saturates() {
    let cases = [
        (d(7.0), 7),
        (s(-2.5), -2),
        (d(-2147483648.0), i32::MIN),
        (d(1e10), i32::MAX),
        (d(-1e10), i32::MIN),
        (s(f32::NAN), 0),
    ];
    for (x, want) in cases {
        let mut m = M::with(&[x]);
        m.r.a = BASE;
        assert_eq!(m.op(Op::Fpstnli32), 4);
        assert_eq!((m.mem.0[0] as i32, m.fpu.error), (want, false), "{x:?}");
    }
    let mut m = M::with(&[s(2.5)]);
    m.sel(FpuOp::Fpurp);
    m.r.a = BASE;
    m.op(Op::Fpstnli32);
    assert_eq!(m.mem.0[0], 3);
}

/// Runs the full square root sequence on `x` with `mode` set before the last step.
fn sqrt_seq(x: FpVal, mode: FpuOp) -> (FpVal, bool, u32) {
    let mut m = M::with(&[s(99.0), s(98.0), x]);
    let mut cycles = m.sel(FpuOp::Fpusqrtfirst);
    cycles += m.sel(FpuOp::Fpusqrtstep);
    cycles += m.sel(FpuOp::Fpusqrtstep);
    m.sel(mode);
    cycles += m.sel(FpuOp::Fpusqrtlast);
    (m.fpu.fa, m.fpu.error, cycles)
}

/// A deterministic spread of positive bit patterns.
fn patterns(n: usize, bits: u32) -> impl Iterator<Item = u64> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n).map(move |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x >> (65 - bits)
    })
}

#[test]
fn sqrt_sequence_is_correctly_rounded_to_nearest() {
    let mut singles: Vec<f32> = vec![2.0, 3.0, 0.5, 1e-45, 1.2e-38, f32::MAX, 16.0, 1.0];
    singles.extend(patterns(300, 31).map(|b| f32::from_bits(b as u32)));
    for x in singles.into_iter().filter(|x| x.is_finite()) {
        let (got, err, cycles) = sqrt_seq(s(x), FpuOp::Fpurn);
        assert_eq!((got, err), (s(x.sqrt()), false), "sqrt {x:e}");
        assert_eq!(cycles, 27 + 42 + 42 + 8);
    }
    let mut doubles: Vec<f64> = vec![2.0, 3.0, 5e-324, 2.2e-308, f64::MAX, 0.25, 1e300];
    doubles.extend(patterns(300, 63).map(f64::from_bits));
    for x in doubles.into_iter().filter(|x| x.is_finite()) {
        let (got, err, cycles) = sqrt_seq(d(x), FpuOp::Fpurn);
        assert_eq!((got, err), (d(x.sqrt()), false), "sqrt {x:e}");
        assert_eq!(cycles, 29 + 42 + 42 + 9);
    }
}

/// Directed roundings of √x: (down, up) from the nearest root `r` by exact squaring.
fn directed<F: Float + FloatConvert<Quad>>(x: F, r: F) -> (F, F) {
    let q = |v: F| -> Quad { v.convert(&mut false).value };
    let sq = (q(r) * q(r)).value;
    let xq = q(x);
    if sq == xq {
        (r, r)
    } else if sq > xq {
        (r.next_down().value, r)
    } else {
        (r, r.next_up().value)
    }
}

#[test]
fn sqrt_sequence_rounds_in_every_direction() {
    for b in patterns(200, 31).chain([2.0f32.to_bits() as u64, 4.0f32.to_bits() as u64]) {
        let x = f32::from_bits(b as u32);
        if !x.is_finite() {
            continue;
        }
        let (lo, hi) = directed(
            Single::from_bits(b as u128),
            Single::from_bits(x.sqrt().to_bits() as u128),
        );
        let lo = FpVal::Single(lo.to_bits() as u32);
        let hi = FpVal::Single(hi.to_bits() as u32);
        assert_eq!(sqrt_seq(s(x), FpuOp::Fpurz).0, lo, "rz {x:e}");
        assert_eq!(sqrt_seq(s(x), FpuOp::Fpurm).0, lo, "rm {x:e}");
        assert_eq!(sqrt_seq(s(x), FpuOp::Fpurp).0, hi, "rp {x:e}");
    }
    for b in patterns(200, 63).chain([2.0f64.to_bits()]) {
        let x = f64::from_bits(b);
        if !x.is_finite() {
            continue;
        }
        let (lo, hi) = directed(
            Double::from_bits(b as u128),
            Double::from_bits(x.sqrt().to_bits() as u128),
        );
        let lo = FpVal::Double(lo.to_bits() as u64);
        let hi = FpVal::Double(hi.to_bits() as u64);
        assert_eq!(sqrt_seq(d(x), FpuOp::Fpurz).0, lo, "rz {x:e}");
        assert_eq!(sqrt_seq(d(x), FpuOp::Fpurp).0, hi, "rp {x:e}");
    }
    // √2 is inexact, so the directions differ.
    assert_ne!(
        sqrt_seq(d(2.0), FpuOp::Fpurz).0,
        sqrt_seq(d(2.0), FpuOp::Fpurp).0
    );
}

#[test]
fn sqrt_special_operands() {
    let (v, err, _) = sqrt_seq(s(-1.0), FpuOp::Fpurn);
    assert!(v.is_nan() && err);
    assert_eq!(
        sqrt_seq(s(-0.0), FpuOp::Fpurn),
        (s(-0.0), false, 27 + 42 + 42 + 8)
    );
    assert_eq!(sqrt_seq(d(0.0), FpuOp::Fpurn).0, d(0.0));
    assert_eq!(sqrt_seq(d(f64::INFINITY), FpuOp::Fpurn).0, d(f64::INFINITY));
    assert!(sqrt_seq(d(f64::INFINITY), FpuOp::Fpurn).1);
    let (v, err, _) = sqrt_seq(d(f64::NEG_INFINITY), FpuOp::Fpurn);
    assert!(v.is_nan() && err);
    let nan = FpVal::Single(0x7FC0_0042);
    assert_eq!(sqrt_seq(nan, FpuOp::Fpurn).0, nan);
    assert!(sqrt_seq(nan, FpuOp::Fpurn).1);
}

#[test]
fn sqrt_without_middle_steps_is_still_exact() {
    let mut m = M::with(&[d(2.0)]);
    m.sel(FpuOp::Fpusqrtfirst);
    m.sel(FpuOp::Fpusqrtlast);
    assert_eq!(m.fpu.fa, d(2f64.sqrt()));
    // Extra steps are harmless.
    let mut m = M::with(&[s(10.0)]);
    m.sel(FpuOp::Fpusqrtfirst);
    for _ in 0..5 {
        m.sel(FpuOp::Fpusqrtstep);
    }
    m.sel(FpuOp::Fpusqrtlast);
    assert_eq!(m.fpu.fa, s(10f32.sqrt()));
}

/// `fpremfirst; eqc 0; cj done; loop: fpremstep; cj loop; done:` on FB = x, FA = y.
/// Returns the machine, the number of `fpremstep`s and the cycles.
fn rem_loop(x: FpVal, y: FpVal) -> (M, u32, u32) {
    let mut m = M::with(&[s(42.0), x, y]);
    let mut cycles = m.op(Op::Fpremfirst);
    let mut steps = 0;
    if m.r.a == 0 {
        loop {
            cycles += m.op(Op::Fpremstep);
            steps += 1;
            assert!(steps <= 66, "remainder does not converge");
            if m.r.a != 0 {
                break;
            }
        }
    }
    (m, steps, cycles)
}

fn ieee_rem_s(x: f32, y: f32) -> FpVal {
    let r = Single::from_bits(x.to_bits() as u128).ieee_rem(Single::from_bits(y.to_bits() as u128));
    FpVal::Single(r.value.to_bits() as u32)
}

fn ieee_rem_d(x: f64, y: f64) -> FpVal {
    let r = Double::from_bits(x.to_bits() as u128).ieee_rem(Double::from_bits(y.to_bits() as u128));
    FpVal::Double(r.value.to_bits() as u64)
}

#[test]
fn remainder_small_quotients_finish_in_fpremfirst() {
    let (m, steps, cycles) = rem_loop(s(10.0), s(3.0));
    assert_eq!(
        (m.fpu.fa, m.fpu.fb, steps, cycles),
        (s(1.0), s(42.0), 0, 36)
    );
    assert_eq!(rem_loop(s(11.0), s(3.0)).0.fpu.fa, s(-1.0));
    // 7.5 / 3 = 2.5: the tie goes to the even quotient 2.
    assert_eq!(rem_loop(s(7.5), s(3.0)).0.fpu.fa, s(1.5));
    assert_eq!(rem_loop(s(-7.5), s(3.0)).0.fpu.fa, s(-1.5));
    let (m, _, cycles) = rem_loop(d(10.5), d(-4.0));
    assert_eq!((m.fpu.fa, cycles), (d(-1.5), 46));
    assert!(!m.fpu.error);
}

#[test]
fn remainder_large_quotients_loop_with_fpremstep() {
    // 2^100 rem 3: exponent difference 99 → 67 → 35 → 3 (each reduction leaves 2^68,
    // 2^36, 16), so fpremfirst and two fpremsteps reduce and a third finishes: 1.
    let p100 = 2f64.powi(100);
    let (m, steps, cycles) = rem_loop(d(p100), d(3.0));
    assert_eq!((m.fpu.fa, m.fpu.fb, m.r.a), (d(1.0), s(42.0), 1));
    assert_eq!((steps, cycles), (3, 46 + 3 * 36));
    let (m, steps, cycles) = rem_loop(s(p100 as f32), s(3.0));
    assert_eq!((m.fpu.fa, steps, cycles), (s(1.0), 3, 36 + 3 * 32));
    assert_eq!(rem_loop(d(1e300), d(0.7)).0.fpu.fa, ieee_rem_d(1e300, 0.7));
    let (m, steps, _) = rem_loop(d(f64::MAX), d(5e-324));
    assert_eq!(m.fpu.fa, ieee_rem_d(f64::MAX, 5e-324));
    assert!(steps <= 66);
    let (m, steps, cycles) = rem_loop(s(3e38), s(1.1e-38));
    assert_eq!(m.fpu.fa, ieee_rem_s(3e38, 1.1e-38));
    assert!((1..=8).contains(&steps), "{steps} steps");
    assert_eq!(cycles, 36 + 32 * steps);
    assert!(!m.fpu.error);
    for (x, y) in patterns(100, 63).zip(patterns(101, 63).skip(1)) {
        let (x, y) = (f64::from_bits(x), f64::from_bits(y));
        if x.is_finite() && y.is_finite() && y != 0.0 {
            assert_eq!(
                rem_loop(d(x), d(y)).0.fpu.fa,
                ieee_rem_d(x, y),
                "{x:e} rem {y:e}"
            );
        }
    }
}

#[test]
fn remainder_invalid_operands() {
    let (m, steps, _) = rem_loop(s(1.0), s(0.0));
    assert!(m.fpu.fa.is_nan() && m.fpu.error && steps == 0);
    let (m, _, _) = rem_loop(d(f64::INFINITY), d(2.0));
    assert!(m.fpu.fa.is_nan() && m.fpu.error);
    let (m, _, _) = rem_loop(d(5.0), d(f64::INFINITY));
    assert_eq!((m.fpu.fa, m.fpu.error), (d(5.0), true));
    // fpremstep itself never sets FP error.
    let mut m = M::with(&[s(1.0), s(0.0)]);
    m.op(Op::Fpremstep);
    assert!(m.fpu.fa.is_nan() && !m.fpu.error);
}

#[test]
fn fpentry_pops_the_selector_and_ignores_unknown_ones() {
    let mut m = M::with(&[s(-1.0)]);
    m.r = Regs {
        a: 9,
        b: 8,
        c: 7,
        error: false,
    };
    m.sel(FpuOp::Fpuabs);
    assert_eq!((m.r.a, m.r.b, m.fpu.fa), (9, 8, s(1.0)));
    m.sel(FpuOp::Fpurz);
    let before = m.fpu.clone();
    m.r.push(0x55);
    assert_eq!(m.op(Op::Fpentry), 1);
    assert_eq!((m.fpu.fa, m.fpu.error, m.r.a), (before.fa, false, 9));
    assert_eq!(m.fpu.rounding, Rounding::Nearest);
    m.r.push(u32::MAX);
    assert_eq!(m.op(Op::Fpentry), 1);
}

#[test]
fn fpu_op_set_is_exactly_the_fp_rows() {
    for &op in Op::ALL {
        assert_eq!(is_fpu_op(op), op.mnemonic().starts_with("fp"), "{op:?}");
    }
    let mut m = M::with(&[s(1.0)]);
    m.r.a = 3;
    assert_eq!(m.op(Op::Add), 0);
    assert_eq!((m.r.a, m.fpu.fa), (3, s(1.0)));
}

#[test]
fn cycles_follow_operand_length() {
    // (op, cycles with REAL32 operands, cycles with REAL64 operands), datasheet figures.
    let rows = [
        (Op::Fpadd, 6, 6),
        (Op::Fpsub, 6, 6),
        (Op::Fpmul, 11, 18),
        (Op::Fpdiv, 16, 31),
        (Op::Fpgt, 4, 6),
        (Op::Fpeq, 3, 5),
        (Op::Fpordered, 3, 4),
        (Op::Fpnan, 2, 3),
        (Op::Fpnotfinite, 2, 2),
        (Op::Fprtoi32, 7, 9),
        (Op::Fpint, 5, 6),
        (Op::Fpdup, 1, 1),
        (Op::Fprev, 1, 1),
        (Op::Fpremfirst, 36, 46),
        (Op::Fpremstep, 32, 36),
        (Op::Fpldzerosn, 2, 2),
        (Op::Fpchkerr, 1, 1),
        (Op::Fptesterr, 2, 2),
    ];
    for (op, sn, db) in rows {
        assert_eq!(M::with(&[s(1.0), s(3.0)]).op(op), sn, "{op:?} single");
        assert_eq!(M::with(&[d(1.0), d(3.0)]).op(op), db, "{op:?} double");
    }
    let sels = [
        (FpuOp::Fpusqrtfirst, 27, 29),
        (FpuOp::Fpur32tor64, 3, 4),
        (FpuOp::Fpuexpdec32, 6, 9),
        (FpuOp::Fpuexpinc32, 6, 9),
        (FpuOp::Fpuabs, 2, 2),
        (FpuOp::Fpunoround, 2, 2),
        (FpuOp::Fpumulby2, 6, 9),
        (FpuOp::Fpurn, 1, 1),
        (FpuOp::Fpurp, 1, 1),
    ];
    for (sel, sn, db) in sels {
        assert_eq!(M::with(&[s(3.0)]).sel(sel), sn, "{sel:?} single");
        assert_eq!(M::with(&[d(3.0)]).sel(sel), db, "{sel:?} double");
    }
}
