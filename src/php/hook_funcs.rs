//! The hooked PHP functions: in a coroutine they wait on the loop instead of blocking
//! the process; outside any coroutine PHP's own handler runs (runtime_hooks.rs's
//! `fn_hook!`). Arguments are parsed as PHP parses them, so bad input gets PHP's own
//! errors, and results are PHP's.
//!
//! - SWOOLE_HOOK_SLEEP: `sleep`, `usleep`, `time_nanosleep`, `time_sleep_until` on the
//!   runtime's timer (a cancel ends them as it ends `Co::sleep()`: Swoole's results).
//! - SWOOLE_HOOK_STREAM_FUNCTION: `stream_select`, PHP's own select() run with a zero
//!   timeout, and between two such looks a coroutine wait on the streams' fds; and
//!   `stream_socket_pair`, whose two streams are hooked ones (hook_stream.rs).
//! - SWOOLE_HOOK_NET_FUNCTION: `gethostbyname`, `gethostbynamel`, `gethostbyaddr`, the
//!   same libc calls PHP makes, on the worker pool.

use std::ffi::{c_char, c_int, CStr};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::os::fd::RawFd;
use std::ptr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::errors::{self, set_last_error};
use super::hooks::{fn_hook, FnHook};
use super::socket::stream::stream_fd_cast;
use super::zend::{self, zend_execute_data, zval};
use crate::runtime::{self, EventWaitError, Wake};

extern "C" {
    fn zend_argument_value_error(arg_num: u32, format: *const c_char, ...);
    fn zend_value_error(format: *const c_char, ...);
    // glibc's; the libc crate leaves it out.
    fn gethostbyname_r(
        name: *const c_char,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
}

const SUCCESS: c_int = 0;

/// `zend_parse_parameters()` over this call's arguments with `spec`: PHP's own
/// coercions and errors, with the function's own name. False: the error is raised.
macro_rules! zpp {
    ($ex:expr, $spec:literal $(, $out:expr)*) => {
        // SAFETY: the call's frame is EG(current_execute_data); each output matches
        // its spec character.
        unsafe { zend::zend_parse_parameters(zend::num_args($ex), $spec.as_ptr() $(, $out)*) }
            == SUCCESS
    };
}

/// PHP's `zend_argument_value_error($arg, "%s", msg)`.
fn argument_value_error(arg: u32, msg: &str) {
    let m = zend::cstr(msg);
    // SAFETY: "%s" with a valid C string, in a call's handler.
    unsafe { zend_argument_value_error(arg, c"%s".as_ptr(), m.as_ptr()) };
}

// ---- SWOOLE_HOOK_SLEEP --------------------------------------------------------------

/// Waits `d` in the coroutine (a zero wait still lets the others run once); false if it
/// was cancelled. The last error as `Co::sleep()` leaves it.
fn wait(d: Duration) -> bool {
    let slept = runtime::sleep(d);
    set_last_error(if slept {
        errors::SW_ERROR_CO_TIMEDOUT
    } else {
        errors::SW_ERROR_CO_CANCELED
    });
    slept
}

/// `sleep(int $seconds): int`: 0, or (cancelled) `$seconds` as Swoole.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_sleep(ex: *mut zend_execute_data, rv: *mut zval) {
    let mut num: i64 = 0;
    if !zpp!(ex, c"l", &mut num as *mut i64) {
        return;
    }
    if num < 0 {
        return argument_value_error(1, "must be greater than or equal to 0");
    }
    // PHP passes it to sleep(3) as an unsigned int.
    let left = if wait(Duration::from_secs(num as u32 as u64)) {
        0
    } else {
        num
    };
    zend::ret_long(rv, left);
}

/// `usleep(int $microseconds): void`.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_usleep(ex: *mut zend_execute_data, _rv: *mut zval) {
    let mut num: i64 = 0;
    if !zpp!(ex, c"l", &mut num as *mut i64) {
        return;
    }
    if num < 0 {
        return argument_value_error(1, "must be greater than or equal to 0");
    }
    // PHP passes it to usleep(3) as an unsigned int.
    wait(Duration::from_micros(num as u32 as u64));
}

