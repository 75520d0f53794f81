//! Runs the LALRPOP grammar (`grammar.lalrpop`) over the layout tokens.
//!
//! [`Ctx`] is the grammar's parameter: it hands out [`NodeId`]s, builds
//! nodes with spans, enforces occam's "no operator precedence" rule and the
//! chain limits, and turns LALRPOP's errors (including the ones it
//! recovered from with `!`) into [`Diagnostic`]s with plain-sentence
//! messages.

use super::ast::*;
use super::layout::{Loc, Triple};
use super::lexer::Tok;
use super::limits;
use crate::diag::{Diagnostic, Span};
use crate::intern::Sym;
use lalrpop_util::{ErrorRecovery, ParseError};
use std::cell::{Cell, RefCell};

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, clippy::pedantic, unused, missing_docs)]
    grammar,
    "/syntax/grammar.rs"
);

/// An operand of a binary chain, remembering whether it is a monadic
/// operation or conversion written without brackets (which may not be an
/// operand of a binary operator in occam). Not boxed: it is no larger than
/// the parser's other expression symbols, and every operand is one.
pub struct Term {
    pub expr: Expr,
    pub bare: bool,
}

impl Term {
    pub fn plain(expr: Expr) -> Term {
        Term { expr, bare: false }
    }

    pub fn bare(expr: Expr) -> Term {
        Term { expr, bare: true }
    }
}

/// Moves boxed list items out of their boxes (see the grammar on why the
/// parser boxes large nodes).
pub fn unbox<T>(v: Vec<Box<T>>) -> Vec<T> {
    v.into_iter().map(|b| *b).collect()
}

/// A formal parameter as parsed: its specifier (`VAL`?, type) if written,
/// the name, the direction and the span ends.
pub type FormalItem = (Option<(bool, Type)>, Name, Option<ChanDir>, Loc, Loc);

/// Parser state shared by all semantic actions.
#[derive(Default)]
pub struct Ctx {
    next_id: Cell<u32>,
    diags: RefCell<Vec<Diagnostic>>,
}

