//! The predefined routines of occam 2.1 (occam.md §1.5) and their signatures.
//!
//! These names are in scope everywhere unless the program declares the same
//! name (which then shadows the predefined one). A routine with no results is
//! a PROC (called as a process); the others are FUNCTIONs. Signatures follow
//! the occam 2.1 reference manual's appendix of predefined routines (and
//! KRoC for `RESCHEDULE`/`ASSERT`).

use crate::ir::{ProtocolId, Type};

/// A parameter or result type in a predefined signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PTy {
    Int,
    Int32,
    Bool,
    Real32,
    Real64,
    /// `[]BYTE`
    Bytes,
    /// `[][]BYTE`
    Bytes2,
    /// `[]INT`
    Ints,
    /// `CHAN OF ANY`
    ChanAny,
    /// `[]CHAN OF ANY`
    ChanAnyArray,
}

impl PTy {
    /// The IR type; `any` is the id of the `CHAN OF ANY` protocol.
    pub fn to_type(self, any: ProtocolId) -> Type {
        match self {
            PTy::Int => Type::Int,
            PTy::Int32 => Type::Int32,
            PTy::Bool => Type::Bool,
            PTy::Real32 => Type::Real32,
            PTy::Real64 => Type::Real64,
            PTy::Bytes => Type::Array(None, std::rc::Rc::new(Type::Byte)),
            PTy::Bytes2 => Type::Array(
                None,
                std::rc::Rc::new(Type::Array(None, std::rc::Rc::new(Type::Byte))),
            ),
            PTy::Ints => Type::Array(None, std::rc::Rc::new(Type::Int)),
            PTy::ChanAny => Type::Chan(any),
            PTy::ChanAnyArray => Type::Array(None, std::rc::Rc::new(Type::Chan(any))),
        }
    }
}

/// One formal: `VAL` (read-only) or by reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PParam {
    pub val: bool,
    pub ty: PTy,
}

/// A predefined routine.
#[derive(Debug)]
pub struct Signature {
    pub name: &'static str,
    pub params: &'static [PParam],
    /// Empty for a PROC.
    pub results: &'static [PTy],
}

impl Signature {
    pub fn is_proc(&self) -> bool {
        self.results.is_empty()
    }
}

const fn v(ty: PTy) -> PParam {
    PParam { val: true, ty }
}
const fn r(ty: PTy) -> PParam {
    PParam { val: false, ty }
}

use PTy::*;

const I1: &[PParam] = &[v(Int)];
const I2: &[PParam] = &[v(Int), v(Int)];
const I3: &[PParam] = &[v(Int), v(Int), v(Int)];
const R1: &[PParam] = &[v(Real32)];
const R2: &[PParam] = &[v(Real32), v(Real32)];
const D1: &[PParam] = &[v(Real64)];
const D2: &[PParam] = &[v(Real64), v(Real64)];
const MOVE: &[PParam] = &[
    v(Bytes2),
    v(Int),
    v(Int),
    r(Bytes2),
    v(Int),
    v(Int),
    v(Int),
    v(Int),
];

const fn sig(name: &'static str, params: &'static [PParam], results: &'static [PTy]) -> Signature {
    Signature {
        name,
        params,
        results,
    }
}

