//! `Swoole\Coroutine\Socket` (alias `Co\Socket`) over the core's coroutine socket, and
//! `swoole_coroutine_socketpair()`. This layer converts arguments and results and keeps
//! the `errCode`/`errMsg` properties the way Swoole does:
//! - I/O methods (recv*, send*, peek, read/writeVector*, recvfrom, sendto,
//!   checkLiveness) set them after every call: 0/"" on success;
//! - bind, listen, accept, connect, shutdown, sendFile, getsockname/getpeername set
//!   them on failure only;
//! - any method on a closed socket returns false with `EBADF`.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_void};
use std::os::fd::AsRawFd;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::time::Duration;

use ext_php_rs::ffi;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendHashTable, Zval};

mod mcast;
mod packet;

use super::coroutine::timeouts;
use super::decl::{self, arg, opt, Func, Param, Ty};
use super::errors::{self, set_last_error};
use super::object::{self, Native};
use super::php_fn;
use super::zend::{
    self, zend_class_entry, zend_object, MAY_BE_ANY, MAY_BE_ARRAY, MAY_BE_BOOL, MAY_BE_DOUBLE, MAY_BE_FALSE,
    MAY_BE_LONG, MAY_BE_STRING,
};
use super::errors::{
    SW_ERROR_BAD_HOST_ADDR, SW_ERROR_BAD_PORT, SW_ERROR_NAME_TOO_LONG, SW_ERROR_PHP_RUNTIME_NOTICE, SW_ERROR_SYSTEM_CALL_FAIL,
};
use crate::net::{Deadline, NetError, NetResult, SockAddr, Socket};
use crate::runtime::{self, dns, Direction};

const SWOOLE_EVENT_READ: i64 = 512;
const SWOOLE_EVENT_WRITE: i64 = 1024;
/// Swoole's default buffer for recv*() and recvfrom() (SW_BUFFER_SIZE_BIG).
const BUFFER_SIZE_BIG: i64 = 65536;
/// Swoole's default listen() backlog (SW_BACKLOG).
const BACKLOG: i64 = 512;
/// Swoole refuses Unix paths of this length or more (`sizeof(sun_path) - 1`).
const UNIX_PATH_MAX: usize = 107;

/// Per-socket timeouts in seconds; zero or negative waits forever.
#[derive(Clone, Copy, Debug)]
struct SockTimeouts {
    connect: f64,
    read: f64,
    write: f64,
    dns: f64,
}

/// The Rust side of a `Swoole\Coroutine\Socket` object.
pub struct Sock {
    net: Socket,
    timeouts: Cell<SockTimeouts>,
    /// `setProtocol()` settings, kept for the TLS/proxy layers.
    settings: RefCell<Option<Zval>>,
    /// `setProtocol()`'s framing keys, as recvPacket uses them.
    packet: RefCell<packet::PacketSettings>,
    /// Connected by connect() or accept(), and not shut down both ways (Swoole's
    /// `connected`, which shutdown() checks).
    connected: Cell<bool>,
    shut_rd: Cell<bool>,
    shut_wr: Cell<bool>,
    /// A read or write reported ECONNRESET: a later failing send reports it again
    /// rather than the kernel's EPIPE (Swoole keeps that errCode).
    reset: Cell<bool>,
    /// The PHP stream whose fd an imported socket uses (a counted reference). The
    /// stream owns the fd: close() closes it through the stream.
    stream: RefCell<Option<Zval>>,
}

impl Drop for Sock {
    fn drop(&mut self) {
        if let Some(z) = self.stream.get_mut().take() {
            // SAFETY: PHP's thread (objects are freed there); `z` holds a resource.
            if unsafe { live_stream(&z) }.is_null() {
                self.net.forget();
            } else {
                // The stream keeps its fd (and goes on working): only leave the loop.
                self.net.close();
            }
        }
    }
}

impl Native for Sock {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        static H: AtomicPtr<ffi::zend_object_handlers> = AtomicPtr::new(ptr::null_mut());
        &H
    }
}

impl Sock {
    fn new(net: Socket) -> Sock {
        let t = timeouts();
        // Swoole turns Nagle off on every TCP socket it creates or accepts.
        if net.sock_type & 0xf == libc::SOCK_STREAM && matches!(net.domain, libc::AF_INET | libc::AF_INET6) {
            let _ = net.setsockopt(libc::IPPROTO_TCP, libc::TCP_NODELAY, &1i32.to_ne_bytes());
        }
        Sock {
            net,
            timeouts: Cell::new(SockTimeouts { connect: t.connect, read: t.read, write: t.write, dns: t.dns }),
            settings: RefCell::new(None),
            packet: RefCell::new(packet::PacketSettings::default()),
            connected: Cell::new(false),
            shut_rd: Cell::new(false),
            shut_wr: Cell::new(false),
            reset: Cell::new(false),
            stream: RefCell::new(None),
        }
    }

    /// The timeout of one call: its own if non-zero, else the socket's. The rule for
    /// odd values (the coroutine API uses the same): NAN is invalid, the call fails at
    /// once with EINVAL; a negative value, -INF included, and +INF wait forever.
    fn timeout(&self, arg: f64, kind: fn(&SockTimeouts) -> f64) -> NetResult<Option<Duration>> {
        let t = if arg == 0.0 { kind(&self.timeouts.get()) } else { arg };
        wait_limit(t)
    }
}

/// A timeout in seconds as a wait limit; see [`Sock::timeout`].
fn wait_limit(t: f64) -> NetResult<Option<Duration>> {
    if t.is_nan() {
        Err(NetError::Os(libc::EINVAL))
    } else if t > 0.0 && t.is_finite() {
        Ok(Some(Duration::from_secs_f64(t.clamp(0.001, 1e9))))
    } else {
        Ok(None)
    }
}

/// The stream an imported socket's zval still names, or null once it was closed.
///
/// # Safety
/// PHP's thread; `z` is a live zval.
unsafe fn live_stream(z: &Zval) -> *mut c_void {
    let zp = (z as *const Zval).cast_mut().cast::<zend::zval>();
    if (*zp).u1.v.type_ != zend::IS_RESOURCE {
        return ptr::null_mut();
    }
    let res = (*zp).value.res;
    if res.is_null() || ((*res).type_ != php_file_le_stream() && (*res).type_ != php_file_le_pstream()) {
        return ptr::null_mut();
    }
    (*res).ptr
}

static SOCKET_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(ptr::null_mut());
static EXCEPTION_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(ptr::null_mut());

// Declared property slots, in declaration order.
const P_FD: usize = 0;
const P_DOMAIN: usize = 1;
const P_TYPE: usize = 2;
const P_PROTOCOL: usize = 3;
const P_ERRCODE: usize = 4;
const P_ERRMSG: usize = 5;

/// A declared property's slot, written directly (the read-only ones too, as Swoole).
///
/// # Safety
/// `obj` is a Socket object (or a subclass: parent slots come first).
unsafe fn prop<'a>(obj: *mut zend_object, slot: usize) -> &'a mut Zval {
    zend::zv((*obj).properties_table.as_mut_ptr().add(slot))
}

/// # Safety
/// `obj` is a live Socket object (or a subclass's): its declared properties are slots 0..4.
unsafe fn init_props(obj: *mut zend_object, s: &Socket) {
    prop(obj, P_FD).set_long(s.fd() as i64);
    prop(obj, P_DOMAIN).set_long(s.domain as i64);
    prop(obj, P_TYPE).set_long(s.sock_type as i64);
    prop(obj, P_PROTOCOL).set_long(s.protocol as i64);
}

/// Records an error in `errCode`/`errMsg` and as the last error.
///
/// # Safety
/// `obj` is a live Socket object (or a subclass's).
unsafe fn set_err(obj: *mut zend_object, code: i32, msg: &str) {
    set_last_error(code);
    prop(obj, P_ERRCODE).set_long(code as i64);
    let _ = prop(obj, P_ERRMSG).set_string(msg, false);
}

/// Resets `errCode`/`errMsg` after a successful I/O call.
///
/// # Safety
/// `obj` is a live Socket object (or a subclass's).
unsafe fn clear_err(obj: *mut zend_object) {
    set_last_error(0);
    let code = prop(obj, P_ERRCODE);
    if code.long() != Some(0) {
        code.set_long(0);
        let _ = prop(obj, P_ERRMSG).set_string("", false);
    }
}

