//! Protocol checking of every `!` and `?` on a channel: the number of items,
//! each item's type, counted arrays (`n::a`), variant tags, and
//! `CHAN OF ANY` (any items, typed by themselves).
//!
//! Errors are E08xx.

use super::{base_elem, plural, Describe, Lowerer};
use crate::diag::{Diagnostic, Span};
use crate::ir::{self, InItem, OutItem, ProtoItem, Protocol, ProtocolId, Type};
use crate::sema::types;
use crate::syntax::ast;
use std::fmt::Display;
use std::rc::Rc;

/// One item of an output or input, abstracting over the two.
enum Item<'a> {
    One(&'a ast::Expr),
    Counted(&'a ast::Expr, &'a ast::Expr),
}

impl Item<'_> {
    fn span(&self) -> Span {
        match self {
            Item::One(e) => e.span,
            Item::Counted(l, d) => l.span.to(d.span),
        }
    }
}

fn out_item(i: &ast::OutputItem) -> Item<'_> {
    match i {
        ast::OutputItem::Expr(e) => Item::One(e),
        ast::OutputItem::Counted { len, data } => Item::Counted(len, data),
    }
}

fn in_item(i: &ast::InputItem) -> Item<'_> {
    match i {
        ast::InputItem::Var(e) => Item::One(e),
        ast::InputItem::Counted { len, data } => Item::Counted(len, data),
    }
}

/// A checked item: a single value or a count and an array.
enum Checked {
    One(ir::Expr),
    Counted(ir::Expr, ir::Expr),
}

fn to_out(c: Checked) -> OutItem {
    match c {
        Checked::One(e) => OutItem::Value(e),
        Checked::Counted(l, d) => OutItem::Counted(l, d),
    }
}

fn to_in(c: Checked) -> InItem {
    match c {
        Checked::One(e) => InItem::Value(e),
        Checked::Counted(l, d) => InItem::Counted(l, d),
    }
}

