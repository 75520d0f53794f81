//! Text assembler: Inmos mnemonics in, a symbolic [`Item`] list out.
//!
//! Syntax, one statement per line:
//! - `name:` defines a label (may share a line with an instruction);
//! - comments start with `;` or `--`;
//! - a direct function takes an expression: `ldc #987`, `ldc -31`, `ajw 20`;
//!   `j`, `cj` and `call` take a label (relative to the next instruction, as the
//!   hardware does); any other function given one label gets the label's absolute
//!   address, and `a - b` gives a label difference (e.g. `ldc data - here; ldpi`);
//! - `pfix n` / `nfix n` emit exactly one raw byte (n in 0..15);
//! - an operation or FPU operation is its mnemonic alone (`add`, `fpurp`); `opr n`
//!   executes operation number n;
//! - data: `.byte 1, #FF, "text"`, `.word expr`, `.align n`.
//!
//! Numbers are decimal, `#hex` or `0xhex`, optionally negative.

use super::{Item, Label, Operand};
use crate::table::{FpuOp, Func, Op};
use std::collections::HashMap;
use std::fmt;

/// A parsed assembly source: items plus the label names (indexed by [`Label`]).
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The program.
    pub items: Vec<Item>,
    /// Label names in index order.
    pub label_names: Vec<String>,
    /// Source line (1-based) of every item.
    pub lines: Vec<u32>,
}

/// An assembly error with its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses assembly text. All errors are collected.
pub fn parse(text: &str) -> Result<Source, Vec<ParseError>> {
    let mut p = Parser::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        if let Err(message) = p.line(raw, line) {
            p.errors.push(ParseError { line, message });
        }
    }
    for (name, &(label, line)) in &p.first_use {
        if !p.defined.contains_key(name) {
            p.errors.push(ParseError {
                line,
                message: format!("label `{name}` is never defined"),
            });
            let _ = label;
        }
    }
    if p.errors.is_empty() {
        Ok(p.src)
    } else {
        p.errors.sort_by_key(|e| e.line);
        Err(p.errors)
    }
}

#[derive(Default)]
struct Parser {
    src: Source,
    ids: HashMap<String, Label>,
    defined: HashMap<String, u32>,
    first_use: HashMap<String, (Label, u32)>,
    errors: Vec<ParseError>,
}

impl Parser {
    fn label(&mut self, name: &str) -> Label {
        if let Some(&l) = self.ids.get(name) {
            return l;
        }
        let l = Label(self.src.label_names.len() as u32);
        self.src.label_names.push(name.to_string());
        self.ids.insert(name.to_string(), l);
        l
    }

    fn push(&mut self, item: Item, line: u32) {
        self.src.items.push(item);
        self.src.lines.push(line);
    }

