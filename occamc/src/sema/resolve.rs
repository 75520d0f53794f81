//! Name resolution: which declaration every identifier occurrence denotes.
//!
//! occam scoping is simple and strict: a specification scopes over the
//! specifications and the process that follow it; PROC and FUNCTION formals
//! scope over the body; a replicator index scopes over the replicated
//! process (its base and count are outside); a PROC's own name is not in
//! scope in its body (there is no recursion). This pass walks the AST once
//! with a scope table and produces [`Resolution`]: one [`Entity`] per
//! declaration and, for every [`ast::Name`] occurrence, the entity it
//! denotes.
//!
//! Some names cannot be resolved without types and are left to the type
//! checker: record fields (`r[field]`, `OFFSETOF (T, field)`) and variant
//! tags (`c ? CASE tag`, `c ! tag; x`), which are looked up in the record
//! type or the channel's protocol. A bare subscript name, or a first output
//! item, that is not in scope is recorded in [`Resolution::maybe_field`]
//! ("deferred") instead of being reported here; the type checker reports it
//! if it turns out not to be a field or tag.
//!
//! Errors (E05xx): undeclared names (with a "did you mean" help), a name
//! declared twice in one declaration / formal list / record / protocol,
//! a name used as a type that is not one, recursion.

use super::fxhash::{FxHashMap, FxHashSet};
use super::intrinsics;
use crate::diag::{Diagnostic, Span};
use crate::intern::Sym;
use crate::syntax::ast::{self, NodeId};

/// Index of an [`Entity`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

impl EntityId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a variable-like name was declared (as far as syntax tells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarClass {
    Variable,
    Channel,
    Timer,
    Port,
    Abbrev,
    ValAbbrev,
    Param,
    ValParam,
    Replicator,
}

/// What a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityKind {
    Var(VarClass),
    Proc,
    Function,
    Protocol,
    DataType,
    /// A tag of a variant protocol.
    Tag,
    /// A predefined routine; index into [`intrinsics::TABLE`].
    Intrinsic(usize),
}

impl EntityKind {
    /// Plain-English description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            EntityKind::Var(c) => match c {
                VarClass::Variable => "variable",
                VarClass::Channel => "channel",
                VarClass::Timer => "timer",
                VarClass::Port => "port",
                VarClass::Abbrev | VarClass::ValAbbrev => "abbreviation",
                VarClass::Param | VarClass::ValParam => "parameter",
                VarClass::Replicator => "replicator index",
            },
            EntityKind::Proc => "PROC",
            EntityKind::Function => "FUNCTION",
            EntityKind::Protocol => "protocol",
            EntityKind::DataType => "data type",
            EntityKind::Tag => "protocol tag",
            EntityKind::Intrinsic(_) => "predefined routine",
        }
    }
}

/// One declaration.
#[derive(Clone, Debug)]
pub struct Entity<'a> {
    /// The declared name, borrowed from the AST (or the intrinsics table).
    pub name: &'a str,
    pub kind: EntityKind,
    /// The declaring name's span (a dummy span for predefined routines).
    pub span: Span,
    /// The innermost PROC/FUNCTION whose body declares it (None: outer level).
    pub owner: Option<EntityId>,
    /// Number of uses (for unused-name warnings).
    pub uses: u32,
}

/// The result of name resolution.
#[derive(Debug, Default)]
pub struct Resolution<'a> {
    pub entities: Vec<Entity<'a>>,
    /// For every `Name` node id (declaring or using), the entity it denotes
    /// ([`UNRESOLVED`] if none: half the size of an `Option`).
    name_entity: Vec<u32>,
    /// Deferred names (see the module doc): record fields or variant tags,
    /// or errors the type checker reports once it knows they are neither.
    pub maybe_field: FxHashSet<NodeId>,
}

/// The [`Resolution::name_entity`] of a name that denotes nothing.
const UNRESOLVED: u32 = u32::MAX;

