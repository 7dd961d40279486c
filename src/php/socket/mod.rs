//! `Swoole\Coroutine\Socket` (alias `Co\Socket`) over the core's coroutine socket, and
//! `swoole_coroutine_socketpair()`. This layer converts arguments and results and keeps
//! the `errCode`/`errMsg` properties the way Swoole does:
//! - I/O methods (recv*, send*, peek, read/writeVector*, recvfrom, sendto,
//!   checkLiveness) set them after every call: 0/"" on success;
//! - bind, listen, accept, connect, shutdown, sendFile, getsockname/getpeername set
//!   them on failure only;
//! - any method on a closed socket returns false with `EBADF`.
//!
//! This file is the class itself (the `Sock` object, its property slots, the error and
//! return helpers every method shares, the method table); the methods live beside it:
//! setup.rs (construction, import, bind/listen/accept/connect), recv.rs, send.rs,
//! vector.rs (read/writeVector*), options.rs (get/setOption, setProtocol), state.rs
//! (shutdown, close, cancel, names), packet.rs (recvPacket), stream.rs (imported streams);
//! tls.rs and proxy.rs turn setProtocol()'s TLS and proxy keys into settings.

use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

mod mcast;
mod options;
mod packet;
mod proxy;
mod recv;
mod send;
mod setup;
mod state;
mod stream;
mod tls;
mod vector;

pub use recv::{request_shutdown, request_startup};

use options::{sock_get_option, sock_set_option, sock_set_protocol, sock_ssl_handshake};
use recv::{
    sock_peek, sock_recv, sock_recv_all, sock_recv_line, sock_recv_with_buffer, sock_recvfrom,
};
use send::{sock_send, sock_send_all, sock_send_file, sock_sendto};
use setup::{
    sock_accept, sock_bind, sock_connect, sock_construct, sock_import, sock_listen, socketpair,
};
use state::{
    sock_cancel, sock_check_liveness, sock_close, sock_get_bound_cid, sock_getpeername,
    sock_getsockname, sock_is_closed, sock_shutdown,
};
use stream::live_stream;
use vector::{sock_read_vector, sock_read_vector_all, sock_write_vector, sock_write_vector_all};

use super::coroutine::timeouts;
use super::decl::{self, arg, opt, Func, Param, Ty};
use super::errors::{self, set_last_error, SW_ERROR_PHP_RUNTIME_NOTICE};
use super::object::{self, Native};
use super::zend::{
    self, zend_class_entry, zend_object, MAY_BE_ANY, MAY_BE_ARRAY, MAY_BE_BOOL, MAY_BE_DOUBLE,
    MAY_BE_FALSE, MAY_BE_LONG, MAY_BE_STRING,
};
use crate::net::{NetError, NetResult, Socket};
use crate::runtime::{self, Direction, Timeout};

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
    /// `setProtocol()`'s proxy keys: connect() goes through this proxy.
    proxy: RefCell<Option<proxy::Proxy>>,
    /// `setProtocol()`'s framing keys, as recvPacket uses them.
    packet: RefCell<packet::PacketSettings>,
    /// `setProtocol()`'s TLS keys (an accepted socket starts with its listener's).
    tls: RefCell<tls::TlsSettings>,
    /// Made by accept(): a TLS handshake here is the server's side.
    accepted: Cell<bool>,
    /// Connected by connect() or accept(), and not shut down both ways (Swoole's
    /// `connected`, which shutdown() checks).
    connected: Cell<bool>,
    shut_rd: Cell<bool>,
    shut_wr: Cell<bool>,
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
        // Swoole turns Nagle off on every TCP socket it creates or accepts (an accepted
        // one usually has it off already: it inherits its listener's setting).
        if net.sock_type() & 0xf == libc::SOCK_STREAM
            && matches!(net.domain(), libc::AF_INET | libc::AF_INET6)
        {
            let _ = net.set_nodelay();
        }
        // And gives every UDP socket it creates or imports `socket_buffer_size` for
        // both buffers (the kernel caps it at rmem_max/wmem_max), so that a burst is
        // not dropped before the loop reads it.
        if net.sock_type() & 0xf == libc::SOCK_DGRAM
            && matches!(net.domain(), libc::AF_INET | libc::AF_INET6)
        {
            if let Some(size) = super::coroutine::socket_buffer_size() {
                let _ = net.setsockopt(libc::SOL_SOCKET, libc::SO_SNDBUF, &size.to_ne_bytes());
                let _ = net.setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, &size.to_ne_bytes());
            }
        }
        Sock {
            net,
            timeouts: Cell::new(SockTimeouts {
                connect: t.connect,
                read: t.read,
                write: t.write,
                dns: t.dns,
            }),
            proxy: RefCell::new(None),
            packet: RefCell::new(packet::PacketSettings::default()),
            tls: RefCell::new(tls::TlsSettings::default()),
            accepted: Cell::new(false),
            connected: Cell::new(false),
            shut_rd: Cell::new(false),
            shut_wr: Cell::new(false),
            stream: RefCell::new(None),
        }
    }

    /// The timeout of one call: its own if non-zero, else the socket's. The rule for
    /// odd values (the coroutine API uses the same): NAN is invalid, the call fails at
    /// once with EINVAL; a negative value, -INF included, and +INF wait forever.
    fn timeout(&self, arg: f64, kind: fn(&SockTimeouts) -> f64) -> NetResult<Timeout> {
        let t = if arg == 0.0 {
            kind(&self.timeouts.get())
        } else {
            arg
        };
        wait_limit(t)
    }
}

