//! `transputer asm FILE.s -o FILE.bin`.

use super::load::{assemble_source, LoadError};
use super::Exit;
use std::path::Path;

/// Assembles `file` into `output`.
pub fn asm(file: &Path, output: &Path) -> Exit {
    let code = std::fs::read_to_string(file)
        .map_err(LoadError::Io)
        .and_then(|t| assemble_source(&t));
    match code {
        Ok(code) => match std::fs::write(output, code) {
            Ok(()) => Exit::Ok,
            Err(e) => {
                eprintln!("transputer: {}: {e}", output.display());
                Exit::BadInput
            }
        },
        Err(e) => {
            eprintln!("transputer: {}: {e}", file.display());
            Exit::BadInput
        }
    }
}
