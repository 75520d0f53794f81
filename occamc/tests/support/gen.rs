//! Generator of large, valid occam programs for the scaling test and the
//! front-end benchmark (included with `#[path]` by both).

use std::fmt::Write;

/// A program of at least `lines` lines: a sequence of PROCs, each a small
/// but realistic mix of declarations, replicated SEQ, IF, ALT and
/// channel I/O (20 lines per PROC).
pub fn program(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 24);
    for i in 0..lines.div_ceil(20) {
        let _ = write!(
            s,
            "PROC worker.{i} (CHAN OF INT in, out, VAL []INT table)\n\
             \x20 INT x, total :\n\
             \x20 TIMER clock :\n\
             \x20 SEQ\n\
             \x20   total := 0\n\
             \x20   SEQ k = 0 FOR SIZE table\n\
             \x20     total := total + (table[k] * {i})\n\
             \x20   in ? x\n\
             \x20   IF\n\
             \x20     (x > total) AND (x <> 0)\n\
             \x20       out ! x - total\n\
             \x20     TRUE\n\
             \x20       out ! total\n\
             \x20   ALT\n\
             \x20     in ? x\n\
             \x20       out ! x\n\
             \x20     clock ? AFTER x PLUS 100\n\
             \x20       SKIP\n\
             :\n\
             \n"
        );
    }
    s
}
