//! Choosing the units of a program and binding every imported symbol to its
//! definition.
//!
//! The objects named by the user are always linked. Libraries (given explicitly or
//! named by `#USE` in any linked unit and found on the search path) contribute a
//! member only when it exports a symbol that is still undefined — the imports of the
//! linked units, or the entry point. Adding a member can add imports and `#USE`s, so
//! selection repeats until nothing changes. Then every export must be unique and every
//! import must have a definition of the same kind.

use crate::archive::{is_library, Library};
use crate::error::LinkError;
use crate::object::{Binding, Object};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A symbol of a unit: (unit index, symbol index).
pub type SymRef = (usize, usize);

/// Where libraries come from.
#[derive(Clone, Debug, Default)]
pub struct LibrarySet {
    /// Libraries given by the caller, with the names `#USE` may refer to them by.
    pub given: Vec<(String, Library)>,
    /// Directories searched for `#USE "name"` (as `name.lib`, `name.tco` or `name`).
    pub search: Vec<PathBuf>,
}

/// The linked units and how their symbols connect.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// Units in link order: the given objects, then library members as chosen.
    pub units: Vec<Object>,
    /// Exported name → definition.
    pub exports: HashMap<String, SymRef>,
    /// Per unit: import label → definition.
    pub imports: Vec<HashMap<u32, SymRef>>,
    /// Per unit: label → index of the symbol defined there.
    pub defined: Vec<HashMap<u32, usize>>,
}

impl Resolved {
    /// The definition a unit's label stands for: its own symbol, or the import's target.
    pub fn target(&self, unit: usize, label: u32) -> Option<SymRef> {
        if let Some(&t) = self.imports[unit].get(&label) {
            return Some(t);
        }
        self.defined[unit].get(&label).map(|&si| (unit, si))
    }
}

/// Selects units and binds symbols; `entry` counts as an undefined symbol.
pub fn resolve(objects: &[Object], libs: &LibrarySet, entry: &str) -> Result<Resolved, LinkError> {
    let mut libraries: Vec<(String, Library)> = libs.given.clone();
    let mut units: Vec<Object> = Vec::new();
    let mut taken: Vec<Vec<bool>> = libraries
        .iter()
        .map(|(_, l)| vec![false; l.members.len()])
        .collect();
    // A `#USE` of a unit given on the command line needs no search.
    for o in objects {
        if !libraries.iter().any(|(n, _)| *n == o.unit) {
            libraries.push((o.unit.clone(), Library::default()));
            taken.push(Vec::new());
        }
    }
    for o in objects {
        add_unit(
            o.clone(),
            &mut units,
            &mut libraries,
            &mut taken,
            &libs.search,
        )?;
    }
    loop {
        let exports = exports(&units)?;
        let mut wanted: Vec<&str> = Vec::new();
        if !exports.contains_key(entry) {
            wanted.push(entry);
        }
        for u in &units {
            for s in &u.symbols {
                if s.binding == Binding::Import && !exports.contains_key(&s.name) {
                    wanted.push(&s.name);
                }
            }
        }
        let pick = wanted.iter().find_map(|name| {
            libraries.iter().enumerate().find_map(|(li, (_, lib))| {
                lib.members.iter().enumerate().find_map(|(mi, m)| {
                    let defines = m
                        .symbols
                        .iter()
                        .any(|s| s.binding == Binding::Export && s.name == *name);
                    (defines && !taken[li][mi]).then_some((li, mi))
                })
            })
        });
        let Some((li, mi)) = pick else { break };
        taken[li][mi] = true;
        let member = libraries[li].1.members[mi].clone();
        add_unit(member, &mut units, &mut libraries, &mut taken, &libs.search)?;
    }
    let exports = exports(&units)?;
    bind(units, exports)
}

/// Adds a unit and loads the libraries it `#USE`s.
fn add_unit(
    unit: Object,
    units: &mut Vec<Object>,
    libraries: &mut Vec<(String, Library)>,
    taken: &mut Vec<Vec<bool>>,
    search: &[PathBuf],
) -> Result<(), LinkError> {
    for name in &unit.uses {
        let stem = use_stem(name);
        // Known by name, or a member of a library already loaded (`tlink --lib`
        // packs units that `#USE` each other).
        if libraries
            .iter()
            .any(|(n, l)| n == name || n == stem || l.members.iter().any(|m| m.unit == stem))
        {
            continue;
        }
        let lib = find_library(name, &unit.unit, search)?;
        taken.push(vec![false; lib.members.len()]);
        libraries.push((name.clone(), lib));
    }
    units.push(unit);
    Ok(())
}

