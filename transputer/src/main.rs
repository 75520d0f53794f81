//! The `transputer` command-line entry point (see `transputer::cli`).

use clap::Parser;

// The compiler allocates many small tree nodes; mimalloc does that several
// times faster than the system allocator (see the front-end benchmark).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = transputer::cli::Cli::parse();
    std::process::ExitCode::from(transputer::cli::main_with(cli) as u8)
}
