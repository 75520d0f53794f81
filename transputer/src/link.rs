//! Hard channels: the interface between the processor and its four link engines, and
//! the host connection on link 0.
//!
//! An `in`/`out` on a link channel word stores the process in the word (as on the
//! chip), hands the transfer to the link's engine and deschedules. The engine moves
//! the bytes on its own schedule and reports completion through [`LinkEngine::poll`],
//! which the node calls only at the engine's [`LinkEngine::next_event`] cycle: nothing
//! is polled per instruction. A wire-level engine (the network issue) implements the
//! same trait.
//!
//! Decisions: a zero-length transfer on a link completes at once without the engine;
//! `resetch` on a link word abandons the transfer (the waiting process is not
//! requeued, as on the chip).

use crate::channel::state_slot;
use crate::memory::Fault;
use crate::node::Node;
use crate::side::Wait;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use t800_isa::consts::{ENABLING, LINK_IN, LINK_OUT, NOT_PROCESS, READY, WAITING};

/// What a link engine reports when polled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkPoll {
    /// The output transfer finished (last byte acknowledged).
    pub output_done: bool,
    /// The input transfer finished with these bytes.
    pub input: Option<Vec<u8>>,
    /// While watched for an ALT, a byte became available.
    pub input_ready: bool,
}

/// One link's engine: both directions of one link.
pub trait LinkEngine: Send {
    /// Start sending `data` (the node keeps the process waiting until `output_done`).
    fn start_output(&mut self, now: u64, data: &[u8]);
    /// Start receiving `len` bytes.
    fn start_input(&mut self, now: u64, len: u32);
    /// For ALT enabling/disabling: is a byte waiting to be input now?
    fn input_ready(&mut self, now: u64) -> bool;
    /// An ALT waits on this link's input (`on`) or stopped waiting; while watched the
    /// engine reports `input_ready` once a byte arrives.
    fn watch_input(&mut self, now: u64, on: bool);
    /// `resetch`: abandon the transfers in progress.
    fn reset(&mut self, now: u64);
    /// Cycle of the next report, if any is scheduled.
    fn next_event(&self) -> Option<u64>;
    /// Reports everything due at `now`.
    fn poll(&mut self, now: u64) -> LinkPoll;
}

/// A link with nothing attached: transfers never complete.
#[derive(Default)]
pub struct Unconnected;

impl LinkEngine for Unconnected {
    fn start_output(&mut self, _: u64, _: &[u8]) {}
    fn start_input(&mut self, _: u64, _: u32) {}
    fn input_ready(&mut self, _: u64) -> bool {
        false
    }
    fn watch_input(&mut self, _: u64, _: bool) {}
    fn reset(&mut self, _: u64) {}
    fn next_event(&self) -> Option<u64> {
        None
    }
    fn poll(&mut self, _: u64) -> LinkPoll {
        LinkPoll::default()
    }
}

/// A `Write` sink shared with the caller (tests read what a program printed).
#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<Vec<u8>>>);

