//! `transputer disasm FILE.bin`: a listing as loaded at MemStart.

use super::Exit;
use std::path::Path;
use t800_isa::consts::MEM_START;
use t800_isa::disasm::listing;

/// Prints the listing of `file`.
pub fn disasm(file: &Path) -> Exit {
    match std::fs::read(file) {
        Ok(code) => {
            print!("{}", listing(&code, MEM_START));
            Exit::Ok
        }
        Err(e) => {
            eprintln!("transputer: {}: {e}", file.display());
            Exit::BadInput
        }
    }
}
