//! Argument parsing for [`php_fn!`](super::call::php_fn): each parameter's Rust type
//! implements [`Arg`], which gives its zpp spec, its PHP type, and how it is read.
//!
//! Parsing keeps the fast path of the hot methods: each argument already of its exact
//! type is read straight from the call frame; anything else (coercion, a TypeError, a
//! count error) goes to `zend_parse_parameters` with the spec built from the same
//! declaration, so PHP's own rules and messages apply. This file and zend.rs are where
//! the PHP layer's FFI lives; their `unsafe` rests on one invariant, that a [`Cx`] is
//! only made by a handler for its own call (frame and return value valid, PHP's thread).

use std::borrow::Cow;
use std::ffi::c_char;
use std::mem::ManuallyDrop;

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::cx::Cx;
use super::zend::{self, zval};

/// A parameter's default, parsed at compile time from its PHP source: what the Rust
/// side gets when the argument is left out.
#[derive(Clone, Copy, Debug)]
pub enum Def {
    /// Required (or variadic): no default.
    None,
    Null,
    Bool(bool),
    Int(i64),
}

/// The named constants used as defaults, with their (Linux) values.
const NAMED: &[(&str, i64)] = &[
    ("SWOOLE_EVENT_READ", 512),
    ("SWOOLE_STRERROR_SYSTEM", 0),
    ("IPPROTO_IP", 0),
    ("AF_INET", libc::AF_INET as i64),
    ("SOCK_STREAM", libc::SOCK_STREAM as i64),
    ("STREAM_IPPROTO_TCP", libc::IPPROTO_TCP as i64),
    ("DEBUG_BACKTRACE_PROVIDE_OBJECT", 1),
    ("LOCK_EX", libc::LOCK_EX as i64),
    ("SWOOLE_HOOK_ALL", 2143285247),
];

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Def {
    /// Parses a default's PHP source: `null`, `true`, `false`, an integer, or one of
    /// [`NAMED`]; `[]` (an empty array) is `Null`, which an optional array reads as
    /// None. Anything else fails the build (the table must learn it).
    pub const fn parse(php: &str) -> Def {
        if str_eq(php, "null") || str_eq(php, "[]") {
            return Def::Null;
        }
        if str_eq(php, "true") {
            return Def::Bool(true);
        }
        if str_eq(php, "false") {
            return Def::Bool(false);
        }
        let mut i = 0;
        while i < NAMED.len() {
            if str_eq(php, NAMED[i].0) {
                return Def::Int(NAMED[i].1);
            }
            i += 1;
        }
        let b = php.as_bytes();
        let (neg, mut j) = if !b.is_empty() && b[0] == b'-' {
            (true, 1)
        } else {
            (false, 0)
        };
        assert!(j < b.len(), "empty default");
        let mut v: i64 = 0;
        while j < b.len() {
            // A float written with a zero fraction ("0.0"): its integral value.
            if b[j] == b'.' && j + 2 == b.len() && b[j + 1] == b'0' {
                break;
            }
            assert!(
                b[j].is_ascii_digit(),
                "default not understood: add it to NAMED"
            );
            v = v * 10 + (b[j] - b'0') as i64;
            j += 1;
        }
        Def::Int(if neg { -v } else { v })
    }
}

/// One zpp output slot: every output of the specs in use fits (a `zend_fcall_info` is
/// the largest).
#[repr(C, align(16))]
pub struct Slot([u8; 64]);

impl Slot {
    #[doc(hidden)]
    pub const ZERO: Slot = Slot([0; 64]);
}

/// Most zpp output slots a declaration may use (see [`Arg::SLOTS`]).
pub const MAX_SLOTS: usize = 12;

/// A parameter's Rust type: its zpp spec, PHP type, and how it is read.
///
/// # Safety
/// `SPEC` and `SLOTS` must match what `zend_parse_parameters` writes for that spec, and
/// `from_slots` must read only what it wrote.
pub unsafe trait Arg: Sized {
    /// zpp spec characters.
    const SPEC: &'static str;
    /// The PHP type in arginfo and the stub ("" for none).
    const PHP_TYPE: &'static str;
    /// How many output slots zpp writes for it.
    const SLOTS: usize = 1;
    const BY_REF: bool = false;
    const VARIADIC: bool = false;

