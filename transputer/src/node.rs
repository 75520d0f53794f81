//! One transputer: processor state, memory, FPU, the four links, and the narrow API a
//! driver (the CLI today, a network of nodes later) steps it with.
//!
//! Time is the node's cycle count. [`Node::run_until`] runs until a cycle limit and
//! returns early when something outside the node may need to react (a link transfer
//! started, the processor went idle, it halted or faulted). Between those points
//! nothing is polled per instruction: timers and link engines are consulted only at
//! the cycle of their next scheduled event, which bounds each interpreter burst.

use crate::boot_link::BootRx;
use crate::cpu::fpu::Fpu;
use crate::cpu::CpuState;
use crate::link::{LinkEngine, LinkPort};
use crate::memory::{Fault, Memory, DEFAULT_EXT_WAIT, DEFAULT_MEM_BYTES};
use crate::side::SideTable;
use crate::timer::Timers;
use t800_isa::consts::NOT_PROCESS;

/// Simulated time in processor cycles since boot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cycles(pub u64);

/// Construction parameters of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Total memory in bytes, on-chip 4 KB included.
    pub mem_bytes: u32,
    /// Extra cycles per external memory access.
    pub ext_wait: u32,
    /// Processor clock in MHz (timers tick every 1 µs / 64 µs of simulated time).
    pub clock_mhz: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mem_bytes: DEFAULT_MEM_BYTES,
            ext_wait: DEFAULT_EXT_WAIT,
            clock_mhz: 20,
        }
    }
}

/// Why [`Node::run_until`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The cycle limit was reached.
    CycleLimit,
    /// No process can run and no timer or link event is pending: every process has
    /// finished or is waiting forever (see [`Node::outcome`](crate::report)).
    Idle,
    /// A link engine was handed a transfer (a network driver may need to act).
    LinkStarted,
    /// The processor halted: Error was set while HaltOnError was set.
    Halted,
    /// The emulator could not continue (see [`Node::fault`]).
    Fault,
}

/// What stopped the emulator itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// A memory access outside emulated memory.
    Memory(u32),
    /// `opr` with an operand that is not a T800 operation.
    BadOp(u32),
    /// A peek or poke received while waiting to boot from a link addressed a word
    /// outside emulated memory.
    BootAccess {
        /// The link the peek or poke came on.
        link: u8,
        /// The address it named.
        addr: u32,
    },
}

/// An emulator fault with the instruction that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultInfo {
    /// What went wrong.
    pub kind: FaultKind,
    /// Address of the faulting instruction.
    pub iptr: u32,
    /// Workspace pointer of the faulting process.
    pub wptr: u32,
}

/// Where HaltOnError stopped the processor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HaltInfo {
    /// Address of the instruction that set Error.
    pub iptr: u32,
    /// Workspace pointer of the process.
    pub wptr: u32,
}

/// Event counters for `--stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Processes taken off a run queue (or restored after preemption).
    pub switches: u64,
    /// Low-priority processes interrupted by a high-priority one.
    pub preemptions: u64,
    /// Timeslice reschedules at `j` / `lend`.
    pub timeslices: u64,
    /// Cycles the processor spent idle.
    pub idle_cycles: u64,
}

/// One emulated T800.
pub struct Node {
    pub(crate) cpu: CpuState,
    pub(crate) mem: Memory,
    pub(crate) fpu: Fpu,
    /// FPU state of a preempted low-priority process (kept inside the chip).
    pub(crate) fpu_saved: Fpu,
    /// Timeslice deadline of a preempted low-priority process.
    pub(crate) saved_slice: u64,
    /// FPtrReg / BPtrReg for high (0) and low (1) priority: Wptr values.
    pub(crate) fptr: [u32; 2],
    pub(crate) bptr: [u32; 2],
    pub(crate) timers: Timers,
    pub(crate) links: [LinkPort; 4],
    /// `move2dinit` registers: source stride, destination stride, row count.
    pub(crate) move2d: [u32; 3],
    /// The current interpreter burst ends at this cycle; lowered to force a return.
    pub(crate) stop_at: u64,
    pub(crate) preempt_pending: bool,
    pub(crate) link_started: bool,
    pub(crate) halted: Option<HaltInfo>,
    pub(crate) fault: Option<FaultInfo>,
    pub(crate) side: SideTable,
    /// While waiting to boot from a link: what each link expects next.
    pub(crate) boot_wait: Option<[BootRx; 4]>,
    pub(crate) counters: Counters,
    pub(crate) config: Config,
}

