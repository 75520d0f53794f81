//! The host end of link 0 for programs built by the occam toolchain.
//!
//! The occam entry harness (`occamc/src/codegen/entry.rs`) carries the program's three
//! byte channels over the one host link: every screen or error byte `b` goes out as the
//! two-byte frame `[stream, b]` (1 = screen → stdout, 2 = error → stderr) and the frame
//! `[0, 0]` says the program has finished; keyboard bytes come in raw. This engine
//! undoes the framing and tells the driver when the program is done (the harness's
//! keyboard process is still waiting on the link then, by design).
//!
//! Input timing. When stdin is a file or a pipe, input is treated as already on the
//! wire: a transfer reads what it needs at once (blocking the host, not simulated
//! time), so runs are deterministic however the pipe delivers its bytes. When stdin
//! is a terminal, a transfer waits until the node has nothing else to do; the driver
//! then reads a line ([`HostHandle::wants_input`], [`HostHandle::supply`]), so output
//! keeps flowing while the program waits for the user.
//!
//! End of input: every keyboard byte read after the end is END.OF.FILE (255, as in
//! `occamc/lib/course.occ`), so library routines such as `in.int` see the end however
//! often they look. (A program that ignores it and keeps reading runs until
//! `--max-cycles`.)

use crate::link::{LinkEngine, LinkPoll};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, MutexGuard};

/// Byte delivered for every read past the end of input.
pub const END_OF_FILE: u8 = 255;

/// Where the framed output goes and where input comes from.
pub struct HostIo {
    /// Screen bytes (stream 1).
    pub screen: Box<dyn Write + Send>,
    /// Error bytes (stream 2).
    pub error: Box<dyn Write + Send>,
    /// Keyboard bytes.
    pub keyboard: Box<dyn Read + Send>,
    /// True when the keyboard is interactive (read lazily, at idle).
    pub interactive: bool,
}

struct State {
    io: HostIo,
    byte_cycles: u64,
    /// First byte of an incomplete frame.
    stream: Option<u8>,
    finished: bool,
    out_done: Option<u64>,
    /// Bytes the current input transfer still waits for.
    want: Option<u32>,
    /// Input read from the host but not yet taken by the program.
    buffer: VecDeque<u8>,
    /// The completed input transfer: due time (None = as soon as polled) and bytes.
    in_done: Option<(Option<u64>, Vec<u8>)>,
    eof: bool,
    watching: bool,
}

impl State {
    fn emit(&mut self, b: u8) {
        match self.stream.take() {
            None => self.stream = Some(b),
            Some(1) => {
                let _ = self.io.screen.write_all(&[b]);
            }
            Some(2) => {
                let _ = self.io.error.write_all(&[b]);
            }
            Some(0) => self.finished = true,
            // An unknown stream is a harness bug; show it rather than lose it.
            Some(s) => {
                let _ = write!(self.io.error, "[stream {s}: byte {b}]");
            }
        }
    }

    /// Reads from the host keyboard into the buffer; false at end of input.
    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        loop {
            match self.io.keyboard.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buffer.extend(&chunk[..n]);
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// Completes the waiting transfer from the buffer if it can (past the end of
    /// input, with END.OF.FILE bytes). `due` is the completion time, or None for "now".
    fn try_complete(&mut self, due: Option<u64>) {
        let Some(n) = self.want else { return };
        let n = n as usize;
        if self.buffer.len() >= n || self.eof {
            let take = n.min(self.buffer.len());
            let mut data: Vec<u8> = self.buffer.drain(..take).collect();
            data.resize(n, END_OF_FILE);
            self.want = None;
            self.in_done = Some((due, data));
        }
    }
}

/// The link engine; attach it to link 0 of the root node.
pub struct HarnessHost(Arc<Mutex<State>>);

/// The driver's handle on the same host: asks whether the program finished or waits
/// for keyboard input.
#[derive(Clone)]
pub struct HostHandle(Arc<Mutex<State>>);

/// Creates the engine and its handle for a node clocked at `clock_mhz`.
pub fn harness_host(clock_mhz: u32, io: HostIo) -> (HarnessHost, HostHandle) {
    let state = Arc::new(Mutex::new(State {
        io,
        // A data packet is 11 bits at 10 Mbit/s; the host acknowledges at once.
        byte_cycles: (11 * clock_mhz as u64).div_ceil(10),
        stream: None,
        finished: false,
        out_done: None,
        want: None,
        buffer: VecDeque::new(),
        in_done: None,
        eof: false,
        watching: false,
    }));
    (HarnessHost(state.clone()), HostHandle(state))
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic elsewhere cannot leave this state half-updated in a way that matters
    // more than losing the run, so a poisoned lock is simply taken over.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl HostHandle {
    /// The program sent the "finished" frame.
    pub fn finished(&self) -> bool {
        lock(&self.0).finished
    }

    /// An input transfer waits for keyboard bytes that have not been read yet, and
    /// reading more could still supply them.
    pub fn wants_input(&self) -> bool {
        let s = lock(&self.0);
        s.want.is_some() && s.in_done.is_none() && !s.eof
    }

    /// Reads the keyboard (blocking) and completes the waiting transfer if possible.
    pub fn supply(&self) {
        let mut s = lock(&self.0);
        if !s.eof {
            s.fill();
        }
        s.try_complete(None);
    }

    /// Flushes stdout and stderr.
    pub fn flush(&self) {
        let mut s = lock(&self.0);
        let _ = s.io.screen.flush();
        let _ = s.io.error.flush();
    }
}

impl LinkEngine for HarnessHost {
    fn start_output(&mut self, now: u64, data: &[u8]) {
        let mut s = lock(&self.0);
        for &b in data {
            s.emit(b);
        }
        s.out_done = Some(now + data.len() as u64 * s.byte_cycles);
    }