impl Ctx {
    fn id(&self) -> NodeId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        NodeId(id)
    }

    fn error(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    pub fn name(&self, l: Loc, text: Sym, r: Loc) -> Name {
        Name {
            id: self.id(),
            span: l.to(r),
            text,
        }
    }

    pub fn expr(&self, l: Loc, kind: ExprKind, r: Loc) -> Expr {
        self.expr_span(l.to(r), kind)
    }

    pub fn expr_span(&self, span: Span, kind: ExprKind) -> Expr {
        Expr {
            id: self.id(),
            span,
            kind,
        }
    }

    pub fn process(&self, l: Loc, kind: ProcessKind, r: Loc) -> Box<Process> {
        Box::new(Process {
            id: self.id(),
            span: l.to(r),
            specs: Vec::new(),
            kind,
        })
    }

    /// A process whose span and id are given by [`Ctx::place`] once the
    /// grammar knows where it ends (built boxed at once: the node is large).
    pub fn kind(&self, kind: ProcessKind) -> Box<Process> {
        Box::new(Process {
            id: NodeId(0),
            span: Span::default(),
            specs: Vec::new(),
            kind,
        })
    }

    /// Gives a process made by [`Ctx::kind`] its span and id.
    pub fn place(&self, l: Loc, mut p: Box<Process>, r: Loc) -> Box<Process> {
        p.id = self.id();
        p.span = l.to(r);
        p
    }

    /// A specification whose span and id are given by [`Ctx::place_spec`]
    /// (built boxed at once, like [`Ctx::kind`]: one allocation per node).
    pub fn spec_kind(&self, kind: SpecKind) -> Box<Spec> {
        Box::new(Spec {
            id: NodeId(0),
            span: Span::default(),
            kind,
        })
    }

    /// Gives a specification made by [`Ctx::spec_kind`] its span and id.
    pub fn place_spec(&self, l: Loc, mut s: Box<Spec>, r: Loc) -> Box<Spec> {
        s.id = self.id();
        s.span = l.to(r);
        s
    }

    /// A block that should hold one process but holds several: an error
    /// (unless one of them is already an error), and an error process.
    pub fn several(&self, first: &Process, rest: Vec<Process>) -> Box<Process> {
        let last = rest.last().map_or(first.span, |p| p.span);
        let span = first.span.to(last);
        let broken = std::iter::once(first)
            .chain(rest.iter())
            .any(|p| matches!(p.kind, ProcessKind::Error));
        if !broken {
            self.error(
                Diagnostic::error("E0407", rest[0].span, "only one process may stand here")
                    .with_label(first.span, "this is the process")
                    .with_help("to run them one after another, put them under a SEQ"),
            );
        }
        Box::new(Process {
            id: self.id(),
            span,
            specs: Vec::new(),
            kind: ProcessKind::Error,
        })
    }

    pub fn set_val(&self, mut k: Box<Spec>) -> Box<Spec> {
        match &mut k.kind {
            SpecKind::Abbrev { val, .. } | SpecKind::Retypes { val, .. } => *val = true,
            _ => {}
        }
        k
    }

    pub fn set_inline(&self, mut k: Box<Spec>) -> Box<Spec> {
        match &mut k.kind {
            SpecKind::Proc { inline, .. } | SpecKind::Function { inline, .. } => *inline = true,
            _ => {}
        }
        k
    }

    /// Outer level: specifications, then at most one process, last.
    pub fn top(&self, items: Vec<Result<Box<Spec>, Box<Process>>>) -> (Vec<Spec>, Option<Process>) {
        let mut specs = Vec::new();
        let mut main: Option<Process> = None;
        for item in items {
            match item {
                Ok(s) => {
                    if let Some(p) = &main {
                        self.error(
                            Diagnostic::error(
                                "E0404",
                                p.span,
                                "a process at the outer level must come after all specifications",
                            )
                            .with_label(s.span, "this specification follows it"),
                        );
                    }
                    specs.push(*s);
                }
                Err(p) if matches!(p.kind, ProcessKind::Error) => {
                    // Already reported; placing it would only add noise.
                }
                Err(p) => {
                    if let Some(prev) = &main {
                        if !matches!(prev.kind, ProcessKind::Error) {
                            self.error(
                                Diagnostic::error(
                                    "E0405",
                                    p.span,
                                    "only one process may stand at the outer level",
                                )
                                .with_label(prev.span, "first process here")
                                .with_help("put the processes in a SEQ or PAR"),
                            );
                        }
                    }
                    main = Some(*p);
                }
            }
        }
        (specs, main)
    }

    /// Gives bare names in a formal list the specifier of the formal before.
    pub fn formals(&self, items: Vec<Box<FormalItem>>) -> Vec<Formal> {
        let mut out: Vec<Formal> = Vec::with_capacity(items.len());
        let mut current: Option<(bool, Type)> = None;
        for item in items {
            let (spec, name, dir, l, r) = *item;
            if let Some(s) = spec {
                current = Some(s);
            }
            let Some((val, ty)) = current.clone() else {
                self.error(
                    Diagnostic::error(
                        "E0406",
                        name.span,
                        format!("formal parameter `{}` has no type", name.text),
                    )
                    .with_help("write the type before the name, e.g. `VAL INT n`"),
                );
                continue;
            };
            out.push(Formal {
                span: l.to(r),
                val,
                ty,
                name,
                dir,
            });
        }
        out
    }

    pub fn array_type(&self, l: Loc, dims: Vec<(Loc, Option<Expr>)>, elem: Type) -> Type {
        if dims.len() > limits::MAX_CHAIN {
            self.error(Diagnostic::error(
                "E0403",
                l.to(Loc::new(elem.span.file, elem.span.end)),
                format!("array type has more than {} dimensions", limits::MAX_CHAIN),
            ));
            return elem;
        }
        let end = elem.span;
        dims.into_iter().rev().fold(elem, |elem, (dl, dim)| Type {
            span: dl.to(Loc::new(end.file, end.end)),
            kind: TypeKind::Array {
                dim: dim.map(Box::new),
                elem: Box::new(elem),
            },
        })
    }

    /// `[d0][d1]…T` read as the table `[d0]`, subscripts and the element type
    /// (see `ArrayType` in the grammar). A table of several items is not a
    /// dimension: reported, and its first item kept so that checking goes on.
    pub fn table_array_type(&self, l: Loc, t: Expr, subs: Vec<(Expr, Loc)>, elem: Type) -> Type {
        let span = t.span;
        let mut items = match t.kind {
            ExprKind::Table { items, .. } => items,
            kind => vec![self.expr_span(span, kind)],
        };
        if items.len() != 1 {
            self.error(
                Diagnostic::error(
                    "E0413",
                    span,
                    "an array dimension is one expression in brackets",
                )
                .with_span_label("a list of values here")
                .with_help("write one `[n]` for each dimension: `[2][3]INT`"),
            );
        }
        items.truncate(1);
        let first = items.pop().map(|e| (l, Some(e)));
        let dims = first
            .into_iter()
            .chain(subs.into_iter().map(|(e, _)| {
                let at = Loc::new(e.span.file, e.span.start);
                (at, Some(e))
            }))
            .collect();
        self.array_type(l, dims, elem)
    }

    pub fn subscripts(&self, l: Loc, base: Expr, subs: Vec<(Expr, Loc)>) -> Expr {
        if subs.len() > limits::MAX_CHAIN {
            let span = base.span;
            self.error(Diagnostic::error(
                "E0403",
                span,
                format!("more than {} subscripts in a row", limits::MAX_CHAIN),
            ));
            return self.expr_span(span, ExprKind::Error);
        }
        subs.into_iter().fold(base, |base, (index, r)| {
            self.expr(
                l,
                ExprKind::Subscript {
                    base: Box::new(base),
                    index: Box::new(index),
                },
                r,
            )
        })
    }

    pub fn typed_table(&self, l: Loc, t: Expr, ty: Type, r: Loc) -> Expr {
        match t.kind {
            ExprKind::Table { items, ty: None } => self.expr(
                l,
                ExprKind::Table {
                    items,
                    ty: Some(Box::new(ty)),
                },
                r,
            ),
            other => self.expr(l, other, r),
        }
    }

    /// Builds `t op t op t ...`, enforcing occam's rule that operators have
    /// no precedence: one chain may repeat only one associative operator,
    /// and its operands may not be unbracketed monadic operations or
    /// conversions.
    pub fn chain(&self, first: Term, rest: Vec<((Loc, BinOp, Loc), Term)>) -> Expr {
        if rest.is_empty() {
            return first.expr;
        }
        if rest.len() >= limits::MAX_CHAIN {
            let span = first.expr.span;
            self.error(
                Diagnostic::error(
                    "E0403",
                    span,
                    format!(
                        "expression too long: more than {} operands in one chain",
                        limits::MAX_CHAIN
                    ),
                )
                .with_help("split it using abbreviations"),
            );
            return self.expr_span(span, ExprKind::Error);
        }
        let first_op = rest[0].0;
        let mut ok = true;
        for ((l, op, r), _) in &rest[1..] {
            if *op != first_op.1 {
                self.error(
                    Diagnostic::error(
                        "E0401",
                        l.to(*r),
                        "occam has no operator precedence: add brackets",
                    )
                    .with_span_label(format!(
                        "`{}` follows `{}` without brackets",
                        op.text(),
                        first_op.1.text()
                    ))
                    .with_label(first_op.0.to(first_op.2), "first operator here")
                    .with_help("bracket each operation, e.g. `(a + b) * c`"),
                );
                ok = false;
                break;
            } else if !op.chains() {
                self.error(
                    Diagnostic::error(
                        "E0401",
                        l.to(*r),
                        format!("occam has no operator precedence: add brackets (`{}` cannot be chained)", op.text()),
                    )
                    .with_help("only `+ * PLUS TIMES AND OR /\\ \\/ ><` may be repeated without brackets"),
                );
                ok = false;
                break;
            }
        }
        let bare = std::iter::once(&first)
            .chain(rest.iter().map(|(_, t)| t))
            .find(|t| t.bare);
        if let (true, Some(t)) = (ok, bare) {
            self.error(
                Diagnostic::error("E0402", t.expr.span, "occam has no operator precedence: add brackets")
                    .with_span_label("put this operation in brackets")
                    .with_help("a monadic operator or conversion applies to one operand; write e.g. `(NOT a) AND b`"),
            );
            ok = false;
        }
        let start = first.expr.span;
        let mut acc = first.expr;
        for ((_, op, _), t) in rest {
            let span = start.to(t.expr.span);
            acc = self.expr_span(
                span,
                ExprKind::Binary {
                    op,
                    lhs: Box::new(acc),
                    rhs: Box::new(t.expr),
                },
            );
        }
        if !ok {
            acc.kind = ExprKind::Error;
        }
        acc
    }

    /// Reports an error the grammar recovered from.
    pub fn recover(&self, e: ErrorRecovery<Loc, Tok, ()>) {
        self.error(syntax_error(e.error));
    }
}