/// Every predefined routine.
pub static TABLE: &[Signature] = &[
    // Long (multi-word) integer arithmetic.
    sig("LONGADD", I3, &[Int]),
    sig("LONGSUB", I3, &[Int]),
    sig("LONGSUM", I3, &[Int, Int]),
    sig("LONGDIFF", I3, &[Int, Int]),
    sig("LONGPROD", I3, &[Int, Int]),
    sig("LONGDIV", I3, &[Int, Int]),
    sig("SHIFTLEFT", I3, &[Int, Int]),
    sig("SHIFTRIGHT", I3, &[Int, Int]),
    sig("NORMALISE", I2, &[Int, Int, Int]),
    sig("FRACMUL", I2, &[Int]),
    sig("ASHIFTLEFT", I2, &[Int]),
    sig("ASHIFTRIGHT", I2, &[Int]),
    sig("ROTATELEFT", I2, &[Int]),
    sig("ROTATERIGHT", I2, &[Int]),
    // Floating-point support, REAL32.
    sig("ABS", R1, &[Real32]),
    sig("ISNAN", R1, &[Bool]),
    sig("NOTFINITE", R1, &[Bool]),
    sig("ORDERED", R2, &[Bool]),
    sig("MINUSX", R1, &[Real32]),
    sig("MULBY2", R1, &[Real32]),
    sig("DIVBY2", R1, &[Real32]),
    sig("SQRT", R1, &[Real32]),
    sig("FPINT", R1, &[Real32]),
    sig("SCALEB", &[v(Real32), v(Int)], &[Real32]),
    sig("COPYSIGN", R2, &[Real32]),
    sig("NEXTAFTER", R2, &[Real32]),
    sig("LOGB", R1, &[Real32]),
    sig("FLOATING.UNPACK", R1, &[Int, Real32]),
    sig(
        "ARGUMENT.REDUCE",
        &[v(Real32), v(Real32), v(Real32)],
        &[Bool, Int32, Real32],
    ),
    // REAL64 versions.
    sig("DABS", D1, &[Real64]),
    sig("DISNAN", D1, &[Bool]),
    sig("DNOTFINITE", D1, &[Bool]),
    sig("DORDERED", D2, &[Bool]),
    sig("DMINUSX", D1, &[Real64]),
    sig("DMULBY2", D1, &[Real64]),
    sig("DDIVBY2", D1, &[Real64]),
    sig("DSQRT", D1, &[Real64]),
    sig("DFPINT", D1, &[Real64]),
    sig("DSCALEB", &[v(Real64), v(Int)], &[Real64]),
    sig("DCOPYSIGN", D2, &[Real64]),
    sig("DNEXTAFTER", D2, &[Real64]),
    sig("DLOGB", D1, &[Real64]),
    sig("DFLOATING.UNPACK", D1, &[Int, Real64]),
    sig(
        "DARGUMENT.REDUCE",
        &[v(Real64), v(Real64), v(Real64)],
        &[Bool, Int32, Real64],
    ),
    // IEEE arithmetic with explicit operation and rounding mode.
    sig("REAL32OP", &[v(Real32), v(Int), v(Real32)], &[Real32]),
    sig("REAL64OP", &[v(Real64), v(Int), v(Real64)], &[Real64]),
    sig(
        "IEEE32OP",
        &[v(Real32), v(Int), v(Int), v(Real32)],
        &[Bool, Real32],
    ),
    sig(
        "IEEE64OP",
        &[v(Real64), v(Int), v(Int), v(Real64)],
        &[Bool, Real64],
    ),
    sig("REAL32REM", R2, &[Real32]),
    sig("REAL64REM", D2, &[Real64]),
    sig("REAL32EQ", R2, &[Bool]),
    sig("REAL64EQ", D2, &[Bool]),
    sig("REAL32GT", R2, &[Bool]),
    sig("REAL64GT", D2, &[Bool]),
    sig("IEEECOMPARE", R2, &[Int]),
    sig("DIEEECOMPARE", D2, &[Int]),
    // BOOL, REAL := IEEE32REM (x, y): the BOOL is TRUE on an IEEE exception.
    sig("IEEE32REM", R2, &[Bool, Real32]),
    sig("IEEE64REM", D2, &[Bool, Real64]),
    // Bit manipulation and CRC.
    sig("BITCOUNT", I2, &[Int]),
    sig("BITREVWORD", I1, &[Int]),
    sig("BITREVNBITS", I2, &[Int]),
    sig("CRCWORD", I3, &[Int]),
    sig("CRCBYTE", I3, &[Int]),
    // Software floating-point helpers.
    sig("UNPACKSN", I1, &[Int, Int, Int]),
    sig("ROUNDSN", I3, &[Int]),
    // PROCs.
    sig("CAUSEERROR", &[], &[]),
    sig("MOVE2D", MOVE, &[]),
    sig("DRAW2D", MOVE, &[]),
    sig("CLIP2D", MOVE, &[]),
    sig("LOAD.INPUT.CHANNEL", &[r(Int), r(ChanAny)], &[]),
    sig("LOAD.INPUT.CHANNEL.VECTOR", &[r(Int), r(ChanAnyArray)], &[]),
    sig("LOAD.OUTPUT.CHANNEL", &[r(Int), r(ChanAny)], &[]),
    sig(
        "LOAD.OUTPUT.CHANNEL.VECTOR",
        &[r(Int), r(ChanAnyArray)],
        &[],
    ),
    sig("LOAD.BYTE.VECTOR", &[r(Int), v(Bytes)], &[]),
    sig("KERNEL.RUN", &[v(Bytes), v(Int), r(Ints), v(Int)], &[]),
    sig("RESCHEDULE", &[], &[]),
    sig("ASSERT", &[v(Bool)], &[]),
];

/// Looks a predefined routine up by name.
pub fn find(name: &str) -> Option<&'static Signature> {
    TABLE.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.name, b.name);
            }
        }
    }

    #[test]
    fn every_checklist_routine_is_present() {
        for n in [
            "LONGADD",
            "LONGSUB",
            "LONGSUM",
            "LONGDIFF",
            "LONGPROD",
            "LONGDIV",
            "SHIFTLEFT",
            "SHIFTRIGHT",
            "NORMALISE",
            "FRACMUL",
            "ASHIFTLEFT",
            "ASHIFTRIGHT",
            "ROTATELEFT",
            "ROTATERIGHT",
            "ABS",
            "ISNAN",
            "NOTFINITE",
            "ORDERED",
            "MINUSX",
            "MULBY2",
            "DIVBY2",
            "SQRT",
            "FPINT",
            "SCALEB",
            "COPYSIGN",
            "NEXTAFTER",
            "LOGB",
            "FLOATING.UNPACK",
            "ARGUMENT.REDUCE",
            "DSQRT",
            "REAL32OP",
            "REAL64OP",
            "IEEE32OP",
            "IEEE64OP",
            "REAL32REM",
            "REAL64REM",
            "REAL32EQ",
            "REAL32GT",
            "IEEECOMPARE",
            "IEEE32REM",
            "IEEE64REM",
            "BITCOUNT",
            "BITREVWORD",
            "BITREVNBITS",
            "CRCWORD",
            "CRCBYTE",
            "CAUSEERROR",
            "UNPACKSN",
            "ROUNDSN",
            "DRAW2D",
            "CLIP2D",
            "MOVE2D",
            "LOAD.INPUT.CHANNEL",
            "LOAD.OUTPUT.CHANNEL",
            "LOAD.BYTE.VECTOR",
            "KERNEL.RUN",
            "RESCHEDULE",
            "ASSERT",
        ] {
            assert!(find(n).is_some(), "{n} missing");
        }
        assert!(find("SQRT").is_some_and(|s| !s.is_proc()));
        assert!(find("CAUSEERROR").is_some_and(|s| s.is_proc()));
        assert_eq!(find("LONGDIV").map(|s| s.results.len()), Some(2));
    }
}
