//! SWOOLE_HOOK_SOCKETS: ext-sockets' `socket_*` functions on `Swoole\Coroutine\Socket`.
//!
//! As in Swoole 6.2.1, while the hook is on: the 26 functions Swoole replaces get a
//! handler of ours; in a coroutine `socket_create()`, `socket_create_listen()`,
//! `socket_accept()`, `socket_create_pair()` and `socket_import_stream()` give
//! `Swoole\Coroutine\Socket` objects, and ext-sockets' `Socket` is made the parent class
//! of `Swoole\Coroutine\Socket` (so `instanceof Socket` and `Socket` type declarations
//! accept them). Given one of those objects, each function does what swoole/library's
//! `swoole_socket_*()` does (the same Co\Socket methods, so the same results, errors,
//! errCode and warnings; its argument errors name `swoole_socket_*()` as Swoole's do).
//!
//! Where Swoole is unsafe or less useful, plain PHP instead (README): an ext-sockets
//! `Socket` (made outside a coroutine or with the hook off) goes to PHP's own handler
//! in a coroutine too (Swoole: a TypeError); outside a coroutine only our objects take
//! our path (Swoole hands them to PHP's handler, which reads another struct's memory);
//! the ext-sockets functions Swoole leaves alone (`socket_export_stream`,
//! `socket_atmark`, `socket_sendmsg`, `socket_recvmsg`) refuse our objects with a
//! TypeError for the same reason.
//!
//! runtime_hooks.rs turns the hook on and off; everything is put back when it goes off
//! (at the latest at request end), so nothing points here after MSHUTDOWN.

use std::cell::Cell;
use std::ffi::c_int;
use std::ptr;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

use super::errors::{last_error, set_last_error};
use super::hooks::FnHook;
use super::object;
use super::socket::Sock;
use super::state::PROCESS;
use super::zend::{self, zend_class_entry, zend_execute_data, zend_object, zval};
use super::zval::{boolean, long, string};
use crate::runtime;

extern "C" {
    fn zend_parse_arg_long_weak(arg: *mut zval, dest: *mut i64, arg_num: u32) -> bool;
    fn zend_parse_arg_str_weak(
        arg: *mut zval,
        dest: *mut *mut zend::zend_string,
        arg_num: u32,
    ) -> bool;
    static zend_ce_argument_count_error: *mut zend_class_entry;
    static spl_ce_RuntimeException: *mut zend_class_entry;
}

/// `Swoole\Coroutine\Socket`'s declared property slots this file reads or writes
/// (socket/mod.rs declares them in this order).
const P_TYPE: usize = 2;
const P_ERRCODE: usize = 4;
/// `__ext_sockets_nonblock` and `__ext_sockets_timeout`, declared when ext-sockets is
/// loaded (as Swoole built with sockets support declares them).
const P_NONBLOCK: usize = 6;
const P_TIMEOUT: usize = 7;

/// `PHP_BINARY_READ`.
const BINARY_READ: i64 = 2;

/// What a hooked function's first argument decides.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Makes a socket: ours in a coroutine, PHP's outside.
    Create,
    /// Takes a socket first: ours for our objects (and, in a coroutine, for anything
    /// that is not an ext-sockets `Socket`, which gets Swoole's TypeError).
    Sock,
    /// Not replaced by Swoole: PHP's, but our objects are refused.
    Refuse,
}

/// A hooked call's frame, as the emulated `swoole_socket_*()` reads it.
struct Args {
    ex: *mut zend_execute_data,
    n: u32,
    /// swoole/library's name of the function, which its argument errors show.
    name: &'static str,
}

/// Returned when an exception is pending (the call returns nothing more).
struct Thrown;

type Res<T> = Result<T, Thrown>;

fn throw<T>(ce: *mut zend_class_entry, msg: &str) -> Res<T> {
    zend::throw(ce, msg, 0);
    Err(Thrown)
}

fn pending() -> bool {
    // SAFETY: PHP's thread; reading EG(exception).
    unsafe { !(*zend::eg()).exception.is_null() }
}

/// The name a TypeError gives a value: its class for an object, else its type.
fn given(z: *const zval) -> String {
    // SAFETY: a live zval of the frame.
    unsafe {
        if (*z).u1.v.type_ == zend::IS_OBJECT {
            let name = (*(*(*z).value.obj).ce).name;
            return String::from_utf8_lossy(std::slice::from_raw_parts(
                (*name).val.as_ptr().cast::<u8>(),
                (*name).len,
            ))
            .into_owned();
        }
    }
    zend::type_name(z)
}

