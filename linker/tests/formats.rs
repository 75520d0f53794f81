//! Serialization: round trips of every format, exact messages for classic corruptions,
//! and property tests that malformed input (random bytes, truncations, bit flips)
//! gives an error and never a panic — including when a mutated object still parses
//! and is linked.

mod common;

use common::{leaf, unit, unit_with, P};
use linker::{
    link, Call, Descriptor, ErrorMode, Frame, Image, Library, LinkError, LinkOptions, Object,
    ObjectBuilder, SymbolKind,
};
use proptest::prelude::*;
use t800_isa::asm::{Item, Label, Operand};
use t800_isa::{FpuOp, Func, Op};

/// An object using every item and operand form, symbol kind and binding.
fn rich_object() -> Object {
    let mut b = ObjectBuilder::new("rich", ErrorMode::Stop);
    let f = b.add_file("rich.occ");
    let g = b.add_file("inc/defs.inc");
    b.use_library("course");
    let p = b.new_label();
    let q = b.new_label();
    let data = b.new_label();
    let _unused = b.new_label();
    let ext = b.import("ext.proc", SymbolKind::Proc);
    b.place(p);
    b.line_here(f, 1);
    b.push(Item::Direct(Func::Ldc, Operand::Diff(data, p, -3)));
    b.push(Item::Direct(Func::J, Operand::Rel(q, 2)));
    b.push(Item::Raw(Func::Pfix, 15));
    b.push(Item::Op(Op::Ldpi));
    b.line_here(g, 7);
    b.push(Item::Fpu(FpuOp::ALL[0]));
    b.push(Item::Direct(Func::Call, Operand::Rel(ext, 0)));
    b.place(q);
    b.push(Item::Op(Op::Ret));
    b.push(Item::Align(4));
    b.place(data);
    b.push(Item::Word(Operand::Abs(q, 8)));
    b.push(Item::Word(Operand::Const(-5)));
    b.push(Item::Bytes(b"hello".to_vec()));
    let frame = Frame {
        ws_own: 9,
        vs_own: 16,
        calls: vec![
            Call {
                callee: ext,
                ws_offset: 7,
                vs_offset: 4,
            },
            Call {
                callee: q,
                ws_offset: 5,
                vs_offset: 0,
            },
        ],
    };
    b.define_symbol("rich.main", p, SymbolKind::Proc, true, frame);
    b.define_symbol("inner", q, SymbolKind::Function, false, Frame::default());
    b.define_symbol("table", data, SymbolKind::Data, true, Frame::default());
    b.describe(Descriptor {
        symbol: "rich.main".into(),
        header: "PROC rich.main (VAL INT n, []BYTE s, CHAN OF INT out!)".into(),
        ws_total: 27,
        vs_total: 16,
    });
    b.finish().unwrap()
}

fn image() -> Image {
    let main = unit(
        "a",
        &[P {
            name: "main",
            ws: 3,
            calls: &[("w", 4)],
            pad: 0,
        }],
    );
    link(&[main, unit("b", &[leaf("w", 2)])], &LinkOptions::default()).unwrap()
}

#[test]
fn object_round_trips() {
    let o = rich_object();
    // Unused labels are dropped; placed labels come first, imports last.
    assert_eq!(o.label_count, 4);
    assert_eq!(o.symbols[0].label, Label(3));
    let back = Object::from_bytes(&o.to_bytes(), "rich.tco").unwrap();
    assert_eq!(back, o);
}

#[test]
fn version_1_objects_still_load_without_descriptors() {
    let mut o = rich_object();
    o.descriptors.clear();
    let v2 = o.to_bytes();
    // Version 1: the 56-byte header, no descriptor count, no descriptor table.
    let mut v1 = v2[..56].to_vec();
    v1[4] = 1;
    v1.extend_from_slice(&v2[60..]);
    assert_eq!(Object::from_bytes(&v1, "old.tco").unwrap(), o);
}

