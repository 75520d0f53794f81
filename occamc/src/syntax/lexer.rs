//! occam 2.1 tokens and the logos lexer that produces them.
//!
//! [`Tok`] is the single token list of the front end: the lexer produces it,
//! the layout pass adds the virtual tokens ([`Tok::Indent`], [`Tok::Dedent`],
//! [`Tok::Newline`], [`Tok::Elided`]) and the grammar's `extern` block maps
//! it to terminals. Literal tokens carry their decoded value. Bad input
//! becomes an `Err(LexError)` item (the preprocessor turns it into a
//! diagnostic, unless it sits in a skipped `#IF` branch), never a panic.

use crate::intern::Sym;
use logos::Logos;

/// Why a piece of source is not a token.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum LexError {
    #[default]
    UnknownChar,
    IntTooLarge,
    UnterminatedString,
    UnterminatedByte,
    BadEscape(String),
    BadContinuation,
}

impl LexError {
    pub fn message(&self) -> String {
        match self {
            LexError::UnknownChar => "unexpected character".into(),
            LexError::IntTooLarge => "integer literal is too large for 64 bits".into(),
            LexError::UnterminatedString => "unterminated string literal".into(),
            LexError::UnterminatedByte => {
                "malformed byte literal: it holds exactly one character or escape".into()
            }
            LexError::BadEscape(e) if e.starts_with('#') => {
                format!("invalid escape `*{e}`: `*#` must be followed by two hex digits")
            }
            LexError::BadEscape(e) => format!("unknown escape `*{e}` in literal"),
            LexError::BadContinuation => {
                "incorrect string continuation: the next line must start with `*`".into()
            }
        }
    }
}

// Payloads are at most a word (names are interned, strings boxed twice) so a
// token is 16 bytes and a (start, token, end) triple moves in two registers.
#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(error = LexError)]
#[logos(extras = Vec<(std::ops::Range<usize>, LexError)>)]
#[logos(skip r"[ \t\r\f]+")]
#[logos(skip(r"--[^\n]*", allow_greedy = true))]
// A word-sized tag puts every payload at offset 8: with a byte tag the
// `Byte(u8)` payload sits at offset 1 and every move of a token copies
// bytes 1..8 in odd-sized pieces (store-forwarding stalls in the parser).
#[repr(u64)]
pub enum Tok {
    // ---- virtual tokens (never produced by logos)
    /// Start of a more deeply indented block.
    Indent,
    /// End of an indented block.
    Dedent,
    /// A new line at the current indentation: separates items of a list.
    Newline,
    /// Stands for lines the layout pass dropped (nesting too deep).
    Elided,

    /// End of a physical line (consumed by the preprocessor and layout).
    #[token("\n")]
    Eol,

    // ---- literals and names
    #[regex(r"[A-Za-z][A-Za-z0-9._]*", |lex| Sym::intern(lex.slice()))]
    Ident(Sym),
    #[regex(r"[0-9]+", decimal)]
    Int(u64),
    #[regex(r"#[0-9A-Fa-f]+", hex, priority = 10)]
    Hex(u64),
    #[regex(r"[0-9]+\.[0-9]+([Ee][+-]?[0-9]+)?", |lex| Sym::intern(lex.slice()))]
    Real(Sym),
    #[token("'", byte_lit)]
    Byte(u8),
    #[token("\"", string_lit)]
    Str(Box<Vec<u8>>),
    /// `#INCLUDE`, `#IF`, ... (the word after `#`).
    #[regex(r"#[A-Z][A-Z]*", |lex| Sym::intern(&lex.slice()[1..]))]
    Directive(Sym),

