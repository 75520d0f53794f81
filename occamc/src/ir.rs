//! The checked program: what semantic analysis produces and code generation consumes.
//!
//! The AST says what the programmer wrote; this IR says what it means. Every name is
//! resolved to an id, every expression carries its type, constants are folded,
//! abbreviations and parameters know how they are passed, and every PROC knows the free
//! variables it uses (occam PROCs may be nested and use enclosing variables; code
//! generation passes them as hidden reference parameters). Code generation never looks
//! at the AST, and semantic analysis never emits code: this module is the seam.
//!
//! Invariants (established by `sema`, relied on by `codegen`):
//! - The program is well typed under occam's strict rules: no implicit conversions; both
//!   operands of a binary operator have the operator's operand type; array sizes,
//!   replicated-PAR counts, CASE labels and VAL constants are folded to [`Const`].
//! - Usage and alias rules hold (no variable written in one PAR branch and used in
//!   another, etc.), so code generation may keep values in any slot it likes.
//! - There is no recursion: the call graph is acyclic.
//! - `Var` ids are unique across the whole program; every `Var` used is declared by a
//!   [`Decl`], a [`Param`], a replicator, or is in the enclosing PROC's `free_vars`.

use crate::diag::Span;
use crate::intern::Sym;
use std::rc::Rc;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            /// The id as a vector index.
            pub fn index(self) -> usize { self.0 as usize }
        }
    };
}

id_type!(
    /// A variable, channel, timer, port, abbreviation, parameter or replicator index.
    VarId
);
id_type!(
    /// A PROC or FUNCTION.
    ProcId
);
id_type!(
    /// A protocol (named or the anonymous protocol of `CHAN OF T`).
    ProtocolId
);
id_type!(
    /// A named data type (`DATA TYPE`): a record or a renamed type.
    TypeId
);

/// A checked occam program.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every variable-like entity, indexed by [`VarId`].
    pub vars: Vec<VarInfo>,
    /// Every PROC and FUNCTION, indexed by [`ProcId`], in declaration order. Nested
    /// PROCs are hoisted here too; their `free_vars` say what they use from outside.
    pub procs: Vec<Proc>,
    /// Every protocol, indexed by [`ProtocolId`].
    pub protocols: Vec<Protocol>,
    /// Every named data type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Top-level (outermost) declarations that are not PROCs: VAL constants, tables.
    pub globals: Vec<Decl>,
    /// The entry point: the last PROC of the main file (KRoC convention).
    pub entry: Option<ProcId>,
    /// Libraries named by `#USE`.
    pub uses: Vec<String>,
    /// Declared names of protocols, indexed by [`ProtocolId`] (None for the
    /// anonymous `CHAN OF T` ones and ANY).
    pub protocol_names: Vec<Option<String>>,
    /// Routines of separately compiled libraries: they have no body here (`body` is
    /// SKIP, `result` empty) and code calls their object symbol.
    pub imports: std::collections::BTreeMap<ProcId, Import>,
    /// The outer-level PROCs and FUNCTIONs of the main file, which a library unit
    /// exports (later declarations of a name hide earlier ones).
    pub exports: Vec<Export>,
    /// Variables and channels named by `#PRAGMA SHARED` (sorted): the program
    /// shares them between parallel processes on purpose, so usage checking
    /// leaves them alone.
    pub shared: Vec<VarId>,
    /// Variables named by `#PRAGMA PERMITALIASES` (sorted): alias checking
    /// leaves them alone.
    pub permit_aliases: Vec<VarId>,
}

/// A routine of a separately compiled unit (from its object's descriptor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The object symbol to call.
    pub symbol: String,
    /// Words it needs below its entry Wptr, callees included.
    pub ws_total: u32,
    /// Vector-space bytes, callees included.
    pub vs_total: u32,
    /// Per parameter: for a channel or port, the way data flows (`None`: either
    /// way, as far as usage checking knows).
    pub dirs: Vec<Option<Direction>>,
}

/// Which way a channel parameter carries data, seen from the routine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `c?`: the routine inputs.
    Input,
    /// `c!`: the routine outputs.
    Output,
}