/// Readable name of a grammar terminal as LALRPOP lists it (`"\"SEQ\""`).
fn terminal_name(t: &str) -> String {
    let inner = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t)
        .replace("\\\\", "\\");
    let inner = inner
        .strip_prefix("r#\"")
        .and_then(|s| s.strip_suffix("\"#"))
        .map(str::to_owned)
        .unwrap_or(inner);
    match inner.as_str() {
        "INDENT" => "an indented block".into(),
        "DEDENT" => "the end of the block".into(),
        "NEWLINE" => "a new line".into(),
        "name" => "a name".into(),
        "int" | "hex" | "real" => "a number".into(),
        "byte" => "a byte literal".into(),
        "string" => "a string".into(),
        other => format!("`{other}`"),
    }
}

/// Summarises an expected-terminal list: "a process", "an expression" or a
/// short list.
fn expected_text(expected: &[String]) -> String {
    let has = |s: &str| expected.iter().any(|e| e.trim_matches('"') == s);
    if has("SKIP") && has("SEQ") && has("WHILE") {
        return "a process or specification".into();
    }
    if has("name") && has("int") && has("(") && has("MOSTPOS") {
        let others: Vec<String> = expected
            .iter()
            .filter(|e| {
                matches!(
                    e.trim_matches('"'),
                    "INDENT" | "NEWLINE" | ":" | "," | ")" | "]" | ":=" | "FOR" | "FROM" | "&"
                )
            })
            .map(|e| terminal_name(e))
            .collect();
        if others.is_empty() {
            return "an expression".into();
        }
        return format!("an expression or {}", others.join(", "));
    }
    // Binary operators are always possible after an operand: name them once.
    let ops: &[&str] = &[
        "+", "-", "*", "/", "\\\\", "/\\\\", "\\\\/", "><", "<<", ">>", "=", "<>", "<", ">", "<=",
        ">=", "AND", "OR", "REM", "PLUS", "MINUS", "TIMES", "BITAND", "BITOR", "AFTER",
    ];
    let is_op = |e: &String| {
        let t = e
            .trim_start_matches("r#")
            .trim_matches('#')
            .trim_matches('"');
        ops.contains(&t)
    };
    let mut names: Vec<String> = Vec::new();
    if expected.iter().filter(|e| is_op(e)).count() > 4 {
        names.push("an operator".into());
    }
    for e in expected.iter().filter(|e| !is_op(e)) {
        let n = terminal_name(e);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    match names.len() {
        0 => "nothing more".into(),
        1 => names.remove(0),
        n if n <= 8 => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {}", names.join(", "), last)
        }
        _ => format!(
            "{}, ... (one of {} tokens)",
            names[..6].join(", "),
            names.len()
        ),
    }
}

