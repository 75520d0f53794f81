//! The interpreter loop and the instructions it executes inline.
//!
//! Each iteration looks the instruction up in the decode cache by Iptr (decoding on a
//! miss), adds its fixed cycles and its length in instructions, and dispatches on the
//! entry's kind. The one- and two-cycle instructions that dominate real code are
//! handled here on a local copy of the registers; everything else writes the state
//! back and calls [`Node::complex`](super::ops). The loop checks one thing per
//! instruction: whether the cycle count reached the end of the burst, which the
//! driver sets to the next timer or link event or the run limit.

use super::predecode::{kd, ko, predecode, unpack, K_NONE};
use super::CpuState;
use crate::memory::Memory;
use crate::node::{FaultKind, HaltInfo, Node};
use t800_isa::consts::MOST_NEG;
use t800_isa::{Func, Op};

/// What an instruction asks the loop to do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Go on with the next instruction.
    Next,
    /// Not an inline instruction: call the out-of-line handler.
    Complex,
    /// A memory access outside memory at this address.
    Fault(u32),
    /// `opr` with an unknown operation number.
    BadOp(u32),
    /// Error was set with HaltOnError set.
    Halt,
    /// A low-priority process passed its timeslice at `j` / `lend`.
    Timeslice,
}

/// Extra cycles of a taken `cj` (the table's cycle text is "2/4").
pub(crate) const CJ_TAKEN_EXTRA: u32 = figure(Func::Cj.info().cycles, 1) - Func::Cj.info().base;

/// The `idx`-th number in a cycle formula text such as "2/4".
pub(crate) const fn figure(text: &str, idx: usize) -> u32 {
    let b = text.as_bytes();
    let (mut i, mut n, mut seen, mut v) = (0, 0, false, 0u32);
    while i < b.len() {
        if b[i].is_ascii_digit() {
            v = v * 10 + (b[i] - b'0') as u32;
            seen = true;
        } else if seen {
            if n == idx {
                return v;
            }
            n += 1;
            v = 0;
            seen = false;
        }
        i += 1;
    }
    if seen && n == idx {
        v
    } else {
        panic!("cycle formula has no such figure")
    }
}

/// Sets Error; reports a halt when this sets it while HaltOnError is set.
#[inline(always)]
pub(crate) fn raise(s: &mut CpuState) -> Flow {
    if !s.regs.error {
        s.regs.error = true;
        if s.halt_on_error {
            return Flow::Halt;
        }
    }
    Flow::Next
}

macro_rules! rd {
    ($s:ident, $mem:ident, $addr:expr) => {{
        let addr = $addr;
        match $mem.read_word(addr) {
            Ok(v) => {
                $s.cycles += $mem.cost(addr);
                v
            }
            Err(f) => return Flow::Fault(f.addr),
        }
    }};
}

macro_rules! wr {
    ($s:ident, $mem:ident, $addr:expr, $v:expr) => {{
        let addr = $addr;
        if let Err(f) = $mem.write_word(addr, $v) {
            return Flow::Fault(f.addr);
        }
        $s.cycles += $mem.cost(addr);
    }};
}