    // ---- keywords
    #[token("AFTER")]
    After,
    #[token("ALT")]
    Alt,
    #[token("AND")]
    And,
    #[token("ANY")]
    Any,
    #[token("ASM")]
    Asm,
    #[token("AT")]
    At,
    #[token("BITAND")]
    BitAndW,
    #[token("BITNOT")]
    BitNotW,
    #[token("BITOR")]
    BitOrW,
    #[token("BOOL")]
    Bool,
    #[token("BYTE")]
    ByteKw,
    #[token("BYTESIN")]
    BytesIn,
    #[token("CASE")]
    Case,
    #[token("CHAN")]
    Chan,
    #[token("DATA")]
    Data,
    #[token("ELSE")]
    Else,
    #[token("FALSE")]
    False,
    #[token("FOR")]
    For,
    #[token("FROM")]
    From,
    #[token("FUNCTION")]
    Function,
    #[token("GUY")]
    Guy,
    #[token("IF")]
    If,
    #[token("IN")]
    In,
    #[token("INLINE")]
    Inline,
    #[token("INT")]
    IntKw,
    #[token("INT16")]
    Int16,
    #[token("INT32")]
    Int32,
    #[token("INT64")]
    Int64,
    #[token("IS")]
    Is,
    #[token("MINUS")]
    MinusW,
    #[token("MOSTNEG")]
    MostNeg,
    #[token("MOSTPOS")]
    MostPos,
    #[token("NOT")]
    Not,
    #[token("OF")]
    Of,
    #[token("OFFSETOF")]
    OffsetOf,
    #[token("OR")]
    Or,
    #[token("PACKED")]
    Packed,
    #[token("PAR")]
    Par,
    #[token("PLACE")]
    Place,
    #[token("PLACED")]
    Placed,
    #[token("PLUS")]
    PlusW,
    #[token("PORT")]
    Port,
    #[token("PRI")]
    Pri,
    #[token("PROC")]
    Proc,
    #[token("PROCESSOR")]
    Processor,
    #[token("PROTOCOL")]
    Protocol,
    #[token("REAL32")]
    Real32,
    #[token("REAL64")]
    Real64,
    #[token("RECORD")]
    Record,
    #[token("REM")]
    RemW,
    #[token("RESHAPES")]
    Reshapes,
    #[token("RESULT")]
    Result,
    #[token("RETYPES")]
    Retypes,
    #[token("ROUND")]
    Round,
    #[token("SEQ")]
    Seq,
    #[token("SIZE")]
    Size,
    #[token("SKIP")]
    Skip,
    #[token("STOP")]
    Stop,
    #[token("TIMER")]
    Timer,
    #[token("TIMES")]
    TimesW,
    #[token("TRUE")]
    True,
    #[token("TRUNC")]
    Trunc,
    #[token("TYPE")]
    Type,
    #[token("VAL")]
    Val,
    #[token("VALOF")]
    Valof,
    #[token("VECSPACE")]
    Vecspace,
    #[token("WHILE")]
    While,
    #[token("WORKSPACE")]
    Workspace,

    // ---- operators and punctuation
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("\\")]
    Backslash,
    #[token("/\\")]
    BitAnd,
    #[token("\\/")]
    BitOr,
    #[token("><")]
    Xor,
    #[token("~")]
    Tilde,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("=")]
    Eq,
    #[token("<>")]
    Ne,
    #[token("<")]
    Lt,
    #[token(">")]
    Gt,
    #[token("<=")]
    Le,
    #[token(">=")]
    Ge,
    #[token(":=")]
    Assign,
    #[token("?")]
    Query,
    #[token("!")]
    Bang,
    #[token("&")]
    Amp,
    #[token("::")]
    ColonColon,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token(":")]
    Colon,
}

/// Integers that do not fit 64 bits are reported but still become a token
/// (of value `u64::MAX`), so the parse is not disturbed.
fn too_large(lex: &mut logos::Lexer<Tok>) -> u64 {
    let span = lex.span();
    lex.extras.push((span, LexError::IntTooLarge));
    u64::MAX
}

fn decimal(lex: &mut logos::Lexer<Tok>) -> u64 {
    lex.slice()
        .parse::<u64>()
        .unwrap_or_else(|_| too_large(lex))
}

fn hex(lex: &mut logos::Lexer<Tok>) -> u64 {
    u64::from_str_radix(&lex.slice()[1..], 16).unwrap_or_else(|_| too_large(lex))
}

/// Decodes the escape after a `*` at the start of `rest`; returns the byte
/// and how many bytes of `rest` it used.
fn escape(rest: &[u8]) -> Result<(u8, usize), LexError> {
    let c = *rest.first().ok_or(LexError::UnterminatedString)?;
    let b = match c {
        b'n' | b'N' => b'\n',
        b'c' | b'C' => b'\r',
        b't' | b'T' => b'\t',
        b's' | b'S' => b' ',
        b'\'' | b'"' | b'*' => c,
        b'#' => {
            let digits = rest.get(1..3).unwrap_or(&[]);
            let text = std::str::from_utf8(digits).unwrap_or("");
            if text.len() != 2 || !text.bytes().all(|d| d.is_ascii_hexdigit()) {
                return Err(LexError::BadEscape(format!("#{text}")));
            }
            return Ok((u8::from_str_radix(text, 16).unwrap_or(0), 3));
        }
        b'\n' => return Err(LexError::BadContinuation),
        _ => {
            let ch = String::from_utf8_lossy(&rest[..rest.len().min(4)])
                .chars()
                .next()
                .unwrap_or('?');
            return Err(LexError::BadEscape(ch.to_string()));
        }
    };
    Ok((b, 1))
}