/// The zval a reference points to (or the zval itself).
///
/// # Safety
/// `z` is a live zval.
unsafe fn deref(z: *mut zval) -> *mut zval {
    if (*z).u1.v.type_ == 10 {
        // IS_REFERENCE
        ptr::addr_of_mut!((*(*z).value.ref_).val)
    } else {
        z
    }
}

/// Our object in `z` (a `Swoole\Coroutine\Socket` or a subclass's), or null.
///
/// # Safety
/// `z` is a live zval.
unsafe fn ours(z: *mut zval) -> *mut zend_object {
    let z = deref(z);
    if (*z).u1.v.type_ == zend::IS_OBJECT && object::is::<Sock>((*z).value.obj) {
        (*z).value.obj
    } else {
        ptr::null_mut()
    }
}

/// Whether `z` holds an ext-sockets `Socket`.
///
/// # Safety
/// `z` is a live zval.
unsafe fn ext_socket(z: *mut zval) -> bool {
    let z = deref(z);
    (*z).u1.v.type_ == zend::IS_OBJECT && (*(*z).value.obj).ce == EXT_SOCKET.get()
}

impl Args {
    /// The `i`th argument (`i < n`).
    fn arg(&self, i: u32) -> *mut zval {
        debug_assert!(i < self.n);
        // SAFETY: ZEND_CALL_ARG(ex, i + 1): the arguments follow the frame.
        unsafe {
            self.ex
                .cast::<zval>()
                .add(zend::CALL_FRAME_SLOT + i as usize)
        }
    }

    /// A user function's argument count check (more arguments are ignored).
    fn need(&self, min: u32, max: u32) -> Res<()> {
        if self.n >= min {
            return Ok(());
        }
        let how = if min == max { "exactly" } else { "at least" };
        throw(
            // SAFETY: an engine class entry, set at startup.
            unsafe { zend_ce_argument_count_error },
            &format!(
                "Too few arguments to function {}(), {} passed and {how} {min} expected",
                self.name, self.n
            ),
        )
    }

    fn type_error<T>(&self, i: u32, param: &str, ty: &str, z: *const zval) -> Res<T> {
        throw(
            // SAFETY: an engine class entry, set at startup.
            unsafe { zend::zend_ce_type_error },
            &format!(
                "{}(): Argument #{} (${param}) must be of type {ty}, {} given",
                self.name,
                i + 1,
                given(z)
            ),
        )
    }

    /// `Socket $socket` (swoole/library's `Socket` is `Swoole\Coroutine\Socket`).
    fn sock(&self, i: u32) -> Res<*mut zend_object> {
        let z = self.arg(i);
        // SAFETY: a live argument.
        let o = unsafe { ours(z) };
        if o.is_null() {
            return self.type_error(i, "socket", "Swoole\\Coroutine\\Socket", z);
        }
        Ok(o)
    }

    /// `?Socket $socket = null`.
    fn opt_sock(&self, i: u32) -> Res<Option<*mut zend_object>> {
        if i >= self.n {
            return Ok(None);
        }
        let z = self.arg(i);
        // SAFETY: a live argument.
        unsafe {
            if (*deref(z)).u1.v.type_ == 1 {
                // IS_NULL
                return Ok(None);
            }
            let o = ours(z);
            if o.is_null() {
                return self.type_error(i, "socket", "?Swoole\\Coroutine\\Socket", z);
            }
            Ok(Some(o))
        }
    }

    /// `int $param [= default]`, converted as a call from non-strict code is.
    fn int(&self, i: u32, param: &str, default: Option<i64>) -> Res<i64> {
        if i >= self.n {
            return Ok(default.unwrap_or(0));
        }
        // SAFETY: a live argument (by value: never a reference here).
        unsafe {
            let z = self.arg(i);
            match (*z).u1.v.type_ {
                zend::IS_LONG => Ok((*z).value.lval),
                1 => self.type_error(i, param, "int", z),
                _ => {
                    let mut v = 0i64;
                    if zend_parse_arg_long_weak(z, &mut v, i + 1) {
                        Ok(v)
                    } else if pending() {
                        Err(Thrown)
                    } else {
                        self.type_error(i, param, "int", z)
                    }
                }
            }
        }
    }

    /// `string $param`: a string zval (a new reference).
    fn string(&self, i: u32, param: &str) -> Res<Zval> {
        // SAFETY: a live argument (by value); zpp's weak conversion rewrites the
        // frame's own slot as a string, as it does for internal functions.
        unsafe {
            let z = self.arg(i);
            match (*z).u1.v.type_ {
                zend::IS_STRING => {}
                1 => return self.type_error(i, param, "string", z),
                _ => {
                    let mut s = ptr::null_mut();
                    if !zend_parse_arg_str_weak(z, &mut s, i + 1) {
                        if pending() {
                            return Err(Thrown);
                        }
                        return self.type_error(i, param, "string", z);
                    }
                }
            }
            Ok(zend::zv(z).shallow_clone())
        }
    }