/// Records a failed operation. Two outcomes are fatal in Swoole and end the script
/// here: a second coroutine reading (or writing) a socket another one waits on, and a
/// wait outside any coroutine.
///
/// # Safety
/// `obj` is the live Socket object that owns `s`; PHP's thread.
unsafe fn net_err(obj: *mut zend_object, s: &Sock, e: NetError) {
    let code = match e {
        NetError::Os(libc::ECONNRESET) => {
            s.reset.set(true);
            libc::ECONNRESET
        }
        // A send after the peer reset the connection: Swoole reports the reset again.
        NetError::Os(libc::EPIPE) if s.reset.get() => libc::ECONNRESET,
        NetError::Os(code) => code,
        NetError::Timeout => libc::ETIMEDOUT,
        // Swoole's close() cancels the waiters, so both read ECANCELED.
        NetError::Cancelled | NetError::Closed => libc::ECANCELED,
        NetError::NotInCoroutine => errors::throw_not_in_coroutine(),
        NetError::Bound(cid) => bound_fatal(s, cid),
    };
    set_err(obj, code, &errors::strerror(code));
}

/// Swoole's fatal error for a second reader (or writer) of one socket, with the
/// backtrace of the coroutine that holds it.
fn bound_fatal(s: &Sock, bound: runtime::Cid) -> ! {
    let dir = if s.net.bound_cid(Direction::Read) == bound { "reading" } else { "writing" };
    let msg = format!(
        "Socket#{} has already been bound to another coroutine#{}, {} of the same socket in coroutine#{} at the same time is not allowed",
        s.net.fd(),
        bound,
        dir,
        runtime::current_cid()
    );
    errors::fatal(errors::SW_ERROR_CO_HAS_BEEN_BOUND, &msg, || {
        eprint!("\n [Coroutine-{bound}] Stack trace:\n -------------------------------------------------------------------\n");
        super::coroutine::print_backtrace(bound, 0, 0);
    })
}

/// `$this` and its socket; None (having returned false with EBADF) if it is closed.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn this<'a>(ex: *mut zend::zend_execute_data, rv: *mut zend::zval) -> Option<(*mut zend_object, &'a Sock)> {
    let obj = zend::this_obj(ex);
    let Some(s) = object::get::<Sock>(obj) else {
        errors::fatal(errors::SW_ERROR_WRONG_OPERATION, "must call constructor first", || {})
    };
    if let Ok(stream) = s.stream.try_borrow() {
        // fclose() of the imported stream closed the fd: this socket is closed too.
        if stream.as_ref().is_some_and(|z| live_stream(z).is_null()) {
            s.net.forget();
        }
    }
    if s.net.is_closed() {
        prop(obj, P_ERRCODE).set_long(libc::EBADF as i64);
        let _ = prop(obj, P_ERRMSG).set_string(&errors::strerror(libc::EBADF), false);
        zend::zv(rv).set_bool(false);
        return None;
    }
    Some((obj, s))
}

/// Wraps a new core socket in a PHP object in `rv`.
///
/// # Safety
/// `rv` is a handler's return value (undefined or null, so nothing is overwritten).
unsafe fn new_object(rv: *mut zend::zval, net: Socket) {
    zend::object_init_ex(rv, SOCKET_CE.load(Ordering::Relaxed));
    let obj = (*rv).value.obj;
    init_props(obj, &net);
    // A fresh object: its slot is empty.
    let _ = object::init(obj, Sock::new(net));
}

/// # Safety
/// `p` points to `len` readable bytes (a zpp string argument).
unsafe fn str_arg(p: *const c_char, len: usize) -> String {
    String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len)).into_owned()
}

/// # Safety
/// `p` points to `len` readable bytes that outlive `'a` (a zpp string argument lives for the call).
unsafe fn bytes_arg<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p.cast::<u8>(), len)
    }
}

/// The wait limit of one call, or None having returned false with the error (NAN).
///
/// # Safety
/// `rv` is a handler's return value and `obj` the live Socket object that owns `s`.
unsafe fn limit(rv: *mut zend::zval, obj: *mut zend_object, s: &Sock, r: NetResult<Option<Duration>>) -> Option<Option<Duration>> {
    match r {
        Ok(t) => Some(t),
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
            None
        }
    }
}

/// Returns false from a handler.
///
/// # Safety
/// `rv` is a handler's return value.
unsafe fn ret_false(rv: *mut zend::zval) {
    zend::zv(rv).set_bool(false);
}

/// Swoole's runtime notice: a warning, `swoole_last_error()` set, false returned.
///
/// # Safety
/// `rv` is a handler's return value; PHP's thread, executor active.
unsafe fn notice(rv: *mut zend::zval, msg: &str) {
    set_last_error(SW_ERROR_PHP_RUNTIME_NOTICE);
    zend::error_docref(zend::E_WARNING, msg);
    ret_false(rv);
}

/// Resolves the address of `host`/`port` for this socket: an IP literal of its family,
/// a Unix path, or (with `resolve`) a host name looked up off the loop.
///
/// # Safety
/// PHP's thread, executor active (a host name is resolved in a coroutine wait).
unsafe fn address(s: &Sock, host: &str, port: i64, resolve: bool) -> Result<SockAddr, NetError> {
    if s.net.domain == libc::AF_UNIX {
        // Never truncated: a cut path could name another socket.
        if host.len() >= UNIX_PATH_MAX {
            return Err(NetError::Os(SW_ERROR_NAME_TOO_LONG));
        }
        return Ok(SockAddr::unix(host));
    }
    if !(0..=65535).contains(&port) {
        return Err(NetError::Os(SW_ERROR_BAD_PORT));
    }
    if let Some(a) = SockAddr::ip(s.net.domain, host, port as u16) {
        return Ok(a);
    }
    if !resolve {
        return Err(NetError::Os(SW_ERROR_BAD_HOST_ADDR));
    }
    if !runtime::in_coroutine() {
        return Err(NetError::NotInCoroutine);
    }
    let t = s.timeouts.get().dns;
    let wait = (t > 0.0).then(|| Duration::from_secs_f64(t.clamp(0.001, 1e9)));
    match runtime::with(|rt| rt.resolve(dns::Query::host(host, s.net.domain), wait)) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(SockAddr::Inet(std::net::SocketAddr::new(addrs[0].ip(), port as u16))),
        Ok(_) => {
            errors::warn_if_resolver_failed();
            Err(NetError::Os(errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED))
        }
        Err(runtime::Wake::Timeout) => Err(NetError::Os(errors::SW_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT)),
        Err(runtime::Wake::Cancelled) => Err(NetError::Cancelled),
        Err(_) => Err(NetError::Os(errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED)),
    }
}

fn addr_array(a: &SockAddr) -> ZBox<ZendHashTable> {
    let (host, port) = a.host_port();
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("address", host);
    let _ = ht.insert("port", port as i64);
    ht
}

// ---- construction ---------------------------------------------------------------------

php_fn!(sock_construct, |ex, rv| {
    let (mut domain, mut sock_type, mut protocol): (i64, i64, i64) = (0, 0, 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"ll|l".as_ptr(), &mut domain, &mut sock_type, &mut protocol) != 0 {
        return;
    }
    let obj = zend::this_obj(ex);
    if object::get::<Sock>(obj).is_some() {
        // Swoole throws the engine's own Error here, not Swoole\Error.
        zend::throw(zend::zend_ce_error, "Constructor of Swoole\\Coroutine\\Socket can only be called once", 0);
        return;
    }
    match Socket::new(domain as i32, sock_type as i32, protocol as i32) {
        Ok(net) => {
            init_props(obj, &net);
            // Checked empty above, and nothing ran in between.
            let _ = object::init(obj, Sock::new(net));
        }
        Err(e) => {
            let code = match e {
                NetError::Os(c) => c,
                _ => libc::EINVAL,
            };
            let msg = format!("new Socket() failed. Error: {} [{code}]", errors::strerror(code));
            zend::throw(EXCEPTION_CE.load(Ordering::Relaxed), &msg, code as i64);
        }
    }
});

