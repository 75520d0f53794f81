//! Static workspace and vector space along the call graph, across units.
//!
//! occam has no recursion, so a routine's total need is known at link time:
//! `ws_total(p) = max(ws_own(p), max over calls c of (c.ws_offset + ws_total(c.callee)))`
//! and likewise for vector space with `vs_offset`. The graph spans units (imports
//! are followed to their definitions); a cycle is reported as recursion, naming it.

use crate::error::LinkError;
use crate::resolve::{Resolved, SymRef};
use std::collections::{HashMap, HashSet};

/// Total needs of one routine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Need {
    /// Words below the entry Wptr, callees included.
    pub ws_total: u32,
    /// Vector-space bytes, callees included.
    pub vs_total: u32,
}

/// Totals for every defined PROC and FUNCTION of the program.
pub fn compute(r: &Resolved) -> Result<HashMap<SymRef, Need>, LinkError> {
    let mut done: HashMap<SymRef, Need> = HashMap::new();
    for (ui, u) in r.units.iter().enumerate() {
        for (si, s) in u.symbols.iter().enumerate() {
            if s.kind.is_code() && s.binding != crate::object::Binding::Import {
                visit(r, (ui, si), &mut done)?;
            }
        }
    }
    Ok(done)
}

/// Depth-first with an explicit stack (call chains from corrupt input can be long):
/// a node met again on the path closes a cycle.
fn visit(r: &Resolved, root: SymRef, done: &mut HashMap<SymRef, Need>) -> Result<Need, LinkError> {
    let mut path: Vec<SymRef> = Vec::new();
    let mut on_path: HashSet<SymRef> = HashSet::new();
    // Each frame: node, index of the next call to follow, need so far.
    let mut stack: Vec<(SymRef, usize, Need)> = Vec::new();
    let enter = |node: SymRef,
                 stack: &mut Vec<(SymRef, usize, Need)>,
                 path: &mut Vec<SymRef>,
                 on_path: &mut HashSet<SymRef>| {
        let sym = &r.units[node.0].symbols[node.1];
        path.push(node);
        on_path.insert(node);
        stack.push((
            node,
            0,
            Need {
                ws_total: sym.ws_own,
                vs_total: sym.vs_own,
            },
        ));
    };
    if let Some(&n) = done.get(&root) {
        return Ok(n);
    }
    enter(root, &mut stack, &mut path, &mut on_path);
    while let Some(&mut (node, ref mut next, need)) = stack.last_mut() {
        let sym = &r.units[node.0].symbols[node.1];
        let Some(c) = sym.calls.get(*next) else {
            stack.pop();
            path.pop();
            on_path.remove(&node);
            done.insert(node, need);
            if let Some(parent) = stack.last_mut() {
                combine(r, parent, need)?;
            }
            continue;
        };
        *next += 1;
        // Validation guarantees the callee is a symbol of the unit; binding resolves
        // imports.
        let Some(callee) = r.target(node.0, c.callee.0) else {
            return Err(LinkError::invalid(
                &r.units[node.0].unit,
                format!("`{}` calls an unknown label {}", sym.name, c.callee.0),
            ));
        };
        if on_path.contains(&callee) {
            let pos = path.iter().position(|&p| p == callee).unwrap_or(0);
            let mut cycle: Vec<String> = path[pos..].iter().map(|&p| name(r, p)).collect();
            cycle.push(name(r, callee));
            return Err(LinkError::Recursion { cycle });
        }
        match done.get(&callee) {
            Some(&sub) => {
                let top = stack.last_mut().expect("frame present");
                combine(r, top, sub)?;
            }
            None => enter(callee, &mut stack, &mut path, &mut on_path),
        }
    }
    Ok(done[&root])
}

/// Folds a finished callee's need into its caller's frame, through the call just
/// followed (`next - 1`).
fn combine(r: &Resolved, frame: &mut (SymRef, usize, Need), sub: Need) -> Result<(), LinkError> {
    let (node, next, need) = frame;
    let sym = &r.units[node.0].symbols[node.1];
    let c = &sym.calls[*next - 1];
    let too_big = || LinkError::TooBig {
        message: format!("workspace of `{}` overflows 32 bits", sym.name),
    };
    let ws = c.ws_offset.checked_add(sub.ws_total).ok_or_else(too_big)?;
    let vs = c.vs_offset.checked_add(sub.vs_total).ok_or_else(too_big)?;
    need.ws_total = need.ws_total.max(ws);
    need.vs_total = need.vs_total.max(vs);
    Ok(())
}

fn name(r: &Resolved, (u, s): SymRef) -> String {
    r.units[u].symbols[s].name.clone()
}