impl Capture {
    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut v) = self.0.lock() {
            v.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The host at the other end of a link: output bytes go to a writer (stdout), input
/// bytes come from a reader (stdin).
///
/// Timing: the host acknowledges at once, so a transfer takes 11 bit times per byte at
/// the standard 10 Mbit/s (a data packet is 11 bits; acks overlap). Input is treated
/// as already waiting on the wire: reading blocks the emulator (not simulated time)
/// until the host supplies the bytes; at end of input the transfer never completes.
pub struct HostLink {
    out: Box<dyn Write + Send>,
    inp: Box<dyn Read + Send>,
    byte_cycles: u64,
    out_done: Option<u64>,
    in_done: Option<(u64, Vec<u8>)>,
    peeked: Option<u8>,
    watching: bool,
}

impl HostLink {
    /// A host link at `clock_mhz` writing to `out` and reading from `inp`.
    pub fn new(clock_mhz: u32, out: Box<dyn Write + Send>, inp: Box<dyn Read + Send>) -> Self {
        HostLink {
            out,
            inp,
            byte_cycles: (11 * clock_mhz as u64).div_ceil(10),
            out_done: None,
            in_done: None,
            peeked: None,
            watching: false,
        }
    }

    fn read_byte(&mut self) -> Option<u8> {
        if let Some(b) = self.peeked.take() {
            return Some(b);
        }
        let mut b = [0u8];
        loop {
            match self.inp.read(&mut b) {
                Ok(1) => return Some(b[0]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                _ => return None,
            }
        }
    }
}

impl LinkEngine for HostLink {
    fn start_output(&mut self, now: u64, data: &[u8]) {
        // A closed stdout must not stop the emulated program: the bytes are dropped.
        let _ = self.out.write_all(data);
        let _ = self.out.flush();
        self.out_done = Some(now + data.len() as u64 * self.byte_cycles);
    }

    fn start_input(&mut self, now: u64, len: u32) {
        let mut data = Vec::with_capacity(len as usize);
        while data.len() < len as usize {
            match self.read_byte() {
                Some(b) => data.push(b),
                None => return, // end of input: never completes
            }
        }
        self.in_done = Some((now + len as u64 * self.byte_cycles, data));
    }

    fn input_ready(&mut self, _: u64) -> bool {
        if self.peeked.is_none() {
            self.peeked = self.read_byte();
        }
        self.peeked.is_some()
    }

    fn watch_input(&mut self, _: u64, on: bool) {
        self.watching = on;
    }

    fn reset(&mut self, _: u64) {
        self.out_done = None;
        self.in_done = None;
        self.watching = false;
    }

    fn next_event(&self) -> Option<u64> {
        let a = self.out_done;
        let b = self.in_done.as_ref().map(|x| x.0);
        let c = (self.watching && self.peeked.is_some()).then_some(0);
        [a, b, c].into_iter().flatten().min()
    }

    fn poll(&mut self, now: u64) -> LinkPoll {
        let mut p = LinkPoll::default();
        if self.out_done.is_some_and(|t| t <= now) {
            self.out_done = None;
            p.output_done = true;
        }
        if self.in_done.as_ref().is_some_and(|x| x.0 <= now) {
            p.input = self.in_done.take().map(|x| x.1);
        }
        if self.watching && self.peeked.is_some() {
            self.watching = false;
            p.input_ready = true;
        }
        p
    }
}

/// A transfer the engine is carrying out for a waiting process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Xfer {
    pub wdesc: u32,
    pub ptr: u32,
}

/// The processor side of one link: its engine and the link registers (waiting
/// process and message pointer) of each direction.
pub struct LinkPort {
    pub(crate) engine: Box<dyn LinkEngine>,
    pub(crate) out: Option<Xfer>,
    pub(crate) inp: Option<Xfer>,
}

impl LinkPort {
    /// A port driving `engine`.
    pub fn new(engine: Box<dyn LinkEngine>) -> LinkPort {
        LinkPort {
            engine,
            out: None,
            inp: None,
        }
    }
}

impl Default for LinkPort {
    fn default() -> Self {
        LinkPort::new(Box::new(Unconnected))
    }
}

impl Node {
    pub(crate) fn link_out(
        &mut self,
        n: usize,
        len: u32,
        chan: u32,
        src: u32,
    ) -> Result<(), Fault> {
        if len == 0 {
            return Ok(());
        }
        let data = self.mem.slice(src, len)?;
        self.links[n].engine.start_output(self.cpu.cycles, data);
        self.links[n].out = Some(Xfer {
            wdesc: self.cpu.wdesc(),
            ptr: src,
        });
        self.link_wait(chan, Wait::LinkOut(n as u8))
    }

    pub(crate) fn link_in(&mut self, n: usize, len: u32, chan: u32, dst: u32) -> Result<(), Fault> {
        if len == 0 {
            return Ok(());
        }
        // Check the destination before the engine consumes input.
        self.mem.slice(dst, len)?;
        self.links[n].engine.start_input(self.cpu.cycles, len);
        self.links[n].inp = Some(Xfer {
            wdesc: self.cpu.wdesc(),
            ptr: dst,
        });
        self.link_wait(chan, Wait::LinkIn(n as u8))
    }

    fn link_wait(&mut self, chan: u32, why: Wait) -> Result<(), Fault> {
        self.mem.write_word(chan, self.cpu.wdesc())?;
        self.side.block(self.cpu.wdesc(), why);
        self.link_started = true;
        self.stop_at = 0;
        self.deschedule()
    }

    /// `enbc` on a link input: ready if a byte waits, else the alter waits in the word.
    pub(crate) fn link_enable(&mut self, n: usize, chan: u32) -> Result<bool, Fault> {
        let now = self.cpu.cycles;
        if self.links[n].engine.input_ready(now) {
            return Ok(true);
        }
        self.mem.write_word(chan, self.cpu.wdesc())?;
        self.links[n].engine.watch_input(now, true);
        self.stop_at = 0; // the engine may now have an event to schedule
        Ok(false)
    }

    /// `disc` on a link input: is a byte ready? Withdraws the alter from the word.
    pub(crate) fn link_disable(&mut self, n: usize, chan: u32) -> Result<bool, Fault> {
        let now = self.cpu.cycles;
        if self.mem.read_word(chan)? == self.cpu.wdesc() {
            self.mem.write_word(chan, NOT_PROCESS)?;
        }
        self.links[n].engine.watch_input(now, false);
        Ok(self.links[n].engine.input_ready(now))
    }

    /// `resetch` on a link word resets that direction's engine.
    pub(crate) fn reset_link_channel(&mut self, chan: u32) {
        if let Some((n, input)) = crate::channel::link_of(chan) {
            let port = &mut self.links[n];
            if input {
                port.inp = None;
            } else {
                port.out = None;
            }
            port.engine.reset(self.cpu.cycles);
        }
    }

    /// Collects the reports of link `n`'s engine.
    pub(crate) fn poll_link(&mut self, n: usize) -> Result<(), Fault> {
        if self.boot_wait.is_some() {
            return self.poll_boot_link(n);
        }
        let p = self.links[n].engine.poll(self.cpu.cycles);
        if p.output_done {
            if let Some(x) = self.links[n].out.take() {
                self.mem.write_word(LINK_OUT[n], NOT_PROCESS)?;
                self.enqueue(x.wdesc)?;
            }
        }
        if let Some(data) = p.input {
            if let Some(x) = self.links[n].inp.take() {
                self.mem.write_bytes(x.ptr, &data)?;
                self.mem.write_word(LINK_IN[n], NOT_PROCESS)?;
                self.enqueue(x.wdesc)?;
            }
        }
        if p.input_ready && self.links[n].inp.is_none() {
            let w = self.mem.read_word(LINK_IN[n])?;
            if w != NOT_PROCESS {
                let st = self.mem.read_word(state_slot(w & !3))?;
                if st == WAITING {
                    self.mem.write_word(state_slot(w & !3), READY)?;
                    self.enqueue(w)?;
                } else if st == ENABLING {
                    self.mem.write_word(state_slot(w & !3), READY)?;
                }
            }
        }
        Ok(())
    }
}
