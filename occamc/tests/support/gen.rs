//! Generator of large, valid occam programs for the scaling test and the
//! front-end benchmark (included with `#[path]` by both).
//!
//! The program must check clean (no errors, no warnings) so that every
//! semantic pass runs to the end: a program with errors stops before the
//! usage checks and would make the figures look better than they are.

use std::fmt::Write;

/// Lines in one generated unit (a FUNCTION and a PROC).
pub const UNIT_LINES: usize = 50;

/// A program of at least `lines` lines: a sequence of units, each a
/// FUNCTION and a PROC mixing declarations, arrays, replicated SEQ, IF,
/// CASE, WHILE, PAR with a local channel, ALT with a timer guard, channel
/// I/O, a FUNCTION call and a call of the previous unit's PROC.
pub fn program(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 24);
    for i in 0..lines.div_ceil(UNIT_LINES) {
        let call = if i == 0 {
            "SKIP".to_string()
        } else {
            format!("worker.{} (in, out, table, acc)", i - 1)
        };
        let _ = write!(
            s,
            "INT FUNCTION scale.{i} (VAL INT a, b)\n\
             \x20 INT r :\n\
             \x20 VALOF\n\
             \x20   r := (a * b) + {i}\n\
             \x20   RESULT r\n\
             :\n\
             PROC worker.{i} (CHAN OF INT in, out, VAL []INT table, []INT acc)\n\
             \x20 INT x, total :\n\
             \x20 [8]INT buf :\n\
             \x20 TIMER clock :\n\
             \x20 VAL INT step IS {i} + 100 :\n\
             \x20 SEQ\n\
             \x20   total := 0\n\
             \x20   SEQ k = 0 FOR SIZE table\n\
             \x20     total := total + (table[k] * {i})\n\
             \x20   SEQ k = 0 FOR 8\n\
             \x20     buf[k] := k\n\
             \x20   in ? x\n\
             \x20   IF\n\
             \x20     (x > total) AND (x <> 0)\n\
             \x20       out ! x - total\n\
             \x20     TRUE\n\
             \x20       out ! scale.{i} (total, x)\n\
             \x20   CASE x /\\ 3\n\
             \x20     0\n\
             \x20       total := total + buf[x /\\ 7]\n\
             \x20     1, 2\n\
             \x20       total := total - 1\n\
             \x20     ELSE\n\
             \x20       SKIP\n\
             \x20   WHILE x > 0\n\
             \x20     SEQ\n\
             \x20       buf[x /\\ 7] := buf[x /\\ 7] + x\n\
             \x20       x := x - 1\n\
             \x20   CHAN OF INT link :\n\
             \x20   PAR\n\
             \x20     link ! total\n\
             \x20     INT y :\n\
             \x20     SEQ\n\
             \x20       link ? y\n\
             \x20       acc[0] := y + buf[1]\n\
             \x20   ALT\n\
             \x20     in ? x\n\
             \x20       out ! x\n\
             \x20     clock ? AFTER x PLUS step\n\
             \x20       SKIP\n\
             \x20   out ! total\n\
             \x20   {call}\n\
             :\n\
             \n"
        );
    }
    s
}