extern "C" {
    fn zend_fetch_resource2_ex(res: *mut zend::zval, name: *const c_char, t1: c_int, t2: c_int) -> *mut c_void;
    fn php_file_le_stream() -> c_int;
    fn php_file_le_pstream() -> c_int;
    fn _php_stream_cast(stream: *mut c_void, castas: c_int, ret: *mut *mut c_void, show_err: c_int) -> c_int;
    fn _php_stream_free(stream: *mut c_void, close_options: c_int) -> c_int;
}

/// php_stream_free() options: call the stream's close, free the stream, keep the
/// resource (it becomes a closed one).
const PHP_STREAM_FREE_CLOSE: c_int = 1 | 2;
const PHP_STREAM_FREE_KEEP_RSRC: c_int = 64;

/// The fd behind a PHP stream resource (warning and None if it has none).
///
/// # Safety
/// `z` is a live zval; PHP's thread, executor active.
unsafe fn stream_fd(z: *mut zend::zval) -> Option<c_int> {
    let stream = zend_fetch_resource2_ex(z, c"stream".as_ptr(), php_file_le_stream(), php_file_le_pstream());
    if stream.is_null() {
        return None;
    }
    let mut fd: c_int = -1;
    // 2 = PHP_STREAM_AS_SOCKETD, 1 = REPORT_ERRORS
    if _php_stream_cast(stream, 2, (&mut fd as *mut c_int).cast(), 1) != 0 {
        return None;
    }
    Some(fd)
}

fn sockopt_int(fd: c_int, name: c_int) -> Option<i32> {
    let mut v: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: an int-sized out-parameter.
    let r = unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, name, (&mut v as *mut i32).cast(), &mut len) };
    (r == 0).then_some(v)
}

php_fn!(sock_import, |ex, rv| {
    let mut z: *mut zend::zval = ptr::null_mut();
    if zend::zend_parse_parameters(zend::num_args(ex), c"z".as_ptr(), &mut z) != 0 {
        return;
    }
    // An ext-sockets Socket object: go through its stream, as socket_export_stream() gives.
    let mut exported = Zval::new();
    let zr = if (*z).u1.v.type_ == zend::IS_OBJECT {
        let mut f = Zval::new();
        let _ = f.set_string("socket_export_stream", false);
        let mut call = super::vm::Call { callable: f, fcc: std::mem::zeroed(), args: vec![zend::zval_copy(z)] };
        call.invoke(&mut exported);
        if exported.u1.v.type_ != zend::IS_RESOURCE {
            if (*zend::eg()).exception.is_null() {
                zend::throw(zend::zend_ce_type_error, "Swoole\\Coroutine\\Socket::import(): Argument #1 ($stream) must be of type resource or Socket", 0);
            }
            return;
        }
        &mut exported as *mut Zval as *mut zend::zval
    } else if (*z).u1.v.type_ == zend::IS_RESOURCE {
        z
    } else {
        let msg = format!(
            "Swoole\\Coroutine\\Socket::import(): Argument #1 ($stream) must be of type resource, {} given",
            zend::type_name(z)
        );
        zend::throw(zend::zend_ce_type_error, &msg, 0);
        return;
    };
    let Some(fd) = stream_fd(zr) else { return ret_false(rv) };
    let domain = sockopt_int(fd, libc::SO_DOMAIN).unwrap_or(libc::AF_INET);
    let sock_type = sockopt_int(fd, libc::SO_TYPE).unwrap_or(libc::SOCK_STREAM);
    let protocol = sockopt_int(fd, libc::SO_PROTOCOL).unwrap_or(0);
    // The stream's own fd, as Swoole: the stream still owns it (and closes it); the
    // socket holds a reference to the stream, and its close() closes the stream.
    match Socket::borrow(fd, domain, sock_type, protocol) {
        Ok(net) => {
            new_object(rv, net);
            if let Some(s) = object::get::<Sock>((*rv).value.obj) {
                s.connected.set(s.net.peer_addr().is_ok());
                *s.stream.borrow_mut() = Some(zend::zval_copy(zr));
            }
        }
        Err(_) => ret_false(rv),
    }
});

php_fn!(socketpair, |ex, rv| {
    let (mut domain, mut sock_type, mut protocol): (i64, i64, i64) = (0, 0, 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"lll".as_ptr(), &mut domain, &mut sock_type, &mut protocol) != 0 {
        return;
    }
    match Socket::pair(domain as i32, sock_type as i32, protocol as i32) {
        Ok((a, b)) => {
            let mut ht = ZendHashTable::new();
            for s in [a, b] {
                let mut z = Zval::new();
                new_object((&mut z as *mut Zval).cast(), s);
                let _ = ht.push(z);
            }
            zend::zv(rv).set_hashtable(ht);
        }
        Err(e) => {
            let code = if let NetError::Os(c) = e { c } else { libc::EINVAL };
            set_last_error(code);
            zend::error_docref(
                zend::E_WARNING,
                &format!("failed to create socket, Error: {}[{code}]", errors::strerror(code)),
            );
            ret_false(rv);
        }
    }
});

// ---- connection setup -----------------------------------------------------------------

php_fn!(sock_bind, |ex, rv| {
    let (mut host, mut len, mut port): (*const c_char, usize, i64) = (ptr::null(), 0, 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"s|l".as_ptr(), &mut host, &mut len, &mut port) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    // Swoole sets SO_REUSEADDR before every bind.
    let _ = s.net.setsockopt(libc::SOL_SOCKET, libc::SO_REUSEADDR, &1i32.to_ne_bytes());
    let r = address(s, &str_arg(host, len), port, false).and_then(|a| s.net.bind(&a));
    return_bool(rv, obj, s, r);
});

php_fn!(sock_listen, |ex, rv| {
    let mut backlog: i64 = BACKLOG;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut backlog) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let backlog = if backlog <= 0 { BACKLOG } else { backlog.min(i32::MAX as i64) };
    return_bool(rv, obj, s, s.net.listen(backlog as i32));
});

php_fn!(sock_accept, |ex, rv| {
    let mut timeout: f64 = 0.0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|d".as_ptr(), &mut timeout) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.read)) else { return };
    match s.net.accept(t) {
        Ok(conn) => {
            new_object(rv, conn);
            // The new socket inherits the listener's timeouts (Swoole's too).
            if let Some(c) = object::get::<Sock>((*rv).value.obj) {
                c.timeouts.set(s.timeouts.get());
                c.connected.set(true);
            }
        }
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

php_fn!(sock_connect, |ex, rv| {
    let (mut host, mut len, mut port, mut timeout): (*const c_char, usize, i64, f64) = (ptr::null(), 0, 0, 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"s|ld".as_ptr(), &mut host, &mut len, &mut port, &mut timeout) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    // A raw socket needs no port (ICMP has none), as in Swoole.
    if matches!(s.net.domain, libc::AF_INET | libc::AF_INET6) && s.net.sock_type & 0xf != libc::SOCK_RAW {
        if zend::num_args(ex) == 1 {
            return notice(rv, "Socket of type AF_INET/AF_INET6 requires port argument");
        } else if port == 0 || port >= 65536 {
            return notice(rv, &format!("Invalid port argument[{port}]"));
        }
    }
    let host = str_arg(host, len);
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.connect)) else { return };
    let r = address(s, &host, port, true).and_then(|a| s.net.connect(&a, t));
    if r.is_ok() {
        s.connected.set(true);
        s.shut_rd.set(false);
        s.shut_wr.set(false);
    }
    return_bool(rv, obj, s, r);
});

// ---- receiving ------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum RecvMode {
    Once,
    All,
    Line,
    WithBuffer,
}

/// recv(), recvAll(), recvLine(), recvWithBuffer(): the bytes go straight into the
/// zend_string that is returned.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn recv_into_string(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, mode: RecvMode) {
    let (mut length, mut timeout): (i64, f64) = (BUFFER_SIZE_BIG, 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"|ld".as_ptr(), &mut length, &mut timeout) != 0 {
        return;
    }
    if length <= 0 {
        length = BUFFER_SIZE_BIG;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.read)) else { return };
    let buf = recv_buffer(length as usize);
    let spare = zend::zstr_spare(buf);
    let result = match mode {
        RecvMode::Once => s.net.recv(spare, t),
        RecvMode::Line => s.net.recv_line(spare, t),
        RecvMode::WithBuffer => s.net.recv_with_buffer(spare, t),
        RecvMode::All => match s.net.recv_all(spare, t) {
            (0, Some(e)) => Err(e),
            (n, Some(e)) => {
                // Swoole hands back what arrived, with the error that cut it short.
                net_err(obj, s, e);
                return finish_recv(rv, buf, n);
            }
            (n, None) => Ok(n),
        },
    };
    return_read(rv, obj, s, buf, result);
}