#[test]
fn a_descriptor_must_name_an_exported_routine() {
    let mut o = rich_object();
    o.descriptors[0].symbol = "inner".into();
    let msg = Object::from_bytes(&o.to_bytes(), "d.tco")
        .unwrap_err()
        .to_string();
    assert_eq!(
        msg,
        "d.tco: corrupt input: unit `rich`: descriptor `inner` names no exported PROC or FUNCTION"
    );
}

#[test]
fn library_and_image_round_trip() {
    let lib = Library {
        members: vec![rich_object(), unit("m", &[leaf("main", 1)])],
    };
    assert_eq!(Library::from_bytes(&lib.to_bytes(), "x.lib").unwrap(), lib);
    let img = image();
    assert_eq!(Image::from_bytes(&img.to_bytes(), "x.tbo").unwrap(), img);
    let empty = Library::default();
    assert_eq!(
        Library::from_bytes(&empty.to_bytes(), "e.lib").unwrap(),
        empty
    );
}

#[test]
fn classic_corruptions_have_clear_messages() {
    let bytes = rich_object().to_bytes();
    let msg = |b: &[u8]| Object::from_bytes(b, "p.tco").unwrap_err().to_string();
    assert_eq!(
        msg(&bytes[..10]),
        "p.tco: corrupt input: truncated object header at byte 0 (need 56 bytes, 10 left)"
    );
    assert_eq!(
        msg(b"hello world, this is not an object file at all..........."),
        "p.tco: corrupt input: not a T800 object (bad magic)"
    );
    let mut v = bytes.clone();
    v[4] = 9;
    assert_eq!(
        msg(&v),
        "p.tco: corrupt input: object format version 9 is not supported (expected 1 to 2)"
    );
    let mut v = bytes.clone();
    v.push(0);
    assert_eq!(
        msg(&v),
        format!(
            "p.tco: corrupt input: 1 unexpected trailing bytes at byte {}",
            bytes.len()
        )
    );
    // A symbol count far beyond the file is rejected before allocating.
    let mut v = bytes.clone();
    v[36..40].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(msg(&v).contains("symbol table: 4294967295 records of 28 bytes exceed"));
    // An image is not an object, and vice versa.
    let img = image().to_bytes();
    assert_eq!(
        msg(&img),
        "p.tco: corrupt input: not a T800 object (bad magic)"
    );
    assert_eq!(
        Image::from_bytes(&bytes, "p.tbo").unwrap_err().to_string(),
        "p.tbo: corrupt input: not a T800 boot image (bad magic)"
    );
    let mut two = img.clone();
    two[8] = 2;
    assert_eq!(
        Image::from_bytes(&two, "n.tbo").unwrap_err().to_string(),
        "n.tbo: corrupt input: image holds 2 nodes; version 1 images hold exactly one"
    );
}

#[test]
fn rule_violations_in_a_well_formed_file_are_corrupt_input() {
    // A call to a label that is not a symbol: build a valid object, then edit it.
    let mut o = unit("u", &[leaf("main", 0), leaf("other", 0)]);
    o.symbols[0].calls.push(Call {
        callee: Label(7),
        ws_offset: 4,
        vs_offset: 0,
    });
    let e = Object::from_bytes(&o.to_bytes(), "u.tco").unwrap_err();
    assert_eq!(
        e.to_string(),
        "u.tco: corrupt input: unit `u`: `main` calls label 7, which is not a PROC or FUNCTION symbol"
    );
    let mut o = unit("u", &[leaf("main", 0)]);
    o.items.push(Item::Label(Label(0)));
    assert_eq!(
        o.validate().unwrap_err().to_string(),
        "unit `u`: item 2: label 0 placed twice"
    );
}