/// A routine a library unit makes callable from other units.
///
/// Its canonical header is written only when an object describes it
/// (`sema::interface::header`): most programs are not libraries, and the
/// text would be made for every outer-level routine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The routine.
    pub proc_id: ProcId,
    /// Per parameter, the direction its header gives a channel parameter: the
    /// declared one, else the one the body uses it in (`None`: neither, or not
    /// a channel). Empty when the routine has no channel parameter.
    pub dirs: Vec<Option<Direction>>,
}

/// Primitive and constructed data types.
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// BOOL (one byte; TRUE = 1).
    Bool,
    /// BYTE (unsigned 8-bit).
    Byte,
    /// INT (32-bit on the T800).
    Int,
    /// INT16.
    Int16,
    /// INT32.
    Int32,
    /// INT64 (long arithmetic on the T800).
    Int64,
    /// REAL32.
    Real32,
    /// REAL64.
    Real64,
    /// `[n]T`; `None` for an open array `[]T` (size passed at run time).
    /// The element type is shared: types are copied into almost every
    /// expression, and a copy of an array type is then a count increment, not
    /// an allocation.
    Array(Option<u32>, Rc<Type>),
    /// A named type (record or rename).
    Named(TypeId),
    /// `CHAN OF P`.
    Chan(ProtocolId),
    /// TIMER.
    Timer,
    /// `PORT OF T`.
    Port(Rc<Type>),
}

// By hand so that it inlines: types are cloned for almost every expression,
// and most are scalars (a copy) rather than arrays (a count increment).
impl Clone for Type {
    #[inline]
    fn clone(&self) -> Type {
        match self {
            Type::Bool => Type::Bool,
            Type::Byte => Type::Byte,
            Type::Int => Type::Int,
            Type::Int16 => Type::Int16,
            Type::Int32 => Type::Int32,
            Type::Int64 => Type::Int64,
            Type::Real32 => Type::Real32,
            Type::Real64 => Type::Real64,
            Type::Named(id) => Type::Named(*id),
            Type::Chan(p) => Type::Chan(*p),
            Type::Timer => Type::Timer,
            Type::Array(n, e) => Type::Array(*n, e.clone()),
            Type::Port(t) => Type::Port(t.clone()),
        }
    }
}

impl Type {
    /// True for the integer types (BYTE included).
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            Type::Byte | Type::Int | Type::Int16 | Type::Int32 | Type::Int64
        )
    }
    /// True for REAL32 and REAL64.
    pub fn is_real(&self) -> bool {
        matches!(self, Type::Real32 | Type::Real64)
    }
}

/// A `DATA TYPE` declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDef {
    /// Declared name.
    pub name: String,
    /// What it is.
    pub kind: TypeDefKind,
    /// Size in bytes.
    pub size: u32,
    /// Alignment in bytes (1, 2, 4 or 8).
    pub align: u32,
}

/// The body of a named type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeDefKind {
    /// `DATA TYPE N IS T :`.
    Alias(Type),
    /// `DATA TYPE N [PACKED] RECORD …`: fields with their byte offsets.
    Record {
        /// Fields in declaration order.
        fields: Vec<Field>,
        /// PACKED RECORD (no padding).
        packed: bool,
    },
}

/// A record field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Field type.
    pub ty: Type,
    /// Byte offset from the start of the record.
    pub offset: u32,
}

/// A protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `CHAN OF ANY`: any item may be sent; bytes as laid out in memory.
    Any,
    /// A simple or sequential protocol: each `!` sends these items in order.
    Sequential(Vec<ProtoItem>),
    /// A variant protocol: a tag byte (the variant's index) then that variant's items.
    Variant(Vec<Variant>),
}

/// One item of a sequential protocol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtoItem {
    /// A value of this type.
    Value(Type),
    /// `count :: []elem`: a count of integer type, then that many elements.
    Counted(Type, Type),
}

/// One variant of a variant protocol; its tag value is its index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Tag name.
    pub name: String,
    /// Items after the tag.
    pub items: Vec<ProtoItem>,
}

