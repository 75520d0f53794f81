//! The abstract syntax tree of occam 2.1 (plus the occam-pi channel direction
//! specifiers), as produced by the parser and consumed by the semantic passes
//! and the code generator.
//!
//! # Conventions
//!
//! * **Spans.** Every node carries a [`Span`] (file + byte range). Spans of
//!   nodes built from several tokens run from the first to the last token.
//! * **Node ids.** Every [`Name`] occurrence (declaring or using), every
//!   [`Expr`], every [`Process`] and every [`Spec`] carries a [`NodeId`] that is
//!   unique within one parsed [`Program`] (ids are handed out in parse order
//!   from 0; the `#INCLUDE`d text is part of the same parse, so ids never
//!   clash). Later passes key their side tables by these ids:
//!   name resolution maps `Name::id` of a use to the `Name::id` of its
//!   declaration, type checking maps `Expr::id` to a type, and so on.
//!   [`Program::node_count`] is one more than the largest id, so side tables
//!   may be plain `Vec`s indexed by `NodeId::index()`.
//! * **Names** are interned [`Sym`]s in source spelling (occam is case
//!   sensitive; dots are part of the name).
//! * **What the parser cannot decide is left to sema, and documented at the
//!   variant.** occam syntax is ambiguous without knowing what names denote:
//!   `r[x]` is a subscript or a record field access ([`ExprKind::Subscript`]);
//!   `c ! t; x` may start with a variant tag ([`OutputItem`]); `BYTESIN (x)`
//!   may name a type or a variable ([`BytesInArg`]); `T (x)` with a user type
//!   name `T` is parsed as a call ([`ExprKind::Call`]); a simple protocol
//!   name and a data type name are both [`TypeKind::Named`]; `tim ? t` is an
//!   ordinary input whether `tim` is a timer or a channel.
//! * **Recovery.** Where the parser recovered from a syntax error it leaves an
//!   `Error` variant ([`ProcessKind::Error`], [`ExprKind::Error`],
//!   [`SpecKind::Error`]) and has already reported a diagnostic; later passes
//!   should skip these silently.
//! * **Depth.** The layout pass bounds block nesting and bracket nesting, and
//!   the parser bounds operator chains and subscript chains (see
//!   `syntax::limits`), so the tree depth is bounded by a few hundred nodes and
//!   recursive walkers are safe on the main thread's stack.
//!
//! The tree is printed for golden tests by `syntax::dump`.

use crate::diag::Span;
use crate::intern::Sym;

/// Identifier of a syntax node, unique within one [`Program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id as a vector index for side tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One occurrence of an identifier, declaring or using.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub id: NodeId,
    pub span: Span,
    pub text: Sym,
}

/// A parsed source file together with everything it `#INCLUDE`s.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    /// Outer-level specifications (PROCs, FUNCTIONs, declarations...), in order.
    pub specs: Vec<Spec>,
    /// A process at the outer level after the specifications (occam 2 style
    /// programs whose file is one process). KRoC-style programs have none and
    /// the last PROC is the entry point.
    pub main: Option<Process>,
    /// `#USE "lib"` directives, in source order, for the linker.
    pub uses: Vec<Directive>,
    /// `#PRAGMA`, `#OPTION`, `#COMMENT` and `#IMPORT` directives, in source
    /// order (their text is kept raw; no pass interprets them yet).
    pub directives: Vec<Directive>,
    /// One more than the largest [`NodeId`] in the tree.
    pub node_count: u32,
    /// Compiled libraries brought in by `#USE`: the routines their descriptors
    /// declare (as occam text in a source file of their own; see
    /// [`crate::syntax::library`]).
    pub imports: Vec<Import>,
}

/// A compiled library (object or `.lib`) whose exported routines a `#USE` made
/// visible.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The source file holding the routines' declarations, made from the descriptors.
    pub file: crate::diag::FileId,
    /// Where the library was found.
    pub path: String,
    /// Its routines.
    pub routines: Vec<ImportedRoutine>,
}

/// One routine of a compiled library (or of `#PRAGMA EXTERNAL`).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedRoutine {
    /// The occam name.
    pub name: String,
    /// The object symbol calls go to: the occam name, unless a
    /// `#PRAGMA TRANSLATE` gives another.
    pub symbol: String,
    /// Words it needs below its entry Wptr, callees included.
    pub ws_total: u32,
    /// Vector-space bytes, callees included.
    pub vs_total: u32,
}

/// A directive kept for later tools.
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    pub span: Span,
    pub kind: DirectiveKind,
    /// For `#USE`/`#OPTION`/`#COMMENT`/`#IMPORT`: the decoded string operand.
    /// For `#PRAGMA` and `#NETWORK`: the raw rest of the line, trimmed.
    pub text: String,
}

