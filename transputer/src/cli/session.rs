//! One run of a loaded program: a node with the right host on link 0, the run loop,
//! and how the run ended (exit code and report). The `run` command and the
//! end-to-end tests both use it, so tests exercise exactly what users run.

use super::load::Loaded;
use super::Exit;
use crate::host::{harness_host, HostHandle, HostIo};
use crate::link::HostLink;
use crate::node::{Config, Cycles, FaultKind, Node, StopReason};
use crate::report::Outcome;
use linker::image::Image;
use linker::object::HostIo as HostProtocol;
use std::io::{Read, Write};

/// The host's streams.
pub struct Streams {
    /// Program output (screen).
    pub stdout: Box<dyn Write + Send>,
    /// Error output (the occam harness's error channel).
    pub stderr: Box<dyn Write + Send>,
    /// Program input (keyboard).
    pub stdin: Box<dyn Read + Send>,
    /// The keyboard is a terminal: read it only when the program waits for it.
    pub interactive: bool,
}

/// How a run loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The node stopped by itself (see `Node::outcome`).
    Stopped,
    /// The cycle limit was reached.
    Limit,
    /// The occam harness reported that the program finished.
    Finished,
}

/// A booted program and its host.
pub struct Session {
    /// The node running the program.
    pub node: Node,
    host: Option<HostHandle>,
    image: Option<Image>,
}

impl Session {
    /// Boots `loaded` on a fresh node; the image (if any) picks the host protocol.
    pub fn new(config: Config, loaded: Loaded, streams: Streams) -> Result<Session, String> {
        if let Some(img) = &loaded.image {
            let need = img.mem_bytes as u64 + (img.origin - t800_isa::consts::MOST_NEG) as u64;
            if need > config.mem_bytes as u64 {
                return Err(format!(
                    "the program needs {need} bytes of memory; the node has {}",
                    config.mem_bytes
                ));
            }
        }
        let mut node = Node::new(config);
        let clock = node.config().clock_mhz;
        let framed = loaded
            .image
            .as_ref()
            .is_some_and(|i| i.host_io == HostProtocol::Framed);
        let host = if framed {
            let (engine, handle) = harness_host(
                clock,
                HostIo {
                    screen: streams.stdout,
                    error: streams.stderr,
                    keyboard: streams.stdin,
                    interactive: streams.interactive,
                },
            );
            node.attach_link(0, Box::new(engine));
            Some(handle)
        } else {
            node.attach_link(
                0,
                Box::new(HostLink::new(clock, streams.stdout, streams.stdin)),
            );
            None
        };
        node.boot_raw(&loaded.code).map_err(|e| e.to_string())?;
        Ok(Session {
            node,
            host,
            image: loaded.image,
        })
    }

    /// A fresh node waiting to boot from link 0, which is fed `stream` (peek/poke
    /// frames and boot code, checked whole first) and then the host's input; link 0's
    /// output (peek answers, then the program's) goes to the host's output.
    pub fn boot_from_link(
        config: Config,
        stream: Vec<u8>,
        streams: Streams,
    ) -> Result<Session, String> {
        crate::boot_link::scan_stream(&stream).map_err(|e| e.to_string())?;
        let mut node = Node::new(config);
        let clock = node.config().clock_mhz;
        let input = std::io::Cursor::new(stream).chain(streams.stdin);
        node.attach_link(
            0,
            Box::new(HostLink::new(clock, streams.stdout, Box::new(input))),
        );
        node.await_boot_from_link();
        Ok(Session {
            node,
            host: None,
            image: None,
        })
    }

    /// Runs to the end or to `limit` cycles.
    pub fn run(&mut self, limit: u64) -> End {
        loop {
            let r = self.node.run_until(Cycles(limit));
            if let Some(end) = self.after(r, limit) {
                return end;
            }
        }
    }

    /// Runs one instruction (or one idle step); `Some` when the run is over.
    pub fn step(&mut self, limit: u64) -> Option<End> {
        if self.node.now().0 >= limit {
            return Some(End::Limit);
        }
        let r = self.node.step();
        self.after(r, limit)
    }

    fn after(&mut self, r: StopReason, limit: u64) -> Option<End> {
        if self.host.as_ref().is_some_and(HostHandle::finished) {
            return Some(End::Finished);
        }
        match r {
            StopReason::LinkStarted => None,
            StopReason::CycleLimit => (self.node.now().0 >= limit).then_some(End::Limit),
            // Idle: an interactive keyboard may be what the program waits for.
            StopReason::Idle => match &self.host {
                Some(h) if h.wants_input() => {
                    h.flush();
                    h.supply();
                    None
                }
                _ => Some(End::Stopped),
            },
            StopReason::Halted | StopReason::Fault => Some(End::Stopped),
        }
    }

    /// Flushes the host's output streams.
    pub fn flush(&self) {
        if let Some(h) = &self.host {
            h.flush();
        }
    }

    /// The exit code for how the run ended, and the report to print (empty when the
    /// program simply finished).
    pub fn conclude(&self, end: End) -> (Exit, String) {
        match end {
            // The occam harness said the program is done; its keyboard process is
            // still waiting on the link, by design.
            End::Finished => (Exit::Ok, String::new()),
            End::Limit => (
                Exit::MaxCycles,
                format!(
                    "stopped: cycle limit reached at {}\n",
                    self.node.time_text()
                ),
            ),
            End::Stopped => {
                let report = self.node.report_with(&|addr| self.locate(addr));
                let exit = match self.node.outcome() {
                    Outcome::Finished => Exit::Ok,
                    Outcome::Halted | Outcome::StoppedOnError => Exit::Error,
                    Outcome::Deadlock => Exit::Deadlock,
                    // A bad boot stream is bad input, not an emulator error.
                    Outcome::Fault
                        if matches!(
                            self.node.fault().map(|f| f.kind),
                            Some(FaultKind::BootAccess { .. })
                        ) =>
                    {
                        Exit::BadInput
                    }
                    Outcome::Fault => Exit::Fault,
                    Outcome::Running => Exit::MaxCycles,
                };
                (exit, report)
            }
        }
    }

    /// Where a code address is in the source, from the image's tables.
    pub fn locate(&self, addr: u32) -> Option<String> {
        let img = self.image.as_ref()?;
        let framed = img.host_io == HostProtocol::Framed;
        let proc_name = img.symbol_at(addr).map(|s| {
            if framed && s.exported && s.name == "main" {
                // The compiler's wrapper around the entry PROC (keyboard, screen and
                // error multiplexing on link 0).
                return " in the occam I/O harness".to_string();
            }
            // Compiled PROCs are named `name#id`; show the source name.
            let name = s.name.split('#').next().unwrap_or(&s.name);
            format!(" in {name}")
        });
        match img.line_at(addr) {
            Some((file, line)) => Some(format!("{file}:{line}{}", proc_name.unwrap_or_default())),
            None => proc_name.map(|p| p.trim_start().to_string()),
        }
    }
}