    /// Assigns to a by-reference argument (if it was passed).
    fn set_ref(&self, i: u32, v: Zval) {
        if i >= self.n {
            return;
        }
        // SAFETY: a live argument. A typed reference's refusal leaves a TypeError
        // pending, which PHP raises when the function returns.
        let _ = zend::assign(unsafe { zend::zv(self.arg(i)) }, v);
    }
}

// ---- calling Co\Socket's methods -------------------------------------------------------

/// Calls `func` (on `obj`, or static when null) with `args`; None when it threw.
///
/// # Safety
/// PHP's thread; `func` is a method of `scope` and `obj` (if any) one of its objects.
unsafe fn invoke(
    func: *mut ffi::zend_function,
    obj: *mut zend_object,
    scope: *mut zend_class_entry,
    args: &mut [Zval],
) -> Res<Zval> {
    let mut ret = Zval::new();
    let mut fci = ffi::zend_fcall_info {
        size: std::mem::size_of::<ffi::zend_fcall_info>(),
        // All-zero: IS_UNDEF, the callable comes from the cache.
        function_name: std::mem::zeroed(),
        retval: (&mut ret as *mut Zval).cast(),
        params: args.as_mut_ptr().cast(),
        object: obj,
        param_count: args.len() as u32,
        named_params: ptr::null_mut(),
    };
    // Zeroed first: PHP 8.3 added a `closure` field (null here).
    let mut fcc: ffi::zend_fcall_info_cache = std::mem::zeroed();
    fcc.function_handler = func;
    fcc.calling_scope = scope;
    fcc.called_scope = scope;
    fcc.object = obj;
    zend::zend_call_function(&mut fci, &mut fcc);
    if pending() {
        return Err(Thrown);
    }
    Ok(ret)
}

/// A function of `table` by its lower-case name.
///
/// # Safety
/// `table` is a live function table.
unsafe fn lookup(table: *const ffi::HashTable, lc_name: &str) -> *mut ffi::zend_function {
    let f = zend::zend_hash_str_find(table, lc_name.as_ptr().cast(), lc_name.len());
    if f.is_null() {
        ptr::null_mut()
    } else {
        (*f).value.ptr.cast()
    }
}

/// `$obj->method(...$args)` (a subclass's override included, as PHP code calls it).
fn call(obj: *mut zend_object, lc_method: &str, args: &mut [Zval]) -> Res<Zval> {
    // SAFETY: `obj` is a live Co\Socket object of the call; its class has the method.
    unsafe {
        let ce = (*obj).ce;
        let f = lookup(ptr::addr_of!((*ce).function_table), lc_method);
        debug_assert!(!f.is_null(), "Co\\Socket::{lc_method}");
        if f.is_null() {
            return Err(Thrown);
        }
        invoke(f, obj, ce, args)
    }
}

/// `new Swoole\Coroutine\Socket(...$args)`.
fn new_socket(args: &mut [Zval]) -> Res<Zval> {
    let ce = PROCESS.socket_ce.get();
    let mut z = Zval::new();
    // SAFETY: PHP's thread; `ce` is our registered class, whose constructor exists.
    unsafe {
        zend::object_init_ex((&mut z as *mut Zval).cast(), ce);
        let obj = (*(&mut z as *mut Zval).cast::<zval>()).value.obj;
        invoke((*ce).constructor, obj, ce, args)?;
    }
    Ok(z)
}

fn truthy(z: &Zval) -> bool {
    super::zval::truthy(z)
}

/// A declared property of our Co\Socket object (through a script's reference to it).
///
/// # Safety
/// `obj` is a live Co\Socket object with at least `slot + 1` declared properties.
unsafe fn prop<'a>(obj: *mut zend_object, slot: usize) -> &'a mut Zval {
    zend::prop(obj, slot)
}

/// Whether the class declares the `__ext_sockets_*` slots.
fn has_ext_props(obj: *mut zend_object) -> bool {
    // SAFETY: a live object.
    unsafe { (*(*obj).ce).default_properties_count as usize > P_TIMEOUT }
}

/// `$s` of a string zval.
fn str_len(z: &Zval) -> usize {
    z.zend_str().map_or(0, |s| s.len())
}

