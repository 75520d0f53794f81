//! `ASM` / `GUY` code insertion: each line becomes one T800 instruction (from
//! the one instruction table) or a pseudo-instruction moving an occam value
//! between a variable and the register stack.
//!
//! Decisions (the reference gives the construct, not its rules):
//! * Direct functions take one constant operand (`LDC 5`, `LDNLP 2`); the
//!   code generator adds the prefixes. `PFIX`, `NFIX` and `OPR` are the
//!   assembler's business, `J`, `CJ` and `CALL` would need labels (not
//!   supported), and `AJW` would move the workspace under the compiler's
//!   frame layout: all are rejected.
//! * Operations (`ADD`, `TESTERR`, `LDPRI`) and FPU operations (`FPUSQRTFIRST`,
//!   emitted as `ldc code; fpentry`) take no operand.
//! * `LD x` pushes, and `ST x` pops A into, a constant or a scalar variable of
//!   at most a word that is not INT16 (BOOL, BYTE, INT, INT32, REAL32 as its
//!   bit pattern): loading or storing one needs at most one more register,
//!   so values already pushed by the block stay put.
//! * The block starts with an empty register stack and leaves it undefined.
//!   GUY is accepted as ASM's older spelling, with the same rules.

use super::Lowerer;
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, AsmItem, Type};
use crate::sema::types;
use crate::syntax::ast;
use t800_isa::{FpuOp, Func, Op};

impl Lowerer<'_> {
    pub(super) fn asm(&mut self, lines: &[ast::AsmLine], span: Span) -> Option<ir::Process> {
        let mut items = Vec::with_capacity(lines.len());
        let mut ok = true;
        for line in lines {
            match self.asm_line(line) {
                Some(item) => items.push(item),
                None => ok = false,
            }
        }
        ok.then_some(ir::Process::Asm(items, span))
    }

    fn asm_line(&mut self, line: &ast::AsmLine) -> Option<AsmItem> {
        let name = line.op.to_ascii_lowercase();
        match name.as_str() {
            "ld" | "st" => {
                let [arg] = self.asm_operands(line, 1)? else {
                    return None;
                };
                let store = name == "st";
                let x = if store {
                    self.lvalue(arg, None)?
                } else {
                    self.expr(arg, None)?
                };
                self.asm_scalar(&x, arg.span, &line.op, store)?;
                Some(if store {
                    AsmItem::Store(x)
                } else {
                    AsmItem::Load(x)
                })
            }
            _ => {
                if let Some(f) = Func::from_mnemonic(&name) {
                    if matches!(
                        f,
                        Func::Pfix
                            | Func::Nfix
                            | Func::Opr
                            | Func::J
                            | Func::Cj
                            | Func::Call
                            | Func::Ajw
                    ) {
                        self.err(
                            Diagnostic::error(
                                "E0648",
                                line.op_span,
                                format!("`{}` cannot be used in ASM", line.op),
                            )
                            .with_span_label("not allowed here")
                            .with_help(asm_forbidden_help(f)),
                        );
                        return None;
                    }
                    let [arg] = self.asm_operands(line, 1)? else {
                        return None;
                    };
                    let what = format!("the operand of `{}`", line.op);
                    let v = self.const_int(arg, &what)?;
                    let Ok(n) = i32::try_from(v).or_else(|_| u32::try_from(v).map(|u| u as i32))
                    else {
                        self.err(
                            Diagnostic::error(
                                "E0647",
                                arg.span,
                                format!("{what} does not fit in a word"),
                            )
                            .with_span_label(format!("{v} is out of range")),
                        );
                        return None;
                    };
                    return Some(AsmItem::Direct(f, n));
                }
                let item = if let Some(op) = Op::from_mnemonic(&name) {
                    AsmItem::Operate(op)
                } else if let Some(op) = FpuOp::from_mnemonic(&name) {
                    AsmItem::Fpu(op)
                } else {
                    self.err(
                        Diagnostic::error(
                            "E0646",
                            line.op_span,
                            format!("`{}` is not a T800 instruction", line.op),
                        )
                        .with_span_label("unknown instruction")
                        .with_help(
                            "ASM lines hold T800 mnemonics (`LDC 1`, `ADD`), `LD x` or `ST x`",
                        ),
                    );
                    return None;
                };
                self.asm_operands(line, 0)?;
                Some(item)
            }
        }
    }

    /// The operands of `line`, when there are `n`.
    fn asm_operands<'l>(&mut self, line: &'l ast::AsmLine, n: usize) -> Option<&'l [ast::Expr]> {
        if line.args.len() == n {
            return Some(&line.args);
        }
        let want = match n {
            0 => "no operand".to_string(),
            1 => "one operand".to_string(),
            _ => format!("{n} operands"),
        };
        self.err(
            Diagnostic::error(
                "E0647",
                line.span,
                format!("`{}` takes {want}, not {}", line.op, line.args.len()),
            )
            .with_span_label(format!("{} operands here", line.args.len())),
        );
        None
    }

    /// Checks the operand of `LD`/`ST` (see the module doc).
    fn asm_scalar(&mut self, x: &ir::Expr, span: Span, op: &str, store: bool) -> Option<()> {
        let ty = types::underlying(&x.ty, &self.prog.types);
        let word = matches!(
            ty,
            Type::Bool | Type::Byte | Type::Int | Type::Int32 | Type::Real32
        );
        // A plain name or a constant (`ST`'s operand went through `lvalue`,
        // which already rejected constants, VALs and replicator indices).
        let shape_ok = matches!(x.kind, ir::ExprKind::Const(_) | ir::ExprKind::Var(_));
        if word && shape_ok {
            return Some(());
        }
        let found = self.show(&x.ty);
        let what = if store {
            "a variable"
        } else {
            "a constant or a variable"
        };
        self.err(
            Diagnostic::error(
                "E0647",
                span,
                format!("`{op}` needs {what} of type BOOL, BYTE, INT, INT32 or REAL32"),
            )
            .with_span_label(format!(
                "this is {}",
                if word {
                    "not a plain name"
                } else {
                    found.as_str()
                }
            ))
            .with_help("copy the value to a scalar variable first"),
        );
        None
    }
}

fn asm_forbidden_help(f: Func) -> &'static str {
    match f {
        Func::Pfix | Func::Nfix | Func::Opr => {
            "write the instruction itself: its prefixes are added for you"
        }
        Func::Ajw => "the compiler lays out the workspace; moving it would break the code around",
        _ => "jumps and calls need labels, which ASM blocks do not have",
    }
}
