//! `transputer asm FILE.s -o FILE.bin`, or with `--boot-frame` a boot stream for
//! `run --boot-link` (the length byte, then the code).

use super::load::{assemble_source, LoadError};
use super::Exit;
use std::path::Path;

/// Assembles `file` into `output`; `boot_frame` prefixes the code length byte.
pub fn asm(file: &Path, output: &Path, boot_frame: bool) -> Exit {
    let code = std::fs::read_to_string(file)
        .map_err(LoadError::Io)
        .and_then(|t| assemble_source(&t));
    let bytes = match code {
        Ok(code) if boot_frame => match boot_stream(code) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("transputer: {}: {e}", file.display());
                return Exit::BadInput;
            }
        },
        Ok(code) => code,
        Err(e) => {
            eprintln!("transputer: {}: {e}", file.display());
            return Exit::BadInput;
        }
    };
    match std::fs::write(output, bytes) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("transputer: {}: {e}", output.display());
            Exit::BadInput
        }
    }
}

/// The boot frame for `code`: its length byte, then the code.
fn boot_stream(code: Vec<u8>) -> Result<Vec<u8>, String> {
    match u8::try_from(code.len()) {
        Ok(n) if n >= 2 => Ok([vec![n], code].concat()),
        _ => Err(format!(
            "a boot frame holds 2 to 255 bytes of code; this program has {} (boot a small \
             loader that inputs the rest)",
            code.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::boot_stream;

    #[test]
    fn boot_frames_take_two_to_255_bytes() {
        assert_eq!(boot_stream(vec![0x21, 0xF5]), Ok(vec![2, 0x21, 0xF5]));
        assert_eq!(boot_stream(vec![0; 255]).map(|v| v.len()), Ok(256));
        assert!(boot_stream(vec![0xF5]).is_err());
        assert!(boot_stream(vec![0; 256]).is_err());
    }
}
