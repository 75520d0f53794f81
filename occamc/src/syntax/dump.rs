//! Text dump of the AST, for `occamc --emit ast` and the golden tests.
//!
//! One line per process, specification and structural part, indented two
//! spaces per level, with `@line:col` for every process and specification.
//! Expressions and types are printed inline in occam syntax, fully
//! bracketed, so the dump shows exactly how a chain was grouped.
//!
//! The printer recurses; the depth of any tree the parser builds is bounded
//! by `syntax::limits`, so this is safe on a normal thread stack.

use super::ast::*;
use crate::diag::{SourceMap, Span};
use std::fmt::Write;

/// Dumps a whole program.
pub fn dump_program(p: &Program, sources: &SourceMap) -> String {
    let mut d = Dumper {
        out: String::new(),
        sources,
        depth: 0,
    };
    d.line("program");
    d.depth += 1;
    for u in &p.uses {
        d.line(&format!("use {:?}", u.text));
    }
    for dir in &p.directives {
        d.line(&format!("{:?} {:?}", dir.kind, dir.text).to_lowercase());
    }
    for s in &p.specs {
        d.spec(s);
    }
    if let Some(m) = &p.main {
        d.process(m);
    }
    d.out
}

struct Dumper<'a> {
    out: String,
    sources: &'a SourceMap,
    depth: usize,
}

