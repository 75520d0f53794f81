//! Separate compilation, step by step through files as a user does it: a library
//! unit compiled on its own (`occamc lib.occ -o lib.tco`), a program compiled
//! against the library's object (`#USE "lib.tco"`, found on `-L`), linked with
//! it (`tlink prog.tco lib.tco`, or the library found by the `#USE`), and the
//! image run. Also what a user sees for a wrong call of a library routine, a
//! parallel misuse of its parameters, and a corrupt library.

use end_to_end::run_loaded;
use linker::{Library, LinkOptions, Object};
use occamc::codegen::{compile_file, Options};
use std::path::{Path, PathBuf};
use transputer::cli::load::{load, CompileOptions};
use transputer::cli::session::End;
use transputer::cli::Exit;

/// A library of routines with every kind of parameter. `sum.squares` runs a PAR
/// with channel traffic inside, so callers running it in parallel only compute
/// the right sums if they lay out its workspace as its descriptor says.
const LIBRARY: &str = "\
PROC scale (VAL INT k, []INT a, INT total, CHAN OF INT out)
  SEQ
    total := 0
    SEQ i = 0 FOR SIZE a
      SEQ
        a[i] := a[i] * k
        total := total + a[i]
        out ! a[i]
:
INT, INT FUNCTION divmod (VAL INT a, VAL INT b) IS a / b, a \\ b :
PROC square (VAL INT i, CHAN OF INT out!)
  out ! i * i
:
PROC sum.squares (VAL INT n, INT result)
  CHAN OF INT c:
  [8]INT seen:
  PAR
    SEQ i = 1 FOR n
      square (i, c)
    SEQ
      result := 0
      SEQ i = 0 FOR n
        SEQ
          c ? seen[i]
          result := result + seen[i]
:
";