impl<'a> Resolution<'a> {
    /// The entity a name occurrence denotes, if resolved.
    pub fn of(&self, name: &ast::Name) -> Option<EntityId> {
        match self.name_entity.get(name.id.index()) {
            Some(&e) if e != UNRESOLVED => Some(EntityId(e)),
            _ => None,
        }
    }

    pub fn entity(&self, id: EntityId) -> &Entity<'a> {
        &self.entities[id.index()]
    }
}

/// The resolver, driven one outer-level item at a time by lowering, which
/// resolves each item just before it lowers it (see `lower::lower`).
pub(super) struct Resolver<'a> {
    pub(super) res: Resolution<'a>,
    /// Name (by [`Sym::index`]: one multiply to hash, no text compared) →
    /// its slot in `innermost`. Slots of names gone out of scope stay, so a
    /// name declared again costs one lookup and no allocation.
    scope: FxHashMap<u32, u32>,
    /// Per slot, the innermost visible entity of that name.
    innermost: Vec<Option<EntityId>>,
    /// Per slot, its name (for "did you mean" help).
    slot_names: Vec<Sym>,
    /// Per entity, the entity of the same name it hides (visible again
    /// when it goes out of scope).
    shadowed: Vec<Option<EntityId>>,
    /// Entities bound, in order, with their slots, to undo scopes.
    log: Vec<(EntityId, u32)>,
    /// Enclosing PROC/FUNCTION entities (innermost last).
    procs: Vec<EntityId>,
    /// Names of the PROCs/FUNCTIONs whose bodies are being resolved.
    defining: Vec<(&'a str, Span)>,
    /// Name comparisons left for "did you mean" help (see
    /// [`SUGGESTION_BUDGET`]).
    suggestions_left: usize,
    /// Its own diagnostics, handed over by [`Resolver::finish`].
    diags: Vec<Diagnostic>,
}

/// How many (undeclared name, visible name) pairs the "did you mean" help
/// may compare in one run. Each undeclared name is compared with every
/// visible name, so thousands of errors in a large scope would otherwise
/// take time quadratic in the program; past the budget the errors are still
/// reported, without the help.
const SUGGESTION_BUDGET: usize = 2_000_000;

impl<'a> Resolver<'a> {
    /// A resolver at the outer level of `program`, with the intrinsics in
    /// scope.
    pub(super) fn new(program: &'a ast::Program) -> Resolver<'a> {
        let mut r = Resolver {
            res: Resolution {
                name_entity: vec![UNRESOLVED; program.node_count as usize],
                ..Resolution::default()
            },
            scope: FxHashMap::default(),
            innermost: Vec::new(),
            slot_names: Vec::new(),
            shadowed: Vec::new(),
            log: Vec::new(),
            procs: Vec::new(),
            defining: Vec::new(),
            suggestions_left: SUGGESTION_BUDGET,
            diags: Vec::new(),
        };
        for (i, sig) in intrinsics::TABLE.iter().enumerate() {
            let id = r.new_entity(sig.name, EntityKind::Intrinsic(i), Span::default());
            r.bind(Sym::intern(sig.name), id);
        }
        r
    }

    /// Resolves the next outer-level specification; it scopes over all that
    /// follow.
    pub(super) fn outer_spec(&mut self, spec: &'a ast::Spec) {
        self.spec(spec);
    }

    /// Resolves the outer-level process (an occam-2-style main program).
    pub(super) fn outer_process(&mut self, p: &'a ast::Process) {
        self.process(p);
    }

    /// The resolution and the diagnostics of everything resolved.
    pub(super) fn finish(self) -> (Resolution<'a>, Vec<Diagnostic>) {
        (self.res, self.diags)
    }

    fn new_entity(&mut self, name: &'a str, kind: EntityKind, span: Span) -> EntityId {
        let id = EntityId(self.res.entities.len() as u32);
        self.res.entities.push(Entity {
            name,
            kind,
            span,
            owner: self.procs.last().copied(),
            uses: 0,
        });
        self.shadowed.push(None);
        id
    }

    fn bind(&mut self, name: Sym, id: EntityId) {
        let next = self.innermost.len() as u32;
        let slot = *self.scope.entry(name.index() as u32).or_insert(next);
        if slot == next {
            self.innermost.push(None);
            self.slot_names.push(name);
        }
        self.shadowed[id.index()] = self.innermost[slot as usize].replace(id);
        self.log.push((id, slot));
    }

    fn mark(&self) -> usize {
        self.log.len()
    }

    fn pop(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (id, slot) = self.log.pop().expect("log longer than mark");
            self.innermost[slot as usize] = self.shadowed[id.index()];
        }
    }

