//! The T800 instruction set, defined once.
//!
//! Every direct function, every `opr` operation and every `fpentry` selector is one row
//! of the macro tables below: mnemonic, code, datasheet cycle formula, flags and a doc
//! line. The encoder, decoder, disassembler, assembler, the compiler's code generator,
//! the linker and the emulator all expand or query these rows; nothing else in the
//! project spells out an opcode number.
//!
//! Cycle counts follow the IMS T800 datasheet summary (t800.md §1–2). Where a cost
//! depends on the operands (`2w+19`, `n+2`, …) the row carries the formula text and the
//! `base` term; the emulator computes the variable part from the operands and a test
//! pins each formula.
//!
//! Decisions where the transcription is unclear (t800.md §2, pinned by tests):
//! - `mul` costs 40 and `fmul` 38, the T800 figures as transcribed.
//! - FPU `a/b` figures: for the four arithmetic rows (`fpadd`…`fpdiv`), which print
//!   `typical/max` for single and for double, we charge the *typical* figure of each
//!   length (`base`, `base_double`). For length-generic rows with one pair (`fpgt 4/6`)
//!   the pair is single/double. For single- or double-only rows (`…sn`, `…db`,
//!   `fpi32tor32`) the pair is typical/max and we charge the typical figure.

/// Behaviour flags of an instruction, from the datasheet's D/E/F columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Flags(u8);

impl Flags {
    /// No flags.
    pub const NONE: Flags = Flags(0);
    /// D: a descheduling point (A, B, C are undefined afterwards).
    pub const DESCHED: Flags = Flags(1);
    /// E: can set the Error flag.
    pub const ERROR: Flags = Flags(2);
    /// F: can set the FP error flag.
    pub const FP_ERROR: Flags = Flags(4);

    /// Union of two flag sets.
    pub const fn with(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }
    /// True when every flag of `other` is set in `self`.
    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }
    /// Parses the compact spelling used in the tables ("", "D", "E", "DE", "F", …).
    pub const fn from_letters(s: &str) -> Flags {
        let b = s.as_bytes();
        let mut f = 0u8;
        let mut i = 0;
        while i < b.len() {
            f |= match b[i] {
                b'D' => 1,
                b'E' => 2,
                b'F' => 4,
                _ => 0,
            };
            i += 1;
        }
        Flags(f)
    }
}

/// Static description of one instruction (direct function, operation or FPU selector).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    /// Inmos mnemonic, lower case.
    pub mnemonic: &'static str,
    /// Function nibble (direct), operation number (`opr`) or selector (`fpentry`).
    pub code: u16,
    /// Datasheet cycle formula as printed (e.g. `"2w+19"`, `"6/9"`).
    pub cycles: &'static str,
    /// Fixed part of the cycle count (the whole count when the formula is a number;
    /// the single-length figure for FPU rows).
    pub base: u32,
    /// Double-length figure for FPU rows that list one; equal to `base` otherwise.
    pub base_double: u32,
    /// D / E / F flags.
    pub flags: Flags,
    /// One-line description.
    pub doc: &'static str,
}

