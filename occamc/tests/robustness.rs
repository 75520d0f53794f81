//! The front end never panics and never overflows the stack, whatever the
//! input, and scales linearly.
//!
//! The deep-nesting tests run on the test harness's normal thread (2 MiB
//! stack): the layout pass is iterative and the nesting limits of
//! `occamc::syntax::limits` keep every tree shallow, so no big stack is
//! needed anywhere.

#[path = "support/gen.rs"]
mod gen;

use occamc::{parse_source, sema, Options};
use proptest::prelude::*;

fn codes(src: &str) -> Vec<&'static str> {
    let (_, diags, _) = parse_source("t.occ", src, &Options::default());
    diags.iter().map(|d| d.code).collect()
}

/// Parses and renders every diagnostic (rendering slices the source by the
/// spans, so it checks them too).
fn parse_and_render(text: &str) {
    let (_, diags, sources) = parse_source("t.occ", text, &Options::default());
    for d in &diags {
        let _ = d.render(&sources);
    }
}

/// Pieces of occam from which random "programs" are glued together.
const PIECES: &[&str] = &[
    "SEQ",
    "PAR",
    "ALT",
    "PRI",
    "IF",
    "CASE",
    "WHILE",
    "SKIP",
    "STOP",
    "PROC",
    "FUNCTION",
    "VALOF",
    "RESULT",
    "INT",
    "BYTE",
    "BOOL",
    "REAL32",
    "CHAN",
    "OF",
    "TIMER",
    "PORT",
    "VAL",
    "IS",
    "RETYPES",
    "RESHAPES",
    "DATA",
    "TYPE",
    "RECORD",
    "PACKED",
    "PROTOCOL",
    "PLACE",
    "AT",
    "IN",
    "WORKSPACE",
    "PLACED",
    "PROCESSOR",
    "FROM",
    "FOR",
    "AFTER",
    "AND",
    "OR",
    "NOT",
    "SIZE",
    "MOSTPOS",
    "BYTESIN",
    "OFFSETOF",
    "ROUND",
    "TRUNC",
    "INLINE",
    "ANY",
    "ELSE",
    "TRUE",
    "x",
    "y.z",
    "c",
    "1",
    "#FF",
    "2.5",
    "'a'",
    "\"s\"",
    "+",
    "-",
    "*",
    "/",
    "\\",
    "/\\",
    "\\/",
    "><",
    "~",
    "<<",
    ">>",
    "=",
    "<>",
    "<",
    ">",
    "<=",
    ">=",
    ":=",
    "?",
    "!",
    "&",
    "::",
    "[",
    "]",
    "(",
    ")",
    ",",
    ";",
    ":",
    "\n",
    "\n  ",
    "\n    ",
    "\n      ",
    "#INCLUDE",
    "#IF",
    "#ENDIF",
    "#ELSE",
    "ASM",
    "GUY",
    "#PRAGMA",
    "#USE",
    "#DEFINE",
    "--c\n",
    "\"a*\n  *b\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        parse_and_render(&text);
    }

    #[test]
    fn random_token_sequences_never_panic(
        picks in proptest::collection::vec(0..PIECES.len(), 0..200)
    ) {
        let text: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
        parse_and_render(&text.join(" "));
    }
}

#[test]
fn ten_thousand_nested_seqs_give_a_diagnostic() {
    let mut src = String::new();
    for depth in 0..10_000 {
        src.push_str(&" ".repeat(2 * depth));
        src.push_str("SEQ\n");
    }
    src.push_str(&" ".repeat(20_000));
    src.push_str("SKIP\n");
    assert_eq!(codes(&src), ["E0304"]);
}

