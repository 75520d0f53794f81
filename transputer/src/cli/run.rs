//! `transputer run`: boot a program, run it to the end, report, and pick the exit code.

use super::load::{load, CompileOptions, Loaded};
use super::session::{End, Session, Streams};
use super::Exit;
use crate::memory::{DEFAULT_EXT_WAIT, DEFAULT_MEM_BYTES};
use crate::node::{Config, Node};
use crate::stats::Stats;
use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Program: occam source (.occ, compiled and linked first), linked image (.tbo),
    /// raw code (.bin) or assembly (.s).
    #[arg(required_unless_present = "boot_link", conflicts_with = "boot_link")]
    pub file: Option<PathBuf>,
    /// Boot from link 0 instead: the file's bytes (peek/poke frames, then a length
    /// byte 2-255 and the boot code) are fed to link 0, followed by stdin; link 0
    /// output goes to stdout.
    #[arg(long, value_name = "STREAM")]
    pub boot_link: Option<PathBuf>,
    /// Directory searched for `#INCLUDE` and `#USE` files (.occ only; repeatable).
    #[arg(short = 'I', long = "include")]
    pub include: Vec<PathBuf>,
    /// Directory searched for compiled `#USE` libraries (.lib, .tco; repeatable).
    #[arg(short = 'L')]
    pub lib_dirs: Vec<PathBuf>,
    /// Compile in STOP error mode: a failing process stops, others go on (.occ only).
    #[arg(long)]
    pub stop_errors: bool,
    /// Compile without usage checking (occ21's -n; .occ only).
    #[arg(short = 'n', long)]
    pub no_usage_check: bool,
    /// Compile without alias checking (occ21's -a; .occ only).
    #[arg(short = 'a', long)]
    pub no_alias_check: bool,
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
    let (path, input) = match (&args.file, &args.boot_link) {
        (_, Some(stream)) => (
            stream,
            std::fs::read(stream)
                .map(Input::Stream)
                .map_err(|e| e.to_string()),
        ),
        (Some(file), None) => {
            let opts = CompileOptions {
                include_dirs: args.include.clone(),
                lib_dirs: args.lib_dirs.clone(),
                stop_errors: args.stop_errors,
                no_usage_checks: args.no_usage_check,
                no_alias_checks: args.no_alias_check,
            };
            let loaded = load(file, &opts).map_err(|e| e.to_string());
            (file, loaded.map(Input::Program))
        }
        (None, None) => {
            eprintln!("transputer: run needs a program file or --boot-link STREAM");
            return Exit::Usage;
        }
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("transputer: {}: {e}", path.display());
            return Exit::BadInput;
        }
    };
    let config = Config {
        mem_bytes: args.mem_size,
        ext_wait: args.ext_wait,
        clock_mhz: args.clock_mhz,
    };
    let streams = Streams {
        stdout: Box::new(std::io::stdout()),
        stderr: Box::new(std::io::stderr()),
        stdin: Box::new(std::io::stdin()),
        interactive: std::io::stdin().is_terminal(),
    };
    let session = match input {
        Input::Program(loaded) => Session::new(config, loaded, streams),
        Input::Stream(bytes) => Session::boot_from_link(config, bytes, streams),
    };
    let mut session = match session {
        Ok(s) => s,
        Err(e) => {
            eprintln!("transputer: {}: {e}", path.display());
            return Exit::BadInput;
        }
    };
    let start = Instant::now();
    let limit = args.max_cycles.unwrap_or(u64::MAX);
    let end = if args.trace {
        run_traced(&mut session, limit)
    } else {
        session.run(limit)
    };
    let elapsed = start.elapsed();
    session.flush();
    let _ = std::io::stdout().flush();
    let (exit, report) = session.conclude(end);
    if end == End::Limit {
        eprintln!(
            "transputer: stopped: --max-cycles {limit} reached at {}",
            session.node.time_text()
        );
    } else {
        eprint!("{report}");
    }
    if args.stats {
        eprint!("{}", Stats::collect(&session.node, elapsed).lines());
    }
    exit
}

/// What `run` boots: a loaded program, or a byte stream for link 0.
enum Input {
    Program(Loaded),
    Stream(Vec<u8>),
}

fn run_traced(session: &mut Session, limit: u64) -> End {
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stderr.lock());
    loop {
        let node = &session.node;
        let (cycle, iptr, running) = (node.now().0, node.cpu().iptr, node.cpu().running);
        let end = session.step(limit);
        if running {
            let node = &session.node;
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
        if let Some(end) = end {
            return end;
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