const J: u8 = kd(Func::J);
const LDLP: u8 = kd(Func::Ldlp);
const LDNL: u8 = kd(Func::Ldnl);
const LDC: u8 = kd(Func::Ldc);
const LDNLP: u8 = kd(Func::Ldnlp);
const LDL: u8 = kd(Func::Ldl);
const ADC: u8 = kd(Func::Adc);
const CALL: u8 = kd(Func::Call);
const CJ: u8 = kd(Func::Cj);
const AJW: u8 = kd(Func::Ajw);
const EQC: u8 = kd(Func::Eqc);
const STL: u8 = kd(Func::Stl);
const STNL: u8 = kd(Func::Stnl);
const REV: u8 = ko(Op::Rev);
const ADD: u8 = ko(Op::Add);
const SUB: u8 = ko(Op::Sub);
const AND: u8 = ko(Op::And);
const OR: u8 = ko(Op::Or);
const XOR: u8 = ko(Op::Xor);
const NOT: u8 = ko(Op::Not);
const GT: u8 = ko(Op::Gt);
const DIFF: u8 = ko(Op::Diff);
const SUM: u8 = ko(Op::Sum);
const DUP: u8 = ko(Op::Dup);
const MINT: u8 = ko(Op::Mint);
const BSUB: u8 = ko(Op::Bsub);
const WSUB: u8 = ko(Op::Wsub);
const WSUBDB: u8 = ko(Op::Wsubdb);
const BCNT: u8 = ko(Op::Bcnt);
const WCNT: u8 = ko(Op::Wcnt);
const LB: u8 = ko(Op::Lb);
const SB: u8 = ko(Op::Sb);
const LDPI: u8 = ko(Op::Ldpi);
const RET: u8 = ko(Op::Ret);
const GCALL: u8 = ko(Op::Gcall);
const GAJW: u8 = ko(Op::Gajw);
const LEND: u8 = ko(Op::Lend);
const LDPRI: u8 = ko(Op::Ldpri);
const CSUB0: u8 = ko(Op::Csub0);
const CCNT1: u8 = ko(Op::Ccnt1);
const TESTERR: u8 = ko(Op::Testerr);
const SETERR: u8 = ko(Op::Seterr);
const CLRHALTERR: u8 = ko(Op::Clrhalterr);
const SETHALTERR: u8 = ko(Op::Sethalterr);
const TESTHALTERR: u8 = ko(Op::Testhalterr);

const LEND_EXIT_DELTA: u32 = Op::Lend.info().base - Op::Lend.info().base_double;
const TESTERR_SET_EXTRA: u32 = Op::Testerr.info().base_double - Op::Testerr.info().base;

