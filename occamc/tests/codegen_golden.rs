//! Golden disassembly of small PROCs: each `tests/data/codegen/NAME.occ` is compiled
//! and linked, and the code of its own routines (not the boot stub or the `main`
//! wrapper) is disassembled and compared with `NAME.lst`. Re-record with `BLESS=1`.

mod codegen_common;

use linker::LinkOptions;
use std::path::Path;

fn routine_listing(src: &str) -> String {
    let obj = codegen_common::compile(src).unwrap_or_else(|e| panic!("does not compile:\n{e}"));
    let image = linker::link(&[obj], &LinkOptions::default()).expect("links");
    let mut out = String::new();
    for s in &image.symbols {
        if s.name == "main" || s.name.starts_with('(') {
            continue;
        }
        out += &format!("{} (workspace {} words)\n", s.name, s.ws_total);
        let a = (s.start - image.origin) as usize;
        let b = (s.end - image.origin) as usize;
        out += &t800_isa::disasm::listing(&image.code[a..b], s.start);
        out += "\n";
    }
    out
}

#[test]
fn golden_listings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/codegen");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("data dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "occ"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 4, "golden programs present");
    let mut failures = Vec::new();
    for p in entries {
        let src = std::fs::read_to_string(&p).expect("read");
        let got = routine_listing(&src);
        let lst = p.with_extension("lst");
        if bless {
            std::fs::write(&lst, &got).expect("write");
            continue;
        }
        let want = std::fs::read_to_string(&lst).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}:\n--- expected\n{want}\n--- got\n{got}",
                p.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