/// `time_nanosleep(int $seconds, int $nanoseconds): array|bool`: true (also when
/// cancelled, as Swoole); nanoseconds past 999 999 999 are PHP's ValueError.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_time_nanosleep(ex: *mut zend_execute_data, rv: *mut zval) {
    let (mut sec, mut nsec): (i64, i64) = (0, 0);
    if !zpp!(ex, c"ll", &mut sec as *mut i64, &mut nsec as *mut i64) {
        return;
    }
    if sec < 0 {
        return argument_value_error(1, "must be greater than or equal to 0");
    }
    if nsec < 0 {
        return argument_value_error(2, "must be greater than or equal to 0");
    }
    if nsec > 999_999_999 {
        // nanosleep(2)'s EINVAL, as PHP reports it.
        zend_value_error(
            c"%s".as_ptr(),
            c"Nanoseconds was not in the range 0 to 999 999 999 or seconds was negative".as_ptr(),
        );
        return;
    }
    wait(Duration::new(sec as u64, nsec as u32));
    zend::ret_bool(rv, true);
}

/// `time_sleep_until(float $timestamp): bool`.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_time_sleep_until(ex: *mut zend_execute_data, rv: *mut zval) {
    let mut target: f64 = 0.0;
    if !zpp!(ex, c"d", &mut target as *mut f64) {
        return;
    }
    const NS: u64 = 1_000_000_000;
    let top = (u64::MAX / NS) as f64;
    if !(target >= 0.0 && target <= top) {
        return argument_value_error(1, &format!("must be between 0 and {}", u64::MAX / NS));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let target_ns = (target * NS as f64) as u64;
    let now_ns = now.as_secs() * NS + (now.subsec_micros() as u64) * 1000;
    if target_ns <= now_ns {
        zend::error_docref(
            zend::E_WARNING,
            "Argument #1 ($timestamp) must be greater than or equal to the current time",
        );
        return zend::ret_bool(rv, false);
    }
    wait(Duration::from_nanos(target_ns - now_ns));
    zend::ret_bool(rv, true);
}

fn_hook!(static SLEEP = "sleep" => co_sleep;);
fn_hook!(static USLEEP = "usleep" => co_usleep;);
fn_hook!(static TIME_NANOSLEEP = "time_nanosleep" => co_time_nanosleep;);
fn_hook!(static TIME_SLEEP_UNTIL = "time_sleep_until" => co_time_sleep_until;);

// ---- SWOOLE_HOOK_STREAM_FUNCTION ----------------------------------------------------

/// Argument `i` (from 1) of the call.
///
/// # Safety
/// `ex` is a live call frame with at least `i` arguments.
unsafe fn arg(ex: *mut zend_execute_data, i: usize) -> *mut zval {
    ex.cast::<zval>().add(zend::CALL_FRAME_SLOT + i - 1)
}

/// What a by-reference argument refers to.
///
/// # Safety
/// `z` is a live zval.
unsafe fn deref(z: *mut zval) -> *mut zval {
    // 10 = IS_REFERENCE
    if (*z).u1.v.type_ == 10 {
        ptr::addr_of_mut!((*(*z).value.ref_).val)
    } else {
        z
    }
}

/// Replaces an argument's value by a long (what it held released).
///
/// # Safety
/// `z` is a live zval the caller may overwrite (an argument, or what a reference holds).
unsafe fn set_long_arg(z: *mut zval, v: i64) {
    ffi::zval_ptr_dtor(z);
    zend::ret_long(z, v);
}

/// The fds of the streams in array `z` (a null array: none), as PHP's select() takes
/// them; what is not a stream, or has no fd, is left out (PHP's look already reported it).
///
/// # Safety
/// `z` is a live zval.
unsafe fn stream_fds(z: *mut zval, read: bool, write: bool, out: &mut Vec<(RawFd, bool, bool)>) {
    let Some(ht) = zend::zv(z).array() else {
        return;
    };
    for v in ht.values() {
        let mut p = (v as *const Zval).cast_mut().cast::<zval>();
        p = deref(p);
        if (*p).u1.v.type_ != zend::IS_RESOURCE {
            continue;
        }
        // PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, no error shown.
        let Some(fd) = stream_fd_cast(p, 3 | 0x2000_0000, false) else {
            continue;
        };
        match out.iter_mut().find(|e| e.0 == fd) {
            Some(e) => {
                e.1 |= read;
                e.2 |= write;
            }
            None => out.push((fd, read, write)),
        }
    }
}

