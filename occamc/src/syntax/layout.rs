//! The layout pass: occam's two-space indentation rule turned into virtual
//! tokens, so that the grammar can be an ordinary LR grammar.
//!
//! For each line that is not a continuation, comparing its logical column
//! with the innermost open block gives:
//!
//! * deeper by exactly 2 → [`Tok::Indent`] (a new block is opened);
//! * the same → [`Tok::Newline`] (next item of the same list);
//! * shallower → one [`Tok::Dedent`] per closed block, then `Newline`.
//!
//! A line is a *continuation* (no virtual tokens) when the previous line ends
//! with a token that cannot end a line ([`Tok::continues_line`]: operators,
//! `,`, `;`, `:=`, `FROM`, `FOR`, `IS`, `RETYPES`, `RESHAPES`, word
//! operators) or inside an unclosed bracket. It must be indented at least
//! as far as the statement's first line.
//!
//! An inline `(VALOF` at the end of a line opens a block at the next line's
//! column; the block is closed (Dedent) just before the bracket that
//! matches the `(`, whatever column that bracket is on. A line ending with
//! a specification's `:` inside brackets (`x := (INT r :`) starts the list
//! of specifications and `VALOF` of an inline value process in the same
//! way, but that list is no block: a Newline separates it from the first
//! specification, and the closing bracket ends it without a Dedent.
//!
//! The pass is iterative. Block nesting deeper than
//! [`limits::MAX_BLOCK_DEPTH`] and brackets deeper than
//! [`limits::MAX_BRACKET_DEPTH`] are reported and the offending lines
//! dropped (a deeper block becomes a single [`Tok::Elided`]), which keeps the
//! tree shallow enough for recursive walkers in later passes.

use super::lexer::Tok;
use super::limits;
use super::preprocess::PpToken;
use crate::diag::{Diagnostic, FileId, Span};
use std::collections::VecDeque;

/// A position handed to the parser (lalrpop's `Location`): file and byte
/// offset packed in one word (file in the high half, so the order is by
/// file, then offset). One word is written and read whole: as two `u32`
/// fields it was stored in halves and reloaded as a word on every token
/// move, a store-forwarding stall each time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc(u64);

impl Loc {
    pub fn new(file: FileId, pos: u32) -> Loc {
        Loc((u64::from(file.0) << 32) | u64::from(pos))
    }

    pub fn file(self) -> FileId {
        FileId((self.0 >> 32) as u32)
    }

    /// Byte offset in the file.
    pub fn pos(self) -> u32 {
        self.0 as u32
    }

    /// The span from `self` to `end` (see [`Span::to`] for cross-file spans).
    pub fn to(self, end: Loc) -> Span {
        if self.file() == end.file() && end.pos() >= self.pos() {
            Span::new(self.file(), self.pos(), end.pos())
        } else {
            Span::new(self.file(), self.pos(), self.pos())
        }
    }
}

/// A token as the parser sees it.
pub type Triple = (Loc, Tok, Loc);

/// What the layout pass remembers of the previous token: where it ends
/// (virtual tokens are placed there) and facts about it.
#[derive(Clone, Copy)]
struct Prev {
    end: Loc,
    continues: bool,
    valof: bool,
    colon: bool,
}

/// One open block.
struct Frame {
    col: u32,
    /// Bracket depth when the block was opened: lines with more open
    /// brackets than this are continuations.
    depth: u32,
    /// Opened by an inline `(VALOF`: closed by the matching bracket.
    valof: bool,
    /// The specification list of an inline value process: opened and
    /// closed without virtual tokens.
    silent: bool,
    /// For VALOF frames: the column of the statement the VALOF is part of.
    outer_stmt_col: u32,
}

/// The layout pass as an iterator of parser tokens, so that the parser can
/// consume them as they are made (no second token vector).
pub struct Layout<I: Iterator<Item = PpToken> = std::vec::IntoIter<PpToken>> {
    input: I,
    out: VecDeque<Triple>,
    diags: Vec<Diagnostic>,
    frames: Vec<Frame>,
    depth: u32,
    stmt_col: u32,
    /// Facts about the last emitted real token, and its span.
    prev: Option<Prev>,
    /// Dropping lines at or beyond this column (block too deep).
    skipping: Option<u32>,
    /// Dropping the rest of the current line (brackets too deep).
    skip_line: bool,
    /// The closing DEDENTs have been queued.
    finished: bool,
}

