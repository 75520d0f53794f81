//! A small exact solver for "can these subscripts be equal?".
//!
//! The question is a system of linear equations `Σ aₖ·xₖ + c = 0` over
//! integer variables, each optionally bounded to `lo..=hi`, plus at most one
//! "these two variables differ" constraint (two copies of a replicated PAR).
//! Cheap necessary conditions (gcd divisibility, the range of each equation)
//! prove most disjointness; otherwise a depth-first search over the bounded
//! variables, which solves each equation's last free variable directly instead
//! of enumerating it, finds a witness or proves there is none. The search has a
//! budget; past it (or with unbounded variables left) the answer is "maybe".

/// An equation `Σ coef·x[var] + constant = 0`.
#[derive(Clone, Debug)]
pub struct Equation {
    pub terms: Vec<(usize, i64)>,
    pub constant: i64,
}

/// A system to solve.
#[derive(Clone, Debug, Default)]
pub struct System {
    /// Bounds of each variable (`None`: any integer).
    pub bounds: Vec<Option<(i64, i64)>>,
    pub equations: Vec<Equation>,
    /// Two variables that must take different values.
    pub distinct: Option<(usize, usize)>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Proven: no solution.
    None,
    /// A solution: one value per variable.
    Witness(Vec<i64>),
    /// Could not decide (unbounded variables or too large a search).
    Maybe,
}

/// Search steps allowed per system.
const BUDGET: u32 = 1 << 18;

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a as i64
}

impl System {
    pub fn add_var(&mut self, bounds: Option<(i64, i64)>) -> usize {
        self.bounds.push(bounds);
        self.bounds.len() - 1
    }

    pub fn solve(&self) -> Answer {
        if self.bounds.iter().flatten().any(|&(lo, hi)| lo > hi) {
            return Answer::None;
        }
        let mut eqs: Vec<Equation> = Vec::new();
        for e in &self.equations {
            let mut terms: Vec<(usize, i64)> = Vec::new();
            for &(v, c) in &e.terms {
                match terms.iter_mut().find(|t| t.0 == v) {
                    Some(t) => t.1 = t.1.saturating_add(c),
                    None => terms.push((v, c)),
                }
            }
            terms.retain(|t| t.1 != 0);
            if terms.is_empty() {
                if e.constant != 0 {
                    return Answer::None;
                }
                continue;
            }
            if self.impossible(&terms, e.constant) {
                return Answer::None;
            }
            eqs.push(Equation {
                terms,
                constant: e.constant,
            });
        }
        if let Some((a, b)) = self.distinct {
            if let (Some((lo1, hi1)), Some((lo2, hi2))) = (self.bounds[a], self.bounds[b]) {
                if lo1 == hi1 && lo2 == hi2 && lo1 == lo2 {
                    return Answer::None;
                }
            }
        }
        let involved = |v: usize| {
            eqs.iter().any(|e| e.terms.iter().any(|t| t.0 == v))
                || self.distinct.is_some_and(|(a, b)| a == v || b == v)
        };
        let n = self.bounds.len();
        if (0..n).any(|v| involved(v) && self.bounds[v].is_none()) {
            return Answer::Maybe;
        }
        let order: Vec<usize> = (0..n).filter(|&v| involved(v)).collect();
        let mut values: Vec<Option<i64>> = vec![None; n];
        let mut budget = BUDGET;
        match self.search(&eqs, &order, 0, &mut values, &mut budget) {
            Some(true) => Answer::Witness(
                values
                    .iter()
                    .zip(&self.bounds)
                    .map(|(v, b)| v.unwrap_or(b.map_or(0, |b| b.0)))
                    .collect(),
            ),
            Some(false) => Answer::None,
            None => Answer::Maybe,
        }
    }

    /// Necessary conditions: gcd of the coefficients divides the constant,
    /// and zero lies between the smallest and largest possible sums.
    fn impossible(&self, terms: &[(usize, i64)], constant: i64) -> bool {
        let g = terms.iter().fold(0, |g, t| gcd(g, t.1));
        if g != 0 && constant % g != 0 {
            return true;
        }
        let (mut min, mut max) = (constant as i128, constant as i128);
        for &(v, c) in terms {
            let Some((lo, hi)) = self.bounds[v] else {
                return false;
            };
            let (a, b) = (c as i128 * lo as i128, c as i128 * hi as i128);
            min += a.min(b);
            max += a.max(b);
        }
        min > 0 || max < 0
    }

