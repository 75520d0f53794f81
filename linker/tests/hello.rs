//! The hand-built "write 'A' to link 0" program that end-to-end tests can boot: its
//! image must disassemble to exactly the stub plus `ldc 65; mint; outbyte; ret`.

use linker::{link, ErrorMode, Frame, Image, LinkOptions, ObjectBuilder, SymbolKind};
use t800_isa::asm::{Item, Operand};
use t800_isa::disasm::disassemble;
use t800_isa::{Func, Op};

/// `PROC main() -- writes 'A' to link 0`, built directly from items.
pub fn hello_image(bare: bool) -> Image {
    let mut b = ObjectBuilder::new("hello", ErrorMode::Halt);
    let file = b.add_file("hello.occ");
    let main = b.new_label();
    b.place(main);
    b.line_here(file, 2);
    b.push(Item::Direct(Func::Ldc, Operand::Const(b'A' as i32)));
    b.push(Item::Op(Op::Mint));
    b.push(Item::Op(Op::Outbyte));
    b.line_here(file, 3);
    b.push(Item::Op(Op::Ret));
    // outbyte uses W[0]; the process needs its scheduler slots below Wptr (3 words
    // for a process using channels, t800.md §3.2) plus W[0] itself.
    let frame = Frame {
        ws_own: 3,
        ..Frame::default()
    };
    b.define_symbol("main", main, SymbolKind::Proc, true, frame);
    let obj = b.finish().expect("valid object");
    let opts = LinkOptions {
        bare,
        ..LinkOptions::default()
    };
    link(&[obj], &opts).expect("links")
}

fn listing(img: &Image) -> Vec<String> {
    disassemble(&img.code, img.origin)
        .into_iter()
        .map(|l| format!("{:08X} {}", l.addr, l.text))
        .collect()
}

#[test]
fn bare_hello_disassembles_to_stub_and_body() {
    let img = hello_image(true);
    // Workspace: stub W[0] + 4 call words + main's 3 = 8 words.
    assert_eq!(img.ws_bytes, 32);
    let end = img.code_end();
    assert_eq!(img.ws_top, end + 28);
    assert_eq!(img.vs_base, end + 32);
    // Sizes by hand: ldc 44 / ldc 42 / ldc 65 take a pfix; ldpi, gajw, mint, stopp
    // and ret are two-byte operations; outbyte (#E) and the call fit one byte.
    assert_eq!(end, 0x8000_0084);
    let expected = [
        "80000070 ldc 44", // ws_top #800000A0 - h1 #80000074
        "80000072 ldpi",
        "80000074 gajw",
        "80000076 ldc 42", // vs_base #800000A4 - h2 #8000007A
        "80000078 ldpi",
        "8000007A call #8000007D",
        "8000007B stopp",
        "8000007D ldc 65",
        "8000007F mint",
        "80000081 outbyte",
        "80000082 ret",
    ];
    let got = listing(&img);
    assert_eq!(got, expected);
    assert_eq!(img.line_at(0x8000_007D), Some(("hello.occ", 2)));
    assert_eq!(img.line_at(0x8000_0081), Some(("hello.occ", 2)));
    assert_eq!(img.line_at(0x8000_0082), Some(("hello.occ", 3)));
    assert_eq!(img.line_at(0x8000_0070), None);
    assert_eq!(
        img.symbol_at(0x8000_007F).map(|s| s.name.as_str()),
        Some("main")
    );
    assert_eq!(
        img.symbol_at(0x8000_0070).map(|s| s.name.as_str()),
        Some("(boot stub)")
    );
    assert_eq!(img.mem_bytes, 0x14 + 32);
}