/// Which directive a [`Directive`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectiveKind {
    Use,
    Pragma,
    Option,
    Comment,
    Import,
    Network,
}

// ---------------------------------------------------------------- types

/// A data, channel, timer or port type.
#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    pub span: Span,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Bool,
    Byte,
    Int,
    Int16,
    Int32,
    Int64,
    Real32,
    Real64,
    /// A user data type or a protocol name (which one is decided by sema).
    /// Boxed, like every rare large field here: node size is parse speed
    /// (the parser moves nodes by value) and memory.
    Named(Box<Name>),
    /// `[dim]elem`; `dim` is `None` for an open array `[]elem`.
    Array {
        dim: Option<Box<Expr>>,
        elem: Box<Type>,
    },
    /// `CHAN OF p` or occam-pi `CHAN p`.
    Chan(Box<ProtocolItem>),
    Timer,
    /// `PORT OF t`.
    Port(Box<Type>),
}

/// One item of a protocol: the protocol of a channel, one element of a
/// sequential protocol or of a variant.
#[derive(Clone, Debug, PartialEq)]
pub enum ProtocolItem {
    /// A data type, or (if `Named`) possibly a protocol name.
    Simple(Type),
    /// Counted array `len::[]elem`; `elem` is the whole array type `[]T`.
    Counted { span: Span, len: Type, elem: Type },
    /// `ANY`.
    Any(Span),
}

/// Channel direction specifier (occam-pi): `c?` or `c!`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChanDir {
    Input,
    Output,
}

// ---------------------------------------------------------------- specifications

/// A specification (declaration, abbreviation or definition); it scopes over
/// the process it precedes, or over the rest of the file at the outer level.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub id: NodeId,
    pub span: Span,
    pub kind: SpecKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SpecKind {
    /// `T a, b, c :` — variables, channels, timers, ports and arrays of them.
    Decl { ty: Type, names: Vec<Name> },
    /// `[VAL] [T] name[dir] IS expr :`. `ty` is `None` when the type is left
    /// to be inferred. `dir` is the occam-pi direction on the new name.
    Abbrev {
        val: bool,
        ty: Option<Type>,
        name: Name,
        dir: Option<ChanDir>,
        value: Expr,
    },
    /// `[VAL] T name RETYPES expr :` or `... RESHAPES ...`.
    Retypes {
        val: bool,
        reshapes: bool,
        ty: Type,
        name: Name,
        value: Expr,
    },
    /// `[INLINE] PROC name (formals)` body `:`.
    Proc {
        inline: bool,
        name: Name,
        formals: Vec<Formal>,
        body: Box<Process>,
    },
    /// `[INLINE] T1, T2 FUNCTION name (formals)` with a VALOF body or `IS exprs`.
    Function {
        inline: bool,
        results: Vec<Type>,
        name: Name,
        formals: Vec<Formal>,
        body: FunctionBody,
    },
    /// `PROTOCOL name IS items :` (simple or sequential) or a variant protocol.
    Protocol { name: Name, def: ProtocolDef },
    /// `DATA TYPE name IS type :` or a (PACKED) RECORD.
    DataType { name: Name, def: DataTypeDef },
    /// `PLACE name AT expr :` or `PLACE name IN WORKSPACE|VECSPACE :`.
    Place { name: Name, place: Placement },
    /// A specification that failed to parse (already reported).
    Error,
}

