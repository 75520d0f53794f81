//! The T800 instruction set, defined once, and everything derived from it.
//!
//! - [`table`]: the one table of direct functions, operations and FPU selectors
//!   (mnemonic, code, cycles, flags). Everything else in the project reads it.
//! - [`encode`] / [`decode`]: shortest `pfix`/`nfix` chains and their inverse.
//! - [`disasm`]: Inmos-style disassembly.
//! - [`asm`]: a symbolic program (labels, label differences) sized to a fixed point,
//!   shared by the text assembler, the compiler's code generator and the linker.
//! - [`consts`]: machine constants (memory map, process-state words).

pub mod asm;
pub mod consts;
pub mod decode;
pub mod disasm;
pub mod encode;
pub mod table;

pub use table::{Flags, FpuOp, Func, Info, Op};
