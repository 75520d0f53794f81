//! Generates the occam parser from `src/syntax/grammar.lalrpop` into
//! `OUT_DIR` (included by `src/syntax/parser.rs`).

fn main() {
    println!("cargo:rerun-if-changed=src/syntax/grammar.lalrpop");
    lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .emit_rerun_directives(true)
        .process()
        .expect("the occam grammar must compile");
}