/// The first `len` bytes of a string zval, when `0 < len < strlen` (what the library's
/// `substr($buffer, 0, $length)` does for a length argument).
fn cut(z: Zval, len: i64) -> Zval {
    if len > 0 && (len as usize) < str_len(&z) {
        let bytes = z.binary_slice::<u8>().map(|b| b[..len as usize].to_vec());
        if let Some(b) = bytes {
            let mut out = Zval::new();
            out.set_binary(b);
            return out;
        }
    }
    z
}

/// A key of an array zval (null if absent).
fn key(z: &Zval, k: &str) -> Zval {
    z.array()
        .and_then(|a| a.get(k))
        .map_or_else(Zval::new, Zval::shallow_clone)
}

/// A new `&$ref` holding null, for a by-reference method parameter.
fn new_ref() -> Zval {
    let mut z = Zval::new();
    // SAFETY: ZVAL_NEW_EMPTY_REF + ZVAL_NULL on a fresh emalloc'd reference, as the
    // engine makes one (refcount 1, GC_REFERENCE, no typed sources); the zval owns it.
    unsafe {
        let r = zend::_emalloc(std::mem::size_of::<ffi::zend_reference>())
            .cast::<ffi::zend_reference>();
        (*r).gc.refcount = 1;
        // GC_REFERENCE = IS_REFERENCE | GC_NOT_COLLECTABLE
        (*r).gc.u.type_info = 10 | (1 << 4);
        (*r).val.u1.type_info = 1; // IS_NULL
        (*r).sources.ptr = ptr::null_mut();
        let raw = (&mut z as *mut Zval).cast::<zval>();
        (*raw).value.ref_ = r;
        // IS_REFERENCE_EX: refcounted
        (*raw).u1.type_info = 10 | (1 << 8);
    }
    z
}

fn runtime_exception<T>(msg: &str) -> Res<T> {
    // SAFETY: SPL's class entry, set at startup (SPL is always there).
    throw(unsafe { spl_ce_RuntimeException }, msg)
}

// ---- the functions, as swoole/library's swoole_socket_*() --------------------------------

fn create(a: &Args) -> Res<Zval> {
    a.need(3, 3)?;
    let d = a.int(0, "domain", None)?;
    let t = a.int(1, "type", None)?;
    let p = a.int(2, "protocol", None)?;
    new_socket(&mut [long(d), long(t), long(p)])
}

fn connect(a: &Args) -> Res<Zval> {
    a.need(2, 3)?;
    let s = a.sock(0)?;
    let addr = a.string(1, "address")?;
    let port = a.int(2, "port", Some(0))?;
    call(s, "connect", &mut [addr, long(port)])
}

fn read(a: &Args) -> Res<Zval> {
    a.need(2, 3)?;
    let s = a.sock(0)?;
    let len = a.int(1, "length", None)?;
    let ty = a.int(2, "type", Some(BINARY_READ))?;
    let m = if ty != BINARY_READ {
        "recvline"
    } else {
        "recv"
    };
    call(s, m, &mut [long(len)])
}

fn write(a: &Args) -> Res<Zval> {
    a.need(2, 3)?;
    let s = a.sock(0)?;
    let buf = a.string(1, "buffer")?;
    let len = a.int(2, "length", Some(0))?;
    call(s, "send", &mut [cut(buf, len)])
}

fn send(a: &Args) -> Res<Zval> {
    a.need(4, 4)?;
    let s = a.sock(0)?;
    let buf = a.string(1, "buffer")?;
    let len = a.int(2, "length", None)?;
    let flags = a.int(3, "flags", None)?;
    if flags != 0 {
        return runtime_exception(&format!("$flags[{flags}] is not supported"));
    }
    call(s, "send", &mut [cut(buf, len)])
}

fn recv(a: &Args) -> Res<Zval> {
    a.need(4, 4)?;
    let s = a.sock(0)?;
    let len = a.int(2, "length", None)?;
    let flags = a.int(3, "flags", None)?;
    if flags & libc::MSG_OOB as i64 != 0 {
        // The library's single-quoted text, backslash included.
        return runtime_exception("\\$flags[MSG_OOB] is not supported");
    }
    if flags & libc::MSG_PEEK as i64 != 0 {
        // The library peeks, then reads anyway (what it reads replaces the peek).
        let peeked = call(s, "peek", &mut [long(len)])?;
        a.set_ref(1, peeked);
    }
    let mut timeout = Zval::new();
    if flags & libc::MSG_DONTWAIT as i64 != 0 {
        timeout.set_double(0.001);
    } else {
        timeout.set_long(0);
    }
    let m = if flags & libc::MSG_WAITALL as i64 != 0 {
        "recvall"
    } else {
        "recv"
    };
    let data = call(s, m, &mut [long(len), timeout])?;
    let n = str_len(&data);
    let ok = data.is_string();
    a.set_ref(1, data);
    Ok(if ok { long(n as i64) } else { boolean(false) })
}