/// What kind of entity a [`VarId`] names, which decides how code reaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    /// A local variable (storage in the workspace, or in vector space if large).
    Local,
    /// `VAL` parameter or `VAL` abbreviation: read-only. Scalars up to a word are passed
    /// by value; larger ones by reference.
    Val,
    /// Reference parameter or (non-VAL) abbreviation: a pointer to the target.
    Ref,
    /// A replicator index (read-only local).
    Replicator,
    /// A channel declared here (a channel word, or an array of them).
    Channel,
    /// A timer (no storage).
    Timer,
    /// A port placed at an address.
    Port,
    /// A named constant whose value is folded (no storage needed).
    Constant,
}

/// A variable-like entity.
#[derive(Clone, Debug, PartialEq)]
pub struct VarInfo {
    /// Source name (interned: one per declaration, copied freely).
    pub name: Sym,
    /// Its type (`Type::Chan`, `Type::Timer`, arrays of them, …).
    pub ty: Type,
    /// How it is stored and passed.
    pub kind: VarKind,
    /// `PLACE name AT address`: a fixed byte address (e.g. link channel words).
    pub placed_at: Option<u32>,
    /// For [`VarKind::Constant`], its value.
    pub value: Option<Const>,
    /// Declaration site.
    pub span: Span,
}

/// A folded constant value.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// BOOL.
    Bool(bool),
    /// Any integer type (BYTE, INT16, INT, INT32, INT64), sign-extended.
    Int(i64),
    /// REAL32 as IEEE bits.
    Real32(u32),
    /// REAL64 as IEEE bits.
    Real64(u64),
    /// A constant array or record, laid out in target byte order (strings, tables).
    Bytes(Vec<u8>),
}

/// A PROC or FUNCTION.
#[derive(Clone, Debug, PartialEq)]
pub struct Proc {
    /// Source name (unique names are the code generator's business).
    pub name: String,
    /// Formal parameters in order.
    pub params: Vec<Param>,
    /// Free variables of enclosing scopes used inside (passed as hidden references,
    /// after the declared parameters, in this order).
    pub free_vars: Vec<VarId>,
    /// For a FUNCTION, the result types; empty for a PROC.
    pub results: Vec<Type>,
    /// The body. For a FUNCTION: a [`Process::Valof`]-shaped body is expressed as
    /// `body` followed by `result` expressions.
    pub body: Process,
    /// FUNCTION result expressions (evaluated after `body`).
    pub result: Vec<Expr>,
    /// Declared `INLINE`.
    pub inline: bool,
    /// Declared in a file other than the main one (e.g. a library include).
    pub external: bool,
    /// Declaration site.
    pub span: Span,
}

/// A formal parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The variable the body uses for it.
    pub var: VarId,
    /// How it is passed.
    pub mode: ParamMode,
}

/// Parameter passing mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamMode {
    /// `VAL T x`: scalar ≤ one word by value, otherwise a pointer to read-only data.
    Val,
    /// `T x`: a pointer.
    Ref,
    /// `CHAN OF P c` (with optional direction): a pointer to the channel word.
    Chan,
    /// `TIMER t`: nothing is passed.
    Timer,
    /// `PORT OF T p`: a pointer.
    Port,
}

/// A declaration opening a scope.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// A variable, channel, timer or port (storage allocated; channels initialised to
    /// NotProcess.p).
    Var(VarId),
    /// `[VAL] [T] name IS target :` or `VAL T name RETYPES/RESHAPES target :`.
    Abbrev {
        /// The new name.
        var: VarId,
        /// What it stands for (an lvalue for non-VAL, any expression for VAL).
        target: Expr,
        /// RETYPES / RESHAPES: same bytes, new type (sizes checked by sema).
        retypes: bool,
    },
    /// A nested PROC or FUNCTION (its body lives in `Program::procs`).
    Proc(ProcId),
}