/// Moves the lexer `n` bytes on, rounded up to a character boundary (the
/// callbacks count bytes; random input may put a multi-byte character
/// where they expect ASCII).
fn bump_chars(lex: &mut logos::Lexer<Tok>, n: usize) {
    let rest = lex.remainder();
    let mut n = n.min(rest.len());
    while !rest.is_char_boundary(n) {
        n += 1;
    }
    lex.bump(n);
}

/// `end` rounded up to a character boundary of `src`.
fn char_end(src: &str, end: usize) -> usize {
    let mut end = end.min(src.len());
    while !src.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// Length of the rest of the current line (up to, not including, `\n`).
fn to_eol(rest: &[u8]) -> usize {
    rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())
}

fn byte_lit(lex: &mut logos::Lexer<Tok>) -> Result<u8, LexError> {
    let rest = lex.remainder().as_bytes();
    let (value, used) = match rest.first() {
        Some(b'*') => match escape(&rest[1..]) {
            Ok((b, n)) => (b, n + 1),
            Err(e) => {
                bump_chars(lex, to_eol(rest).min(2));
                return Err(e);
            }
        },
        Some(&b) if b != b'\n' && b != b'\'' && b.is_ascii() => (b, 1),
        _ => return Err(LexError::UnterminatedByte),
    };
    if rest.get(used) != Some(&b'\'') {
        // Skip to a closing quote on this line, if any, so that `'ab'` is
        // one error and not two.
        let line = &rest[..to_eol(rest)];
        return match line.iter().skip(used).position(|&b| b == b'\'') {
            Some(p) => {
                // Report it, but keep a byte token so the parse goes on.
                bump_chars(lex, used + p + 1);
                let span = lex.span();
                lex.extras.push((span, LexError::UnterminatedByte));
                Ok(value)
            }
            None => {
                bump_chars(lex, used.min(line.len()));
                Err(LexError::UnterminatedByte)
            }
        };
    }
    bump_chars(lex, used + 1);
    Ok(value)
}

/// Scans a string after its opening quote, decoding escapes and
/// continuations (`*` at the end of a line, `*` again after the next line's
/// indentation).
// Boxed twice on purpose: the thin pointer keeps `Tok` at 16 bytes (see
// `Tok`); string literals are rare enough for the extra allocation.
#[allow(clippy::box_collection)]
fn string_lit(lex: &mut logos::Lexer<Tok>) -> Result<Box<Vec<u8>>, LexError> {
    let rest = lex.remainder().as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        match rest.get(i) {
            None | Some(b'\n') => {
                bump_chars(lex, i);
                return Err(LexError::UnterminatedString);
            }
            Some(b'"') => {
                bump_chars(lex, i + 1);
                return Ok(Box::new(out));
            }
            Some(b'*') => {
                let mut j = i + 1;
                while matches!(rest.get(j), Some(b' ' | b'\t' | b'\r')) {
                    j += 1;
                }
                if rest.get(j) == Some(&b'\n') {
                    // Continuation: skip the next line's indentation, then `*`.
                    j += 1;
                    while matches!(rest.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    if rest.get(j) != Some(&b'*') {
                        bump_chars(lex, j);
                        return Err(LexError::BadContinuation);
                    }
                    i = j + 1;
                    continue;
                }
                match escape(&rest[i + 1..]) {
                    Ok((b, n)) => {
                        out.push(b);
                        i += 1 + n;
                    }
                    Err(e) => {
                        // Report it but keep the string: the parse goes on
                        // undisturbed. The escape is taken as `*` + 1 byte.
                        let at = lex.span().end + i;
                        let shown = if rest.get(i + 1) == Some(&b'#') { 3 } else { 1 };
                        let shown = shown.min(to_eol(&rest[i + 1..]));
                        let end = char_end(lex.source(), at + 1 + shown);
                        lex.extras.push((at..end, e));
                        i += 2;
                    }
                }
            }
            Some(&b) => {
                out.push(b);
                i += 1;
            }
        }
    }
}

