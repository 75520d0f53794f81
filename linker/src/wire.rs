//! Byte-level reading and writing shared by the object, library and image formats.
//!
//! All numbers are little-endian. Fixed-layout records are `bytemuck` POD structs made
//! of [`U32`] fields (byte arrays, so the layout is the same on every host and has no
//! padding or alignment needs). [`Reader`] is a bounds-checked cursor: every read
//! either succeeds or returns a `Corrupt` error naming what was being read, so
//! malformed input can never index out of range or allocate more than the input size.

use crate::error::LinkError;
use bytemuck::{Pod, Zeroable};

/// A little-endian `u32` stored as bytes (alignment 1, no padding).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(transparent)]
pub struct U32([u8; 4]);

impl U32 {
    /// Wraps a value.
    pub fn new(v: u32) -> Self {
        U32(v.to_le_bytes())
    }

    /// The value.
    pub fn get(self) -> u32 {
        u32::from_le_bytes(self.0)
    }
}

impl From<u32> for U32 {
    fn from(v: u32) -> Self {
        U32::new(v)
    }
}

/// A bounds-checked cursor over input bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'a str,
}

impl<'a> Reader<'a> {
    /// Reads `bytes`; `what` names the input in error messages.
    pub fn new(bytes: &'a [u8], what: &'a str) -> Self {
        Reader {
            bytes,
            pos: 0,
            what,
        }
    }

    /// A `Corrupt` error about this input.
    pub fn error(&self, message: impl Into<String>) -> LinkError {
        LinkError::corrupt(self.what, message)
    }

    /// Current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, ctx: &str) -> Result<&'a [u8], LinkError> {
        if n > self.remaining() {
            return Err(self.error(format!(
                "truncated {ctx} at byte {} (need {n} bytes, {} left)",
                self.pos,
                self.remaining()
            )));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// One POD record.
    pub fn pod<T: Pod>(&mut self, ctx: &str) -> Result<T, LinkError> {
        let b = self.take(std::mem::size_of::<T>(), ctx)?;
        Ok(bytemuck::pod_read_unaligned(b))
    }

    /// `count` POD records; the count is checked against the input size before
    /// anything is allocated.
    pub fn pods<T: Pod>(&mut self, count: u32, ctx: &str) -> Result<Vec<T>, LinkError> {
        let size = std::mem::size_of::<T>();
        let n = (count as usize)
            .checked_mul(size)
            .filter(|&n| n <= self.remaining())
            .ok_or_else(|| {
                self.error(format!(
                    "{ctx}: {count} records of {size} bytes exceed the {} bytes left",
                    self.remaining()
                ))
            })?;
        let b = self.take(n, ctx)?;
        Ok(b.chunks_exact(size)
            .map(bytemuck::pod_read_unaligned)
            .collect())
    }

    /// One byte.
    pub fn u8(&mut self, ctx: &str) -> Result<u8, LinkError> {
        Ok(self.take(1, ctx)?[0])
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self, ctx: &str) -> Result<u16, LinkError> {
        let b = self.take(2, ctx)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    /// A little-endian `u32`.
    pub fn u32(&mut self, ctx: &str) -> Result<u32, LinkError> {
        Ok(self.pod::<U32>(ctx)?.get())
    }

    /// A little-endian `i32`.
    pub fn i32(&mut self, ctx: &str) -> Result<i32, LinkError> {
        Ok(self.u32(ctx)? as i32)
    }

    /// Fails unless every byte has been read.
    pub fn finish(&self) -> Result<(), LinkError> {
        if self.remaining() != 0 {
            return Err(self.error(format!(
                "{} unexpected trailing bytes at byte {}",
                self.remaining(),
                self.pos
            )));
        }
        Ok(())
    }
}

/// Appends a POD record.
pub fn put<T: Pod>(out: &mut Vec<u8>, v: &T) {
    out.extend_from_slice(bytemuck::bytes_of(v));
}

/// Appends a little-endian `u32`.
pub fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A string table: each string stored once as `u32 length` + UTF-8 bytes, referred to
/// by index.
#[derive(Default)]
pub struct StringTable {
    strings: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl StringTable {
    /// The index of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    /// Number of strings.
    pub fn len(&self) -> u32 {
        self.strings.len() as u32
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Serialized form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for s in &self.strings {
            put_u32(&mut out, s.len() as u32);
            out.extend_from_slice(s.as_bytes());
        }
        out
    }
}

/// Reads `count` strings written by [`StringTable::to_bytes`].
pub fn read_strings(r: &mut Reader<'_>, count: u32) -> Result<Vec<String>, LinkError> {
    // Each string takes at least its 4-byte length.
    if (count as usize).saturating_mul(4) > r.remaining() {
        return Err(r.error(format!(
            "string table of {count} strings exceeds the {} bytes left",
            r.remaining()
        )));
    }
    let mut out = Vec::with_capacity(count as usize);
    for i in 0..count {
        let len = r.u32("string length")? as usize;
        let b = r.take(len, "string")?;
        let s = std::str::from_utf8(b)
            .map_err(|_| r.error(format!("string {i} is not valid UTF-8")))?;
        out.push(s.to_string());
    }
    Ok(out)
}

/// Looks up string `i`.
pub fn string<'s>(
    r: &Reader<'_>,
    strings: &'s [String],
    i: u32,
    ctx: &str,
) -> Result<&'s str, LinkError> {
    strings.get(i as usize).map(String::as_str).ok_or_else(|| {
        r.error(format!(
            "{ctx}: string index {i} out of range ({} strings)",
            strings.len()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_never_reads_past_the_end() {
        let bytes = [1, 0, 0, 0, 2, 0];
        let mut r = Reader::new(&bytes, "t");
        assert_eq!(r.u32("a").unwrap(), 1);
        assert_eq!(
            r.u32("b").unwrap_err().to_string(),
            "t: corrupt input: truncated b at byte 4 (need 4 bytes, 2 left)"
        );
        assert_eq!(r.u16("c").unwrap(), 2);
        r.finish().unwrap();
        let mut r = Reader::new(&bytes, "t");
        assert!(r.pods::<U32>(u32::MAX, "big").is_err());
        assert_eq!(r.pos(), 0);
    }

    #[test]
    fn strings_round_trip_and_reject_bad_utf8() {
        let mut t = StringTable::default();
        assert_eq!(t.intern("a"), 0);
        assert_eq!(t.intern("βγ"), 1);
        assert_eq!(t.intern("a"), 0);
        let b = t.to_bytes();
        let mut r = Reader::new(&b, "t");
        assert_eq!(read_strings(&mut r, 2).unwrap(), ["a", "βγ"]);
        let bad = [1, 0, 0, 0, 0xFF];
        let mut r = Reader::new(&bad, "t");
        assert_eq!(
            read_strings(&mut r, 1).unwrap_err().to_string(),
            "t: corrupt input: string 0 is not valid UTF-8"
        );
        let mut r = Reader::new(&bad, "t");
        assert!(read_strings(&mut r, 1_000_000).is_err());
    }
}