/// Turns a LALRPOP error into a diagnostic.
pub fn syntax_error(e: ParseError<Loc, Tok, ()>) -> Diagnostic {
    match e {
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let span = l.to(r);
            let exp = expected_text(&expected);
            match tok {
                Tok::Indent => Diagnostic::error("E0410", span, "unexpected indentation")
                    .with_span_label(format!("expected {exp}"))
                    .with_help("only the body of a construct is indented, by two spaces"),
                Tok::Newline | Tok::Dedent if expected.iter().any(|e| e == "\"INDENT\"") => {
                    Diagnostic::error("E0411", span, format!("expected {exp}")).with_span_label(
                        "the body should follow on the next line, indented by two spaces",
                    )
                }
                Tok::Newline | Tok::Dedent => Diagnostic::error(
                    "E0412",
                    span,
                    format!("unexpected end of line, expected {exp}"),
                ),
                other => Diagnostic::error(
                    "E0413",
                    span,
                    format!("expected {exp}, found {}", other.describe()),
                ),
            }
        }
        ParseError::UnrecognizedEof { location, expected } => Diagnostic::error(
            "E0414",
            location.to(location),
            format!(
                "unexpected end of file, expected {}",
                expected_text(&expected)
            ),
        ),
        ParseError::ExtraToken { token: (l, tok, r) } => {
            Diagnostic::error("E0413", l.to(r), format!("unexpected {}", tok.describe()))
        }
        ParseError::InvalidToken { location } => {
            Diagnostic::error("E0413", location.to(location), "invalid token")
        }
        ParseError::User { .. } => Diagnostic::error("E0413", Span::default(), "syntax error"),
    }
}

/// Parses a layout token stream into the outer-level specifications, the
/// optional outer-level process and the node count. Returns `None` only if
/// the parser could not recover at all (the error is in `diags`).
pub fn parse(
    tokens: impl Iterator<Item = Triple>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<Spec>, Option<Process>, u32)> {
    let ctx = Ctx::default();
    let result = grammar::ProgramParser::new().parse(&ctx, tokens.map(Ok::<_, ()>));
    // Recovery can report the same error twice at one place: keep one.
    let mut own = ctx.diags.take();
    own.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    diags.append(&mut own);
    match result {
        Ok(program) => {
            let (specs, main) = *program;
            Some((specs, main, ctx.next_id.get()))
        }
        Err(e) => {
            diags.push(syntax_error(e));
            None
        }
    }
}