/// Returns true, or false with the error recorded (errCode untouched on success, as
/// Swoole's setup methods).
///
/// # Safety
/// `rv` is a handler's return value and `obj` the live Socket object that owns `s`.
unsafe fn return_bool(rv: *mut zend::zval, obj: *mut zend_object, s: &Sock, r: NetResult<()>) {
    match r {
        Ok(()) => zend::zv(rv).set_bool(true),
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

/// Returns a byte count (resetting the error properties), or false with the error.
///
/// # Safety
/// `rv` is a handler's return value and `obj` the live Socket object that owns `s`.
unsafe fn return_count(rv: *mut zend::zval, obj: *mut zend_object, s: &Sock, r: NetResult<usize>) {
    match r {
        Ok(n) => {
            clear_err(obj);
            zend::zv(rv).set_long(n as i64);
        }
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

/// Returns what a read put in `buf` (resetting the error properties), or false with
/// the error recorded.
///
/// # Safety
/// As [`return_count`]; `buf` came from [`recv_buffer`] and holds `n` initialised bytes when `r` is `Ok(n)`.
unsafe fn return_read(rv: *mut zend::zval, obj: *mut zend_object, s: &Sock, buf: *mut zend::zend_string, r: NetResult<usize>) {
    match r {
        Ok(n) => {
            clear_err(obj);
            finish_recv(rv, buf, n);
        }
        Err(e) => {
            release_recv_buffer(buf);
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

/// One spare receive buffer, kept between calls: a small message is copied out of it
/// into a string of its size, so it costs neither a 64 KiB allocation nor a shrinking
/// realloc; a large one is handed out as it is (shrunk in place: no copy).
static SPARE_RECV: AtomicPtr<zend::zend_string> = AtomicPtr::new(ptr::null_mut());

/// Results up to this size are copied (below it, shrinking would copy anyway).
const COPY_OUT_MAX: usize = 3072;

/// A buffer of `len` bytes for a receive: the spare one if it fits.
fn recv_buffer(len: usize) -> *mut zend::zend_string {
    let spare = SPARE_RECV.swap(ptr::null_mut(), Ordering::Relaxed);
    // SAFETY: the spare is a string from zstr_alloc, owned by nobody else.
    if !spare.is_null() && unsafe { (*spare).len } == len {
        return spare;
    }
    if !spare.is_null() {
        // SAFETY: as above; it is ours to free.
        unsafe { zend::zstr_free(spare) };
    }
    zend::zstr_alloc(len)
}

/// Gives an unused receive buffer back (or frees it if a spare is already kept).
///
/// # Safety
/// `buf` came from [`recv_buffer`] in this request and is no longer used by anyone.
unsafe fn release_recv_buffer(buf: *mut zend::zend_string) {
    if let Err(buf) = SPARE_RECV.compare_exchange(ptr::null_mut(), buf, Ordering::Relaxed, Ordering::Relaxed).map_err(|_| buf) {
        zend::zstr_free(buf);
    }
}

/// Forgets any spare buffer left from an earlier request (RINIT): it was request
/// memory, gone with that request's heap, whether or not RSHUTDOWN freed it.
pub fn request_startup() {
    SPARE_RECV.store(ptr::null_mut(), Ordering::Relaxed);
}

/// Frees the spare buffer (RSHUTDOWN: before the request's memory goes).
pub fn request_shutdown() {
    let spare = SPARE_RECV.swap(ptr::null_mut(), Ordering::Relaxed);
    if !spare.is_null() {
        // SAFETY: the spare is ours; the Zend heap is still alive in RSHUTDOWN.
        unsafe { zend::zstr_free(spare) };
    }
}

/// # Safety
/// `rv` is a handler's return value; `buf` came from [`recv_buffer`] and its first `n` bytes are initialised.
unsafe fn finish_recv(rv: *mut zend::zval, buf: *mut zend::zend_string, n: usize) {
    if n == 0 {
        release_recv_buffer(buf);
        zend::return_empty_str(rv);
    } else if n <= COPY_OUT_MAX && (*buf).len > COPY_OUT_MAX {
        let out = zend::zstr_alloc(n);
        ptr::copy_nonoverlapping((*buf).val.as_ptr(), (*out).val.as_mut_ptr(), n);
        release_recv_buffer(buf);
        zend::return_str(rv, zend::zstr_finish(out, n));
    } else {
        zend::return_str(rv, zend::zstr_finish(buf, n));
    }
}

php_fn!(sock_recv, |ex, rv| { recv_into_string(ex, rv, RecvMode::Once) });
php_fn!(sock_recv_all, |ex, rv| { recv_into_string(ex, rv, RecvMode::All) });
php_fn!(sock_recv_line, |ex, rv| { recv_into_string(ex, rv, RecvMode::Line) });
php_fn!(sock_recv_with_buffer, |ex, rv| { recv_into_string(ex, rv, RecvMode::WithBuffer) });

php_fn!(sock_peek, |ex, rv| {
    let mut length: i64 = BUFFER_SIZE_BIG;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut length) != 0 {
        return;
    }
    if length <= 0 {
        length = BUFFER_SIZE_BIG;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let buf = recv_buffer(length as usize);
    let r = s.net.peek(zend::zstr_spare(buf));
    return_read(rv, obj, s, buf, r);
});

php_fn!(sock_recvfrom, |ex, rv| {
    let (mut peer, mut timeout): (*mut zend::zval, f64) = (ptr::null_mut(), 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"z|d".as_ptr(), &mut peer, &mut timeout) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.read)) else { return };
    let buf = recv_buffer(BUFFER_SIZE_BIG as usize);
    match s.net.recvfrom(zend::zstr_spare(buf), t) {
        Ok((n, from)) => {
            clear_err(obj);
            if n > 0 {
                let target = zend::zv(peer);
                let target = if target.is_reference() { target.dereference_mut() } else { target };
                let ht = from.as_ref().map_or_else(ZendHashTable::new, addr_array);
                target.set_hashtable(ht);
            }
            finish_recv(rv, buf, n);
        }
        Err(e) => {
            release_recv_buffer(buf);
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

/// Checks a readVector()/writeVector() array; throws Swoole's Socket\Exception and
/// returns None on a bad item. Yields the items.
///
/// What every vector method starts with: its arguments, the coroutine check, `$this`,
/// the checked array and the timeout (read or write). None: the call has returned.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn vector_call<'a>(
    ex: *mut zend::zend_execute_data,
    rv: *mut zend::zval,
    write: bool,
) -> Option<(*mut zend_object, &'a Sock, Vec<&'a Zval>, Option<Duration>)> {
    let (mut arr, mut timeout): (*mut zend::zval, f64) = (ptr::null_mut(), 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"a|d".as_ptr(), &mut arr, &mut timeout) != 0 {
        return None;
    }
    errors::require_coroutine();
    let (obj, s) = this(ex, rv)?;
    let items = io_vector(obj, rv, arr, write)?;
    let which: fn(&SockTimeouts) -> f64 = if write { |t| t.write } else { |t| t.read };
    let t = limit(rv, obj, s, s.timeout(timeout, which))?;
    Some((obj, s, items, t))
}

/// # Safety
/// `obj` is the live Socket object, `rv` the handler's return value, `arr` the zpp array argument.
unsafe fn io_vector<'a>(
    obj: *mut zend_object,
    rv: *mut zend::zval,
    arr: *mut zend::zval,
    want_string: bool,
) -> Option<Vec<&'a Zval>> {
    let ht = zend::zv(arr).array()?;
    if ht.len() as i64 > super::constants::SWOOLE_IOV_MAX {
        set_err(obj, libc::EINVAL, &format!("The maximum of iov count is {}", super::constants::SWOOLE_IOV_MAX));
        ret_false(rv);
        return None;
    }
    let mut items = Vec::with_capacity(ht.len());
    for (i, v) in ht.values().enumerate() {
        let exc = EXCEPTION_CE.load(Ordering::Relaxed);
        let ok_type = if want_string { v.is_string() } else { v.is_long() };
        if !ok_type {
            let want = if want_string { "string" } else { "int" };
            let msg = format!("Item #[{i}] must be of type {want}, {} given", zend::type_name((v as *const Zval).cast_mut().cast()));
            zend::throw(exc, &msg, libc::EINVAL as i64);
            return None;
        }
        if want_string && v.zend_str().is_some_and(|s| s.is_empty()) {
            zend::throw(exc, &format!("Item #[{i}] cannot be empty string"), libc::EINVAL as i64);
            return None;
        }
        if !want_string && v.long().is_some_and(|n| n <= 0) {
            zend::throw(exc, &format!("Item #[{i}] must be greater than 0"), libc::EINVAL as i64);
            return None;
        }
        items.push(&*(v as *const Zval));
    }
    Some(items)
}

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn read_vector(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let Some((obj, s, items, t)) = vector_call(ex, rv, false) else { return };
    if items.is_empty() {
        // Nothing to read: done at once, whatever the socket's state.
        clear_err(obj);
        return zend::zv(rv).set_hashtable(ZendHashTable::new());
    }
    let lens: Vec<usize> = items.iter().map(|v| v.long().unwrap_or(0) as usize).collect();
    let total: usize = lens.iter().sum();
    // One zend_string per segment, filled in place by readv.
    let bufs: Vec<*mut zend::zend_string> = lens.iter().map(|&n| zend::zstr_alloc(n)).collect();
    let iov: Vec<libc::iovec> = bufs
        .iter()
        .zip(&lens)
        .map(|(&b, &n)| libc::iovec { iov_base: (*b).val.as_mut_ptr().cast(), iov_len: n })
        .collect();
    let deadline = Deadline::new(t);
    let result = if all { readv_all(s, &iov, total, &deadline) } else { s.net.readv(&iov, &deadline).map_err(|e| (0, e)) };
    let n = match result {
        Ok(n) => {
            clear_err(obj);
            n
        }
        Err((n, e)) => {
            net_err(obj, s, e);
            n
        }
    };
    // readVector() fails with false; readVectorAll() gives what it got, [] included.
    if n == 0 && result.is_err() && !all {
        bufs.iter().for_each(|&b| zend::zstr_free(b));
        return ret_false(rv);
    }
    let mut ht = ZendHashTable::new();
    let mut left = n;
    for (&b, &len) in bufs.iter().zip(&lens) {
        if left == 0 {
            zend::zstr_free(b);
            continue;
        }
        let used = len.min(left);
        left -= used;
        let mut z = Zval::new();
        zend::return_str((&mut z as *mut Zval).cast(), zend::zstr_finish(b, used));
        let _ = ht.push(z);
    }
    zend::zv(rv).set_hashtable(ht);
}

/// readv until every segment is full, the peer closes, or an error; Err carries the
/// count so far.
///
/// # Safety
/// Each iovec points to `iov_len` writable bytes, untouched by anyone else until this returns.
unsafe fn readv_all(s: &Sock, iov: &[libc::iovec], total: usize, deadline: &Deadline) -> Result<usize, (usize, NetError)> {
    let mut done = 0;
    let mut rest: Vec<libc::iovec> = iov.to_vec();
    while done < total {
        match s.net.readv(&rest, deadline) {
            Ok(0) => break,
            Ok(n) => {
                done += n;
                advance(&mut rest, n);
            }
            Err(e) => return Err((done, e)),
        }
    }
    Ok(done)
}

/// Drops the first `n` bytes from an iovec list.
fn advance(iov: &mut Vec<libc::iovec>, mut n: usize) {
    while n > 0 && !iov.is_empty() {
        if n >= iov[0].iov_len {
            n -= iov[0].iov_len;
            iov.remove(0);
        } else {
            // SAFETY: moving within the same buffer, n < iov_len.
            iov[0].iov_base = unsafe { iov[0].iov_base.cast::<u8>().add(n) }.cast();
            iov[0].iov_len -= n;
            n = 0;
        }
    }
}

php_fn!(sock_read_vector, |ex, rv| { read_vector(ex, rv, false) });
php_fn!(sock_read_vector_all, |ex, rv| { read_vector(ex, rv, true) });

// ---- sending --------------------------------------------------------------------------

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn send_impl(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let (mut data, mut len, mut timeout): (*const c_char, usize, f64) = (ptr::null(), 0, 0.0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"s|d".as_ptr(), &mut data, &mut len, &mut timeout) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    let data = bytes_arg(data, len);
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.write)) else { return };
    let r = if all {
        match s.net.send_all(data, t) {
            (0, Some(e)) if !data.is_empty() => Err(e),
            (n, Some(e)) => {
                net_err(obj, s, e);
                zend::zv(rv).set_long(n as i64);
                return;
            }
            (n, None) => Ok(n),
        }
    } else {
        s.net.send(data, t)
    };
    return_count(rv, obj, s, r);
}

php_fn!(sock_send, |ex, rv| { send_impl(ex, rv, false) });
php_fn!(sock_send_all, |ex, rv| { send_impl(ex, rv, true) });

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn write_vector(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, all: bool) {
    let Some((obj, s, items, t)) = vector_call(ex, rv, true) else { return };
    if items.is_empty() {
        clear_err(obj);
        return zend::zv(rv).set_long(0);
    }
    let parts: Vec<&[u8]> = items.iter().map(|v| v.zend_str().map_or(&[][..], |z| z.as_bytes())).collect();
    let deadline = Deadline::new(t);
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut sent = 0;
    let mut err = None;
    loop {
        let slices = remaining_slices(&parts, sent);
        match s.net.writev(&slices, &deadline) {
            Ok(n) => sent += n,
            Err(e) => {
                err = Some(e);
                break;
            }
        }
        if !all || sent >= total {
            break;
        }
    }
    match err {
        Some(e) if sent == 0 => {
            net_err(obj, s, e);
            ret_false(rv);
        }
        Some(e) => {
            net_err(obj, s, e);
            zend::zv(rv).set_long(sent as i64);
        }
        None => {
            clear_err(obj);
            zend::zv(rv).set_long(sent as i64);
        }
    }
}

/// The parts of `parts` left after skipping `skip` bytes.
fn remaining_slices<'a>(parts: &[&'a [u8]], mut skip: usize) -> Vec<std::io::IoSlice<'a>> {
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        if skip >= p.len() {
            skip -= p.len();
        } else {
            out.push(std::io::IoSlice::new(&p[skip..]));
            skip = 0;
        }
    }
    out
}