    fn set(&mut self, name: &ast::Name, id: EntityId) {
        if let Some(slot) = self.res.name_entity.get_mut(name.id.index()) {
            *slot = id.0;
        }
    }

    /// Declares `name` as a new entity visible from now on.
    fn declare(&mut self, name: &'a ast::Name, kind: EntityKind) -> EntityId {
        let id = self.new_entity(&name.text, kind, name.span);
        self.set(name, id);
        self.bind(name.text, id);
        id
    }

    fn lookup_quiet(&self, name: Sym) -> Option<EntityId> {
        self.scope
            .get(&(name.index() as u32))
            .and_then(|&slot| self.innermost[slot as usize])
    }

    /// Resolves a use, reporting an undeclared name.
    fn use_name(&mut self, name: &ast::Name) -> Option<EntityId> {
        match self.lookup_quiet(name.text) {
            Some(id) => {
                self.res.entities[id.index()].uses += 1;
                self.set(name, id);
                Some(id)
            }
            None => {
                self.undeclared(name);
                None
            }
        }
    }

    fn undeclared(&mut self, name: &ast::Name) {
        if let Some((_, span)) = self.defining.iter().find(|(n, _)| *n == name.text) {
            let d = Diagnostic::error(
                "E0502",
                name.span,
                format!(
                    "`{}` calls itself, but occam 2.1 has no recursion",
                    name.text
                ),
            )
            .with_span_label("recursive use")
            .with_label(*span, "defined here");
            self.diags.push(d);
            return;
        }
        let mut d = Diagnostic::error(
            "E0501",
            name.span,
            format!("`{}` is not declared", name.text),
        )
        .with_span_label("not found in this scope");
        if let Some(left) = self.suggestions_left.checked_sub(self.scope.len()) {
            self.suggestions_left = left;
            let visible = self
                .slot_names
                .iter()
                .zip(&self.innermost)
                .filter(|(_, e)| e.is_some())
                .map(|(n, _)| n.as_str());
            if let Some(close) = closest(&name.text, visible) {
                d = d.with_help(format!("a name with a similar spelling exists: `{close}`"));
            }
        }
        self.diags.push(d);
    }

    /// Reports `name` if it already occurs in `seen` (returning false),
    /// otherwise records it.
    fn check_dup(&mut self, seen: &mut Seen, name: &ast::Name, what: &str) -> bool {
        if let Some(first) = seen.first(name.text) {
            let d = Diagnostic::error(
                "E0503",
                name.span,
                format!("`{}` is declared twice in {what}", name.text),
            )
            .with_span_label("second declaration")
            .with_label(first, "first declared here");
            self.diags.push(d);
            false
        } else {
            seen.insert(name.text, name.span);
            true
        }
    }

    // ------------------------------------------------------------ types

    fn ty(&mut self, ty: &'a ast::Type) {
        match &ty.kind {
            ast::TypeKind::Named(name) => {
                if let Some(id) = self.use_name(name) {
                    let kind = self.res.entities[id.index()].kind;
                    if !matches!(kind, EntityKind::DataType | EntityKind::Protocol) {
                        self.not_a_type(name, id);
                    }
                }
            }
            ast::TypeKind::Array { dim, elem } => {
                if let Some(d) = dim {
                    self.expr(d);
                }
                self.ty(elem);
            }
            ast::TypeKind::Chan(item) => self.protocol_item(item),
            ast::TypeKind::Port(t) => self.ty(t),
            _ => {}
        }
    }

