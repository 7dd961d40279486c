//! Conversions between zvals and Rust values, each following one of PHP's (or Swoole's)
//! rules, written next to it: settings values read out of option arrays (`set()`,
//! `setProtocol()`, `setOption()`), and the arrays some methods return.
//!
//! Like zend.rs's helpers, these run on PHP's thread with the executor active (the
//! whole PHP layer does): PHP's own conversions may warn, throw or run `__toString`.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::zend;

extern "C" {
    /// PHP's `zval_get_long()` conversion ("7" is 7, true is 1, an object warns).
    fn zval_get_long_func(op: *mut zend::zval, is_strict: bool) -> i64;
    /// PHP 8 returns `bool` (a C `int` before).
    fn zend_is_true(op: *mut zend::zval) -> bool;
    /// PHP's `zval_get_string()`: a new reference to the value as a string (an array
    /// warns "Array to string conversion"; an object without __toString throws).
    fn zval_get_string_func(op: *mut zend::zval) -> *mut zend::zend_string;
    /// PHP's reading of an ini size ("16", "0x10", "017", "1M"...); `errstr` is set
    /// (to a new string) when the text is not one, with the value it was read as.
    fn zend_is_callable(
        callable: *mut zend::zval,
        flags: u32,
        name: *mut *mut zend::zend_string,
    ) -> bool;
    fn zend_ini_parse_quantity(
        value: *mut zend::zend_string,
        errstr: *mut *mut zend::zend_string,
    ) -> i64;
}

/// A new zval holding `v`.
pub fn long(v: i64) -> Zval {
    let mut z = Zval::new();
    z.set_long(v);
    z
}

/// A new zval holding `v`.
pub fn boolean(v: bool) -> Zval {
    let mut z = Zval::new();
    z.set_bool(v);
    z
}

/// A new zval holding a copy of `s`.
pub fn string(s: &str) -> Zval {
    let mut z = Zval::new();
    let _ = z.set_string(s, false);
    z
}

/// A new zval holding a copy of `b` (binary-safe).
pub fn bytes(b: &[u8]) -> Zval {
    let mut z = Zval::new();
    z.set_binary(b.to_vec());
    z
}

/// The C API's view of a zval it takes by a mutable pointer but only reads.
fn raw(v: &Zval) -> *mut zend::zval {
    (v as *const Zval).cast_mut().cast()
}

/// PHP's `(int)` (`zval_get_long()`): "12" is 12, "abc" 0, true 1, a float truncated;
/// an object warns and is 1.
pub fn to_long(v: &Zval) -> i64 {
    // SAFETY: `v` is a live zval the conversion only reads; PHP's thread, executor
    // active (the module's rule) for its warning.
    unsafe { zval_get_long_func(raw(v), false) }
}

/// PHP's truthiness (`(bool)`): "", "0", 0, 0.0, null and [] are false.
pub fn truthy(v: &Zval) -> bool {
    // SAFETY: `v` is a live zval; zend_is_true only reads it (the pointer is mutable in
    // the C signature alone). PHP's thread (an object's conversion may run engine code).
    unsafe { zend_is_true(raw(v)) }
}

/// A number setting (seconds, counts): a float, or an int as a float; None for any
/// other type (the setting is then left as it was).
pub fn number(v: &Zval) -> Option<f64> {
    v.double().or_else(|| v.long().map(|l| l as f64))
}

/// A flag setting where only a bool or a non-zero int turns it on (anything else is
/// off): `open_tcp_nodelay`.
pub fn flag(v: &Zval) -> bool {
    v.bool().unwrap_or_else(|| v.long().is_some_and(|n| n != 0))
}

/// An array's entry, a null one counting as absent (as Swoole reads its settings).
pub fn key<'a>(ht: &'a ZendHashTable, name: &str) -> Option<&'a Zval> {
    ht.get(name).filter(|v| !v.is_null())
}

/// A value's bytes as PHP's `(string)` gives them, with its warnings ("Array to
/// string conversion"); None when the conversion threw (an object without
/// `__toString`).
pub fn to_bytes(v: &Zval) -> Option<Vec<u8>> {
    // SAFETY: `v` is a live zval the conversion only reads; PHP's thread, executor
    // active (the module's rule). The string is a new reference of ours, released
    // once copied.
    unsafe {
        let s = zval_get_string_func(raw(v));
        let bytes = zstr_bytes(s).to_vec();
        ffi::ext_php_rs_zend_string_release(s);
        (*zend::eg()).exception.is_null().then_some(bytes)
    }
}

/// Whether a value is callable now, as `is_callable()` says; Err with its name as PHP
/// prints it ("Foo::bar", "Array") when not.
pub fn callable(v: &Zval) -> Result<(), String> {
    // SAFETY: `v` is a live zval both calls only read; PHP's thread, executor active.
    // The name is a new reference of ours, released once copied (it may share a
    // string with the callable itself: released, not freed).
    unsafe {
        if zend_is_callable(raw(v), 0, std::ptr::null_mut()) {
            return Ok(());
        }
        let name = zend::zend_get_callable_name(raw(v));
        let text = String::from_utf8_lossy(zstr_bytes(name)).into_owned();
        ffi::ext_php_rs_zend_string_release(name);
        Err(text)
    }
}

/// A value's bytes without PHP's conversion warnings: a string as it is, a scalar as
/// its text, anything else (an array, an object) empty.
pub fn quiet_bytes(v: &Zval) -> Vec<u8> {
    v.binary::<u8>()
        .or_else(|| v.coerce_to_string().map(String::into_bytes))
        .unwrap_or_default()
}

