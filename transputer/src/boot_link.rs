//! Boot from link: a node reset with BootFromROM low waits for its first link message
//! (t800.md §3.8). Each link delivers a control byte:
//!
//! - `0` poke: a 4-byte address and 4-byte data follow (little-endian); the word is
//!   written and the link waits for the next control byte;
//! - `1` peek: a 4-byte address follows; the word there is sent back on the paired
//!   output link, then the link waits again;
//! - `n ≥ 2`: `n` bytes of boot code follow. They are stored from MemStart and run:
//!   Iptr = MemStart, Wptr = the first word after the code, low priority, A = the
//!   previous Iptr, B = the previous Wdesc, C = the input channel word of the link.
//!
//! The node drives the protocol through the ordinary link-engine interface
//! ([`LinkEngine::start_input`](crate::link::LinkEngine::start_input) and
//! [`start_output`](crate::link::LinkEngine::start_output)), so the host link and
//! a wire-level network engine feed it the same way; nothing here runs per
//! instruction (the node consults it only when an engine reports).
//!
//! Decisions (the reference leaves them open; pinned by tests in
//! `tests/boot_link.rs`):
//! - Every link listens for a control byte; each link runs its own frames, so pokes
//!   and peeks may come on any link. The first link whose boot code is complete boots
//!   the node; the transfers still pending on the other links are then abandoned
//!   (`reset`), as a message on them is not acknowledged until a process inputs.
//! - The reset state (link words, event word, timer queue heads = NotProcess.p, no
//!   preempted process, empty queues) is set when the node starts waiting, so pokes
//!   may change it before the boot; the boot itself only loads code and registers.
//! - After a peek the link waits for its answer to be sent before it listens again.
//! - A peek or poke outside emulated memory stops the node with a fault naming the
//!   address and link (the chip would touch whatever answers on its bus).
//! - Clocks run from 0 at the moment the code starts, as for a raw boot.
//! - A node still waiting to be booted when no link will deliver more is deadlocked
//!   (`Outcome::Deadlock`); its report says it was never booted and what each link
//!   waits for. (`run --boot-link` checks the whole stream first, so a truncated file
//!   is rejected before it starts.)

use crate::memory::Fault;
use crate::node::{FaultKind, Node};
use std::fmt;
use t800_isa::consts::{LINK_IN, MEM_START};

/// What one link expects next while the node waits to be booted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BootRx {
    /// A control byte: 0 poke, 1 peek, 2–255 boot code length.
    Control,
    /// The 4-byte address and 4-byte data of a poke.
    Poke,
    /// The 4-byte address of a peek.
    Peek,
    /// The answer to a peek is being sent on the paired output link.
    Answer,
    /// This many bytes of boot code.
    Code(u8),
}

impl BootRx {
    /// What follows the control byte `b`.
    pub fn after_control(b: u8) -> BootRx {
        match b {
            0 => BootRx::Poke,
            1 => BootRx::Peek,
            n => BootRx::Code(n),
        }
    }

    /// Bytes the link inputs in this state.
    pub fn bytes(self) -> u32 {
        match self {
            BootRx::Control => 1,
            BootRx::Poke => 8,
            BootRx::Peek => 4,
            BootRx::Answer => 0,
            BootRx::Code(n) => n as u32,
        }
    }
}

impl fmt::Display for BootRx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BootRx::Control => write!(f, "a control byte (0 poke, 1 peek, 2-255 code length)"),
            BootRx::Poke => write!(f, "the 8 address and data bytes of a poke"),
            BootRx::Peek => write!(f, "the 4 address bytes of a peek"),
            BootRx::Answer => write!(f, "its peek answer to be sent"),
            BootRx::Code(n) => write!(f, "{n} bytes of boot code"),
        }
    }
}

/// Why a boot stream held in a file cannot boot a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// The stream ends inside a frame.
    Truncated {
        /// Offset of the frame's control byte.
        offset: usize,
        /// What the frame still needed.
        waiting: BootRx,
        /// Bytes of it present.
        have: usize,
    },
    /// The stream holds only peeks and pokes (or nothing): no boot code.
    NoCode {
        /// Number of peek and poke frames.
        frames: usize,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Truncated {
                offset,
                waiting,
                have,
            } => write!(
                f,
                "boot stream truncated: the frame at byte {offset} needs {waiting}, only {have} \
                 present"
            ),
            StreamError::NoCode { frames } => write!(
                f,
                "boot stream has no boot code (a control byte 2-255 and the code) after its \
                 {frames} peek/poke frame(s)"
            ),
        }
    }
}

impl std::error::Error for StreamError {}

/// Checks a boot stream held whole (a file): returns the offset just past the boot
/// code; what follows is ordinary link input for the booted program.
pub fn scan_stream(bytes: &[u8]) -> Result<usize, StreamError> {
    let mut at = 0;
    let mut frames = 0;
    while let Some(&b) = bytes.get(at) {
        let rx = BootRx::after_control(b);
        let need = rx.bytes() as usize;
        let have = bytes.len() - at - 1;
        if have < need {
            return Err(StreamError::Truncated {
                offset: at,
                waiting: rx,
                have,
            });
        }
        at += 1 + need;
        if let BootRx::Code(_) = rx {
            return Ok(at);
        }
        frames += 1;
    }
    Err(StreamError::NoCode { frames })
}

