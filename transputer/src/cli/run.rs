//! `transputer run`: boot a program, run it to the end, report, and pick the exit code.

use super::load::{load, CompileOptions};
use super::Exit;
use crate::host::{harness_host, HostHandle, HostIo};
use crate::link::HostLink;
use crate::memory::{DEFAULT_EXT_WAIT, DEFAULT_MEM_BYTES};
use crate::node::{Config, Cycles, Node, StopReason};
use crate::report::Outcome;
use crate::stats::Stats;
use linker::image::Image;
use linker::object::HostIo as HostProtocol;
use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Program: occam source (.occ, compiled and linked first), linked image (.tbo),
    /// raw code (.bin) or assembly (.s).
    pub file: PathBuf,
    /// Directory searched for `#INCLUDE` and `#USE` files (.occ only; repeatable).
    #[arg(short = 'I', long = "include")]
    pub include: Vec<PathBuf>,
    /// Compile in STOP error mode: a failing process stops, others go on (.occ only).
    #[arg(long)]
    pub stop_errors: bool,
    /// Processor clock in MHz.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub clock_mhz: u32,
    /// Stop after this many cycles (exit code 4).
    #[arg(long)]
    pub max_cycles: Option<u64>,
    /// Print one line per instruction to stderr: cycle, Iptr, bytes, mnemonic, A B C.
    #[arg(long)]
    pub trace: bool,
    /// Print statistics to stderr as `key: value` lines.
    #[arg(long)]
    pub stats: bool,
    /// Total memory, on-chip 4K included (bytes; suffix K or M allowed).
    #[arg(long, default_value_t = DEFAULT_MEM_BYTES, value_parser = parse_size)]
    pub mem_size: u32,
    /// Extra cycles per external memory access.
    #[arg(long, default_value_t = DEFAULT_EXT_WAIT)]
    pub ext_wait: u32,
}

fn parse_size(s: &str) -> Result<u32, String> {
    let (num, mult) = match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 1024u64),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    let n: u64 = num.parse().map_err(|_| format!("bad size `{s}`"))?;
    let v = n * mult;
    if (4096..=1 << 31).contains(&v) {
        Ok(v as u32)
    } else {
        Err(format!(
            "memory size must be between 4K and 2048M, got `{s}`"
        ))
    }
}

/// Runs the program named by `args`.
pub fn run(args: &RunArgs) -> Exit {
    let opts = CompileOptions {
        include_dirs: args.include.clone(),
        stop_errors: args.stop_errors,
    };
    let loaded = match load(&args.file, &opts) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("transputer: {}: {e}", args.file.display());
            return Exit::BadInput;
        }
    };
    let code = loaded.code;
    let image = loaded.image;
    if let Some(img) = &image {
        let need = img.mem_bytes as u64 + (img.origin - t800_isa::consts::MOST_NEG) as u64;
        if need > args.mem_size as u64 {
            eprintln!(
                "transputer: {}: the program needs {need} bytes of memory; --mem-size is {}",
                args.file.display(),
                args.mem_size
            );
            return Exit::BadInput;
        }
    }
    let config = Config {
        mem_bytes: args.mem_size,
        ext_wait: args.ext_wait,
        clock_mhz: args.clock_mhz,
    };
    let mut node = Node::new(config);
    let framed = image
        .as_ref()
        .is_some_and(|i| i.host_io == HostProtocol::Framed);
    let host = if framed {
        let (engine, handle) = harness_host(
            args.clock_mhz,
            HostIo {
                screen: Box::new(std::io::stdout()),
                error: Box::new(std::io::stderr()),
                keyboard: Box::new(std::io::stdin()),
                interactive: std::io::stdin().is_terminal(),
            },
        );
        node.attach_link(0, Box::new(engine));
        Some(handle)
    } else {
        node.attach_link(
            0,
            Box::new(HostLink::new(
                args.clock_mhz,
                Box::new(std::io::stdout()),
                Box::new(std::io::stdin()),
            )),
        );
        None
    };
    if let Err(e) = node.boot_raw(&code) {
        eprintln!("transputer: {}: {e}", args.file.display());
        return Exit::BadInput;
    }
    let start = Instant::now();
    let limit = args.max_cycles.unwrap_or(u64::MAX);
    let end = if args.trace {
        run_traced(&mut node, limit, host.as_ref())
    } else {
        run_plain(&mut node, limit, host.as_ref())
    };
    let elapsed = start.elapsed();
    if let Some(h) = &host {
        h.flush();
    }
    let _ = std::io::stdout().flush();
    let exit = if end == End::Finished {
        // The occam harness said the program is done; its keyboard process is
        // still waiting on the link by design.
        Exit::Ok
    } else if end == End::Limit {
        eprintln!(
            "transputer: stopped: --max-cycles {limit} reached at {}",
            node.time_text()
        );
        Exit::MaxCycles
    } else {
        eprint!("{}", node.report_with(&|addr| locate(image.as_ref(), addr)));
        match node.outcome() {
            Outcome::Finished => Exit::Ok,
            Outcome::Halted | Outcome::StoppedOnError => Exit::Error,
            Outcome::Deadlock => Exit::Deadlock,
            Outcome::Fault => Exit::Fault,
            // run_* only return early at the limit.
            Outcome::Running => Exit::MaxCycles,
        }
    };
    if args.stats {
        eprint!("{}", Stats::collect(&node, elapsed).lines());
    }
    exit
}