    /// The value when the frame's argument `i` already has the exact type, else None
    /// (then zpp parses the whole call). A variadic type takes every argument from `i`.
    ///
    /// # Safety
    /// `i < cx.num_args()` (or the type is variadic); the value must not outlive the call.
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self>;

    /// The value from zpp's output slots.
    ///
    /// # Safety
    /// zpp has filled `slots` for this argument with [`Arg::SPEC`]; the value must not
    /// outlive the call.
    unsafe fn from_slots(slots: &[Slot]) -> Self;

    /// The value of a left-out optional argument.
    fn from_default(d: Def) -> Self;
}

/// Reads slot `k` as a `T` (what zpp wrote there).
///
/// # Safety
/// zpp wrote a `T` into that slot.
#[inline]
unsafe fn slot<T: Copy>(slots: &[Slot], k: usize) -> T {
    const { assert!(std::mem::size_of::<T>() <= 64) };
    std::ptr::read(slots[k].0.as_ptr().cast::<T>())
}

#[inline]
fn type_of(z: *mut zval) -> u8 {
    // SAFETY: `z` is a frame argument.
    unsafe { (*z).u1.v.type_ }
}

fn no_default<T>() -> T {
    unreachable!("a required parameter is always passed")
}

// SAFETY: zpp's "l" writes one zend_long (i64) into the slot.
unsafe impl Arg for i64 {
    const SPEC: &'static str = "l";
    const PHP_TYPE: &'static str = "int";
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<i64> {
        let z = cx.arg(i);
        (type_of(z) == zend::IS_LONG).then(|| (*z).value.lval)
    }
    unsafe fn from_slots(s: &[Slot]) -> i64 {
        slot(s, 0)
    }
    #[inline]
    fn from_default(d: Def) -> i64 {
        match d {
            Def::Int(v) => v,
            _ => no_default(),
        }
    }
}

// SAFETY: zpp's "d" writes one double into the slot.
unsafe impl Arg for f64 {
    const SPEC: &'static str = "d";
    const PHP_TYPE: &'static str = "float";
    /// An int is widened, as PHP does even under strict_types.
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<f64> {
        let z = cx.arg(i);
        match type_of(z) {
            zend::IS_DOUBLE => Some((*z).value.dval),
            zend::IS_LONG => Some((*z).value.lval as f64),
            _ => None,
        }
    }
    unsafe fn from_slots(s: &[Slot]) -> f64 {
        slot(s, 0)
    }
    #[inline]
    fn from_default(d: Def) -> f64 {
        match d {
            Def::Int(v) => v as f64,
            _ => no_default(),
        }
    }
}

// SAFETY: zpp's "b" writes one C bool into the (zeroed) slot.
unsafe impl Arg for bool {
    const SPEC: &'static str = "b";
    const PHP_TYPE: &'static str = "bool";
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<bool> {
        match type_of(cx.arg(i)) {
            2 => Some(false), // IS_FALSE
            3 => Some(true),  // IS_TRUE
            _ => None,
        }
    }
    unsafe fn from_slots(s: &[Slot]) -> bool {
        slot(s, 0)
    }
    fn from_default(d: Def) -> bool {
        match d {
            Def::Bool(v) => v,
            _ => no_default(),
        }
    }
}

/// `bool` that also takes null (zpp's "b!", as Swoole's `Z_PARAM_BOOL_EX(.., 1, 0)`):
/// None for null or a left-out argument.
// SAFETY: "b!" writes a C bool and the C bool "is null" into two (zeroed) slots.
unsafe impl Arg for Option<bool> {
    const SPEC: &'static str = "b!";
    const PHP_TYPE: &'static str = "bool";
    const SLOTS: usize = 2;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        if type_of(cx.arg(i)) == 1 {
            return Some(None); // IS_NULL
        }
        bool::fast(cx, i).map(Some)
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        (!slot::<bool>(s, 1)).then(|| slot(s, 0))
    }
    fn from_default(_: Def) -> Self {
        None
    }
}