#[test]
fn builder_rejects_bad_programs() {
    let mut b = ObjectBuilder::new("bad", ErrorMode::Halt);
    let l = b.new_label();
    b.push(Item::Direct(Func::J, Operand::Rel(l, 0)));
    assert_eq!(
        b.finish().unwrap_err(),
        LinkError::invalid("bad", "item 0: label 0 is used but never placed")
    );
    let mut b = ObjectBuilder::new("bad", ErrorMode::Halt);
    let l = b.new_label();
    b.place(l);
    b.define_symbol("p", l, SymbolKind::Proc, true, Frame::default());
    b.define_symbol("p", l, SymbolKind::Proc, true, Frame::default());
    assert_eq!(
        b.finish().unwrap_err().to_string(),
        "unit `bad`: symbol `p`: label 0 names two symbols"
    );
    let mut b = ObjectBuilder::new("bad", ErrorMode::Halt);
    let l = b.new_label();
    let m = b.new_label();
    b.place(l);
    b.place(m);
    b.define_symbol("p", l, SymbolKind::Proc, true, Frame::default());
    b.define_symbol("p", m, SymbolKind::Proc, true, Frame::default());
    assert_eq!(
        b.finish().unwrap_err().to_string(),
        "unit `bad`: symbol `p` is declared twice"
    );
    let mut b = ObjectBuilder::new("bad", ErrorMode::Halt);
    let l = b.new_label();
    b.place(l);
    b.push(Item::Align(0));
    assert_eq!(
        b.finish().unwrap_err().to_string(),
        "unit `bad`: item 1: alignment 0 not in 1..=4096"
    );
}

fn valid_inputs() -> Vec<Vec<u8>> {
    let lib = Library {
        members: vec![unit("m", &[leaf("main", 1)]), rich_object()],
    };
    vec![rich_object().to_bytes(), lib.to_bytes(), image().to_bytes()]
}

/// Parses with every reader; links whatever objects parse. Must not panic.
fn exercise(bytes: &[u8]) {
    let o = Object::from_bytes(bytes, "f");
    let l = Library::from_bytes(bytes, "f");
    let i = Image::from_bytes(bytes, "f");
    if let Ok(img) = i {
        let _ = linker::dump::image(&img);
        let _ = linker::map::render(&img);
        let _ = img.line_at(img.origin);
    }
    let mut objs: Vec<Object> = o.into_iter().collect();
    if let Ok(lib) = l {
        let _ = linker::dump::library(&lib);
        objs.extend(lib.members);
    }
    for ob in &objs {
        let _ = linker::dump::object(ob);
    }
    let opts = LinkOptions::default();
    let _ = link(&objs, &opts);
    for ob in &objs {
        let helper = unit_with("h", ErrorMode::Universal, &[], &[leaf("ext.proc", 1)]);
        let _ = link(&[ob.clone(), helper], &opts);
    }
}

#[test]
fn every_truncation_is_an_error() {
    for v in valid_inputs() {
        for n in 0..v.len() {
            let cut = &v[..n];
            assert!(Object::from_bytes(cut, "t").is_err());
            assert!(Library::from_bytes(cut, "t").is_err());
            assert!(Image::from_bytes(cut, "t").is_err());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        exercise(&bytes);
    }

    #[test]
    fn random_bytes_after_a_valid_header_never_panic(
        which in 0usize..3,
        tail in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let v = &valid_inputs()[which];
        let mut b = v[..12.min(v.len())].to_vec();
        b.extend(tail);
        exercise(&b);
    }

    #[test]
    fn bit_flips_never_panic(
        which in 0usize..3,
        flips in proptest::collection::vec((any::<usize>(), 0u8..8), 1..4),
    ) {
        let mut v = valid_inputs()[which].clone();
        for (pos, bit) in flips {
            let n = v.len();
            v[pos % n] ^= 1 << bit;
        }
        exercise(&v);
    }

    #[test]
    fn byte_overwrites_never_panic(
        which in 0usize..3,
        pos in any::<usize>(),
        val in prop_oneof![Just(0u8), Just(0xFF), Just(0x7F), Just(0x80), any::<u8>()],
        len in 1usize..5,
    ) {
        let mut v = valid_inputs()[which].clone();
        let n = v.len();
        for k in 0..len {
            v[(pos + k) % n] = val;
        }
        exercise(&v);
    }
}
