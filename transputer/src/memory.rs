//! Emulated memory of one transputer: 4 KB of on-chip RAM at `#80000000` followed by
//! external memory, one flat little-endian byte array, plus the pre-decoded instruction
//! cache that lives beside it.
//!
//! The cache must never go stale: every write path in this module (word, byte, block)
//! invalidates the cached instructions that could cover the bytes written. To keep
//! ordinary data stores cheap, a bitmap marks every byte covered by a cached
//! instruction; a store tests its own bytes' bits (one load and a mask) and only
//! invalidates when one is set, so data next to code costs nothing extra.
//!
//! Timing: on-chip accesses cost what the datasheet says (its figures assume on-chip
//! RAM). Every access to external memory costs `ext_wait` extra cycles. The default of
//! 2 models the T800's fastest external memory cycle, which takes 3 processor cycles
//! where on-chip RAM takes 1 (t800.md §3.7 leaves external timing unconfirmed).
//! Instruction fetch from external memory is charged once per code word, when the
//! instruction containing the word's first byte executes (one fetch supplies 4 bytes).

use crate::cpu::regs::WordMemory;
use t800_isa::consts::{MOST_NEG, ON_CHIP_BYTES};

/// Default total memory (on-chip included): 2 MiB, a typical T800 board (e.g. B008
/// TRAMs carried 1–2 MiB) and small enough for networks of hundreds of nodes.
pub const DEFAULT_MEM_BYTES: u32 = 2 * 1024 * 1024;
/// Default extra cycles per external memory access (see the module doc).
pub const DEFAULT_EXT_WAIT: u32 = 2;
/// Longest prefix chain plus function fused into one cache entry; longer chains
/// (only possible with deliberate `pfix 0` padding) take a slow path.
pub const MAX_FUSED: usize = 16;

/// An access outside emulated memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The offending address.
    pub addr: u32,
}

/// Memory plus the decode cache.
pub struct Memory {
    bytes: Vec<u8>,
    /// One packed entry per byte address (see `cpu::predecode`); 0 = not decoded.
    pub(crate) cache: Vec<u64>,
    /// One bit per byte: set when some cache entry's instruction covers the byte.
    code_bits: Vec<u64>,
    ext_wait: u32,
    /// Extra cycles accrued by `WordMemory` accesses (the FPU's loads and stores),
    /// collected by the interpreter after each FPU operation.
    pub(crate) pending_ext: u64,
}

impl Memory {
    /// Memory of `size` bytes in total (rounded up to a word, at least the on-chip
    /// 4 KB, at most 2 GiB) with `ext_wait` extra cycles per external access.
    pub fn new(size: u32, ext_wait: u32) -> Memory {
        let size = (size.clamp(ON_CHIP_BYTES, 1 << 31) as usize + 3) & !3;
        Memory {
            bytes: vec![0; size],
            cache: vec![0; size],
            code_bits: vec![0; size.div_ceil(64)],
            ext_wait,
            pending_ext: 0,
        }
    }

    /// Total size in bytes.
    pub fn size(&self) -> u32 {
        self.bytes.len() as u32
    }

    /// Extra cycles per external access.
    pub fn ext_wait(&self) -> u32 {
        self.ext_wait
    }

    /// Byte index of `addr`, if it is inside memory.
    #[inline(always)]
    pub fn index(&self, addr: u32) -> Option<usize> {
        let i = addr.wrapping_sub(MOST_NEG) as usize;
        (i < self.bytes.len()).then_some(i)
    }

    /// Extra cycles of one access at `addr` (0 on chip).
    #[inline(always)]
    pub fn cost(&self, addr: u32) -> u64 {
        if addr.wrapping_sub(MOST_NEG) >= ON_CHIP_BYTES {
            self.ext_wait as u64
        } else {
            0
        }
    }