/// `stream_select(?array &$read, ?array &$write, ?array &$except, ?int $seconds, ?int
/// $microseconds = null): int|false` in a coroutine. PHP's own function runs with a zero
/// timeout (so arguments, warnings, buffered data, regular files, keys and the result
/// are PHP's); while it finds nothing, the arrays are put back and the coroutine waits
/// for one of the fds (the except set waits for readability) or the timeout, then looks
/// again. A cancelled wait returns false.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_stream_select(ex: *mut zend_execute_data, rv: *mut zval) {
    let (mut r, mut w, mut e): (*mut zval, *mut zval, *mut zval) =
        (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    let (mut sec, mut sec_null, mut usec): (i64, bool, i64) = (0, false, 0);
    if !zpp!(
        ex,
        c"a!a!a!l!|l",
        &mut r as *mut *mut zval,
        &mut w as *mut *mut zval,
        &mut e as *mut *mut zval,
        &mut sec as *mut i64,
        &mut sec_null as *mut bool,
        &mut usec as *mut i64
    ) {
        return;
    }
    let n = zend::num_args(ex) as usize;
    // From here on PHP's function sees plain longs (what it would have coerced them to:
    // a deprecation is not raised twice).
    if !sec_null {
        set_long_arg(arg(ex, 4), sec);
    }
    if n >= 5 {
        set_long_arg(arg(ex, 5), usec);
    }
    if (!sec_null && (sec < 0 || usec < 0)) || (!sec_null && sec == 0 && usec == 0) {
        // Bad timeouts (PHP's errors), or a poll: PHP's function as it is.
        return STREAM_SELECT.call_original(ex, rv);
    }
    let deadline = (!sec_null).then(|| {
        runtime::deadline_after(
            Duration::from_secs(sec as u64) + Duration::from_micros(usec as u64),
        )
    });
    // zpp pointed each array argument at what it refers to: PHP's function replaces
    // the arrays there.
    let sets = [(r, true, false), (w, false, true), (e, true, false)];
    loop {
        // A look with no wait: the arrays as PHP leaves them are what was given.
        let saved: Vec<(*mut zval, Zval)> = sets
            .iter()
            .filter(|s| !s.0.is_null() && zend::zv(s.0).is_array())
            .map(|s| (s.0, zend::zv(s.0).shallow_clone()))
            .collect();
        set_long_arg(arg(ex, 4), 0);
        if n >= 5 {
            set_long_arg(arg(ex, 5), 0);
        }
        ffi::zval_ptr_dtor(rv);
        (*rv).u1.type_info = 1; // IS_NULL
        STREAM_SELECT.call_original(ex, rv);
        let nothing = (*rv).u1.v.type_ == zend::IS_LONG && (*rv).value.lval == 0;
        if !nothing || !(*zend::eg()).exception.is_null() {
            return;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return;
        }
        // Nothing yet: the arrays back as given, and a wait on their fds.
        for (z, v) in saved {
            *zend::zv(z) = v;
        }
        let mut fds = Vec::new();
        for &(z, read, write) in &sets {
            if !z.is_null() {
                stream_fds(z, read, write, &mut fds);
            }
        }
        match runtime::with(|rt| rt.wait_events(&fds, deadline)) {
            Ok(_) | Err(EventWaitError::Wake(Wake::Timeout)) => {}
            Err(EventWaitError::Wake(Wake::Cancelled)) => {
                set_last_error(errors::SW_ERROR_CO_CANCELED);
                return zend::ret_bool(rv, false);
            }
            Err(_) => return zend::ret_bool(rv, false),
        }
    }
}

fn_hook!(static STREAM_SELECT = "stream_select" => co_stream_select;);

/// `stream_socket_pair(int $domain, int $type, int $protocol): array|false` in a
/// coroutine: PHP's arguments and errors, the two streams hooked ones on the net core
/// (as Swoole, which hooks it under this flag, not UNIX).
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_stream_socket_pair(ex: *mut zend_execute_data, rv: *mut zval) {
    let (mut domain, mut ty, mut proto): (i64, i64, i64) = (0, 0, 0);
    if !zpp!(
        ex,
        c"lll",
        &mut domain as *mut i64,
        &mut ty as *mut i64,
        &mut proto as *mut i64
    ) {
        return zend::ret_bool(rv, false);
    }
    // PHP passes them to socketpair(2) as ints.
    super::hook_stream::socket_pair(domain as c_int, ty as c_int, proto as c_int, rv);
}

fn_hook!(static STREAM_SOCKET_PAIR = "stream_socket_pair" => co_stream_socket_pair;);