/// Expands `$m!` with every direct function row:
/// `(code, Variant, "mnemonic", "cycles", base, "flags", "doc")`.
#[macro_export]
macro_rules! for_each_direct {
    ($m:ident) => {
        $m! {
            (0x0, J, "j", "3", 3, "D", "jump: Iptr := next + n; timeslice point"),
            (0x1, Ldlp, "ldlp", "1", 1, "", "load local pointer: push Wptr + 4n"),
            (0x2, Pfix, "pfix", "1", 1, "", "prefix: Oreg := (Oreg | n) << 4"),
            (0x3, Ldnl, "ldnl", "2", 2, "", "load non-local: A := word[A + 4n]"),
            (0x4, Ldc, "ldc", "1", 1, "", "load constant: push n"),
            (0x5, Ldnlp, "ldnlp", "1", 1, "", "load non-local pointer: A := A + 4n"),
            (0x6, Nfix, "nfix", "1", 1, "", "negative prefix: Oreg := ~(Oreg | n) << 4"),
            (0x7, Ldl, "ldl", "2", 2, "", "load local: push word[Wptr + 4n]"),
            (0x8, Adc, "adc", "1", 1, "E", "add constant: A := A + n, checked"),
            (0x9, Call, "call", "7", 7, "", "call: push Iptr,A,B,C below Wptr; Iptr := next + n"),
            (0xA, Cj, "cj", "2/4", 2, "", "conditional jump if A = 0 (taken: 4 cycles, A kept)"),
            (0xB, Ajw, "ajw", "1", 1, "", "adjust workspace: Wptr := Wptr + 4n"),
            (0xC, Eqc, "eqc", "2", 2, "", "equals constant: A := (A = n)"),
            (0xD, Stl, "stl", "1", 1, "", "store local: word[Wptr + 4n] := A; pop"),
            (0xE, Stnl, "stnl", "2", 2, "", "store non-local: word[A + 4n] := B; pop two"),
            (0xF, Opr, "opr", "-", 0, "", "operate: execute operation Oreg"),
        }
    };
}