fn sock_type(s: *mut zend_object) -> Option<i64> {
    // SAFETY: a live Co\Socket object: `type` is slot 2.
    unsafe { prop(s, P_TYPE) }.long()
}

fn sendto(a: &Args) -> Res<Zval> {
    a.need(5, 6)?;
    let s = a.sock(0)?;
    let buf = a.string(1, "buffer")?;
    let len = a.int(2, "length", None)?;
    let flags = a.int(3, "flags", None)?;
    let addr = a.string(4, "addr")?;
    let port = a.int(5, "port", Some(0))?;
    if flags != 0 {
        return runtime_exception(&format!("$flags[{flags}] is not supported"));
    }
    if sock_type(s) != Some(libc::SOCK_DGRAM as i64) {
        return runtime_exception("only supports dgram type socket");
    }
    call(s, "sendto", &mut [addr, long(port), cut(buf, len)])
}

fn recvfrom(a: &Args) -> Res<Zval> {
    a.need(5, 6)?;
    let s = a.sock(0)?;
    let len = a.int(2, "length", None)?;
    let flags = a.int(3, "flags", None)?;
    if flags != 0 {
        return runtime_exception(&format!("$flags[{flags}] is not supported"));
    }
    if len == 0 {
        // SAFETY: a live Co\Socket object.
        unsafe { prop(s, P_ERRCODE) }.set_long(libc::EAGAIN as i64);
        return Ok(boolean(false));
    }
    if sock_type(s) != Some(libc::SOCK_DGRAM as i64) {
        return runtime_exception("only supports dgram type socket");
    }
    let peer = new_ref();
    let data = call(s, "recvfrom", &mut [peer.shallow_clone()])?;
    if !data.is_string() {
        return Ok(boolean(false));
    }
    let peer = peer.dereference().shallow_clone();
    if !peer.is_array() {
        // `$peer['address']` on null (an empty datagram leaves it unset).
        zend::zend_error_str(
            zend::E_WARNING,
            "Trying to access array offset on value of type null",
        );
    }
    a.set_ref(4, key(&peer, "address"));
    if a.n == 6 {
        if !peer.is_array() {
            zend::zend_error_str(
                zend::E_WARNING,
                "Trying to access array offset on value of type null",
            );
        }
        a.set_ref(5, key(&peer, "port"));
    }
    let data = cut(data, len);
    let n = str_len(&data);
    a.set_ref(1, data);
    Ok(long(n as i64))
}

fn bind(a: &Args) -> Res<Zval> {
    a.need(2, 3)?;
    let s = a.sock(0)?;
    let addr = a.string(1, "address")?;
    let port = a.int(2, "port", Some(0))?;
    call(s, "bind", &mut [addr, long(port)])
}

fn listen(a: &Args) -> Res<Zval> {
    a.need(1, 2)?;
    let s = a.sock(0)?;
    let backlog = a.int(1, "backlog", Some(0))?;
    call(s, "listen", &mut [long(backlog)])
}

fn create_listen(a: &Args) -> Res<Zval> {
    a.need(1, 2)?;
    let port = a.int(0, "port", None)?;
    let backlog = a.int(1, "backlog", Some(128))?;
    let z = new_socket(&mut [
        long(libc::AF_INET as i64),
        long(libc::SOCK_STREAM as i64),
        long(libc::IPPROTO_TCP as i64),
    ])?;
    let Some(s) = z
        .object()
        .map(|o| (o as *const ffi::zend_object).cast_mut())
    else {
        return Ok(boolean(false));
    };
    if !truthy(&call(s, "bind", &mut [string("0.0.0.0"), long(port)])?) {
        return Ok(boolean(false));
    }
    if !truthy(&call(s, "listen", &mut [long(backlog)])?) {
        return Ok(boolean(false));
    }
    Ok(z)
}

fn accept(a: &Args) -> Res<Zval> {
    a.need(1, 1)?;
    let s = a.sock(0)?;
    call(s, "accept", &mut [])
}

fn name(a: &Args, method: &str) -> Res<Zval> {
    a.need(2, 3)?;
    let s = a.sock(0)?;
    let info = call(s, method, &mut [])?;
    if !truthy(&info) {
        return Ok(boolean(false));
    }
    a.set_ref(1, key(&info, "address"));
    if a.n == 3 {
        a.set_ref(2, key(&info, "port"));
    }
    Ok(boolean(true))
}

