//! Directives: `#INCLUDE`, `#USE`, `#PRAGMA`, `#OPTION`, `#COMMENT`,
//! `#IMPORT` and KRoC's conditional compilation (`#IF`/`#ELIF`/`#ELSE`/
//! `#ENDIF`, `#DEFINE`, `#UNDEF`, `DEFINED (NAME)`).
//!
//! It works line by line on lexed tokens and streams one token sequence
//! for the layout pass, with each line's first token marked and given its
//! *logical* column: the physical column plus the column of the
//! `#INCLUDE` directive that brought the file in, so that "the included text
//! takes the directive's indentation". Directive lines vanish from the
//! stream; lines in false `#IF` branches vanish too (lexical errors in them
//! are not reported, as KRoC does). Lexical errors elsewhere become
//! diagnostics here.
//!
//! `#USE "name.lib"` names a library. When the library's occam source
//! `name.occ` is found (next to the using file, on the `-I` path, or built
//! into the compiler, as `course` is), its text is included once, at the
//! directive's indentation, like an `#INCLUDE`: library PROCs are compiled with
//! the program. Otherwise, when a compiled library `name.lib` / `name.tco` is
//! found (same places, then the `-L` directories), the declarations made from its
//! descriptors are read as a file of their own ([`super::library`]) and the name
//! is recorded for the linker; such a `#USE` must be at the outer level. With
//! neither, the name is only recorded for the linker.
//!
//! `TARGET.BITS.PER.WORD` is predefined as 32; `#DEFINE NAME [value]`
//! defines a name with an optional integer or string value.

mod libraries;

use super::layout::Loc;
use super::lexer::{self, Lexed, Lines, Tok};
use super::Options;
use crate::diag::{Diagnostic, FileId, SourceMap, Span};
use crate::syntax::ast::{Directive, DirectiveKind, Import};
use libraries::Library;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Libraries shipped inside the compiler: (name, occam source).
pub const BUILTIN_LIBRARIES: &[(&str, &str)] = &[("course", include_str!("../../lib/course.occ"))];

/// Deepest `#INCLUDE` nesting accepted (cycles are caught earlier).
const MAX_INCLUDE_DEPTH: usize = 64;
/// Deepest bracket nesting in an `#IF` condition.
const MAX_COND_DEPTH: usize = 64;

/// A token with its place in the source (as the parser's start and end
/// locations: the layout pass hands them on without repacking).
#[derive(Clone, Debug, PartialEq)]
pub struct PpToken {
    pub tok: Tok,
    pub start: Loc,
    pub end: Loc,
    /// First token of a physical line.
    pub bol: bool,
    /// Logical column (0-based) when `bol`; 0 otherwise.
    pub col: u32,
}

/// The preprocessed program, collected (tests and `--emit tokens`; the
/// compiler streams [`Preprocessor`] into the layout pass instead).
#[derive(Default, Debug)]
pub struct PpOutput {
    pub tokens: Vec<PpToken>,
    pub uses: Vec<Directive>,
    pub directives: Vec<Directive>,
}