/// Where a code address is in the source, from the image's tables.
fn locate(image: Option<&Image>, addr: u32) -> Option<String> {
    let img = image?;
    let proc_name = img.symbol_at(addr).map(|s| {
        // Compiled PROCs are named `name#id`; show the source name.
        let name = s.name.split('#').next().unwrap_or(&s.name);
        format!(" in {name}")
    });
    match img.line_at(addr) {
        Some((file, line)) => Some(format!("{file}:{line}{}", proc_name.unwrap_or_default())),
        None => proc_name.map(|p| p.trim_start().to_string()),
    }
}

/// How a run loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// The node stopped by itself (see `Node::outcome`).
    Stopped,
    /// `--max-cycles` was reached.
    Limit,
    /// The occam harness reported that the program finished.
    Finished,
}

/// What to do when the node has gone idle: feed an interactive keyboard if the
/// program waits for it (true: run on), else stop.
fn feed_host(host: Option<&HostHandle>) -> bool {
    match host {
        Some(h) if h.wants_input() => {
            h.flush();
            h.supply();
            true
        }
        _ => false,
    }
}

/// Runs to the end.
fn run_plain(node: &mut Node, limit: u64, host: Option<&HostHandle>) -> End {
    loop {
        let r = node.run_until(Cycles(limit));
        if host.is_some_and(HostHandle::finished) {
            return End::Finished;
        }
        match r {
            StopReason::LinkStarted => continue,
            StopReason::CycleLimit => {
                if node.now().0 >= limit {
                    return End::Limit;
                }
            }
            StopReason::Idle => {
                if !feed_host(host) {
                    return End::Stopped;
                }
            }
            StopReason::Halted | StopReason::Fault => return End::Stopped,
        }
    }
}

fn run_traced(node: &mut Node, limit: u64, host: Option<&HostHandle>) -> End {
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stderr.lock());
    loop {
        if node.now().0 >= limit {
            return End::Limit;
        }
        if host.is_some_and(HostHandle::finished) {
            return End::Finished;
        }
        let (cycle, iptr, running) = (node.now().0, node.cpu().iptr, node.cpu().running);
        let r = node.step();
        if running {
            let bytes = instruction_bytes(node, iptr);
            let c = node.cpu();
            let _ = writeln!(
                out,
                "{cycle:>10} {iptr:08X} {bytes:<18} {:<16} A={:08X} B={:08X} C={:08X}",
                node.instruction_text(iptr),
                c.regs.a,
                c.regs.b,
                c.regs.c
            );
        }
        match r {
            StopReason::Idle => {
                if !feed_host(host) {
                    return End::Stopped;
                }
            }
            StopReason::Halted | StopReason::Fault => return End::Stopped,
            _ => {}
        }
    }
}

fn instruction_bytes(node: &Node, iptr: u32) -> String {
    let mem = node.memory();
    let mut s = String::new();
    for k in 0..16u32 {
        let Ok(b) = mem.read_byte(iptr.wrapping_add(k)) else {
            break;
        };
        s += &format!("{b:02X}");
        if !matches!(b >> 4, 2 | 6) {
            break;
        }
        s.push(' ');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_accept_suffixes_and_reject_nonsense() {
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("2M"), Ok(2 << 20));
        assert_eq!(parse_size("8192"), Ok(8192));
        assert!(parse_size("1K").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("4096M").is_err());
    }
}