    fn not_a_type(&mut self, name: &ast::Name, id: EntityId) {
        let e = &self.res.entities[id.index()];
        let d = Diagnostic::error(
            "E0504",
            name.span,
            format!("`{}` is a {}, not a type", name.text, e.kind.describe()),
        )
        .with_span_label("expected a type or protocol name")
        .with_label(e.span, "declared here");
        self.diags.push(d);
    }

    fn protocol_item(&mut self, item: &'a ast::ProtocolItem) {
        match item {
            ast::ProtocolItem::Simple(t) => self.ty(t),
            ast::ProtocolItem::Counted { len, elem, .. } => {
                self.ty(len);
                self.ty(elem);
            }
            ast::ProtocolItem::Any(_) => {}
        }
    }

    // ------------------------------------------------------------ specifications

    fn specs(&mut self, specs: &'a [ast::Spec]) {
        for s in specs {
            self.spec(s);
        }
    }

    fn var_class_of(ty: &ast::Type) -> VarClass {
        match &ty.kind {
            ast::TypeKind::Chan(_) => VarClass::Channel,
            ast::TypeKind::Timer => VarClass::Timer,
            ast::TypeKind::Port(_) => VarClass::Port,
            ast::TypeKind::Array { elem, .. } => Self::var_class_of(elem),
            _ => VarClass::Variable,
        }
    }

    fn spec(&mut self, spec: &'a ast::Spec) {
        match &spec.kind {
            ast::SpecKind::Decl { ty, names } => {
                self.ty(ty);
                let class = Self::var_class_of(ty);
                let mut seen = Seen::default();
                for n in names {
                    if self.check_dup(&mut seen, n, "one declaration") {
                        self.declare(n, EntityKind::Var(class));
                    }
                }
            }
            ast::SpecKind::Abbrev {
                val,
                ty,
                name,
                value,
                ..
            } => {
                if let Some(t) = ty {
                    self.ty(t);
                }
                self.expr(value);
                let class = if *val {
                    VarClass::ValAbbrev
                } else {
                    VarClass::Abbrev
                };
                self.declare(name, EntityKind::Var(class));
            }
            ast::SpecKind::Retypes {
                val,
                ty,
                name,
                value,
                ..
            } => {
                self.ty(ty);
                self.expr(value);
                let class = if *val {
                    VarClass::ValAbbrev
                } else {
                    VarClass::Abbrev
                };
                self.declare(name, EntityKind::Var(class));
            }
            ast::SpecKind::Proc {
                name,
                formals,
                body,
                ..
            } => {
                let id = self.new_entity(&name.text, EntityKind::Proc, name.span);
                self.set(name, id);
                self.routine_body(id, name, formals, |r| r.process(body));
                self.bind(name.text, id);
            }
            ast::SpecKind::Function {
                results,
                name,
                formals,
                body,
                ..
            } => {
                for t in results {
                    self.ty(t);
                }
                let id = self.new_entity(&name.text, EntityKind::Function, name.span);
                self.set(name, id);
                self.routine_body(id, name, formals, |r| match body {
                    ast::FunctionBody::Valof(v) => r.valof(v),
                    ast::FunctionBody::Is(es) => {
                        for e in es {
                            r.expr(e);
                        }
                    }
                });
                self.bind(name.text, id);
            }
            ast::SpecKind::Protocol { name, def } => {
                match def {
                    ast::ProtocolDef::Sequential(items) => {
                        for it in items {
                            self.protocol_item(it);
                        }
                        self.declare(name, EntityKind::Protocol);
                    }
                    ast::ProtocolDef::Variant(tags) => {
                        for t in tags {
                            for it in &t.items {
                                self.protocol_item(it);
                            }
                        }
                        self.declare(name, EntityKind::Protocol);
                        let mut seen = Seen::default();
                        for t in tags {
                            self.check_dup(&mut seen, &t.tag, "one protocol");
                            let id = self.declare(&t.tag, EntityKind::Tag);
                            // A tag is "used" by being declared: unused tags are normal.
                            self.res.entities[id.index()].uses += 1;
                        }
                    }
                }
            }
            ast::SpecKind::DataType { name, def } => {
                match def {
                    ast::DataTypeDef::Is(t) => self.ty(t),
                    ast::DataTypeDef::Record { fields, .. } => {
                        let mut seen = Seen::default();
                        for f in fields {
                            self.ty(&f.ty);
                            for n in &f.names {
                                self.check_dup(&mut seen, n, "one record");
                            }
                        }
                    }
                }
                self.declare(name, EntityKind::DataType);
            }
            ast::SpecKind::Place { name, place } => {
                if let Some(id) = self.lookup_quiet(name.text) {
                    // Placing is not a use that makes the name "used".
                    self.set(name, id);
                } else {
                    self.undeclared(name);
                }
                if let ast::Placement::At(e) = place {
                    self.expr(e);
                }
            }
            ast::SpecKind::Error => {}
        }
    }

