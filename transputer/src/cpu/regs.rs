//! The integer register file shared by the interpreter, the ALU helpers and the FPU.
//!
//! Kept in one small `Copy` struct so the interpreter can hold it in host registers
//! and pass it by reference to out-of-line helpers (long arithmetic, FPU) without
//! shuffling fields.

/// The evaluation stack and the Error flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    /// A register (top of the evaluation stack).
    pub a: u32,
    /// B register.
    pub b: u32,
    /// C register.
    pub c: u32,
    /// The Error flag (set by E-flagged instructions, cleared only by `testerr`).
    pub error: bool,
}

impl Regs {
    /// Push: C := B; B := A; A := v.
    #[inline(always)]
    pub fn push(&mut self, v: u32) {
        self.c = self.b;
        self.b = self.a;
        self.a = v;
    }

    /// Pop: A := B; B := C (C is left unchanged; the hardware leaves it undefined).
    #[inline(always)]
    pub fn pop(&mut self) -> u32 {
        let v = self.a;
        self.a = self.b;
        self.b = self.c;
        v
    }
}

/// Word access to emulated memory, as the FPU's load/store instructions need it.
/// Implemented by the node's memory; generic so calls are monomorphised, not virtual.
pub trait WordMemory {
    /// Error raised on an access outside memory.
    type Error;
    /// Reads the little-endian word at `addr` (word aligned by the caller's rules).
    fn read_word(&mut self, addr: u32) -> Result<u32, Self::Error>;
    /// Writes the little-endian word at `addr`.
    fn write_word(&mut self, addr: u32, value: u32) -> Result<(), Self::Error>;
}