    fn line(&mut self, raw: &str, line: u32) -> Result<(), String> {
        let mut s = strip_comment(raw).trim();
        // Leading label definitions.
        while let Some(colon) = s.find(':') {
            let name = s[..colon].trim();
            if !is_ident(name) {
                break;
            }
            if let Some(prev) = self.defined.insert(name.to_string(), line) {
                return Err(format!("label `{name}` is already defined on line {prev}"));
            }
            let l = self.label(name);
            self.push(Item::Label(l), line);
            s = s[colon + 1..].trim();
        }
        if s.is_empty() {
            return Ok(());
        }
        let (word, rest) = match s.find(char::is_whitespace) {
            Some(i) => (&s[..i], s[i..].trim()),
            None => (s, ""),
        };
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            ".byte" => {
                let bytes = self.byte_list(rest)?;
                self.push(Item::Bytes(bytes), line);
            }
            ".word" => {
                for part in split_commas(rest) {
                    let op = self.expr(part, line, false)?;
                    self.push(Item::Word(op), line);
                }
            }
            ".align" => {
                let n = parse_number(rest).ok_or_else(|| format!("bad alignment `{rest}`"))?;
                if n <= 0 {
                    return Err("alignment must be positive".into());
                }
                self.push(Item::Align(n as u32), line);
            }
            "pfix" | "nfix" => {
                let f = Func::from_mnemonic(&lower).expect("pfix/nfix are in the table");
                let n =
                    parse_number(rest).ok_or_else(|| format!("`{lower}` needs a number 0..15"))?;
                if !(0..16).contains(&n) {
                    return Err(format!("`{lower} {n}`: a single prefix byte holds 0..15"));
                }
                self.push(Item::Raw(f, n as u8), line);
            }
            _ => {
                if let Some(f) = Func::from_mnemonic(&lower) {
                    if rest.is_empty() {
                        return Err(format!("`{lower}` needs an operand"));
                    }
                    let relative = matches!(f, Func::J | Func::Cj | Func::Call);
                    let op = self.expr(rest, line, relative)?;
                    self.push(Item::Direct(f, op), line);
                } else if let Some(op) = Op::from_mnemonic(&lower) {
                    no_operand(&lower, rest)?;
                    self.push(Item::Op(op), line);
                } else if let Some(op) = FpuOp::from_mnemonic(&lower) {
                    no_operand(&lower, rest)?;
                    self.push(Item::Fpu(op), line);
                } else {
                    return Err(format!("unknown instruction `{word}`"));
                }
            }
        }
        Ok(())
    }

    fn byte_list(&mut self, rest: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        for part in split_commas(rest) {
            let part = part.trim();
            if let Some(body) = part.strip_prefix('"') {
                let body = body.strip_suffix('"').ok_or("unterminated string")?;
                let mut chars = body.chars();
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        match chars.next() {
                            Some('n') => out.push(b'\n'),
                            Some('r') => out.push(b'\r'),
                            Some('t') => out.push(b'\t'),
                            Some('0') => out.push(0),
                            Some(c @ ('\\' | '"')) => out.push(c as u8),
                            other => {
                                return Err(format!("bad escape `\\{}`", other.unwrap_or(' ')))
                            }
                        }
                    } else if c.is_ascii() {
                        out.push(c as u8);
                    } else {
                        return Err(format!("non-ASCII character `{c}` in string"));
                    }
                }
            } else {
                let n = parse_number(part).ok_or_else(|| format!("bad byte `{part}`"))?;
                if !(-128..=255).contains(&n) {
                    return Err(format!("byte value {n} out of range"));
                }
                out.push(n as u8);
            }
        }
        Ok(out)
    }

    /// Parses `term (+|- term)*` into an operand.
    fn expr(&mut self, text: &str, line: u32, relative: bool) -> Result<Operand, String> {
        let mut constant: i64 = 0;
        let mut plus: Vec<Label> = Vec::new();
        let mut minus: Vec<Label> = Vec::new();
        for (sign, term) in split_terms(text)? {
            if let Some(n) = parse_number(term) {
                constant += sign * n;
            } else if is_ident(term) {
                let l = self.label(term);
                self.first_use.entry(term.to_string()).or_insert((l, line));
                if sign > 0 {
                    plus.push(l);
                } else {
                    minus.push(l);
                }
            } else {
                return Err(format!("bad operand `{term}`"));
            }
        }
        let k = i32::try_from(constant)
            .or_else(|_| u32::try_from(constant).map(|u| u as i32))
            .map_err(|_| format!("operand {constant} does not fit in 32 bits"))?;
        match (plus.as_slice(), minus.as_slice()) {
            ([], []) => Ok(Operand::Const(k)),
            ([l], []) if relative => Ok(Operand::Rel(*l, k)),
            ([l], []) => Ok(Operand::Abs(*l, k)),
            ([a], [b]) => Ok(Operand::Diff(*a, *b, k)),
            _ => Err(format!(
                "`{text}`: an operand may be a number, a label, or a label difference"
            )),
        }
    }
}

fn no_operand(m: &str, rest: &str) -> Result<(), String> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(format!("`{m}` takes no operand (found `{rest}`)"))
    }
}

fn strip_comment(s: &str) -> &str {
    let mut in_str = false;
    let b = s.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'"' => in_str = !in_str,
            b';' if !in_str => return &s[..i],
            b'-' if !in_str && b.get(i + 1) == Some(&b'-') => return &s[..i],
            _ => {}
        }
    }
    s
}