    /// Resolves formals and a body in a fresh scope owned by routine `id`.
    fn routine_body(
        &mut self,
        id: EntityId,
        name: &'a ast::Name,
        formals: &'a [ast::Formal],
        body: impl FnOnce(&mut Self),
    ) {
        let mark = self.mark();
        self.procs.push(id);
        self.defining.push((&name.text, name.span));
        let mut seen = Seen::default();
        for f in formals {
            self.ty(&f.ty);
            self.check_dup(&mut seen, &f.name, "one parameter list");
            let class = match Self::var_class_of(&f.ty) {
                VarClass::Variable if f.val => VarClass::ValParam,
                VarClass::Variable => VarClass::Param,
                c => c,
            };
            self.declare(&f.name, EntityKind::Var(class));
        }
        body(self);
        self.defining.pop();
        self.procs.pop();
        self.pop(mark);
    }

    fn valof(&mut self, v: &'a ast::Valof) {
        // Specifications after `VALOF` scope over the RESULT too.
        let mark = self.mark();
        self.specs(&v.specs);
        self.specs(&v.body.specs);
        self.process_kind(&v.body.kind);
        for e in &v.results {
            self.expr(e);
        }
        self.pop(mark);
    }

    // ------------------------------------------------------------ processes

    fn process(&mut self, p: &'a ast::Process) {
        let mark = self.mark();
        self.specs(&p.specs);
        self.process_kind(&p.kind);
        self.pop(mark);
    }

    fn replicated(&mut self, repl: &'a Option<Box<ast::Replicator>>, body: impl FnOnce(&mut Self)) {
        let mark = self.mark();
        if let Some(r) = repl {
            self.expr(&r.base);
            self.expr(&r.count);
            let id = self.declare(&r.name, EntityKind::Var(VarClass::Replicator));
            // An unused replicator index is the normal way to repeat a process.
            self.res.entities[id.index()].uses += 1;
        }
        body(self);
        self.pop(mark);
    }