impl Dumper<'_> {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `@line:col`, or `@file:line:col` outside the main file.
    fn at(&self, span: Span) -> String {
        let (l, c) = self.sources.line_col(span);
        if span.file.0 == 0 {
            format!("@{l}:{c}")
        } else {
            let name = self.sources.name(span.file);
            let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
            format!("@{base}:{l}:{c}")
        }
    }

    /// Prints the bodies of the inline VALOFs inside `es` (the line above
    /// shows them as `(VALOF ... RESULT ...)`).
    fn valofs<'e>(&mut self, es: impl IntoIterator<Item = &'e Expr>) {
        let mut found = Vec::new();
        for e in es {
            collect_valofs(e, &mut found);
        }
        for v in found {
            self.nested(|d| {
                d.line("valof-expression");
                d.nested(|d| d.valof(v));
            });
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    fn specs(&mut self, specs: &[Spec]) {
        for s in specs {
            self.spec(s);
        }
    }

    fn spec(&mut self, s: &Spec) {
        let at = self.at(s.span);
        match &s.kind {
            SpecKind::Decl { ty, names } => {
                self.line(&format!("decl {at} {} {}", ty_str(ty), names_str(names)))
            }
            SpecKind::Abbrev {
                val,
                ty,
                name,
                dir,
                value,
            } => {
                let ty = ty
                    .as_ref()
                    .map(|t| format!("{} ", ty_str(t)))
                    .unwrap_or_default();
                self.line(&format!(
                    "abbrev {at} {}{ty}{}{} IS {}",
                    if *val { "VAL " } else { "" },
                    name.text,
                    dir_str(*dir),
                    expr_str(value)
                ));
                self.valofs([value]);
            }
            SpecKind::Retypes {
                val,
                reshapes,
                ty,
                name,
                value,
            } => self.line(&format!(
                "retypes {at} {}{} {} {} {}",
                if *val { "VAL " } else { "" },
                ty_str(ty),
                name.text,
                if *reshapes { "RESHAPES" } else { "RETYPES" },
                expr_str(value)
            )),
            SpecKind::Proc {
                inline,
                name,
                formals,
                body,
            } => {
                let inl = if *inline { "INLINE " } else { "" };
                self.line(&format!("proc {at} {inl}{}", name.text));
                self.nested(|d| {
                    d.formals(formals);
                    d.process(body);
                });
            }
            SpecKind::Function {
                inline,
                results,
                name,
                formals,
                body,
            } => {
                let inl = if *inline { "INLINE " } else { "" };
                let res: Vec<String> = results.iter().map(ty_str).collect();
                self.line(&format!(
                    "function {at} {inl}{} {}",
                    res.join(", "),
                    name.text
                ));
                self.nested(|d| {
                    d.formals(formals);
                    match body {
                        FunctionBody::Is(es) => {
                            d.line(&format!("is {}", exprs_str(es)));
                            d.valofs(es);
                        }
                        FunctionBody::Valof(v) => d.valof(v),
                    }
                });
            }
            SpecKind::Protocol { name, def } => match def {
                ProtocolDef::Sequential(items) => {
                    let items: Vec<String> = items.iter().map(proto_str).collect();
                    self.line(&format!(
                        "protocol {at} {} IS {}",
                        name.text,
                        items.join("; ")
                    ))
                }
                ProtocolDef::Variant(tags) => {
                    self.line(&format!("protocol {at} {} CASE", name.text));
                    self.nested(|d| {
                        for t in tags {
                            let mut s = t.tag.text.to_string();
                            for i in &t.items {
                                let _ = write!(s, "; {}", proto_str(i));
                            }
                            d.line(&format!("tag {s}"));
                        }
                    });
                }
            },
            SpecKind::DataType { name, def } => match def {
                DataTypeDef::Is(t) => {
                    self.line(&format!("datatype {at} {} IS {}", name.text, ty_str(t)))
                }
                DataTypeDef::Record { packed, fields } => {
                    let p = if *packed { "PACKED " } else { "" };
                    self.line(&format!("datatype {at} {} {p}RECORD", name.text));
                    self.nested(|d| {
                        for f in fields {
                            d.line(&format!("field {} {}", ty_str(&f.ty), names_str(&f.names)));
                        }
                    });
                }
            },
            SpecKind::Place { name, place } => {
                let where_ = match place {
                    Placement::At(e) => format!("AT {}", expr_str(e)),
                    Placement::InWorkspace => "IN WORKSPACE".into(),
                    Placement::InVecspace => "IN VECSPACE".into(),
                };
                self.line(&format!("place {at} {} {where_}", name.text))
            }
            SpecKind::Error => self.line(&format!("error-spec {at}")),
        }
    }

    fn formals(&mut self, formals: &[Formal]) {
        for f in formals {
            self.line(&format!(
                "formal {}{} {}{}",
                if f.val { "VAL " } else { "" },
                ty_str(&f.ty),
                f.name.text,
                dir_str(f.dir)
            ));
        }
    }

    fn valof(&mut self, v: &Valof) {
        self.specs(&v.specs);
        self.line("valof");
        self.nested(|d| {
            d.process(&v.body);
            d.line(&format!("result {}", exprs_str(&v.results)));
            d.valofs(&v.results);
        });
    }

    fn repl(r: &Option<Box<Replicator>>) -> String {
        match r {
            Some(r) => format!(
                " {} = {} FOR {}",
                r.name.text,
                expr_str(&r.base),
                expr_str(&r.count)
            ),
            None => String::new(),
        }
    }

    fn process(&mut self, p: &Process) {
        self.specs(&p.specs);
        let at = self.at(p.span);
        match &p.kind {
            ProcessKind::Skip => self.line(&format!("skip {at}")),
            ProcessKind::Stop => self.line(&format!("stop {at}")),
            ProcessKind::Assign { lhs, rhs } => {
                self.line(&format!(
                    "assign {at} {} := {}",
                    exprs_str(lhs),
                    exprs_str(rhs)
                ));
                self.valofs(rhs);
            }
            ProcessKind::Output { chan, items } => {
                let items: Vec<String> = items.iter().map(out_str).collect();
                self.line(&format!(
                    "output {at} {} ! {}",
                    expr_str(chan),
                    items.join("; ")
                ))
            }
            ProcessKind::Input { chan, input } => {
                let c = expr_str(chan);
                self.input(&format!("input {at} {c}"), input);
            }
            ProcessKind::Call { name, args } => {
                self.line(&format!("call {at} {} ({})", name.text, exprs_str(args)));
                self.valofs(args);
            }
            ProcessKind::Seq { repl, body } => {
                self.line(&format!("seq {at}{}", Self::repl(repl)));
                self.nested(|d| body.iter().for_each(|b| d.process(b)));
            }
            ProcessKind::Par { kind, repl, body } => {
                let k = match kind {
                    ParKind::Par => "par",
                    ParKind::PriPar => "pri-par",
                    ParKind::PlacedPar => "placed-par",
                };
                self.line(&format!("{k} {at}{}", Self::repl(repl)));
                self.nested(|d| body.iter().for_each(|b| d.process(b)));
            }
            ProcessKind::Processor { number, ty, body } => {
                let ty = ty
                    .as_ref()
                    .map(|t| format!(" {}", t.text))
                    .unwrap_or_default();
                self.line(&format!("processor {at} {}{ty}", expr_str(number)));
                self.nested(|d| d.process(body));
            }
            ProcessKind::If { repl, choices } => {
                self.line(&format!("if {at}{}", Self::repl(repl)));
                self.nested(|d| {
                    for c in choices {
                        d.specs(&c.specs);
                        match &c.kind {
                            ChoiceKind::Guarded { cond, body } => {
                                d.line(&format!("choice {}", expr_str(cond)));
                                d.nested(|d| d.process(body));
                            }
                            ChoiceKind::Nested(p) => d.process(p),
                        }
                    }
                });
            }
            ProcessKind::Case { selector, options } => {
                self.line(&format!("case {at} {}", expr_str(selector)));
                self.nested(|d| {
                    for o in options {
                        d.specs(&o.specs);
                        if o.is_else {
                            d.line("else");
                        } else {
                            d.line(&format!("option {}", exprs_str(&o.labels)));
                        }
                        d.nested(|d| d.process(&o.body));
                    }
                });
            }
            ProcessKind::While { cond, body } => {
                self.line(&format!("while {at} {}", expr_str(cond)));
                self.nested(|d| d.process(body));
            }
            ProcessKind::Asm { guy, lines } => {
                self.line(&format!("{} {at}", if *guy { "guy" } else { "asm" }));
                self.nested(|d| {
                    for l in lines {
                        let at = d.at(l.span);
                        match l.args.is_empty() {
                            true => d.line(&format!("{} {at}", l.op)),
                            false => d.line(&format!("{} {at} {}", l.op, exprs_str(&l.args))),
                        }
                    }
                });
            }
            ProcessKind::Alt { pri, repl, alts } => {
                let k = if *pri { "pri-alt" } else { "alt" };
                self.line(&format!("{k} {at}{}", Self::repl(repl)));
                self.nested(|d| {
                    for a in alts {
                        d.specs(&a.specs);
                        d.alternative(a);
                    }
                });
            }
            ProcessKind::Error => self.line(&format!("error-process {at}")),
        }
    }

    fn alternative(&mut self, a: &Alternative) {
        let cond_str = |c: &Option<Expr>| {
            c.as_ref()
                .map(|c| format!(" {} &", expr_str(c)))
                .unwrap_or_default()
        };
        match &a.kind {
            AltKind::Guarded { cond, guard, body } => {
                let c = cond_str(cond);
                match guard {
                    Guard::Skip => self.line(&format!("guard{c} SKIP")),
                    Guard::Input { chan, input } => {
                        self.input(&format!("guard{c} {}", expr_str(chan)), input)
                    }
                }
                self.nested(|d| d.process(body));
            }
            AltKind::CaseInput {
                cond,
                chan,
                variants,
            } => {
                self.line(&format!(
                    "guard{} {} ? CASE",
                    cond_str(cond),
                    expr_str(chan)
                ));
                self.nested(|d| d.variants(variants));
            }
            AltKind::Nested(p) => self.process(p),
        }
    }

    fn input(&mut self, head: &str, input: &Input) {
        match input {
            Input::Items(items) => self.line(&format!("{head} ? {}", in_items_str(items))),
            Input::After(e) => self.line(&format!("{head} ? AFTER {}", expr_str(e))),
            Input::Tagged { tag, items } => {
                let mut s = format!("{head} ? CASE {}", tag.text);
                if !items.is_empty() {
                    let _ = write!(s, "; {}", in_items_str(items));
                }
                self.line(&s)
            }
            Input::Case(vs) => {
                self.line(&format!("{head} ? CASE"));
                self.nested(|d| d.variants(vs));
            }
        }
    }

    fn variants(&mut self, vs: &[Variant]) {
        for v in vs {
            self.specs(&v.specs);
            let mut s = format!("variant {}", v.tag.text);
            if !v.items.is_empty() {
                let _ = write!(s, "; {}", in_items_str(&v.items));
            }
            self.line(&s);
            self.nested(|d| d.process(&v.body));
        }
    }
}

/// Finds the VALOF expressions in `e`, outermost first.
fn collect_valofs<'e>(e: &'e Expr, out: &mut Vec<&'e Valof>) {
    match &e.kind {
        ExprKind::Valof(v) => out.push(v),
        ExprKind::Table { items, .. } => items.iter().for_each(|i| collect_valofs(i, out)),
        ExprKind::Call { args, .. } => args.iter().for_each(|a| collect_valofs(a, out)),
        ExprKind::Subscript { base, index } => {
            collect_valofs(base, out);
            collect_valofs(index, out);
        }
        ExprKind::Slice { base, start, count } => {
            collect_valofs(base, out);
            for x in [start, count].into_iter().flatten() {
                collect_valofs(x, out);
            }
        }
        ExprKind::Unary { operand, .. } | ExprKind::Conversion { operand, .. } => {
            collect_valofs(operand, out)
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            collect_valofs(lhs, out);
            collect_valofs(rhs, out);
        }
        ExprKind::ChanEnd { chan, .. } => collect_valofs(chan, out),
        ExprKind::BytesIn(BytesInArg::Expr(x)) => collect_valofs(x, out),
        _ => {}
    }
}

