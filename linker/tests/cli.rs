//! The `tlink` command: linking files, map output, dumps and exit codes.

mod common;

use common::{leaf, unit, P};
use linker::{Image, Library};
use std::path::PathBuf;
use std::process::Command;

fn tlink(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tlink"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tlink-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn links_objects_and_libraries_and_writes_a_map() {
    let d = scratch("link");
    let main = unit(
        "prog",
        &[P {
            name: "main",
            ws: 2,
            calls: &[("w", 5)],
            pad: 0,
        }],
    );
    std::fs::write(d.join("prog.tco"), main.to_bytes()).unwrap();
    let lib = Library {
        members: vec![unit("wu", &[leaf("w", 3)]), unit("unused", &[leaf("u", 1)])],
    };
    std::fs::write(d.join("w.lib"), lib.to_bytes()).unwrap();
    let p = |f: &str| d.join(f).display().to_string();
    let (code, out, err) = tlink(&[
        &p("prog.tco"),
        &p("w.lib"),
        "-o",
        &p("prog.tbo"),
        "--map",
        &p("prog.map"),
    ]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let img = Image::from_bytes(&std::fs::read(d.join("prog.tbo")).unwrap(), "prog.tbo").unwrap();
    let map = std::fs::read_to_string(d.join("prog.map")).unwrap();
    let main_sym = img.symbols.iter().find(|s| s.name == "main").unwrap();
    let w_sym = img.symbols.iter().find(|s| s.name == "w").unwrap();
    // main: call w (1 byte) + ret (2 bytes); w: ret.
    assert_eq!((main_sym.end - main_sym.start, main_sym.ws_total), (3, 8));
    assert_eq!(w_sym.end - w_sym.start, 2);
    let lines: Vec<&str> = map.lines().collect();
    assert_eq!(lines[0], "origin      #80000070");
    assert_eq!(lines[2], format!("code        {} bytes", img.code.len()));
    assert_eq!(
        lines[3],
        format!("workspace   52 bytes, top #{:08X}", img.ws_top)
    );
    assert_eq!(lines[6], "error mode  HALT");
    assert_eq!(
        lines[9],
        "#80000070      66        13         0  PROC      local   (boot stub)           (tlink)"
    );
    assert_eq!(
        lines[10],
        format!(
            "#{:08X}       3         8         0  PROC      export  main                  prog",
            main_sym.start
        )
    );
    assert_eq!(
        lines[11],
        format!(
            "#{:08X}       2         3         0  PROC      export  w                     wu",
            w_sym.start
        )
    );
    assert_eq!(lines.len(), 12, "{map}");

    let (code, out, _) = tlink(&["--dump", &p("prog.tbo")]);
    assert_eq!(code, 0);
    assert!(out.contains("main:\n"), "{out}");
    assert!(out.contains(&format!("{:08X}  ", main_sym.start)));
    assert!(out.contains("stopp"));
    let (code, out, _) = tlink(&["--dump", &p("prog.tco")]);
    assert_eq!(code, 0);
    assert!(out.starts_with("unit prog (HALT mode)\n"), "{out}");
    assert!(out.contains("export PROC main = L0 ws 2 vs 0; calls L1 at ws 5 vs 0\n"));
    assert!(out.contains("import PROC w = L1\n"));
    assert!(out.contains("    call L1\n"));
    let (code, out, _) = tlink(&["--dump", &p("w.lib")]);
    assert_eq!(code, 0);
    assert!(out.contains("== member 1\nunit unused"));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn exit_codes_distinguish_link_errors_from_usage() {
    let d = scratch("codes");
    let p = |f: &str| d.join(f).display().to_string();
    let main = unit(
        "prog",
        &[P {
            name: "main",
            ws: 0,
            calls: &[("nope", 4)],
            pad: 0,
        }],
    );
    std::fs::write(d.join("prog.tco"), main.to_bytes()).unwrap();
    let (code, _, err) = tlink(&[&p("prog.tco"), "-o", &p("x.tbo")]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "tlink: unresolved symbol `nope` (used by unit `prog`)\n"
    );
    assert!(!d.join("x.tbo").exists());

    std::fs::write(d.join("junk.tco"), b"junk").unwrap();
    let (code, _, err) = tlink(&[&p("junk.tco")]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "tlink: {}: corrupt input: truncated object header at byte 0 (need 56 bytes, 4 left)\n",
            p("junk.tco")
        )
    );

    let (code, _, err) = tlink(&[&p("absent.tco")]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("tlink: {}: ", p("absent.tco"))),
        "{err}"
    );
    let (code, _, _) = tlink(&["--no-such-flag"]);
    assert_eq!(code, 2);
    let (code, _, err) = tlink(&[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("required arguments were not provided"),
        "{err}"
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn lib_packs_objects_and_libraries_into_one_library() {
    let d = scratch("lib");
    let p = |f: &str| d.join(f).display().to_string();
    std::fs::write(d.join("a.tco"), unit("a", &[leaf("a", 1)]).to_bytes()).unwrap();
    let inner = Library {
        members: vec![unit("b", &[leaf("b", 2)]), unit("c", &[leaf("c", 3)])],
    };
    std::fs::write(d.join("bc.lib"), inner.to_bytes()).unwrap();
    let (code, out, err) = tlink(&["--lib", &p("a.tco"), &p("bc.lib"), "-o", &p("all.lib")]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let all = Library::from_bytes(&std::fs::read(d.join("all.lib")).unwrap(), "all.lib").unwrap();
    let units: Vec<&str> = all.members.iter().map(|m| m.unit.as_str()).collect();
    assert_eq!(units, ["a", "b", "c"]);
    // A corrupt member is refused, not packed.
    std::fs::write(d.join("bad.tco"), b"T8CO").unwrap();
    let (code, _, err) = tlink(&["--lib", &p("bad.tco"), "-o", &p("x.lib")]);
    assert_eq!(code, 1);
    assert!(err.contains("corrupt input"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
}