/// The library name a `#USE` refers to: `"x.lib"`, `"x.tco"` and `"x"` all name `x`.
pub fn use_stem(name: &str) -> &str {
    name.strip_suffix(".lib")
        .or_else(|| name.strip_suffix(".tco"))
        .unwrap_or(name)
}

/// The file names `#USE "name"` may mean, in search order: `name` itself when it
/// ends in `.lib` or `.tco`, then `stem.lib`, `stem.tco`, and a bare `name` last.
pub fn library_files(name: &str) -> Vec<String> {
    let stem = use_stem(name);
    let mut files = Vec::new();
    for f in [
        name.to_string(),
        format!("{stem}.lib"),
        format!("{stem}.tco"),
    ] {
        if (f != name || stem != name) && !files.contains(&f) {
            files.push(f);
        }
    }
    if stem == name {
        files.push(name.to_string());
    }
    files
}

/// Looks `name` up on the search path (see [`library_files`]).
pub fn find_library(name: &str, used_by: &str, search: &[PathBuf]) -> Result<Library, LinkError> {
    let mut tried = Vec::new();
    for dir in search {
        for file in library_files(name) {
            let path = dir.join(&file);
            tried.push(path.display().to_string());
            if path.is_file() {
                return load_library(&path);
            }
        }
    }
    Err(LinkError::LibraryNotFound {
        name: name.to_string(),
        used_by: used_by.to_string(),
        tried,
    })
}

/// Reads a library file; a single object file counts as a one-member library.
pub fn load_library(path: &Path) -> Result<Library, LinkError> {
    let what = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LinkError::Io {
        path: what.clone(),
        message: e.to_string(),
    })?;
    if is_library(&bytes) {
        Library::from_bytes(&bytes, &what)
    } else {
        Ok(Library {
            members: vec![Object::from_bytes(&bytes, &what)?],
        })
    }
}

/// Exported names of all units; a name exported twice is an error.
fn exports(units: &[Object]) -> Result<HashMap<String, SymRef>, LinkError> {
    let mut map: HashMap<String, SymRef> = HashMap::new();
    for (ui, u) in units.iter().enumerate() {
        for (si, s) in u.symbols.iter().enumerate() {
            if s.binding != Binding::Export {
                continue;
            }
            if let Some(&(first, _)) = map.get(&s.name) {
                return Err(LinkError::Duplicate {
                    symbol: s.name.clone(),
                    first: units[first].unit.clone(),
                    second: u.unit.clone(),
                });
            }
            map.insert(s.name.clone(), (ui, si));
        }
    }
    Ok(map)
}

fn bind(units: Vec<Object>, exports: HashMap<String, SymRef>) -> Result<Resolved, LinkError> {
    let mut imports = Vec::with_capacity(units.len());
    // Report the first unresolved name with every unit that needs it.
    let mut missing: Vec<(String, Vec<String>)> = Vec::new();
    for u in &units {
        let mut map = HashMap::new();
        for s in u.symbols.iter().filter(|s| s.binding == Binding::Import) {
            match exports.get(&s.name) {
                Some(&(du, ds)) => {
                    let def = &units[du].symbols[ds];
                    if s.kind != def.kind {
                        return Err(LinkError::KindMismatch {
                            symbol: s.name.clone(),
                            unit: u.unit.clone(),
                            expected: s.kind.name().to_string(),
                            found: def.kind.name().to_string(),
                            defined_in: units[du].unit.clone(),
                        });
                    }
                    map.insert(s.label.0, (du, ds));
                }
                None => match missing.iter_mut().find(|(n, _)| *n == s.name) {
                    Some((_, users)) => users.push(u.unit.clone()),
                    None => missing.push((s.name.clone(), vec![u.unit.clone()])),
                },
            }
        }
        imports.push(map);
    }
    if let Some((symbol, used_by)) = missing.into_iter().next() {
        return Err(LinkError::Unresolved { symbol, used_by });
    }
    let defined = units
        .iter()
        .map(|u| {
            let defs = u.symbols.iter().enumerate();
            defs.filter(|(_, s)| s.binding != Binding::Import)
                .map(|(si, s)| (s.label.0, si))
                .collect()
        })
        .collect();
    Ok(Resolved {
        units,
        exports,
        imports,
        defined,
    })
}
