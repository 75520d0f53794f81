//! End-to-end tests of code generation: occam source compiled, linked and run on the
//! emulator; each checks the exact screen output (or the error outcome).

mod codegen_common;
use codegen_common::*;

#[test]
fn hello_bytes() {
    expect_output(
        "PROC hello (CHAN BYTE keyboard?, screen!, error!)\n  SEQ\n    screen ! 'H'\n    screen ! 'i'\n:\n",
        "Hi",
    );
}

#[test]
#[ignore]
fn debug_listing() {
    let src = std::fs::read_to_string("/tmp/dbg.occ").unwrap();
    println!("{}", listing(&src));
    println!("{:?}", run(&src));
}

#[test]
fn plain_entry_finishes() {
    let r = run("PROC p ()\n  INT x:\n  x := 1\n:\n");
    assert_eq!(r.outcome, transputer::report::Outcome::Finished, "{r:?}");
}

#[test]
fn silent_io_entry_finishes() {
    let r = run("PROC p (CHAN BYTE k?, s!, e!)\n  SKIP\n:\n");
    assert!(r.finished, "{r:?}");
}