    /// Extra cycles for a block of `len` bytes at `addr`: one access per word touched.
    pub fn block_cost(&self, addr: u32, len: u32) -> u64 {
        if self.ext_wait == 0 || len == 0 {
            return 0;
        }
        let start = addr.wrapping_sub(MOST_NEG) as u64 & !3;
        let end = addr.wrapping_sub(MOST_NEG) as u64 + len as u64;
        let on_chip_end = ON_CHIP_BYTES as u64;
        let mut words = 0;
        let mut w = start;
        // Count external words arithmetically rather than looping per word.
        if w < on_chip_end {
            w = on_chip_end;
        }
        if end > w {
            words = (end - w).div_ceil(4);
        }
        words * self.ext_wait as u64
    }

    /// Reads the word containing `addr` (the low two address bits are ignored, as the
    /// hardware's word accesses do).
    #[inline(always)]
    pub fn read_word(&self, addr: u32) -> Result<u32, Fault> {
        let i = addr.wrapping_sub(MOST_NEG) as usize & !3;
        match self.bytes.get(i..i + 4) {
            Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            None => Err(Fault { addr }),
        }
    }

    /// Writes the word containing `addr`.
    #[inline(always)]
    pub fn write_word(&mut self, addr: u32, v: u32) -> Result<(), Fault> {
        let i = addr.wrapping_sub(MOST_NEG) as usize & !3;
        match self.bytes.get_mut(i..i + 4) {
            Some(b) => {
                b.copy_from_slice(&v.to_le_bytes());
                // `i` is word aligned, so its four bits share one bitmap word.
                if (self.code_bits[i >> 6] >> (i & 63)) & 0xF != 0 {
                    self.invalidate(i, 4);
                }
                Ok(())
            }
            None => Err(Fault { addr }),
        }
    }

    /// Reads one byte.
    #[inline(always)]
    pub fn read_byte(&self, addr: u32) -> Result<u8, Fault> {
        let i = addr.wrapping_sub(MOST_NEG) as usize;
        self.bytes.get(i).copied().ok_or(Fault { addr })
    }

    /// Writes one byte.
    #[inline(always)]
    pub fn write_byte(&mut self, addr: u32, v: u8) -> Result<(), Fault> {
        let i = addr.wrapping_sub(MOST_NEG) as usize;
        match self.bytes.get_mut(i) {
            Some(b) => {
                *b = v;
                if (self.code_bits[i >> 6] >> (i & 63)) & 1 != 0 {
                    self.invalidate(i, 1);
                }
                Ok(())
            }
            None => Err(Fault { addr }),
        }
    }

    fn range(&self, addr: u32, len: u32) -> Result<usize, Fault> {
        let i = addr.wrapping_sub(MOST_NEG) as usize;
        if i.checked_add(len as usize)
            .is_some_and(|e| e <= self.bytes.len())
        {
            Ok(i)
        } else if i >= self.bytes.len() {
            Err(Fault { addr })
        } else {
            // The first byte is inside; name the first byte outside.
            Err(Fault {
                addr: MOST_NEG.wrapping_add(self.bytes.len() as u32),
            })
        }
    }

    /// The `len` bytes at `addr`.
    pub fn slice(&self, addr: u32, len: u32) -> Result<&[u8], Fault> {
        let i = self.range(addr, len)?;
        Ok(&self.bytes[i..i + len as usize])
    }

    /// Copies `data` to `addr`.
    pub fn write_bytes(&mut self, addr: u32, data: &[u8]) -> Result<(), Fault> {
        let i = self.range(addr, data.len() as u32)?;
        self.bytes[i..i + data.len()].copy_from_slice(data);
        self.invalidate_block(i, data.len());
        Ok(())
    }

    /// Copies `len` bytes from `src` to `dst` (overlap allowed, as `memmove`).
    pub fn copy(&mut self, src: u32, dst: u32, len: u32) -> Result<(), Fault> {
        if len == 0 {
            return Ok(());
        }
        let s = self.range(src, len)?;
        let d = self.range(dst, len)?;
        self.bytes.copy_within(s..s + len as usize, d);
        self.invalidate_block(d, len as usize);
        Ok(())
    }

    fn invalidate_block(&mut self, i: usize, len: usize) {
        if (i..i + len).any(|k| self.is_code(k)) {
            self.invalidate(i, len);
        }
    }