/// An optional `array` (default `[]`): None when left out.
// SAFETY: "h" writes one `HashTable *` into the slot (left null when not passed).
unsafe impl Arg for Option<&ZendHashTable> {
    const SPEC: &'static str = "h";
    const PHP_TYPE: &'static str = "array";
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        <&ZendHashTable>::fast(cx, i).map(Some)
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        let p = slot::<*mut ffi::HashTable>(s, 0);
        (!p.is_null()).then(|| &*p.cast::<ZendHashTable>())
    }
    fn from_default(_: Def) -> Self {
        None
    }
}

/// `string`: the argument's bytes, borrowed from the frame.
// SAFETY: zpp's "s" writes a `char *` and a `size_t` into two slots.
unsafe impl<'a> Arg for &'a [u8] {
    const SPEC: &'static str = "s";
    const PHP_TYPE: &'static str = "string";
    const SLOTS: usize = 2;
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<&'a [u8]> {
        let z = cx.arg(i);
        (type_of(z) == zend::IS_STRING).then(|| {
            let s = (*z).value.str_;
            bytes((*s).val.as_ptr(), (*s).len)
        })
    }
    unsafe fn from_slots(s: &[Slot]) -> &'a [u8] {
        bytes(slot(s, 0), slot(s, 1))
    }
    fn from_default(_: Def) -> &'a [u8] {
        no_default()
    }
}

/// # Safety
/// `p` points to `len` bytes that live for `'a` (null when `len` is 0 is fine).
unsafe fn bytes<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p.cast(), len)
    }
}

/// `string` as text: borrowed when valid UTF-8, else a lossy copy.
// SAFETY: as for `&[u8]`: "s" writes a `char *` and a `size_t`.
unsafe impl<'a> Arg for Cow<'a, str> {
    const SPEC: &'static str = "s";
    const PHP_TYPE: &'static str = "string";
    const SLOTS: usize = 2;
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Cow<'a, str>> {
        <&[u8]>::fast(cx, i).map(String::from_utf8_lossy)
    }
    unsafe fn from_slots(s: &[Slot]) -> Cow<'a, str> {
        String::from_utf8_lossy(<&[u8]>::from_slots(s))
    }
    fn from_default(_: Def) -> Cow<'a, str> {
        no_default()
    }
}

/// `?string`, null by default.
// SAFETY: "s!" writes a `char *` (null for PHP null) and a `size_t`.
unsafe impl<'a> Arg for Option<Cow<'a, str>> {
    const SPEC: &'static str = "s!";
    const PHP_TYPE: &'static str = "?string";
    const SLOTS: usize = 2;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        if type_of(cx.arg(i)) == 1 {
            return Some(None); // IS_NULL
        }
        <Cow<str>>::fast(cx, i).map(Some)
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        let p: *const c_char = slot(s, 0);
        (!p.is_null()).then(|| <Cow<str>>::from_slots(s))
    }
    fn from_default(_: Def) -> Self {
        None
    }
}

/// `mixed`: the argument's zval, borrowed.
// SAFETY: zpp's "z" writes one `zval *` (the frame's argument) into the slot.
unsafe impl<'a> Arg for &'a Zval {
    const SPEC: &'static str = "z";
    const PHP_TYPE: &'static str = "mixed";
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<&'a Zval> {
        Some(zend::zv(cx.arg(i)))
    }
    unsafe fn from_slots(s: &[Slot]) -> &'a Zval {
        zend::zv(slot(s, 0))
    }
    fn from_default(_: Def) -> &'a Zval {
        no_default()
    }
}

