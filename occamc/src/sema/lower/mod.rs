//! Elaboration: type-checks the resolved AST and lowers it to the checked
//! IR ([`ir::Program`]) in one walk.
//!
//! The walk follows declaration order, which occam guarantees is also
//! dependency order: a VAL constant is folded before the array size that
//! uses it, a PROC is finished (with its free variables) before any call of
//! it. The rules it applies live in their own modules: [`super::types`]
//! (type rules), [`super::consts`] (folding and overflow),
//! [`super::intrinsics`] (predefined routines), [`protocol`] (every `!` and
//! `?`), [`layout`] (record layout). This module handles specifications,
//! PROCs and FUNCTIONs (hoisting and free variables); [`expr`] and
//! [`process`] handle expressions and processes.
//!
//! Decisions the IR relies on:
//! * Uses of named constants (VAL abbreviations of constant expressions,
//!   scalar or array) are replaced by their folded [`ir::Const`] value; the
//!   `Constant` variable is still declared (for debuggers) but never used.
//! * A PROC's `free_vars` are the non-constant variables declared outside it
//!   that it uses directly, plus the free variables of the PROCs it calls
//!   that are not its own; they are listed in first-use order.
//! * An occam-2-style program (specifications then a process at the outer
//!   level) becomes a parameterless PROC named after the file, which is the
//!   entry; otherwise the entry is the last PROC declared in the main file
//!   (`FileId(0)`).

mod asm;
mod call;
mod expr;
mod layout;
mod process;
mod protocol;
mod sizes;

use super::resolve::{EntityId, EntityKind, Resolution, Resolver};
use super::types::{self, Namer};
use crate::diag::{Diagnostic, FileId, Span};
use crate::ir::{self, Const, ProcId, ProtocolId, Type, TypeId, VarId, VarKind};
use crate::sema::fxhash::FxHashSet;
use crate::syntax::ast;
use std::fmt;
use std::rc::Rc;

/// What an entity became in the IR.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Sym {
    /// Not (yet) lowered, or its declaration had an error.
    None,
    Var(VarId),
    Proc(ProcId),
    Protocol(ProtocolId),
    Type(TypeId),
    Tag,
    Intrinsic(usize),
}

/// The PROC or FUNCTION whose body is being lowered.
struct Frame {
    /// Its entity (None for the outer level / synthesized main).
    entity: Option<EntityId>,
    free: Vec<VarId>,
    free_set: FxHashSet<VarId>,
}

pub(super) struct Lowerer<'a> {
    /// Resolves each outer-level item just before it is lowered (see
    /// [`lower`]); its resolution is what `names.res` holds so far.
    names: Resolver<'a>,
    pub(super) prog: ir::Program,
    protocol_names: Vec<Option<String>>,
    /// `prog.protocols`, shared so that items can be checked against one
    /// without cloning it (see `protocol_of`).
    shared_protocols: Vec<Rc<ir::Protocol>>,
    /// The anonymous protocols so far (few: one per distinct channel item
    /// type), searched instead of every protocol.
    anonymous_protocols: Vec<ProtocolId>,
    any_protocol: Option<ProtocolId>,
    sym: Vec<Sym>,
    /// Per variable, the index in `frames` of the routine that declared it
    /// (None if its declaration did not resolve: then it counts as free).
    var_frame: Vec<Option<u32>>,
    /// Whether each variable is ever read / written (for warnings).
    pub(super) var_reads: Vec<u32>,
    frames: Vec<Frame>,
    /// Lowering's own diagnostics, handed on after the resolver's.
    diags: Vec<Diagnostic>,
}