impl PpToken {
    pub fn span(&self) -> Span {
        self.start.to(self.end)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum DefValue {
    None,
    Int(i64),
    Str(Vec<u8>),
}

/// One open `#IF`.
struct Cond {
    /// The current branch is being kept.
    active: bool,
    /// Some branch of this `#IF` has been kept already.
    taken: bool,
    /// The enclosing region was active.
    parent_active: bool,
    seen_else: bool,
    span: Span,
}

/// A file being read: the main file, an `#INCLUDE`d file or a library.
/// Its text is read from the source map (no copy).
struct Source {
    file: FileId,
    /// Where the next item is lexed from.
    pos: usize,
    /// The file has ended.
    ended: bool,
    /// Where the current line starts (for the first token's column).
    line_start: usize,
    /// The current line is an ordinary active line whose tokens are being
    /// handed out one by one.
    in_line: bool,
    /// No item of the current line has been lexed yet.
    bol: bool,
    /// Where its relative includes are searched first.
    dir: Option<PathBuf>,
    /// Logical column of the directive that brought it in.
    indent: u32,
    conds: Vec<Cond>,
    /// Its canonical path is on the include stack (popped when it ends).
    on_include_stack: bool,
}

impl Source {
    /// Moves on to the line after the one that ended at `end` (None: the
    /// file ended without a newline).
    fn next_line(&mut self, end: Option<usize>) {
        match end {
            Some(e) => self.line_start = e,
            None => self.ended = true,
        }
    }
}

/// The preprocessor as an iterator of tokens, lexed one at a time, so
/// that the layout pass and the parser consume tokens as they are made: no
/// token vector for the whole program (nor a queue per line) is ever built. Directives take effect
/// in order as their lines are reached. [`Preprocessor::finish`] gives the
/// recorded directives and the diagnostics once the stream is drained.
pub struct Preprocessor<'a> {
    sources: &'a mut SourceMap,
    options: &'a Options,
    diags: Vec<Diagnostic>,
    uses: Vec<Directive>,
    directives: Vec<Directive>,
    defines: HashMap<String, DefValue>,
    /// Canonical paths of the files being included, outermost first.
    include_stack: Vec<PathBuf>,
    /// Libraries already brought in by `#USE` (each is included once).
    used_libraries: HashSet<String>,
    /// Compiled libraries brought in by `#USE`, and `#PRAGMA EXTERNAL`s.
    imports: Vec<Import>,
    /// `#PRAGMA TRANSLATE name "symbol"`s, applied to `imports` at the end.
    translations: Vec<(String, String, Span)>,
    /// Files being read, innermost last.
    stack: Vec<Source>,
    /// A directive line as lexed (kept for its buffer).
    line: Vec<Lexed>,
    /// Errors the lexer found inside a token (kept for its buffer).
    inner_errors: lexer::InnerErrors,
}

/// Preprocesses `file` (already in `sources`) and everything it includes,
/// collecting the whole token stream.
pub fn preprocess(
    sources: &mut SourceMap,
    file: FileId,
    path: Option<&Path>,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) -> PpOutput {
    let mut pp = Preprocessor::new(sources, file, path, options);
    let tokens = pp.by_ref().collect();
    let (uses, directives, mut own) = pp.finish();
    diags.append(&mut own);
    PpOutput {
        tokens,
        uses,
        directives,
    }
}

/// Logical column of byte `at` on the line starting at `line_start`
/// (a tab advances to the next multiple of 8).
fn column(text: &str, line_start: usize, at: usize) -> u32 {
    let mut col = 0u32;
    for b in text.as_bytes()[line_start..at].iter() {
        col = if *b == b'\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        };
    }
    col
}

impl Iterator for Preprocessor<'_> {
    type Item = PpToken;

    /// Tokens are lexed one at a time straight from the innermost file's
    /// text: no line buffer or token queue, so each token is moved once.
    #[inline]
    fn next(&mut self) -> Option<PpToken> {
        loop {
            let src = self.stack.last_mut()?;
            let t = if src.in_line {
                let text = self.sources.text(src.file);
                line_item(text, src, &mut self.diags, &mut self.inner_errors)
            } else {
                self.start_line()
            };
            if t.is_some() {
                return t;
            }
        }
    }
}

/// Hands out the next item of an active ordinary line of `src`: its token,
/// or None after reporting a lexical error or at the line's end (which
/// ends the line). Inlined into the layout pass's loop, so that the token
/// is not moved through memory between the stages.
#[inline(always)]
fn line_item(
    text: &str,
    src: &mut Source,
    diags: &mut Vec<Diagnostic>,
    errors: &mut lexer::InnerErrors,
) -> Option<PpToken> {
    let (item, r) = lexer::item_at(text, src.pos, errors);
    src.pos = r.end;
    let t = match item {
        None => {
            src.in_line = false;
            src.ended = true;
            return None;
        }
        Some(Ok(Tok::Eol)) => {
            src.in_line = false;
            src.line_start = r.end;
            return None;
        }
        Some(Ok(tok)) => {
            let bol = src.bol;
            let col = if bol {
                src.indent + column(text, src.line_start, r.start)
            } else {
                0
            };
            Some(PpToken {
                tok,
                start: Loc::new(src.file, r.start as u32),
                end: Loc::new(src.file, r.end as u32),
                bol,
                col,
            })
        }
        Some(Err(e)) => {
            let span = Preprocessor::span(src.file, &r);
            diags.push(Diagnostic::error("E0101", span, e.message()));
            None
        }
    };
    src.bol = false;
    // Errors found inside the token (bad escapes; rare) follow it.
    for (r, e) in errors.drain(..) {
        let span = Preprocessor::span(src.file, &r);
        diags.push(Diagnostic::error("E0101", span, e.message()));
    }
    t
}