/// Expands `$m!` with every T800 operation row (executed by `opr`):
/// `(code, Variant, "mnemonic", "cycles", base, base_double, "flags", "doc")`.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            // 2.1 arithmetic and logic
            (0x46, And, "and", "1", 1, 1, "", "A := B AND A"),
            (0x4B, Or, "or", "1", 1, 1, "", "A := B OR A"),
            (0x33, Xor, "xor", "1", 1, 1, "", "A := B XOR A"),
            (0x32, Not, "not", "1", 1, 1, "", "A := NOT A"),
            (0x41, Shl, "shl", "n+2", 2, 2, "", "A := B << A (logical)"),
            (0x40, Shr, "shr", "n+2", 2, 2, "", "A := B >> A (logical)"),
            (0x05, Add, "add", "1", 1, 1, "E", "A := B + A, checked"),
            (0x0C, Sub, "sub", "1", 1, 1, "E", "A := B - A, checked"),
            (0x53, Mul, "mul", "40", 40, 40, "E", "A := B * A, checked"),
            (0x72, Fmul, "fmul", "38", 38, 38, "E", "fractional multiply, rounded"),
            (0x2C, Div, "div", "39", 39, 39, "E", "A := B / A, checked"),
            (0x1F, Rem, "rem", "37", 37, 37, "E", "A := B REM A, checked"),
            (0x09, Gt, "gt", "2", 2, 2, "", "A := (B > A) signed"),
            (0x04, Diff, "diff", "1", 1, 1, "", "A := B - A unchecked"),
            (0x52, Sum, "sum", "1", 1, 1, "", "A := B + A unchecked"),
            (0x08, Prod, "prod", "b+4", 4, 4, "", "A := B * A unchecked"),
            // 2.2 long arithmetic
            (0x16, Ladd, "ladd", "2", 2, 2, "E", "A := B + A + C.0, checked"),
            (0x38, Lsub, "lsub", "2", 2, 2, "E", "A := B - A - C.0, checked"),
            (0x37, Lsum, "lsum", "2", 2, 2, "", "A := low(B + A + C.0); B := carry"),
            (0x4F, Ldiff, "ldiff", "2", 2, 2, "", "A := low(B - A - C.0); B := borrow"),
            (0x31, Lmul, "lmul", "33", 33, 33, "", "(B * A + C): A := low, B := high"),
            (0x1A, Ldiv, "ldiv", "35", 35, 35, "E", "(C:B) / A: A := quotient, B := remainder"),
            (0x36, Lshl, "lshl", "n+3/n-28", 3, 3, "", "(C:B) << A: A := low, B := high"),
            (0x35, Lshr, "lshr", "n+3/n-28", 3, 3, "", "(C:B) >> A: A := low, B := high"),
            (0x19, Norm, "norm", "n+5/n-26/3", 5, 5, "", "normalise (B:A); C := places shifted"),
            // 2.3 general and conversion
            (0x00, Rev, "rev", "1", 1, 1, "", "swap A and B"),
            (0x5A, Dup, "dup", "1", 1, 1, "", "push A"),
            (0x42, Mint, "mint", "1", 1, 1, "", "push MostNeg (#80000000)"),
            (0x3A, Xword, "xword", "4", 4, 4, "", "sign-extend B from the bit given by A"),
            (0x56, Cword, "cword", "5", 5, 5, "E", "check B fits the part-word given by A"),
            (0x1D, Xdble, "xdble", "2", 2, 2, "", "sign-extend A into (B:A)"),
            (0x4C, Csngl, "csngl", "3", 3, 3, "E", "check (B:A) fits one word"),
            // 2.4 memory, indexing, block move
            (0x02, Bsub, "bsub", "1", 1, 1, "", "A := A + B"),
            (0x0A, Wsub, "wsub", "2", 2, 2, "", "A := A + 4B"),
            (0x81, Wsubdb, "wsubdb", "3", 3, 3, "", "A := A + 8B"),
            (0x34, Bcnt, "bcnt", "2", 2, 2, "", "A := 4A"),
            (0x3F, Wcnt, "wcnt", "5", 5, 5, "", "A := A >> 2 (arithmetic); B := A AND 3"),
            (0x01, Lb, "lb", "5", 5, 5, "", "A := byte[A]"),
            (0x3B, Sb, "sb", "4", 4, 4, "", "byte[A] := B; pop two"),
            (0x4A, Move, "move", "2w+8", 8, 8, "", "copy A bytes from C to B"),
            (0x1B, Ldpi, "ldpi", "2", 2, 2, "", "A := next + A"),
            (0x5B, Move2dinit, "move2dinit", "8", 8, 8, "", "latch 2D move strides and row count"),
            (0x5C, Move2dall, "move2dall", "(2p+23)r", 23, 23, "", "2D block copy"),
            (0x5D, Move2dnonzero, "move2dnonzero", "(2p+23)r", 23, 23, "", "2D copy of non-zero bytes"),
            (0x5E, Move2dzero, "move2dzero", "(2p+23)r", 23, 23, "", "2D copy of zero bytes"),
            // 2.5 control
            (0x20, Ret, "ret", "5", 5, 5, "", "return: Iptr := W[0]; Wptr += 16"),
            (0x06, Gcall, "gcall", "4", 4, 4, "", "general call: swap A and Iptr"),
            (0x3C, Gajw, "gajw", "2", 2, 2, "", "general adjust workspace: swap A and Wptr"),
            (0x21, Lend, "lend", "10/5", 10, 5, "D", "loop end (10 looping, 5 exit); timeslice point"),
            // 2.6 channels
            (0x07, In, "in", "2w+19", 19, 19, "D", "input A bytes from channel B to C"),
            (0x0B, Out, "out", "2w+19", 19, 19, "D", "output A bytes to channel B from C"),
            (0x0E, Outbyte, "outbyte", "23", 23, 23, "D", "output byte A on channel B"),
            (0x0F, Outword, "outword", "23", 23, 23, "D", "output word A on channel B"),
            (0x12, Resetch, "resetch", "3", 3, 3, "", "reset channel A; A := old channel word"),
            // 2.7 ALT
            (0x43, Alt, "alt", "2", 2, 2, "", "start ALT: State.s := Enabling.p"),
            (0x4E, Talt, "talt", "4", 4, 4, "", "start timer ALT"),
            (0x49, Enbs, "enbs", "3", 3, 3, "", "enable SKIP guard"),
            (0x48, Enbc, "enbc", "7/5", 7, 5, "", "enable channel guard (7 ready, 5 not)"),
            (0x47, Enbt, "enbt", "8", 8, 8, "", "enable timer guard"),
            (0x44, Altwt, "altwt", "5/17", 5, 17, "D", "ALT wait (5 ready, 17 not)"),
            (0x51, Taltwt, "taltwt", "15/48", 15, 48, "D", "timer ALT wait (15 time past, 48 future)"),
            (0x30, Diss, "diss", "4", 4, 4, "", "disable SKIP guard"),
            (0x2F, Disc, "disc", "8", 8, 8, "", "disable channel guard"),
            (0x2E, Dist, "dist", "23", 23, 23, "", "disable timer guard"),
            (0x45, Altend, "altend", "4", 4, 4, "", "end ALT: Iptr := next + W[0]"),
            // 2.8 processes, timers, queues
            (0x0D, Startp, "startp", "12", 12, 12, "D", "start process: Wptr A, Iptr next + B"),
            (0x03, Endp, "endp", "13", 13, 13, "D", "end process (join block in A)"),
            (0x39, Runp, "runp", "10", 10, 10, "", "run process with descriptor A"),
            (0x15, Stopp, "stopp", "11", 11, 11, "", "stop current process"),
            (0x1E, Ldpri, "ldpri", "1", 1, 1, "", "push current priority"),
            (0x22, Ldtimer, "ldtimer", "2", 2, 2, "", "push current-priority clock"),
            (0x2B, Tin, "tin", "30/4", 30, 4, "D", "timer input: wait until clock AFTER A"),
            (0x54, Sttimer, "sttimer", "1", 1, 1, "", "set both clocks to A and start them"),
            (0x18, Sthf, "sthf", "1", 1, 1, "", "high-priority queue front := A"),
            (0x50, Sthb, "sthb", "1", 1, 1, "", "high-priority queue back := A"),
            (0x1C, Stlf, "stlf", "1", 1, 1, "", "low-priority queue front := A"),
            (0x17, Stlb, "stlb", "1", 1, 1, "", "low-priority queue back := A"),
            (0x3E, Saveh, "saveh", "4", 4, 4, "", "save high queue registers at A"),
            (0x3D, Savel, "savel", "4", 4, 4, "", "save low queue registers at A"),
            (0x2A, Testpranal, "testpranal", "2", 2, 2, "", "push analyse flag"),
            // 2.9 error handling
            (0x13, Csub0, "csub0", "2", 2, 2, "E", "check subscript: Error if B >= A unsigned"),
            (0x4D, Ccnt1, "ccnt1", "3", 3, 3, "E", "check count: Error if B = 0 or B > A"),
            (0x29, Testerr, "testerr", "2/3", 2, 3, "", "push NOT Error; clear Error"),
            (0x10, Seterr, "seterr", "1", 1, 1, "E", "set Error"),
            (0x55, Stoperr, "stoperr", "2", 2, 2, "D", "stop process if Error is set"),
            (0x57, Clrhalterr, "clrhalterr", "1", 1, 1, "", "clear HaltOnError"),
            (0x58, Sethalterr, "sethalterr", "1", 1, 1, "", "set HaltOnError"),
            (0x59, Testhalterr, "testhalterr", "2", 2, 2, "", "push HaltOnError"),
            // 2.10 CRC and bits
            (0x74, Crcword, "crcword", "35", 35, 35, "", "CRC of word A into B with generator C"),
            (0x75, Crcbyte, "crcbyte", "11", 11, 11, "", "CRC of top byte of A into B with generator C"),
            (0x76, Bitcnt, "bitcnt", "b+2", 2, 2, "", "A := popcount(A) + B"),
            (0x77, Bitrevword, "bitrevword", "36", 36, 36, "", "reverse the bits of A"),
            (0x78, Bitrevnbits, "bitrevnbits", "n+4", 4, 4, "", "reverse the low A bits of B"),
            // 2.11 FPU
            (0xAB, Fpentry, "fpentry", "1", 1, 1, "", "FPU operation selected by A"),
            (0xA3, Fpdup, "fpdup", "1", 1, 1, "", "duplicate FA"),
            (0xA4, Fprev, "fprev", "1", 1, 1, "", "swap FA and FB"),
            (0x87, Fpadd, "fpadd", "6/9,6/9", 6, 6, "F", "FA := FB + FA"),
            (0x89, Fpsub, "fpsub", "6/9,6/9", 6, 6, "F", "FA := FB - FA"),
            (0x8B, Fpmul, "fpmul", "11/13,18/27", 11, 18, "F", "FA := FB * FA"),
            (0x8C, Fpdiv, "fpdiv", "16/28,31/43", 16, 31, "F", "FA := FB / FA"),
            (0x8F, Fpremfirst, "fpremfirst", "36/46", 36, 46, "F", "first step of IEEE remainder"),
            (0x90, Fpremstep, "fpremstep", "32/36", 32, 36, "", "further step of IEEE remainder"),
            (0x94, Fpgt, "fpgt", "4/6", 4, 6, "F", "A := FB > FA; pop both"),
            (0x95, Fpeq, "fpeq", "3/5", 3, 5, "F", "A := FB = FA; pop both"),
            (0x92, Fpordered, "fpordered", "3/4", 3, 4, "", "A := neither FA nor FB is NaN"),
            (0x91, Fpnan, "fpnan", "2/3", 2, 3, "", "A := FA is NaN"),
            (0x93, Fpnotfinite, "fpnotfinite", "2/2", 2, 2, "", "A := FA is infinite or NaN"),
            (0x96, Fpi32tor32, "fpi32tor32", "8/10", 8, 8, "", "push REAL32 of INT32 at A"),
            (0x98, Fpi32tor64, "fpi32tor64", "8/10", 8, 8, "", "push REAL64 of INT32 at A"),
            (0x9A, Fpb32tor64, "fpb32tor64", "8/8", 8, 8, "", "push REAL64 of unsigned word at A"),
            (0x8E, Fpldnlsn, "fpldnlsn", "2", 2, 2, "", "push REAL32 at A"),
            (0x8A, Fpldnldb, "fpldnldb", "3", 3, 3, "", "push REAL64 at A"),
            (0x86, Fpldnlsni, "fpldnlsni", "4", 4, 4, "", "push REAL32 at A + 4B"),
            (0x82, Fpldnldbi, "fpldnldbi", "6", 6, 6, "", "push REAL64 at A + 8B"),
            (0x9F, Fpldzerosn, "fpldzerosn", "2", 2, 2, "", "push REAL32 zero"),
            (0xA0, Fpldzerodb, "fpldzerodb", "2", 2, 2, "", "push REAL64 zero"),
            (0xAA, Fpldnladdsn, "fpldnladdsn", "8/11", 8, 8, "F", "FA := FA + REAL32 at A"),
            (0xA6, Fpldnladddb, "fpldnladddb", "9/12", 9, 9, "F", "FA := FA + REAL64 at A"),
            (0xAC, Fpldnlmulsn, "fpldnlmulsn", "13/20", 13, 13, "F", "FA := FA * REAL32 at A"),
            (0xA8, Fpldnlmuldb, "fpldnlmuldb", "21/30", 21, 21, "F", "FA := FA * REAL64 at A"),
            (0x88, Fpstnlsn, "fpstnlsn", "2", 2, 2, "", "store FA as REAL32 at A; pop"),
            (0x84, Fpstnldb, "fpstnldb", "3", 3, 3, "", "store FA as REAL64 at A; pop"),
            (0x9E, Fpstnli32, "fpstnli32", "4", 4, 4, "", "store FA as INT32 at A; pop"),
            (0x83, Fpchkerr, "fpchkerr", "1", 1, 1, "E", "Error := Error OR FP error"),
            (0x9C, Fptesterr, "fptesterr", "2", 2, 2, "F", "push NOT FP error; clear it"),
            (0x9D, Fprtoi32, "fprtoi32", "7/9", 7, 9, "F", "round FA to an integer in INT32 range"),
            (0xA1, Fpint, "fpint", "5/6", 5, 6, "F", "round FA to an integral value"),
        }
    };
}

