//! Source files, spans and the one diagnostic type of the whole compiler.
//!
//! Every pass reports problems as [`Diagnostic`] values (data, never
//! printed by the pass); only the driver renders them, through
//! [`Diagnostic::render`], which prints rustc-style `file:line:col`, the
//! source line and a caret under the span (via `codespan-reporting`).
//!
//! Every loaded file (the main file and each `#INCLUDE`d one) lives in a
//! [`SourceMap`] and is named by a [`FileId`]; a [`Span`] is a byte range in
//! one file.
//!
//! # Error codes
//!
//! Codes are `E` (error) or `W` (warning) plus four digits, grouped by pass:
//!
//! | range   | pass |
//! |---------|------|
//! | `E01xx` | lexer (`syntax::lexer`) |
//! | `E02xx` | preprocessor / directives (`syntax::preprocess`) |
//! | `E03xx` | layout / indentation (`syntax::layout`) |
//! | `E04xx` | grammar (`syntax::parser`) |
//! | `E05xx`–`E09xx` | free for the semantic passes |
//! | `E1xxx` | free for code generation |

use codespan_reporting::diagnostic as cr;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use std::ops::Range;
use std::sync::OnceLock;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }

    /// The smallest span covering `self` and `other` when both are in one
    /// file; otherwise `self` (a node split over an `#INCLUDE` boundary).
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// All loaded source files.
#[derive(Default, Debug, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file under a display `name` (usually the path as given).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn name(&self, file: FileId) -> &str {
        &self.files[file.0 as usize].name
    }

    pub fn text(&self, file: FileId) -> &str {
        &self.files[file.0 as usize].text
    }

    /// The source text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.text(span.file).get(span.range()).unwrap_or("")
    }

    /// 1-based line and column (in characters) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        let id = span.file.0 as usize;
        let start = span.start as usize;
        let line = self.line_index(id, start).unwrap_or(0);
        let col = self.column_number(id, line, start).unwrap_or(1);
        (line + 1, col)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.file(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte: usize) -> Result<usize, files::Error> {
        let starts = self.file(id)?.line_starts();
        Ok(starts.binary_search(&byte).unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, id: usize, line: usize) -> Result<Range<usize>, files::Error> {
        let file = self.file(id)?;
        Ok(file.line_start(line)?..file.line_start(line + 1)?)
    }
}

impl SourceMap {
    fn file(&self, id: usize) -> Result<&SourceFile, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }
}

/// One loaded file. Its line table is built on first use: most runs report
/// nothing, and finding every line of a large program costs more than
/// lexing it.
#[derive(Debug, Clone)]
struct SourceFile {
    name: String,
    text: String,
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let newlines = self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0)
                .chain(newlines.map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Where line `line` (0-based) starts; one past the last line is the end
    /// of the text (as codespan's `SimpleFile`, which this replaces).
    fn line_start(&self, line: usize) -> Result<usize, files::Error> {
        let starts = self.line_starts();
        match line.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[line]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: line,
                max: starts.len() - 1,
            }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// A secondary label: another place that explains the diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in the source.
///
/// Build with [`Diagnostic::error`] / [`Diagnostic::warning`] and the
/// `with_*` methods:
///
/// ```
/// # use occamc::diag::{Diagnostic, Span, FileId};
/// let span = Span::new(FileId(0), 4, 7);
/// let d = Diagnostic::error("E0301", span, "incorrect indentation")
///     .with_label(span, "expected column 3")
///     .with_help("indent nested processes by exactly two spaces");
/// assert!(d.is_error());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, e.g. `"E0401"` (see the module doc for the ranges).
    pub code: &'static str,
    /// One plain sentence, lower case, no final full stop.
    pub message: String,
    /// Where the problem is; the caret goes here.
    pub span: Span,
    /// Short text printed at the caret (may be empty).
    pub span_label: String,
    pub labels: Vec<Label>,
    /// Advice on how to fix the problem.
    pub help: Option<String>,
    /// Extra facts (printed as `= note: ...`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            span_label: String::new(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, span, message)
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, span, message)
    }

    /// Text shown at the primary caret.
    pub fn with_span_label(mut self, text: impl Into<String>) -> Diagnostic {
        self.span_label = text.into();
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn to_codespan(&self) -> cr::Diagnostic<usize> {
        let severity = match self.severity {
            Severity::Note => cr::Severity::Note,
            Severity::Warning => cr::Severity::Warning,
            Severity::Error => cr::Severity::Error,
        };
        let mut labels = vec![
            cr::Label::primary(self.span.file.0 as usize, self.span.range())
                .with_message(self.span_label.clone()),
        ];
        for l in &self.labels {
            labels.push(
                cr::Label::secondary(l.span.file.0 as usize, l.span.range())
                    .with_message(l.message.clone()),
            );
        }
        let mut notes: Vec<String> = self.notes.iter().map(|n| format!("note: {n}")).collect();
        if let Some(h) = &self.help {
            notes.push(format!("help: {h}"));
        }
        cr::Diagnostic::new(severity)
            .with_code(self.code)
            .with_message(self.message.clone())
            .with_labels(labels)
            .with_notes(notes)
    }

    /// Renders as plain text in rustc style:
    ///
    /// ```text
    /// error[E0301]: incorrect indentation
    ///   ┌─ hello.occ:3:5
    ///   │
    /// 3 │     x := 1
    ///   │     ^ expected column 3
    /// ```
    pub fn render(&self, sources: &SourceMap) -> String {
        let config = term::Config::default();
        term::emit_into_string(&config, sources, &self.to_codespan())
            .unwrap_or_else(|_| format!("error[{}]: {}\n", self.code, self.message))
    }

    /// Writes the rendering to stderr, coloured when stderr is a terminal.
    pub fn emit_stderr(&self, sources: &SourceMap) {
        use std::io::IsTerminal;
        let choice = if std::io::stderr().is_terminal() {
            term::termcolor::ColorChoice::Auto
        } else {
            term::termcolor::ColorChoice::Never
        };
        let mut out = term::termcolor::StandardStream::stderr(choice);
        let config = term::Config::default();
        if term::emit_to_write_style(&mut out, &config, sources, &self.to_codespan()).is_err() {
            eprintln!("error[{}]: {}", self.code, self.message);
        }
    }
}