/// One formal parameter. `PROC p (VAL INT a, b)` yields two formals that
/// share (a clone of) the type.
#[derive(Clone, Debug, PartialEq)]
pub struct Formal {
    pub span: Span,
    pub val: bool,
    pub ty: Type,
    pub name: Name,
    pub dir: Option<ChanDir>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FunctionBody {
    /// `VALOF` form (possibly preceded by specifications).
    Valof(Box<Valof>),
    /// One-line form `... IS e1, e2 :`.
    Is(Vec<Expr>),
}

/// `specs VALOF body RESULT results`.
#[derive(Clone, Debug, PartialEq)]
pub struct Valof {
    pub span: Span,
    pub specs: Vec<Spec>,
    pub body: Process,
    pub results: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProtocolDef {
    /// `IS a; b; c` (one item: a simple protocol).
    Sequential(Vec<ProtocolItem>),
    /// `CASE` followed by indented tags.
    Variant(Vec<VariantTag>),
}

/// `tag; item; item` inside a variant PROTOCOL.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantTag {
    pub span: Span,
    pub tag: Name,
    pub items: Vec<ProtocolItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DataTypeDef {
    Is(Type),
    Record { packed: bool, fields: Vec<Field> },
}

/// `T a, b :` inside a RECORD.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub span: Span,
    pub ty: Type,
    pub names: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Placement {
    At(Expr),
    InWorkspace,
    InVecspace,
}

// ---------------------------------------------------------------- processes

/// A process with the specifications that precede (and scope over) it.
#[derive(Clone, Debug, PartialEq)]
pub struct Process {
    pub id: NodeId,
    /// Covers the process itself, not its leading specifications.
    pub span: Span,
    pub specs: Vec<Spec>,
    pub kind: ProcessKind,
}

/// `name = base FOR count`.
#[derive(Clone, Debug, PartialEq)]
pub struct Replicator {
    pub span: Span,
    pub name: Name,
    pub base: Expr,
    pub count: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParKind {
    Par,
    PriPar,
    PlacedPar,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProcessKind {
    Skip,
    Stop,
    /// `a, b := e1, e2` (one element each for plain assignment; a single
    /// multi-result FUNCTION call on the right is `rhs.len() == 1`).
    Assign {
        lhs: Vec<Expr>,
        rhs: Vec<Expr>,
    },
    /// `c ! items`. For a variant protocol the first item is the tag, as an
    /// [`ExprKind::Name`].
    Output {
        chan: Expr,
        items: Vec<OutputItem>,
    },
    /// `c ? ...` (channel, timer or port input).
    Input {
        chan: Expr,
        input: Input,
    },
    /// `name (args)`.
    Call {
        name: Name,
        args: Vec<Expr>,
    },
    /// `SEQ` list, or replicated `SEQ i = b FOR n` with exactly one body process.
    Seq {
        repl: Option<Box<Replicator>>,
        body: Vec<Process>,
    },
    /// `PAR`, `PRI PAR`, `PLACED PAR` (the bodies of PLACED PAR are
    /// [`ProcessKind::Processor`] processes, or replicated PLACED PARs).
    Par {
        kind: ParKind,
        repl: Option<Box<Replicator>>,
        body: Vec<Process>,
    },
    /// `PROCESSOR number [type]` with its body.
    Processor {
        number: Expr,
        ty: Option<Box<Name>>,
        body: Box<Process>,
    },
    If {
        repl: Option<Box<Replicator>>,
        choices: Vec<Choice>,
    },
    Case {
        selector: Expr,
        options: Vec<CaseOption>,
    },
    While {
        cond: Expr,
        body: Box<Process>,
    },
    /// `ASM` (or the older `GUY`) code insertion: T800 instructions, one a line.
    Asm {
        guy: bool,
        lines: Vec<AsmLine>,
    },
    Alt {
        pri: bool,
        repl: Option<Box<Replicator>>,
        alts: Vec<Alternative>,
    },
    /// A process that failed to parse (already reported).
    Error,
}

/// The right-hand side of `?`.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// `c ? x; y; n::a` (also a timer read `tim ? t`).
    Items(Vec<InputItem>),
    /// `tim ? AFTER e`.
    After(Box<Expr>),
    /// `c ? CASE tag; x; y` (tagged input on one line).
    Tagged {
        tag: Box<Name>,
        items: Vec<InputItem>,
    },
    /// `c ? CASE` followed by indented variants.
    Case(Vec<Variant>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum InputItem {
    Var(Expr),
    /// `len::data`.
    Counted {
        len: Expr,
        data: Expr,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum OutputItem {
    Expr(Expr),
    /// `len::data`.
    Counted {
        len: Expr,
        data: Expr,
    },
}

/// One alternative of `c ? CASE`: `tag; x; y` then an indented process.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub span: Span,
    pub specs: Vec<Spec>,
    pub tag: Name,
    pub items: Vec<InputItem>,
    pub body: Process,
}

/// One choice of an IF.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub span: Span,
    pub specs: Vec<Spec>,
    pub kind: ChoiceKind,
}

// Guarded choices are the common case; boxing them would only add an
// allocation and a `Box` to every pattern in the later passes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum ChoiceKind {
    Guarded {
        cond: Expr,
        body: Process,
    },
    /// A nested (possibly replicated) IF, as a [`ProcessKind::If`] process.
    Nested(Box<Process>),
}

/// One option of a CASE.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseOption {
    pub span: Span,
    pub specs: Vec<Spec>,
    /// The selecting constants; empty for `ELSE`.
    pub labels: Vec<Expr>,
    pub is_else: bool,
    pub body: Process,
}

/// One line of an `ASM` block: an instruction or pseudo-instruction
/// mnemonic as written (`LDC`, `ADD`, `LD`, ...) and its operands.
#[derive(Clone, Debug, PartialEq)]
pub struct AsmLine {
    pub span: Span,
    pub op: String,
    pub op_span: Span,
    pub args: Vec<Expr>,
}

/// One alternative of an ALT.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    pub span: Span,
    pub specs: Vec<Spec>,
    pub kind: AltKind,
}

// Guarded choices are the common case; boxing them would only add an
// allocation and a `Box` to every pattern in the later passes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum AltKind {
    /// `[cond &] guard` then an indented process.
    Guarded {
        cond: Option<Expr>,
        guard: Guard,
        body: Process,
    },
    /// `[cond &] c ? CASE` with indented variants (their bodies are the
    /// alternative's processes).
    CaseInput {
        cond: Option<Expr>,
        chan: Expr,
        variants: Vec<Variant>,
    },
    /// A nested (possibly replicated, possibly PRI) ALT process.
    Nested(Box<Process>),
}

// Guarded choices are the common case; boxing them would only add an
// allocation and a `Box` to every pattern in the later passes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    /// `c ? items`, `tim ? AFTER t`, `c ? CASE tag; x`.
    Input { chan: Expr, input: Input },
    /// `SKIP` (normally with a condition).
    Skip,
}