/// Resolves and lowers a program one outer-level item at a time: each is
/// resolved just before it is lowered, while its tree is still cached (a
/// second walk over a large program's tree would fetch it all from memory
/// again). occam has no forward references. The diagnostics come resolver
/// first, as if the two passes had run one after the other.
pub(super) fn lower<'a>(
    program: &'a ast::Program,
    main_name: &str,
    diags: &mut Vec<Diagnostic>,
) -> (ir::Program, Resolution<'a>) {
    let mut l = Lowerer {
        names: Resolver::new(program),
        sym: Vec::new(),
        prog: ir::Program::default(),
        protocol_names: Vec::new(),
        shared_protocols: Vec::new(),
        anonymous_protocols: Vec::new(),
        any_protocol: None,
        var_frame: Vec::new(),
        var_reads: Vec::new(),
        frames: vec![Frame {
            entity: None,
            free: Vec::new(),
            free_set: FxHashSet::default(),
        }],
        diags: Vec::new(),
    };
    l.new_entities();
    l.prog.uses = program.uses.iter().map(|d| d.text.clone()).collect();
    let mut decls = Vec::new();
    for spec in &program.specs {
        l.names.outer_spec(spec);
        l.new_entities();
        l.spec(spec, &mut decls);
    }
    if let Some(main) = &program.main {
        l.names.outer_process(main);
        l.new_entities();
        let body = l.process(main);
        let span = main.span;
        let pid = ProcId(l.prog.procs.len() as u32);
        l.prog.procs.push(ir::Proc {
            name: main_name.to_string(),
            params: Vec::new(),
            free_vars: Vec::new(),
            results: Vec::new(),
            body: scope(decls, body),
            result: Vec::new(),
            inline: false,
            external: false,
            span,
        });
        l.prog.entry = Some(pid);
    } else {
        // The entry is the last outer-level PROC of the main file (nested
        // PROCs come later in `procs` than their parents).
        l.prog.entry = decls.iter().rev().find_map(|d| match d {
            ir::Decl::Proc(p) => {
                let proc = &l.prog.procs[p.index()];
                (proc.span.file == FileId(0) && proc.results.is_empty()).then_some(*p)
            }
            _ => None,
        });
        l.prog.globals = decls
            .into_iter()
            .filter(|d| !matches!(d, ir::Decl::Proc(_)))
            .collect();
    }
    l.prog.protocol_names = l.protocol_names;
    let (res, mut resolve_diags) = l.names.finish();
    diags.append(&mut resolve_diags);
    diags.append(&mut l.diags);
    (l.prog, res)
}

/// A description for a message ("argument 2 of `p`"), written only if a
/// message is made: the type checks describe what they check on every call
/// and almost never fail.
pub(super) struct Describe<F>(pub(super) F)
where
    F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result;

impl<F> fmt::Display for Describe<F>
where
    F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// Wraps `body` in a scope when there are declarations.
fn scope(decls: Vec<ir::Decl>, body: ir::Process) -> ir::Process {
    if decls.is_empty() {
        body
    } else {
        ir::Process::Scope(decls, Box::new(body))
    }
}