    fn process_kind(&mut self, kind: &'a ast::ProcessKind) {
        use ast::ProcessKind as K;
        match kind {
            K::Skip | K::Stop | K::Error => {}
            K::Assign { lhs, rhs } => {
                for e in lhs.iter().chain(rhs) {
                    self.expr(e);
                }
            }
            K::Output { chan, items } => {
                self.expr(chan);
                // A variant tag is looked up in the channel's protocol by the
                // type checker; a first item not in scope may be one.
                let mut items = items.as_slice();
                if let Some((ast::OutputItem::Expr(first), rest)) = items.split_first() {
                    if let ast::ExprKind::Name(n) = &first.kind {
                        if self.lookup_quiet(n.text).is_none() {
                            self.res.maybe_field.insert(n.id);
                            items = rest;
                        }
                    }
                }
                for it in items {
                    match it {
                        ast::OutputItem::Expr(e) => self.expr(e),
                        ast::OutputItem::Counted { len, data } => {
                            self.expr(len);
                            self.expr(data);
                        }
                    }
                }
            }
            K::Input { chan, input } => {
                self.expr(chan);
                self.input(input);
            }
            K::Call { name, args } => {
                self.use_name(name);
                for a in args {
                    self.expr(a);
                }
            }
            K::Seq { repl, body } => self.replicated(repl, |r| {
                for p in body {
                    r.process(p);
                }
            }),
            K::Par { repl, body, .. } => self.replicated(repl, |r| {
                for p in body {
                    r.process(p);
                }
            }),
            K::Processor { number, body, .. } => {
                self.expr(number);
                self.process(body);
            }
            K::If { repl, choices } => self.replicated(repl, |r| {
                for c in choices {
                    let mark = r.mark();
                    r.specs(&c.specs);
                    match &c.kind {
                        ast::ChoiceKind::Guarded { cond, body } => {
                            r.expr(cond);
                            r.process(body);
                        }
                        ast::ChoiceKind::Nested(p) => r.process(p),
                    }
                    r.pop(mark);
                }
            }),
            K::Case { selector, options } => {
                self.expr(selector);
                for o in options {
                    let mark = self.mark();
                    self.specs(&o.specs);
                    for l in &o.labels {
                        self.expr(l);
                    }
                    self.process(&o.body);
                    self.pop(mark);
                }
            }
            K::While { cond, body } => {
                self.expr(cond);
                self.process(body);
            }
            K::Asm { lines, .. } => {
                for e in lines.iter().flat_map(|l| &l.args) {
                    self.expr(e);
                }
            }
            K::Alt { repl, alts, .. } => self.replicated(repl, |r| {
                for a in alts {
                    r.alternative(a);
                }
            }),
        }
    }

    fn alternative(&mut self, a: &'a ast::Alternative) {
        let mark = self.mark();
        self.specs(&a.specs);
        match &a.kind {
            ast::AltKind::Guarded { cond, guard, body } => {
                if let Some(c) = cond {
                    self.expr(c);
                }
                if let ast::Guard::Input { chan, input } = guard {
                    self.expr(chan);
                    self.input(input);
                }
                self.process(body);
            }
            ast::AltKind::CaseInput {
                cond,
                chan,
                variants,
            } => {
                if let Some(c) = cond {
                    self.expr(c);
                }
                self.expr(chan);
                for v in variants {
                    self.variant(v);
                }
            }
            ast::AltKind::Nested(p) => self.process(p),
        }
        self.pop(mark);
    }

    fn input(&mut self, input: &'a ast::Input) {
        match input {
            ast::Input::Items(items) => self.input_items(items),
            ast::Input::After(e) => self.expr(e),
            // The tag is looked up in the channel's protocol by the type checker.
            ast::Input::Tagged { items, .. } => self.input_items(items),
            ast::Input::Case(vs) => {
                for v in vs {
                    self.variant(v);
                }
            }
        }
    }

    fn variant(&mut self, v: &'a ast::Variant) {
        let mark = self.mark();
        self.specs(&v.specs);
        self.input_items(&v.items);
        self.process(&v.body);
        self.pop(mark);
    }

    fn input_items(&mut self, items: &'a [ast::InputItem]) {
        for it in items {
            match it {
                ast::InputItem::Var(e) => self.expr(e),
                ast::InputItem::Counted { len, data } => {
                    self.expr(len);
                    self.expr(data);
                }
            }
        }
    }

    // ------------------------------------------------------------ expressions