/// One lexed item: a token or an error, with its byte range in the file.
pub type Lexed = (Result<Tok, LexError>, std::ops::Range<usize>);

/// Lexes a whole file. Errors inside otherwise well-formed literals (bad
/// escapes) do not replace the token: they are returned as extra `Err`
/// items placed just after it.
pub fn lex(src: &str) -> Vec<Lexed> {
    let mut lexer = Tok::lexer(src);
    let mut out = Vec::with_capacity(src.len() / 3);
    while let Some(t) = lexer.next() {
        out.push((t, lexer.span()));
        if !lexer.extras.is_empty() {
            out.extend(lexer.extras.drain(..).map(|(r, e)| (Err(e), r)));
        }
    }
    out
}

/// Errors found inside a token (bad escapes), with their byte ranges.
pub type InnerErrors = Vec<(std::ops::Range<usize>, LexError)>;

/// Lexes the one item at byte `pos` of `src` (a position where the lexer
/// stopped): the token or error (None at the end of the text) and its
/// range; errors inside the token are appended to `errors`. The caller
/// keeps only the position between items, so it needs no lexer that
/// borrows the text.
#[inline]
pub fn item_at(
    src: &str,
    pos: usize,
    errors: &mut InnerErrors,
) -> (Option<Result<Tok, LexError>>, std::ops::Range<usize>) {
    let mut lexer = Tok::lexer_with_extras(src, std::mem::take(errors));
    lexer.bump(pos);
    let item = lexer.next();
    let span = lexer.span();
    *errors = lexer.extras;
    (item, span)
}

/// Lexes a file one physical line at a time (the preprocessor reads
/// directive lines and lines it skips this way; see [`item_at`] for the
/// others).
pub struct Lines<'s> {
    lexer: logos::Lexer<'s, Tok>,
}

impl<'s> Lines<'s> {
    pub fn new(src: &'s str) -> Lines<'s> {
        Lines {
            lexer: Tok::lexer(src),
        }
    }

    /// Starts at byte `pos` of `src` (a line start), spans still counted
    /// from the start of `src`.
    pub fn at(src: &'s str, pos: usize) -> Lines<'s> {
        let mut lexer = Tok::lexer(src);
        lexer.bump(pos);
        Lines { lexer }
    }

    /// Appends the items of the next line (as [`lex`] gives them, without
    /// the [`Tok::Eol`]) to `line`. Returns the byte offset just after the
    /// line's end, or `None` when the file ends without one.
    pub fn next_line(&mut self, line: &mut Vec<Lexed>) -> Option<usize> {
        loop {
            match self.next_item() {
                Ok(item) => line.push(item),
                Err(end) => return end,
            }
        }
    }

    /// The next item of the current line (as [`Lines::next_line`] would
    /// append it), or, at the line's end, `Err` with what `next_line`
    /// returns. Lets the caller take tokens without a line buffer.
    pub fn next_item(&mut self) -> Result<Lexed, Option<usize>> {
        if !self.lexer.extras.is_empty() {
            // Errors found inside the token just returned (rare).
            let (r, e) = self.lexer.extras.remove(0);
            return Ok((Err(e), r));
        }
        match self.lexer.next() {
            Some(Ok(Tok::Eol)) => Err(Some(self.lexer.span().end)),
            Some(t) => Ok((t, self.lexer.span())),
            None => Err(None),
        }
    }
}

impl Tok {
    /// Whether a line ending with this token continues on the next line.
    pub fn continues_line(&self) -> bool {
        use Tok::*;
        matches!(
            self,
            Plus | Minus
                | Star
                | Slash
                | Backslash
                | BitAnd
                | BitOr
                | Xor
                | Tilde
                | Shl
                | Shr
                | Eq
                | Ne
                | Lt
                | Gt
                | Le
                | Ge
                | Assign
                | Amp
                | ColonColon
                | Comma
                | Semi
                | From
                | For
                | Is
                | Retypes
                | Reshapes
                | After
                | And
                | Or
                | Not
                | RemW
                | PlusW
                | MinusW
                | TimesW
                | BitAndW
                | BitOrW
                | BitNotW
                | Size
        )
    }

    /// How the token is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Indent => "an indented block".into(),
            Tok::Dedent => "the end of the block".into(),
            Tok::Newline => "a new line".into(),
            Tok::Elided => "elided lines".into(),
            Tok::Eol => "end of line".into(),
            Tok::Ident(s) => format!("identifier `{s}`"),
            Tok::Int(_) | Tok::Hex(_) | Tok::Real(_) => "a number".into(),
            Tok::Byte(_) => "a byte literal".into(),
            Tok::Str(_) => "a string".into(),
            Tok::Directive(d) => format!("`#{d}`"),
            other => format!("`{}`", other.terminal()),
        }
    }

