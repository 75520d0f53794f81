//! The `occamc` command line.
//!
//! * `occamc FILE.occ [-o FILE.tco] [--stop-errors] [--lib] [-I DIR]... [-L DIR]... [-a] [-n]`
//!   — compile to a T800 object (default output: FILE.tco beside the source; HALT
//!   error mode unless `--stop-errors`). A file whose last PROC cannot start a
//!   program (or any file with `--lib`) becomes a library unit exporting its
//!   outer-level PROCs and FUNCTIONs with descriptors, for `#USE` by other units.
//! * `occamc check FILE.occ [-I DIR]... [-a] [-n]` — parse and check a program
//!   (every semantic pass, no code generation); exit 0 when clean, 1 on errors.
//!   `-a`/`--no-alias-check` and `-n`/`--no-usage-check` turn off alias and
//!   usage checking (occ21's switches of the same letters).
//! * `occamc --emit tokens|ast FILE.occ [-I DIR]...` — print the layout
//!   token stream or the AST (debugging aid).
//!
//! Usage and I/O errors exit with 2.

use clap::{Args, Parser, Subcommand, ValueEnum};
use occamc::diag::{Diagnostic, SourceMap};
use occamc::syntax::{self, dump, Options};
use std::path::PathBuf;
use std::process::ExitCode;

// The compiler allocates many small tree nodes; mimalloc does that several
// times faster than the system allocator (see the front-end benchmark).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "occamc", version, about = "occam 2.1 compiler for the T800")]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print an intermediate form of FILE instead of compiling it.
    #[arg(long, value_enum)]
    emit: Option<Emit>,
    /// The occam source file.
    file: Option<PathBuf>,
    #[command(flatten)]
    front: FrontArgs,
    /// Compile a library unit (export every outer-level PROC and FUNCTION, no
    /// program entry) even if the last PROC could start a program.
    #[arg(long)]
    lib: bool,
    /// Object file to write (default: the source name with `.tco`).
    #[arg(short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// STOP error mode: a failing process stops instead of halting the processor.
    #[arg(long)]
    stop_errors: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check a program and report diagnostics without generating code.
    Check {
        file: PathBuf,
        #[command(flatten)]
        front: FrontArgs,
    },
}

/// Front-end switches, shared by compiling and `check`.
#[derive(Args)]
struct FrontArgs {
    /// Add DIR to the `#INCLUDE` search path.
    #[arg(short = 'I', value_name = "DIR")]
    include: Vec<PathBuf>,
    /// Add DIR to the search path for compiled `#USE` libraries (.lib, .tco).
    #[arg(short = 'L', value_name = "DIR")]
    lib_dirs: Vec<PathBuf>,
    /// No usage checking: PAR rules and channel directions (occ21's -n).
    #[arg(short = 'n', long)]
    no_usage_check: bool,
    /// No alias checking: abbreviations, parameters, multiple assignment and
    /// counted input (occ21's -a).
    #[arg(short = 'a', long)]
    no_alias_check: bool,
}

impl FrontArgs {
    fn options(self) -> Options {
        Options {
            include_dirs: self.include,
            library_dirs: self.lib_dirs,
            no_usage_checks: self.no_usage_check,
            no_alias_checks: self.no_alias_check,
            ..Options::default()
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Emit {
    /// Tokens after the layout pass, one per line.
    Tokens,
    /// The parsed syntax tree.
    Ast,
}

/// How a run ended, as an exit status.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outcome {
    Clean = 0,
    Errors = 1,
    Usage = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(cli) as u8)
}

fn run(cli: Cli) -> Outcome {
    let front = cli.front.options();
    match (cli.command, cli.emit, cli.file) {
        (Some(Command::Check { file, front }), _, _) => check(file, front.options()),
        (None, Some(emit), Some(file)) => emit_form(emit, file, front),
        (None, Some(_), None) => usage("--emit needs a FILE"),
        (None, None, Some(file)) => compile(file, front, cli.output, cli.stop_errors, cli.lib),
        (None, None, None) => usage("no input file; try `occamc --help`"),
    }
}

fn usage(msg: &str) -> Outcome {
    eprintln!("error: {msg}");
    Outcome::Usage
}

/// Prints diagnostics and returns the outcome they imply.
fn report(diags: &[Diagnostic], sources: &SourceMap) -> Outcome {
    for d in diags {
        d.emit_stderr(sources);
    }
    if diags.iter().any(|d| d.code == syntax::READ_ERROR) {
        return Outcome::Usage;
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!(
            "error: aborting due to {errors} previous error{}",
            if errors == 1 { "" } else { "s" }
        );
        Outcome::Errors
    } else {
        Outcome::Clean
    }
}

fn check(file: PathBuf, options: Options) -> Outcome {
    let checked = occamc::check_file_in_full(&file, &options);
    let outcome = report(&checked.diags, &checked.sources);
    // The process ends now: freeing the tree and the checked program node by
    // node would cost about a tenth of the run, for nothing.
    std::mem::forget(checked.tree);
    std::mem::forget(checked.ir);
    outcome
}

fn emit_form(emit: Emit, file: PathBuf, options: Options) -> Outcome {
    match emit {
        Emit::Tokens => {
            let (tokens, diags, sources) = syntax::tokens_file(&file, &options);
            for (l, tok, _) in &tokens {
                let span = occamc::diag::Span::new(l.file(), l.pos(), l.pos());
                let (line, col) = sources.line_col(span);
                println!("{}:{line}:{col} {}", sources.name(l.file()), tok.describe());
            }
            report(&diags, &sources)
        }
        Emit::Ast => {
            let (program, diags, sources) = occamc::parse_file(&file, &options);
            if let Some(p) = &program {
                print!("{}", dump::dump_program(p, &sources));
            }
            report(&diags, &sources)
        }
    }
}

fn compile(
    file: PathBuf,
    front: Options,
    output: Option<PathBuf>,
    stop: bool,
    library: bool,
) -> Outcome {
    let unit = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("main")
        .to_string();
    let opts = occamc::codegen::Options {
        unit,
        error_mode: if stop {
            linker::object::ErrorMode::Stop
        } else {
            linker::object::ErrorMode::Halt
        },
        library,
    };
    let (obj, diags, sources) = occamc::codegen::compile_file(&file, &front, &opts);
    let outcome = report(&diags, &sources);
    let Some(obj) = obj else {
        return if outcome == Outcome::Clean {
            Outcome::Errors
        } else {
            outcome
        };
    };
    let out = output.unwrap_or_else(|| file.with_extension("tco"));
    match std::fs::write(&out, obj.to_bytes()) {
        Ok(()) => outcome,
        Err(e) => usage(&format!("cannot write {}: {e}", out.display())),
    }
}