// ---------------------------------------------------------------- expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: NodeId,
    pub span: Span,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(Name),
    Lit(Literal),
    /// A table `[a, b, c]`, or with a type decoration `[a, b](T)` (record
    /// literal or typed table).
    Table {
        items: Vec<Expr>,
        ty: Option<Box<Type>>,
    },
    /// `base[index]`: an array subscript, or a record field selection when
    /// `index` is a bare name that sema finds to be a field of `base`'s type.
    Subscript {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    /// `[base FROM start FOR count]`, `[base FROM start]`, `[base FOR count]`.
    Slice {
        base: Box<Expr>,
        start: Option<Box<Expr>>,
        count: Option<Box<Expr>>,
    },
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
    /// A binary operation. A chain `a + b + c` of one associative operator
    /// is left-nested: `(a + b) + c`.
    Binary {
        op: BinOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `T e`, `T ROUND e`, `T TRUNC e` for a primitive type `T`.
    Conversion {
        ty: Box<Type>,
        mode: ConvMode,
        operand: Box<Expr>,
    },
    MostPos(Type),
    MostNeg(Type),
    BytesIn(BytesInArg),
    /// `OFFSETOF (RecordType, field)`.
    OffsetOf {
        ty: Box<Name>,
        field: Box<Name>,
    },
    /// FUNCTION or intrinsic call `f (args)`; with a user type name as `name`
    /// this is a conversion to that type (decided by sema).
    Call {
        name: Box<Name>,
        args: Vec<Expr>,
    },
    /// `(VALOF ... RESULT ...)`.
    Valof(Box<Valof>),
    /// occam-pi channel end `c?` / `c!` (actual parameters, abbreviations).
    ChanEnd {
        dir: ChanDir,
        chan: Box<Expr>,
    },
    /// An expression that failed to parse (already reported).
    Error,
}

/// A literal, with its optional type decoration `lit(T)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub kind: LitKind,
    pub ty: Option<Box<Type>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LitKind {
    /// Decimal integer.
    Int(u64),
    /// `#hex` integer (a bit pattern; its meaning depends on the type).
    Hex(u64),
    /// Real literal, source spelling (e.g. `1.5E+3`), to be converted exactly
    /// by sema once its type is known.
    Real(String),
    /// `'c'` (escapes decoded).
    Byte(u8),
    /// `"..."` (escapes and continuations decoded).
    Str(Vec<u8>),
    Bool(bool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-`
    Neg,
    /// `MINUS` (modulo negation)
    Minus,
    /// `~` or `BITNOT`
    BitNot,
    /// `NOT`
    Not,
    /// `SIZE`
    Size,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `\` or `REM`
    Rem,
    Plus,
    Minus,
    Times,
    /// `/\` or `BITAND`
    BitAnd,
    /// `\/` or `BITOR`
    BitOr,
    /// `><`
    BitXor,
    Shl,
    Shr,
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    After,
}

impl BinOp {
    /// The operator as written in source (the symbol where there is one).
    pub fn text(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "\\",
            Plus => "PLUS",
            Minus => "MINUS",
            Times => "TIMES",
            BitAnd => "/\\",
            BitOr => "\\/",
            BitXor => "><",
            Shl => "<<",
            Shr => ">>",
            And => "AND",
            Or => "OR",
            Eq => "=",
            Ne => "<>",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            After => "AFTER",
        }
    }

    /// Whether occam accepts unbracketed chains `a op b op c` of this operator.
    pub fn chains(self) -> bool {
        use BinOp::*;
        matches!(
            self,
            Add | Mul | Plus | Times | BitAnd | BitOr | BitXor | And | Or
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvMode {
    Exact,
    Round,
    Trunc,
}

/// The operand of `BYTESIN`. A bare name is parsed as `Expr` (a variable);
/// sema must check whether it names a type instead.
#[derive(Clone, Debug, PartialEq)]
pub enum BytesInArg {
    Type(Type),
    Expr(Box<Expr>),
}
