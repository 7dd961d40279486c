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
use std::net::IpAddr;
use std::sync::atomic::AtomicPtr;

use ext_php_rs::ffi;
use ext_php_rs::types::Zval;

mod client;
mod mcast;
mod options;
mod packet;
mod proxy;
mod recv;
mod send;
mod setup;
mod state;
pub(crate) mod stream;
mod tls;
mod vector;

use stream::{_php_stream_free, live_stream, PHP_STREAM_FREE_CLOSE, PHP_STREAM_FREE_KEEP_RSRC};

use super::call::{Cx, Fail};
use super::decl::{self, Class, Prop, PropDefault};
use super::errors::{self, set_last_error, SW_ERROR_PHP_RUNTIME_NOTICE};
use super::object::{self, Native};
use super::options::timeouts;
use super::state::PROCESS;
use super::zend::{self, zend_class_entry, zend_object};
use crate::net::{DestCache, NetError, NetResult, Socket};
use crate::runtime::{self, Direction, InvalidTimeout, Timeout};

/// Per-socket timeouts in seconds; zero or negative waits forever.
#[derive(Clone, Copy, Debug)]
struct SockTimeouts {
    connect: f64,
    read: f64,
    write: f64,
    dns: f64,
}

/// Which of a socket's timeouts a call waits by.
#[derive(Clone, Copy)]
enum Wait {
    Connect = 0,
    Read = 1,
    Write = 2,
}

/// A socket's timeouts: the seconds as set (getOption() reads them back) and the wait
/// limits they make, converted once when they change rather than on every call.
struct TimeoutCell {
    secs: Cell<SockTimeouts>,
    /// Indexed by [`Wait`]; an error for NAN (each call fails with EINVAL).
    limits: Cell<[Result<Timeout, InvalidTimeout>; 3]>,
}

impl TimeoutCell {
    fn new(t: SockTimeouts) -> TimeoutCell {
        let c = TimeoutCell {
            secs: Cell::new(t),
            limits: Cell::new([Ok(Timeout::NONE); 3]),
        };
        c.set(t);
        c
    }

    #[inline]
    fn get(&self) -> SockTimeouts {
        self.secs.get()
    }

    fn set(&self, t: SockTimeouts) {
        self.secs.set(t);
        self.limits.set([
            Timeout::from_secs(t.connect),
            Timeout::from_secs(t.read),
            Timeout::from_secs(t.write),
        ]);
    }

    #[inline]
    fn limit(&self, which: Wait) -> Result<Timeout, InvalidTimeout> {
        self.limits.get()[which as usize]
    }
}

/// The Rust side of a `Swoole\Coroutine\Socket` object.
pub struct Sock {
    net: Socket,
    timeouts: TimeoutCell,
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
    /// sendto()'s last IP literal and its address (made by the first sendto()).
    dest: RefCell<Option<Box<DestCache>>>,
    /// recvfrom()'s last sender IP and its text, a string this socket holds one
    /// reference of (see `Sock::peer_text` in recv.rs).
    peer_text: Cell<Option<(IpAddr, *mut zend::zend_string)>>,
    /// The Co\Client object whose connection this is (not a counted reference: the
    /// client clears it when it lets the socket go), null for any other socket. Its
    /// close() through exportSocket() ends the client's connection.
    client: Cell<*mut zend_object>,
}

impl Drop for Sock {
    fn drop(&mut self) {
        if let Some((_, text)) = self.peer_text.take() {
            // SAFETY: the socket's own reference of a string from zstr_from; objects
            // are freed on PHP's thread, within the request that made them.
            unsafe { zend::zstr_release(text) };
        }
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
        &PROCESS.socket_handlers
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
            if let Some(size) = super::options::socket_buffer_size() {
                let _ = net.setsockopt(libc::SOL_SOCKET, libc::SO_SNDBUF, &size.to_ne_bytes());
                let _ = net.setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, &size.to_ne_bytes());
            }
        }
        Sock {
            net,
            timeouts: TimeoutCell::new(SockTimeouts {
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
            dest: RefCell::new(None),
            peer_text: Cell::new(None),
            client: Cell::new(std::ptr::null_mut()),
        }
    }

    /// The timeout of one call: its own if non-zero, else the socket's. The rule for
    /// odd values (the coroutine API uses the same): NAN is invalid, the call fails at
    /// once with EINVAL; a negative value, -INF included, and +INF wait forever.
    #[inline]
    fn timeout(&self, arg: f64, which: Wait) -> NetResult<Timeout> {
        if arg == 0.0 {
            self.timeouts
                .limit(which)
                .map_err(|_| NetError::Os(libc::EINVAL))
        } else {
            wait_limit(arg)
        }
    }
}