// ---- SWOOLE_HOOK_NET_FUNCTION -------------------------------------------------------

/// PHP's MAXFQDNLEN.
const MAXFQDNLEN: usize = 255;

/// The IPv4 addresses of `name` by gethostbyname(3) (what PHP calls), on the worker
/// pool; None when the lookup failed (or the wait was cancelled).
fn ipv4_addresses(name: &[u8]) -> Option<Vec<Ipv4Addr>> {
    let name = std::ffi::CString::new(name).ok()?;
    let job = move || {
        let mut he: libc::hostent = unsafe { std::mem::zeroed() };
        let mut buf = vec![0u8; 8192];
        let mut res: *mut libc::hostent = ptr::null_mut();
        let mut herr: c_int = 0;
        loop {
            // SAFETY: every pointer is to a live local; glibc fills `he` from `buf`.
            let rc = unsafe {
                gethostbyname_r(
                    name.as_ptr(),
                    &mut he,
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    &mut res,
                    &mut herr,
                )
            };
            if rc == libc::ERANGE && buf.len() < (1 << 20) {
                buf.resize(buf.len() * 2, 0);
                continue;
            }
            break;
        }
        if res.is_null() || he.h_addrtype != libc::AF_INET || he.h_length != 4 {
            return None;
        }
        let mut out = Vec::new();
        // SAFETY: h_addr_list is a NULL-terminated list of 4-byte addresses in `buf`.
        unsafe {
            let mut p = he.h_addr_list;
            while !p.is_null() && !(*p).is_null() {
                let a = std::slice::from_raw_parts((*p).cast::<u8>(), 4);
                out.push(Ipv4Addr::new(a[0], a[1], a[2], a[3]));
                p = p.add(1);
            }
        }
        Some(out)
    };
    match runtime::with(|rt| rt.run_blocking(job, true)) {
        Ok(Ok(Some(v))) if !v.is_empty() => Some(v),
        _ => None,
    }
}

/// The `p` (path) argument: bytes, no NUL (PHP's ValueError otherwise).
///
/// # Safety
/// `ex` is the live frame of the current call; the slice lives as long as the call,
/// which `'a` must not outlast.
unsafe fn path_arg<'a>(ex: *mut zend_execute_data) -> Option<&'a [u8]> {
    let (mut p, mut len): (*const c_char, usize) = (ptr::null(), 0);
    if !zpp!(
        ex,
        c"p",
        &mut p as *mut *const c_char,
        &mut len as *mut usize
    ) {
        return None;
    }
    // SAFETY: the argument's string, alive for the call.
    Some(std::slice::from_raw_parts(p.cast::<u8>(), len))
}

/// `gethostbyname(string $hostname): string`: the first IPv4 address, or the name
/// itself when it has none (PHP's result, where Swoole's hook returns false).
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_gethostbyname(ex: *mut zend_execute_data, rv: *mut zval) {
    let Some(name) = path_arg(ex) else { return };
    let name = name.to_vec();
    if name.len() > MAXFQDNLEN {
        zend::error_docref(
            zend::E_WARNING,
            &format!("Host name cannot be longer than {MAXFQDNLEN} characters"),
        );
        zend::zv(rv).set_binary(name);
        return;
    }
    match ipv4_addresses(&name) {
        Some(a) => {
            let _ = zend::zv(rv).set_string(&a[0].to_string(), false);
        }
        None => {
            zend::zv(rv).set_binary(name);
        }
    }
}

/// `gethostbynamel(string $hostname): array|false`.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_gethostbynamel(ex: *mut zend_execute_data, rv: *mut zval) {
    let Some(name) = path_arg(ex) else { return };
    let name = name.to_vec();
    if name.len() > MAXFQDNLEN {
        zend::error_docref(
            zend::E_WARNING,
            &format!("Host name cannot be longer than {MAXFQDNLEN} characters"),
        );
        return zend::ret_bool(rv, false);
    }
    match ipv4_addresses(&name) {
        Some(list) => {
            let mut ht = ZendHashTable::new();
            for a in list {
                let _ = ht.push(a.to_string());
            }
            zend::zv(rv).set_hashtable(ht);
        }
        None => zend::ret_bool(rv, false),
    }
}