/// Expressions, every one with its type.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
    /// Source span (for run-time error line numbers).
    pub span: Span,
}

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A folded constant (MOSTPOS, SIZE of fixed arrays, BYTESIN, OFFSETOF, literals…).
    Const(Const),
    /// A variable, parameter, abbreviation, channel, …
    Var(VarId),
    /// `a[i]`, bounds-checked: the array and the subscript, in one box
    /// (one allocation per subscript rather than two).
    Index(Box<[Expr; 2]>),
    /// `r[field]`: the field's index in the record's `fields`.
    Field(Box<Expr>, u32),
    /// `[a FROM start FOR count]`, range-checked.
    Slice {
        /// The array.
        base: Box<Expr>,
        /// First element.
        start: Box<Expr>,
        /// Number of elements.
        count: Box<Expr>,
    },
    /// `SIZE a` of an open array (dimension 0 of the expression's type), run time.
    Size(Box<Expr>),
    /// Unary operator.
    Unary(UnOp, Box<Expr>),
    /// Binary operator (operands have the same type except shifts, whose count
    /// is INT): the left and right operands, in one box (binary operators are
    /// the commonest compound expression; one allocation rather than two).
    Binary(BinOp, Box<[Expr; 2]>),
    /// Conversion `T e`, `T ROUND e`, `T TRUNC e` (target type is `Expr::ty`).
    Convert(ConvMode, Box<Expr>),
    /// Call of a single-result FUNCTION.
    Call(ProcId, Vec<Actual>),
    /// Intrinsic (predefined) function with its arguments; see [`Intrinsic`].
    /// Boxed, like `Valof`: both are rare, and inline they would make every
    /// expression a word larger.
    Intrinsic(Box<(Intrinsic, Vec<Expr>)>),
    /// A table `[e1, e2, …]` with non-constant elements (constant ones are folded).
    Table(Vec<Expr>),
    /// `(VALOF body RESULT e)` inline: the body and the results.
    Valof(Box<(Process, Vec<Expr>)>),
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-e` (overflow-checked for integers).
    Neg,
    /// `MINUS e` (modulo).
    Minus,
    /// `~e` / `BITNOT e`.
    BitNot,
    /// `NOT e`.
    Not,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+` checked.
    Add,
    /// `-` checked.
    Sub,
    /// `*` checked.
    Mul,
    /// `/` checked (division by zero, MOSTNEG / -1).
    Div,
    /// `\` / `REM` checked.
    Rem,
    /// `PLUS` (modulo).
    Plus,
    /// `MINUS` (modulo).
    Minus,
    /// `TIMES` (modulo).
    Times,
    /// `/\` / `BITAND`.
    BitAnd,
    /// `\/` / `BITOR`.
    BitOr,
    /// `><`.
    BitXor,
    /// `<<` (count range-checked 0..bits).
    Shl,
    /// `>>`.
    Shr,
    /// `AND` (short-circuit).
    And,
    /// `OR` (short-circuit).
    Or,
    /// `=`.
    Eq,
    /// `<>`.
    Ne,
    /// `<`.
    Lt,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
    /// `>=`.
    Ge,
    /// `AFTER` (modulo comparison).
    After,
}

/// Conversion modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvMode {
    /// `T e`: exact, range-checked.
    Exact,
    /// `T ROUND e`.
    Round,
    /// `T TRUNC e`.
    Trunc,
}

/// The predefined functions and procedures of occam.md §1.5, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intrinsic(pub IntrinsicName);

/// An intrinsic's name, read as a `str`: the name in
/// `sema::intrinsics::TABLE`, so no string is allocated per call.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct IntrinsicName(pub &'static str);