/// Executes `kind` if it is an inline instruction. Iptr already points past it and
/// its fixed cycles are already counted.
#[inline(always)]
pub(crate) fn simple(s: &mut CpuState, mem: &mut Memory, kind: u8, n: u32) -> Flow {
    let r = &mut s.regs;
    match kind {
        J => {
            s.iptr = s.iptr.wrapping_add(n);
            if s.cycles >= s.slice_deadline {
                return Flow::Timeslice;
            }
        }
        LDLP => r.push(s.wptr.wrapping_add(n << 2)),
        LDNL => {
            let v = rd!(s, mem, s.regs.a.wrapping_add(n << 2));
            s.regs.a = v;
        }
        LDC => r.push(n),
        LDNLP => r.a = r.a.wrapping_add(n << 2),
        LDL => {
            let v = rd!(s, mem, s.wptr.wrapping_add(n << 2));
            s.regs.push(v);
        }
        ADC => {
            let (v, o) = (r.a as i32).overflowing_add(n as i32);
            r.a = v as u32;
            if o {
                return raise(s);
            }
        }
        CALL => {
            let w = s.wptr.wrapping_sub(16);
            let (a, b, c) = (s.regs.a, s.regs.b, s.regs.c);
            wr!(s, mem, w, s.iptr);
            wr!(s, mem, w.wrapping_add(4), a);
            wr!(s, mem, w.wrapping_add(8), b);
            wr!(s, mem, w.wrapping_add(12), c);
            s.wptr = w;
            s.regs.a = s.iptr;
            s.iptr = s.iptr.wrapping_add(n);
        }
        CJ => {
            if r.a == 0 {
                s.iptr = s.iptr.wrapping_add(n);
                s.cycles += CJ_TAKEN_EXTRA as u64;
            } else {
                r.pop();
            }
        }
        AJW => s.wptr = s.wptr.wrapping_add(n << 2),
        EQC => r.a = (r.a == n) as u32,
        STL => {
            let v = s.regs.pop();
            wr!(s, mem, s.wptr.wrapping_add(n << 2), v);
        }
        STNL => {
            let (a, b) = (s.regs.a, s.regs.b);
            wr!(s, mem, a.wrapping_add(n << 2), b);
            s.regs.a = s.regs.c;
            s.regs.b = s.regs.c;
        }
        REV => std::mem::swap(&mut r.a, &mut r.b),
        ADD => {
            let (v, o) = (r.b as i32).overflowing_add(r.a as i32);
            r.a = v as u32;
            r.b = r.c;
            if o {
                return raise(s);
            }
        }
        SUB => {
            let (v, o) = (r.b as i32).overflowing_sub(r.a as i32);
            r.a = v as u32;
            r.b = r.c;
            if o {
                return raise(s);
            }
        }
        AND => bin(r, r.b & r.a),
        OR => bin(r, r.b | r.a),
        XOR => bin(r, r.b ^ r.a),
        NOT => r.a = !r.a,
        GT => bin(r, ((r.b as i32) > (r.a as i32)) as u32),
        DIFF => bin(r, r.b.wrapping_sub(r.a)),
        SUM => bin(r, r.b.wrapping_add(r.a)),
        DUP => r.push(r.a),
        MINT => r.push(MOST_NEG),
        BSUB => bin(r, r.a.wrapping_add(r.b)),
        WSUB => bin(r, r.a.wrapping_add(r.b << 2)),
        WSUBDB => bin(r, r.a.wrapping_add(r.b << 3)),
        BCNT => r.a <<= 2,
        WCNT => {
            let a = r.a;
            r.c = r.b;
            r.b = a & 3;
            r.a = ((a as i32) >> 2) as u32;
        }
        LB => {
            let addr = r.a;
            match mem.read_byte(addr) {
                Ok(v) => r.a = v as u32,
                Err(f) => return Flow::Fault(f.addr),
            }
            s.cycles += mem.cost(addr);
        }
        SB => {
            let (addr, v) = (r.a, r.b);
            if let Err(f) = mem.write_byte(addr, v as u8) {
                return Flow::Fault(f.addr);
            }
            s.regs.a = s.regs.c;
            s.regs.b = s.regs.c;
            s.cycles += mem.cost(addr);
        }
        LDPI => r.a = r.a.wrapping_add(s.iptr),
        RET => {
            let v = rd!(s, mem, s.wptr);
            s.iptr = v;
            s.wptr = s.wptr.wrapping_add(16);
        }
        GCALL => std::mem::swap(&mut r.a, &mut s.iptr),
        GAJW => {
            // Wptr stays word aligned; the priority lives apart and is unchanged.
            let new = r.a & !3;
            r.a = s.wptr;
            s.wptr = new;
        }
        LEND => {
            let block = s.regs.b;
            let count = rd!(s, mem, block.wrapping_add(4)).wrapping_sub(1);
            wr!(s, mem, block.wrapping_add(4), count);
            if (count as i32) > 0 {
                let index = rd!(s, mem, block).wrapping_add(1);
                wr!(s, mem, block, index);
                s.iptr = s.iptr.wrapping_sub(s.regs.a);
                if s.cycles >= s.slice_deadline {
                    return Flow::Timeslice;
                }
            } else {
                s.cycles -= LEND_EXIT_DELTA as u64;
            }
        }
        LDPRI => r.push(s.pri),
        CSUB0 => {
            let bad = r.b >= r.a;
            bin(r, r.b);
            if bad {
                return raise(s);
            }
        }
        CCNT1 => {
            let bad = r.b == 0 || r.b > r.a;
            bin(r, r.b);
            if bad {
                return raise(s);
            }
        }
        TESTERR => {
            let was = r.error;
            r.push(!was as u32);
            r.error = false;
            if was {
                s.cycles += TESTERR_SET_EXTRA as u64;
            }
        }
        SETERR => return raise(s),
        CLRHALTERR => s.halt_on_error = false,
        SETHALTERR => s.halt_on_error = true,
        TESTHALTERR => r.push(s.halt_on_error as u32),
        _ => return Flow::Complex,
    }
    Flow::Next
}

/// A := result of a two-operand operation; B := C.
#[inline(always)]
fn bin(r: &mut super::regs::Regs, v: u32) {
    r.a = v;
    r.b = r.c;
}