php_fn!(sock_write_vector, |ex, rv| { write_vector(ex, rv, false) });
php_fn!(sock_write_vector_all, |ex, rv| { write_vector(ex, rv, true) });

php_fn!(sock_sendto, |ex, rv| {
    let (mut host, mut hlen, mut port, mut data, mut dlen): (*const c_char, usize, i64, *const c_char, usize) =
        (ptr::null(), 0, 0, ptr::null(), 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"sls".as_ptr(), &mut host, &mut hlen, &mut port, &mut data, &mut dlen) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    if s.net.sock_type & 0xf == libc::SOCK_STREAM {
        net_err(obj, s, NetError::Os(libc::EPROTONOSUPPORT));
        return ret_false(rv);
    }
    let Some(t) = limit(rv, obj, s, s.timeout(0.0, |t| t.write)) else { return };
    let r = address(s, &str_arg(host, hlen), port, true).and_then(|a| s.net.sendto(bytes_arg(data, dlen), &a, t));
    return_count(rv, obj, s, r);
});

php_fn!(sock_send_file, |ex, rv| {
    let (mut file, mut flen, mut offset, mut length): (*const c_char, usize, i64, i64) = (ptr::null(), 0, 0, 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"s|ll".as_ptr(), &mut file, &mut flen, &mut offset, &mut length) != 0 {
        return;
    }
    errors::require_coroutine();
    if flen == 0 {
        set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
        zend::error_docref(zend::E_WARNING, "file to send is empty");
        return ret_false(rv);
    }
    if offset < 0 {
        return notice(rv, &format!("parameter $offset[{offset}] must be greater than or equal to 0"));
    }
    if length < 0 {
        return notice(rv, &format!("parameter $length[{length}] must be greater than or equal to 0"));
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let path = str_arg(file, flen);
    let f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            let code = e.raw_os_error().unwrap_or(libc::EIO);
            set_err(obj, code, &format!("open({path}) failed, {}", errors::strerror(code)));
            return ret_false(rv);
        }
    };
    let end = if length == 0 { f.metadata().map(|m| m.len() as i64).unwrap_or(0) } else { offset.saturating_add(length) };
    let want = (end - offset).max(0) as usize;
    let Some(t) = limit(rv, obj, s, s.timeout(0.0, |t| t.write)) else { return };
    match s.net.sendfile(f.as_raw_fd(), offset, want, t) {
        (n, None) if n == want => zend::zv(rv).set_bool(true),
        // The file ended before `length` bytes: what it had went out (Swoole's code).
        (_, None) => {
            set_err(obj, SW_ERROR_SYSTEM_CALL_FAIL, "sendfile return zero");
            ret_false(rv);
        }
        (_, Some(NetError::Os(code))) => {
            let msg = format!("sendfile({}, {path}) failed, {}", s.net.fd(), errors::strerror(code));
            set_err(obj, code, &msg);
            ret_false(rv);
        }
        (_, Some(e)) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

// ---- options --------------------------------------------------------------------------

fn timeval_array(t: f64) -> ZBox<ZendHashTable> {
    let sec = t.trunc();
    let mut ht = ZendHashTable::new();
    let _ = ht.insert("sec", sec as i64);
    let _ = ht.insert("usec", ((t - sec) * 1_000_000.0) as i64);
    ht
}

/// Linux's `struct tcp_info`, field by field, as Swoole names them.
fn tcp_info_array(raw: &[u8]) -> ZBox<ZendHashTable> {
    let mut ht = ZendHashTable::new();
    for (i, name) in ["state", "ca_state", "retransmits", "probes", "backoff", "options"].iter().enumerate() {
        let _ = ht.insert(*name, raw.get(i).copied().unwrap_or(0) as i64);
    }
    let wscale = raw.get(6).copied().unwrap_or(0);
    let _ = ht.insert("snd_wscale", (wscale & 0xf) as i64);
    let _ = ht.insert("rcv_wscale", (wscale >> 4) as i64);
    let u32s = [
        "rto", "ato", "snd_mss", "rcv_mss", "unacked", "sacked", "lost", "retrans", "fackets", "last_data_sent",
        "last_ack_sent", "last_data_recv", "last_ack_recv", "pmtu", "rcv_ssthresh", "rtt", "rttvar", "snd_ssthresh",
        "snd_cwnd", "advmss", "reordering", "rcv_rtt", "rcv_space", "total_retrans",
    ];
    for (i, name) in u32s.iter().enumerate() {
        let at = 8 + 4 * i;
        let v = raw.get(at..at + 4).map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        let _ = ht.insert(*name, v as i64);
    }
    ht
}

/// # Safety
/// `rv` is a handler's return value; PHP's thread, executor active.
unsafe fn sockopt_warning(rv: *mut zend::zval, what: String, e: NetError) {
    let code = if let NetError::Os(c) = e { c } else { libc::EINVAL };
    set_last_error(code);
    zend::error_docref(zend::E_WARNING, &format!("{what}, Error: {}[{code}]", errors::strerror(code)));
    ret_false(rv);
}

php_fn!(sock_get_option, |ex, rv| {
    let (mut level, mut name): (i64, i64) = (0, 0);
    if zend::zend_parse_parameters(zend::num_args(ex), c"ll".as_ptr(), &mut level, &mut name) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else { return };
    let (level, name) = (level as i32, name as i32);
    let what = || format!("getsockopt({}, {level}, {name})", s.net.fd());
    if level == libc::SOL_SOCKET && (name == libc::SO_RCVTIMEO || name == libc::SO_SNDTIMEO) {
        let t = s.timeouts.get();
        zend::zv(rv).set_hashtable(timeval_array(if name == libc::SO_RCVTIMEO { t.read } else { t.write }));
        return;
    }
    let mut raw = [0u8; 256];
    let tcp_info = name == libc::TCP_INFO && (level == libc::IPPROTO_TCP || level == libc::SOL_TCP);
    let len = match s.net.getsockopt(if tcp_info { libc::IPPROTO_TCP } else { level }, name, &mut raw) {
        Ok(n) => n,
        Err(e) => return sockopt_warning(rv, what(), e),
    };
    if tcp_info {
        zend::zv(rv).set_hashtable(tcp_info_array(&raw[..len]));
    } else if level == libc::SOL_SOCKET && name == libc::SO_LINGER {
        let mut ht = ZendHashTable::new();
        let _ = ht.insert("l_onoff", i32::from_ne_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64);
        let _ = ht.insert("l_linger", i32::from_ne_bytes([raw[4], raw[5], raw[6], raw[7]]) as i64);
        zend::zv(rv).set_hashtable(ht);
    } else if level == libc::IPPROTO_IP && name == libc::IP_MULTICAST_IF {
        // Read back as the interface's index, as ext-sockets does.
        let addr = std::net::Ipv4Addr::new(raw[0], raw[1], raw[2], raw[3]);
        zend::zv(rv).set_long(mcast::index_of_addr(addr) as i64);
    } else if len == 1 {
        zend::zv(rv).set_long(raw[0] as i64);
    } else {
        zend::zv(rv).set_long(i32::from_ne_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64);
    }
});

/// The array (or object properties) behind an option value, or a TypeError.
///
/// # Safety
/// `v` is a live zval that outlives `'a`; PHP's thread, executor active (a warning may be raised).
unsafe fn option_table<'a>(v: *mut zend::zval, option: &str) -> Option<&'a ZendHashTable> {
    let z = zend::zv(v);
    if let Some(ht) = z.array() {
        return Some(&*(ht as *const ZendHashTable));
    }
    let msg = format!(
        "Swoole\\Coroutine\\Socket::setOption(): Argument #3 ($opt_value) must be of type array when argument $option is {option}, {} given",
        zend::type_name(v)
    );
    zend::throw(zend::zend_ce_type_error, &msg, 0);
    None
}

/// PHP's `zval_get_long()`.
///
/// # Safety
/// PHP's thread, executor active (converting an object warns).
unsafe fn get_long(v: &Zval) -> i64 {
    zval_get_long_func((v as *const Zval).cast_mut().cast(), false)
}

extern "C" {
    /// PHP's `zval_get_long()` conversion ("7" is 7, true is 1, an object warns).
    fn zval_get_long_func(op: *mut zend::zval, is_strict: bool) -> i64;
    /// PHP 8 returns `bool` (a C `int` before).
    fn zend_is_true(op: *mut zend::zval) -> bool;
}

/// PHP's truthiness of a value.
///
/// # Safety
/// PHP's thread; `v` is a live zval.
unsafe fn is_true(v: *mut zend::zval) -> bool {
    zend_is_true(v)
}

/// A required key of an option array: warns and gives None when missing.
///
/// # Safety
/// PHP's thread, executor active (a warning may be raised).
unsafe fn option_key(ht: &ZendHashTable, key: &str) -> Option<i64> {
    match ht.get(key) {
        Some(v) => Some(get_long(v)),
        None => {
            zend::error_docref(zend::E_WARNING, &format!("no key \"{key}\" passed in optval"));
            None
        }
    }
}

php_fn!(sock_set_option, |ex, rv| {
    let (mut level, mut name, mut value): (i64, i64, *mut zend::zval) = (0, 0, ptr::null_mut());
    if zend::zend_parse_parameters(zend::num_args(ex), c"llz".as_ptr(), &mut level, &mut name, &mut value) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else { return };
    let (level, name) = (level as i32, name as i32);
    let raw: Vec<u8> = if level == libc::SOL_SOCKET && (name == libc::SO_RCVTIMEO || name == libc::SO_SNDTIMEO) {
        let label = if name == libc::SO_RCVTIMEO { "SO_RCVTIMEO" } else { "SO_SNDTIMEO" };
        let Some(ht) = option_table(value, label) else { return };
        // One warning for the first missing key, as Swoole.
        let Some(sec) = option_key(ht, "sec") else { return ret_false(rv) };
        let Some(usec) = option_key(ht, "usec") else { return ret_false(rv) };
        if sec == 0 && usec == 0 {
            // Swoole takes a zero timeout as "leave it as it is".
            return zend::zv(rv).set_bool(true);
        }
        let t = sec as f64 + usec as f64 / 1_000_000.0;
        let mut all = s.timeouts.get();
        if name == libc::SO_RCVTIMEO {
            all.read = t;
        } else {
            all.write = t;
            all.connect = t;
        }
        s.timeouts.set(all);
        return zend::zv(rv).set_bool(true);
    } else if level == libc::SOL_SOCKET && name == libc::SO_LINGER {
        let Some(ht) = option_table(value, "SO_LINGER") else { return };
        let Some(on) = option_key(ht, "l_onoff") else { return ret_false(rv) };
        let Some(linger) = option_key(ht, "l_linger") else { return ret_false(rv) };
        for (key, v) in [("l_onoff", on), ("l_linger", linger)] {
            if !(0..=65535).contains(&v) {
                let msg = format!(
                    "Swoole\\Coroutine\\Socket::setOption(): Argument #3 ($opt_value) \"{key}\" must be between 0 and 65535"
                );
                zend::throw(zend::zend_ce_value_error, &msg, 0);
                return;
            }
        }
        [(on as i32).to_ne_bytes(), (linger as i32).to_ne_bytes()].concat()
    } else if (name == libc::MCAST_JOIN_GROUP || name == libc::MCAST_LEAVE_GROUP)
        && (level == libc::IPPROTO_IP || level == libc::IPPROTO_IPV6)
    {
        let Some(ht) = option_table(value, "MCAST_JOIN_GROUP/MCAST_LEAVE_GROUP") else { return };
        match group_req(s, ht) {
            Some(r) => r,
            None => return ret_false(rv),
        }
    } else if level == libc::SOL_SOCKET && name == libc::SO_BINDTODEVICE {
        zend::zv(value).str().map_or_else(Vec::new, |v| v.as_bytes().to_vec())
    } else if let Some(r) = mcast::set_value(s, level, name, value) {
        match r {
            Some(raw) => raw,
            None => return ret_false(rv),
        }
    } else {
        (get_long(zend::zv(value)) as i32).to_ne_bytes().to_vec()
    };
    match s.net.setsockopt(level, name, &raw) {
        Ok(()) => zend::zv(rv).set_bool(true),
        Err(e) => sockopt_warning(rv, format!("setsockopt({}) failed", s.net.fd()), e),
    }
});

/// A `struct group_req` for MCAST_JOIN_GROUP/MCAST_LEAVE_GROUP from
/// `['group' => address, 'interface' => index or name]`.
///
/// # Safety
/// PHP's thread, executor active (a warning may be raised).
unsafe fn group_req(s: &Sock, ht: &ZendHashTable) -> Option<Vec<u8>> {
    let group = match ht.get("group").and_then(|g| g.string()) {
        Some(g) => g,
        None => {
            zend::error_docref(zend::E_WARNING, "no key \"group\" passed in optval");
            return None;
        }
    };
    let iface = match ht.get("interface") {
        Some(v) if v.is_long() => v.long().unwrap_or(0) as u32,
        Some(v) => {
            let name = zend::cstr(&v.string().unwrap_or_default());
            libc::if_nametoindex(name.as_ptr())
        }
        None => 0,
    };
    let Some(addr) = SockAddr::ip(s.net.domain, &group, 0) else {
        zend::error_docref(zend::E_WARNING, &format!("Host lookup failed [{}]: \"{group}\"", libc::EINVAL));
        return None;
    };
    let mut req: libc::group_req = std::mem::zeroed();
    req.gr_interface = iface;
    addr.to_raw(&mut req.gr_group);
    Some(std::slice::from_raw_parts((&req as *const libc::group_req).cast::<u8>(), std::mem::size_of::<libc::group_req>()).to_vec())
}

php_fn!(sock_set_protocol, |ex, rv| {
    let mut arr: *mut zend::zval = ptr::null_mut();
    if zend::zend_parse_parameters(zend::num_args(ex), c"a".as_ptr(), &mut arr) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let Some(ht) = zend::zv(arr).array() else { return ret_false(rv) };
    if ht.is_empty() {
        return ret_false(rv);
    }
    let num = |k: &str| ht.get(k).and_then(|v| v.double().or_else(|| v.long().map(|l| l as f64)));
    // A NAN timeout is invalid (see Sock::timeout): nothing is changed.
    if ["timeout", "connect_timeout", "read_timeout", "write_timeout"].iter().any(|k| num(k).is_some_and(f64::is_nan)) {
        set_err(obj, libc::EINVAL, &errors::strerror(libc::EINVAL));
        return ret_false(rv);
    }
    let mut t = s.timeouts.get();
    if let Some(v) = num("timeout") {
        (t.connect, t.read, t.write) = (v, v, v);
    }
    if let Some(v) = num("connect_timeout") {
        t.connect = v;
    }
    if let Some(v) = num("read_timeout") {
        t.read = v;
    }
    if let Some(v) = num("write_timeout") {
        t.write = v;
    }
    s.timeouts.set(t);
    if let Some(v) = ht.get("open_tcp_nodelay") {
        let on = v.bool().unwrap_or_else(|| v.long().is_some_and(|n| n != 0)) as i32;
        let _ = s.net.setsockopt(libc::IPPROTO_TCP, libc::TCP_NODELAY, &on.to_ne_bytes());
    }
    if let Some(v) = num("socket_buffer_size") {
        let size = (v as i64).clamp(0, i32::MAX as i64) as i32;
        let _ = s.net.setsockopt(libc::SOL_SOCKET, libc::SO_SNDBUF, &size.to_ne_bytes());
        let _ = s.net.setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, &size.to_ne_bytes());
    }
    let framed = packet::apply(&mut s.packet.borrow_mut(), ht);
    // Everything else (TLS, proxies) is kept for the layer that acts on it.
    let prev = s.settings.borrow_mut().take();
    *s.settings.borrow_mut() = Some(zend::merge_arrays(prev, ht));
    zend::zv(rv).set_bool(framed);
});

php_fn!(sock_ssl_handshake, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    errors::require_coroutine();
    let Some((obj, _s)) = this(ex, rv) else { return };
    set_err(obj, errors::SW_ERROR_WRONG_OPERATION, "SSL is not enabled on this socket (setProtocol open_ssl)");
    ret_false(rv);
});

