//! The `occamc` command line: exit statuses and output forms.

use std::path::Path;
use std::process::Command;

fn occamc(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_occamc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run occamc");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_clean_program_exits_0() {
    let (code, _, err) = occamc(&["check", "tests/data/ok/commstime.occ"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn check_with_errors_exits_1_and_shows_file_line_col_and_caret() {
    let (code, _, err) = occamc(&["check", "tests/data/err/precedence_mix.occ"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E0401]: occam has no operator precedence"),
        "{err}"
    );
    assert!(
        err.contains("tests/data/err/precedence_mix.occ:3:14"),
        "{err}"
    );
    assert!(err.contains("a := b + c * 2"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn include_path_option() {
    let (code, _, err) = occamc(&["check", "tests/data/ok/include.occ"]);
    assert_eq!(code, 1, "consts.inc is not next to include.occ");
    assert!(err.contains("cannot find include file"), "{err}");
    let (code, _, err) = occamc(&["check", "-I", "tests/data/inc", "tests/data/ok/include.occ"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(occamc(&["check", "no/such/file.occ"]).0, 2);
    assert_eq!(occamc(&["--emit", "nonsense", "x.occ"]).0, 2);
    assert_eq!(occamc(&[]).0, 2);
    assert!(!Path::new("no/such/file.occ").exists());
}

#[test]
fn emit_tokens_and_ast() {
    let (code, out, _) = occamc(&["--emit", "tokens", "tests/data/ok/hello.occ"]);
    assert_eq!(code, 0);
    assert!(out.contains("tests/data/ok/hello.occ:2:1 `PROC`"), "{out}");
    assert!(out.contains("an indented block"), "{out}");
    let (code, out, _) = occamc(&["--emit", "ast", "tests/data/ok/hello.occ"]);
    assert_eq!(code, 0);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ok/hello.ast"),
    )
    .expect("golden");
    assert_eq!(out, golden);
}

/// A file whose last PROC takes no parameters is a program (only `main` is
/// exported); `--lib` makes it a library unit exporting every outer-level routine
/// with its descriptor, and no `main`.
#[test]
fn lib_flag_makes_a_library_unit() {
    let dir = std::env::temp_dir().join(format!("occamc-cli-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("tools.occ");
    let text = "INT FUNCTION twice (VAL INT x) IS x + x :\nPROC reset ()\n  SKIP\n:\n";
    std::fs::write(&src, text).unwrap();
    let exports = |args: &[&str]| {
        let out = dir.join("tools.tco");
        let mut all = vec![src.to_str().unwrap(), "-o", out.to_str().unwrap()];
        all.extend_from_slice(args);
        let (code, _, err) = occamc(&all);
        assert_eq!(code, 0, "{err}");
        let obj = linker::Object::from_bytes(&std::fs::read(&out).unwrap(), "tools.tco").unwrap();
        let names: Vec<String> = obj
            .symbols
            .iter()
            .filter(|s| s.binding == linker::Binding::Export)
            .map(|s| s.name.clone())
            .collect();
        let headers: Vec<String> = obj.descriptors.iter().map(|d| d.header.clone()).collect();
        (names, headers)
    };
    assert_eq!(exports(&[]), (vec!["main".to_string()], vec![]));
    let (names, headers) = exports(&["--lib"]);
    assert_eq!(names, ["twice", "reset"]);
    assert_eq!(headers, ["INT FUNCTION twice (VAL INT x)", "PROC reset ()"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A last PROC called `main` was meant to start a program: with other parameters it
/// is an error, not a library unit (which would hand the linker a `main` to call).
#[test]
fn a_main_with_parameters_is_still_an_error() {
    let dir = std::env::temp_dir().join(format!("occamc-cli-main-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("m.occ");
    std::fs::write(
        &src,
        "PROC helper ()\n  SKIP\n:\nPROC main (VAL INT x)\n  helper ()\n:\n",
    )
    .unwrap();
    let out = dir.join("m.tco");
    let (code, _, err) = occamc(&[src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[E1004]: the entry PROC `main` must take"),
        "{err}"
    );
    assert!(err.contains("m.occ:4:6"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_usage_and_no_alias_switches_turn_off_one_rule_family_each() {
    let usage = "tests/data/err/usage_call_free_variable.occ";
    let alias = "tests/data/err/alias_actuals.occ";
    // Each file has one error of its family, and checks clean without it.
    assert_eq!(occamc(&["check", usage]).0, 1);
    assert_eq!(occamc(&["check", alias]).0, 1);
    for flag in ["-n", "--no-usage-check"] {
        let (code, _, err) = occamc(&["check", flag, usage]);
        assert_eq!(code, 0, "{flag}: {err}");
        let (code, _, err) = occamc(&["check", flag, alias]);
        assert_eq!(code, 1, "{flag} keeps alias checking");
        assert!(err.contains("E0912"), "{err}");
    }
    for flag in ["-a", "--no-alias-check"] {
        let (code, _, err) = occamc(&["check", flag, alias]);
        assert_eq!(code, 0, "{flag}: {err}");
        let (code, _, err) = occamc(&["check", flag, usage]);
        assert_eq!(code, 1, "{flag} keeps usage checking");
        assert!(err.contains("E0901"), "{err}");
    }
    // Compiling honours them too.
    let out = std::env::temp_dir().join(format!("occamc-cli-{}.tco", std::process::id()));
    let out_s = out.to_str().expect("utf-8 temp path");
    assert_eq!(occamc(&[usage, "-o", out_s]).0, 1);
    let (code, _, err) = occamc(&["-n", usage, "-o", out_s]);
    assert_eq!(code, 0, "{err}");
    assert!(out.exists());
    let _ = std::fs::remove_file(&out);
}