/// A timeout in seconds as a wait limit; see [`Sock::timeout`].
fn wait_limit(t: f64) -> NetResult<Timeout> {
    Timeout::from_secs(t).map_err(|_| NetError::Os(libc::EINVAL))
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
    prop(obj, P_DOMAIN).set_long(s.domain() as i64);
    prop(obj, P_TYPE).set_long(s.sock_type() as i64);
    prop(obj, P_PROTOCOL).set_long(s.protocol() as i64);
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
        // A send on a connection that is gone: Swoole keeps the errCode of an earlier
        // failure until a call succeeds or waits, so after a reset that the last call
        // reported, sends report the reset too; after a success in between, EPIPE.
        NetError::Os(libc::EPIPE)
            if prop(obj, P_ERRCODE).long() == Some(libc::ECONNRESET as i64) =>
        {
            libc::ECONNRESET
        }
        NetError::Os(code) | NetError::Swoole(code) => code,
        NetError::Timeout => libc::ETIMEDOUT,
        // Swoole's close() cancels the waiters, so both read ECANCELED.
        NetError::Cancelled | NetError::Closed => libc::ECANCELED,
        NetError::NotInCoroutine => errors::throw_not_in_coroutine(),
        NetError::Bound(cid) => return bound_fatal(s, cid),
        // Swoole's SSL code, and a message naming OpenSSL's reason.
        NetError::Tls(t) => return set_err(obj, t.code(), &t.message()),
    };
    set_err(obj, code, &errors::strerror(code));
}

/// Swoole's fatal error for a second reader (or writer) of one socket, with the
/// backtrace of the coroutine that holds it (the caller returns: see errors::fatal).
fn bound_fatal(s: &Sock, bound: runtime::Cid) {
    let dir = if s.net.bound_cid(Direction::Read) == bound {
        "reading"
    } else {
        "writing"
    };
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
unsafe fn this<'a>(
    ex: *mut zend::zend_execute_data,
    rv: *mut zend::zval,
) -> Option<(*mut zend_object, &'a Sock)> {
    let obj = zend::this_obj(ex);
    let Some(s) = object::get::<Sock>(obj) else {
        errors::fatal(
            errors::SW_ERROR_WRONG_OPERATION,
            "must call constructor first",
            || {},
        );
        return None;
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

/// # Safety
/// `p` points to `len` readable bytes that outlive `'a` (a zpp string argument lives for the call).
unsafe fn bytes_arg<'a>(p: *const c_char, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p.cast::<u8>(), len)
    }
}

/// What a method taking only `$timeout` starts with: the argument, the coroutine
/// check, `$this` and the read timeout in force. None: the call has returned.
///
/// # Safety
/// Called from a handler: PHP's thread, executor active, `ex`/`rv` the handler's frame and return value. `$this` is a Socket (or a subclass).
pub(super) unsafe fn read_timeout_call<'a>(
    ex: *mut zend::zend_execute_data,
    rv: *mut zend::zval,
) -> Option<(*mut zend_object, &'a Sock, Timeout)> {
    let mut timeout: f64 = 0.0;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|d".as_ptr(), &mut timeout) != 0 {
        return None;
    }
    errors::require_coroutine();
    let (obj, s) = this(ex, rv)?;
    let t = limit(rv, obj, s, s.timeout(timeout, |t| t.read))?;
    Some((obj, s, t))
}