// ---- state ----------------------------------------------------------------------------

php_fn!(sock_check_liveness, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    match s.net.check_liveness() {
        Ok(()) => {
            clear_err(obj);
            zend::zv(rv).set_bool(true);
        }
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

fn direction(event: i64) -> Option<Direction> {
    match event {
        SWOOLE_EVENT_READ => Some(Direction::Read),
        SWOOLE_EVENT_WRITE => Some(Direction::Write),
        _ => None,
    }
}

php_fn!(sock_get_bound_cid, |ex, rv| {
    let mut event: i64 = 0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"l".as_ptr(), &mut event) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else { return };
    let cid = match direction(event) {
        Some(d) => s.net.bound_cid(d),
        // Both directions: the reader first, as Swoole.
        None => match s.net.bound_cid(Direction::Read) {
            0 if event & SWOOLE_EVENT_WRITE != 0 => s.net.bound_cid(Direction::Write),
            c if event & SWOOLE_EVENT_READ != 0 => c,
            _ => 0,
        },
    };
    zend::zv(rv).set_long(cid);
});

php_fn!(sock_cancel, |ex, rv| {
    let mut event: i64 = SWOOLE_EVENT_READ;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut event) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else { return };
    let dir = if event == SWOOLE_EVENT_READ { Direction::Read } else { Direction::Write };
    zend::zv(rv).set_bool(s.net.cancel(dir));
});