    /// The terminal name used in the grammar (source spelling for fixed
    /// tokens).
    pub fn terminal(&self) -> &'static str {
        use Tok::*;
        match self {
            Indent => "INDENT",
            Dedent => "DEDENT",
            Newline => "NEWLINE",
            Elided => "ELIDED",
            Eol => "EOL",
            Ident(_) => "name",
            Int(_) => "int",
            Hex(_) => "hex",
            Real(_) => "real",
            Byte(_) => "byte",
            Str(_) => "string",
            Directive(_) => "directive",
            After => "AFTER",
            Alt => "ALT",
            And => "AND",
            Any => "ANY",
            Asm => "ASM",
            At => "AT",
            BitAndW => "BITAND",
            BitNotW => "BITNOT",
            BitOrW => "BITOR",
            Bool => "BOOL",
            ByteKw => "BYTE",
            BytesIn => "BYTESIN",
            Case => "CASE",
            Chan => "CHAN",
            Data => "DATA",
            Else => "ELSE",
            False => "FALSE",
            For => "FOR",
            From => "FROM",
            Function => "FUNCTION",
            Guy => "GUY",
            If => "IF",
            In => "IN",
            Inline => "INLINE",
            IntKw => "INT",
            Int16 => "INT16",
            Int32 => "INT32",
            Int64 => "INT64",
            Is => "IS",
            MinusW => "MINUS",
            MostNeg => "MOSTNEG",
            MostPos => "MOSTPOS",
            Not => "NOT",
            Of => "OF",
            OffsetOf => "OFFSETOF",
            Or => "OR",
            Packed => "PACKED",
            Par => "PAR",
            Place => "PLACE",
            Placed => "PLACED",
            PlusW => "PLUS",
            Port => "PORT",
            Pri => "PRI",
            Proc => "PROC",
            Processor => "PROCESSOR",
            Protocol => "PROTOCOL",
            Real32 => "REAL32",
            Real64 => "REAL64",
            Record => "RECORD",
            RemW => "REM",
            Reshapes => "RESHAPES",
            Result => "RESULT",
            Retypes => "RETYPES",
            Round => "ROUND",
            Seq => "SEQ",
            Size => "SIZE",
            Skip => "SKIP",
            Stop => "STOP",
            Timer => "TIMER",
            TimesW => "TIMES",
            True => "TRUE",
            Trunc => "TRUNC",
            Type => "TYPE",
            Val => "VAL",
            Valof => "VALOF",
            Vecspace => "VECSPACE",
            While => "WHILE",
            Workspace => "WORKSPACE",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Backslash => "\\",
            BitAnd => "/\\",
            BitOr => "\\/",
            Xor => "><",
            Tilde => "~",
            Shl => "<<",
            Shr => ">>",
            Eq => "=",
            Ne => "<>",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            Assign => ":=",
            Query => "?",
            Bang => "!",
            Amp => "&",
            ColonColon => "::",
            LBracket => "[",
            RBracket => "]",
            LParen => "(",
            RParen => ")",
            Comma => ",",
            Semi => ";",
            Colon => ":",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Result<Tok, LexError>> {
        lex(src).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn lines_give_the_items_of_lex_line_by_line() {
        let src = "SEQ\n  x := \"a*qb\" -- c\n\n  y ! 1\nSKIP";
        let all = lex(src);
        let mut lines = Lines::new(src);
        let mut joined = Vec::new();
        let mut ends = Vec::new();
        loop {
            let mut line = Vec::new();
            let end = lines.next_line(&mut line);
            joined.append(&mut line);
            match end {
                Some(e) => ends.push(e),
                None => break,
            }
        }
        let without_eol: Vec<_> = all
            .into_iter()
            .filter(|(t, _)| *t != Ok(Tok::Eol))
            .collect();
        assert_eq!(joined, without_eol);
        // Each line end is the offset after its newline.
        assert_eq!(ends, vec![4, 23, 24, 32]);
    }

    #[test]
    fn keywords_names_and_dotted_identifiers() {
        assert_eq!(
            toks("SEQ so.write.string SEQ.x a_b"),
            vec![
                Ok(Tok::Seq),
                Ok(Tok::Ident("so.write.string".into())),
                Ok(Tok::Ident("SEQ.x".into())),
                Ok(Tok::Ident("a_b".into())),
            ]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("42 #FF #ff 1.5 1.0E+3 2.5e-2"),
            vec![
                Ok(Tok::Int(42)),
                Ok(Tok::Hex(255)),
                Ok(Tok::Hex(255)),
                Ok(Tok::Real("1.5".into())),
                Ok(Tok::Real("1.0E+3".into())),
                Ok(Tok::Real("2.5e-2".into())),
            ]
        );
        assert_eq!(
            toks("99999999999999999999 #123456789ABCDEF01"),
            vec![
                Ok(Tok::Int(u64::MAX)),
                Err(LexError::IntTooLarge),
                Ok(Tok::Hex(u64::MAX)),
                Err(LexError::IntTooLarge)
            ]
        );
    }

    #[test]
    fn directives_versus_hex() {
        assert_eq!(
            toks("#INCLUDE #DEFINE #ABC"),
            vec![
                Ok(Tok::Directive("INCLUDE".into())),
                Ok(Tok::Directive("DEFINE".into())),
                Ok(Tok::Hex(0xABC)),
            ]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#""a*nb*c*t*s*'*"***#41""#),
            vec![Ok(Tok::Str(b"a\nb\r\t '\"*A".to_vec().into()))]
        );
        assert_eq!(
            toks("\"abc*\n     *def\""),
            vec![Ok(Tok::Str(b"abcdef".to_vec().into()))]
        );
        assert_eq!(
            toks("\"abc\nx"),
            vec![
                Err(LexError::UnterminatedString),
                Ok(Tok::Eol),
                Ok(Tok::Ident("x".into()))
            ]
        );
        assert_eq!(
            toks("\"a*qb*#4\" x"),
            vec![
                Ok(Tok::Str(b"ab4".to_vec().into())),
                Err(LexError::BadEscape("q".into())),
                Err(LexError::BadEscape("#4\"".into())),
                Ok(Tok::Ident("x".into()))
            ]
        );
        assert_eq!(
            toks("\"abc*\n  def\""),
            vec![
                Err(LexError::BadContinuation),
                Ok(Tok::Ident("def".into())),
                Err(LexError::UnterminatedString)
            ]
        );
    }

    #[test]
    fn byte_literals() {
        assert_eq!(
            toks("'a' '*n' '*'' '*#7F'"),
            vec![
                Ok(Tok::Byte(b'a')),
                Ok(Tok::Byte(b'\n')),
                Ok(Tok::Byte(b'\'')),
                Ok(Tok::Byte(0x7f)),
            ]
        );
        assert_eq!(
            toks("'ab' x"),
            vec![
                Ok(Tok::Byte(b'a')),
                Err(LexError::UnterminatedByte),
                Ok(Tok::Ident("x".into()))
            ]
        );
    }

    #[test]
    fn operators_and_comments() {
        use Tok::*;
        assert_eq!(
            toks("+ - * / \\ /\\ \\/ >< ~ << >> = <> < > <= >= := ? ! & :: [ ] ( ) , ; : -- comment\n"),
            [
                Plus, Minus, Star, Slash, Backslash, BitAnd, BitOr, Xor, Tilde, Shl, Shr, Eq, Ne,
                Lt, Gt, Le, Ge, Assign, Query, Bang, Amp, ColonColon, LBracket, RBracket, LParen,
                RParen, Comma, Semi, Colon, Eol
            ]
            .into_iter()
            .map(Ok)
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn multibyte_characters_in_bad_literals_do_not_panic() {
        for src in ["'*é'", "'é'", "\"a*é\"", "\"*#é\"", "'aé", "\"abc*\n  é\""] {
            let _ = toks(src);
        }
    }

    #[test]
    fn unknown_characters_are_errors() {
        assert_eq!(
            toks("a @ b"),
            vec![
                Ok(Tok::Ident("a".into())),
                Err(LexError::UnknownChar),
                Ok(Tok::Ident("b".into()))
            ]
        );
    }
}
