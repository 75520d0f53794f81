//! Nesting limits of the front end.
//!
//! They bound the depth of the AST so that every recursive walker (the
//! dumper here, the semantic passes and the code generator later) stays
//! far from the end of the stack: a process is at most
//! [`MAX_BLOCK_DEPTH`] blocks deep, an expression at most
//! [`MAX_BRACKET_DEPTH`] brackets deep, and a single operator chain or
//! subscript chain (`a + b + c ...`, `a[i][j]...`, `[1][2]...INT`) has at most
//! [`MAX_CHAIN`] links. Real occam code stays far below all three; going
//! over is reported as an error, never a crash.

/// Indentation levels (INDENTs open at once).
pub const MAX_BLOCK_DEPTH: usize = 128;
/// Open `(` and `[` at once.
pub const MAX_BRACKET_DEPTH: usize = 128;
/// Operands of one chain of one operator, or subscripts of one element, or
/// dimensions of one array type.
pub const MAX_CHAIN: usize = 256;