impl Node {
    /// A powered-up node with empty memory, no process, and unconnected links.
    pub fn new(config: Config) -> Node {
        let mem = Memory::new(config.mem_bytes, config.ext_wait);
        let side = SideTable::new(mem.size());
        Node {
            cpu: CpuState {
                slice_deadline: u64::MAX,
                ..CpuState::default()
            },
            mem,
            fpu: Fpu::default(),
            fpu_saved: Fpu::default(),
            saved_slice: u64::MAX,
            fptr: [NOT_PROCESS; 2],
            bptr: [NOT_PROCESS; 2],
            timers: Timers::new(config.clock_mhz.max(1)),
            links: Default::default(),
            move2d: [0; 3],
            stop_at: 0,
            preempt_pending: false,
            link_started: false,
            halted: None,
            fault: None,
            side,
            boot_wait: None,
            counters: Counters::default(),
            config: Config {
                clock_mhz: config.clock_mhz.max(1),
                ..config
            },
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Current simulated time.
    pub fn now(&self) -> Cycles {
        Cycles(self.cpu.cycles)
    }

    /// Instructions executed so far (each prefix byte counts as one).
    pub fn instructions(&self) -> u64 {
        self.cpu.instrs
    }

    /// Registers of the running process.
    pub fn cpu(&self) -> &CpuState {
        &self.cpu
    }

    /// Mutable registers (tests and debuggers set up state through this).
    pub fn cpu_mut(&mut self) -> &mut CpuState {
        &mut self.cpu
    }

    /// Emulated memory.
    pub fn memory(&self) -> &Memory {
        &self.mem
    }

    /// Mutable emulated memory (writes keep the decode cache coherent).
    pub fn memory_mut(&mut self) -> &mut Memory {
        &mut self.mem
    }

    /// The FPU.
    pub fn fpu(&self) -> &Fpu {
        &self.fpu
    }

    /// Event counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The fault that stopped the emulator, if any.
    pub fn fault(&self) -> Option<FaultInfo> {
        self.fault
    }

    /// Where HaltOnError stopped the processor, if it did.
    pub fn halted(&self) -> Option<HaltInfo> {
        self.halted
    }

    /// Connects link `i` (0–3) to an engine.
    pub fn attach_link(&mut self, i: usize, engine: Box<dyn LinkEngine>) {
        self.links[i] = LinkPort::new(engine);
    }

    /// Runs until `limit` or until something outside the node may need to act.
    pub fn run_until(&mut self, limit: Cycles) -> StopReason {
        let limit = limit.0;
        loop {
            if self.halted.is_some() {
                return StopReason::Halted;
            }
            if self.fault.is_some() {
                return StopReason::Fault;
            }
            if let Err(f) = self.service_events() {
                self.record_fault(FaultKind::Memory(f.addr), self.cpu.iptr);
                return StopReason::Fault;
            }
            if self.fault.is_some() {
                return StopReason::Fault; // a bad peek or poke while booting
            }
            if std::mem::take(&mut self.link_started) {
                return StopReason::LinkStarted;
            }
            let next = self.next_event();
            if !self.cpu.running {
                match next {
                    Some(t) if t <= limit => {
                        let t = t.max(self.cpu.cycles);
                        self.counters.idle_cycles += t - self.cpu.cycles;
                        self.cpu.cycles = t;
                        continue;
                    }
                    Some(_) => {
                        if limit > self.cpu.cycles {
                            self.counters.idle_cycles += limit - self.cpu.cycles;
                            self.cpu.cycles = limit;
                        }
                        return StopReason::CycleLimit;
                    }
                    None => return StopReason::Idle,
                }
            }
            if self.cpu.cycles >= limit {
                return StopReason::CycleLimit;
            }
            self.stop_at = limit.min(next.unwrap_or(u64::MAX));
            self.run_fast();
        }
    }

    /// Executes exactly one instruction of the running process (or, when idle,
    /// advances to the next event). For tracing and tests.
    pub fn step(&mut self) -> StopReason {
        if !self.cpu.running {
            // Advance to the next event, which may start a process; run nothing yet.
            let t = self.next_event().unwrap_or(0).max(self.cpu.cycles);
            return self.run_until(Cycles(t));
        }
        self.run_until(Cycles(self.cpu.cycles + 1))
    }

    /// Earliest pending timer or link event.
    pub(crate) fn next_event(&self) -> Option<u64> {
        let mut t = self.timers.next_event();
        for p in &self.links {
            if let Some(e) = p.engine.next_event() {
                t = Some(t.map_or(e, |x: u64| x.min(e)));
            }
        }
        t
    }

    /// Handles everything due at the current cycle: timers, link engines, and a
    /// pending preemption; then makes sure a process runs if one can.
    fn service_events(&mut self) -> Result<(), Fault> {
        let now = self.cpu.cycles;
        if self.timers.next_event().is_some_and(|t| t <= now) {
            self.fire_timers()?;
        }
        for i in 0..4 {
            if self.links[i].engine.next_event().is_some_and(|t| t <= now) {
                self.poll_link(i)?;
            }
        }
        if std::mem::take(&mut self.preempt_pending) {
            self.preempt()?;
        }
        if !self.cpu.running {
            self.next_process()?;
        }
        Ok(())
    }

    pub(crate) fn record_fault(&mut self, kind: FaultKind, iptr: u32) {
        self.fault = Some(FaultInfo {
            kind,
            iptr,
            wptr: self.cpu.wptr,
        });
    }
}
