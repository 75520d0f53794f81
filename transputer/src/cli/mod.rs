//! The `transputer` command: `run`, `asm`, `disasm`, `bench`.
//!
//! Exit codes (also in `--help` and the README): see [`Exit`].

pub mod asm;
pub mod bench;
pub mod disasm;
pub mod load;
pub mod run;
pub mod session;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Process exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Every process finished.
    Ok = 0,
    /// HaltOnError halted the processor, or a process stopped on `stoperr`.
    Error = 1,
    /// Bad command line (clap's own code).
    Usage = 2,
    /// Deadlock: some process waits forever.
    Deadlock = 3,
    /// `--max-cycles` reached.
    MaxCycles = 4,
    /// Emulator error (memory access out of range, invalid operation).
    Fault = 5,
    /// Bad input file (unreadable, unknown kind, assembly errors, too big), or a
    /// `--boot-link` stream that is truncated or peeks/pokes outside memory.
    BadInput = 6,
}

const EXIT_HELP: &str = "Exit codes of `run`: 0 all processes finished; 1 halted on error \
(HaltOnError) or a process stopped by stoperr; 2 bad command line; 3 deadlock; \
4 --max-cycles reached; 5 emulator error (memory access out of range, invalid \
operation); 6 bad input file (or boot stream).";

/// Cycle-level emulator of the Inmos T800 transputer.
#[derive(Parser, Debug)]
#[command(name = "transputer", version, about, after_help = EXIT_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Boot a program as if from link 0 (or boot from a link-0 byte stream with
    /// `--boot-link`) and run it; link 0 is stdin/stdout.
    #[command(after_help = EXIT_HELP)]
    Run(run::RunArgs),
    /// Assemble a text file to raw code.
    Asm {
        /// Assembly source.
        file: PathBuf,
        /// Output file.
        #[arg(short, long)]
        output: PathBuf,
        /// Write a boot stream for `run --boot-link`: the code length byte, then the
        /// code (2-255 bytes).
        #[arg(long)]
        boot_frame: bool,
    },
    /// Disassemble raw code (loaded at MemStart).
    Disasm {
        /// Raw code file.
        file: PathBuf,
    },
    /// Measure emulation speed on built-in programs.
    Bench(bench::BenchArgs),
}

/// Runs the command line; returns the exit code.
pub fn main_with(cli: Cli) -> Exit {
    match cli.command {
        Command::Run(a) => run::run(&a),
        Command::Asm {
            file,
            output,
            boot_frame,
        } => asm::asm(&file, &output, boot_frame),
        Command::Disasm { file } => disasm::disasm(&file),
        Command::Bench(a) => bench::bench(&a),
    }
}
