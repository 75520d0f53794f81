//! Access paths (`a[i][2]`, `r[field]`, `[a FROM s FOR n]`) and whether two of
//! them can denote the same storage.

use super::linear::Linear;
use super::solve::{Answer, Equation, System};
use crate::ir::VarId;
use std::collections::HashMap;

/// One step from a variable towards the part of it that is used.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Sub {
    /// An element; `None` when the subscript is not linear.
    Index(Option<Linear>),
    /// A slice `FROM start FOR count` of the same dimension.
    Slice {
        start: Option<Linear>,
        count: Option<i64>,
    },
    /// A record field.
    Field(u32),
}

/// Appends `sub`, folding an index or slice taken of a slice into one step
/// (`[a FROM 2 FOR 3][1]` is `a[3]`).
pub fn push(path: &mut Vec<Sub>, sub: Sub) {
    let offset = |start: &Option<Linear>, by: &Option<Linear>| match (start, by) {
        (Some(s), Some(b)) => s.add_scaled(b, 1),
        _ => None,
    };
    if let Some(Sub::Slice { start, .. }) = path.last() {
        let start = start.clone();
        match sub {
            Sub::Index(i) => {
                *path.last_mut().expect("checked") = Sub::Index(offset(&start, &i));
                return;
            }
            Sub::Slice { start: s2, count } => {
                *path.last_mut().expect("checked") = Sub::Slice {
                    start: offset(&start, &s2),
                    count,
                };
                return;
            }
            Sub::Field(_) => {}
        }
    }
    path.push(sub);
}

/// Which copy of a replicated PAR (or which of two branches) a path is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    A,
    B,
}

/// How a variable in a subscript behaves when comparing two paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// The same (unknown) value on both sides.
    Shared,
    /// Ranges independently on each side (a replicator), within the bounds.
    Copy(Option<(i64, i64)>),
    /// Not analysable: the subscript is unknown.
    Unknown,
}

/// One step of a concrete element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elem {
    Index(i64),
    Field(u32),
}

/// A concrete collision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    /// Values of the per-side variables.
    pub values: Vec<(VarId, Side, i64)>,
    /// The storage both paths reach (over their common length).
    pub element: Vec<Elem>,
}

/// Whether two paths can meet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// Proven never to meet.
    Disjoint,
    /// Proven to meet, with values showing it.
    Certain(Witness),
    /// Not proven either way.
    Possible,
}

/// Per dimension: each side's element as a linear form plus an optional
/// slice-offset variable, or `Err(field)` for a record field.
type Dim = Result<[(Linear, Option<usize>); 2], u32>;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Shared(VarId),
    Copy(VarId, Side),
    Offset(usize, Side),
}

