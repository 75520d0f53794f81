//! Out-of-line instructions: everything the interpreter loop does not inline.
//!
//! These touch the scheduler, channels, timers, links or block memory, or are
//! multi-cycle ALU/FPU operations. They run on the node's state (the loop writes its
//! register copy back first) and report how the loop should continue.

use super::alu;
use super::exec::{raise, simple, Flow};
use super::fpu;
use super::predecode::{
    base_of, decode_full, fetch_cost, BASE_OF_KIND, K_BADOP, K_LONG, OP_OF_KIND,
};
use crate::memory::Fault;
use crate::node::Node;
use crate::side::Wait;
use t800_isa::consts::{MOST_NEG, NOT_PROCESS};
use t800_isa::Op;

/// Number of words a block of `len` bytes at `addr` touches (part-words count whole).
pub(crate) fn words(addr: u32, len: u32) -> u32 {
    if len == 0 {
        0
    } else {
        let first = addr as u64 >> 2;
        let last = (addr as u64 + len as u64 - 1) >> 2;
        (last - first + 1) as u32
    }
}

impl Node {
    /// Executes an instruction the inline handler declined. `here` is its address.
    pub(crate) fn complex(&mut self, kind: u8, operand: u32, here: u32) -> Flow {
        match self.complex_inner(kind, operand, here) {
            Ok(f) => f,
            Err(f) => Flow::Fault(f.addr),
        }
    }

    fn complex_inner(&mut self, kind: u8, operand: u32, here: u32) -> Result<Flow, Fault> {
        if kind == K_BADOP {
            return Ok(Flow::BadOp(operand));
        }
        if kind == K_LONG {
            return self.long_chain(here);
        }
        let Some(op) = OP_OF_KIND[kind as usize] else {
            return Ok(Flow::BadOp(operand));
        };
        let base = BASE_OF_KIND[kind as usize] as u64;
        let pri = self.cpu.pri as usize;
        match op {
            Op::In => {
                let (len, chan, ptr) = (self.cpu.regs.a, self.cpu.regs.b, self.cpu.regs.c);
                self.chan_in(len, chan, ptr)?;
            }
            Op::Out => {
                let (len, chan, ptr) = (self.cpu.regs.a, self.cpu.regs.b, self.cpu.regs.c);
                self.chan_out(len, chan, ptr, true)?;
            }
            // A = channel, B = value, as the hardware (and Highfield's emulator and the
            // Transterpreter) has it: t800.md §2.6 lists them the other way round.
            Op::Outbyte | Op::Outword => {
                let (chan, v) = (self.cpu.regs.a, self.cpu.regs.b);
                let w = self.cpu.wptr;
                self.mem.write_word(w, v)?;
                let len = if op == Op::Outbyte { 1 } else { 4 };
                self.chan_out(len, chan, w, false)?;
            }
            Op::Resetch => {
                let chan = self.cpu.regs.a;
                let old = self.mem.read_word(chan)?;
                self.mem.write_word(chan, NOT_PROCESS)?;
                self.reset_link_channel(chan);
                self.cpu.regs.a = old;
            }
            Op::Alt => self.alt(false)?,
            Op::Talt => self.alt(true)?,
            Op::Enbs => self.enbs()?,
            Op::Enbc => self.enbc()?,
            Op::Enbt => self.enbt()?,
            Op::Altwt => self.altwt()?,
            Op::Taltwt => self.taltwt()?,
            Op::Diss => self.diss()?,
            Op::Disc => self.disc()?,
            Op::Dist => self.dist()?,
            Op::Altend => {
                let off = self.mem.read_word(self.cpu.wptr)?;
                self.cpu.iptr = self.cpu.iptr.wrapping_add(off);
            }
            Op::Startp => {
                let (w, off) = (self.cpu.regs.a & !3, self.cpu.regs.b);
                self.mem
                    .write_word(w.wrapping_sub(4), self.cpu.iptr.wrapping_add(off))?;
                self.enqueue(w | self.cpu.pri)?;
            }
            Op::Endp => {
                let block = self.cpu.regs.a;
                let count = self.mem.read_word(block.wrapping_add(4))?;
                if count == 1 {
                    self.cpu.iptr = self.mem.read_word(block)?;
                    self.cpu.wptr = block & !3;
                } else {
                    self.mem
                        .write_word(block.wrapping_add(4), count.wrapping_sub(1))?;
                    // This process ends: it is simply not queued again.
                    self.next_process()?;
                }
            }
            Op::Runp => {
                let wdesc = self.cpu.regs.a;
                self.enqueue(wdesc)?;
            }
            Op::Stopp => {
                self.side.block(self.cpu.wdesc(), Wait::Stopped);
                self.deschedule()?;
            }
            Op::Stoperr => {
                if self.cpu.regs.error {
                    self.side.block(self.cpu.wdesc(), Wait::StoppedOnError);
                    self.deschedule()?;
                }
            }
            Op::Ldtimer => {
                let t = self.timers.clock(pri, self.cpu.cycles);
                self.cpu.regs.push(t);
            }
            Op::Sttimer => {
                let t = self.cpu.regs.pop();
                self.set_clocks(t)?;
            }
            Op::Tin => self.tin()?,
            Op::Sthf | Op::Stlf | Op::Sthb | Op::Stlb => {
                let v = self.cpu.regs.pop();
                match op {
                    Op::Sthf => self.fptr[0] = v,
                    Op::Stlf => self.fptr[1] = v,
                    Op::Sthb => self.bptr[0] = v,
                    _ => self.bptr[1] = v,
                }
            }
            Op::Saveh | Op::Savel => {
                let q = if op == Op::Saveh { 0 } else { 1 };
                let a = self.cpu.regs.pop();
                self.mem.write_word(a, self.fptr[q])?;
                self.mem.write_word(a.wrapping_add(4), self.bptr[q])?;
            }
            // No Analyse pin in this model: the processor was never reset by Analyse.
            Op::Testpranal => self.cpu.regs.push(0),
            Op::Move => {
                let (len, dst, src) = (self.cpu.regs.a, self.cpu.regs.b, self.cpu.regs.c);
                self.mem.copy(src, dst, len)?;
                self.cpu.cycles += 2 * words(src, len) as u64
                    + self.mem.block_cost(src, len)
                    + self.mem.block_cost(dst, len);
            }
            Op::Move2dinit => {
                let r = &self.cpu.regs;
                self.move2d = [r.c, r.b, r.a];
            }
            Op::Move2dall | Op::Move2dnonzero | Op::Move2dzero => self.move2d(op)?,
            _ => {
                if fpu::is_fpu_op(op) {
                    return self.fpu_op(op, base);
                }
                let before = self.cpu.regs.error;
                match alu::exec(op, &mut self.cpu.regs) {
                    Some(c) => {
                        self.cpu.cycles = self.cpu.cycles.wrapping_add(c as u64).wrapping_sub(base);
                        if !before && self.cpu.regs.error && self.cpu.halt_on_error {
                            return Ok(Flow::Halt);
                        }
                    }
                    None => return Ok(Flow::BadOp(op.code() as u32)),
                }
            }
        }
        Ok(Flow::Next)
    }