php_fn!(sock_shutdown, |ex, rv| {
    let mut how: i64 = libc::SHUT_RDWR as i64;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut how) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    // Swoole's state: only a connected socket shuts down, each half once.
    let how = how as i32;
    let done = (how == libc::SHUT_RD && s.shut_rd.get()) || (how == libc::SHUT_WR && s.shut_wr.get());
    let r = if !s.connected.get() || done {
        Err(NetError::Os(libc::ENOTCONN))
    } else {
        match s.net.shutdown(how) {
            Ok(()) => {
                s.shut_rd.set(s.shut_rd.get() || how != libc::SHUT_WR);
                s.shut_wr.set(s.shut_wr.get() || how != libc::SHUT_RD);
                Ok(())
            }
            // The peer reset the connection: both halves are gone.
            Err(NetError::Os(libc::ENOTCONN)) => {
                s.shut_rd.set(true);
                s.shut_wr.set(true);
                Ok(())
            }
            Err(e) => Err(e),
        }
    };
    if s.shut_rd.get() && s.shut_wr.get() {
        s.connected.set(false);
    }
    return_bool(rv, obj, s, r);
});

php_fn!(sock_close, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((_obj, s)) = this(ex, rv) else { return };
    // Swoole leaves the `fd` property as it was.
    let stream = s.stream.borrow_mut().take();
    s.net.close();
    if let Some(z) = stream {
        // An imported socket: closing its stream closes the fd (the peer sees EOF);
        // the resource stays, as a closed one (PHP's own fclose() leaves the same).
        let p = live_stream(&z);
        if !p.is_null() {
            _php_stream_free(p, PHP_STREAM_FREE_KEEP_RSRC | PHP_STREAM_FREE_CLOSE);
        }
    }
    zend::zv(rv).set_bool(true);
});