fn names_str(names: &[Name]) -> String {
    names
        .iter()
        .map(|n| n.text.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn dir_str(d: Option<ChanDir>) -> &'static str {
    match d {
        Some(ChanDir::Input) => "?",
        Some(ChanDir::Output) => "!",
        None => "",
    }
}

/// A type in occam syntax.
pub fn ty_str(t: &Type) -> String {
    match &t.kind {
        TypeKind::Bool => "BOOL".into(),
        TypeKind::Byte => "BYTE".into(),
        TypeKind::Int => "INT".into(),
        TypeKind::Int16 => "INT16".into(),
        TypeKind::Int32 => "INT32".into(),
        TypeKind::Int64 => "INT64".into(),
        TypeKind::Real32 => "REAL32".into(),
        TypeKind::Real64 => "REAL64".into(),
        TypeKind::Named(n) => n.text.to_string(),
        TypeKind::Array { dim, elem } => match dim {
            Some(d) => format!("[{}]{}", expr_str(d), ty_str(elem)),
            None => format!("[]{}", ty_str(elem)),
        },
        TypeKind::Chan(p) => format!("CHAN OF {}", proto_str(p)),
        TypeKind::Timer => "TIMER".into(),
        TypeKind::Port(t) => format!("PORT OF {}", ty_str(t)),
    }
}

fn proto_str(p: &ProtocolItem) -> String {
    match p {
        ProtocolItem::Simple(t) => ty_str(t),
        ProtocolItem::Counted { len, elem, .. } => format!("{}::{}", ty_str(len), ty_str(elem)),
        ProtocolItem::Any(_) => "ANY".into(),
    }
}

fn exprs_str(es: &[Expr]) -> String {
    es.iter().map(expr_str).collect::<Vec<_>>().join(", ")
}

fn out_str(i: &OutputItem) -> String {
    match i {
        OutputItem::Expr(e) => expr_str(e),
        OutputItem::Counted { len, data } => format!("{}::{}", expr_str(len), expr_str(data)),
    }
}

fn in_items_str(items: &[InputItem]) -> String {
    items
        .iter()
        .map(|i| match i {
            InputItem::Var(e) => expr_str(e),
            InputItem::Counted { len, data } => format!("{}::{}", expr_str(len), expr_str(data)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn bytes_str(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        match b {
            b'"' => s.push_str("*\""),
            b'\'' => s.push_str("*'"),
            b'*' => s.push_str("**"),
            b'\n' => s.push_str("*n"),
            b'\r' => s.push_str("*c"),
            b'\t' => s.push_str("*t"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "*#{b:02X}");
            }
        }
    }
    s
}

/// An expression in occam syntax, every operation bracketed.
pub fn expr_str(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(n) => n.text.to_string(),
        ExprKind::Lit(l) => {
            let base = match &l.kind {
                LitKind::Int(v) => v.to_string(),
                LitKind::Hex(v) => format!("#{v:X}"),
                LitKind::Real(s) => s.clone(),
                LitKind::Byte(b) => format!("'{}'", bytes_str(&[*b])),
                LitKind::Str(s) => format!("\"{}\"", bytes_str(s)),
                LitKind::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            };
            match &l.ty {
                Some(t) => format!("{base}({})", ty_str(t)),
                None => base,
            }
        }
        ExprKind::Table { items, ty } => {
            let base = format!("[{}]", exprs_str(items));
            match ty {
                Some(t) => format!("{base}({})", ty_str(t)),
                None => base,
            }
        }
        ExprKind::Subscript { base, index } => format!("{}[{}]", expr_str(base), expr_str(index)),
        ExprKind::Slice { base, start, count } => {
            let mut s = format!("[{}", expr_str(base));
            if let Some(st) = start {
                let _ = write!(s, " FROM {}", expr_str(st));
            }
            if let Some(c) = count {
                let _ = write!(s, " FOR {}", expr_str(c));
            }
            s.push(']');
            s
        }
        ExprKind::Unary { op, operand } => {
            let o = match op {
                UnOp::Neg => "-",
                UnOp::Minus => "MINUS ",
                UnOp::BitNot => "~",
                UnOp::Not => "NOT ",
                UnOp::Size => "SIZE ",
            };
            format!("({o}{})", expr_str(operand))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", expr_str(lhs), op.text(), expr_str(rhs))
        }
        ExprKind::Conversion { ty, mode, operand } => {
            let m = match mode {
                ConvMode::Exact => "",
                ConvMode::Round => " ROUND",
                ConvMode::Trunc => " TRUNC",
            };
            format!("({}{m} {})", ty_str(ty), expr_str(operand))
        }
        ExprKind::MostPos(t) => format!("(MOSTPOS {})", ty_str(t)),
        ExprKind::MostNeg(t) => format!("(MOSTNEG {})", ty_str(t)),
        ExprKind::BytesIn(BytesInArg::Type(t)) => format!("BYTESIN({})", ty_str(t)),
        ExprKind::BytesIn(BytesInArg::Expr(e)) => format!("BYTESIN({})", expr_str(e)),
        ExprKind::OffsetOf { ty, field } => format!("OFFSETOF({}, {})", ty.text, field.text),
        ExprKind::Call { name, args } => format!("{}({})", name.text, exprs_str(args)),
        ExprKind::Valof(v) => {
            let specs = if v.specs.is_empty() { "" } else { "specs " };
            format!("(VALOF {specs}... RESULT {})", exprs_str(&v.results))
        }
        ExprKind::ChanEnd { dir, chan } => format!("{}{}", expr_str(chan), dir_str(Some(*dir))),
        ExprKind::Error => "<error>".into(),
    }
}