/// A parameter taken as its zval, borrowed (zpp "z"), that Reflection and the stub show
/// with the PHP type given: the handler checks the value itself, as Swoole's
/// `Z_PARAM_ZVAL` parameters do (a warning or false where zpp would throw).
macro_rules! zval_param {
    ($(#[$doc:meta])* $vis:vis $name:ident, $php_type:literal) => {
        $(#[$doc])*
        $vis struct $name<'a>(pub &'a ext_php_rs::types::Zval);

        // SAFETY: as for `&Zval`: "z" writes one `zval *`.
        unsafe impl<'a> $crate::php::args::Arg for $name<'a> {
            const SPEC: &'static str = "z";
            const PHP_TYPE: &'static str = $php_type;
            unsafe fn fast(cx: &$crate::php::cx::Cx<'_>, i: u32) -> Option<Self> {
                <&ext_php_rs::types::Zval as $crate::php::args::Arg>::fast(cx, i).map($name)
            }
            unsafe fn from_slots(s: &[$crate::php::args::Slot]) -> Self {
                $name(<&ext_php_rs::types::Zval as $crate::php::args::Arg>::from_slots(s))
            }
            fn from_default(d: $crate::php::args::Def) -> Self {
                $name(<&ext_php_rs::types::Zval as $crate::php::args::Arg>::from_default(d))
            }
        }
    };
}
pub(crate) use zval_param;

zval_param!(
    /// A parameter with no declared type (any value, borrowed).
    pub Untyped, ""
);

/// `mixed &$name`: the by-reference argument (a reference zval).
pub struct ByRef<'a>(pub &'a mut Zval);

// SAFETY: as for `&Zval`: "z" writes one `zval *` (the reference itself, as the
// arginfo declares the parameter by reference).
unsafe impl<'a> Arg for ByRef<'a> {
    const SPEC: &'static str = "z";
    const PHP_TYPE: &'static str = "mixed";
    const BY_REF: bool = true;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        Some(ByRef(zend::zv(cx.arg(i))))
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        ByRef(zend::zv(slot(s, 0)))
    }
    fn from_default(_: Def) -> Self {
        no_default()
    }
}

/// `mixed &$name = ...`: an optional by-reference argument (None when left out).
// SAFETY: as for `ByRef`.
unsafe impl<'a> Arg for Option<ByRef<'a>> {
    const SPEC: &'static str = "z";
    const PHP_TYPE: &'static str = "mixed";
    const BY_REF: bool = true;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        ByRef::fast(cx, i).map(Some)
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        Some(ByRef::from_slots(s))
    }
    fn from_default(_: Def) -> Self {
        None
    }
}

/// `array`: the argument's table, borrowed.
// SAFETY: zpp's "h" writes one `HashTable *` into the slot.
unsafe impl<'a> Arg for &'a ZendHashTable {
    const SPEC: &'static str = "h";
    const PHP_TYPE: &'static str = "array";
    #[inline]
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<&'a ZendHashTable> {
        let z = cx.arg(i);
        (type_of(z) == 7).then(|| &*(*z).value.arr.cast::<ZendHashTable>()) // IS_ARRAY
    }
    unsafe fn from_slots(s: &[Slot]) -> &'a ZendHashTable {
        &*slot::<*mut ffi::HashTable>(s, 0).cast::<ZendHashTable>()
    }
    fn from_default(_: Def) -> &'a ZendHashTable {
        no_default()
    }
}

/// `callable`: zpp's `f` outputs. The `zend_fcall_info` holds a bitwise copy of the
/// argument (no reference of its own): it is never dropped.
pub struct Callable {
    pub fci: ManuallyDrop<ffi::zend_fcall_info>,
    pub fcc: ffi::zend_fcall_info_cache,
}

impl Callable {
    /// The callable as passed.
    pub fn function(&self) -> &Zval {
        // SAFETY: zpp's copy of the argument, which lives for the call.
        unsafe { zend::zv(std::ptr::addr_of!(self.fci.function_name).cast_mut()) }
    }
}