impl<'a> Lowerer<'a> {
    /// Makes room for the entities resolved since the last call: their
    /// symbols, and their variables and routines (reserved, not grown).
    fn new_entities(&mut self) {
        let (mut vars, mut procs) = (0, 0);
        for e in &self.names.res.entities[self.sym.len()..] {
            let sym = match e.kind {
                EntityKind::Intrinsic(k) => Sym::Intrinsic(k),
                _ => Sym::None,
            };
            self.sym.push(sym);
            match e.kind {
                EntityKind::Var(_) => vars += 1,
                EntityKind::Proc | EntityKind::Function => procs += 1,
                _ => {}
            }
        }
        self.prog.vars.reserve(vars);
        self.var_frame.reserve(vars);
        self.var_reads.reserve(vars);
        self.prog.procs.reserve(procs);
    }

    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn namer(&self) -> Namer<'_> {
        Namer {
            types: &self.prog.types,
            protocols: &self.prog.protocols,
            protocol_names: &self.protocol_names,
        }
    }

    fn show(&self, ty: &Type) -> String {
        self.namer().ty(ty)
    }

    fn sym_of(&self, name: &ast::Name) -> Sym {
        self.names
            .res
            .of(name)
            .and_then(|id| self.sym.get(id.index()).copied())
            .unwrap_or(Sym::None)
    }

    fn entity_of(&self, name: &ast::Name) -> Option<EntityId> {
        self.names.res.of(name)
    }

    fn set_sym(&mut self, name: &ast::Name, s: Sym) {
        if let Some(id) = self.names.res.of(name) {
            if let Some(slot) = self.sym.get_mut(id.index()) {
                *slot = s;
            }
        }
    }

    fn new_var(&mut self, name: &ast::Name, ty: Type, kind: VarKind) -> VarId {
        let id = VarId(self.prog.vars.len() as u32);
        self.prog.vars.push(ir::VarInfo {
            name: name.text,
            ty,
            kind,
            placed_at: None,
            value: None,
            span: name.span,
        });
        let frame = self.frames.len() as u32 - 1;
        self.var_frame.push(self.names.res.of(name).map(|_| frame));
        self.var_reads.push(0);
        self.set_sym(name, Sym::Var(id));
        id
    }

    /// Records that the current routine uses variable `v` (free-variable
    /// bookkeeping).
    fn note_use(&mut self, v: VarId) {
        let current = self.frames.len() - 1;
        if self.frames[current].entity.is_none() {
            return;
        }
        if self.prog.vars[v.index()].kind == VarKind::Constant {
            return;
        }
        // A variable in scope here was declared in the current routine's
        // frame (or a nested one) exactly when it is declared inside the
        // routine: frames nest as the routines' scopes do.
        if let Some(Some(declared)) = self.var_frame.get(v.index()) {
            if *declared as usize >= current {
                return;
            }
        }
        let f = &mut self.frames[current];
        if f.free_set.insert(v) {
            f.free.push(v);
        }
    }

    // ------------------------------------------------------------ types

    /// Evaluates a constant expression of integer type (array sizes, counts).
    fn const_int(&mut self, e: &ast::Expr, what: &str) -> Option<i64> {
        let x = self.expr(e, Some(&Type::Int))?;
        if !types::is_integer(&x.ty, &self.prog.types) {
            let found = self.show(&x.ty);
            self.err(
                Diagnostic::error("E0705", e.span, format!("{what} must be an integer"))
                    .with_span_label(format!("this has type {found}")),
            );
            return None;
        }
        match x.kind {
            ir::ExprKind::Const(Const::Int(v)) => Some(v),
            _ => {
                self.err(
                    Diagnostic::error(
                        "E0701",
                        e.span,
                        format!("{what} must be a constant expression"),
                    )
                    .with_span_label("not known at compile time"),
                );
                None
            }
        }
    }

    /// Lowers a data type (array sizes folded). `open_ok` allows `[]T`.
    fn ty(&mut self, t: &ast::Type) -> Option<Type> {
        use ast::TypeKind as K;
        Some(match &t.kind {
            K::Bool => Type::Bool,
            K::Byte => Type::Byte,
            K::Int => Type::Int,
            K::Int16 => Type::Int16,
            K::Int32 => Type::Int32,
            K::Int64 => Type::Int64,
            K::Real32 => Type::Real32,
            K::Real64 => Type::Real64,
            K::Timer => Type::Timer,
            K::Named(n) => match self.sym_of(n) {
                Sym::Type(id) => Type::Named(id),
                Sym::Protocol(_) => {
                    self.err(
                        Diagnostic::error(
                            "E0602",
                            n.span,
                            format!("`{}` is a protocol, not a data type", n.text),
                        )
                        .with_help(format!("a channel carrying it is `CHAN OF {}`", n.text)),
                    );
                    return None;
                }
                _ => return None,
            },
            K::Array { dim, elem } => {
                let size = match dim {
                    Some(d) => {
                        let n = self.const_int(d, "an array size")?;
                        if !(0..=u32::MAX as i64 / 8).contains(&n) {
                            self.err(
                                Diagnostic::error(
                                    "E0702",
                                    d.span,
                                    format!("array size {n} is out of range"),
                                )
                                .with_span_label("must be zero or positive"),
                            );
                            return None;
                        }
                        Some(n as u32)
                    }
                    None => None,
                };
                Type::Array(size, std::rc::Rc::new(self.ty(elem)?))
            }
            K::Chan(item) => Type::Chan(self.chan_protocol(item)?),
            K::Port(t) => Type::Port(std::rc::Rc::new(self.ty(t)?)),
        })
    }

    /// The protocol of `CHAN OF item`.
    fn chan_protocol(&mut self, item: &ast::ProtocolItem) -> Option<ProtocolId> {
        match item {
            ast::ProtocolItem::Any(_) => Some(self.any()),
            ast::ProtocolItem::Simple(ast::Type {
                kind: ast::TypeKind::Named(n),
                ..
            }) if matches!(self.sym_of(n), Sym::Protocol(_)) => match self.sym_of(n) {
                Sym::Protocol(p) => Some(p),
                _ => None,
            },
            _ => {
                let it = self.proto_item(item)?;
                Some(self.anonymous(it))
            }
        }
    }

    fn any(&mut self) -> ProtocolId {
        if let Some(p) = self.any_protocol {
            return p;
        }
        let p = self.add_protocol(ir::Protocol::Any, None);
        self.any_protocol = Some(p);
        p
    }

    fn add_protocol(&mut self, p: ir::Protocol, name: Option<String>) -> ProtocolId {
        self.shared_protocols.push(Rc::new(p.clone()));
        self.prog.protocols.push(p);
        self.protocol_names.push(name);
        ProtocolId(self.prog.protocols.len() as u32 - 1)
    }

    /// The id of the anonymous protocol `CHAN OF it`, shared by equal ones
    /// (compared without building one: channels are declared often).
    fn anonymous(&mut self, it: ir::ProtoItem) -> ProtocolId {
        for &id in &self.anonymous_protocols {
            if let ir::Protocol::Sequential(items) = &self.prog.protocols[id.index()] {
                if let [only] = items.as_slice() {
                    if *only == it {
                        return id;
                    }
                }
            }
        }
        let id = self.add_protocol(ir::Protocol::Sequential(vec![it]), None);
        self.anonymous_protocols.push(id);
        id
    }

    fn proto_item(&mut self, item: &ast::ProtocolItem) -> Option<ir::ProtoItem> {
        match item {
            ast::ProtocolItem::Simple(t) => {
                let ty = self.data_type(t)?;
                Some(ir::ProtoItem::Value(ty))
            }
            ast::ProtocolItem::Counted { len, elem, span } => {
                let l = self.data_type(len)?;
                if !types::is_integer(&l, &self.prog.types) {
                    let s = self.show(&l);
                    self.err(
                        Diagnostic::error(
                            "E0801",
                            len.span,
                            format!("the count of a counted array must be an integer, not {s}"),
                        )
                        .with_span_label("not an integer type"),
                    );
                    return None;
                }
                match self.data_type(elem)? {
                    Type::Array(None, e) => {
                        Some(ir::ProtoItem::Counted(l, std::rc::Rc::unwrap_or_clone(e)))
                    }
                    _ => {
                        self.err(
                            Diagnostic::error(
                                "E0802",
                                *span,
                                "the data of a counted array must be an open array `[]T`",
                            )
                            .with_span_label("expected `count::[]type`"),
                        );
                        None
                    }
                }
            }
            ast::ProtocolItem::Any(span) => {
                self.err(
                    Diagnostic::error(
                        "E0803",
                        *span,
                        "ANY can only be a whole channel protocol (`CHAN OF ANY`)",
                    )
                    .with_span_label("not allowed here"),
                );
                None
            }
        }
    }

    /// A type that must hold data (not a channel, timer or port).
    fn data_type(&mut self, t: &ast::Type) -> Option<Type> {
        let ty = self.ty(t)?;
        if !is_data(&ty) {
            let s = self.show(&ty);
            self.err(
                Diagnostic::error("E0603", t.span, format!("{s} is not a data type here"))
                    .with_span_label("expected a data type"),
            );
            return None;
        }
        Some(ty)
    }

    // ------------------------------------------------------------ specifications

    /// Lowers the specifications of a scope, appending declarations.
    fn specs(&mut self, specs: &[ast::Spec], decls: &mut Vec<ir::Decl>) {
        // Room for one declaration per name (fewer when some fail).
        decls.reserve(
            specs
                .iter()
                .map(|s| match &s.kind {
                    ast::SpecKind::Decl { names, .. } => names.len(),
                    _ => 1,
                })
                .sum(),
        );
        for s in specs {
            self.spec(s, decls);
        }
    }

    fn spec(&mut self, spec: &ast::Spec, decls: &mut Vec<ir::Decl>) {
        match &spec.kind {
            ast::SpecKind::Decl { ty, names } => {
                let Some(t) = self.ty(ty) else { return };
                if has_open_dim(&t) {
                    self.err(
                        Diagnostic::error(
                            "E0604",
                            ty.span,
                            "a declared variable needs every array size",
                        )
                        .with_span_label("open array `[]` here")
                        .with_help("open arrays are for parameters and abbreviations"),
                    );
                    return;
                }
                let kind = var_kind_of(&t);
                for n in names {
                    let v = self.new_var(n, t.clone(), kind);
                    decls.push(ir::Decl::Var(v));
                }
            }
            ast::SpecKind::Abbrev {
                val,
                ty,
                name,
                value,
                ..
            } => self.abbrev(*val, ty.as_ref(), name, value, decls),
            ast::SpecKind::Retypes {
                val,
                ty,
                name,
                value,
                ..
            } => self.retypes(*val, ty, name, value, decls),
            ast::SpecKind::Proc {
                inline,
                name,
                formals,
                body,
            } => {
                if let Some(pid) =
                    self.routine(*inline, name, formals, &[], RoutineBody::Proc(body))
                {
                    decls.push(ir::Decl::Proc(pid));
                }
            }
            ast::SpecKind::Function {
                inline,
                results,
                name,
                formals,
                body,
            } => {
                if let Some(pid) =
                    self.routine(*inline, name, formals, results, RoutineBody::Function(body))
                {
                    decls.push(ir::Decl::Proc(pid));
                }
            }
            ast::SpecKind::Protocol { name, def } => self.protocol_decl(name, def),
            ast::SpecKind::DataType { name, def } => self.data_type_decl(name, def),
            ast::SpecKind::Place { name, place } => self.place(name, place),
            ast::SpecKind::Error => {}
        }
    }

    fn abbrev(
        &mut self,
        val: bool,
        ty: Option<&ast::Type>,
        name: &ast::Name,
        value: &ast::Expr,
        decls: &mut Vec<ir::Decl>,
    ) {
        let declared = match ty {
            Some(t) => match self.ty(t) {
                Some(t) => Some(t),
                None => return,
            },
            None => None,
        };
        let target = if val {
            self.expr(value, declared.as_ref())
        } else {
            self.lvalue_or_resource(value, declared.as_ref())
        };
        let Some(target) = target else { return };
        let vty = match declared {
            Some(d) => {
                if !types::fits(&d, &target.ty) {
                    let (want, found) = (self.show(&d), self.show(&target.ty));
                    self.err(
                        Diagnostic::error(
                            "E0605",
                            value.span,
                            format!(
                                "type mismatch in abbreviation: expected {want}, found {found}"
                            ),
                        )
                        .with_span_label(format!("this has type {found}")),
                    );
                    return;
                }
                fill_open(&d, &target.ty)
            }
            None => target.ty.clone(),
        };
        let (kind, value) = match (&target.kind, val) {
            (ir::ExprKind::Const(c), true) => (VarKind::Constant, Some(c.clone())),
            (_, true) => (VarKind::Val, None),
            _ => match vty {
                Type::Timer => (VarKind::Timer, None),
                _ => (VarKind::Ref, None),
            },
        };
        let v = self.new_var(name, vty, kind);
        self.prog.vars[v.index()].value = value;
        decls.push(ir::Decl::Abbrev {
            var: v,
            target,
            retypes: false,
        });
    }

    fn retypes(
        &mut self,
        val: bool,
        ty: &ast::Type,
        name: &ast::Name,
        value: &ast::Expr,
        decls: &mut Vec<ir::Decl>,
    ) {
        let Some(t) = self.ty(ty) else { return };
        let target = if val {
            self.expr(value, None)
        } else {
            self.lvalue_or_resource(value, None)
        };
        let Some(target) = target else { return };
        let src = types::size_of(&target.ty, &self.prog.types);
        let vty = match (&t, src) {
            (Type::Array(None, elem), Some(bytes)) if !has_open_dim(elem) => {
                match types::size_of(elem, &self.prog.types) {
                    Some(es) if es > 0 && bytes % es == 0 => {
                        Type::Array(Some(bytes / es), elem.clone())
                    }
                    _ => {
                        let s = self.show(&t);
                        self.err(
                            Diagnostic::error(
                                "E0606",
                                value.span,
                                format!("{bytes} bytes cannot be retyped as {s}"),
                            )
                            .with_span_label("the size is not a whole number of elements"),
                        );
                        return;
                    }
                }
            }
            _ => t.clone(),
        };
        if let (Some(a), Some(b)) = (types::size_of(&vty, &self.prog.types), src) {
            if a != b {
                let (to, from) = (self.show(&vty), self.show(&target.ty));
                self.err(
                    Diagnostic::error(
                        "E0606",
                        value.span,
                        format!("RETYPES needs equal sizes: {to} has {a} bytes but {from} has {b}"),
                    )
                    .with_span_label(format!("{b} bytes")),
                );
                return;
            }
        }
        let kind = if val { VarKind::Val } else { VarKind::Ref };
        let v = self.new_var(name, vty, kind);
        decls.push(ir::Decl::Abbrev {
            var: v,
            target,
            retypes: true,
        });
    }

    fn place(&mut self, name: &ast::Name, place: &ast::Placement) {
        let Sym::Var(v) = self.sym_of(name) else {
            if self.names.res.of(name).is_some() {
                self.err(
                    Diagnostic::error(
                        "E0607",
                        name.span,
                        format!("`{}` cannot be placed", name.text),
                    )
                    .with_span_label("only variables, channels and ports can be placed"),
                );
            }
            return;
        };
        if let ast::Placement::At(e) = place {
            if let Some(n) = self.const_int(e, "a PLACE address") {
                // Inmos occam places at word offsets from MOSTNEG INT.
                let addr = 0x8000_0000u32.wrapping_add((n as u32).wrapping_mul(types::WORD));
                self.prog.vars[v.index()].placed_at = Some(addr);
            }
        }
    }

    fn protocol_decl(&mut self, name: &ast::Name, def: &ast::ProtocolDef) {
        match def {
            ast::ProtocolDef::Sequential(items) => {
                let mut out = Vec::new();
                for it in items {
                    out.push(self.proto_item(it));
                }
                let Some(items) = out.into_iter().collect::<Option<Vec<_>>>() else {
                    return;
                };
                let p =
                    self.add_protocol(ir::Protocol::Sequential(items), Some(name.text.to_string()));
                self.set_sym(name, Sym::Protocol(p));
            }
            ast::ProtocolDef::Variant(tags) => {
                let mut variants = Vec::new();
                for t in tags {
                    let items: Option<Vec<_>> =
                        t.items.iter().map(|i| self.proto_item(i)).collect();
                    variants.push(ir::Variant {
                        name: t.tag.text.to_string(),
                        items: items.unwrap_or_default(),
                    });
                    self.set_sym(&t.tag, Sym::Tag);
                }
                if variants.len() > 256 {
                    self.err(
                        Diagnostic::error(
                            "E0804",
                            name.span,
                            "a variant protocol has at most 256 tags",
                        )
                        .with_span_label(format!("{} tags", variants.len())),
                    );
                }
                let p =
                    self.add_protocol(ir::Protocol::Variant(variants), Some(name.text.to_string()));
                self.set_sym(name, Sym::Protocol(p));
            }
        }
    }

    fn data_type_decl(&mut self, name: &ast::Name, def: &ast::DataTypeDef) {
        let def = match def {
            ast::DataTypeDef::Is(t) => {
                let Some(ty) = self.data_type(t) else { return };
                if has_open_dim(&ty) {
                    self.err(
                        Diagnostic::error("E0604", t.span, "a named type needs every array size")
                            .with_span_label("open array `[]` here"),
                    );
                    return;
                }
                let size = types::size_of(&ty, &self.prog.types).unwrap_or(0);
                let align = types::align_of(&ty, &self.prog.types);
                ir::TypeDef {
                    name: name.text.to_string(),
                    kind: ir::TypeDefKind::Alias(ty),
                    size,
                    align,
                }
            }
            ast::DataTypeDef::Record { packed, fields } => {
                let mut fs = Vec::new();
                for f in fields {
                    let Some(ty) = self.data_type(&f.ty) else {
                        return;
                    };
                    if has_open_dim(&ty) {
                        self.err(
                            Diagnostic::error(
                                "E0604",
                                f.ty.span,
                                "a record field needs every array size",
                            )
                            .with_span_label("open array `[]` here"),
                        );
                        return;
                    }
                    for n in &f.names {
                        fs.push((n.text.to_string(), ty.clone()));
                    }
                }
                layout::record(&name.text, fs, *packed, &self.prog.types)
            }
        };
        self.prog.types.push(def);
        let id = TypeId(self.prog.types.len() as u32 - 1);
        self.set_sym(name, Sym::Type(id));
    }

    // ------------------------------------------------------------ routines

    fn routine(
        &mut self,
        inline: bool,
        name: &ast::Name,
        formals: &[ast::Formal],
        results: &[ast::Type],
        body: RoutineBody<'_>,
    ) -> Option<ProcId> {
        let is_function = matches!(body, RoutineBody::Function(_));
        let mut result_types = Vec::with_capacity(results.len());
        for t in results {
            let ty = self.data_type(t)?;
            if has_open_dim(&ty) {
                self.err(
                    Diagnostic::error("E0608", t.span, "a FUNCTION result needs every array size")
                        .with_span_label("open array `[]` here"),
                );
                return None;
            }
            result_types.push(ty);
        }
        let pid = ProcId(self.prog.procs.len() as u32);
        self.prog.procs.push(ir::Proc {
            name: name.text.to_string(),
            params: Vec::new(),
            free_vars: Vec::new(),
            results: Vec::new(),
            body: ir::Process::Skip,
            result: Vec::new(),
            inline,
            external: name.span.file != FileId(0),
            span: name.span,
        });
        self.frames.push(Frame {
            entity: self.entity_of(name),
            free: Vec::new(),
            free_set: FxHashSet::default(),
        });
        let mut params = Vec::with_capacity(formals.len());
        for f in formals {
            if let Some(p) = self.formal(f, is_function) {
                params.push(p);
            }
        }
        self.prog.procs[pid.index()].params = params;
        let (body, result) = match body {
            RoutineBody::Proc(p) => (self.process(p), Vec::new()),
            RoutineBody::Function(ast::FunctionBody::Is(es)) => (
                ir::Process::Skip,
                self.results(es, &result_types, name.span),
            ),
            RoutineBody::Function(ast::FunctionBody::Valof(v)) => {
                let (decls, b) = self.valof_body(v);
                let r = self.results(&v.results, &result_types, v.span);
                (scope(decls, b), r)
            }
        };
        let frame = self.frames.pop().expect("routine frame");
        let p = &mut self.prog.procs[pid.index()];
        p.results = result_types;
        p.body = body;
        p.result = result;
        p.free_vars = frame.free;
        self.set_sym(name, Sym::Proc(pid));
        Some(pid)
    }

    fn formal(&mut self, f: &ast::Formal, is_function: bool) -> Option<ir::Param> {
        let ty = self.ty(&f.ty)?;
        if is_function && !f.val {
            self.err(
                Diagnostic::error(
                    "E0609",
                    f.span,
                    format!("parameter `{}` of a FUNCTION must be VAL", f.name.text),
                )
                .with_span_label("not VAL")
                .with_help("FUNCTIONs cannot change their parameters; write `VAL` before the type"),
            );
        }
        let (kind, mode) = match base_elem(&ty) {
            Type::Chan(_) => (VarKind::Ref, ir::ParamMode::Chan),
            Type::Timer => (VarKind::Timer, ir::ParamMode::Timer),
            Type::Port(_) => (VarKind::Ref, ir::ParamMode::Port),
            _ if f.val => (VarKind::Val, ir::ParamMode::Val),
            _ => (VarKind::Ref, ir::ParamMode::Ref),
        };
        if f.val && !is_data(&ty) {
            self.err(
                Diagnostic::error("E0610", f.span, "only data parameters can be VAL")
                    .with_span_label("a channel, timer or port"),
            );
        }
        let var = self.new_var(&f.name, ty, kind);
        Some(ir::Param { var, mode })
    }

    /// The RESULT expressions of a FUNCTION against its result types.
    fn results(&mut self, es: &[ast::Expr], want: &[Type], span: Span) -> Vec<ir::Expr> {
        if es.len() != want.len() {
            self.err(
                Diagnostic::error(
                    "E0611",
                    es.first().map_or(span, |e| e.span),
                    format!(
                        "this FUNCTION returns {} value{} but the RESULT gives {}",
                        want.len(),
                        plural(want.len()),
                        es.len()
                    ),
                )
                .with_span_label("wrong number of results"),
            );
            return Vec::new();
        }
        let mut out = Vec::with_capacity(es.len());
        for (e, w) in es.iter().zip(want) {
            if let Some(x) = self.expr_of_type(e, w, &"a FUNCTION result") {
                out.push(x);
            }
        }
        out
    }
}

