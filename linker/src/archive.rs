//! Libraries (`.lib`): several objects in one file, linked by need.
//!
//! The format is a header, a directory of (offset, length) pairs and the members'
//! object bytes, each a complete `.tco`. A member is linked only when it defines a
//! symbol that is still unresolved (classic archive semantics, see [`crate::resolve`]).

use crate::error::LinkError;
use crate::object::Object;
use crate::wire::{put, Reader, U32};
use bytemuck::{Pod, Zeroable};

/// First four bytes of a library file.
pub const LIBRARY_MAGIC: [u8; 4] = *b"T8LB";
/// Library format version written and accepted.
pub const LIBRARY_VERSION: u32 = 1;

/// A library: an ordered set of objects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Library {
    /// The member units.
    pub members: Vec<Object>,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Header {
    magic: [u8; 4],
    version: U32,
    n_members: U32,
}

#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Entry {
    offset: U32,
    len: U32,
}

impl Library {
    /// Serializes the library.
    pub fn to_bytes(&self) -> Vec<u8> {
        let bodies: Vec<Vec<u8>> = self.members.iter().map(Object::to_bytes).collect();
        let mut out = Vec::new();
        put(
            &mut out,
            &Header {
                magic: LIBRARY_MAGIC,
                version: LIBRARY_VERSION.into(),
                n_members: (bodies.len() as u32).into(),
            },
        );
        let mut offset = (std::mem::size_of::<Header>() + bodies.len() * 8) as u32;
        for b in &bodies {
            put(
                &mut out,
                &Entry {
                    offset: offset.into(),
                    len: (b.len() as u32).into(),
                },
            );
            offset += b.len() as u32;
        }
        for b in &bodies {
            out.extend_from_slice(b);
        }
        out
    }

    /// Parses a library and every member; `what` names the input in errors.
    pub fn from_bytes(bytes: &[u8], what: &str) -> Result<Library, LinkError> {
        let mut r = Reader::new(bytes, what);
        let h: Header = r.pod("library header")?;
        if h.magic != LIBRARY_MAGIC {
            return Err(r.error("not a T800 library (bad magic)"));
        }
        if h.version.get() != LIBRARY_VERSION {
            return Err(r.error(format!(
                "library format version {} is not supported (expected {LIBRARY_VERSION})",
                h.version.get()
            )));
        }
        let dir = r.pods::<Entry>(h.n_members.get(), "library directory")?;
        let mut members = Vec::with_capacity(dir.len());
        let mut expect = r.pos();
        for (i, e) in dir.iter().enumerate() {
            let (off, len) = (e.offset.get() as usize, e.len.get() as usize);
            // Members are contiguous and in order, so every byte is accounted for.
            if off != expect {
                return Err(r.error(format!("member {i} starts at {off}, expected {expect}")));
            }
            let body = r.take(len, "library member")?;
            expect = off + len;
            let name = format!("{what} (member {i})");
            members.push(Object::from_bytes(body, &name)?);
        }
        r.finish()?;
        Ok(Library { members })
    }
}

/// True if `bytes` start like a library rather than an object.
pub fn is_library(bytes: &[u8]) -> bool {
    bytes.starts_with(&LIBRARY_MAGIC)
}
