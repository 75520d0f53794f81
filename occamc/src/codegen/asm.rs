//! `ASM` code insertion: the items of the block in order (see
//! `sema/lower/asm.rs` for what each may be).

use super::expr::V;
use super::gen::{Gen, Loc, VarLoc};
use crate::ir::{AsmItem, ExprKind};
use t800_isa::Flags;

impl Gen<'_, '_> {
    pub fn asm(&mut self, items: &[AsmItem]) {
        for it in items {
            match it {
                AsmItem::Direct(f, n) => self.d(*f, *n),
                AsmItem::Operate(op) => self.op(*op),
                AsmItem::Fpu(op) => self.fpu(*op),
                AsmItem::Load(e) => self.push(&V::Val(e)),
                AsmItem::Store(target) => self.store_a(target),
            }
        }
        // In STOP mode a block that may set Error stops the process there, like
        // any statement with checks (a block that cannot leaves Error alone).
        let sets_error = items.iter().any(|it| match it {
            AsmItem::Direct(f, _) => f.info().flags.contains(Flags::ERROR),
            AsmItem::Operate(op) => op.info().flags.contains(Flags::ERROR),
            AsmItem::Fpu(_) | AsmItem::Load(_) | AsmItem::Store(_) => false,
        });
        if sets_error {
            self.after_checks();
        }
    }

    /// Pops A into the scalar variable `target` (one more register at most).
    fn store_a(&mut self, target: &crate::ir::Expr) {
        if let ExprKind::Var(id) = &target.kind {
            if let Some(VarLoc {
                loc: Loc::Local { ctx, off },
                ..
            }) = self.vars.get(id).cloned()
            {
                self.store_word(ctx, off);
                return;
            }
        }
        self.push(&V::Addr(target));
        self.store_mem(&target.ty);
    }
}