/// The program: calls every library routine, one of them from a replicated PAR.
const PROGRAM: &str = "\
#USE \"course.lib\"
#USE \"geom.tco\"
PROC main (CHAN BYTE keyboard?, screen!, error!)
  [5]INT a:
  [3]INT sums:
  INT total, q, r:
  CHAN OF INT c:
  SEQ
    SEQ i = 0 FOR 5
      a[i] := i + 1
    PAR
      scale (3, [a FROM 1 FOR 4], total, c)
      SEQ i = 0 FOR 4
        INT x:
        SEQ
          c ? x
          out.int (x, 0, screen!)
          screen ! ' '
    q, r := divmod (total, 7)
    out.string (\"total \", 0, screen!)
    out.int (total, 0, screen!)
    out.string (\" = 7 x \", 0, screen!)
    out.int (q, 0, screen!)
    out.string (\" + \", 0, screen!)
    out.int (r, 0, screen!)
    out.string (\"; a[0] \", 0, screen!)
    out.int (a[0], 0, screen!)
    screen ! '*n'
    PAR i = 0 FOR 3
      sum.squares (i + 4, sums[i])
    SEQ i = 0 FOR 3
      SEQ
        out.int (sums[i], 0, screen!)
        screen ! ' '
    screen ! '*n'
:
";

/// 2..5 scaled by 3; their total 42 = 7 x 6 + 0; sums of squares up to 4, 5, 6.
const EXPECTED: &str = "6 9 12 15 total 42 = 7 x 6 + 0; a[0] 1\n30 55 91 \n";

/// A fresh directory with `lib/` and `app/` inside.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("t800-separate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::create_dir_all(dir.join("app")).unwrap();
    dir
}

/// `occamc file [-L dir]`: the object, or the rendered diagnostics.
fn compile(path: &Path, lib_dirs: &[PathBuf]) -> Result<Object, String> {
    let front = occamc::Options {
        library_dirs: lib_dirs.to_vec(),
        ..Default::default()
    };
    let unit = path.file_stem().unwrap().to_string_lossy().into_owned();
    let opts = Options {
        unit,
        ..Default::default()
    };
    let (obj, diags, sources) = compile_file(path, &front, &opts);
    let rendered: String = diags.iter().map(|d| d.render(&sources)).collect();
    obj.ok_or(rendered)
}

/// Writes `src` to `path` and compiles it to the `.tco` beside it.
fn compile_to_file(path: &Path, src: &str, lib_dirs: &[PathBuf]) -> PathBuf {
    std::fs::write(path, src).unwrap();
    let obj = compile(path, lib_dirs).unwrap_or_else(|e| panic!("{}:\n{e}", path.display()));
    let out = path.with_extension("tco");
    std::fs::write(&out, obj.to_bytes()).unwrap();
    out
}

/// `transputer run image.tbo`: exit and screen output.
fn run_image(path: &Path) -> (Exit, String) {
    let loaded = load(path, &CompileOptions::default()).unwrap();
    let run = run_loaded(loaded, &[], 50_000_000);
    assert_ne!(run.end, End::Limit, "did not finish");
    assert_eq!(run.exit, Exit::Ok, "{}{}", run.stdout, run.report);
    (run.exit, run.stdout)
}

fn read_object(path: &Path) -> Object {
    Object::from_bytes(&std::fs::read(path).unwrap(), &path.display().to_string()).unwrap()
}

#[test]
fn a_program_calls_a_separately_compiled_library() {
    let dir = workspace("tco");
    let lib_dir = dir.join("lib");
    let lib_tco = compile_to_file(&lib_dir.join("geom.occ"), LIBRARY, &[]);
    let lib = read_object(&lib_tco);
    let headers: Vec<&str> = lib.descriptors.iter().map(|d| d.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "PROC scale (VAL INT k, []INT a, INT total, CHAN OF INT out!)",
            "INT, INT FUNCTION divmod (VAL INT a, VAL INT b)",
            "PROC square (VAL INT i, CHAN OF INT out!)",
            "PROC sum.squares (VAL INT n, INT result)",
        ]
    );
    // The program's directory holds no library source: only the object is found.
    let prog_tco = compile_to_file(
        &dir.join("app/prog.occ"),
        PROGRAM,
        std::slice::from_ref(&lib_dir),
    );
    let prog = read_object(&prog_tco);
    assert_eq!(prog.uses, ["geom.tco"]);

    // tlink prog.tco geom.tco -o prog.tbo
    let image = linker::link(&[prog.clone(), lib], &LinkOptions::default()).unwrap();
    let tbo = dir.join("app/prog.tbo");
    std::fs::write(&tbo, image.to_bytes()).unwrap();
    assert_eq!(run_image(&tbo).1, EXPECTED);

    // tlink prog.tco -L lib: the #USE finds the object.
    let opts = LinkOptions {
        lib_dirs: vec![lib_dir],
        ..Default::default()
    };
    let image = linker::link(&[prog], &opts).unwrap();
    std::fs::write(&tbo, image.to_bytes()).unwrap();
    assert_eq!(run_image(&tbo).1, EXPECTED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_library_file_of_several_units_serves_use_and_link() {
    let dir = workspace("lib");
    let lib_dir = dir.join("lib");
    // Two units packed into one library (`tlink --lib -o geom.lib a.tco b.tco`).
    let (first, second) = LIBRARY.split_at(LIBRARY.find("PROC square").unwrap());
    let a = compile_to_file(&lib_dir.join("geom1.occ"), first, &[]);
    let b = compile_to_file(&lib_dir.join("geom2.occ"), second, &[]);
    let lib = Library {
        members: vec![read_object(&a), read_object(&b)],
    };
    std::fs::write(lib_dir.join("geom.lib"), lib.to_bytes()).unwrap();
    std::fs::remove_file(a).unwrap();
    std::fs::remove_file(b).unwrap();
    let src = PROGRAM.replace("#USE \"geom.tco\"", "#USE \"geom\"");
    let prog_tco = compile_to_file(
        &dir.join("app/prog.occ"),
        &src,
        std::slice::from_ref(&lib_dir),
    );
    let opts = LinkOptions {
        lib_dirs: vec![lib_dir],
        ..Default::default()
    };
    let image = linker::link(&[read_object(&prog_tco)], &opts).unwrap();
    let tbo = dir.join("app/prog.tbo");
    std::fs::write(&tbo, image.to_bytes()).unwrap();
    assert_eq!(run_image(&tbo).1, EXPECTED);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Compiles `src` as `app/NAME` against the library and returns the diagnostics.
fn diagnostics_against_library(name: &str, src: &str) -> String {
    let dir = workspace(name);
    let lib_dir = dir.join("lib");
    compile_to_file(&lib_dir.join("geom.occ"), LIBRARY, &[]);
    let path = dir.join("app").join(name);
    std::fs::write(&path, src).unwrap();
    let out = compile(&path, &[lib_dir]).expect_err("must not compile");
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn a_wrong_call_of_a_library_routine_is_reported_at_the_call() {
    let src = "\
#USE \"geom\"
PROC main ()
  [4]INT a:
  INT t:
  CHAN OF INT c:
  SEQ
    scale (2, a, c)
    t := divmod (1, 2)
:
";
    let out = diagnostics_against_library("wrong.occ", src);
    assert!(
        out.contains("error[E0631]: `scale` takes 4 parameters but 3 were given"),
        "{out}"
    );
    assert!(out.contains("wrong.occ:7:5"), "{out}");
    // The declaration shown is the library's descriptor.
    assert!(out.contains("geom.tco (descriptors):1:6"), "{out}");
    assert!(
        out.contains("wrong.occ:8:"),
        "a two-result FUNCTION in an expression: {out}"
    );
}

#[test]
fn parallel_uses_through_library_routines_are_checked() {
    let src = "\
#USE \"geom\"
PROC main ()
  [4]INT a:
  INT t:
  CHAN OF INT c:
  PAR
    scale (2, a, t, c)
    t := 1
    square (3, c)
:
";
    let out = diagnostics_against_library("par.occ", src);
    assert!(
        out.contains("`t` is assigned in one branch of this PAR and assigned by `scale`"),
        "{out}"
    );
    assert!(
        out.contains("channel `c` is used for output in more than one branch"),
        "{out}"
    );
}

#[test]
fn a_function_cannot_call_a_library_proc() {
    let src = "\
#USE \"geom\"
INT FUNCTION f (VAL INT x)
  INT r:
  VALOF
    sum.squares (x, r)
    RESULT r
:
PROC main ()
  INT y:
  y := f (2)
:
";
    let out = diagnostics_against_library("pure.occ", src);
    assert!(
        out.contains("FUNCTION `f` cannot call `sum.squares`, which is separately compiled"),
        "{out}"
    );
}

#[test]
fn a_corrupt_library_object_is_a_clear_error() {
    let dir = workspace("corrupt");
    let lib_dir = dir.join("lib");
    let good = compile_to_file(&lib_dir.join("geom.occ"), LIBRARY, &[]);
    std::fs::remove_file(lib_dir.join("geom.occ")).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let path = dir.join("app/prog.occ");
    std::fs::write(&path, PROGRAM).unwrap();
    for cut in [0, 10, 60, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&good, &bytes[..cut]).unwrap();
        let out = compile(&path, std::slice::from_ref(&lib_dir)).expect_err("corrupt");
        assert!(
            out.contains("error[E0211]: cannot use the compiled library"),
            "{out}"
        );
        assert!(out.contains("corrupt input"), "{out}");
        assert!(out.contains("prog.occ:2:1"), "{out}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `#PRAGMA EXTERNAL` declares routines compiled elsewhere by header and
/// workspace (no `#USE`), and `#PRAGMA TRANSLATE` calls one under another
/// object symbol; the objects are linked as usual.
#[test]
fn external_and_translate_pragmas_link_to_another_unit() {
    let dir = workspace("external");
    let lib_tco = compile_to_file(&dir.join("lib/geom.occ"), LIBRARY, &[]);
    let lib = read_object(&lib_tco);
    let ws = |sym: &str| {
        let d = lib.descriptors.iter().find(|d| d.symbol == sym).unwrap();
        d.ws_total
    };
    let program = format!(
        "#PRAGMA EXTERNAL \"INT, INT FUNCTION divmod(VAL INT a, VAL INT b) = {}\"
#PRAGMA EXTERNAL \"PROC sumsq (VAL INT n, INT result) = {}\"
#PRAGMA TRANSLATE sumsq \"sum.squares\"
PROC main (CHAN BYTE keyboard?, screen!, error!)
  INT q, r, s:
  SEQ
    q, r := divmod (47, 10)
    sumsq (3, s)
    screen ! BYTE (q + 48)
    screen ! BYTE (r + 48)
    screen ! BYTE (s + 48)
    screen ! '*n'
:
",
        ws("divmod"),
        ws("sum.squares"),
    );
    let prog_tco = compile_to_file(&dir.join("app/prog.occ"), &program, &[]);
    let image = linker::link(&[read_object(&prog_tco), lib], &LinkOptions::default()).unwrap();
    let tbo = dir.join("app/prog.tbo");
    std::fs::write(&tbo, image.to_bytes()).unwrap();
    // 47 = 4 x 10 + 7; 1 + 4 + 9 = 14 ('>' is '0' + 14).
    assert_eq!(run_image(&tbo).1, "47>\n");

    // Malformed pragmas and a TRANSLATE of nothing are reported where they are.
    let path = dir.join("app/bad.occ");
    std::fs::write(
        &path,
        "#PRAGMA EXTERNAL \"PROC p (VAL INT x)\"
#PRAGMA TRANSLATE nothing \"x\"
PROC main (CHAN BYTE keyboard?, screen!, error!)
  #PRAGMA EXTERNAL \"PROC q () = 4\"
  SKIP
:
",
    )
    .unwrap();
    let err = compile(&path, &[]).unwrap_err();
    assert!(
        err.contains("error[E0213]: `#PRAGMA EXTERNAL \"PROC p (VAL INT x)\"` cannot be used"),
        "{err}"
    );
    assert!(err.contains("the header needs `= words`"), "{err}");
    assert!(err.contains("bad.occ:1:1"), "{err}");
    assert!(
        err.contains("warning[W0505]: `#PRAGMA TRANSLATE nothing`"),
        "{err}"
    );
    assert!(
        err.contains("error[E0212]: `#PRAGMA EXTERNAL` can only be used at the outer level"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