impl std::ops::Deref for IntrinsicName {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl PartialEq<&str> for IntrinsicName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Debug for IntrinsicName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An actual parameter.
#[derive(Clone, Debug, PartialEq)]
pub enum Actual {
    /// Passed by value (VAL scalar) or the address of a VAL aggregate.
    Val(Expr),
    /// Passed by reference: an lvalue (variable, element, slice, field, channel).
    Ref(Expr),
    /// A timer: nothing is passed.
    Timer,
}

/// A replicator `i = base FOR count`.
#[derive(Clone, Debug, PartialEq)]
pub struct Replicator {
    /// The index variable.
    pub var: VarId,
    /// First value.
    pub base: Expr,
    /// Number of iterations (constant for PAR).
    pub count: Expr,
}

/// Processes.
#[derive(Clone, Debug, PartialEq)]
pub enum Process {
    /// SKIP.
    Skip,
    /// STOP.
    Stop(Span),
    /// `a, b := x, y` (all values evaluated before any assignment).
    Assign {
        /// Lvalues.
        targets: Vec<Expr>,
        /// Values, one per target.
        values: Vec<Expr>,
        /// Span for error reports.
        span: Span,
    },
    /// `a, b := f (x)` with a multi-result FUNCTION.
    AssignCall {
        /// Lvalues, one per result.
        targets: Vec<Expr>,
        /// The function.
        func: ProcId,
        /// Its arguments.
        args: Vec<Actual>,
        /// Span.
        span: Span,
    },
    /// `c ! items` on a channel (or `p ! e` on a port).
    Output {
        /// The channel (an lvalue of channel type).
        chan: Expr,
        /// Items per the protocol.
        items: Vec<OutItem>,
        /// Span.
        span: Span,
    },
    /// `c ? items`.
    Input {
        /// The channel.
        chan: Expr,
        /// Items per the protocol.
        items: Vec<InItem>,
        /// Span.
        span: Span,
    },
    /// `c ? CASE` with alternatives (variant protocol).
    CaseInput {
        /// The channel.
        chan: Expr,
        /// One arm per accepted tag.
        arms: Vec<CaseInputArm>,
        /// Span.
        span: Span,
    },
    /// `tim ? v`.
    TimerRead {
        /// Target lvalue (INT).
        target: Expr,
        /// Span.
        span: Span,
    },
    /// `tim ? AFTER t`.
    Delay {
        /// Time expression.
        time: Expr,
        /// Span.
        span: Span,
    },
    /// `p ? v` on a PORT.
    PortRead {
        /// The port.
        port: Box<Expr>,
        /// Target.
        target: Box<Expr>,
    },
    /// `p ! e` on a PORT.
    PortWrite {
        /// The port.
        port: Box<Expr>,
        /// Value.
        value: Box<Expr>,
    },
    /// PROC call.
    Call {
        /// Callee.
        proc_id: ProcId,
        /// Actuals in formal order.
        args: Vec<Actual>,
        /// Span.
        span: Span,
    },
    /// A call of an intrinsic PROC (e.g. MOVE2D, CAUSEERROR), or a multiple
    /// assignment from a multi-result intrinsic FUNCTION (`hi, lo := LONGPROD (a, b, c)`):
    /// then `args` are the FUNCTION's arguments followed by one lvalue per result, in order.
    IntrinsicCall {
        /// Which.
        intrinsic: Intrinsic,
        /// Arguments (lvalues where the PROC writes; result targets last, see above).
        args: Vec<Expr>,
        /// Span.
        span: Span,
    },
    /// SEQ.
    Seq(Vec<Process>),
    /// Replicated SEQ.
    ReplSeq(Box<Replicator>, Box<Process>),
    /// PAR / PRI PAR (first branch high priority).
    Par {
        /// Branches.
        branches: Vec<Process>,
        /// PRI PAR.
        pri: bool,
    },
    /// Replicated PAR / PRI PAR (count is constant).
    ReplPar {
        /// The replicator (boxed, like other large rare parts, to keep
        /// every process small).
        rep: Box<Replicator>,
        /// The body, one copy per index value.
        body: Box<Process>,
        /// PRI PAR.
        pri: bool,
    },
    /// PLACED PAR: one process per PROCESSOR (single-node runs execute them in PAR).
    PlacedPar(Vec<Placed>),
    /// IF (no true guard ⇒ STOP).
    If(Vec<IfArm>, Span),
    /// CASE (no match and no ELSE ⇒ STOP).
    Case {
        /// Selector.
        selector: Expr,
        /// Arms with their constant labels.
        arms: Vec<(Vec<Const>, Process)>,
        /// ELSE arm.
        default: Option<Box<Process>>,
        /// Span.
        span: Span,
    },
    /// WHILE.
    While(Expr, Box<Process>),
    /// `ASM`/`GUY` code insertion: instructions emitted as written. The
    /// register stack is empty before the first item and undefined after the
    /// last; the block must leave Wptr as it found it.
    Asm(Vec<AsmItem>, Span),
    /// ALT / PRI ALT.
    Alt {
        /// Arms in textual (= priority for PRI ALT) order.
        arms: Vec<AltArm>,
        /// PRI ALT.
        pri: bool,
        /// Span.
        span: Span,
    },
    /// Declarations scoped over a process.
    Scope(Vec<Decl>, Box<Process>),
}

/// One item of an `ASM` block.
#[derive(Clone, Debug, PartialEq)]
pub enum AsmItem {
    /// A direct function with a constant operand (`LDC 5`, `LDNLP 2`); the
    /// code generator chooses its prefixes.
    Direct(t800_isa::Func, i32),
    /// An operation (`ADD`, `OUT`, `TESTERR`).
    Operate(t800_isa::Op),
    /// An FPU operation through `fpentry` (`FPUSQRTFIRST`).
    Fpu(t800_isa::FpuOp),
    /// `LD e`: pushes the value of a constant or of a scalar variable of at
    /// most a word (BOOL, BYTE, INT, INT32, REAL32 as its bit pattern).
    Load(Expr),
    /// `ST v`: pops A into such a variable.
    Store(Expr),
}

/// An output item.
#[derive(Clone, Debug, PartialEq)]
pub enum OutItem {
    /// A value.
    Value(Expr),
    /// `count :: array`.
    Counted(Expr, Expr),
    /// A variant tag (its index).
    Tag(u8),
}

/// An input item.
#[derive(Clone, Debug, PartialEq)]
pub enum InItem {
    /// Into an lvalue.
    Value(Expr),
    /// `count :: array`.
    Counted(Expr, Expr),
}

/// One arm of `c ? CASE`.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseInputArm {
    /// Tag index.
    pub tag: u8,
    /// Items after the tag.
    pub items: Vec<InItem>,
    /// The process run after the input.
    pub body: Process,
}