fn getpeername(a: &Args) -> Res<Zval> {
    name(a, "getpeername")
}

fn getsockname(a: &Args) -> Res<Zval> {
    name(a, "getsockname")
}

fn set_option(a: &Args) -> Res<Zval> {
    a.need(4, 4)?;
    let s = a.sock(0)?;
    let level = a.int(1, "level", None)?;
    let opt = a.int(2, "optname", None)?;
    // SAFETY: a live argument.
    let v = unsafe { zend::zv(a.arg(3)) }.shallow_clone();
    call(s, "setoption", &mut [long(level), long(opt), v])
}

fn get_option(a: &Args) -> Res<Zval> {
    a.need(3, 3)?;
    let s = a.sock(0)?;
    let level = a.int(1, "level", None)?;
    let opt = a.int(2, "optname", None)?;
    call(s, "getoption", &mut [long(level), long(opt)])
}

fn shutdown(a: &Args) -> Res<Zval> {
    a.need(1, 2)?;
    let s = a.sock(0)?;
    let how = a.int(1, "how", Some(2))?;
    call(s, "shutdown", &mut [long(how)])
}

fn close(a: &Args) -> Res<Zval> {
    a.need(1, 1)?;
    let s = a.sock(0)?;
    call(s, "close", &mut [])?;
    Ok(Zval::new())
}

fn clear_error(a: &Args) -> Res<Zval> {
    if let Some(s) = a.opt_sock(0)? {
        // SAFETY: a live Co\Socket object.
        unsafe { prop(s, P_ERRCODE) }.set_long(0);
    }
    set_last_error(0);
    Ok(Zval::new())
}

fn last_error_of(a: &Args) -> Res<Zval> {
    Ok(match a.opt_sock(0)? {
        // SAFETY: a live Co\Socket object.
        Some(s) => unsafe { prop(s, P_ERRCODE) }.shallow_clone(),
        None => long(last_error() as i64),
    })
}

/// `SO_RCVTIMEO` as the library sets it for non-blocking mode: 1 ms.
fn nonblock_timeout() -> Zval {
    let mut ht = ext_php_rs::types::ZendHashTable::new();
    let _ = ht.insert("sec", 0i64);
    let _ = ht.insert("usec", 1000i64);
    let mut z = Zval::new();
    z.set_hashtable(ht);
    z
}

fn set_block(a: &Args) -> Res<Zval> {
    a.need(1, 1)?;
    let s = a.sock(0)?;
    if truthy(&call(s, "isclosed", &mut [])?) {
        return Ok(boolean(false));
    }
    if has_ext_props(s) {
        // SAFETY: a live Co\Socket object whose class declares the slots.
        unsafe {
            if truthy(prop(s, P_NONBLOCK)) {
                let saved = prop(s, P_TIMEOUT).shallow_clone();
                call(
                    s,
                    "setoption",
                    &mut [
                        long(libc::SOL_SOCKET as i64),
                        long(libc::SO_RCVTIMEO as i64),
                        saved,
                    ],
                )?;
            }
            prop(s, P_NONBLOCK).set_bool(false);
        }
    }
    Ok(boolean(true))
}

fn set_nonblock(a: &Args) -> Res<Zval> {
    a.need(1, 1)?;
    let s = a.sock(0)?;
    if truthy(&call(s, "isclosed", &mut [])?) {
        return Ok(boolean(false));
    }
    if !has_ext_props(s) {
        return Ok(boolean(true));
    }
    // SAFETY: a live Co\Socket object whose class declares the slots.
    unsafe {
        if truthy(prop(s, P_NONBLOCK)) {
            return Ok(boolean(true));
        }
        prop(s, P_NONBLOCK).set_bool(true);
        let t = call(
            s,
            "getoption",
            &mut [
                long(libc::SOL_SOCKET as i64),
                long(libc::SO_RCVTIMEO as i64),
            ],
        )?;
        *prop(s, P_TIMEOUT) = t;
    }
    call(
        s,
        "setoption",
        &mut [
            long(libc::SOL_SOCKET as i64),
            long(libc::SO_RCVTIMEO as i64),
            nonblock_timeout(),
        ],
    )?;
    Ok(boolean(true))
}

