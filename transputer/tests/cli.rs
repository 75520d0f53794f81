//! The `transputer` command: hello world through link 0, exit codes, reports, stats,
//! asm/disasm.

use std::io::Write;
use std::process::{Command, Stdio};

fn transputer() -> Command {
    Command::new(env!("CARGO_BIN_EXE_transputer"))
}

fn repo(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn asm_dir(name: &str) -> String {
    format!("{}/tests/asm/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hello_world_prints_through_link_0() {
    let out = transputer()
        .args(["run", &repo("examples/asm/hello.s")])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello, world!\n");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stats_are_key_value_lines_on_stderr() {
    let out = transputer()
        .args(["run", "--stats", &repo("examples/asm/hello.s")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    for key in ["instructions", "cycles", "simulated-us", "host-ms", "mips"] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("no {key} in {err}"));
        let value = line.split(": ").nth(1).unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello, world!\n");
}

#[test]
fn deadlock_exits_3_with_a_report() {
    let out = transputer()
        .args(["run", &asm_dir("deadlock.s")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deadlock at") && err.contains("input on channel #"),
        "{err}"
    );
}

#[test]
fn max_cycles_exits_4() {
    let dir = std::env::temp_dir().join(format!("tp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("spin.s");
    std::fs::write(&src, "l: j l\n").unwrap();
    let out = transputer()
        .args(["run", "--max-cycles", "1000", src.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-cycles 1000"));
}

#[test]
fn halt_fault_and_bad_input_exit_codes() {
    let dir = std::env::temp_dir().join(format!("tp-cli2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "halt.s",
            "ajw 8\nsethalterr\nseterr\nstopp\n",
            1,
            "halted on error",
        ),
        ("fault.s", "ldc 0\nldnl 0\n", 5, "out of range"),
        ("bad.s", "frobnicate\n", 6, "unknown instruction"),
    ];
    for (name, text, code, msg) in cases {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        let out = transputer()
            .args(["run", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(msg), "{name}: {err}");
    }
    let out = transputer()
        .args(["run", "/nonexistent.bin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let out = transputer().args(["run", "x.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6));
}

#[test]
fn asm_then_run_bin_then_disasm() {
    let dir = std::env::temp_dir().join(format!("tp-cli3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("hello.bin");
    let st = transputer()
        .args([
            "asm",
            &repo("examples/asm/hello.s"),
            "-o",
            bin.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(st.success());
    let out = transputer()
        .args(["run", bin.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Hello, world!\n");
    let out = transputer()
        .args(["disasm", bin.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("80000070  B8"), "{text}");
    assert!(text.contains("outbyte") && text.contains("stopp"), "{text}");
}

#[test]
fn trace_prints_one_line_per_instruction() {
    let out = transputer()
        .args(["run", "--trace", &repo("examples/asm/hello.s")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let first = err.lines().next().unwrap();
    assert!(
        first.contains("80000070") && first.contains("ajw 8"),
        "{first}"
    );
    assert!(first.contains("A=") && first.contains("B=") && first.contains("C="));
    assert!(err.lines().filter(|l| l.contains("outbyte")).count() == 14);
}

/// Echoes three bytes read from link 0 back out, upper-cased by subtracting 32.
const ECHO_UPPER: &str = "
        ajw 8
        ldc 3
        stl 1
l:      ldlp 2
        mint
        ldnlp 4        ; link 0 input channel word
        ldc 1
        in
        ldl 2
        adc -32
        mint
        outbyte
        ldl 1
        adc -1
        stl 1
        ldl 1
        cj d
        j l
d:      stopp
    ";

#[test]
fn link_0_input_comes_from_stdin() {
    let src = ECHO_UPPER;
    let dir = std::env::temp_dir().join(format!("tp-cli4-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("echo.s");
    std::fs::write(&p, src).unwrap();
    let mut child = transputer()
        .args(["run", p.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"abc").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ABC");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn boot_link_runs_a_stream_of_peeks_and_boot_code() {
    let dir = std::env::temp_dir().join(format!("tp-cli5-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let frame = dir.join("hello.btl");
    let st = transputer()
        .args([
            "asm",
            "--boot-frame",
            &repo("examples/asm/hello.s"),
            "-o",
            frame.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(st.success());
    // A peek of link 1's output word (NotProcess.p after reset), then the boot frame.
    let mut stream = vec![1, 0x04, 0, 0, 0x80];
    stream.extend(std::fs::read(&frame).unwrap());
    let p = dir.join("peek-hello.btl");
    std::fs::write(&p, &stream).unwrap();
    let out = transputer()
        .args(["run", "--boot-link", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"\x00\x00\x00\x80Hello, world!\n");
    assert_eq!(out.status.code(), Some(0));

    // Truncated: the boot frame promises more code than the file holds.
    let t = dir.join("short.btl");
    std::fs::write(&t, &stream[..stream.len() - 3]).unwrap();
    let out = transputer()
        .args(["run", "--boot-link", t.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("boot stream truncated: the frame at byte 5 needs"),
        "{err}"
    );

    // A poke outside memory.
    let b = dir.join("bad-poke.btl");
    std::fs::write(&b, [0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0x21, 0xF5]).unwrap();
    let out = transputer()
        .args(["run", "--boot-link", b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("names address #00000000, outside memory"),
        "{err}"
    );

    // A program file and a boot stream at once is a usage error.
    let out = transputer()
        .args(["run", "x.s", "--boot-link", b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// After the boot code, link 0 carries the rest of the stream file, then stdin.
#[test]
fn boot_link_input_continues_with_stdin() {
    let src = ECHO_UPPER;
    let dir = std::env::temp_dir().join(format!("tp-cli6-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let s = dir.join("echo.s");
    std::fs::write(&s, src).unwrap();
    let frame = dir.join("echo.btl");
    let st = transputer()
        .args(["asm", "--boot-frame", s.to_str().unwrap(), "-o"])
        .arg(&frame)
        .status()
        .unwrap();
    assert!(st.success());
    let mut stream = std::fs::read(&frame).unwrap();
    stream.push(b'a');
    std::fs::write(&frame, &stream).unwrap();
    let mut child = transputer()
        .args(["run", "--boot-link", frame.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"bc").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ABC");
    assert_eq!(out.status.code(), Some(0));
}