impl<'a> Preprocessor<'a> {
    /// Starts on `file` (already in `sources`); `path` is where it was read
    /// from, if anywhere (its directory is searched first for includes).
    pub fn new(
        sources: &'a mut SourceMap,
        file: FileId,
        path: Option<&Path>,
        options: &'a Options,
    ) -> Preprocessor<'a> {
        let mut defines = HashMap::new();
        defines.insert("TARGET.BITS.PER.WORD".to_owned(), DefValue::Int(32));
        for (name, value) in &options.defines {
            let v = value.map_or(DefValue::None, DefValue::Int);
            defines.insert(name.clone(), v);
        }
        let mut pp = Preprocessor {
            sources,
            options,
            diags: Vec::new(),
            uses: Vec::new(),
            directives: Vec::new(),
            defines,
            include_stack: Vec::new(),
            used_libraries: HashSet::new(),
            imports: Vec::new(),
            translations: Vec::new(),
            stack: Vec::new(),
            line: Vec::new(),
            inner_errors: Vec::new(),
        };
        let on_stack = path.is_some();
        if let Some(p) = path {
            pp.include_stack
                .push(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
        }
        let dir = path.and_then(Path::parent).map(Path::to_path_buf);
        let source = Self::source(file, dir, 0, on_stack);
        pp.stack.push(source);
        pp
    }

    /// The compiled libraries `#USE`d so far (call before [`Preprocessor::finish`]).
    pub fn take_imports(&mut self) -> Vec<Import> {
        self.apply_translations();
        std::mem::take(&mut self.imports)
    }

    /// The `#USE`d libraries left for the linker, the other recorded
    /// directives, and the diagnostics of lexing and preprocessing.
    pub fn finish(self) -> (Vec<Directive>, Vec<Directive>, Vec<Diagnostic>) {
        (self.uses, self.directives, self.diags)
    }

    fn source(file: FileId, dir: Option<PathBuf>, indent: u32, on_stack: bool) -> Source {
        Source {
            file,
            pos: 0,
            ended: false,
            line_start: 0,
            in_line: false,
            bol: true,
            dir,
            indent,
            conds: Vec::new(),
            on_include_stack: on_stack,
        }
    }

    fn span(file: FileId, r: &std::ops::Range<usize>) -> Span {
        Span::new(file, r.start as u32, r.end as u32)
    }