/// Expands `$m!` with every FPU selector row (`ldc code; fpentry`):
/// `(code, Variant, "mnemonic", "cycles", base, base_double, "flags", "doc")`.
#[macro_export]
macro_rules! for_each_fpu {
    ($m:ident) => {
        $m! {
            (0x01, Fpusqrtfirst, "fpusqrtfirst", "27/29", 27, 29, "F", "first step of square root"),
            (0x02, Fpusqrtstep, "fpusqrtstep", "42/42", 42, 42, "", "middle step of square root"),
            (0x03, Fpusqrtlast, "fpusqrtlast", "8/9", 8, 9, "", "last step of square root"),
            (0x04, Fpurp, "fpurp", "1", 1, 1, "", "next operation rounds towards +infinity"),
            (0x05, Fpurm, "fpurm", "1", 1, 1, "", "next operation rounds towards -infinity"),
            (0x06, Fpurz, "fpurz", "1", 1, 1, "", "next operation rounds towards zero"),
            (0x07, Fpur32tor64, "fpur32tor64", "3/4", 3, 4, "F", "widen REAL32 FA to REAL64"),
            (0x08, Fpur64tor32, "fpur64tor32", "6/9", 6, 9, "F", "narrow REAL64 FA to REAL32"),
            (0x09, Fpuexpdec32, "fpuexpdec32", "6/9", 6, 9, "F", "FA := FA / 2^32"),
            (0x0A, Fpuexpinc32, "fpuexpinc32", "6/9", 6, 9, "F", "FA := FA * 2^32"),
            (0x0B, Fpuabs, "fpuabs", "2/2", 2, 2, "F", "FA := |FA|"),
            (0x0D, Fpunoround, "fpunoround", "2/2", 2, 2, "", "narrow REAL64 FA to REAL32 without rounding"),
            (0x0E, Fpuchki32, "fpuchki32", "3/4", 3, 4, "F", "FP error if FA is out of INT32 range"),
            (0x0F, Fpuchki64, "fpuchki64", "3/4", 3, 4, "F", "FP error if FA is out of INT64 range"),
            (0x11, Fpudivby2, "fpudivby2", "6/9", 6, 9, "F", "FA := FA / 2"),
            (0x12, Fpumulby2, "fpumulby2", "6/9", 6, 9, "F", "FA := FA * 2"),
            (0x22, Fpurn, "fpurn", "1", 1, 1, "", "next operation rounds to nearest"),
            (0x23, Fpuseterr, "fpuseterr", "1", 1, 1, "F", "set FP error"),
            (0x9C, Fpuclrerr, "fpuclrerr", "1", 1, 1, "F", "clear FP error"),
        }
    };
}

