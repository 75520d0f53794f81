//! Record layout: field offsets, size and alignment of `DATA TYPE … RECORD`.
//!
//! A RECORD starts every field on a word boundary and rounds its size up to
//! a word, so code generation can reach any field of any record (also in an
//! array of records) with aligned word access. A PACKED RECORD has no padding at all: fields follow each other byte by
//! byte, its alignment is 1, and code generation must access misaligned
//! fields bytewise.

use crate::ir::{Field, Type, TypeDef, TypeDefKind};
use crate::sema::types;

/// Lays out a record with fields `(name, type)` in declaration order.
pub(super) fn record(
    name: &str,
    fields: Vec<(String, Type)>,
    packed: bool,
    defs: &[TypeDef],
) -> TypeDef {
    let mut offset = 0u32;
    let mut align = 1u32;
    let mut out = Vec::new();
    for (fname, ty) in fields {
        let size = types::size_of(&ty, defs).unwrap_or(0);
        let a = if packed { 1 } else { types::WORD };
        offset = offset.next_multiple_of(a);
        align = align.max(a);
        out.push(Field {
            name: fname,
            ty,
            offset,
        });
        offset = offset.saturating_add(size);
    }
    TypeDef {
        name: name.to_string(),
        kind: TypeDefKind::Record {
            fields: out,
            packed,
        },
        size: offset.next_multiple_of(align),
        align,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(t: &TypeDef) -> Vec<u32> {
        match &t.kind {
            TypeDefKind::Record { fields, .. } => fields.iter().map(|f| f.offset).collect(),
            TypeDefKind::Alias(_) => Vec::new(),
        }
    }

    #[test]
    fn fields_are_word_aligned() {
        let t = record(
            "R",
            vec![
                ("b".into(), Type::Byte),
                ("i".into(), Type::Int),
                ("h".into(), Type::Int16),
                ("c".into(), Type::Byte),
            ],
            false,
            &[],
        );
        assert_eq!(offsets(&t), vec![0, 4, 8, 12]);
        assert_eq!((t.size, t.align), (16, 4));
    }

    #[test]
    fn packed_records_have_no_padding() {
        let t = record(
            "P",
            vec![("b".into(), Type::Byte), ("i".into(), Type::Int)],
            true,
            &[],
        );
        assert_eq!(offsets(&t), vec![0, 1]);
        assert_eq!((t.size, t.align), (5, 1));
    }

    #[test]
    fn record_size_is_whole_words() {
        let t = record(
            "B",
            vec![(
                "a".into(),
                Type::Array(Some(3), std::rc::Rc::new(Type::Byte)),
            )],
            false,
            &[],
        );
        assert_eq!((t.size, t.align), (4, 4));
    }
}
