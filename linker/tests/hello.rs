//! The hand-built "write 'A' to link 0" program that end-to-end tests boot: its image
//! must disassemble to exactly the boot stub plus the PROC body.

use linker::fixtures::hello_object;
use linker::{link, Image, LinkOptions};
use t800_isa::disasm::disassemble;

fn hello(bare: bool) -> Image {
    let opts = LinkOptions {
        bare,
        ..LinkOptions::default()
    };
    let img = link(&[hello_object()], &opts).expect("links");
    // Through the file format too, as the emulator will read it.
    Image::from_bytes(&img.to_bytes(), "hello.tbo").expect("reads back")
}

fn listing(img: &Image) -> Vec<String> {
    disassemble(&img.code, img.origin)
        .into_iter()
        .map(|l| format!("{:08X} {}", l.addr, l.text))
        .collect()
}

/// main's body at `at`; sizes: ajw -1 = nfix 0; ajw 15 (2), ldc 65 (2), mint (2),
/// outbyte (1), ajw 1 (1), ret (2).
fn body(at: u32) -> Vec<String> {
    [
        (0, "ajw -1"),
        (2, "ldc 65"),
        (4, "mint"),
        (6, "outbyte"),
        (7, "ajw 1"),
        (8, "ret"),
    ]
    .iter()
    .map(|(o, t)| format!("{:08X} {t}", at + o))
    .collect()
}

#[test]
fn bare_hello_disassembles_to_stub_and_body() {
    let img = hello(true);
    // Code ends at #80000087, padded to #80000088. Workspace: stub W[0] + 4 call
    // words + main's 4 = 9 words, so ws_top = #80000088 + 32, vs_base = + 36.
    assert_eq!(img.code_end(), 0x8000_0088);
    assert_eq!(
        (img.ws_bytes, img.ws_top, img.vs_base),
        (36, 0x8000_00A8, 0x8000_00AC)
    );
    assert_eq!(img.mem_bytes, 0x18 + 36);
    let mut expected: Vec<String> = [
        "80000070 ldc 52", // ws_top #800000A8 - h1 #80000074
        "80000072 ldpi",
        "80000074 gajw",
        "80000076 ldc 50", // vs_base #800000AC - h2 #8000007A
        "80000078 ldpi",
        "8000007A call #8000007D",
        "8000007B stopp",
    ]
    .map(String::from)
    .to_vec();
    expected.extend(body(0x8000_007D));
    expected.push("80000087 .byte #20".to_string()); // Align(4) padding
    assert_eq!(listing(&img), expected);
    assert_eq!(img.line_at(0x8000_007D), Some(("hello.occ", 1)));
    assert_eq!(img.line_at(0x8000_0083), Some(("hello.occ", 2)));
    assert_eq!(img.line_at(0x8000_0085), Some(("hello.occ", 3)));
    assert_eq!(img.line_at(0x8000_0070), None);
    let name = |a| img.symbol_at(a).map(|s| s.name.clone());
    assert_eq!(name(0x8000_0081).as_deref(), Some("main"));
    assert_eq!(name(0x8000_0070).as_deref(), Some("(boot stub)"));
}

#[test]
fn full_hello_initialises_the_machine_first() {
    let img = hello(false);
    // Stub is 66 bytes (#80000070..#800000B2), main 10, code ends at #800000BC.
    assert_eq!(img.code_end(), 0x8000_00BC);
    assert_eq!((img.ws_top, img.vs_base), (0x8000_00DC, 0x8000_00E0));
    let mut expected: Vec<String> = [
        "80000070 ldc 104", // ws_top #800000DC - h1 #80000074
        "80000072 ldpi",
        "80000074 gajw",
        "80000076 mint",
        "80000078 sthf",
        "8000007A mint",
        "8000007C stlf",
        "8000007E mint",
        "80000080 stl 0",
    ]
    .map(String::from)
    .to_vec();
    for k in 0..11u32 {
        let a = 0x8000_0081 + 3 * k;
        expected.push(format!("{a:08X} ldl 0"));
        expected.push(format!("{:08X} ldl 0", a + 1));
        expected.push(format!("{:08X} stnl {k}", a + 2));
    }
    expected.extend(
        [
            "800000A2 ldc 0",
            "800000A3 sttimer",
            "800000A5 sethalterr",
            "800000A7 testerr",
            "800000A9 fptesterr",
            "800000AB ldc 49", // vs_base #800000E0 - h2 #800000AF
            "800000AD ldpi",
            "800000AF call #800000B2",
            "800000B0 stopp",
        ]
        .map(String::from),
    );
    expected.extend(body(0x8000_00B2));
    assert_eq!(listing(&img), expected);
}