/// A size setting of cosocket's own (`socket_buffer_size`): an int, a float
/// (truncated), or a string of digits with an optional K, M or G ("65536", "64K",
/// "1m"). None for anything else, or a string that is not a size.
pub fn size_setting(v: &Zval) -> Option<i64> {
    if let Some(n) = v.long() {
        return Some(n);
    }
    if let Some(f) = v.double() {
        return f.is_finite().then_some(f as i64);
    }
    let text = v.str()?.trim();
    let (digits, unit) = match text.char_indices().last()? {
        (at, 'k' | 'K') => (&text[..at], 1 << 10),
        (at, 'm' | 'M') => (&text[..at], 1 << 20),
        (at, 'g' | 'G') => (&text[..at], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<i64>().ok()?.checked_mul(unit)
}

/// A size as Swoole reads one (`php_swoole_parse_to_size`, `package_max_length`): a
/// string as PHP reads ini sizes ("16", "0x10", "017" octal, "1M"), anything else as
/// [`to_long`]. A string that is not a size warns with PHP's reason (Swoole: a fatal
/// error) and is read as PHP then reads it; the bool says it was one.
pub fn ini_size(v: &Zval) -> (i64, bool) {
    let Some(s) = v.zend_str() else {
        return (to_long(v), true);
    };
    let s = (s as *const ext_php_rs::types::ZendStr)
        .cast_mut()
        .cast::<zend::zend_string>();
    let mut err: *mut zend::zend_string = std::ptr::null_mut();
    // SAFETY: `s` is the value's live string, only read; `err` receives a new string
    // (or stays null).
    let size = unsafe { zend_ini_parse_quantity(s, &mut err) };
    if err.is_null() {
        return (size, true);
    }
    let mut msg = b"failed to parse '".to_vec();
    // SAFETY: both are live strings; `err` is ours, freed once copied.
    unsafe {
        // Up to its first NUL, as Swoole's "%s" prints it.
        msg.extend(zstr_bytes(s).iter().take_while(|&&b| b != 0));
        msg.extend_from_slice(b"' to size, Error: ");
        msg.extend_from_slice(zstr_bytes(err));
        ffi::ext_php_rs_zend_string_release(err);
    }
    zend::warn_bytes(msg);
    (size, false)
}

/// The bytes of a zend_string.
///
/// # Safety
/// `s` is a live zend_string that outlives `'a`.
unsafe fn zstr_bytes<'a>(s: *const zend::zend_string) -> &'a [u8] {
    std::slice::from_raw_parts((*s).val.as_ptr().cast(), (*s).len)
}

/// `prev` (an array zval, or nothing) with the entries of `new` added over it: how
/// Swoole keeps options set in several calls (`getOptions()`).
pub fn merge_arrays(prev: Option<Zval>, new: &ZendHashTable) -> Zval {
    let mut merged = prev
        .and_then(|z| z.array().map(|a| a.to_owned()))
        .unwrap_or_default();
    for (k, v) in new.iter() {
        let _ = merged.insert(k.to_string().as_str(), v.shallow_clone());
    }
    let mut z = Zval::new();
    z.set_hashtable(merged);
    z
}

/// `['sec' => ..., 'usec' => ...]` of a time in seconds, as ext-sockets gives
/// `SO_RCVTIMEO`/`SO_SNDTIMEO` (both truncated).
pub fn timeval_array(t: f64) -> ZBox<ZendHashTable> {
    let sec = t.trunc();
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("sec", sec as i64);
    let _ = ht.insert("usec", ((t - sec) * 1_000_000.0) as i64);
    ht
}

/// `['l_onoff' => ..., 'l_linger' => ...]` of a raw `struct linger`, as ext-sockets
/// gives `SO_LINGER`.
pub fn linger_array(raw: &[u8]) -> ZBox<ZendHashTable> {
    let int = |at: usize| {
        raw.get(at..at + 4)
            .map_or(0, |b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("l_onoff", int(0) as i64);
    let _ = ht.insert("l_linger", int(4) as i64);
    ht
}

/// Linux's `struct tcp_info`, field by field, as Swoole names them (`TCP_INFO`).
pub fn tcp_info_array(raw: &[u8]) -> ZBox<ZendHashTable> {
    let mut ht = ZendHashTable::new();
    for (i, name) in [
        "state",
        "ca_state",
        "retransmits",
        "probes",
        "backoff",
        "options",
    ]
    .iter()
    .enumerate()
    {
        let _ = ht.insert(*name, raw.get(i).copied().unwrap_or(0) as i64);
    }
    let wscale = raw.get(6).copied().unwrap_or(0);
    let _ = ht.insert("snd_wscale", (wscale & 0xf) as i64);
    let _ = ht.insert("rcv_wscale", (wscale >> 4) as i64);
    let u32s = [
        "rto",
        "ato",
        "snd_mss",
        "rcv_mss",
        "unacked",
        "sacked",
        "lost",
        "retrans",
        "fackets",
        "last_data_sent",
        "last_ack_sent",
        "last_data_recv",
        "last_ack_recv",
        "pmtu",
        "rcv_ssthresh",
        "rtt",
        "rttvar",
        "snd_ssthresh",
        "snd_cwnd",
        "advmss",
        "reordering",
        "rcv_rtt",
        "rcv_space",
        "total_retrans",
    ];
    for (i, name) in u32s.iter().enumerate() {
        let at = 8 + 4 * i;
        let v = raw
            .get(at..at + 4)
            .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        let _ = ht.insert(*name, v as i64);
    }
    ht
}