impl Sock {
    /// close() (and Co\Client's): a connection is shut down first; an imported
    /// socket's stream is closed.
    #[inline(always)]
    fn close_now(&self) {
        // Swoole leaves the `fd` property as it was.
        let stream = self.stream.borrow_mut().take();
        // Swoole shuts a connection (made by connect() or accept()) down before closing
        // it, so its peer reads EOF, not a reset, when input is left unread here. Not an
        // imported one: its stream closes it, as in Swoole.
        if stream.is_none() && (self.connected.get() || self.shut_rd.get() || self.shut_wr.get()) {
            self.net.close_connection();
        } else {
            self.net.close();
        }
        if let Some(z) = stream {
            // An imported socket: closing its stream closes the fd (the peer sees EOF);
            // the resource stays, as a closed one (PHP's own fclose() leaves the same).
            // SAFETY: PHP's thread; `z` holds the stream's resource.
            unsafe {
                let p = live_stream(&z);
                if !p.is_null() {
                    _php_stream_free(p, PHP_STREAM_FREE_KEEP_RSRC | PHP_STREAM_FREE_CLOSE);
                }
            }
        }
    }
}

/// A timeout in seconds as a wait limit; see [`Sock::timeout`].
fn wait_limit(t: f64) -> NetResult<Timeout> {
    Timeout::from_secs(t).map_err(|_| NetError::Os(libc::EINVAL))
}

/// `Swoole\Coroutine\Socket`.
fn socket_ce() -> *mut zend_class_entry {
    PROCESS.socket_ce.get()
}

/// `Swoole\Coroutine\Socket\Exception`.
fn exception_ce() -> *mut zend_class_entry {
    PROCESS.socket_exception_ce.get()
}

// Declared property slots, in declaration order.
const P_FD: usize = 0;
const P_DOMAIN: usize = 1;
const P_TYPE: usize = 2;
const P_PROTOCOL: usize = 3;
const P_ERRCODE: usize = 4;
const P_ERRMSG: usize = 5;

/// A Socket object (or a subclass's): `$this` of a Socket method, or one made here.
/// Holding one means it is alive for the call, which makes its methods safe.
#[derive(Clone, Copy)]
pub(super) struct Obj(*mut zend_object);

impl Obj {
    /// # Safety
    /// `o` is a live Socket object (or a subclass's) for as long as the `Obj` is used.
    unsafe fn new(o: *mut zend_object) -> Obj {
        Obj(o)
    }

    /// A declared property's value, written directly (the read-only ones too, as
    /// Swoole) and through a reference the script made to it.
    #[inline]
    fn prop<'a>(self, slot: usize) -> &'a mut Zval {
        // SAFETY: `slot` is one of a Socket object's declared properties (P_*; a subclass's
        // own come after); the object is alive while the `Obj` is used.
        unsafe { zend::prop(self.0, slot) }
    }

    /// The Rust value, None until the constructor ran.
    #[inline]
    fn sock<'a>(self) -> Option<&'a Sock> {
        // SAFETY: a live Socket object.
        unsafe { object::get::<Sock>(self.0) }
    }
}

/// The `fd` property of a `Swoole\Coroutine\Socket` object (it keeps its number after
/// close(), as in Swoole), None for any other object.
///
/// # Safety
/// `o` is a live object.
pub(crate) unsafe fn co_socket_fd(o: *mut zend_object) -> Option<i64> {
    let ce = (*o).ce;
    if ce != socket_ce() && !ext_php_rs::ffi::instanceof_function_slow(ce, socket_ce()) {
        return None;
    }
    Obj::new(o).prop(P_FD).long()
}

/// The fd of a `Swoole\Coroutine\Socket` object while it is open: `Some(None)` once
/// closed (or never constructed), None for any other object. Unlike the `fd` property,
/// never a number the socket no longer owns (the kernel may have given it to another
/// file since).
///
/// # Safety
/// `o` is a live object.
pub(crate) unsafe fn co_socket_open_fd(o: *mut zend_object) -> Option<Option<std::os::fd::RawFd>> {
    co_socket_fd(o)?;
    let sock = Obj::new(o).sock();
    Some(sock.filter(|s| !s.net.is_closed()).map(|s| s.net.fd()))
}

fn init_props(obj: Obj, s: &Socket) {
    obj.prop(P_FD).set_long(s.fd() as i64);
    obj.prop(P_DOMAIN).set_long(s.domain() as i64);
    obj.prop(P_TYPE).set_long(s.sock_type() as i64);
    obj.prop(P_PROTOCOL).set_long(s.protocol() as i64);
}

/// Records an error in `errCode`/`errMsg` and as the last error.
fn set_err(obj: Obj, code: i32, msg: &str) {
    set_last_error(code);
    obj.prop(P_ERRCODE).set_long(code as i64);
    let _ = obj.prop(P_ERRMSG).set_string(msg, false);
}