/// The wait limit of one call, or None having returned false with the error (NAN).
///
/// # Safety
/// `rv` is a handler's return value and `obj` the live Socket object that owns `s`.
unsafe fn limit(
    rv: *mut zend::zval,
    obj: *mut zend_object,
    s: &Sock,
    r: NetResult<Timeout>,
) -> Option<Timeout> {
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

fn method(
    name: &'static str,
    handler: zend::Handler,
    params: &'static [Param],
    ret: Ty,
) -> Func<'static> {
    Func {
        name,
        handler,
        params,
        ret,
        flags: PUBLIC,
    }
}

pub fn register() {
    object::handlers_for::<Sock>();
    setup::module_startup();
    let socket_or_false = Ty::class("Swoole\\Coroutine\\Socket", MAY_BE_FALSE);
    let methods = [
        method(
            "__construct",
            sock_construct,
            &const {
                [
                    arg("domain", INT),
                    arg("type", INT),
                    opt("protocol", INT, "IPPROTO_IP"),
                ]
            },
            Ty::NONE,
        ),
        method(
            "bind",
            sock_bind,
            &const { [arg("address", STRING), opt("port", INT, "0")] },
            BOOL,
        ),
        method(
            "listen",
            sock_listen,
            &const { [opt("backlog", INT, "512")] },
            BOOL,
        ),
        method("accept", sock_accept, &const { [TIMEOUT] }, socket_or_false),
        method(
            "connect",
            sock_connect,
            &const { [arg("host", STRING), opt("port", INT, "0"), TIMEOUT] },
            BOOL,
        ),
        method("checkLiveness", sock_check_liveness, &[], BOOL),
        method(
            "getBoundCid",
            sock_get_bound_cid,
            &const { [arg("event", INT)] },
            INT,
        ),
        method("peek", sock_peek, &const { [LENGTH] }, STR_FALSE),
        method("recv", sock_recv, &const { [LENGTH, TIMEOUT] }, STR_FALSE),
        method(
            "send",
            sock_send,
            &const { [arg("data", STRING), TIMEOUT] },
            INT_FALSE,
        ),
        method(
            "readVector",
            sock_read_vector,
            &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] },
            ARRAY_FALSE,
        ),
        method(
            "readVectorAll",
            sock_read_vector_all,
            &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] },
            ARRAY_FALSE,
        ),
        method(
            "writeVector",
            sock_write_vector,
            &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] },
            INT_FALSE,
        ),
        method(
            "writeVectorAll",
            sock_write_vector_all,
            &const { [arg("io_vector", Ty::of(MAY_BE_ARRAY)), TIMEOUT] },
            INT_FALSE,
        ),
        method(
            "sendFile",
            sock_send_file,
            &const {
                [
                    arg("file", STRING),
                    opt("offset", INT, "0"),
                    opt("length", INT, "0"),
                ]
            },
            BOOL,
        ),
        method(
            "recvAll",
            sock_recv_all,
            &const { [LENGTH, TIMEOUT] },
            STR_FALSE,
        ),
        method(
            "sendAll",
            sock_send_all,
            &const { [arg("data", STRING), TIMEOUT] },
            INT_FALSE,
        ),
        method(
            "recvPacket",
            packet::sock_recv_packet,
            &const { [TIMEOUT] },
            STR_FALSE,
        ),
        method(
            "recvLine",
            sock_recv_line,
            &const { [LENGTH, TIMEOUT] },
            STR_FALSE,
        ),
        method(
            "recvWithBuffer",
            sock_recv_with_buffer,
            &const { [LENGTH, TIMEOUT] },
            STR_FALSE,
        ),
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
        method(
            "getOption",
            sock_get_option,
            &const { [arg("level", INT), arg("opt_name", INT)] },
            Ty::of(MAY_BE_ANY),
        ),
        method(
            "setOption",
            sock_set_option,
            &const {
                [
                    arg("level", INT),
                    arg("opt_name", INT),
                    arg("opt_value", Ty::of(MAY_BE_ANY)),
                ]
            },
            BOOL,
        ),
        method(
            "setProtocol",
            sock_set_protocol,
            &const { [arg("settings", Ty::of(MAY_BE_ARRAY))] },
            BOOL,
        ),
        method("sslHandshake", sock_ssl_handshake, &[], BOOL),
        method(
            "shutdown",
            sock_shutdown,
            &const { [opt("how", INT, "2")] },
            BOOL,
        ),
        method("close", sock_close, &[], BOOL),
        method(
            "cancel",
            sock_cancel,
            &const { [opt("event", INT, "SWOOLE_EVENT_READ")] },
            BOOL,
        ),
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

    let exc = decl::register_class(
        "Swoole\\Coroutine\\Socket\\Exception",
        errors::exception_ce(),
        &[],
        0,
        None,
    );
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