    fn expr(&mut self, e: &'a ast::Expr) {
        use ast::ExprKind as K;
        match &e.kind {
            K::Name(n) => {
                self.use_name(n);
            }
            K::Lit(l) => {
                if let Some(t) = &l.ty {
                    self.ty(t);
                }
            }
            K::Table { items, ty } => {
                for i in items {
                    self.expr(i);
                }
                if let Some(t) = ty {
                    self.ty(t);
                }
            }
            K::Subscript { base, index } => {
                self.expr(base);
                match &index.kind {
                    K::Name(n) => match self.lookup_quiet(n.text) {
                        Some(id) => {
                            self.res.entities[id.index()].uses += 1;
                            self.set(n, id);
                        }
                        None => {
                            self.res.maybe_field.insert(n.id);
                        }
                    },
                    _ => self.expr(index),
                }
            }
            K::Slice { base, start, count } => {
                self.expr(base);
                if let Some(s) = start {
                    self.expr(s);
                }
                if let Some(c) = count {
                    self.expr(c);
                }
            }
            K::Unary { operand, .. } => self.expr(operand),
            K::Binary { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            K::Conversion { ty, operand, .. } => {
                self.ty(ty);
                self.expr(operand);
            }
            K::MostPos(t) | K::MostNeg(t) => self.ty(t),
            K::BytesIn(arg) => match arg {
                ast::BytesInArg::Type(t) => self.ty(t),
                ast::BytesInArg::Expr(x) => self.expr(x),
            },
            K::OffsetOf { ty, .. } => {
                if let Some(id) = self.use_name(ty) {
                    if self.res.entities[id.index()].kind != EntityKind::DataType {
                        self.not_a_type(ty, id);
                    }
                }
            }
            K::Call { name, args } => {
                self.use_name(name);
                for a in args {
                    self.expr(a);
                }
            }
            K::Valof(v) => self.valof(v),
            K::ChanEnd { chan, .. } => self.expr(chan),
            K::Error => {}
        }
    }
}

/// The names already declared in one declaration, formal list, record or
/// protocol, with their first spans. Such lists are short: they are
/// searched in order, and hashed only when long.
#[derive(Default)]
struct Seen {
    names: Vec<(Sym, Span)>,
    index: Option<FxHashMap<u32, Span>>,
}

impl Seen {
    /// Lists longer than this are hashed.
    const SHORT: usize = 16;

    fn first(&self, name: Sym) -> Option<Span> {
        match &self.index {
            Some(index) => index.get(&(name.index() as u32)).copied(),
            None => self.names.iter().find(|(n, _)| *n == name).map(|&(_, s)| s),
        }
    }

    /// Records `name` (not yet seen).
    fn insert(&mut self, name: Sym, span: Span) {
        match &mut self.index {
            Some(index) => {
                index.insert(name.index() as u32, span);
            }
            None if self.names.len() < Self::SHORT => self.names.push((name, span)),
            None => {
                let mut index: FxHashMap<u32, Span> = self
                    .names
                    .drain(..)
                    .map(|(n, s)| (n.index() as u32, s))
                    .collect();
                index.insert(name.index() as u32, span);
                self.index = Some(index);
            }
        }
    }
}

/// The visible name closest in spelling to `name`, if any is close enough
/// to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = edit_distance(name, c);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance (case differences count half as much as others,
/// rounded down, so `Int` is close to `INT`).
fn edit_distance(a: &str, b: &str) -> usize {
    // Most candidates differ in length too much: reject them before allocating.
    if a.chars().count().abs_diff(b.chars().count()) > 3 {
        return usize::MAX;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j * 2).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i * 2;
        for j in 1..=b.len() {
            let sub = if a[i - 1] == b[j - 1] {
                0
            } else if a[i - 1].eq_ignore_ascii_case(&b[j - 1]) {
                1
            } else {
                2
            };
            cur[j] = (prev[j - 1] + sub).min(prev[j] + 2).min(cur[j - 1] + 2);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("count", "count"), 0);
        assert_eq!(edit_distance("count", "coutn"), 2);
        assert_eq!(edit_distance("x", "y"), 1);
        assert_eq!(edit_distance("INT", "Int"), 1);
    }

    #[test]
    fn closest_picks_a_near_name_only() {
        let names = ["counter".to_string(), "total".to_string()];
        assert_eq!(
            closest("countr", names.iter().map(String::as_str)),
            Some("counter")
        );
        assert_eq!(closest("zzz", names.iter().map(String::as_str)), None);
    }
}
