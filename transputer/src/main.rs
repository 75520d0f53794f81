//! The `transputer` command-line entry point (see `transputer::cli`).

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = transputer::cli::Cli::parse();
    std::process::ExitCode::from(transputer::cli::main_with(cli) as u8)
}