/// Why a burst of inline instructions ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    /// The cycle count reached the end of the burst.
    Stop,
    /// The instruction at this address is not in the decode cache.
    Miss(u32),
    /// An out-of-line instruction (kind, operand, address) has been fetched and
    /// counted, but not executed.
    Complex(u8, u32, u32),
    /// The instruction at this address ended the burst with this flow.
    Flow(Flow, u32),
}

/// Runs inline instructions until one needs the rest of the node. A separate
/// function so that `s` and `mem` are distinct `&mut` arguments: the compiler may then
/// keep the registers and the memory and cache slices in host registers across the
/// loop, because stores into emulated memory cannot alias them.
#[inline(never)]
fn burst(cpu: &mut CpuState, mem: &mut Memory, stop: u64) -> Exit {
    // Work on a local copy (kept in host registers) and write it back on exit.
    let mut s = *cpu;
    let exit = burst_local(&mut s, mem, stop);
    *cpu = s;
    exit
}

#[inline(always)]
fn burst_local(s: &mut CpuState, mem: &mut Memory, stop: u64) -> Exit {
    loop {
        if s.cycles >= stop {
            return Exit::Stop;
        }
        let here = s.iptr;
        let i = here.wrapping_sub(MOST_NEG) as usize;
        let e = match mem.cache.get(i) {
            Some(&e) if e as u8 != K_NONE => e,
            _ => return Exit::Miss(here),
        };
        let (kind, len, cycles, operand) = unpack(e);
        s.cycles += cycles as u64;
        s.instrs += len as u64;
        s.iptr = here.wrapping_add(len as u32);
        match simple(s, mem, kind, operand) {
            Flow::Next => {}
            Flow::Complex => return Exit::Complex(kind, operand, here),
            f => return Exit::Flow(f, here),
        }
    }
}

impl Node {
    /// Runs instructions of the current process (and whichever process the scheduler
    /// switches to) until the cycle count reaches `self.stop_at`, the processor goes
    /// idle, or it halts or faults.
    pub(crate) fn run_fast(&mut self) {
        let mut stop = self.stop_at;
        loop {
            let (flow, here) = match burst(&mut self.cpu, &mut self.mem, stop) {
                Exit::Stop => return,
                Exit::Miss(here) => {
                    let i = here.wrapping_sub(MOST_NEG) as usize;
                    if i >= self.mem.cache.len() {
                        self.record_fault(FaultKind::Memory(here), here);
                        return;
                    }
                    match predecode(&mut self.mem, i) {
                        Ok(e) => self.mem.cache[i] = e,
                        Err(f) => {
                            self.record_fault(FaultKind::Memory(f.addr), here);
                            return;
                        }
                    }
                    continue;
                }
                Exit::Complex(kind, operand, here) => {
                    let f = self.complex(kind, operand, here);
                    stop = stop.min(self.stop_at);
                    (f, here)
                }
                Exit::Flow(f, here) => (f, here),
            };
            match flow {
                Flow::Next | Flow::Complex => {}
                Flow::Timeslice => {
                    if let Err(f) = self.timeslice() {
                        self.record_fault(FaultKind::Memory(f.addr), here);
                        return;
                    }
                    stop = stop.min(self.stop_at);
                }
                Flow::Fault(addr) => {
                    self.record_fault(FaultKind::Memory(addr), here);
                    return;
                }
                Flow::BadOp(code) => {
                    self.record_fault(FaultKind::BadOp(code), here);
                    return;
                }
                Flow::Halt => {
                    self.halted = Some(HaltInfo {
                        iptr: here,
                        wptr: self.cpu.wptr,
                    });
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_figures_come_from_the_table_text() {
        assert_eq!(figure("2/4", 0), 2);
        assert_eq!(figure("2/4", 1), 4);
        assert_eq!(figure("10/5", 1), 5);
        assert_eq!(CJ_TAKEN_EXTRA, 2);
    }
}