// SAFETY: zpp's "f" writes a `zend_fcall_info` and a `zend_fcall_info_cache` into
// two slots (each under the slot's 64 bytes, checked by `slot`'s assertion).
unsafe impl Arg for Callable {
    const SPEC: &'static str = "f";
    const PHP_TYPE: &'static str = "callable";
    const SLOTS: usize = 2;
    /// Resolving a callable is zpp's job.
    unsafe fn fast(_: &Cx<'_>, _: u32) -> Option<Callable> {
        None
    }
    unsafe fn from_slots(s: &[Slot]) -> Callable {
        Callable {
            fci: ManuallyDrop::new(std::ptr::read(s[0].0.as_ptr().cast())),
            fcc: std::ptr::read(s[1].0.as_ptr().cast()),
        }
    }
    fn from_default(_: Def) -> Callable {
        no_default()
    }
}

zval_param!(
    /// `callable`, taken as passed: the handler checks it (Swoole's own checks warn
    /// where zpp would throw a TypeError).
    pub CallableZval, "callable"
);

/// `?callable`, taken as passed (None when left out; a null argument stays a null zval).
pub struct NullableCallable<'a>(pub Option<&'a Zval>);

// SAFETY: as for `&Zval`: "z" writes one `zval *`.
unsafe impl<'a> Arg for NullableCallable<'a> {
    const SPEC: &'static str = "z";
    const PHP_TYPE: &'static str = "?callable";
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        <&Zval>::fast(cx, i).map(|z| NullableCallable(Some(z)))
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        NullableCallable(Some(<&Zval>::from_slots(s)))
    }
    fn from_default(_: Def) -> Self {
        NullableCallable(None)
    }
}

/// `mixed ...$name`: the remaining arguments, borrowed from the frame.
pub struct Rest<'a>(pub &'a [Zval]);

// SAFETY: zpp's "*" writes a `zval *` (the first variadic argument) and a `uint32_t`
// count into two slots.
unsafe impl<'a> Arg for Rest<'a> {
    const SPEC: &'static str = "*";
    const PHP_TYPE: &'static str = "mixed";
    const SLOTS: usize = 2;
    const VARIADIC: bool = true;
    unsafe fn fast(cx: &Cx<'_>, i: u32) -> Option<Self> {
        let n = cx.num_args();
        Some(Rest(if i >= n {
            &[]
        } else {
            std::slice::from_raw_parts(cx.arg(i).cast::<Zval>(), (n - i) as usize)
        }))
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        let p: *mut zval = slot(s, 0);
        let n: u32 = slot(s, 1);
        Rest(if n == 0 || p.is_null() {
            &[]
        } else {
            std::slice::from_raw_parts(p.cast::<Zval>(), n as usize)
        })
    }
    fn from_default(_: Def) -> Self {
        Rest(&[])
    }
}

/// The zpp spec of a declaration: each parameter's characters, `|` before the first
/// one with a default, NUL-terminated.
pub const fn spec(parts: &[&str], optional: &[bool]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut n = 0;
    let mut bar = false;
    let mut i = 0;
    while i < parts.len() {
        if optional[i] && !bar {
            out[n] = b'|';
            n += 1;
            bar = true;
        }
        let p = parts[i].as_bytes();
        let mut j = 0;
        while j < p.len() {
            out[n] = p[j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(n < 32, "spec too long");
    out
}

/// The slow path: `zend_parse_parameters` over the whole call, into `slots`. False:
/// it raised the TypeError or count error.
///
/// # Safety
/// `spec` is NUL-terminated and needs at most [`MAX_SLOTS`] outputs; called from the
/// handler of `cx`'s call.
#[cold]
#[inline(never)]
pub unsafe fn zpp(cx: &Cx<'_>, spec: &[u8; 32], slots: &mut [Slot; MAX_SLOTS]) -> bool {
    let p = slots.as_mut_ptr();
    // Every output gets its own slot; zpp reads only as many as the spec asks for
    // (extra variadic arguments are ignored in C).
    zend::zend_parse_parameters(
        cx.num_args(),
        spec.as_ptr().cast(),
        p,
        p.add(1),
        p.add(2),
        p.add(3),
        p.add(4),
        p.add(5),
        p.add(6),
        p.add(7),
        p.add(8),
        p.add(9),
        p.add(10),
        p.add(11),
    ) == 0
}