fn word(data: &[u8], i: usize) -> u32 {
    let mut b = [0u8; 4];
    for (k, v) in b.iter_mut().enumerate() {
        // An engine that delivers fewer bytes than asked is a bug in the engine; the
        // missing bytes read as 0 rather than stopping the emulator.
        *v = data.get(i + k).copied().unwrap_or(0);
    }
    u32::from_le_bytes(b)
}

impl Node {
    /// Resets the node to wait for a boot from any link (see the module doc). Attach
    /// the link engines first.
    pub fn await_boot_from_link(&mut self) {
        self.reset_system_words();
        self.boot_wait = Some([BootRx::Control; 4]);
        for n in 0..4 {
            self.boot_expect(n, BootRx::Control);
        }
    }

    /// While waiting to be booted: what each link expects next.
    pub fn boot_wait(&self) -> Option<[BootRx; 4]> {
        self.boot_wait
    }

    fn boot_expect(&mut self, n: usize, rx: BootRx) {
        if let Some(w) = &mut self.boot_wait {
            w[n] = rx;
        }
        self.links[n]
            .engine
            .start_input(self.cpu.cycles, rx.bytes());
        self.link_started = true;
        self.stop_at = 0;
    }

    /// Handles link `n`'s engine report while the node waits to be booted.
    pub(crate) fn poll_boot_link(&mut self, n: usize) -> Result<(), Fault> {
        let Some(wait) = self.boot_wait else {
            return Ok(());
        };
        let now = self.cpu.cycles;
        let p = self.links[n].engine.poll(now);
        let rx = wait[n];
        if p.output_done && rx == BootRx::Answer {
            self.boot_expect(n, BootRx::Control);
        }
        let Some(data) = p.input else {
            return Ok(());
        };
        match rx {
            BootRx::Control => {
                let next = BootRx::after_control(data.first().copied().unwrap_or(0));
                self.boot_expect(n, next);
            }
            BootRx::Poke => {
                let addr = word(&data, 0);
                if self.mem.write_word(addr, word(&data, 4)).is_err() {
                    self.boot_fault(n, addr);
                    return Ok(());
                }
                self.boot_expect(n, BootRx::Control);
            }
            BootRx::Peek => {
                let addr = word(&data, 0);
                let Ok(v) = self.mem.read_word(addr) else {
                    self.boot_fault(n, addr);
                    return Ok(());
                };
                if let Some(w) = &mut self.boot_wait {
                    w[n] = BootRx::Answer;
                }
                self.links[n].engine.start_output(now, &v.to_le_bytes());
                self.link_started = true;
                self.stop_at = 0;
            }
            BootRx::Code(len) => {
                let mut code = data;
                code.resize(len as usize, 0);
                self.mem.write_bytes(MEM_START, &code)?;
                self.boot_wait = None;
                for (k, port) in self.links.iter_mut().enumerate() {
                    if k != n {
                        port.engine.reset(now);
                    }
                }
                let (a, b) = (self.cpu.iptr, self.cpu.wdesc());
                self.start_booted(len as u32, a, b, LINK_IN[n]);
            }
            // No input was asked for while the answer is sent.
            BootRx::Answer => {}
        }
        Ok(())
    }

    fn boot_fault(&mut self, link: usize, addr: u32) {
        self.boot_wait = None;
        self.record_fault(
            FaultKind::BootAccess {
                link: link as u8,
                addr,
            },
            self.cpu.iptr,
        );
    }
}

/// Boot streams are checked whole before a file is fed to a link.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_the_end_of_the_boot_code() {
        let mut s = vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 9, 9, 9, 9, 3, 0xA, 0xB, 0xC];
        assert_eq!(scan_stream(&s), Ok(18));
        s.extend_from_slice(b"rest");
        assert_eq!(scan_stream(&s), Ok(18));
    }

    #[test]
    fn scan_reports_truncation_and_missing_code() {
        assert_eq!(
            scan_stream(&[0, 1, 2, 3]),
            Err(StreamError::Truncated {
                offset: 0,
                waiting: BootRx::Poke,
                have: 3
            })
        );
        assert_eq!(
            scan_stream(&[1, 0, 0, 0, 0x80, 200, 1]),
            Err(StreamError::Truncated {
                offset: 5,
                waiting: BootRx::Code(200),
                have: 1
            })
        );
        assert_eq!(scan_stream(&[]), Err(StreamError::NoCode { frames: 0 }));
        assert_eq!(
            scan_stream(&[1, 0, 0, 0, 0x80]),
            Err(StreamError::NoCode { frames: 1 })
        );
        let msg = scan_stream(&[1, 0]).unwrap_err().to_string();
        assert!(
            msg.contains("byte 0") && msg.contains("4 address bytes"),
            "{msg}"
        );
    }
}