    /// `Some(true)`: found (in `values`); `Some(false)`: none; `None`: budget spent.
    fn search(
        &self,
        eqs: &[Equation],
        order: &[usize],
        k: usize,
        values: &mut Vec<Option<i64>>,
        budget: &mut u32,
    ) -> Option<bool> {
        let Some(&v) = order.get(k) else {
            return Some(true);
        };
        let (lo, hi) = self.bounds[v]?;
        // An equation whose only unassigned variable is `v` fixes it.
        let forced = eqs.iter().find_map(|e| {
            let mut rest: i128 = e.constant as i128;
            let mut coef = 0i64;
            for &(u, c) in &e.terms {
                if u == v {
                    coef = c;
                } else {
                    rest += c as i128 * values[u]? as i128;
                }
            }
            (coef != 0).then_some((coef, rest))
        });
        let candidates: Box<dyn Iterator<Item = i64>> = match forced {
            Some((coef, rest)) => {
                if rest % coef as i128 != 0 {
                    return Some(false);
                }
                let x = -rest / coef as i128;
                if x < lo as i128 || x > hi as i128 {
                    return Some(false);
                }
                Box::new(std::iter::once(x as i64))
            }
            None => Box::new(lo..=hi),
        };
        for x in candidates {
            *budget = budget.checked_sub(1)?;
            values[v] = Some(x);
            if self.consistent(eqs, values) {
                match self.search(eqs, order, k + 1, values, budget) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => {
                        values[v] = None;
                        return None;
                    }
                }
            }
        }
        values[v] = None;
        Some(false)
    }

    fn consistent(&self, eqs: &[Equation], values: &[Option<i64>]) -> bool {
        if let Some((a, b)) = self.distinct {
            if let (Some(x), Some(y)) = (values[a], values[b]) {
                if x == y {
                    return false;
                }
            }
        }
        eqs.iter().all(|e| {
            let mut sum = e.constant as i128;
            for &(u, c) in &e.terms {
                match values[u] {
                    Some(x) => sum += c as i128 * x as i128,
                    None => return true,
                }
            }
            sum == 0
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(terms: &[(usize, i64)], constant: i64) -> Equation {
        Equation {
            terms: terms.to_vec(),
            constant,
        }
    }

    /// Two copies of `PAR i = 0 FOR n`: variables 0 (copy A) and 1 (copy B).
    fn copies(n: i64) -> System {
        let mut s = System::default();
        s.add_var(Some((0, n - 1)));
        s.add_var(Some((0, n - 1)));
        s.distinct = Some((0, 1));
        s
    }

    #[test]
    fn same_index_in_different_copies_is_disjoint() {
        let mut s = copies(10);
        s.equations.push(eq(&[(0, 1), (1, -1)], 0)); // a[i] vs a[i]
        assert_eq!(s.solve(), Answer::None);
    }

    #[test]
    fn neighbouring_index_collides_with_witness() {
        let mut s = copies(10);
        s.equations.push(eq(&[(0, 1), (1, -1)], 1)); // a[i+1] vs a[i]
        match s.solve() {
            Answer::Witness(w) => assert_eq!(w[0] + 1, w[1]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn even_and_odd_never_meet_by_gcd() {
        let mut s = copies(1_000_000_000);
        s.equations.push(eq(&[(0, 2), (1, -2)], 1)); // a[2i+1] vs a[2i]
        assert_eq!(s.solve(), Answer::None);
    }

    #[test]
    fn collisions_only_outside_the_range_are_disjoint() {
        // a[i] vs a[i+4] with i in 0..4: i_A = i_B + 4 is out of range.
        let mut s = copies(4);
        s.equations.push(eq(&[(0, 1), (1, -1)], -4));
        assert_eq!(s.solve(), Answer::None);
        // ... but with 5 copies, i=4 and i=0 collide.
        let mut s = copies(5);
        s.equations.push(eq(&[(0, 1), (1, -1)], -4));
        assert_eq!(s.solve(), Answer::Witness(vec![4, 0]));
    }

    #[test]
    fn one_copy_never_conflicts_with_itself() {
        let s = copies(1);
        assert_eq!(s.solve(), Answer::None);
        assert!(matches!(copies(2).solve(), Answer::Witness(_)));
    }

    #[test]
    fn large_ranges_are_solved_directly() {
        // a[3i] vs a[2j+1], i ≠ j over a million copies: 3i = 2j + 1.
        let mut s = copies(1_000_000);
        s.equations.push(eq(&[(0, 3), (1, -2)], -1));
        match s.solve() {
            Answer::Witness(w) => assert_eq!(3 * w[0], 2 * w[1] + 1),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unbounded_variables_give_maybe_unless_gcd_refutes() {
        let mut s = System::default();
        let x = s.add_var(None);
        s.equations.push(eq(&[(x, 2)], 1));
        assert_eq!(s.solve(), Answer::None);
        s.equations[0].constant = 2;
        assert_eq!(s.solve(), Answer::Maybe);
    }

    #[test]
    fn systems_need_every_equation() {
        // a[i][0] vs a[j][1]: second dimension never equal.
        let mut s = copies(8);
        s.equations.push(eq(&[(0, 1), (1, -1)], 0));
        s.equations.push(eq(&[], -1));
        assert_eq!(s.solve(), Answer::None);
    }

    #[test]
    fn empty_range_has_no_solution() {
        let mut s = System::default();
        s.add_var(Some((0, -1)));
        assert_eq!(s.solve(), Answer::None);
    }
}