/// An IF arm.
#[derive(Clone, Debug, PartialEq)]
pub enum IfArm {
    /// `guard` then process.
    Guard(Expr, Process),
    /// A nested IF: its arms are tried in place.
    Nested(Vec<IfArm>),
    /// Replicated IF arm.
    Repl(Replicator, Vec<IfArm>),
    /// Specifications before a choice: in scope over its guards and bodies,
    /// left when the choice's guards are all false.
    Scope(Vec<Decl>, Vec<IfArm>),
}

/// An ALT arm.
#[derive(Clone, Debug, PartialEq)]
pub enum AltArm {
    /// A guarded alternative.
    Guard {
        /// Boolean pre-condition (`b & …`); `None` means TRUE.
        pre: Option<Expr>,
        /// The guard itself.
        guard: Guard,
        /// The process run when chosen.
        body: Process,
    },
    /// A nested ALT's arms, taking part in this ALT.
    Nested(Vec<AltArm>),
    /// Replicated ALT arm.
    Repl(Replicator, Vec<AltArm>),
    /// Declarations scoped over arms.
    Scope(Vec<Decl>, Vec<AltArm>),
}

/// ALT guard kinds.
#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    /// `c ? items`.
    Input(Expr, Vec<InItem>),
    /// `c ? CASE` arms (variant input guard).
    CaseInput(Expr, Vec<CaseInputArm>),
    /// `tim ? AFTER t`.
    Timer(Expr),
    /// SKIP.
    Skip,
}

/// One PROCESSOR of a PLACED PAR.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Logical processor number.
    pub processor: Expr,
    /// Processor type name (e.g. "T8").
    pub kind: String,
    /// Channels placed on links: (channel var, link channel word index 0..8).
    pub placements: Vec<(VarId, u32)>,
    /// The process.
    pub body: Process,
}