fn create_pair(a: &Args) -> Res<Zval> {
    a.need(4, 4)?;
    let d = a.int(0, "domain", None)?;
    let t = a.int(1, "type", None)?;
    let p = a.int(2, "protocol", None)?;
    // SAFETY: a live argument (a reference: the parameter is by reference).
    let pair = unsafe { deref(a.arg(3)) };
    // SAFETY: as above.
    if unsafe { (*pair).u1.v.type_ } != 7 {
        // IS_ARRAY: `array &$pair`
        return a.type_error(3, "pair", "array", pair);
    }
    // SAFETY: CG(function_table) is live; the function is ours, always registered.
    let f = unsafe {
        lookup(
            ffi::compiler_globals.function_table,
            "swoole_coroutine_socketpair",
        )
    };
    if f.is_null() {
        return Ok(boolean(false));
    }
    // SAFETY: a plain function, no object.
    let r = unsafe {
        invoke(
            f,
            ptr::null_mut(),
            ptr::null_mut(),
            &mut [long(d), long(t), long(p)],
        )
    }?;
    if !truthy(&r) {
        return Ok(boolean(false));
    }
    a.set_ref(3, r);
    Ok(boolean(true))
}

fn import_stream(a: &Args) -> Res<Zval> {
    a.need(1, 1)?;
    let ce = PROCESS.socket_ce.get();
    // SAFETY: a live argument; `import` is a static method of our class.
    unsafe {
        let v = zend::zv(a.arg(0)).shallow_clone();
        let f = lookup(ptr::addr_of!((*ce).function_table), "import");
        invoke(f, ptr::null_mut(), ce, &mut [v])
    }
}

// ---- the handlers ------------------------------------------------------------------------

/// ext-sockets' `Socket` class while the hook is on (null otherwise).
struct CeCell(Cell<*mut zend_class_entry>);
// SAFETY: PHP's one thread only (NTS), as state.rs's statics.
unsafe impl Sync for CeCell {}
static EXT_SOCKET: CeCell = CeCell(Cell::new(ptr::null_mut()));

impl CeCell {
    fn get(&self) -> *mut zend_class_entry {
        self.0.get()
    }
}

/// The class whose `parent` we set (null when none is set).
static LINKED: CeCell = CeCell(Cell::new(ptr::null_mut()));

type Body = fn(&Args) -> Res<Zval>;

/// Our handler's work: the emulation, PHP's handler, or the refusal.
///
/// # Safety
/// The engine's frame and return value of a call to `hook`'s function, ours in place.
unsafe fn dispatch(
    hook: &FnHook,
    name: &'static str,
    kind: Kind,
    body: Body,
    ex: *mut zend_execute_data,
    rv: *mut zval,
) {
    let n = zend::num_args(ex);
    let a = Args { ex, n, name };
    let first = if n > 0 { a.arg(0) } else { ptr::null_mut() };
    let mine = !first.is_null() && !ours(first).is_null();
    let emulate = match kind {
        Kind::Create => runtime::in_coroutine(),
        Kind::Sock => mine || (runtime::in_coroutine() && (first.is_null() || !ext_socket(first))),
        Kind::Refuse => {
            if mine {
                let _: Res<()> = throw(
                    zend::zend_ce_type_error,
                    &format!(
                        "{name}(): Argument #1 ($socket) must be of type Socket, {} given",
                        given(first)
                    ),
                );
                return;
            }
            false
        }
    };
    if !emulate {
        hook.call_original(ex, rv);
        return;
    }
    if let Ok(v) = body(&a) {
        // SAFETY: the return value is still null/undefined: nothing to drop.
        ptr::write(rv.cast::<Zval>(), v);
    }
}

macro_rules! hooks {
    ($($hook:ident = $name:literal, $lib:literal, $kind:ident, $body:path;)*) => {
        $(
            static $hook: FnHook = {
                unsafe extern "C" fn handler(ex: *mut zend_execute_data, rv: *mut zval) {
                    // SAFETY: the engine calls it for this function, after install().
                    unsafe { dispatch(&$hook, $lib, Kind::$kind, $body, ex, rv) }
                }
                FnHook::new($name, handler)
            };
        )*
        /// Every function this hook replaces.
        static HOOKS: &[&FnHook] = &[$(&$hook),*];
    };
}

fn refuse(_: &Args) -> Res<Zval> {
    Ok(Zval::new())
}