php_fn!(sock_is_closed, |ex, rv| {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let closed = object::get::<Sock>(zend::this_obj(ex)).is_none_or(|s| s.net.is_closed());
    zend::zv(rv).set_bool(closed);
});

/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
unsafe fn name_of(ex: *mut zend::zend_execute_data, rv: *mut zend::zval, peer: bool) {
    if zend::zend_parse_parameters(zend::num_args(ex), c"".as_ptr()) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    match if peer { s.net.peer_addr() } else { s.net.local_addr() } {
        Ok(a) => zend::zv(rv).set_hashtable(addr_array(&a)),
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
}

php_fn!(sock_getsockname, |ex, rv| { name_of(ex, rv, false) });
php_fn!(sock_getpeername, |ex, rv| { name_of(ex, rv, true) });

// ---- registration ---------------------------------------------------------------------

const INT: Ty = Ty::of(MAY_BE_LONG);
const FLOAT: Ty = Ty::of(MAY_BE_DOUBLE);
const BOOL: Ty = Ty::of(MAY_BE_BOOL);
const STRING: Ty = Ty::of(MAY_BE_STRING);
const STR_FALSE: Ty = Ty::of(MAY_BE_STRING | MAY_BE_FALSE);
const INT_FALSE: Ty = Ty::of(MAY_BE_LONG | MAY_BE_FALSE);
const ARRAY_FALSE: Ty = Ty::of(MAY_BE_ARRAY | MAY_BE_FALSE);
const TIMEOUT: Param = opt("timeout", FLOAT, "0");
const LENGTH: Param = opt("length", INT, "65536");
const PUBLIC: u32 = zend::ACC_PUBLIC;

fn method(name: &'static str, handler: zend::Handler, params: &'static [Param], ret: Ty) -> Func<'static> {
    Func { name, handler, params, ret, flags: PUBLIC }
}

pub fn register() {
    object::handlers_for::<Sock>();
    let socket_or_false = Ty::class("Swoole\\Coroutine\\Socket", MAY_BE_FALSE);
    let methods = [
        method(
            "__construct",
            sock_construct,
            &const { [arg("domain", INT), arg("type", INT), opt("protocol", INT, "IPPROTO_IP")] },
            Ty::NONE,
        ),
        method("bind", sock_bind, &const { [arg("address", STRING), opt("port", INT, "0")] }, BOOL),
        method("listen", sock_listen, &const { [opt("backlog", INT, "512")] }, BOOL),
        method("accept", sock_accept, &const { [TIMEOUT] }, socket_or_false),
        method("connect", sock_connect, &const { [arg("host", STRING), opt("port", INT, "0"), TIMEOUT] }, BOOL),
        method("checkLiveness", sock_check_liveness, &[], BOOL),
        method("getBoundCid", sock_get_bound_cid, &const { [arg("event", INT)] }, INT),
        method("peek", sock_peek, &const { [LENGTH] }, STR_FALSE),
        method("recv", sock_recv, &const { [LENGTH, TIMEOUT] }, STR_FALSE),
        method("send", sock_send, &const { [arg("data", STRING), TIMEOUT] }, INT_FALSE),
        method("readVector", sock_read_vector, &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] }, ARRAY_FALSE),
        method("readVectorAll", sock_read_vector_all, &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] }, ARRAY_FALSE),
        method("writeVector", sock_write_vector, &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] }, INT_FALSE),
        method("writeVectorAll", sock_write_vector_all, &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] }, INT_FALSE),
        method(
            "sendFile",
            sock_send_file,
            &const { [arg("file", STRING), opt("offset", INT, "0"), opt("length", INT, "0")] },
            BOOL,
        ),
        method("recvAll", sock_recv_all, &const { [LENGTH, TIMEOUT] }, STR_FALSE),
        method("sendAll", sock_send_all, &const { [arg("data", STRING), TIMEOUT] }, INT_FALSE),
        method("recvPacket", packet::sock_recv_packet, &const { [TIMEOUT] }, STR_FALSE),
        method("recvLine", sock_recv_line, &const { [LENGTH, TIMEOUT] }, STR_FALSE),
        method("recvWithBuffer", sock_recv_with_buffer, &const { [LENGTH, TIMEOUT] }, STR_FALSE),
        method(
            "recvfrom",
            sock_recvfrom,
            &const { [decl::by_ref(arg("peername", Ty::of(MAY_BE_ANY))), TIMEOUT] },
            STR_FALSE,
        ),
        method(
            "sendto",
            sock_sendto,
            &const { [arg("addr", STRING), arg("port", INT), arg("data", STRING)] },
            INT_FALSE,
        ),
        method("getOption", sock_get_option, &const { [arg("level", INT), arg("opt_name", INT)] }, Ty::of(MAY_BE_ANY)),
        method(
            "setOption",
            sock_set_option,
            &const { [arg("level", INT), arg("opt_name", INT), arg("opt_value", Ty::of(MAY_BE_ANY))] },
            BOOL,
        ),
        method("setProtocol", sock_set_protocol, &const { [arg("settings", Ty::of(MAY_BE_ARRAY))] }, BOOL),
        method("sslHandshake", sock_ssl_handshake, &[], BOOL),
        method("shutdown", sock_shutdown, &const { [opt("how", INT, "2")] }, BOOL),
        method("close", sock_close, &[], BOOL),
        method("cancel", sock_cancel, &const { [opt("event", INT, "SWOOLE_EVENT_READ")] }, BOOL),
        method("getsockname", sock_getsockname, &[], ARRAY_FALSE),
        method("getpeername", sock_getpeername, &[], ARRAY_FALSE),
        method("isClosed", sock_is_closed, &[], BOOL),
        Func {
            name: "import",
            handler: sock_import,
            params: &const { [arg("stream", Ty::NONE)] },
            ret: socket_or_false,
            flags: PUBLIC | zend::ACC_STATIC,
        },
    ];
    let ce = decl::register_class(
        "Swoole\\Coroutine\\Socket",
        ptr::null_mut(),
        &methods,
        zend::ACC_NOT_SERIALIZABLE,
        Some(object::create_object::<Sock>),
    );
    let ro = PUBLIC | zend::ACC_READONLY;
    decl::prop_untyped_long(ce, "fd", -1, ro);
    decl::prop_untyped_long(ce, "domain", 0, ro);
    decl::prop_untyped_long(ce, "type", 0, ro);
    decl::prop_untyped_long(ce, "protocol", 0, ro);
    decl::prop_untyped_long(ce, "errCode", 0, PUBLIC);
    decl::prop_untyped_string(ce, "errMsg", "", PUBLIC);
    SOCKET_CE.store(ce, Ordering::Relaxed);
    decl::alias("Co\\Socket", ce);

    let exc = decl::register_class("Swoole\\Coroutine\\Socket\\Exception", errors::exception_ce(), &[], 0, None);
    EXCEPTION_CE.store(exc, Ordering::Relaxed);
    decl::alias("Co\\Socket\\Exception", exc);

    decl::register_functions(&[Func {
        name: "swoole_coroutine_socketpair",
        handler: socketpair,
        params: &const { [arg("domain", INT), arg("type", INT), arg("protocol", INT)] },
        ret: ARRAY_FALSE,
        flags: 0,
    }]);
}