macro_rules! define_direct {
    ($(($code:expr, $name:ident, $mn:expr, $cyc:expr, $base:expr, $flags:expr, $doc:expr),)*) => {
        /// The 16 direct functions (high nibble of an instruction byte).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Func { $(#[doc = $doc] $name = $code,)* }

        impl Func {
            /// All direct functions in code order.
            pub const ALL: [Func; 16] = [$(Func::$name,)*];
            /// The function for a nibble (only the low 4 bits are used).
            #[inline]
            pub const fn from_nibble(n: u8) -> Func { Func::ALL[(n & 15) as usize] }
            /// The function nibble.
            #[inline]
            pub const fn code(self) -> u8 { self as u8 }
            /// Static table row.
            pub const fn info(self) -> &'static Info {
                match self { $(Func::$name => {
                    const INFO: Info = Info {
                        mnemonic: $mn, code: $code, cycles: $cyc, base: $base, base_double: $base,
                        flags: Flags::from_letters($flags), doc: $doc };
                    &INFO
                })* }
            }
            /// Inmos mnemonic.
            pub const fn mnemonic(self) -> &'static str { self.info().mnemonic }
            /// Looks a direct function up by mnemonic.
            pub fn from_mnemonic(s: &str) -> Option<Func> {
                match s { $($mn => Some(Func::$name),)* _ => None }
            }
        }
    };
}