    fn start_input(&mut self, now: u64, len: u32) {
        let mut s = lock(&self.0);
        s.want = Some(len);
        if !s.io.interactive {
            while s.buffer.len() < len as usize && !s.eof {
                s.fill();
            }
        }
        let due = now + len as u64 * s.byte_cycles;
        s.try_complete(Some(due));
    }

    fn input_ready(&mut self, _: u64) -> bool {
        let mut s = lock(&self.0);
        if s.buffer.is_empty() && !s.io.interactive && !s.eof {
            s.fill();
        }
        !s.buffer.is_empty() || s.eof
    }

    fn watch_input(&mut self, _: u64, on: bool) {
        lock(&self.0).watching = on;
    }

    fn reset(&mut self, _: u64) {
        let mut s = lock(&self.0);
        s.out_done = None;
        s.want = None;
        s.in_done = None;
        s.watching = false;
    }

    fn next_event(&self) -> Option<u64> {
        let s = lock(&self.0);
        let input = s.in_done.as_ref().map(|(due, _)| due.unwrap_or(0));
        let watched = (s.watching && !s.buffer.is_empty()).then_some(0);
        [s.out_done, input, watched].into_iter().flatten().min()
    }

    fn poll(&mut self, now: u64) -> LinkPoll {
        let mut s = lock(&self.0);
        let mut p = LinkPoll::default();
        if s.out_done.is_some_and(|t| t <= now) {
            s.out_done = None;
            p.output_done = true;
        }
        if s.in_done
            .as_ref()
            .is_some_and(|(due, _)| due.is_none_or(|t| t <= now))
        {
            p.input = s.in_done.take().map(|x| x.1);
        }
        if s.watching && !s.buffer.is_empty() {
            s.watching = false;
            p.input_ready = true;
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::Capture;

    fn host(input: &[u8], interactive: bool) -> (HarnessHost, HostHandle, Capture, Capture) {
        let (out, err) = (Capture::default(), Capture::default());
        let io = HostIo {
            screen: Box::new(out.clone()),
            error: Box::new(err.clone()),
            keyboard: Box::new(std::io::Cursor::new(input.to_vec())),
            interactive,
        };
        let (e, h) = harness_host(20, io);
        (e, h, out, err)
    }

    #[test]
    fn frames_are_demultiplexed_and_finish_is_seen() {
        let (mut e, h, out, err) = host(b"", false);
        e.start_output(0, &[1, b'h', 2, b'!']);
        e.start_output(10, &[1]);
        e.start_output(20, b"i");
        assert!(!h.finished());
        e.start_output(30, &[0, 0]);
        assert!(h.finished());
        assert_eq!(out.contents(), b"hi");
        assert_eq!(err.contents(), b"!");
        // Output completes 11 bit times (at 10 Mbit/s, 20 MHz: 22 cycles) per byte.
        assert_eq!(e.next_event(), Some(30 + 2 * 22));
    }

    #[test]
    fn piped_input_is_read_at_once_then_end_of_file_forever() {
        let (mut e, h, _, _) = host(b"ab", false);
        e.start_input(100, 2);
        assert_eq!(e.next_event(), Some(100 + 2 * 22));
        assert_eq!(e.poll(144).input, Some(b"ab".to_vec()));
        for t in [200, 300] {
            e.start_input(t, 1);
            assert_eq!(e.poll(t + 22).input, Some(vec![END_OF_FILE]));
        }
        assert!(!h.wants_input());
    }

    #[test]
    fn interactive_input_waits_for_the_driver() {
        let (mut e, h, _, _) = host(b"x", true);
        e.start_input(5, 1);
        assert_eq!(e.next_event(), None);
        assert!(h.wants_input());
        h.supply();
        assert_eq!(e.next_event(), Some(0));
        assert_eq!(e.poll(50).input, Some(b"x".to_vec()));
    }
}
