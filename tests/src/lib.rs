//! End-to-end test crate (tests live in tests/). This library holds what the
//! tests share: one captured run of a loaded program, as `transputer run` would
//! make it.

use transputer::cli::load::Loaded;
use transputer::cli::session::{End, Session, Streams};
use transputer::cli::Exit;
use transputer::link::Capture;
use transputer::Config;

/// What a run left: how it ended, its exit code, the screen (stdout) and error
/// (stderr) output, the run report, and the simulated cycles.
pub struct Run {
    pub end: End,
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
    pub report: String,
    pub cycles: u64,
}

/// Runs `loaded` with `stdin` as its keyboard for at most `cycle_limit` cycles,
/// with the default configuration, capturing everything it writes.
pub fn run_loaded(loaded: Loaded, stdin: &[u8], cycle_limit: u64) -> Run {
    let (out, err) = (Capture::default(), Capture::default());
    let streams = Streams {
        stdout: Box::new(out.clone()),
        stderr: Box::new(err.clone()),
        stdin: Box::new(std::io::Cursor::new(stdin.to_vec())),
        interactive: false,
    };
    let mut session = Session::new(Config::default(), loaded, streams).expect("a session");
    let end = session.run(cycle_limit);
    let (exit, report) = session.conclude(end);
    Run {
        end,
        exit,
        stdout: String::from_utf8_lossy(&out.contents()).into_owned(),
        stderr: String::from_utf8_lossy(&err.contents()).into_owned(),
        report,
        cycles: session.node.now().0,
    }
}
