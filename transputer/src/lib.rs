//! A cycle-level emulator of the Inmos T800 transputer.
//!
//! A [`Node`] is one transputer: processor, memory, FPU and links. It runs real T800
//! machine code with the datasheet's cycle counts and the hardware scheduler, keeping
//! every process structure (run queues, timer queues, channel words, ALT state, the
//! preemption save area) in emulated memory where the chip keeps it.
//!
//! Code map: [`memory`] (memory + decode cache), [`cpu`] (registers, pre-decoder,
//! interpreter, instruction handlers), [`sched`] (run queues, timeslice, preemption),
//! [`timer`] (clocks, timer queues, `tin`), [`channel`] (soft channels), [`alt`] (the
//! ALT family), [`link`] (link engines, host link), [`host`] (the host end of the occam
//! harness's framed link 0), [`boot`] (raw boot), [`boot_link`] (boot from link:
//! peek, poke, boot code), [`side`] and
//! [`report`] (deadlock/halt diagnostics), [`stats`], [`node`] (the stepping API),
//! [`programs`] (benchmark programs), [`cli`] (the `transputer` command).

pub mod alt;
pub mod boot;
pub mod boot_link;
pub mod channel;
pub mod cli;
pub mod cpu;
pub mod host;
pub mod link;
pub mod memory;
pub mod node;
pub mod programs;
pub mod report;
pub mod sched;
pub mod side;
pub mod stats;
pub mod timer;

pub use node::{Config, Cycles, Node, StopReason};