/// Runs the layout pass over a preprocessed token stream.
pub fn layout(tokens: Vec<PpToken>, diags: &mut Vec<Diagnostic>) -> Vec<Triple> {
    let mut l = Layout::new(tokens.into_iter());
    let out = l.by_ref().collect();
    diags.append(&mut l.into_diagnostics());
    out
}

impl<I: Iterator<Item = PpToken>> Iterator for Layout<I> {
    type Item = Triple;

    fn next(&mut self) -> Option<Triple> {
        loop {
            if let Some(t) = self.out.pop_front() {
                return Some(t);
            }
            match self.input.next() {
                Some(t) => {
                    // Most tokens need no virtual token before them: hand
                    // them over without the queue.
                    if let Some(real) = self.token(t) {
                        if self.out.is_empty() {
                            return Some(real);
                        }
                        self.out.push_back(real);
                    }
                }
                None if self.finished => return None,
                None => self.finish(),
            }
        }
    }
}

/// 1-based column for messages.
fn col1(c: u32) -> u32 {
    c + 1
}

impl<I: Iterator<Item = PpToken>> Layout<I> {
    pub fn new(input: I) -> Layout<I> {
        Layout {
            input,
            out: VecDeque::new(),
            diags: Vec::new(),
            frames: vec![Frame {
                col: 0,
                depth: 0,
                valof: false,
                silent: false,
                outer_stmt_col: 0,
            }],
            depth: 0,
            stmt_col: 0,
            prev: None,
            skipping: None,
            skip_line: false,
            finished: false,
        }
    }

    /// The diagnostics of the tokens produced so far.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    /// At the end of input: close every open block.
    fn finish(&mut self) {
        self.finished = true;
        if self.skipping.take().is_some() {
            self.virt(Tok::Dedent);
        }
        while self.frames.len() > 1 {
            if self.frames.pop().is_some_and(|f| !f.silent) {
                self.virt(Tok::Dedent);
            }
        }
    }

    fn top(&self) -> &Frame {
        self.frames.last().expect("the base frame is never popped")
    }

    /// Emits a virtual token at the end of the previous real token.
    fn virt(&mut self, tok: Tok) {
        let at = self
            .prev
            .as_ref()
            .map_or(Loc::default(), |Prev { end, .. }| *end);
        self.out.push_back((at, tok, at));
    }

    /// Emits a virtual token at `at` (the start of a token).
    fn virt_at(&mut self, tok: Tok, at: Loc) {
        self.out.push_back((at, tok, at));
    }

    fn is_continuation(&self) -> bool {
        match &self.prev {
            None => false,
            Some(t) => t.continues || self.depth > self.top().depth,
        }
    }

    /// Handles one input token: queues the virtual tokens it implies and
    /// returns the parser token it becomes (None when it is dropped).
    fn token(&mut self, t: PpToken) -> Option<Triple> {
        if t.bol {
            self.skip_line = false;
            if let Some(limit) = self.skipping {
                if t.col >= limit || self.is_continuation() {
                    self.skip_line = true;
                    return None;
                }
                self.skipping = None;
                self.virt(Tok::Dedent);
            }
            self.line_start(&t);
            if self.skip_line {
                return None;
            }
        } else if self.skip_line {
            return None;
        }
        self.real(t)
    }