/// Resets `errCode`/`errMsg` after a successful I/O call.
#[inline]
fn clear_err(obj: Obj) {
    set_last_error(0);
    let code = obj.prop(P_ERRCODE);
    if code.long() != Some(0) {
        code.set_long(0);
        let _ = obj.prop(P_ERRMSG).set_string("", false);
    }
}

/// Records a failed operation: where every socket error becomes errCode/errMsg. Two
/// outcomes are fatal in Swoole and end the script here: a second coroutine reading
/// (or writing) a socket another one waits on, and a wait outside any coroutine.
fn net_err(obj: Obj, s: &Sock, e: NetError) {
    let code = match e {
        // A send on a connection that is gone: Swoole keeps the errCode of an earlier
        // failure until a call succeeds or waits, so after a reset that the last call
        // reported, sends report the reset too; after a success in between, EPIPE.
        NetError::Os(libc::EPIPE)
            if obj.prop(P_ERRCODE).long() == Some(libc::ECONNRESET as i64) =>
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

/// A failed system call outside the I/O methods (getsockopt, setsockopt, socketpair):
/// Swoole's warning `{what}, Error: {message}[{code}]`, the last error, and false.
fn os_warning(what: &str, e: NetError) -> Fail {
    let code = if let NetError::Os(c) = e {
        c
    } else {
        libc::EINVAL
    };
    set_last_error(code);
    zend::error_docref(
        zend::E_WARNING,
        &format!("{what}, Error: {}[{code}]", errors::strerror(code)),
    );
    Fail::False
}

/// [`net_err`], then the call returns false.
fn fail(obj: Obj, s: &Sock, e: NetError) -> Fail {
    net_err(obj, s, e);
    Fail::False
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
        super::backtrace::print_backtrace(bound, 0, 0);
    })
}

/// `$this` and its socket; false with EBADF if it is closed. Inlined into every method:
/// the common case (constructed, open, not imported from a stream) is a few loads.
#[inline(always)]
fn this<'a>(cx: &Cx<'a>) -> Result<(Obj, &'a Sock), Fail> {
    // SAFETY: `$this` of a Socket method, alive while it runs.
    let obj = unsafe { Obj::new(cx.this_obj()) };
    if let Some(s) = obj.sock() {
        if s.stream.try_borrow().is_ok_and(|z| z.is_none()) && !s.net.is_closed() {
            return Ok((obj, s));
        }
    }
    this_checked(obj)
}

/// [`this`] past its common case: not constructed, an imported stream to check, or
/// closed.
#[cold]
#[inline(never)]
fn this_checked<'a>(obj: Obj) -> Result<(Obj, &'a Sock), Fail> {
    let Some(s) = obj.sock() else {
        errors::fatal(
            errors::SW_ERROR_WRONG_OPERATION,
            "must call constructor first",
            || {},
        );
        return Err(Fail::Raised);
    };
    if let Ok(stream) = s.stream.try_borrow() {
        // fclose() of the imported stream closed the fd: this socket is closed too.
        // SAFETY: PHP's thread; the zval holds a resource.
        if stream
            .as_ref()
            .is_some_and(|z| unsafe { live_stream(z) }.is_null())
        {
            s.net.forget();
        }
    }
    if s.net.is_closed() {
        obj.prop(P_ERRCODE).set_long(libc::EBADF as i64);
        let _ = obj
            .prop(P_ERRMSG)
            .set_string(&errors::strerror(libc::EBADF), false);
        return Err(Fail::False);
    }
    Ok((obj, s))
}

/// What a method taking only `$timeout` starts with: the coroutine check, `$this` and
/// the read timeout in force.
#[inline]
pub(super) fn read_timeout_call<'a>(
    cx: &Cx<'a>,
    timeout: f64,
) -> Result<(Obj, &'a Sock, Timeout), Fail> {
    errors::require_coroutine();
    let (obj, s) = this(cx)?;
    let t = limit(obj, s, s.timeout(timeout, Wait::Read))?;
    Ok((obj, s, t))
}

/// The wait limit of one call, or false with the error (NAN).
#[inline]
fn limit(obj: Obj, s: &Sock, r: NetResult<Timeout>) -> Result<Timeout, Fail> {
    r.map_err(|e| fail(obj, s, e))
}

/// Swoole's runtime notice: a warning, `swoole_last_error()` set, false returned.
fn notice(msg: &str) -> Fail {
    set_last_error(SW_ERROR_PHP_RUNTIME_NOTICE);
    zend::error_docref(zend::E_WARNING, msg);
    Fail::False
}

/// True, or false with the error recorded (errCode untouched on success, as Swoole's
/// setup methods).
fn return_bool(obj: Obj, s: &Sock, r: NetResult<()>) -> Result<bool, Fail> {
    r.map(|()| true).map_err(|e| fail(obj, s, e))
}