fn split_commas(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_str = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_str = !in_str,
            ',' if !in_str => {
                parts.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        parts.push(s[start..].trim());
    }
    parts
}

fn split_terms(s: &str) -> Result<Vec<(i64, &str)>, String> {
    let mut out = Vec::new();
    let mut sign = 1i64;
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err("missing operand".into());
    }
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('-') {
            sign = -sign;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix('+') {
            rest = r;
            continue;
        }
        let end = rest.find(['+', '-', ' ', '\t']).unwrap_or(rest.len());
        let term = &rest[..end];
        if term.is_empty() {
            return Err(format!("bad operand `{s}`"));
        }
        out.push((sign, term));
        rest = rest[end..].trim_start();
        if rest.is_empty() {
            return Ok(out);
        }
        sign = match rest.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(format!("bad operand `{s}`")),
        };
        rest = &rest[1..];
    }
}

fn parse_number(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let v = if let Some(h) = s.strip_prefix('#').or_else(|| s.strip_prefix("0x")) {
        i64::from_str_radix(h, 16).ok()?
    } else if s.bytes().all(|c| c.is_ascii_digit()) && !s.is_empty() {
        s.parse::<i64>().ok()?
    } else {
        return None;
    };
    if v > u32::MAX as i64 {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_' || ch == '.')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' || ch == '$')
        && !s.starts_with('.')
}

/// Parses and assembles text in one step.
pub fn assemble_text(
    text: &str,
    origin: u32,
) -> Result<(super::Assembled, Source), Vec<ParseError>> {
    let src = parse(text)?;
    let a = super::assemble(&src.items, src.label_names.len(), origin).map_err(|e| {
        vec![ParseError {
            line: 0,
            message: e.to_string(),
        }]
    })?;
    Ok((a, src))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> String {
        let (a, _) = assemble_text(text, 0x8000_0070).unwrap();
        a.code
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn worked_examples_assemble() {
        assert_eq!(hex("ldc #987"), "29 28 47");
        assert_eq!(hex("ldc -31"), "61 41");
        assert_eq!(hex("ladd"), "21 F6");
        assert_eq!(hex("add ; comment"), "F5");
        assert_eq!(hex("fpurp -- occam comment"), "44 2A FB");
        assert_eq!(hex("opr 5"), "F5");
        assert_eq!(hex("pfix 0\nldc 1"), "20 41");
    }

    #[test]
    fn labels_and_differences() {
        let text = "start: ldc data - here\n ldpi\nhere: j start\ndata: .byte \"hi\\n\", 0\n";
        // ldc 1; ldpi (2 bytes); j -6 -> `nfix 0; j 10`? -(3+2)=-5..: check by decode.
        let (a, src) = assemble_text(text, 0).unwrap();
        assert_eq!(src.label_names, vec!["start", "data", "here"]);
        let here = a.labels[2].unwrap();
        let data = a.labels[1].unwrap();
        assert_eq!(a.code[0], 0x40 | (data - here) as u8);
        assert_eq!(&a.code[data as usize..], b"hi\n\0");
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("ldc 1\nfrobnicate\nj nowhere\nadd 3\n").unwrap_err();
        let lines: Vec<u32> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert!(e[0].message.contains("unknown instruction"));
        assert!(e[1].message.contains("never defined"));
        assert!(parse("pfix 16").is_err());
        assert!(parse("a: a:").is_err());
    }

    #[test]
    fn every_mnemonic_assembles_and_disassembles_back() {
        use crate::disasm::disassemble;
        for op in Op::ALL.iter().filter(|o| **o != Op::Fpentry) {
            let (a, _) = assemble_text(op.mnemonic(), 0).unwrap();
            assert_eq!(disassemble(&a.code, 0)[0].text, op.mnemonic());
        }
        for op in FpuOp::ALL {
            let (a, _) = assemble_text(op.mnemonic(), 0).unwrap();
            assert_eq!(disassemble(&a.code, 0)[0].text, op.mnemonic());
        }
    }
}