impl Lowerer<'_> {
    /// Protocol `p`, shared: items are checked against it while lowering
    /// may add protocols, so it cannot stay borrowed from `prog`.
    fn protocol_of(&self, p: ProtocolId) -> Rc<Protocol> {
        Rc::clone(&self.shared_protocols[p.index()])
    }

    /// `c ! items` on a channel of protocol `p`.
    pub(super) fn output_items(
        &mut self,
        p: ProtocolId,
        items: &[ast::OutputItem],
        span: Span,
    ) -> Option<Vec<OutItem>> {
        let protocol = self.protocol_of(p);
        match &*protocol {
            Protocol::Any => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    out.push(to_out(self.any_item(&out_item(it), false)?));
                }
                Some(out)
            }
            Protocol::Sequential(want) => {
                let mut out = Vec::with_capacity(items.len());
                self.sequence(p, want, items, out_item, false, span, &mut out, to_out)?;
                Some(out)
            }
            Protocol::Variant(vs) => {
                let Some(Item::One(first)) = items.first().map(out_item) else {
                    self.err(
                        Diagnostic::error(
                            "E0806",
                            span,
                            format!(
                                "output on protocol {} must start with a tag",
                                self.namer().protocol(p)
                            ),
                        )
                        .with_span_label("no tag"),
                    );
                    return None;
                };
                let ast::ExprKind::Name(tag) = &first.kind else {
                    self.err(
                        Diagnostic::error(
                            "E0806",
                            first.span,
                            format!(
                                "output on protocol {} must start with a tag",
                                self.namer().protocol(p)
                            ),
                        )
                        .with_span_label("expected a tag name"),
                    );
                    return None;
                };
                let (index, variant) = self.find_tag(p, vs, tag)?;
                let mut out = Vec::with_capacity(items.len());
                out.push(OutItem::Tag(index));
                let rest = &items[1..];
                self.sequence(
                    p,
                    &variant.items,
                    rest,
                    out_item,
                    false,
                    span,
                    &mut out,
                    to_out,
                )?;
                Some(out)
            }
        }
    }

    /// `c ? items` on a channel of protocol `p` (not variant).
    pub(super) fn input_items(
        &mut self,
        p: ProtocolId,
        items: &[ast::InputItem],
        span: Span,
    ) -> Option<Vec<InItem>> {
        let protocol = self.protocol_of(p);
        match &*protocol {
            Protocol::Any => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    out.push(to_in(self.any_item(&in_item(it), true)?));
                }
                Some(out)
            }
            Protocol::Sequential(want) => {
                let mut out = Vec::with_capacity(items.len());
                self.sequence(p, want, items, in_item, true, span, &mut out, to_in)?;
                Some(out)
            }
            Protocol::Variant(_) => {
                self.err(
                    Diagnostic::error(
                        "E0807",
                        span,
                        format!(
                            "input from variant protocol {} needs `? CASE`",
                            self.namer().protocol(p)
                        ),
                    )
                    .with_span_label("plain input")
                    .with_help("write `c ? CASE` followed by the tags to accept"),
                );
                None
            }
        }
    }

    /// One arm of `c ? CASE`: the tag and its items; `body` is lowered by the caller.
    pub(super) fn variant_items(
        &mut self,
        p: ProtocolId,
        tag: &ast::Name,
        items: &[ast::InputItem],
        span: Span,
    ) -> Option<(u8, Vec<InItem>)> {
        let protocol = self.protocol_of(p);
        let Protocol::Variant(vs) = &*protocol else {
            self.err(
                Diagnostic::error(
                    "E0808",
                    span,
                    format!(
                        "`? CASE` needs a variant protocol, but this channel carries {}",
                        self.namer().protocol(p)
                    ),
                )
                .with_span_label("not a variant protocol"),
            );
            return None;
        };
        let (index, variant) = self.find_tag(p, vs, tag)?;
        let mut got = Vec::with_capacity(items.len());
        self.sequence(
            p,
            &variant.items,
            items,
            in_item,
            true,
            span,
            &mut got,
            to_in,
        )?;
        Some((index, got))
    }

    fn find_tag<'v>(
        &mut self,
        p: ProtocolId,
        vs: &'v [ir::Variant],
        tag: &ast::Name,
    ) -> Option<(u8, &'v ir::Variant)> {
        match vs.iter().position(|v| v.name == tag.text) {
            Some(i) => Some((i as u8, &vs[i])),
            None => {
                let names: Vec<String> = vs.iter().map(|v| v.name.clone()).collect();
                self.err(
                    Diagnostic::error(
                        "E0809",
                        tag.span,
                        format!(
                            "`{}` is not a tag of protocol {}",
                            tag.text,
                            self.namer().protocol(p)
                        ),
                    )
                    .with_span_label("unknown tag")
                    .with_note(format!("its tags are: {}", names.join(", "))),
                );
                None
            }
        }
    }

    /// Checks `items` (seen through `item`) against the sequential item list
    /// `want`, appending them to `out` (through `wrap`): the items go straight
    /// into the IR's list, with no list of their own.
    #[allow(clippy::too_many_arguments)]
    fn sequence<A, T>(
        &mut self,
        p: ProtocolId,
        want: &[ProtoItem],
        items: &[A],
        item: impl Fn(&A) -> Item<'_>,
        input: bool,
        span: Span,
        out: &mut Vec<T>,
        wrap: fn(Checked) -> T,
    ) -> Option<()> {
        if want.len() != items.len() {
            let pname = self.namer().protocol(p);
            self.err(
                Diagnostic::error(
                    "E0805",
                    items
                        .first()
                        .map_or(span, |i| item(i).span())
                        .to(items.last().map_or(span, |i| item(i).span())),
                    format!(
                        "protocol {pname} has {} item{} here but {} {} given",
                        want.len(),
                        plural(want.len()),
                        items.len(),
                        if items.len() == 1 { "is" } else { "are" }
                    ),
                )
                .with_span_label("wrong number of items"),
            );
            return None;
        }
        let mut ok = true;
        for (i, (w, it)) in want.iter().zip(items).enumerate() {
            let what = Describe(|f| write!(f, "protocol item {}", i + 1));
            let it = item(it);
            let r = match (w, &it) {
                (ProtoItem::Value(t), Item::One(e)) => {
                    self.item_value(e, t, input, &what).map(Checked::One)
                }
                (ProtoItem::Counted(ct, et), Item::Counted(l, d)) => {
                    let arr = Type::Array(None, std::rc::Rc::new(et.clone()));
                    let l = self.item_value(l, ct, input, &format_args!("the count of {what}"));
                    let d = self.item_value(d, &arr, input, &format_args!("the array of {what}"));
                    l.zip(d).map(|(l, d)| Checked::Counted(l, d))
                }
                (ProtoItem::Counted(ct, et), Item::One(e)) => {
                    let (c, t) = (self.show(ct), self.show(et));
                    self.err(
                        Diagnostic::error(
                            "E0810",
                            e.span,
                            format!("{what} is a counted array `{c}::[]{t}`"),
                        )
                        .with_span_label("expected `count::array`"),
                    );
                    None
                }
                (ProtoItem::Value(t), Item::Counted(..)) => {
                    let t = self.show(t);
                    self.err(
                        Diagnostic::error(
                            "E0810",
                            it.span(),
                            format!("{what} is a single {t}, not a counted array"),
                        )
                        .with_span_label("unexpected `::`"),
                    );
                    None
                }
            };
            match r {
                Some(c) => out.push(wrap(c)),
                None => ok = false,
            }
        }
        ok.then_some(())
    }

    fn item_value(
        &mut self,
        e: &ast::Expr,
        want: &Type,
        input: bool,
        what: &dyn Display,
    ) -> Option<ir::Expr> {
        if input {
            let x = self.lvalue(e, Some(want))?;
            self.check_fits(&x, want, what)?;
            Some(x)
        } else {
            self.expr_of_type(e, want, what)
        }
    }

    /// An item on `CHAN OF ANY`: any data, typed by itself.
    fn any_item(&mut self, it: &Item<'_>, input: bool) -> Option<Checked> {
        let one = |s: &mut Self, e: &ast::Expr| -> Option<ir::Expr> {
            let x = if input {
                s.lvalue(e, None)?
            } else {
                s.expr(e, None)?
            };
            if !super::is_data(&x.ty) {
                let t = s.show(&x.ty);
                s.err(
                    Diagnostic::error("E0811", e.span, format!("{t} cannot be communicated"))
                        .with_span_label("not data"),
                );
                return None;
            }
            Some(x)
        };
        match it {
            Item::One(e) => one(self, e).map(Checked::One),
            Item::Counted(l, d) => {
                let l = one(self, l)?;
                let d = one(self, d)?;
                if !types::is_integer(&l.ty, &self.prog.types)
                    || !matches!(d.ty, Type::Array(..))
                    || !super::is_data(base_elem(&d.ty))
                {
                    self.err(
                        Diagnostic::error(
                            "E0810",
                            l.span.to(d.span),
                            "a counted array is an integer count and an array",
                        )
                        .with_span_label("expected `count::array`"),
                    );
                    return None;
                }
                Some(Checked::Counted(l, d))
            }
        }
    }
}