macro_rules! define_ops {
    (
        $(#[$meta:meta])* $enum:ident, $table_len:expr;
        $(($code:expr, $name:ident, $mn:expr, $cyc:expr, $base:expr, $based:expr, $flags:expr, $doc:expr),)*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum $enum { $(#[doc = $doc] $name = $code,)* }

        impl $enum {
            /// Every row of the table, in table order.
            pub const ALL: &'static [$enum] = &[$($enum::$name,)*];
            /// The code (operation number or selector).
            #[inline]
            pub const fn code(self) -> u16 { self as u16 }
            /// Static table row.
            pub const fn info(self) -> &'static Info {
                match self { $($enum::$name => {
                    const INFO: Info = Info {
                        mnemonic: $mn, code: $code, cycles: $cyc, base: $base, base_double: $based,
                        flags: Flags::from_letters($flags), doc: $doc };
                    &INFO
                })* }
            }
            /// Inmos mnemonic.
            pub const fn mnemonic(self) -> &'static str { self.info().mnemonic }
            /// Looks a row up by mnemonic.
            pub fn from_mnemonic(s: &str) -> Option<$enum> {
                match s { $($mn => Some($enum::$name),)* _ => None }
            }
            /// Looks a row up by code; `None` for codes the T800 does not implement.
            #[inline]
            pub const fn from_code(code: u32) -> Option<$enum> {
                if code as usize >= $table_len { return None; }
                Self::BY_CODE[code as usize]
            }
            const BY_CODE: [Option<$enum>; $table_len] = {
                let mut t = [None; $table_len];
                $(t[$code as usize] = Some($enum::$name);)*
                t
            };
        }
    };
}

for_each_direct!(define_direct);

macro_rules! define_op_enum {
    ($($row:tt,)*) => {
        define_ops! {
            /// T800 operations executed by `opr` (the operand is the operation number).
            Op, 256; $($row,)*
        }
    };
}
for_each_op!(define_op_enum);

macro_rules! define_fpu_enum {
    ($($row:tt,)*) => {
        define_ops! {
            /// FPU operations selected by `fpentry` (the selector is in A, loaded by `ldc`).
            FpuOp, 256; $($row,)*
        }
    };
}
for_each_fpu!(define_fpu_enum);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for op in Op::ALL {
            assert_eq!(Op::from_code(op.code() as u32), Some(*op));
            assert_eq!(Op::from_mnemonic(op.mnemonic()), Some(*op));
        }
        for op in FpuOp::ALL {
            assert_eq!(FpuOp::from_code(op.code() as u32), Some(*op));
            assert_eq!(FpuOp::from_mnemonic(op.mnemonic()), Some(*op));
        }
        for f in Func::ALL {
            assert_eq!(Func::from_nibble(f.code()), f);
            assert_eq!(Func::from_mnemonic(f.mnemonic()), Some(f));
        }
        // Mnemonics are unique across the three tables (the assembler relies on it).
        let mut names: Vec<&str> = Op::ALL.iter().map(|o| o.mnemonic()).collect();
        names.extend(FpuOp::ALL.iter().map(|o| o.mnemonic()));
        names.extend(Func::ALL.iter().map(|f| f.mnemonic()));
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn t414_only_and_unknown_codes_are_absent() {
        for code in [0x63, 0x6C, 0x6D, 0x71, 0x73, 0x11, 0x14, 0x17C, 0xFFF] {
            assert_eq!(Op::from_code(code), None, "code {code:#x}");
        }
    }

    #[test]
    fn flags_follow_the_datasheet() {
        assert!(Func::J.info().flags.contains(Flags::DESCHED));
        assert!(Op::Add.info().flags.contains(Flags::ERROR));
        assert!(!Op::Sum.info().flags.contains(Flags::ERROR));
        assert!(Op::Fpadd.info().flags.contains(Flags::FP_ERROR));
        for op in [
            Op::In,
            Op::Out,
            Op::Outbyte,
            Op::Outword,
            Op::Altwt,
            Op::Taltwt,
            Op::Tin,
            Op::Startp,
            Op::Endp,
            Op::Stoperr,
            Op::Lend,
        ] {
            assert!(op.info().flags.contains(Flags::DESCHED), "{op:?}");
        }
    }
}