    fn line_start(&mut self, t: &PpToken) {
        let c = t.col;
        let in_bracket = self.depth > self.top().depth;
        let opens_valof = in_bracket && matches!(&self.prev, Some(p) if p.valof);
        let opens_specs = in_bracket && matches!(&self.prev, Some(p) if p.colon);
        if self.prev.is_none() {
            if c != 0 {
                self.diags.push(
                    Diagnostic::error(
                        "E0301",
                        t.span(),
                        "incorrect indentation: expected column 1",
                    )
                    .with_help("the outermost level of a file starts in the first column"),
                );
            }
            self.stmt_col = c;
            return;
        }
        if opens_valof || opens_specs {
            if c <= self.stmt_col {
                let what = if opens_valof {
                    "the VALOF body"
                } else {
                    "a VALOF after specifications"
                };
                self.diags.push(Diagnostic::error(
                    "E0301",
                    t.span(),
                    format!(
                        "incorrect indentation: {what} must be indented beyond column {}",
                        col1(self.stmt_col)
                    ),
                ));
            }
            if !self.push_block(t, true, opens_specs) {
                return;
            }
            self.stmt_col = c;
            return;
        }
        if self.is_continuation() {
            let min = if self.top().valof && c < self.top().col {
                self.top().outer_stmt_col
            } else {
                self.stmt_col
            };
            if c < min {
                self.diags.push(
                    Diagnostic::error(
                        "E0303",
                        t.span(),
                        format!(
                            "continuation line must be indented at least to column {}",
                            col1(min)
                        ),
                    )
                    .with_help("indent it at least as far as the start of the statement"),
                );
            }
            return;
        }
        let top = self.top().col;
        if c > top {
            if c != top + 2 {
                self.diags.push(
                    Diagnostic::error(
                        "E0301",
                        t.span(),
                        format!("incorrect indentation: expected column {}", col1(top + 2)),
                    )
                    .with_span_label(format!("this line starts in column {}", col1(c)))
                    .with_help("nested lines are indented by exactly two spaces"),
                );
            }
            if !self.push_block(t, false, false) {
                return;
            }
        } else {
            while self.frames.len() > 1 && self.top().col > c && !self.top().valof {
                self.frames.pop();
                self.virt(Tok::Dedent);
            }
            let top = self.top();
            if top.valof && c < top.col {
                // Back out of an inline VALOF body: continuation of the
                // bracketed expression.
                let min = top.outer_stmt_col;
                if c < min {
                    self.diags.push(Diagnostic::error(
                        "E0303",
                        t.span(),
                        format!(
                            "continuation line must be indented at least to column {}",
                            col1(min)
                        ),
                    ));
                }
                return;
            }
            if top.col != c {
                let expected = top.col;
                self.diags.push(
                    Diagnostic::error(
                        "E0302",
                        t.span(),
                        format!(
                            "incorrect indentation: expected column {} or {}",
                            col1(expected),
                            col1(expected + 2)
                        ),
                    )
                    .with_span_label(format!("this line starts in column {}", col1(c)))
                    .with_help(
                        "outdent by a multiple of two spaces to line up with an enclosing block",
                    ),
                );
            }
            self.virt(Tok::Newline);
        }
        self.stmt_col = c;
    }

    /// Opens a block at `t`'s column (a silent one is only separated from
    /// what came before); returns false if the nesting limit made it drop
    /// the block instead.
    fn push_block(&mut self, t: &PpToken, valof: bool, silent: bool) -> bool {
        let too_deep = self.frames.len() > limits::MAX_BLOCK_DEPTH;
        // A dropped block always ends with a Dedent: open it with an Indent.
        let tok = if silent && !too_deep {
            Tok::Newline
        } else {
            Tok::Indent
        };
        self.virt_at(tok, t.start);
        if too_deep {
            self.diags.push(
                Diagnostic::error(
                    "E0304",
                    t.span(),
                    format!(
                        "nesting too deep: more than {} levels of indentation",
                        limits::MAX_BLOCK_DEPTH
                    ),
                )
                .with_note("the lines of this block were skipped")
                .with_help("move the inner part into a PROC"),
            );
            self.virt_at(Tok::Elided, t.start);
            self.skipping = Some(t.col);
            self.skip_line = true;
            return false;
        }
        let outer = self.stmt_col;
        self.frames.push(Frame {
            col: t.col,
            depth: self.depth,
            valof,
            silent,
            outer_stmt_col: outer,
        });
        true
    }

