//! Compiled libraries for `#USE`: finding a `.lib`/`.tco`, reading the
//! descriptors of its exported routines, and turning them into occam text.
//!
//! A descriptor (`linker::Descriptor`, docs/object-format.md) holds a routine's
//! canonical occam header. The preprocessor brings the library in as a source
//! file of its own holding one declaration per routine, parsed and checked with
//! the rest of the program:
//!
//! ```text
//! PROC fill (VAL INT n, []INT a, CHAN OF INT out!)
//!   SKIP
//! :
//! INT, INT FUNCTION divmod (VAL INT a, VAL INT b)
//!   INT r.1:
//!   INT r.2:
//!   VALOF
//!     STOP
//!     RESULT r.1, r.2
//! :
//! ```
//!
//! `#PRAGMA EXTERNAL` declares one routine the same way, from a header and
//! workspace size the programmer writes ([`external`]).
//!
//! The bodies only make the text well formed: semantic analysis marks the
//! routines of that file as imported (`ir::Program::imports`), drops the bodies,
//! and code generation calls the library's symbols instead.

use super::ast::ImportedRoutine;
use linker::object::SymbolKind;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The file names a `#USE "name"` may refer to, in search order (the linker's).
pub fn candidates(name: &str) -> Vec<String> {
    linker::resolve::library_files(name)
}

/// The first compiled library for `name` in `dirs`.
pub fn find(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    let names = candidates(name);
    dirs.iter()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// A compiled library as occam text, with its routines.
pub struct Interface {
    pub text: String,
    pub routines: Vec<ImportedRoutine>,
}

/// Reads the library at `path` and describes every exported routine that has a
/// descriptor. Errors are messages for a diagnostic (corrupt file, bad descriptor).
pub fn load(path: &Path) -> Result<Interface, String> {
    let lib = linker::resolve::load_library(path).map_err(|e| e.to_string())?;
    let mut text = String::new();
    let mut routines: Vec<ImportedRoutine> = Vec::new();
    for member in &lib.members {
        for d in &member.descriptors {
            let kind = member
                .symbols
                .iter()
                .find(|s| s.name == d.symbol)
                .map_or(SymbolKind::Data, |s| s.kind);
            let results = header_results(&d.header, &d.symbol, kind)
                .map_err(|m| format!("{}: descriptor of `{}`: {m}", path.display(), d.symbol))?;
            if routines.iter().any(|r| r.name == d.symbol) {
                continue; // the linker reports duplicate definitions
            }
            declaration(&mut text, &d.header, &results);
            routines.push(ImportedRoutine {
                name: d.symbol.clone(),
                symbol: d.symbol.clone(),
                ws_total: d.ws_total,
                vs_total: d.vs_total,
            });
        }
    }
    Ok(Interface { text, routines })
}

/// `#PRAGMA EXTERNAL "header = ws [, vs]"`: a routine compiled elsewhere,
/// declared by its occam header and the workspace words (and vector-space
/// bytes) it needs, callees included. The name is also its object symbol
/// unless `#PRAGMA TRANSLATE` says otherwise.
pub fn external(spec: &str) -> Result<Interface, String> {
    let Some((header, sizes)) = spec.rsplit_once('=') else {
        return Err("the header needs `= words` after it: the workspace the routine needs".into());
    };
    let mut sizes = sizes.split(',').map(|s| s.trim().parse::<u32>());
    let (Some(Ok(ws_total)), vs, None) = (sizes.next(), sizes.next(), sizes.next()) else {
        return Err(
            "after `=` come the workspace words and, optionally, `, vector-space bytes`".into(),
        );
    };
    let Ok(vs_total) = vs.unwrap_or(Ok(0)) else {
        return Err("the vector-space size is not a number".into());
    };
    let header = header.trim();
    let (kind, name_and_rest) = match header.strip_prefix("PROC ") {
        Some(rest) => (SymbolKind::Proc, rest),
        None => match header.split_once(" FUNCTION ") {
            Some((_, rest)) => (SymbolKind::Function, rest),
            None => return Err(format!("`{header}` is not a PROC or FUNCTION header")),
        },
    };
    let name = name_and_rest.split('(').next().unwrap_or("").trim();
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if !is_name {
        return Err(format!("`{header}` does not name its routine"));
    }
    // `name(` and `name (` both; the checked form has the space.
    let header = header.replacen(&format!("{name}("), &format!("{name} ("), 1);
    let results = header_results(&header, name, kind)?;
    let mut text = String::new();
    declaration(&mut text, &header, &results);
    Ok(Interface {
        text,
        routines: vec![ImportedRoutine {
            name: name.to_string(),
            symbol: name.to_string(),
            ws_total,
            vs_total,
        }],
    })
}

/// Checks that `header` is one line declaring `symbol` as a PROC or FUNCTION of
/// the symbol's kind; returns the FUNCTION's result types (empty for a PROC).
fn header_results(header: &str, symbol: &str, kind: SymbolKind) -> Result<Vec<String>, String> {
    // Descriptors become program text: allow no directive, comment or line break.
    if !header.chars().all(|c| (' '..='~').contains(&c)) || header.contains('#') {
        return Err("the header holds characters a header cannot".into());
    }
    if header.contains("--") {
        return Err("the header holds a comment".into());
    }
    let (results, rest) = match kind {
        SymbolKind::Proc => (Vec::new(), header.strip_prefix("PROC ")),
        SymbolKind::Function => match header.split_once(" FUNCTION ") {
            Some((r, rest)) => (r.split(", ").map(str::to_string).collect(), Some(rest)),
            None => (Vec::new(), None),
        },
        SymbolKind::Data => return Err("it describes no exported PROC or FUNCTION".into()),
    };
    let named = rest.and_then(|r| r.strip_prefix(symbol));
    if !named.is_some_and(|r| r.starts_with(" (") && r.ends_with(')')) {
        return Err(format!(
            "`{header}` is not a {} header for `{symbol}`",
            kind.name()
        ));
    }
    Ok(results)
}

/// Appends the declaration of one routine (see the module docs).
fn declaration(text: &mut String, header: &str, results: &[String]) {
    let _ = writeln!(text, "{header}");
    if results.is_empty() {
        text.push_str("  SKIP\n");
    } else {
        for (i, t) in results.iter().enumerate() {
            let _ = writeln!(text, "  {t} r.{}:", i + 1);
        }
        let names: Vec<String> = (1..=results.len()).map(|i| format!("r.{i}")).collect();
        let _ = writeln!(text, "  VALOF\n    STOP\n    RESULT {}", names.join(", "));
    }
    text.push_str(":\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_names_and_candidates() {
        assert_eq!(candidates("m"), ["m.lib", "m.tco", "m"]);
        assert_eq!(candidates("m.tco"), ["m.tco", "m.lib"]);
        assert_eq!(candidates("m.lib"), ["m.lib", "m.tco"]);
    }

    #[test]
    fn external_declarations() {
        let e = external("INT FUNCTION twice(VAL INT x) = 12, 8").unwrap();
        assert_eq!(e.routines[0].name, "twice");
        assert_eq!((e.routines[0].ws_total, e.routines[0].vs_total), (12, 8));
        assert_eq!(
            e.text,
            "INT FUNCTION twice (VAL INT x)\n  INT r.1:\n  VALOF\n    STOP\n    RESULT r.1\n:\n"
        );
        let p = external("PROC put (VAL INT x, CHAN OF INT out!) = 20").unwrap();
        assert_eq!(
            (p.routines[0].symbol.as_str(), p.routines[0].ws_total),
            ("put", 20)
        );
        for bad in [
            "PROC p (VAL INT x)",
            "PROC p (VAL INT x) = many",
            "PROC p () = 1, 2, 3",
            "SEQ = 4",
            "PROC (VAL INT x) = 4",
            "PROC p () -- x = 4",
        ] {
            assert!(external(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_are_checked_before_they_become_text() {
        let f = SymbolKind::Function;
        assert_eq!(
            header_results("INT, BOOL FUNCTION f (VAL INT a)", "f", f).unwrap(),
            ["INT", "BOOL"]
        );
        assert!(header_results("PROC p ()", "p", SymbolKind::Proc).is_ok());
        assert!(header_results("PROC q ()", "p", SymbolKind::Proc).is_err());
        assert!(header_results("PROC p ()\nPROC x ()", "p", SymbolKind::Proc).is_err());
        assert!(header_results("PROC p () -- x", "p", SymbolKind::Proc).is_err());
        assert!(header_results("PROC p ()", "p", f).is_err());
        let mut t = String::new();
        declaration(
            &mut t,
            "INT, BOOL FUNCTION f (VAL INT a)",
            &["INT".into(), "BOOL".into()],
        );
        assert_eq!(
            t,
            "INT, BOOL FUNCTION f (VAL INT a)\n  INT r.1:\n  BOOL r.2:\n  VALOF\n    STOP\n    RESULT r.1, r.2\n:\n"
        );
    }
}