/// Decides whether `a` (on side A) and `b` (on side B) can reach common
/// storage. `distinct` names a replicator whose two copies must differ.
pub fn overlap(
    a: &[Sub],
    b: &[Sub],
    classify: &dyn Fn(VarId) -> Class,
    distinct: Option<VarId>,
) -> Overlap {
    let mut sys = System::default();
    let mut keys: HashMap<Key, usize> = HashMap::new();
    let mut unknown = false;
    // Per dimension: how to compute each side's element (or a field).
    let mut dims: Vec<Dim> = Vec::new();
    for (dim, (sa, sb)) in a.iter().zip(b).enumerate() {
        let (la, lb) = match (sa, sb) {
            (Sub::Field(f), Sub::Field(g)) => {
                if f != g {
                    return Overlap::Disjoint;
                }
                dims.push(Err(*f));
                continue;
            }
            (Sub::Field(_), _) | (_, Sub::Field(_)) => return Overlap::Possible,
            _ => (sa, sb),
        };
        let mut sides = Vec::with_capacity(2);
        let mut known = true;
        for (sub, side) in [(la, Side::A), (lb, Side::B)] {
            let (lin, count) = match sub {
                Sub::Index(l) => (l, Some(1)),
                Sub::Slice { start, count } => (start, *count),
                Sub::Field(_) => unreachable!("fields handled above"),
            };
            if count == Some(0) {
                return Overlap::Disjoint;
            }
            let offset = match count {
                Some(1) => None,
                Some(n) => Some(
                    *keys
                        .entry(Key::Offset(dim, side))
                        .or_insert_with(|| sys.add_var(Some((0, n - 1)))),
                ),
                None => {
                    known = false;
                    None
                }
            };
            match lin {
                Some(l) if l.terms.iter().all(|t| classify(t.0) != Class::Unknown) => {
                    sides.push((l.clone(), offset))
                }
                _ => known = false,
            }
        }
        if !known {
            unknown = true;
            dims.push(Ok([
                (Linear::constant(0), None),
                (Linear::constant(0), None),
            ]));
            continue;
        }
        let mut eq = Equation {
            terms: Vec::new(),
            constant: 0,
        };
        for (k, side) in [(0usize, Side::A), (1, Side::B)] {
            let sign = if k == 0 { 1 } else { -1 };
            let (lin, offset) = &sides[k];
            let Some(c) = eq.constant.checked_add(sign * lin.constant) else {
                return Overlap::Possible;
            };
            eq.constant = c;
            for &(v, coef) in &lin.terms {
                let key = match classify(v) {
                    Class::Copy(_) => Key::Copy(v, side),
                    _ => Key::Shared(v),
                };
                let idx = *keys.entry(key).or_insert_with(|| {
                    sys.add_var(match classify(v) {
                        Class::Copy(bounds) => bounds,
                        _ => None,
                    })
                });
                eq.terms.push((idx, sign * coef));
            }
            if let Some(o) = offset {
                eq.terms.push((*o, sign));
            }
        }
        sys.equations.push(eq);
        dims.push(Ok([sides[0].clone(), sides[1].clone()]));
    }
    if let Some(r) = distinct {
        let bounds = match classify(r) {
            Class::Copy(b) => b,
            _ => None,
        };
        let ia = *keys
            .entry(Key::Copy(r, Side::A))
            .or_insert_with(|| sys.add_var(bounds));
        let ib = *keys
            .entry(Key::Copy(r, Side::B))
            .or_insert_with(|| sys.add_var(bounds));
        sys.distinct = Some((ia, ib));
    }
    match sys.solve() {
        Answer::None => Overlap::Disjoint,
        Answer::Maybe => Overlap::Possible,
        Answer::Witness(_) if unknown => Overlap::Possible,
        Answer::Witness(vals) => {
            let value = |k: Key| keys.get(&k).map(|&i| vals[i]);
            let mut values: Vec<(VarId, Side, i64)> = keys
                .iter()
                .filter_map(|(k, &i)| match k {
                    Key::Copy(v, s) => Some((*v, *s, vals[i])),
                    _ => None,
                })
                .collect();
            values.sort_by_key(|&(v, s, _)| (v, s == Side::B));
            let mut element = Vec::new();
            for d in &dims {
                match d {
                    Err(f) => element.push(Elem::Field(*f)),
                    Ok([(lin, off), _]) => {
                        let at = lin.eval(|v| match classify(v) {
                            Class::Copy(_) => value(Key::Copy(v, Side::A)),
                            _ => value(Key::Shared(v)),
                        });
                        let at = at.and_then(|x| x.checked_add(off.map_or(0, |o| vals[o])));
                        match at {
                            Some(x) => element.push(Elem::Index(x)),
                            None => return Overlap::Possible,
                        }
                    }
                }
            }
            Overlap::Certain(Witness { values, element })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const I: VarId = VarId(1);
    const J: VarId = VarId(2);

    fn idx(c: i64, terms: &[(VarId, i64)]) -> Sub {
        Sub::Index(Some(Linear {
            constant: c,
            terms: terms.to_vec(),
        }))
    }
    fn rep(n: i64) -> impl Fn(VarId) -> Class {
        move |v| {
            if v == I {
                Class::Copy(Some((0, n - 1)))
            } else {
                Class::Shared
            }
        }
    }

    #[test]
    fn constants_decide_directly() {
        let c = |_| Class::Unknown;
        assert_eq!(
            overlap(&[idx(1, &[])], &[idx(2, &[])], &c, None),
            Overlap::Disjoint
        );
        assert!(matches!(
            overlap(&[idx(1, &[])], &[idx(1, &[])], &c, None),
            Overlap::Certain(_)
        ));
        assert_eq!(
            overlap(&[idx(0, &[(J, 1)])], &[idx(1, &[])], &c, None),
            Overlap::Possible
        );
    }

    #[test]
    fn replicated_neighbours_name_the_iterations() {
        let r = rep(4);
        match overlap(&[idx(1, &[(I, 1)])], &[idx(0, &[(I, 1)])], &r, Some(I)) {
            Overlap::Certain(w) => {
                assert_eq!(w.values, vec![(I, Side::A, 0), (I, Side::B, 1)]);
                assert_eq!(w.element, vec![Elem::Index(1)]);
            }
            o => panic!("{o:?}"),
        }
        assert_eq!(
            overlap(&[idx(0, &[(I, 1)])], &[idx(0, &[(I, 1)])], &r, Some(I)),
            Overlap::Disjoint
        );
    }

    #[test]
    fn shared_variables_cancel() {
        let r = rep(4);
        assert_eq!(
            overlap(&[idx(0, &[(J, 1)])], &[idx(1, &[(J, 1)])], &r, None),
            Overlap::Disjoint
        );
    }

    #[test]
    fn slices_are_ranges() {
        let c = |_| Class::Unknown;
        let s = |start: i64, n: i64| Sub::Slice {
            start: Some(Linear::constant(start)),
            count: Some(n),
        };
        assert_eq!(overlap(&[s(0, 4)], &[s(4, 4)], &c, None), Overlap::Disjoint);
        match overlap(&[s(0, 5)], &[s(4, 4)], &c, None) {
            Overlap::Certain(w) => assert_eq!(w.element, vec![Elem::Index(4)]),
            o => panic!("{o:?}"),
        }
        assert_eq!(overlap(&[s(3, 0)], &[s(0, 9)], &c, None), Overlap::Disjoint);
        // Replicated slices [a FROM 4*i FOR 4] are disjoint blocks.
        let r = rep(8);
        let blk = Sub::Slice {
            start: Some(Linear {
                constant: 0,
                terms: vec![(I, 4)],
            }),
            count: Some(4),
        };
        assert_eq!(
            overlap(
                std::slice::from_ref(&blk),
                std::slice::from_ref(&blk),
                &r,
                Some(I)
            ),
            Overlap::Disjoint
        );
        let wide = Sub::Slice {
            start: Some(Linear {
                constant: 0,
                terms: vec![(I, 4)],
            }),
            count: Some(5),
        };
        assert!(matches!(
            overlap(
                std::slice::from_ref(&wide),
                std::slice::from_ref(&wide),
                &r,
                Some(I)
            ),
            Overlap::Certain(_)
        ));
    }

    #[test]
    fn slice_then_index_folds() {
        let mut p = vec![Sub::Slice {
            start: Some(Linear::constant(2)),
            count: Some(3),
        }];
        push(&mut p, idx(1, &[]));
        assert_eq!(p, vec![idx(3, &[])]);
    }

    #[test]
    fn fields_and_prefixes() {
        let c = |_| Class::Shared;
        assert_eq!(
            overlap(&[Sub::Field(0)], &[Sub::Field(1)], &c, None),
            Overlap::Disjoint
        );
        assert!(matches!(
            overlap(&[], &[idx(3, &[])], &c, None),
            Overlap::Certain(_)
        ));
        // Two dimensions: a[i][0] and a[i][1] never meet.
        let r = rep(4);
        assert_eq!(
            overlap(
                &[idx(0, &[(I, 1)]), idx(0, &[])],
                &[idx(0, &[(I, 1)]), idx(1, &[])],
                &r,
                None
            ),
            Overlap::Disjoint
        );
    }
}
