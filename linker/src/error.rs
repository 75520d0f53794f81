//! Every way linking can fail, as data with a human-readable message.
//!
//! Messages name the symbols and units involved so a user can act on them without a
//! debugger; the `tlink` driver prints them verbatim and maps them to exit codes.

use std::fmt;

/// Why an object, library or image could not be read, built or linked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// A file could not be read or written (driver level).
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// Bytes that are not a well-formed object, library or image.
    Corrupt {
        /// What was being read (file name, unit or "object").
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// A well-formed container whose contents break a rule (e.g. a symbol defined
    /// twice in one unit, a call to something that is not a symbol).
    Invalid {
        /// The unit.
        unit: String,
        /// What is wrong.
        message: String,
    },
    /// An imported symbol that no included unit or library defines.
    Unresolved {
        /// The symbol.
        symbol: String,
        /// Units importing it.
        used_by: Vec<String>,
    },
    /// Two units export the same name.
    Duplicate {
        /// The symbol.
        symbol: String,
        /// The unit that defined it first.
        first: String,
        /// The unit that defined it again.
        second: String,
    },
    /// An import whose kind (PROC, FUNCTION, data) differs from the definition.
    KindMismatch {
        /// The symbol.
        symbol: String,
        /// The importing unit.
        unit: String,
        /// Kind the importer expects.
        expected: String,
        /// Kind of the definition.
        found: String,
        /// Defining unit.
        defined_in: String,
    },
    /// A cycle in the call graph (occam has no recursion; workspace must be static).
    Recursion {
        /// The cycle, first name repeated at the end.
        cycle: Vec<String>,
    },
    /// The entry point is missing or not a PROC.
    Entry {
        /// The entry name.
        name: String,
        /// Why it cannot be used.
        message: String,
    },
    /// A `#USE` library not found on the search path.
    LibraryNotFound {
        /// The name given in `#USE`.
        name: String,
        /// The unit that uses it.
        used_by: String,
        /// Every path tried.
        tried: Vec<String>,
    },
    /// Units compiled for different error modes.
    ErrorMode {
        /// A unit and its mode.
        first: (String, String),
        /// A unit with the other mode.
        second: (String, String),
    },
    /// The program does not fit the 32-bit address space.
    TooBig {
        /// What overflowed.
        message: String,
    },
}

impl LinkError {
    /// A corrupt-input error.
    pub fn corrupt(what: impl Into<String>, message: impl Into<String>) -> Self {
        LinkError::Corrupt {
            what: what.into(),
            message: message.into(),
        }
    }

    /// A rule violation inside a unit.
    pub fn invalid(unit: impl Into<String>, message: impl Into<String>) -> Self {
        LinkError::Invalid {
            unit: unit.into(),
            message: message.into(),
        }
    }

    /// True for errors of the environment (files) rather than of the program.
    pub fn is_io(&self) -> bool {
        matches!(self, LinkError::Io { .. })
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Io { path, message } => write!(f, "{path}: {message}"),
            LinkError::Corrupt { what, message } => write!(f, "{what}: corrupt input: {message}"),
            LinkError::Invalid { unit, message } => write!(f, "unit `{unit}`: {message}"),
            LinkError::Unresolved { symbol, used_by } => {
                write!(f, "unresolved symbol `{symbol}` (used by {})", units(used_by))
            }
            LinkError::Duplicate {
                symbol,
                first,
                second,
            } => write!(
                f,
                "duplicate definition of `{symbol}` in unit `{first}` and unit `{second}`"
            ),
            LinkError::KindMismatch {
                symbol,
                unit,
                expected,
                found,
                defined_in,
            } => write!(
                f,
                "unit `{unit}` uses `{symbol}` as a {expected}, but unit `{defined_in}` defines it as a {found}"
            ),
            LinkError::Recursion { cycle } => {
                write!(f, "recursion is not allowed: {}", cycle.join(" -> "))
            }
            LinkError::Entry { name, message } => write!(f, "entry point `{name}`: {message}"),
            LinkError::LibraryNotFound {
                name,
                used_by,
                tried,
            } => write!(
                f,
                "library \"{name}\" (#USE in unit `{used_by}`) not found; tried {}",
                if tried.is_empty() {
                    "nothing (no -L directories)".to_string()
                } else {
                    tried.join(", ")
                }
            ),
            LinkError::ErrorMode { first, second } => write!(
                f,
                "error modes differ: unit `{}` is compiled for {} mode, unit `{}` for {} mode",
                first.0, first.1, second.0, second.1
            ),
            LinkError::TooBig { message } => write!(f, "program too big: {message}"),
        }
    }
}

impl std::error::Error for LinkError {}

fn units(list: &[String]) -> String {
    list.iter()
        .map(|u| format!("unit `{u}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