hooks! {
    CREATE = "socket_create", "swoole_socket_create", Create, create;
    CREATE_LISTEN = "socket_create_listen", "swoole_socket_create_listen", Create, create_listen;
    CREATE_PAIR = "socket_create_pair", "swoole_socket_create_pair", Create, create_pair;
    IMPORT_STREAM = "socket_import_stream", "swoole_socket_import_stream", Create, import_stream;
    CONNECT = "socket_connect", "swoole_socket_connect", Sock, connect;
    WRITE = "socket_write", "swoole_socket_write", Sock, write;
    READ = "socket_read", "swoole_socket_read", Sock, read;
    SEND = "socket_send", "swoole_socket_send", Sock, send;
    RECV = "socket_recv", "swoole_socket_recv", Sock, recv;
    SENDTO = "socket_sendto", "swoole_socket_sendto", Sock, sendto;
    RECVFROM = "socket_recvfrom", "swoole_socket_recvfrom", Sock, recvfrom;
    BIND = "socket_bind", "swoole_socket_bind", Sock, bind;
    LISTEN = "socket_listen", "swoole_socket_listen", Sock, listen;
    ACCEPT = "socket_accept", "swoole_socket_accept", Sock, accept;
    GETPEERNAME = "socket_getpeername", "swoole_socket_getpeername", Sock, getpeername;
    GETSOCKNAME = "socket_getsockname", "swoole_socket_getsockname", Sock, getsockname;
    GETOPT = "socket_getopt", "swoole_socket_getopt", Sock, get_option;
    GET_OPTION = "socket_get_option", "swoole_socket_get_option", Sock, get_option;
    SETOPT = "socket_setopt", "swoole_socket_setopt", Sock, set_option;
    SET_OPTION = "socket_set_option", "swoole_socket_set_option", Sock, set_option;
    SET_BLOCK = "socket_set_block", "swoole_socket_set_block", Sock, set_block;
    SET_NONBLOCK = "socket_set_nonblock", "swoole_socket_set_nonblock", Sock, set_nonblock;
    SHUTDOWN = "socket_shutdown", "swoole_socket_shutdown", Sock, shutdown;
    CLOSE = "socket_close", "swoole_socket_close", Sock, close;
    CLEAR_ERROR = "socket_clear_error", "swoole_socket_clear_error", Sock, clear_error;
    LAST_ERROR = "socket_last_error", "swoole_socket_last_error", Sock, last_error_of;
    EXPORT_STREAM = "socket_export_stream", "socket_export_stream", Refuse, refuse;
    ATMARK = "socket_atmark", "socket_atmark", Refuse, refuse;
    SENDMSG = "socket_sendmsg", "socket_sendmsg", Refuse, refuse;
    RECVMSG = "socket_recvmsg", "socket_recvmsg", Refuse, refuse;
}

/// ext-sockets' `Socket` class, or null without ext-sockets.
fn ext_socket_ce() -> *mut zend_class_entry {
    let name = "socket";
    // SAFETY: PHP's thread; CG(class_table) is live, a lookup does not change it.
    unsafe {
        let z = zend::zend_hash_str_find(
            ffi::compiler_globals.class_table,
            name.as_ptr().cast(),
            name.len(),
        );
        if z.is_null() {
            return ptr::null_mut();
        }
        let ce = (*z).value.ce;
        // 1 = ZEND_INTERNAL_CLASS: ext-sockets' own.
        if (*ce).type_ as c_int == 1 {
            ce
        } else {
            ptr::null_mut()
        }
    }
}

/// Puts the hooked `socket_*` functions in place (`on`) or PHP's back, and makes
/// `Socket` the parent class of `Swoole\Coroutine\Socket` while on. Without
/// ext-sockets, nothing (runtime_hooks.rs does not report the flag then).
pub fn set_enabled(on: bool) {
    if on {
        if !EXT_SOCKET.get().is_null() {
            return;
        }
        let ext = ext_socket_ce();
        let co = PROCESS.socket_ce.get();
        if ext.is_null() || co.is_null() {
            return;
        }
        EXT_SOCKET.0.set(ext);
        for h in HOOKS {
            h.install();
        }
        // SAFETY: both are internal classes that live as long as the process; the
        // root of our class's chain gets a parent only while the hook is on (as Swoole
        // does), and loses it before the request ends. The engine reads `parent` for
        // instanceof checks and reflection only: internal classes are linked already.
        unsafe {
            let mut root = co;
            while !(*root).__bindgen_anon_1.parent.is_null() {
                root = (*root).__bindgen_anon_1.parent;
                if root == ext {
                    return;
                }
            }
            (*root).__bindgen_anon_1.parent = ext;
            LINKED.0.set(root);
        }
    } else {
        if EXT_SOCKET.get().is_null() {
            return;
        }
        for h in HOOKS {
            h.remove();
        }
        let root = LINKED.0.replace(ptr::null_mut());
        if !root.is_null() {
            // SAFETY: the class whose parent `set_enabled(true)` set.
            unsafe { (*root).__bindgen_anon_1.parent = ptr::null_mut() };
        }
        EXT_SOCKET.0.set(ptr::null_mut());
    }
}