/// `gethostbyaddr(string $ip): string|false`: getnameinfo(3) with NI_NAMEREQD as PHP,
/// on the worker pool; the address itself when it has no name.
///
/// # Safety
/// The engine's call of the hooked function: `ex` is its frame, `rv` its return value.
unsafe fn co_gethostbyaddr(ex: *mut zend_execute_data, rv: *mut zval) {
    let Some(ip) = path_arg(ex) else { return };
    let text = String::from_utf8_lossy(ip).into_owned();
    // inet_pton(3)'s forms, IPv6 first as PHP tries them.
    let addr: Option<std::net::IpAddr> = text
        .parse::<Ipv6Addr>()
        .map(Into::into)
        .or_else(|_| text.parse::<Ipv4Addr>().map(Into::into))
        .ok()
        .filter(|_| !ip.contains(&0));
    let Some(addr) = addr else {
        zend::error_docref(
            zend::E_WARNING,
            "Address is not a valid IPv4 or IPv6 address",
        );
        return zend::ret_bool(rv, false);
    };
    let job = move || -> Option<Vec<u8>> {
        let sa = std::net::SocketAddr::new(addr, 0);
        let sa = socket2_sockaddr(&sa);
        let mut host = [0 as c_char; 1025]; // NI_MAXHOST
                                            // SAFETY: a sockaddr of its own length; the host buffer's size given.
        let rc = unsafe {
            libc::getnameinfo(
                sa.0.as_ptr().cast(),
                sa.1,
                host.as_mut_ptr(),
                host.len() as libc::socklen_t,
                ptr::null_mut(),
                0,
                libc::NI_NAMEREQD,
            )
        };
        // SAFETY: getnameinfo NUL-terminates what it wrote.
        (rc == 0).then(|| unsafe { CStr::from_ptr(host.as_ptr()) }.to_bytes().to_vec())
    };
    let name = match runtime::with(|rt| rt.run_blocking(job, true)) {
        Ok(Ok(Some(name))) => name,
        _ => ip.to_vec(),
    };
    zend::zv(rv).set_binary(name);
}

/// A socket address as the C API takes it: its bytes and length.
fn socket2_sockaddr(sa: &std::net::SocketAddr) -> (Vec<u8>, libc::socklen_t) {
    match sa {
        std::net::SocketAddr::V4(a) => {
            // SAFETY: all-zero is a valid sockaddr_in.
            let mut s: libc::sockaddr_in = unsafe { std::mem::zeroed() };
            s.sin_family = libc::AF_INET as libc::sa_family_t;
            s.sin_addr.s_addr = u32::from_ne_bytes(a.ip().octets());
            let len = std::mem::size_of::<libc::sockaddr_in>();
            // SAFETY: a plain struct read as its bytes.
            let b = unsafe {
                std::slice::from_raw_parts((&s as *const libc::sockaddr_in).cast::<u8>(), len)
            };
            (b.to_vec(), len as libc::socklen_t)
        }
        std::net::SocketAddr::V6(a) => {
            // SAFETY: all-zero is a valid sockaddr_in6.
            let mut s: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            s.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            s.sin6_addr.s6_addr = a.ip().octets();
            let len = std::mem::size_of::<libc::sockaddr_in6>();
            // SAFETY: a plain struct read as its bytes.
            let b = unsafe {
                std::slice::from_raw_parts((&s as *const libc::sockaddr_in6).cast::<u8>(), len)
            };
            (b.to_vec(), len as libc::socklen_t)
        }
    }
}

fn_hook!(static GETHOSTBYNAME = "gethostbyname" => co_gethostbyname;);
fn_hook!(static GETHOSTBYNAMEL = "gethostbynamel" => co_gethostbynamel;);
fn_hook!(static GETHOSTBYADDR = "gethostbyaddr" => co_gethostbyaddr;);

fn set(hooks: &[&FnHook], on: bool) {
    for h in hooks {
        h.set(on);
    }
}

/// SWOOLE_HOOK_SLEEP on or off.
pub fn set_sleep(on: bool) {
    set(&[&SLEEP, &USLEEP, &TIME_NANOSLEEP, &TIME_SLEEP_UNTIL], on);
}

/// SWOOLE_HOOK_STREAM_FUNCTION on or off.
pub fn set_stream_function(on: bool) {
    set(&[&STREAM_SELECT, &STREAM_SOCKET_PAIR], on);
}

/// SWOOLE_HOOK_NET_FUNCTION on or off.
pub fn set_net_function(on: bool) {
    set(&[&GETHOSTBYNAME, &GETHOSTBYNAMEL, &GETHOSTBYADDR], on);
}