    /// Starts a physical line of the innermost file: carries out its
    /// directive, or skips it (false `#IF` branch, empty line), or ends the
    /// file; or, for an ordinary line, hands out its first item as
    /// [`line_item`] does and leaves the rest to it.
    fn start_line(&mut self) -> Option<PpToken> {
        let src = self.stack.last_mut()?;
        if src.ended {
            let src = self.stack.pop()?;
            self.end_source(src);
            return None;
        }
        let text = self.sources.text(src.file);
        let active = !matches!(src.conds.last(), Some(c) if !c.active);
        let first = text.as_bytes()[src.line_start..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\x0c'));
        if active && first.is_some_and(|&b| b != b'#') {
            // Only a line starting with `#` can be a directive line: the
            // others need no look at their first item.
            src.in_line = true;
            src.bol = true;
            src.pos = src.line_start;
            return line_item(text, src, &mut self.diags, &mut self.inner_errors);
        }
        let mut lines = Lines::at(text, src.line_start);
        let end = match lines.next_item() {
            Ok((Ok(Tok::Directive(_)), _)) => return self.directive_line(),
            Ok(_) if active => {
                src.in_line = true;
                src.bol = true;
                src.pos = src.line_start;
                return line_item(text, src, &mut self.diags, &mut self.inner_errors);
            }
            Ok(_) => loop {
                // A line in a false `#IF` branch: skipped, errors and all.
                if let Err(end) = lines.next_item() {
                    break end;
                }
            },
            Err(end) => end,
        };
        src.next_line(end);
        None
    }

    /// Collects the directive line the innermost file is at and carries it
    /// out as a whole; a file it brings in is read next.
    fn directive_line(&mut self) -> Option<PpToken> {
        let mut src = self.stack.pop()?;
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let end = Lines::at(self.sources.text(src.file), src.line_start).next_line(&mut line);
        let mut included = None;
        if let Some((Ok(Tok::Directive(name)), r)) = line.first() {
            let span = Self::span(src.file, r);
            included = self.directive(name, span, &line, &mut src);
        }
        self.line = line;
        src.next_line(end);
        self.stack.push(src);
        if let Some(inner) = included {
            self.stack.push(inner);
        }
        None
    }

    /// A file has ended: its unclosed `#IF`s are errors.
    fn end_source(&mut self, src: Source) {
        if src.on_include_stack {
            self.include_stack.pop();
        }
        for c in src.conds {
            self.diags.push(
                Diagnostic::error("E0208", c.span, "`#IF` without a matching `#ENDIF`")
                    .with_help("add `#ENDIF` at the end of the conditional block"),
            );
        }
    }

    /// The string operand of a directive, or a diagnostic.
    fn string_arg(&mut self, name: &str, span: Span, line: &[Lexed]) -> Option<String> {
        match line.get(1) {
            Some((Ok(Tok::Str(s)), _)) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => {
                self.diags.push(
                    Diagnostic::error("E0201", span, format!("`#{name}` needs a string operand"))
                        .with_help(format!("write `#{name} \"name\"`")),
                );
                None
            }
        }
    }

    /// Carries out a directive line of `src`; returns the file it brings
    /// in, to be read next.
    fn directive(
        &mut self,
        name: &str,
        span: Span,
        line: &[Lexed],
        src: &mut Source,
    ) -> Option<Source> {
        let (file, dir, indent) = (src.file, &src.dir, src.indent);
        let conds = &mut src.conds;
        let active = !matches!(conds.last(), Some(c) if !c.active);
        let mut included = None;
        match name {
            "IF" => {
                let value = active && self.condition(span, &line[1..], file);
                conds.push(Cond {
                    active: value,
                    taken: value,
                    parent_active: active,
                    seen_else: false,
                    span,
                });
            }
            "ELIF" | "ELSE" => {
                let Some(c) = conds.last_mut() else {
                    self.diags.push(Diagnostic::error(
                        "E0209",
                        span,
                        format!("`#{name}` without `#IF`"),
                    ));
                    return None;
                };
                if c.seen_else {
                    let first = c.span;
                    self.diags.push(
                        Diagnostic::error("E0210", span, format!("`#{name}` after `#ELSE`"))
                            .with_label(first, "in this `#IF`"),
                    );
                    return None;
                }
                let (parent, taken) = (c.parent_active, c.taken);
                let value = if name == "ELSE" {
                    true
                } else {
                    parent && !taken && self.condition(span, &line[1..], file)
                };
                let c = conds.last_mut().expect("checked above");
                c.seen_else = name == "ELSE";
                c.active = parent && !taken && value;
                c.taken |= c.active;
            }
            "ENDIF" => {
                if conds.pop().is_none() {
                    self.diags
                        .push(Diagnostic::error("E0209", span, "`#ENDIF` without `#IF`"));
                }
            }
            _ if !active => {}
            "DEFINE" | "UNDEF" => {
                let Some((Ok(Tok::Ident(def)), _)) = line.get(1) else {
                    self.diags.push(Diagnostic::error(
                        "E0201",
                        span,
                        format!("`#{name}` needs a name"),
                    ));
                    return None;
                };
                let value = match line.get(2) {
                    Some((Ok(Tok::Int(v)), _)) => DefValue::Int(*v as i64),
                    Some((Ok(Tok::Str(s)), _)) => DefValue::Str(s.to_vec()),
                    _ => DefValue::None,
                };
                if name == "DEFINE" {
                    self.defines.insert(def.to_string(), value);
                } else {
                    self.defines.remove(&**def);
                }
            }
            "INCLUDE" => {
                if let Some(target) = self.string_arg(name, span, line) {
                    let col = indent + column_of(self.sources.text(file), span);
                    included = self.include(&target, span, dir, col);
                }
            }
            // `#SC` is the occam 2 toolset's older spelling of `#USE`.
            "USE" | "SC" | "OPTION" | "COMMENT" | "IMPORT" => {
                if let Some(arg) = self.string_arg(name, span, line) {
                    let kind = match name {
                        "USE" | "SC" => DirectiveKind::Use,
                        "OPTION" => DirectiveKind::Option,
                        "COMMENT" => DirectiveKind::Comment,
                        _ => DirectiveKind::Import,
                    };
                    let d = Directive {
                        span,
                        kind,
                        text: arg,
                    };
                    if kind == DirectiveKind::Use {
                        let col = indent + column_of(self.sources.text(file), span);
                        // A library compiled from source needs nothing from the linker.
                        match self.use_library(&d.text, dir, col, span) {
                            Library::Source(file) => included = file,
                            Library::Included => {}
                            Library::Compiled(file) => {
                                included = file;
                                self.uses.push(d);
                            }
                            Library::NotFound => self.uses.push(d),
                        }
                    } else {
                        self.directives.push(d);
                    }
                }
            }
            // `#NETWORK` describes the configuration for the configurer: kept
            // for later tools, like an unknown `#PRAGMA`.
            "NETWORK" => {
                let start = span.end as usize;
                let end = line.last().map_or(start, |(_, r)| r.end.max(start));
                self.directives.push(Directive {
                    span,
                    kind: DirectiveKind::Network,
                    text: self.sources.text(file)[start..end].trim().to_owned(),
                });
            }
            "PRAGMA" => {
                let start = span.end as usize;
                let end = line.last().map_or(start, |(_, r)| r.end.max(start));
                let text = self.sources.text(file)[start..end].trim().to_owned();
                self.directives.push(Directive {
                    span,
                    kind: DirectiveKind::Pragma,
                    text,
                });
                match line.get(1) {
                    Some((Ok(Tok::Ident(w)), _)) if &**w == "EXTERNAL" => {
                        let col = indent + column_of(self.sources.text(file), span);
                        included = self.external(span, line, col);
                    }
                    Some((Ok(Tok::Ident(w)), _)) if &**w == "TRANSLATE" => {
                        self.translate(span, line)
                    }
                    _ => {}
                }
            }
            _ => self.diags.push(
                Diagnostic::error("E0202", span, format!("unknown directive `#{name}`")).with_help(
                    "known directives: #INCLUDE #USE #SC #PRAGMA #OPTION #COMMENT #IMPORT #NETWORK \
                     #IF #ELIF #ELSE #ENDIF #DEFINE #UNDEF",
                ),
            ),
        }
        included
    }

    /// Opens an `#INCLUDE`d file, to be read next (None, reported, when it
    /// cannot be found or read or would make a cycle).
    fn include(
        &mut self,
        target: &str,
        span: Span,
        dir: &Option<PathBuf>,
        col: u32,
    ) -> Option<Source> {
        let mut candidates = Vec::new();
        let rel = Path::new(target);
        if rel.is_absolute() {
            candidates.push(rel.to_path_buf());
        } else {
            candidates.push(dir.clone().unwrap_or_default().join(rel));
            for d in &self.options.include_dirs {
                candidates.push(d.join(rel));
            }
        }
        let Some(found) = candidates.iter().find(|p| p.is_file()) else {
            let searched: Vec<String> =
                candidates.iter().map(|p| p.display().to_string()).collect();
            self.diags.push(
                Diagnostic::error(
                    "E0203",
                    span,
                    format!("cannot find include file \"{target}\""),
                )
                .with_note(format!("searched: {}", searched.join(", ")))
                .with_help("add the directory containing it with `-I DIR`"),
            );
            return None;
        };
        let canon = std::fs::canonicalize(found).unwrap_or_else(|_| found.clone());
        if self.include_stack.contains(&canon) {
            self.diags.push(
                Diagnostic::error(
                    "E0204",
                    span,
                    format!("include cycle: \"{target}\" includes itself"),
                )
                .with_note(format!(
                    "include chain: {}",
                    self.include_stack
                        .iter()
                        .chain(std::iter::once(&canon))
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(" -> ")
                )),
            );
            return None;
        }
        if self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            self.diags.push(Diagnostic::error(
                "E0205",
                span,
                format!("includes nested more than {MAX_INCLUDE_DEPTH} deep"),
            ));
            return None;
        }
        let text = match std::fs::read(found) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                self.diags.push(Diagnostic::error(
                    "E0206",
                    span,
                    format!("cannot read include file \"{}\": {e}", found.display()),
                ));
                return None;
            }
        };
        let id = self.sources.add(found.display().to_string(), text);
        self.include_stack.push(canon);
        let dir = found.parent().map(Path::to_path_buf);
        Some(Self::source(id, dir, col, true))
    }

    /// Evaluates an `#IF`/`#ELIF` condition; reports and yields false on error.
    fn condition(&mut self, span: Span, toks: &[Lexed], file: FileId) -> bool {
        let toks: Vec<(Tok, Span)> = toks
            .iter()
            .filter_map(|(t, r)| t.clone().ok().map(|t| (t, Self::span(file, r))))
            .collect();
        let mut ev = CondEval {
            toks: &toks,
            pos: 0,
            defines: &self.defines,
            depth: 0,
        };
        let result = ev.expr().and_then(|v| {
            if ev.pos < toks.len() {
                Err((
                    toks[ev.pos].1,
                    "unexpected token in `#IF` condition".to_owned(),
                ))
            } else {
                Ok(v)
            }
        });
        match result {
            Ok(v) => v != 0,
            Err((at, msg)) => {
                let at = if at == Span::default() { span } else { at };
                self.diags.push(Diagnostic::error("E0207", at, msg).with_help(
                    "conditions use DEFINED (NAME), NOT, AND, OR, comparisons, integers and brackets",
                ));
                false
            }
        }
    }
}

