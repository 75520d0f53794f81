//! Expression evaluation on the three-register stack.
//!
//! Every value the generator pushes is described by a [`V`]; [`Gen::depth`] says how
//! many registers pushing it uses (3 for anything that calls, loops or needs
//! temporaries, which must therefore start with the stack empty). [`Gen::push_list`]
//! pushes several values so the last ends in A, spilling to workspace temporaries any
//! value that would not fit beside those already pushed; binary operators evaluate the
//! deeper operand first (Sethi–Ullman order).

use super::gen::{Gen, Loc};
use super::ty;
use crate::ir::{BinOp, Const, ConvMode, Expr, ExprKind, Type, UnOp, VarId};
use t800_isa::{Func, Op};

/// Something the generator can push as one word.
#[derive(Clone, Copy, Debug)]
pub enum V<'e> {
    /// The value of a scalar expression.
    Val(&'e Expr),
    /// The address of an lvalue or aggregate expression.
    Addr(&'e Expr),
    /// The run-time size of dimension `k` of an array expression.
    Dim(&'e Expr, usize),
    /// The size in bytes of an expression's value.
    Bytes(&'e Expr),
    /// A constant.
    Const(i32),
    /// The word at (ctx, off).
    Word(usize, i32),
    /// The address of word (ctx, off).
    WordAddr(usize, i32),
    /// The address of a variable's data.
    VarAddr(VarId),
    /// Open dimension `k` of a variable.
    VarDim(VarId, usize),
}

/// True if evaluating `e` may call a routine or run a loop (so nothing may be live on
/// the stack, and W[0..] call words may be overwritten).
pub fn has_call(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call(..) | ExprKind::Valof(..) | ExprKind::Intrinsic(..) | ExprKind::Table(_) => {
            true
        }
        ExprKind::Const(_) | ExprKind::Var(_) => false,
        ExprKind::Index(ab) | ExprKind::Binary(_, ab) => has_call(&ab[0]) || has_call(&ab[1]),
        ExprKind::Field(a, _) | ExprKind::Size(a) | ExprKind::Unary(_, a) => has_call(a),
        ExprKind::Convert(_, a) => has_call(a) || e.ty.is_real() || a.ty.is_real(),
        ExprKind::Slice { base, start, count } => {
            has_call(base) || has_call(start) || has_call(count)
        }
    }
}

fn pair_depth(a: u8, b: u8) -> u8 {
    if a == b && a < 3 {
        a + 1
    } else {
        a.max(b)
    }
}

/// The value of a constant as a word.
pub fn const_word(c: &Const) -> Option<i32> {
    match c {
        Const::Bool(b) => Some(*b as i32),
        Const::Int(v) => Some(*v as i32),
        Const::Real32(bits) => Some(*bits as i32),
        _ => None,
    }
}

/// Little-endian bytes of a constant of type `t` (for data in the code).
pub fn const_bytes(c: &Const, size: u32) -> Vec<u8> {
    let mut b = match c {
        Const::Bool(v) => vec![*v as u8],
        Const::Int(v) => v.to_le_bytes().to_vec(),
        Const::Real32(v) => v.to_le_bytes().to_vec(),
        Const::Real64(v) => v.to_le_bytes().to_vec(),
        Const::Bytes(v) => v.clone(),
    };
    b.resize(size as usize, 0);
    b
}

impl Gen<'_, '_> {
    // ---- depth -------------------------------------------------------------------

    /// Registers used to push `v` (1..=3).
    pub fn depth(&self, v: &V) -> u8 {
        match v {
            V::Const(_) | V::Word(..) | V::WordAddr(..) | V::VarAddr(_) | V::VarDim(..) => 1,
            V::Val(e) => self.val_depth(e),
            V::Addr(e) => self.addr_depth(e),
            V::Dim(e, k) => self.dim_depth(e, *k),
            V::Bytes(e) => {
                if ty::open_dims(self.u.prog, &e.ty).is_empty() {
                    1
                } else {
                    3
                }
            }
        }
    }

    fn val_depth(&self, e: &Expr) -> u8 {
        let int16 = matches!(ty::resolve(self.u.prog, &e.ty), Type::Int16);
        match &e.kind {
            ExprKind::Const(_) => 1,
            ExprKind::Var(v) => match self.vars.get(v).map(|l| &l.loc) {
                Some(Loc::Local { .. }) if int16 => 2,
                Some(Loc::Local { .. }) | Some(Loc::Const(_)) | None => 1,
                _ if int16 => 3,
                _ => 1,
            },
            ExprKind::Index(..) | ExprKind::Field(..) | ExprKind::Slice { .. } => {
                if int16 {
                    3
                } else {
                    self.addr_depth(e)
                }
            }
            ExprKind::Size(a) => self.dim_depth(a, 0),
            ExprKind::Unary(_, x) => self.val_depth(x).max(2),
            ExprKind::Binary(..) if self.is_wide_op(e) => 3,
            ExprKind::Binary(op, lr) => {
                let (dl, dr) = (self.val_depth(&lr[0]), self.val_depth(&lr[1]));
                match op {
                    BinOp::And | BinOp::Or => dl.max(dr).max(1),
                    BinOp::Shl | BinOp::Shr => 3,
                    _ => pair_depth(dl, dr).max(2),
                }
            }
            ExprKind::Convert(_, x) => {
                if e.ty.is_real() || x.ty.is_real() || e.ty == Type::Int64 || x.ty == Type::Int64 {
                    3
                } else {
                    self.val_depth(x).max(2)
                }
            }
            _ => 3,
        }
    }

    fn addr_depth(&self, e: &Expr) -> u8 {
        match &e.kind {
            ExprKind::Var(_) | ExprKind::Const(_) => 1,
            ExprKind::Field(r, _) => self.addr_depth(r),
            ExprKind::Index(ai) if self.const_index(&ai[0], &ai[1]).is_some() => {
                self.addr_depth(&ai[0])
            }
            _ => 3,
        }
    }

    fn dim_depth(&self, e: &Expr, k: usize) -> u8 {
        if ty::fixed_dim(self.u.prog, &e.ty, k).is_some() {
            return 1;
        }
        match &e.kind {
            ExprKind::Var(_) => 1,
            ExprKind::Index(ai) => self.dim_depth(&ai[0], k + 1),
            ExprKind::Slice { base, count, .. } => {
                if k == 0 {
                    self.val_depth(count)
                } else {
                    self.dim_depth(base, k)
                }
            }
            _ => 3,
        }
    }

    // ---- pushing -----------------------------------------------------------------

    /// Pushes `vals` in order (the last ends in A), spilling to temporaries where a
    /// value would not fit beside those already pushed.
    pub fn push_list(&mut self, vals: &[V]) {
        let mark = self.mark_frame();
        let mut pre = Vec::with_capacity(vals.len());
        for (i, v) in vals.iter().enumerate() {
            let budget = 3u8.saturating_sub(i as u8);
            if self.depth(v) > budget {
                self.push(v);
                let (c, o) = self.temp();
                self.store_word(c, o);
                pre.push(Some((c, o)));
            } else {
                pre.push(None);
            }
        }
        for (v, p) in vals.iter().zip(pre) {
            match p {
                Some((c, o)) => self.load_word(c, o),
                None => self.push(v),
            }
        }
        self.release(mark);
    }

    /// Pushes `a` then `b` (b in A); for a commutative use the order may be swapped.
    pub fn push_pair(&mut self, a: V, b: V, commutative: bool) {
        let (da, db) = (self.depth(&a), self.depth(&b));
        if db > da && da <= 2 {
            self.push(&b);
            self.push(&a);
            if !commutative {
                self.op(Op::Rev);
            }
        } else {
            self.push_list(&[a, b]);
        }
    }

    /// Pushes one value (the caller guarantees its depth fits).
    pub fn push(&mut self, v: &V) {
        match *v {
            V::Const(n) => self.ldc(n),
            V::Word(c, o) => self.load_word(c, o),
            V::WordAddr(c, o) => self.addr_word(c, o),
            V::Val(e) => self.push_val(e),
            V::Addr(e) => self.push_addr(e),
            V::Dim(e, k) => self.push_dim(e, k),
            V::Bytes(e) => self.push_bytes(e),
            V::VarAddr(v) => self.push_var_addr(v, None),
            V::VarDim(v, k) => self.push_var_dim(v, k),
        }
    }

    /// Pushes the value of a scalar (word-sized) expression.
    pub fn push_val(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Const(c) => match const_word(c) {
                Some(w) => self.ldc(w),
                None => self.unsupported(e.span, "a non-scalar constant as a value"),
            },
            ExprKind::Var(v) => {
                let loc = self.vars.get(v).map(|l| l.loc.clone());
                match loc {
                    Some(Loc::Local { ctx, off }) => {
                        self.load_word(ctx, off);
                        if matches!(ty::resolve(self.u.prog, &e.ty), Type::Int16) {
                            self.normalise16();
                        }
                    }
                    Some(Loc::Const(c)) => match const_word(&c) {
                        Some(w) => self.ldc(w),
                        None => self.unsupported(e.span, "this constant as a value"),
                    },
                    Some(_) => {
                        self.push_var_addr(*v, Some(e));
                        self.load_mem(&e.ty);
                    }
                    None => self.unknown_var(e, *v),
                }
            }
            ExprKind::Index(..) | ExprKind::Field(..) => {
                self.push_addr(e);
                self.load_mem(&e.ty);
            }
            ExprKind::Size(a) => self.push_dim(a, 0),
            ExprKind::Unary(op, x) => self.unary(*op, x, &e.ty),
            ExprKind::Binary(op, lr) => self.binary(*op, &lr[0], &lr[1]),
            ExprKind::Convert(mode, x) => self.convert(*mode, x, &e.ty, e),
            ExprKind::Call(p, args) => self.call_function_value(p.index(), args, e),
            ExprKind::Valof(valof) => {
                let (body, results) = &**valof;
                let mark = self.valof_scope(body);
                match results.first() {
                    Some(r) => self.push_val(r),
                    None => self.unsupported(e.span, "a VALOF without a result"),
                }
                if let Some(m) = mark {
                    self.release(m);
                }
            }
            ExprKind::Intrinsic(call) => self.intrinsic_value(&call.0 .0, &call.1, e),
            ExprKind::Slice { .. } | ExprKind::Table(_) => {
                self.unsupported(e.span, "an array used as a scalar value")
            }
        }
    }

    pub fn unknown_var(&mut self, e: &Expr, v: VarId) {
        self.diags.push(crate::diag::Diagnostic::error(
            "E1002",
            e.span,
            format!("internal: variable #{} has no storage", v.0),
        ));
    }

    /// INT16 kept in a word: re-sign-extend its low half (a 2-byte input leaves the
    /// upper half stale).
    fn normalise16(&mut self) {
        self.ldc(0xFFFF);
        self.op(Op::And);
        self.ldc(0x8000);
        self.op(Op::Xword);
    }

    /// Replaces the address in A by the scalar of type `t` stored there.
    pub fn load_mem(&mut self, t: &Type) {
        match ty::resolve(self.u.prog, t) {
            Type::Bool | Type::Byte => self.op(Op::Lb),
            Type::Int16 => {
                // lo | hi << 8, sign-extended (no 16-bit load on the T800).
                self.op(Op::Dup);
                self.op(Op::Lb);
                self.op(Op::Rev);
                self.ldc(1);
                self.op(Op::Bsub);
                self.op(Op::Lb);
                self.ldc(8);
                self.op(Op::Shl);
                self.op(Op::Or);
                self.ldc(0x8000);
                self.op(Op::Xword);
            }
            _ => self.d(Func::Ldnl, 0),
        }
    }

    /// Stores B at the address in A as a scalar of type `t` (uses one temporary for
    /// INT16).
    pub fn store_mem(&mut self, t: &Type) {
        match ty::resolve(self.u.prog, t) {
            Type::Bool | Type::Byte => self.op(Op::Sb),
            Type::Int16 => {
                let mark = self.mark_frame();
                let (c, o) = self.temp();
                self.store_word(c, o);
                self.op(Op::Dup);
                self.load_word(c, o);
                self.op(Op::Sb);
                self.ldc(8);
                self.op(Op::Shr);
                self.load_word(c, o);
                self.ldc(1);
                self.op(Op::Bsub);
                self.op(Op::Sb);
                self.release(mark);
            }
            _ => self.d(Func::Stnl, 0),
        }
    }

    /// Pushes the address of variable `v`'s data.
    pub fn push_var_addr(&mut self, v: VarId, at: Option<&Expr>) {
        let loc = self.vars.get(&v).map(|l| l.loc.clone());
        match loc {
            Some(Loc::Local { ctx, off }) => self.addr_word(ctx, off),
            Some(Loc::Ptr { ctx, off }) => self.load_word(ctx, off),
            Some(Loc::Placed(a)) => self.ldc(a as i32),
            Some(Loc::Const(c)) => {
                let t = self.u.prog.vars.get(v.index()).map(|i| i.ty.clone());
                let size = t.map_or(4, |t| self.size(&t).max(1));
                let l = self.add_data(const_bytes(&c, size));
                self.ld_label_addr(l);
            }
            Some(Loc::Timer) | None => match at {
                Some(e) => self.unknown_var(e, v),
                None => self.ldc(0),
            },
        }
    }

    /// Pushes open dimension `k` of variable `v`.
    pub fn push_var_dim(&mut self, v: VarId, k: usize) {
        let d = self
            .vars
            .get(&v)
            .and_then(|l| l.dims.iter().find(|(i, _)| *i == k).map(|(_, d)| d.clone()));
        match d {
            Some(d) => self.load_dim(&d),
            None => {
                let t = self.u.prog.vars.get(v.index()).map(|i| i.ty.clone());
                let n = t
                    .and_then(|t| ty::fixed_dim(self.u.prog, &t, k))
                    .unwrap_or(0);
                self.ldc(n as i32);
            }
        }
    }

    /// Constant index into an array of fixed size: the byte offset.
    fn const_index(&self, a: &Expr, i: &Expr) -> Option<i32> {
        let ExprKind::Const(c) = &i.kind else {
            return None;
        };
        let k = const_word(c)?;
        let n = ty::fixed_dim(self.u.prog, &a.ty, 0)?;
        if k < 0 || k as u32 >= n {
            return None;
        }
        let (_, es) = ty::element(self.u.prog, &a.ty)?;
        Some(k * es as i32)
    }

    /// Adds a constant byte offset to the address in A.
    pub fn add_offset(&mut self, off: i32) {
        if off == 0 {
        } else if off % 4 == 0 {
            self.d(Func::Ldnlp, off / 4);
        } else {
            self.d(Func::Adc, off);
        }
    }

    /// Pushes the address of an lvalue or aggregate.
    pub fn push_addr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Var(v) => self.push_var_addr(*v, Some(e)),
            ExprKind::Const(c) => {
                let size = self.size(&e.ty).max(1);
                let l = self.add_data(const_bytes(c, size));
                self.ld_label_addr(l);
            }
            ExprKind::Field(r, k) => {
                self.push_addr(r);
                let off = self.field_offset(&r.ty, *k);
                self.add_offset(off as i32);
            }
            ExprKind::Index(ai) => {
                let [a, i] = &**ai;
                if let Some(off) = self.const_index(a, i) {
                    self.push_addr(a);
                    self.add_offset(off);
                    return;
                }
                let Some(es) = self.elem_size(&a.ty) else {
                    self.index_open_elem(a, i);
                    return;
                };
                let mark = self.mark_frame();
                // index, checked against the dimension, scaled; then the base.
                let base_t = if self.addr_depth(a) >= 3 {
                    self.push_addr(a);
                    let t = self.temp();
                    self.store_word(t.0, t.1);
                    Some(t)
                } else {
                    None
                };
                self.push_pair(V::Val(i), V::Dim(a, 0), false);
                self.op(Op::Csub0);
                match es {
                    1 => {}
                    4 | 8 => {}
                    n => {
                        self.ldc(n as i32);
                        self.op(Op::Prod);
                    }
                }
                match base_t {
                    Some((c, o)) => self.load_word(c, o),
                    None => self.push_addr(a),
                }
                self.op(match es {
                    4 => Op::Wsub,
                    8 => Op::Wsubdb,
                    _ => Op::Bsub,
                });
                self.release(mark);
            }
            ExprKind::Slice { base, start, count } => {
                let es = self.elem_size(&base.ty);
                let mark = self.mark_frame();
                // count in 0..size, then start in 0..size-count.
                self.push_pair(V::Val(count), V::Dim(base, 0), false);
                self.d(Func::Adc, 1);
                self.op(Op::Csub0);
                let tc = self.temp();
                self.store_word(tc.0, tc.1);
                self.push_list(&[V::Val(start), V::Dim(base, 0), V::Word(tc.0, tc.1)]);
                self.op(Op::Diff);
                self.d(Func::Adc, 1);
                self.op(Op::Csub0);
                match es {
                    Some(1) => {}
                    Some(n) => {
                        self.ldc(n as i32);
                        self.op(Op::Prod);
                    }
                    None => {
                        let tx = self.temp();
                        self.store_word(tx.0, tx.1);
                        self.push_elem_bytes(base);
                        self.load_word(tx.0, tx.1);
                        self.op(Op::Prod);
                    }
                }
                let ts = self.temp();
                self.store_word(ts.0, ts.1);
                self.push_addr(base);
                self.load_word(ts.0, ts.1);
                self.op(Op::Bsub);
                self.release(mark);
            }
            _ => {
                // A value with no storage: compute it into a temporary.
                if ty::is_word_scalar(self.u.prog, &e.ty) {
                    self.push_val(e);
                    let (c, o) = self.temp_keep(1);
                    self.store_word(c, o);
                    self.addr_word(c, o);
                } else {
                    self.aggregate_to_temp(e);
                }
            }
        }
    }

    /// Element size in bytes of an array type, if fixed (an element with open
    /// dimensions, as in `[][]INT`, has its size known only at run time).
    pub fn elem_size(&self, t: &Type) -> Option<u32> {
        let (et, es) = ty::element(self.u.prog, t)?;
        ty::open_dims(self.u.prog, et).is_empty().then_some(es)
    }

    /// Pushes the run-time size in bytes of one element of array expression `a`
    /// (the product of its inner dimensions and the base element size).
    fn push_elem_bytes(&mut self, a: &Expr) {
        self.ldc(ty::base_elem_size(self.u.prog, &a.ty) as i32);
        for k in 1..ty::rank(self.u.prog, &a.ty) {
            if ty::fixed_dim(self.u.prog, &a.ty, k).is_none() && self.dim_depth(a, k) > 2 {
                self.unsupported(a.span, "this array size expression");
                return;
            }
            self.push_dim(a, k);
            self.op(Op::Prod);
        }
    }

    /// `a[i]` where the element has open dimensions: the checked index times the
    /// run-time element size, added to the base address.
    fn index_open_elem(&mut self, a: &Expr, i: &Expr) {
        let mark = self.mark_frame();
        self.push_pair(V::Val(i), V::Dim(a, 0), false);
        self.op(Op::Csub0);
        let ti = self.temp();
        self.store_word(ti.0, ti.1);
        self.push_elem_bytes(a);
        self.load_word(ti.0, ti.1);
        self.op(Op::Prod);
        self.store_word(ti.0, ti.1);
        self.push_addr(a);
        self.load_word(ti.0, ti.1);
        self.op(Op::Bsub);
        self.release(mark);
    }

    /// Allocates `n` words that stay reserved until the enclosing statement's scope is
    /// released (used for values whose address outlives the expression).
    pub fn temp_keep(&mut self, n: u32) -> (usize, i32) {
        (self.cur, self.alloc(n))
    }

    /// Byte offset of field `k` of a record type.
    pub fn field_offset(&self, t: &Type, k: u32) -> u32 {
        if let Type::Named(id) = ty::resolve(self.u.prog, t) {
            if let Some(crate::ir::TypeDefKind::Record { fields, .. }) =
                self.u.prog.types.get(id.index()).map(|d| &d.kind)
            {
                return fields.get(k as usize).map_or(0, |f| f.offset);
            }
        }
        0
    }

    /// Pushes the run-time size of dimension `k` of array expression `e`.
    pub fn push_dim(&mut self, e: &Expr, k: usize) {
        if let Some(n) = ty::fixed_dim(self.u.prog, &e.ty, k) {
            self.ldc(n as i32);
            return;
        }
        match &e.kind {
            ExprKind::Var(v) => self.push_var_dim(*v, k),
            ExprKind::Index(ai) => self.push_dim(&ai[0], k + 1),
            ExprKind::Slice { base, count, .. } => {
                if k == 0 {
                    self.push_val(count)
                } else {
                    self.push_dim(base, k)
                }
            }
            _ => self.unsupported(e.span, "the size of this array expression"),
        }
    }

    /// Pushes the size in bytes of `e`'s value.
    pub fn push_bytes(&mut self, e: &Expr) {
        let opens = ty::open_dims(self.u.prog, &e.ty);
        if opens.is_empty() {
            let n = self.size(&e.ty);
            self.ldc(n as i32);
            return;
        }
        // Product of every dimension times the element size.
        let r = ty::rank(self.u.prog, &e.ty);
        let base = ty::base_elem_size(self.u.prog, &e.ty);
        self.ldc(base as i32);
        for k in 0..r {
            if self.dim_depth(e, k) > 2 {
                self.unsupported(e.span, "this array size expression");
                return;
            }
            self.push_dim(e, k);
            self.op(Op::Prod);
        }
    }

    // ---- operators ---------------------------------------------------------------

    fn unary(&mut self, op: UnOp, x: &Expr, t: &Type) {
        let t = ty::resolve(self.u.prog, t).clone();
        if self.unary_wide(op, x, &t) {
            return;
        }
        match op {
            UnOp::Not => {
                self.push_val(x);
                self.d(Func::Eqc, 0);
            }
            UnOp::BitNot => {
                self.push_val(x);
                self.op(Op::Not);
                self.wrap(&t);
            }
            UnOp::Neg => {
                self.push_val(x);
                self.op(Op::Not);
                self.d(Func::Adc, 1);
                self.check_range(&t);
            }
            UnOp::Minus => {
                self.push_val(x);
                self.op(Op::Not);
                self.ldc(1);
                self.op(Op::Sum);
                self.wrap(&t);
            }
        }
    }

    /// Range check of a checked result in a part-word type.
    fn check_range(&mut self, t: &Type) {
        match t {
            Type::Byte => {
                self.ldc(256);
                self.op(Op::Csub0);
            }
            Type::Int16 => {
                self.ldc(0x8000);
                self.op(Op::Cword);
            }
            _ => {}
        }
    }

    /// Modulo reduction of a result in a part-word type.
    fn wrap(&mut self, t: &Type) {
        match t {
            Type::Byte => {
                self.ldc(255);
                self.op(Op::And);
            }
            Type::Int16 => self.normalise16(),
            _ => {}
        }
    }

    fn bits(t: &Type) -> i32 {
        match t {
            Type::Byte => 8,
            Type::Int16 => 16,
            _ => 32,
        }
    }

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr) {
        let t = ty::resolve(self.u.prog, &l.ty).clone();
        if matches!(t, Type::Int64 | Type::Real32 | Type::Real64)
            && !matches!(op, BinOp::And | BinOp::Or)
        {
            self.binary_wide(op, l, r, &t);
            return;
        }
        let rc = match &r.kind {
            ExprKind::Const(c) => const_word(c),
            _ => None,
        };
        let lc = match &l.kind {
            ExprKind::Const(c) => const_word(c),
            _ => None,
        };
        match op {
            BinOp::And => {
                let end = self.label();
                self.push_val(l);
                self.jump(Func::Cj, end);
                self.push_val(r);
                self.place(end);
            }
            BinOp::Or => {
                let end = self.label();
                self.push_val(l);
                self.d(Func::Eqc, 0);
                self.jump(Func::Cj, end);
                self.push_val(r);
                self.d(Func::Eqc, 0);
                self.place(end);
                self.d(Func::Eqc, 0);
            }
            BinOp::Eq | BinOp::Ne => {
                if let Some(k) = rc {
                    self.push_val(l);
                    self.d(Func::Eqc, k);
                } else if let Some(k) = lc {
                    self.push_val(r);
                    self.d(Func::Eqc, k);
                } else {
                    self.push_pair(V::Val(l), V::Val(r), true);
                    self.op(Op::Diff);
                    self.d(Func::Eqc, 0);
                }
                if op == BinOp::Ne {
                    self.d(Func::Eqc, 0);
                }
            }
            BinOp::Gt | BinOp::Le => {
                self.push_pair(V::Val(l), V::Val(r), false);
                self.op(Op::Gt);
                if op == BinOp::Le {
                    self.d(Func::Eqc, 0);
                }
            }
            BinOp::Lt | BinOp::Ge => {
                self.push_pair(V::Val(r), V::Val(l), false);
                self.op(Op::Gt);
                if op == BinOp::Ge {
                    self.d(Func::Eqc, 0);
                }
            }
            BinOp::After => {
                self.push_pair(V::Val(l), V::Val(r), false);
                self.op(Op::Diff);
                self.ldc(0);
                self.op(Op::Gt);
            }
            BinOp::Add | BinOp::Sub if rc.is_some() && rc != Some(i32::MIN) => {
                let k = rc.unwrap_or(0);
                self.push_val(l);
                self.d(Func::Adc, if op == BinOp::Add { k } else { -k });
                self.check_range(&t);
            }
            BinOp::Shl | BinOp::Shr => {
                self.push_pair(V::Val(l), V::Val(r), false);
                self.ldc(Self::bits(&t) + 1);
                self.op(Op::Csub0);
                if op == BinOp::Shr && t == Type::Int16 {
                    self.op(Op::Rev);
                    self.ldc(0xFFFF);
                    self.op(Op::And);
                    self.op(Op::Rev);
                }
                self.op(if op == BinOp::Shl { Op::Shl } else { Op::Shr });
                self.wrap(&t);
            }
            _ => {
                let (o, commutative, checked) = match op {
                    BinOp::Add => (Op::Add, true, true),
                    BinOp::Sub => (Op::Sub, false, true),
                    BinOp::Mul => (Op::Mul, true, true),
                    BinOp::Div => (Op::Div, false, true),
                    BinOp::Rem => (Op::Rem, false, true),
                    BinOp::Plus => (Op::Sum, true, false),
                    BinOp::Minus => (Op::Diff, false, false),
                    BinOp::Times => (Op::Prod, true, false),
                    BinOp::BitAnd => (Op::And, true, false),
                    BinOp::BitOr => (Op::Or, true, false),
                    _ => (Op::Xor, true, false),
                };
                self.push_pair(V::Val(l), V::Val(r), commutative);
                self.op(o);
                if checked {
                    self.check_range(&t);
                } else {
                    self.wrap(&t);
                }
            }
        }
    }

    fn convert(&mut self, mode: ConvMode, x: &Expr, to: &Type, e: &Expr) {
        let to = ty::resolve(self.u.prog, to).clone();
        let from = ty::resolve(self.u.prog, &x.ty).clone();
        let wide = |t: &Type| matches!(t, Type::Int64 | Type::Real32 | Type::Real64);
        if wide(&to) || wide(&from) {
            self.convert_wide(mode, x, &from, &to, e);
            return;
        }
        self.push_val(x);
        match (&from, &to) {
            (_, Type::Byte) if from != Type::Bool => {
                self.ldc(256);
                self.op(Op::Csub0);
            }
            (_, Type::Bool) if from != Type::Bool => {
                self.ldc(2);
                self.op(Op::Csub0);
            }
            (Type::Int | Type::Int32, Type::Int16) => {
                self.ldc(0x8000);
                self.op(Op::Cword);
            }
            _ => {}
        }
    }
}