/// A byte count (resetting the error properties), or false with the error.
#[inline]
fn return_count(obj: Obj, s: &Sock, r: NetResult<usize>) -> Result<i64, Fail> {
    match r {
        Ok(n) => {
            clear_err(obj);
            Ok(n as i64)
        }
        Err(e) => Err(fail(obj, s, e)),
    }
}

// ---- registration ---------------------------------------------------------------------

pub fn register() {
    object::handlers_for::<Sock>();
    setup::module_startup();
    let ro = zend::ACC_PUBLIC | zend::ACC_READONLY;
    let prop = |name, default, flags, doc| Prop {
        name,
        ty: "",
        default,
        flags,
        doc,
    };
    let mut props = vec![
        prop(
            "fd",
            PropDefault::Long(-1),
            ro,
            "The file descriptor (read-only; it keeps its value after close(), as in Swoole).",
        ),
        prop(
            "domain",
            PropDefault::Long(0),
            ro,
            "AF_INET, AF_INET6 or AF_UNIX (read-only).",
        ),
        prop(
            "type",
            PropDefault::Long(0),
            ro,
            "SOCK_STREAM, SOCK_DGRAM... (read-only).",
        ),
        prop("protocol", PropDefault::Long(0), ro, "(read-only)"),
        prop("errCode", PropDefault::Long(0), zend::ACC_PUBLIC, ""),
        prop("errMsg", PropDefault::Str(""), zend::ACC_PUBLIC, ""),
    ];
    // The two properties swoole/library's socket_set_nonblock()/socket_set_block() keep
    // their state in (SWOOLE_HOOK_SOCKETS, hook_sockets.rs): Swoole declares them when
    // built with ext-sockets, which it then always has loaded.
    if zend::module_loaded("sockets") {
        props.push(prop(
            "__ext_sockets_nonblock",
            PropDefault::Bool(false),
            zend::ACC_PUBLIC,
            "",
        ));
        props.push(prop(
            "__ext_sockets_timeout",
            PropDefault::Long(0),
            zend::ACC_PUBLIC,
            "",
        ));
    }
    let ce = decl::register_class(&Class {
        doc: "A socket whose waiting operations suspend the calling coroutine instead of blocking.

Timeouts are in seconds: 0 uses the socket's default (connect 10 s, read/write 60 s,
or what Coroutine::set(), setOption(SO_RCVTIMEO/SO_SNDTIMEO) or setProtocol() set);
a negative timeout waits forever. A timeout fails with errCode SOCKET_ETIMEDOUT.
Every failure sets errCode/errMsg; I/O methods reset them on success.
Only one coroutine may wait to read, and one to write, at a time (a second one is
a fatal error, as in Swoole).",
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            setup::sock_construct.public(),
            setup::sock_bind.public(),
            setup::sock_listen.public(),
            setup::sock_accept.public(),
            setup::sock_connect.public(),
            state::sock_check_liveness.public(),
            state::sock_get_bound_cid.public(),
            recv::sock_peek.public(),
            recv::sock_recv.public(),
            send::sock_send.public(),
            vector::sock_read_vector.public(),
            vector::sock_read_vector_all.public(),
            vector::sock_write_vector.public(),
            vector::sock_write_vector_all.public(),
            send::sock_send_file.public(),
            recv::sock_recv_all.public(),
            send::sock_send_all.public(),
            packet::sock_recv_packet.public(),
            recv::sock_recv_line.public(),
            recv::sock_recv_with_buffer.public(),
            recv::sock_recvfrom.public(),
            send::sock_sendto.public(),
            options::sock_get_option.public(),
            options::sock_set_option.public(),
            options::sock_set_protocol.public(),
            options::sock_ssl_handshake.public(),
            state::sock_shutdown.public(),
            state::sock_close.public(),
            state::sock_cancel.public(),
            state::sock_getsockname.public(),
            state::sock_getpeername.public(),
            state::sock_is_closed.public(),
            setup::sock_import.public_static(),
        ],
        props: &props,
        aliases: &["Co\\Socket"],
        create_object: Some(object::create_object::<Sock>),
        ..Class::new("Swoole\\Coroutine\\Socket")
    });
    PROCESS.socket_ce.set(ce);

    let exc = decl::register_class(&Class {
        doc: "Thrown by the constructor when socket(2) fails (code: the errno), and for bad io vectors.",
        parent: Some(("\\Swoole\\Exception", errors::exception_ce())),
        aliases: &["Co\\Socket\\Exception"],
        ..Class::new("Swoole\\Coroutine\\Socket\\Exception")
    });
    PROCESS.socket_exception_ce.set(exc);

    decl::register_functions(&[setup::socketpair]);
    client::register();
}
