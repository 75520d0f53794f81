//! What `#USE` and `#PRAGMA EXTERNAL`/`TRANSLATE` bring in: a library's
//! occam source, a compiled library's descriptors read as declarations
//! (`crate::syntax::library`), or one routine declared by hand; and the
//! object symbols `#PRAGMA TRANSLATE` gives imported routines.

use super::{Preprocessor, Source};
use crate::diag::{Diagnostic, Span};
use crate::syntax::ast::Import;
use crate::syntax::lexer::{Lexed, Tok};
use std::path::{Path, PathBuf};

/// What a `#USE` found.
pub(super) enum Library {
    /// The library's occam source, to be read now (None when it could not
    /// be read, already reported).
    Source(Option<Source>),
    /// Its source was brought in by an earlier `#USE`.
    Included,
    /// A compiled library: its declarations, to be read now (None when it could
    /// not be used, already reported); the linker needs it too.
    Compiled(Option<Source>),
    /// No source: the name is left for the linker.
    NotFound,
}

impl Preprocessor<'_> {
    /// Brings in the occam source of a `#USE`d library, once, if it can be found.
    pub(super) fn use_library(
        &mut self,
        name: &str,
        dir: &Option<PathBuf>,
        col: u32,
        span: Span,
    ) -> Library {
        let file = Path::new(name);
        let stem = match file.extension().and_then(|e| e.to_str()) {
            Some("lib" | "module" | "tco" | "occ") => file.with_extension(""),
            _ => file.to_path_buf(),
        };
        let stem = stem.to_string_lossy().into_owned();
        if self.used_libraries.contains(&stem) {
            return Library::Included;
        }
        let source = Path::new(&stem).with_extension("occ");
        let mut dirs: Vec<PathBuf> = dir.iter().cloned().collect();
        dirs.extend(self.options.include_dirs.iter().cloned());
        if let Some(found) = dirs.iter().map(|d| d.join(&source)).find(|p| p.is_file()) {
            self.used_libraries.insert(stem);
            let span = Span::default();
            Library::Source(self.include(&found.display().to_string(), span, dir, col))
        } else if let Some((_, text)) = super::BUILTIN_LIBRARIES.iter().find(|(n, _)| *n == stem) {
            self.used_libraries.insert(stem.clone());
            let id = self
                .sources
                .add(format!("<builtin>/{stem}.occ"), text.to_string());
            Library::Source(Some(Self::source(id, None, col, false)))
        } else {
            dirs.extend(self.options.library_dirs.iter().cloned());
            match crate::syntax::library::find(name, &dirs) {
                Some(path) => {
                    self.used_libraries.insert(stem);
                    Library::Compiled(self.compiled(&path, col, span))
                }
                None => Library::NotFound,
            }
        }
    }

    /// `#PRAGMA EXTERNAL "header = ws"`: the routine's declaration, to be read
    /// next (None, reported, when the pragma is malformed or not at the outer
    /// level).
    pub(super) fn external(&mut self, span: Span, line: &[Lexed], col: u32) -> Option<Source> {
        let spec = match line.get(2) {
            Some((Ok(Tok::Str(s)), _)) if line.len() == 3 => {
                String::from_utf8_lossy(s).into_owned()
            }
            _ => {
                self.diags.push(
                    Diagnostic::error("E0213", span, "`#PRAGMA EXTERNAL` needs one string")
                        .with_help(
                            "write `#PRAGMA EXTERNAL \"PROC name (formals) = workspace words\"`",
                        ),
                );
                return None;
            }
        };
        if col != 0 {
            self.diags.push(
                Diagnostic::error(
                    "E0212",
                    span,
                    "`#PRAGMA EXTERNAL` can only be used at the outer level",
                )
                .with_help(
                    "move it to column 0 of the file, before the PROCs that call the routine",
                ),
            );
            return None;
        }
        match crate::syntax::library::external(&spec) {
            Ok(lib) => {
                let name = lib.routines[0].name.clone();
                let id = self
                    .sources
                    .add(format!("#PRAGMA EXTERNAL {name}"), lib.text);
                self.imports.push(Import {
                    file: id,
                    path: "#PRAGMA EXTERNAL".into(),
                    routines: lib.routines,
                });
                Some(Self::source(id, None, 0, false))
            }
            Err(message) => {
                self.diags.push(
                    Diagnostic::error(
                        "E0213",
                        span,
                        format!("`#PRAGMA EXTERNAL \"{spec}\"` cannot be used"),
                    )
                    .with_note(message)
                    .with_help(
                        "write `#PRAGMA EXTERNAL \"PROC name (formals) = workspace words\"`",
                    ),
                );
                None
            }
        }
    }

    /// `#PRAGMA TRANSLATE name "symbol"`: calls of `name` go to `symbol`.
    pub(super) fn translate(&mut self, span: Span, line: &[Lexed]) {
        match (line.get(2), line.get(3), line.len()) {
            (Some((Ok(Tok::Ident(name)), _)), Some((Ok(Tok::Str(s)), _)), 4) => {
                let symbol = String::from_utf8_lossy(s).into_owned();
                self.translations.push((name.to_string(), symbol, span));
            }
            _ => self.diags.push(
                Diagnostic::error(
                    "E0213",
                    span,
                    "`#PRAGMA TRANSLATE` needs a name and a string",
                )
                .with_help("write `#PRAGMA TRANSLATE name \"object.symbol\"`"),
            ),
        }
    }

    /// Reads a compiled library's descriptors as declarations (None, reported,
    /// when it is corrupt or the `#USE` is not at the outer level).
    fn compiled(&mut self, path: &Path, col: u32, span: Span) -> Option<Source> {
        let shown = path.display().to_string();
        if col != 0 {
            self.diags.push(
                Diagnostic::error(
                    "E0212",
                    span,
                    format!(
                        "the compiled library \"{shown}\" can only be #USEd at the outer level"
                    ),
                )
                .with_help(
                    "move the `#USE` to column 0 of the file, before the PROCs that call it",
                ),
            );
            return None;
        }
        match crate::syntax::library::load(path) {
            Ok(lib) => {
                let id = self.sources.add(format!("{shown} (descriptors)"), lib.text);
                self.imports.push(Import {
                    file: id,
                    path: shown,
                    routines: lib.routines,
                });
                Some(Self::source(id, None, 0, false))
            }
            Err(message) => {
                self.diags.push(
                    Diagnostic::error(
                        "E0211",
                        span,
                        format!("cannot use the compiled library \"{shown}\""),
                    )
                    .with_note(message)
                    .with_help("recompile the library with occamc"),
                );
                None
            }
        }
    }

    /// Gives the routines named by `#PRAGMA TRANSLATE` their object symbols.
    pub(super) fn apply_translations(&mut self) {
        for (name, symbol, span) in std::mem::take(&mut self.translations) {
            let routine = self
                .imports
                .iter_mut()
                .flat_map(|i| &mut i.routines)
                .find(|r| r.name == name);
            match routine {
                Some(r) => r.symbol = symbol,
                None => self.diags.push(
                    Diagnostic::warning(
                        "W0505",
                        span,
                        format!("`#PRAGMA TRANSLATE {name}`: no external or library routine `{name}`"),
                    )
                    .with_help("TRANSLATE renames the object symbol of a `#PRAGMA EXTERNAL` or `#USE`d routine"),
                ),
            }
        }
    }
}
