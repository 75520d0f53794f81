//! Machine constants of the T800 that the compiler, linker and emulator must agree on
//! (t800.md §3.3 and §3.7).

/// MostNeg, also NotProcess.p: an empty queue or channel.
pub const MOST_NEG: u32 = 0x8000_0000;
/// NotProcess.p.
pub const NOT_PROCESS: u32 = MOST_NEG;
/// Enabling.p (ALT state while enabling guards).
pub const ENABLING: u32 = MOST_NEG + 1;
/// Waiting.p (ALT state while waiting).
pub const WAITING: u32 = MOST_NEG + 2;
/// Ready.p (ALT state once a guard is ready); same value as Disabling.p.
pub const READY: u32 = MOST_NEG + 3;
/// TimeSet.p (TLink.s during a timer ALT).
pub const TIME_SET: u32 = MOST_NEG + 1;
/// TimeNotSet.p.
pub const TIME_NOT_SET: u32 = MOST_NEG + 2;
/// NoneSelected.o: W[0] during ALT disabling until a branch is chosen.
pub const NONE_SELECTED: u32 = 0xFFFF_FFFF;

/// Link 0–3 output channel words.
pub const LINK_OUT: [u32; 4] = [MOST_NEG, MOST_NEG + 4, MOST_NEG + 8, MOST_NEG + 12];
/// Link 0–3 input channel words.
pub const LINK_IN: [u32; 4] = [MOST_NEG + 16, MOST_NEG + 20, MOST_NEG + 24, MOST_NEG + 28];
/// Event channel word.
pub const EVENT: u32 = MOST_NEG + 0x20;
/// TPtrLoc0 / TPtrLoc1: timer queue heads (high, low priority).
pub const TPTR_LOC: [u32; 2] = [MOST_NEG + 0x24, MOST_NEG + 0x28];
/// Save area used when a high-priority process preempts a low-priority one.
pub const WDESC_INT_SAVE: u32 = MOST_NEG + 0x2C;
/// Saved Iptr of the preempted low-priority process.
pub const IPTR_INT_SAVE: u32 = MOST_NEG + 0x30;
/// Saved A.
pub const AREG_INT_SAVE: u32 = MOST_NEG + 0x34;
/// Saved B.
pub const BREG_INT_SAVE: u32 = MOST_NEG + 0x38;
/// Saved C.
pub const CREG_INT_SAVE: u32 = MOST_NEG + 0x3C;
/// Saved status word.
pub const STATUS_INT_SAVE: u32 = MOST_NEG + 0x40;
/// Saved E register.
pub const EREG_INT_SAVE: u32 = MOST_NEG + 0x44;
/// First free word of on-chip memory on the T800.
pub const MEM_START: u32 = MOST_NEG + 0x70;
/// Size of on-chip RAM.
pub const ON_CHIP_BYTES: u32 = 4096;

/// Workspace slot offsets (in words) below Wptr used by the scheduler.
pub mod slot {
    /// Temp.s: ALT selection, outbyte/outword data.
    pub const TEMP: i32 = 0;
    /// Iptr.s: saved instruction pointer.
    pub const IPTR: i32 = -1;
    /// Link.s: next process in a run queue.
    pub const LINK: i32 = -2;
    /// State.s / Pointer.s: ALT state or message pointer.
    pub const STATE: i32 = -3;
    /// TLink.s: next process in a timer queue.
    pub const TLINK: i32 = -4;
    /// Time.s: wake-up time.
    pub const TIME: i32 = -5;
}