#[test]
fn deep_brackets_long_chains_and_subscripts_give_diagnostics() {
    let deep = format!("x := {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    assert!(codes(&deep).contains(&"E0305"));
    let chain = format!("x := {}1\n", "1 + ".repeat(10_000));
    assert_eq!(codes(&chain), ["E0403"]);
    let subs = format!("x := a{}\n", "[0]".repeat(10_000));
    assert_eq!(codes(&subs), ["E0403"]);
    let dims = format!("{}INT a :\nSKIP\n", "[1]".repeat(10_000));
    assert_eq!(codes(&dims), ["E0403"]);
}

#[test]
fn tokens_no_rule_uses_are_reported_and_parsing_goes_on() {
    let src = "PROC p ()\n  SEQ\n    ASM\n    SKIP #USE\n    SKIP\n:\n";
    let (program, diags, _) = parse_source("t.occ", src, &Options::default());
    assert!(program.is_some());
    assert!(diags.len() >= 2, "{diags:?}");
    assert!(diags.iter().all(|d| d.code.starts_with("E04")), "{diags:?}");
}

/// A 100,000-line program goes through the whole front end: parse, then
/// every semantic pass (the generated program is clean, so none of them
/// stops early). Linear scaling is measured by the `scaling` benchmark; this
/// test sees that the result is right at that size and finishes.
#[test]
fn hundred_thousand_line_program_checks() {
    let src = gen::program(100_000);
    let lines = src.lines().count();
    assert!(lines >= 100_000, "{lines}");
    let (program, diags, sources) = parse_source("big.occ", &src, &Options::default());
    assert!(diags.is_empty(), "{:?}", diags.first());
    let program = program.expect("tree");
    let units = lines / gen::UNIT_LINES;
    // Each unit is a FUNCTION and a PROC.
    assert_eq!(program.specs.len(), 2 * units);
    let (ir, diags) = sema::check(&program, &sources);
    assert!(diags.is_empty(), "{:?}", diags.first());
    let ir = ir.expect("checked program");
    assert_eq!(ir.procs.len(), 2 * units);
    // The entry is the last PROC, which calls down the whole chain.
    let entry = ir.entry.expect("entry PROC");
    assert_eq!(
        ir.procs[entry.index()].name,
        format!("worker.{}", units - 1)
    );
}

/// A PAR of `n` branch pairs, each pair talking over its own channel
/// element and the receiver storing into its own array element; `clash`
/// adds a branch that also writes element 0.
fn wide_par(n: usize, clash: bool) -> String {
    let mut s = format!("PROC wide ()\n  [{n}]CHAN OF INT c :\n  [{n}]INT x :\n  PAR\n");
    for i in 0..n {
        s.push_str(&format!("    c[{i}] ! {i}\n    c[{i}] ? x[{i}]\n"));
    }
    if clash {
        s.push_str("    x[0] := 1\n");
    }
    s.push_str(":\n");
    s
}

/// Thousands of PAR branches using distinct constant elements are checked
/// without comparing every pair, and a clash among them is still found.
#[test]
fn wide_par_of_distinct_elements_checks() {
    let check = |src: &str| {
        let (program, diags, sources) = parse_source("wide.occ", src, &Options::default());
        assert!(diags.is_empty(), "{:?}", diags.first());
        sema::check(&program.expect("tree"), &sources).1
    };
    let diags = check(&wide_par(10_000, false));
    assert!(diags.is_empty(), "{:?}", diags.first());
    let diags = check(&wide_par(10_000, true));
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert!(
        errors[0].message.contains("`x[0]`"),
        "{}",
        errors[0].message
    );
}

/// Thousands of undeclared names in a large scope are all reported; the
/// "did you mean" help, which compares each with every visible name, stops
/// once its budget is spent instead of taking quadratic time.
#[test]
fn many_undeclared_names_in_a_large_scope_are_all_reported() {
    let n = 3000;
    let mut src = String::new();
    for i in 0..n {
        src.push_str(&format!("VAL INT k{i} IS {i} :\n"));
    }
    src.push_str("PROC main ()\n  INT x :\n  SEQ\n");
    for i in 0..n {
        src.push_str(&format!("    x := q{i}\n"));
    }
    src.push_str(":\n");
    let (program, diags, sources) = parse_source("names.occ", &src, &Options::default());
    assert!(diags.is_empty(), "{:?}", diags.first());
    let diags = sema::check(&program.expect("tree"), &sources).1;
    let undeclared: Vec<_> = diags.iter().filter(|d| d.code == "E0501").collect();
    assert_eq!(undeclared.len(), n);
    let helped = undeclared.iter().filter(|d| d.help.is_some()).count();
    assert!(helped > 0 && helped < n, "{helped} of {n} have help");
}