    fn fpu_op(&mut self, op: Op, base: u64) -> Result<Flow, Fault> {
        let before = self.cpu.regs.error;
        self.mem.pending_ext = 0;
        let c = self.fpu.exec(op, &mut self.cpu.regs, &mut self.mem)?;
        self.cpu.cycles = self
            .cpu
            .cycles
            .wrapping_add(c as u64 + self.mem.pending_ext)
            .wrapping_sub(base);
        if !before && self.cpu.regs.error {
            self.cpu.regs.error = false;
            return Ok(raise(&mut self.cpu));
        }
        Ok(Flow::Next)
    }

    /// A prefix chain longer than the cache fuses: decode and execute it in full.
    fn long_chain(&mut self, here: u32) -> Result<Flow, Fault> {
        let i = here.wrapping_sub(MOST_NEG) as usize;
        let (kind, operand, len) = decode_full(&self.mem, i)?;
        let fixed = base_of(kind, operand) + (len as u32 - 1) + fetch_cost(&self.mem, i, len);
        self.cpu.cycles += fixed as u64;
        self.cpu.instrs += len as u64;
        self.cpu.iptr = here.wrapping_add(len as u32);
        let flow = simple(&mut self.cpu, &mut self.mem, kind, operand);
        if flow == Flow::Complex {
            return Ok(self.complex(kind, operand, here));
        }
        Ok(flow)
    }

    /// `move2dall` / `move2dnonzero` / `move2dzero`: C = source, B = destination,
    /// A = row width in bytes; strides and row count from `move2dinit`.
    fn move2d(&mut self, op: Op) -> Result<(), Fault> {
        let (width, dst, src) = (self.cpu.regs.a, self.cpu.regs.b, self.cpu.regs.c);
        let [sstride, dstride, rows] = self.move2d;
        // A zero-width move changes nothing; skipping its rows keeps a huge row count
        // from stalling the host (the cycles are still charged).
        let copy_rows = if width == 0 { 0 } else { rows };
        for r in 0..copy_rows {
            let s = src.wrapping_add(r.wrapping_mul(sstride));
            let d = dst.wrapping_add(r.wrapping_mul(dstride));
            if op == Op::Move2dall {
                self.mem.copy(s, d, width)?;
            } else {
                for k in 0..width {
                    let b = self.mem.read_byte(s.wrapping_add(k))?;
                    if (b != 0) == (op == Op::Move2dnonzero) {
                        self.mem.write_byte(d.wrapping_add(k), b)?;
                    }
                }
            }
            self.cpu.cycles += self.mem.block_cost(s, width) + self.mem.block_cost(d, width);
        }
        // (2p+23)r with p the words per row; the table's base (23) is already counted
        // once, so a zero-row move costs just that.
        let per_row = 2 * width.div_ceil(4) as u64 + Op::Move2dall.info().base as u64;
        self.cpu.cycles += (per_row * rows as u64).saturating_sub(Op::Move2dall.info().base as u64);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_count_partial_words_at_both_ends() {
        assert_eq!(words(0x100, 0), 0);
        assert_eq!(words(0x100, 4), 1);
        assert_eq!(words(0x101, 4), 2);
        assert_eq!(words(0x103, 2), 2);
        assert_eq!(words(0x100, 9), 3);
    }
}
