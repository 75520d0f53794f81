//! Benchmark programs, shared by `cargo bench` and `transputer bench`, written in
//! assembly so they exercise exactly what the emulator runs for compiled code.

use t800_isa::asm::parse::assemble_text;
use t800_isa::consts::MEM_START;

/// A compute-bound loop of `n` iterations (10 instructions each plus the loop
/// control): loads, stores, adds, a logical op, a conditional and a jump.
pub fn compute_loop_source(n: u32) -> String {
    format!(
        "    ajw 8
    ldc {n}
    stl 1          ; count
    ldc 0
    stl 2          ; sum
loop:
    ldl 1
    adc -1
    stl 1
    ldl 2
    ldl 1
    sum
    ldc #5A5
    xor
    stl 2
    ldl 1
    cj done
    j loop
done:
    stopp
"
    )
}

/// Two low-priority processes exchanging `n` words each way over two soft channels
/// (`outword` one way, `in` of 4 bytes the other), started with `startp`.
pub fn ping_pong_source(n: u32) -> String {
    format!(
        "    ajw 8
    mint
    stl 1          ; channel a
    mint
    stl 2          ; channel b
    ldc {n}
    stl 3          ; count
    ldc child - here
    ldlp 40
    startp
here:
mloop:
    ldl 3
    ldlp 1
    outword        ; a ! count
    ldlp 5
    ldlp 2
    ldc 4
    in             ; b ? reply
    ldl 3
    adc -1
    stl 3
    ldl 3
    cj mdone
    j mloop
mdone:
    stopp
child:
    ldc {n}
    stl 1
cloop:
    ldlp 2
    ldlp -39
    ldc 4
    in             ; a ? x
    ldl 2
    ldlp -38
    outword        ; b ! x
    ldl 1
    adc -1
    stl 1
    ldl 1
    cj cdone
    j cloop
cdone:
    stopp
"
    )
}

/// Assembles one of the sources above for loading at MemStart.
pub fn assemble(source: &str) -> Vec<u8> {
    match assemble_text(source, MEM_START) {
        Ok((a, _)) => a.code,
        Err(e) => panic!("built-in benchmark program does not assemble: {e:?}"),
    }
}
