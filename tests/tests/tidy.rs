//! Tidy checks on the source tree, run as tests so CI enforces them.
//!
//! - every Rust source file of the product opens with a `//!` module doc that says
//!   what problem it solves (generated code excepted);
//! - no source file grows past 1,500 lines (split it by purpose instead);
//! - only `t800-isa` defines opcode tables: no other crate declares a `for_each_op!`
//!   style table or a `const … : u8 = 0xF…` opcode constant.

use std::fs;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if name == "target" || name.starts_with("target-") || name.starts_with('.') {
                continue;
            }
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn product_files() -> Vec<PathBuf> {
    let root = repo_root();
    let mut files = Vec::new();
    for krate in ["isa", "occamc", "linker", "transputer", "tests"] {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    files.sort();
    files
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let mut missing = Vec::new();
    for f in product_files() {
        let text = fs::read_to_string(&f).unwrap();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let is_main = f.file_name().is_some_and(|n| n == "main.rs");
        let documented = first.starts_with("//!") || (is_main && first.starts_with("//"));
        if !documented {
            missing.push(f.strip_prefix(repo_root()).unwrap().display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "files without a `//!` module doc:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_source_file_is_huge() {
    let mut big = Vec::new();
    for f in product_files() {
        let n = fs::read_to_string(&f).unwrap().lines().count();
        if n > 1500 {
            big.push(format!(
                "{} ({n} lines)",
                f.strip_prefix(repo_root()).unwrap().display()
            ));
        }
    }
    assert!(
        big.is_empty(),
        "files over 1,500 lines; split them by purpose:\n{}",
        big.join("\n")
    );
}

#[test]
fn only_the_isa_crate_defines_instruction_tables() {
    let mut offenders = Vec::new();
    for f in product_files() {
        let rel = f.strip_prefix(repo_root()).unwrap().display().to_string();
        if rel.starts_with("isa/") {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.starts_with("macro_rules! for_each_op")
                || l.starts_with("macro_rules! for_each_direct")
            {
                offenders.push(format!("{rel}:{}: {l}", i + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "instruction tables outside t800-isa:\n{}",
        offenders.join("\n")
    );
}