    #[inline(always)]
    fn is_code(&self, k: usize) -> bool {
        (self.code_bits[k >> 6] >> (k & 63)) & 1 != 0
    }

    /// Drops every cache entry whose instruction could include bytes `i..i+len`:
    /// those starting up to `MAX_FUSED - 1` bytes before. Their bytes' bits in
    /// `i..i+len` are then covered by no entry and are cleared.
    ///
    /// Inlined (not an opaque call) so the interpreter loop can see it touches only
    /// the cache and bitmap contents.
    #[inline(always)]
    fn invalidate(&mut self, i: usize, len: usize) {
        let from = i.saturating_sub(MAX_FUSED - 1);
        let to = (i + len).min(self.cache.len());
        self.cache[from..to].fill(0);
        for k in i..to {
            self.code_bits[k >> 6] &= !(1u64 << (k & 63));
        }
    }

    /// Records that bytes `i..i+len` hold a cached instruction.
    pub(crate) fn mark_code(&mut self, i: usize, len: usize) {
        let end = (i + len.max(1)).min(self.bytes.len());
        for k in i..end {
            self.code_bits[k >> 6] |= 1u64 << (k & 63);
        }
    }

    /// The byte at index `i` (for the pre-decoder), `None` past the end.
    #[inline(always)]
    pub(crate) fn byte_at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }
}

impl WordMemory for Memory {
    type Error = Fault;
    fn read_word(&mut self, addr: u32) -> Result<u32, Fault> {
        self.pending_ext += self.cost(addr);
        Memory::read_word(self, addr)
    }
    fn write_word(&mut self, addr: u32, value: u32) -> Result<(), Fault> {
        self.pending_ext += self.cost(addr);
        Memory::write_word(self, addr, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_little_endian_and_aligned_down() {
        let mut m = Memory::new(8192, 2);
        m.write_word(MOST_NEG + 0x100, 0x1122_3344).unwrap();
        assert_eq!(m.read_byte(MOST_NEG + 0x100).unwrap(), 0x44);
        assert_eq!(m.read_word(MOST_NEG + 0x103).unwrap(), 0x1122_3344);
    }

    #[test]
    fn out_of_range_accesses_name_the_address() {
        let mut m = Memory::new(8192, 2);
        assert_eq!(m.read_word(0), Err(Fault { addr: 0 }));
        assert_eq!(
            m.write_byte(MOST_NEG + 8192, 1),
            Err(Fault {
                addr: MOST_NEG + 8192
            })
        );
        assert!(m.slice(MOST_NEG + 8190, 4).is_err());
        assert!(m.copy(MOST_NEG, MOST_NEG + 8190, 4).is_err());
    }

    #[test]
    fn external_accesses_cost_extra() {
        let m = Memory::new(8192, 2);
        assert_eq!(m.cost(MOST_NEG + 4092), 0);
        assert_eq!(m.cost(MOST_NEG + 4096), 2);
        assert_eq!(m.block_cost(MOST_NEG + 4092, 8), 2);
        assert_eq!(m.block_cost(MOST_NEG + 4096, 9), 6);
        assert_eq!(m.block_cost(MOST_NEG, 16), 0);
    }

    #[test]
    fn writes_invalidate_cached_code() {
        let mut m = Memory::new(8192, 0);
        m.cache[0x200] = 77;
        m.cache[0x20F] = 77;
        m.mark_code(0x200, 16);
        m.write_byte(MOST_NEG + 0x20F, 1).unwrap();
        assert_eq!(m.cache[0x200], 0);
        assert_eq!(m.cache[0x20F], 0);
        // A store right after code does not touch the code's entries.
        m.cache[0x300] = 5;
        m.mark_code(0x300, 3);
        m.write_word(MOST_NEG + 0x304, 1).unwrap();
        assert_eq!(m.cache[0x300], 5);
        m.write_byte(MOST_NEG + 0x302, 1).unwrap();
        assert_eq!(m.cache[0x300], 0);
    }
}