impl Lowerer<'_> {
    /// The declarations and process of a VALOF. Specifications written
    /// between `VALOF` and its process scope over the RESULT too (as every
    /// occam compiler accepts), so they are hoisted next to those before
    /// `VALOF`.
    fn valof_body(&mut self, v: &ast::Valof) -> (Vec<ir::Decl>, ir::Process) {
        let mut decls = Vec::new();
        self.specs(&v.specs, &mut decls);
        self.specs(&v.body.specs, &mut decls);
        let body = self.process_kind(&v.body.kind, v.body.span);
        (decls, body)
    }
}

enum RoutineBody<'a> {
    Proc(&'a ast::Process),
    Function(&'a ast::FunctionBody),
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Whether `ty` holds data (no channels, timers or ports inside).
fn is_data(ty: &Type) -> bool {
    !matches!(base_elem(ty), Type::Chan(_) | Type::Timer | Type::Port(_))
}

/// The element type under all array dimensions.
fn base_elem(ty: &Type) -> &Type {
    match ty {
        Type::Array(_, e) => base_elem(e),
        t => t,
    }
}

fn has_open_dim(ty: &Type) -> bool {
    match ty {
        Type::Array(None, _) => true,
        Type::Array(Some(_), e) => has_open_dim(e),
        _ => false,
    }
}

/// `declared` with its open dimensions taken from `actual`.
fn fill_open(declared: &Type, actual: &Type) -> Type {
    match (declared, actual) {
        (Type::Array(n, d), Type::Array(m, a)) => {
            Type::Array(n.or(*m), std::rc::Rc::new(fill_open(d, a)))
        }
        _ => declared.clone(),
    }
}

fn var_kind_of(ty: &Type) -> VarKind {
    match base_elem(ty) {
        Type::Chan(_) => VarKind::Channel,
        Type::Timer => VarKind::Timer,
        Type::Port(_) => VarKind::Port,
        _ => VarKind::Local,
    }
}
