//! Interned names: each distinct spelling is stored once for the life of the
//! process, and a name is a thin pointer to it.
//!
//! Why: a large program mentions the same few thousand names hundreds of
//! thousands of times. An owned `String` per occurrence cost an allocation
//! and a free each, made every token and tree node that holds a name bigger,
//! and made every scope lookup hash and compare the text. A [`Sym`] is 8
//! bytes, copies for free, compares by address, and carries a dense number
//! ([`Sym::index`]) for tables indexed by name.
//!
//! The spellings are never freed. The table grows only with the number of
//! *distinct* spellings a process meets (compiling the same program again
//! adds nothing), as with rustc's symbol interner. A thread-local cache in
//! front of the shared table keeps the lexer off the lock.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{Mutex, PoisonError};

/// An interned spelling. Equal spellings give the same `Sym` on every thread.
#[derive(Clone, Copy)]
pub struct Sym(&'static Entry);

struct Entry {
    text: &'static str,
    index: u32,
}

/// The shared table: spelling to entry, the next dense index, and the
/// block the next spellings are copied into.
static TABLE: Mutex<Option<Table>> = Mutex::new(None);

#[derive(Default)]
struct Table {
    map: SpellingMap<Sym>,
    next: u32,
    /// Spellings are packed into blocks of [`BLOCK`] bytes rather than one
    /// allocation each, so the texts a lookup compares sit close together.
    block: &'static mut [u8],
}

const BLOCK: usize = 64 * 1024;

impl Table {
    fn store(&mut self, text: &str) -> &'static str {
        let n = text.len();
        if n > BLOCK / 4 {
            return Box::leak(Box::from(text));
        }
        if self.block.len() < n {
            self.block = Box::leak(vec![0u8; BLOCK].into_boxed_slice());
        }
        let (dst, rest) = std::mem::take(&mut self.block).split_at_mut(n);
        self.block = rest;
        dst.copy_from_slice(text.as_bytes());
        // Copied from a `str`, so still UTF-8.
        std::str::from_utf8(dst).expect("copied from a str")
    }
}

/// Spelling-keyed map with [`SpellingHasher`].
type SpellingMap<V> = HashMap<&'static str, V, BuildHasherDefault<SpellingHasher>>;

thread_local! {
    /// This thread's view of [`TABLE`], so that a lookup costs one hash and
    /// no lock once a spelling has been seen.
    static CACHE: RefCell<SpellingMap<Sym>> =
        const { RefCell::new(HashMap::with_hasher(BuildHasherDefault::new())) };
}

/// Hashes a spelling in one pass with whole-word loads. (`FxHasher` copies
/// the last partial word through a stack buffer, which costs a
/// store-forwarding stall per name; names are mostly shorter than a word.)
#[derive(Default)]
struct SpellingHasher {
    hash: u64,
}

impl Hasher for SpellingHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
        let half = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes")) as u64;
        let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(SEED);
        let n = bytes.len();
        let mut h = mix(self.hash, n as u64);
        if n >= 8 {
            let mut chunks = bytes.chunks_exact(8);
            for c in &mut chunks {
                h = mix(h, word(c));
            }
            if !chunks.remainder().is_empty() {
                // The last word overlaps the previous one.
                h = mix(h, word(&bytes[n - 8..]));
            }
        } else if n >= 4 {
            h = mix(h, half(&bytes[..4]) | half(&bytes[n - 4..]) << 32);
        } else if n > 0 {
            let b = |i: usize| bytes[i] as u64;
            h = mix(h, b(0) | b(n / 2) << 8 | b(n - 1) << 16);
        }
        self.hash = h;
    }

    fn write_u8(&mut self, _terminator: u8) {
        // `str::hash` adds 0xff after the bytes; the length is already in.
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

impl Sym {
    /// The `Sym` for `text`, adding it to the table if it is new.
    pub fn intern(text: &str) -> Sym {
        CACHE.with_borrow_mut(|cache| {
            if let Some(&sym) = cache.get(text) {
                return sym;
            }
            let sym = Sym::intern_shared(text);
            cache.insert(sym.0.text, sym);
            sym
        })
    }

    fn intern_shared(text: &str) -> Sym {
        // A panic while the lock is held cannot leave the table half-updated
        // (one insert), so a poisoned lock is still usable.
        let mut guard = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
        let table = guard.get_or_insert_with(Default::default);
        if let Some(&sym) = table.map.get(text) {
            return sym;
        }
        let text = table.store(text);
        let sym = Sym(Box::leak(Box::new(Entry {
            text,
            index: table.next,
        })));
        // More than 4 billion distinct spellings would need more memory than
        // any machine running this has; wrapping would only merge table slots.
        table.next = table.next.wrapping_add(1);
        table.map.insert(text, sym);
        sym
    }

    /// The spelling.
    pub fn as_str(self) -> &'static str {
        self.0.text
    }

    /// A small number unique to this spelling (dense from 0 in order of
    /// first appearance in the process), for tables indexed by name. Never
    /// use it to order output: the numbering depends on what was interned
    /// before.
    pub fn index(self) -> usize {
        self.0.index as usize
    }
}

impl PartialEq for Sym {
    fn eq(&self, other: &Sym) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Sym {}

/// Hashes the spelling, like `str`, so that maps keyed by `Sym` can be
/// looked up with a `&str` and iterate in the same order as before.
impl Hash for Sym {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

/// Alphabetical, never by address, so that sorted output is reproducible.
impl Ord for Sym {
    fn cmp(&self, other: &Sym) -> std::cmp::Ordering {
        if self == other {
            std::cmp::Ordering::Equal
        } else {
            self.as_str().cmp(other.as_str())
        }
    }
}

impl PartialOrd for Sym {
    fn partial_cmp(&self, other: &Sym) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.text
    }
}

impl std::borrow::Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        self.0.text
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        self.0.text
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.0.text == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.0.text == *other
    }
}

impl PartialEq<Sym> for str {
    fn eq(&self, other: &Sym) -> bool {
        self == other.0.text
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == other.0.text
    }
}

impl PartialEq<Sym> for String {
    fn eq(&self, other: &Sym) -> bool {
        self == other.0.text
    }
}

impl From<&str> for Sym {
    fn from(text: &str) -> Sym {
        Sym::intern(text)
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.text, f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_spellings_give_one_sym_on_every_thread() {
        let a = Sym::intern("intern.test.name");
        let b = Sym::intern(&String::from("intern.test.name"));
        assert_eq!(a, b);
        assert_eq!(a.index(), b.index());
        let c = std::thread::spawn(|| Sym::intern("intern.test.name"))
            .join()
            .expect("thread");
        assert_eq!(a, c);
        let d = Sym::intern("intern.test.other");
        assert_ne!(a, d);
        assert_ne!(a.index(), d.index());
        assert_eq!(a.as_str(), "intern.test.name");
        assert_eq!(a, "intern.test.name");
    }

    #[test]
    fn order_and_hash_follow_the_spelling() {
        // Interned in the opposite order to the alphabet.
        let z = Sym::intern("intern.order.z");
        let a = Sym::intern("intern.order.a");
        assert!(a < z);
        let mut m: crate::fxhash::FxHashMap<Sym, u32> = Default::default();
        m.insert(z, 1);
        assert_eq!(m.get("intern.order.z"), Some(&1));
        assert_eq!(format!("{a} {a:?}"), "intern.order.a \"intern.order.a\"");
    }
}
