//! Hand-built programs for end-to-end tests that must not depend on the compiler.
//!
//! [`hello_object`] is `PROC main ()` writing the byte `'A'` to link 0: link 0's
//! output channel word is MostNeg (t800.md §3.7), so `ldc 'A'; mint; outbyte` sends
//! it. It keeps the return address in W[0] safe by moving Wptr down one word first,
//! since `outbyte` uses W[0] of the running process as its buffer.

use crate::builder::{Frame, ObjectBuilder};
use crate::object::{ErrorMode, Object, SymbolKind};
use t800_isa::asm::{Item, Operand};
use t800_isa::{Func, Op};

/// Unit `hello` (file `hello.occ`): exported PROC `main` writing `'A'` to link 0.
pub fn hello_object() -> Object {
    let mut b = ObjectBuilder::new("hello", ErrorMode::Halt);
    let file = b.add_file("hello.occ");
    let main = b.new_label();
    b.place(main);
    b.line_here(file, 1);
    b.push(Item::Direct(Func::Ajw, Operand::Const(-1)));
    b.line_here(file, 2);
    b.push(Item::Direct(Func::Ldc, Operand::Const(b'A' as i32)));
    b.push(Item::Op(Op::Mint));
    b.push(Item::Op(Op::Outbyte));
    b.line_here(file, 3);
    b.push(Item::Direct(Func::Ajw, Operand::Const(1)));
    b.push(Item::Op(Op::Ret));
    // One word of locals (outbyte's W[0]) plus the 3 scheduler slots of a process
    // that communicates (t800.md §3.2).
    let frame = Frame {
        ws_own: 4,
        ..Frame::default()
    };
    b.define_symbol("main", main, SymbolKind::Proc, true, frame);
    b.finish().expect("the hello fixture is a valid object")
}
