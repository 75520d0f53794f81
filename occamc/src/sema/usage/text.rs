//! Wording of usage and alias messages: paths and uses in source terms.

use super::access::{Access, Mode, Via};
use super::path::{Elem, Side, Sub, Witness};
use super::walk::Analysis;
use crate::ir::{Type, TypeDefKind, VarId};

/// The field name of field `f` in the record type `ty`, if it is one.
fn field_name(an: &Analysis, ty: Option<&Type>, f: u32) -> (String, Option<Type>) {
    if let Some(Type::Named(id)) = ty {
        if let Some(TypeDefKind::Record { fields, .. }) =
            an.prog.types.get(id.index()).map(|t| &t.kind)
        {
            if let Some(fd) = fields.get(f as usize) {
                return (fd.name.clone(), Some(fd.ty.clone()));
            }
        }
    }
    (format!("field {f}"), None)
}

fn elem_type(ty: Option<Type>) -> Option<Type> {
    match ty {
        Some(Type::Array(_, e)) => Some(std::rc::Rc::unwrap_or_clone(e)),
        _ => None,
    }
}

/// `a[i+1]`, `[a FROM 2 FOR 3]`, `r[x]`, `a[…]` for an unknown subscript.
pub fn path(an: &Analysis, var: VarId, subs: &[Sub]) -> String {
    let names = |v: VarId| an.name(v);
    let mut s = an.name(var);
    let mut ty = an.var(var).map(|i| i.ty.clone());
    for sub in subs {
        match sub {
            Sub::Index(l) => {
                let i = l.as_ref().map_or("…".to_string(), |l| l.display(names));
                s = format!("{s}[{i}]");
                ty = elem_type(ty);
            }
            Sub::Slice { start, count } => {
                let st = start.as_ref().map_or("…".to_string(), |l| l.display(names));
                let n = count.map_or("…".to_string(), |n| n.to_string());
                s = format!("[{s} FROM {st} FOR {n}]");
            }
            Sub::Field(f) => {
                let (name, t) = field_name(an, ty.as_ref(), *f);
                s = format!("{s}[{name}]");
                ty = t;
            }
        }
    }
    s
}

/// The concrete element of a witness, e.g. `a[1]`.
pub fn element(an: &Analysis, var: VarId, w: &Witness) -> String {
    let mut s = an.name(var);
    let mut ty = an.var(var).map(|i| i.ty.clone());
    for e in &w.element {
        match e {
            Elem::Index(i) => {
                s = format!("{s}[{i}]");
                ty = elem_type(ty);
            }
            Elem::Field(f) => {
                let (name, t) = field_name(an, ty.as_ref(), *f);
                s = format!("{s}[{name}]");
                ty = t;
            }
        }
    }
    s
}

/// `i=0` for the given side's value of replicator `rep`.
pub fn iteration(an: &Analysis, w: &Witness, rep: VarId, side: Side) -> String {
    let v = w
        .values
        .iter()
        .find(|(v, s, _)| *v == rep && *s == side)
        .map_or(0, |x| x.2);
    format!("{}={v}", an.name(rep))
}

/// Past participle: "assigned", "read", "assigned by `p`", "used for input".
pub fn done(an: &Analysis, a: &Access) -> String {
    let base = match (a.mode, a.via) {
        (Mode::Read, _) => "read",
        (Mode::Write, Via::InputInto) => "input into",
        (Mode::Write, _) => "assigned",
        (Mode::Input, _) => "used for input",
        (Mode::Output, _) => "used for output",
    };
    match a.via {
        Via::Call(p) => format!("{base} by `{}`", an.proc_name(p)),
        _ => base.to_string(),
    }
}

/// Present tense with the object: "assigns `a[i]`", "calls `p`, which reads `x`".
pub fn does(an: &Analysis, a: &Access) -> String {
    let what = path(an, a.var, &a.path);
    let verb = match (a.mode, a.via) {
        (Mode::Read, _) => "reads",
        (Mode::Write, Via::InputInto) => "inputs into",
        (Mode::Write, _) => "assigns",
        (Mode::Input, _) => "inputs from",
        (Mode::Output, _) => "outputs to",
    };
    match a.via {
        Via::Call(p) => format!("calls `{}`, which {verb} `{what}`", an.proc_name(p)),
        _ => format!("{verb} `{what}`"),
    }
}

/// "channel `c`" or "`x`".
pub fn thing(an: &Analysis, a: &Access) -> String {
    let p = path(an, a.var, &a.path);
    if matches!(a.mode, Mode::Input | Mode::Output) {
        format!("channel `{p}`")
    } else {
        format!("`{p}`")
    }
}