/// Column of a span's start on its own line.
fn column_of(text: &str, span: Span) -> u32 {
    let at = span.start as usize;
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    column(text, line_start, at)
}

/// Evaluator for `#IF` conditions: integers, booleans (as 0/1) and names.
struct CondEval<'a> {
    toks: &'a [(Tok, Span)],
    pos: usize,
    defines: &'a HashMap<String, DefValue>,
    depth: usize,
}

type CondResult = Result<i64, (Span, String)>;

impl CondEval<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn here(&self) -> Span {
        self.toks.get(self.pos).map_or(Span::default(), |(_, s)| *s)
    }

    fn expect(&mut self, t: Tok) -> Result<(), (Span, String)> {
        if self.peek() == Some(&t) {
            self.pos += 1;
            Ok(())
        } else {
            Err((
                self.here(),
                format!("expected `{}` in `#IF` condition", t.terminal()),
            ))
        }
    }

    /// `operand (op operand)*`, one kind of operator per chain as in occam.
    fn expr(&mut self) -> CondResult {
        let mut v = self.operand()?;
        let mut first_op: Option<Tok> = None;
        while let Some(op) = self.peek().cloned() {
            if !matches!(
                op,
                Tok::And | Tok::Or | Tok::Eq | Tok::Ne | Tok::Lt | Tok::Gt | Tok::Le | Tok::Ge
            ) {
                break;
            }
            if first_op.as_ref().is_some_and(|f| *f != op) {
                return Err((
                    self.here(),
                    "occam has no operator precedence: add brackets".into(),
                ));
            }
            first_op = Some(op.clone());
            self.pos += 1;
            let r = self.operand()?;
            v = match op {
                Tok::And => (v != 0 && r != 0) as i64,
                Tok::Or => (v != 0 || r != 0) as i64,
                Tok::Eq => (v == r) as i64,
                Tok::Ne => (v != r) as i64,
                Tok::Lt => (v < r) as i64,
                Tok::Gt => (v > r) as i64,
                Tok::Le => (v <= r) as i64,
                _ => (v >= r) as i64,
            };
        }
        Ok(v)
    }

    fn operand(&mut self) -> CondResult {
        let at = self.here();
        let Some(t) = self.peek().cloned() else {
            return Err((at, "incomplete `#IF` condition".into()));
        };
        self.pos += 1;
        match t {
            Tok::True => Ok(1),
            Tok::False => Ok(0),
            Tok::Int(v) | Tok::Hex(v) => Ok(v as i64),
            Tok::Not => Ok((self.operand()? == 0) as i64),
            Tok::LParen => {
                self.depth += 1;
                if self.depth > MAX_COND_DEPTH {
                    return Err((at, "`#IF` condition nested too deeply".into()));
                }
                let v = self.expr()?;
                self.depth -= 1;
                self.expect(Tok::RParen)?;
                Ok(v)
            }
            Tok::Ident(n) if &*n == "DEFINED" => {
                self.expect(Tok::LParen)?;
                let v = match self.peek() {
                    Some(Tok::Ident(name)) => self.defines.contains_key(&**name),
                    _ => return Err((self.here(), "`DEFINED` needs a name in brackets".into())),
                };
                self.pos += 1;
                self.expect(Tok::RParen)?;
                Ok(v as i64)
            }
            Tok::Ident(n) => match self.defines.get(&*n) {
                Some(DefValue::Int(v)) => Ok(*v),
                Some(DefValue::None) | Some(DefValue::Str(_)) => Ok(1),
                None => Err((at, format!("`{n}` is not defined"))),
            },
            other => Err((
                at,
                format!("unexpected {} in `#IF` condition", other.describe()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (Vec<String>, Vec<Diagnostic>, PpOutput) {
        let mut sm = SourceMap::new();
        let f = sm.add("t.occ", src);
        let mut diags = Vec::new();
        let out = preprocess(&mut sm, f, None, &Options::default(), &mut diags);
        let words = out
            .tokens
            .iter()
            .map(|t| t.tok.terminal().to_owned())
            .collect();
        (words, diags, out)
    }

    #[test]
    fn conditional_compilation() {
        let src = "#IF TARGET.BITS.PER.WORD = 32\nSKIP\n#ELSE\nSTOP\n#ENDIF\n\
                   #DEFINE X\n#IF DEFINED (X) AND NOT DEFINED (Y)\nSEQ\n#ELIF TRUE\nPAR\n#ENDIF\n\
                   #IF FALSE\n@@@ bad stuff\n#ELIF (1 < 2)\nALT\n#ELSE\nIF\n#ENDIF\n";
        let (words, diags, _) = run(src);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(words, ["SKIP", "SEQ", "ALT"]);
    }

    #[test]
    fn bad_conditions_and_unbalanced_directives() {
        let (_, diags, _) = run("#IF FOO\n#ENDIF\n#ENDIF\n#IF (1\n#BOGUS\n");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0207", "E0209", "E0207", "E0208"]);
        let (_, diags, _) = run("#IF 1 = 1 AND TRUE\n#ENDIF\n");
        assert!(diags[0].message.contains("no operator precedence"));
    }

    #[test]
    fn records_use_pragma_and_columns() {
        let (_, diags, out) = run("#USE \"hostio.lib\"\n#PRAGMA SHARED x\nSEQ\n  SKIP\n");
        assert!(diags.is_empty());
        assert_eq!(out.uses[0].text, "hostio.lib");
        assert_eq!(out.directives[0].text, "SHARED x");
        let cols: Vec<_> = out.tokens.iter().map(|t| (t.bol, t.col)).collect();
        assert_eq!(cols, [(true, 0), (true, 2)]);
    }

    #[test]
    fn include_takes_directive_indentation() {
        let dir = std::env::temp_dir().join(format!("occamc-pp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("inc.inc"), "SKIP\nSTOP\n").unwrap();
        std::fs::write(dir.join("self.inc"), "#INCLUDE \"self.inc\"\n").unwrap();
        let main = dir.join("main.occ");
        let src = "SEQ\n  #INCLUDE \"inc.inc\"\n#INCLUDE \"self.inc\"\n#INCLUDE \"none.inc\"\n";
        std::fs::write(&main, src).unwrap();
        let mut sm = SourceMap::new();
        let f = sm.add("main.occ", src);
        let mut diags = Vec::new();
        let out = preprocess(&mut sm, f, Some(&main), &Options::default(), &mut diags);
        let cols: Vec<_> = out
            .tokens
            .iter()
            .map(|t| (t.tok.terminal(), t.col))
            .collect();
        assert_eq!(cols, [("SEQ", 0), ("SKIP", 2), ("STOP", 2)]);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0204", "E0203"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