/// Sorts diagnostics by position (file, then offset), keeping the order of
/// equal positions, so reports read top to bottom.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| (d.span.file, d.span.start));
}

/// Drops a diagnostic that repeats an earlier one (same code, span and
/// message) among `diags` sorted by [`sort`]. Code checked more than once
/// (the copies of an unrolled replicated PLACED PAR) would otherwise report
/// the same problem once per copy.
pub fn drop_repeats(diags: &mut Vec<Diagnostic>) {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    // Repeats share a position, so only the run at the current one is searched.
    let mut run = 0;
    for d in diags.drain(..) {
        let at = |x: &Diagnostic| (x.span.file, x.span.start);
        if kept.last().is_some_and(|k| at(k) != at(&d)) {
            run = kept.len();
        }
        let repeat = kept[run..]
            .iter()
            .any(|k| k.code == d.code && k.span == d.span && k.message == d.message);
        if !repeat {
            kept.push(d);
        }
    }
    *diags = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_dropped_and_the_rest_kept_in_order() {
        let f = FileId(0);
        let d = |code, at: u32, msg: &str| Diagnostic::error(code, Span::new(f, at, at + 1), msg);
        let mut ds = vec![
            d("E0501", 4, "x"),
            d("E0601", 4, "y"),
            d("E0501", 4, "x"),
            d("E0501", 9, "x"),
            d("E0501", 4, "z"),
        ];
        sort(&mut ds);
        drop_repeats(&mut ds);
        let got: Vec<(&str, u32, &str)> = ds
            .iter()
            .map(|d| (d.code, d.span.start, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("E0501", 4, "x"),
                ("E0601", 4, "y"),
                ("E0501", 4, "z"),
                ("E0501", 9, "x")
            ]
        );
    }

    #[test]
    fn renders_file_line_col_source_and_caret() {
        let mut sm = SourceMap::new();
        let f = sm.add("t.occ", "SEQ\n  x := 1\n");
        let d = Diagnostic::error("E0999", Span::new(f, 6, 7), "bad x")
            .with_span_label("here")
            .with_help("do it differently");
        let out = d.render(&sm);
        assert!(out.contains("error[E0999]: bad x"), "{out}");
        assert!(out.contains("t.occ:2:3"), "{out}");
        assert!(out.contains("  x := 1"), "{out}");
        assert!(out.contains("^ here"), "{out}");
        assert!(out.contains("help: do it differently"), "{out}");
        assert_eq!(sm.line_col(Span::new(f, 6, 7)), (2, 3));
    }

    #[test]
    fn span_join_stays_in_one_file() {
        let a = Span::new(FileId(0), 3, 5);
        let b = Span::new(FileId(0), 9, 12);
        assert_eq!(a.to(b), Span::new(FileId(0), 3, 12));
        let c = Span::new(FileId(1), 0, 1);
        assert_eq!(a.to(c), a);
    }
}