    fn real(&mut self, t: PpToken) -> Option<Triple> {
        match t.tok {
            Tok::LParen | Tok::LBracket => {
                if self.depth as usize >= limits::MAX_BRACKET_DEPTH {
                    self.diags.push(Diagnostic::error(
                        "E0305",
                        t.span(),
                        format!(
                            "brackets nested more than {} deep; the rest of the line was skipped",
                            limits::MAX_BRACKET_DEPTH
                        ),
                    ));
                    self.skip_line = true;
                    self.depth = self.top().depth;
                    return None;
                }
                self.depth += 1;
            }
            Tok::RParen | Tok::RBracket => {
                if self.frames.iter().any(|f| f.valof && f.depth == self.depth) {
                    // Closes the bracket of an inline VALOF: end its body.
                    while let Some(f) = self.frames.pop() {
                        if !f.silent {
                            self.virt(Tok::Dedent);
                        }
                        if f.valof && f.depth == self.depth {
                            self.stmt_col = f.outer_stmt_col;
                            break;
                        }
                    }
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        self.prev = Some(Prev {
            end: t.end,
            // An operator alone on its line (an ASM mnemonic such as `AND`)
            // does not continue it: occam breaks lines after an operand.
            continues: t.tok.continues_line() && !t.bol,
            valof: matches!(t.tok, Tok::Valof),
            colon: matches!(t.tok, Tok::Colon),
        });
        Some((t.start, t.tok, t.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;
    use crate::syntax::{preprocess::preprocess, Options};

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        let mut sm = SourceMap::new();
        let f = sm.add("t.occ", src);
        let mut diags = Vec::new();
        let pp = preprocess(&mut sm, f, None, &Options::default(), &mut diags);
        let toks = layout(pp.tokens, &mut diags);
        let words: Vec<&str> = toks.iter().map(|(_, t, _)| t.terminal()).collect();
        (words.join(" "), diags)
    }

    #[test]
    fn blocks_and_separators() {
        let (w, d) = run("SEQ\n  x := 1\n  PAR\n    SKIP\n    STOP\n  SKIP\nSKIP\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            w,
            "SEQ INDENT name := int NEWLINE PAR INDENT SKIP NEWLINE STOP DEDENT NEWLINE SKIP DEDENT NEWLINE SKIP"
        );
    }

    #[test]
    fn continuation_lines() {
        let (w, d) = run("x := a +\n     b\nfoo (a,\n b)\ny := [1,\n  2]\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            w,
            "name := name + name NEWLINE name ( name , name ) NEWLINE name := [ int , int ]"
        );
        let (_, d) = run("SEQ\n  x := a +\n b\n");
        assert_eq!(d[0].code, "E0303");
        assert!(d[0].message.contains("column 3"), "{}", d[0].message);
    }

    #[test]
    fn an_operator_alone_on_its_line_does_not_continue_it() {
        // ASM mnemonics that are occam operators: AND, NOT.
        let (w, d) = run("ASM\n  AND\n  NOT\n  LDC 1\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(w, "ASM INDENT AND NEWLINE NOT NEWLINE name int DEDENT");
    }

    #[test]
    fn wrong_indentation_says_expected_column() {
        let (_, d) = run("SEQ\n   SKIP\n");
        assert_eq!(d[0].code, "E0301");
        assert_eq!(d[0].message, "incorrect indentation: expected column 3");
        let (_, d) = run("SEQ\n  SEQ\n    SKIP\n SKIP\n");
        assert_eq!(d[0].code, "E0302");
    }

    #[test]
    fn inline_valof() {
        let (w, d) = run("x := (VALOF\n       SKIP\n       RESULT 1\n     )\nSKIP\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            w,
            "name := ( VALOF INDENT SKIP NEWLINE RESULT int DEDENT ) NEWLINE SKIP"
        );
    }

    #[test]
    fn inline_value_process_with_specifications() {
        let src = "x := (INT r :\n      VAL INT k IS 2 :\n      VALOF\n        r := k\n        RESULT r\n     ) + 1\nSKIP\n";
        let (w, d) = run(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            w,
            "name := ( INT name : NEWLINE VAL INT name IS int : NEWLINE VALOF INDENT name := name NEWLINE RESULT name DEDENT ) + int NEWLINE SKIP"
        );
        // The closing bracket may end the VALOF's last line.
        let (w, d) = run("x := (INT r :\n      VALOF\n        SKIP\n        RESULT r)\nSKIP\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            w,
            "name := ( INT name : NEWLINE VALOF INDENT SKIP NEWLINE RESULT name DEDENT ) NEWLINE SKIP"
        );
        let (_, d) = run("SEQ\n  x := (INT r :\n  VALOF\n    SKIP\n    RESULT r)\n");
        assert_eq!(d[0].code, "E0301");
        assert!(d[0].message.contains("beyond column 3"), "{}", d[0].message);
    }

    #[test]
    fn deep_nesting_is_cut_off_with_one_diagnostic() {
        let mut src = String::new();
        for i in 0..1000 {
            src.push_str(&" ".repeat(2 * i));
            src.push_str("SEQ\n");
        }
        let (w, d) = run(&src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0304");
        assert_eq!(w.matches("INDENT").count(), limits::MAX_BLOCK_DEPTH + 1);
        assert_eq!(w.matches("DEDENT").count(), limits::MAX_BLOCK_DEPTH + 1);
        assert_eq!(w.matches("ELIDED").count(), 1);
    }
}
