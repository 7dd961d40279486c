//! SWOOLE_HOOK_TCP, UDP, UNIX, UDG: PHP's `tcp://`, `udp://`, `unix://` and `udg://`
//! stream transports on the net core, so that stream code (mysqlnd, phpredis,
//! `stream_socket_client`...) waits in the coroutine instead of blocking the process.
//!
//! `hook_stream.c` registers the factory and holds the engine's structs (the stream,
//! its `php_netstream_data_t`, the transport parameters); this file does the socket
//! work for it with plain values. The rules are PHP's own (`main/streams/xp_socket.c`,
//! `main/network.c`): the read timeout is `default_socket_timeout` at creation, then
//! `stream_set_timeout()`, and writes wait as long; errors carry PHP's texts and
//! errnos. Outside a coroutine the factory is PHP's (an unhooked stream), and a hooked
//! stream used there (a persistent one, or after `Co\run`) waits with poll(2), as PHP.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_long, c_void};
use std::mem::MaybeUninit;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::net::{dns, NetError, NetResult, RawAddr, SockAddr, Socket};
use crate::net::{Deadline, TlsConfig};
use crate::php::hooks::{HOOK_SSL, HOOK_TCP, HOOK_TLS, HOOK_UDG, HOOK_UDP, HOOK_UNIX};
use crate::php::{errors, zend};
use crate::runtime::{self, Direction, Timeout, Wake};

extern "C" {
    fn cosocket_hs_hook(kind: c_int, on: c_int);
    fn cosocket_hs_pair_streams(rs0: *mut c_void, rs1: *mut c_void, rv: *mut zend::zval);
}

/// The SWOOLE_HOOK_* bit of each transport, in `hook_stream.c`'s order.
/// `ssl://` under SWOOLE_HOOK_SSL; `tls://` and `tlsv1.0://`...`tlsv1.3://` (ext/openssl
/// registers them all) under SWOOLE_HOOK_TLS. Their sockets are TCP ones.
const KINDS: [(u32, c_int); 10] = [
    (HOOK_TCP, TCP),
    (HOOK_UDP, UDP),
    (HOOK_UNIX, UNIX),
    (HOOK_UDG, UDG),
    (HOOK_SSL, 4),
    (HOOK_TLS, 5),
    (HOOK_TLS, 6),
    (HOOK_TLS, 7),
    (HOOK_TLS, 8),
    (HOOK_TLS, 9),
];
const TCP: c_int = 0;
const UDP: c_int = 1;
const UNIX: c_int = 2;
const UDG: c_int = 3;

/// Turns the transport hooks on or off to match `flags` (the active SWOOLE_HOOK_*
/// bits): on, ours replace PHP's factories; off, PHP's go back.
pub(super) fn set_enabled(flags: u32) {
    for (bit, kind) in KINDS {
        // SAFETY: registers a factory in the engine's transport table; PHP's thread.
        unsafe { cosocket_hs_hook(kind, c_int::from(flags & bit != 0)) };
    }
}

/// A hooked stream's socket side (the `rs` of `hook_stream.c`'s abstract).
struct HookSock {
    kind: c_int,
    persistent: bool,
    /// The runtime's epoch the socket was registered in (persistent streams only).
    epoch: Cell<u32>,
    /// None until connect or bind made the socket. An Rc: an operation holds it while
    /// it waits, and a close from another coroutine takes it out meanwhile.
    sock: RefCell<Option<Rc<Socket>>>,
    /// The host connect() was given: the name a TLS peer's certificate must carry
    /// unless the `peer_name` option says another (PHP's `url_name`).
    url_name: RefCell<Option<String>>,
    /// The coroutine inside this stream's connect (its lookup or TCP handshake), or
    /// -1. PHP lists a persistent stream before it connects, so another coroutine
    /// may find it, judge it dead and free it meanwhile: the free cancels that
    /// connect first (see [`cosocket_hs_free`]).
    connecting: Cell<runtime::Cid>,
    /// Set by the free that cancelled the connect: the connect stops at once.
    freed: Cell<bool>,
}

impl HookSock {
    /// The socket, registered with this request's runtime (a persistent stream's
    /// socket is registered again after a request ended).
    #[inline]
    fn sock(&self) -> Option<Rc<Socket>> {
        let s = self.sock.borrow().clone()?;
        if self.persistent {
            return self.reregistered(s);
        }
        Some(s)
    }

    /// [`HookSock::sock`] of a persistent stream: registered again if a request ended
    /// since it was.
    #[cold]
    fn reregistered(&self, s: Rc<Socket>) -> Option<Rc<Socket>> {
        let now = runtime::with(|rt| rt.epoch());
        if self.epoch.get() == now {
            return Some(s);
        }
        let fd = s.abandon()?;
        let again = Socket::adopt(fd, s.domain(), s.sock_type(), s.protocol()).ok()?;
        let again = Rc::new(again);
        *self.sock.borrow_mut() = Some(again.clone());
        self.epoch.set(now);
        Some(again)
    }

    fn set(&self, s: Socket) {
        self.epoch.set(runtime::with(|rt| rt.epoch()));
        *self.sock.borrow_mut() = Some(Rc::new(s));
    }

    fn sock_type(&self) -> c_int {
        match self.kind {
            UDP | UDG => libc::SOCK_DGRAM,
            _ => libc::SOCK_STREAM,
        }
    }
}

/// # Safety
/// `rs` comes from [`cosocket_hs_new`] and is not freed yet.
unsafe fn hs<'a>(rs: *mut c_void) -> &'a HookSock {
    &*rs.cast::<HookSock>()
}

/// A `struct timeval` as a wait: negative seconds are no limit (PHP's -1).
fn tv_timeout(sec: c_long, usec: c_long) -> Timeout {
    if sec < 0 {
        Timeout::NONE
    } else {
        Timeout::from(Duration::from_secs(sec as u64) + Duration::from_micros(usec.max(0) as u64))
    }
}

/// # Safety
/// `tv` is null or a valid timeval.
unsafe fn tv_ptr_timeout(tv: *const libc::timeval) -> Timeout {
    match tv.as_ref() {
        None => Timeout::NONE,
        Some(t) => tv_timeout(t.tv_sec, t.tv_usec),
    }
}

fn set_errno(e: i32) {
    // SAFETY: errno is thread-local and always writable.
    unsafe { *libc::__errno_location() = e };
}

/// The errno PHP reports for a failure of ours.
fn errno_of(e: NetError) -> i32 {
    match e {
        NetError::Os(e) => e,
        NetError::Timeout => libc::ETIMEDOUT,
        NetError::Cancelled => libc::ECANCELED,
        NetError::Closed => libc::EBADF,
        NetError::Bound(_) => libc::EBUSY,
        NetError::NotInCoroutine => libc::EAGAIN,
        NetError::Swoole(_) | NetError::Tls(_) => libc::EIO,
    }
}

/// Runs `op`, which waits in a coroutine; outside one (it fails with
/// `NotInCoroutine` instead of waiting), waits with poll(2) for `events` and tries
/// again until `timeout` ends, as PHP's blocking socket code does.
fn waiting<T>(
    s: &Socket,
    events: i16,
    timeout: Timeout,
    mut op: impl FnMut(Timeout) -> NetResult<T>,
) -> NetResult<T> {
    let mut deadline: Option<Option<Instant>> = None;
    loop {
        match op(timeout) {
            Err(NetError::NotInCoroutine) => {}
            r => return r,
        }
        let until = *deadline.get_or_insert_with(|| timeout.deadline());
        let ms = match until {
            None => -1,
            Some(t) => {
                let left = t.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(NetError::Timeout);
                }
                left.as_millis().clamp(1, i32::MAX as u128) as c_int
            }
        };
        let mut p = libc::pollfd {
            fd: s.fd(),
            events,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut p, 1, ms) };
        if n == 0 {
            return Err(NetError::Timeout);
        }
        if n < 0 {
            let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
            if e != libc::EINTR {
                return Err(NetError::Os(e));
            }
        }
    }
}

#[no_mangle]
extern "C" fn cosocket_hs_in_coroutine() -> c_int {
    c_int::from(runtime::in_coroutine())
}

#[no_mangle]
extern "C" fn cosocket_hs_new(kind: c_int, persistent: c_int) -> *mut c_void {
    Box::into_raw(Box::new(HookSock {
        kind,
        persistent: persistent != 0,
        epoch: Cell::new(0),
        sock: RefCell::new(None),
        url_name: RefCell::new(None),
        connecting: Cell::new(-1),
        freed: Cell::new(false),
    }))
    .cast()
}

/// `stream_socket_pair()` in a coroutine (SWOOLE_HOOK_STREAM_FUNCTION, hook_funcs.rs):
/// two connected sockets of the net core as hooked `unix` (or, for datagrams, `udg`)
/// streams in `rv`; a failed socketpair(2) is PHP's warning and false.
///
/// # Safety
/// In a function's handler, with its return value.
pub(super) unsafe fn socket_pair(
    domain: c_int,
    sock_type: c_int,
    protocol: c_int,
    rv: *mut zend::zval,
) {
    let (a, b) = match Socket::pair(domain, sock_type, protocol) {
        Ok(p) => p,
        Err(e) => {
            let e = errno_of(e);
            zend::error_docref(
                zend::E_WARNING,
                &format!("Failed to create sockets: [{e}]: {}", errors::strerror(e)),
            );
            return zend::ret_bool(rv, false);
        }
    };
    // The type without SOCK_NONBLOCK/SOCK_CLOEXEC.
    let kind = if sock_type & 0xf == libc::SOCK_DGRAM {
        UDG
    } else {
        UNIX
    };
    let side = |s: Socket| {
        let rs = cosocket_hs_new(kind, 0);
        hs(rs).set(s);
        rs
    };
    let (ra, rb) = (side(a), side(b));
    // SAFETY: two live socket sides, each now owned by its stream.
    cosocket_hs_pair_streams(ra, rb, rv);
}

/// The stream's close: never waits (it may run at MSHUTDOWN for a persistent stream,
/// with no runtime left) and never shuts the connection down (a forked process may
/// share it). Coroutines waiting in the stream wake with an error first (while the
/// runtime stops they cannot run: they are forsaken instead).
///
/// # Safety
/// `rs` comes from [`cosocket_hs_new`]; it is freed here.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_free(rs: *mut c_void, _close_handle: c_int) {
    let h = Box::from_raw(rs.cast::<HookSock>());
    let cid = h.connecting.get();
    if runtime::with(|rt| rt.is_stopping()) {
        // After exit() or an uncaught exception, a destructor or shutdown function
        // closing a stream that a coroutine waits in: that waiter cannot run before PHP
        // frees the stream, and if drained later it would return into PHP's stream code
        // on freed memory. It is forsaken instead (left parked, dropped unrun).
        let mut waiters = h
            .sock
            .borrow()
            .as_ref()
            .map_or([0, 0], |s| s.waiters())
            .to_vec();
        waiters.push(cid);
        runtime::with(|rt| {
            for w in waiters
                .into_iter()
                .filter(|&w| w > 0 && w != rt.current_cid())
            {
                rt.forsake(w);
            }
        });
    }
    if cid >= 0 && cid != runtime::current_cid() {
        // A persistent stream that another coroutine found while its connect waits
        // (stream_socket_client() with the same persistent id: not connected yet, so
        // not alive, so PHP frees it). The connecting coroutine runs before cancel()
        // returns: its connect fails ("Operation canceled") and PHP's close of the
        // stream there does nothing (this free is under way), so it has left the
        // stream before PHP frees it after this.
        h.freed.set(true);
        let _ = runtime::with(|rt| rt.cancel(cid));
    }
    let s = h.sock.borrow_mut().take();
    if let Some(s) = s {
        let stale = h.persistent && runtime::with(|rt| rt.epoch()) != h.epoch.get();
        if stale {
            if let Some(fd) = s.abandon() {
                // SAFETY: the fd was ours alone, and no reactor knows it any more.
                libc::close(fd);
            }
        } else {
            s.close();
        }
    }
}

/// # Safety
/// `rs` is live.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_fd(rs: *mut c_void) -> c_int {
    hs(rs).sock.borrow().as_ref().map_or(-1, |s| s.fd())
}

/// The stream's read: `flags_out` bit 1 = EOF, bit 2 = timed out. PHP's rules: in
/// blocking mode wait up to the stream's timeout (then 0, timed out); non-blocking,
/// or with data already buffered (8.4), one try; an error other than "not now" is EOF.
///
/// # Safety
/// `rs` is live; `buf` has `count` writable bytes; `flags_out` is writable.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_read(
    rs: *mut c_void,
    buf: *mut c_char,
    count: usize,
    blocked: c_int,
    dont_wait: c_int,
    tv_sec: c_long,
    tv_usec: c_long,
    flags_out: *mut c_int,
) -> isize {
    let Some(s) = hs(rs).sock() else {
        return -1;
    };
    let buf = std::slice::from_raw_parts_mut(buf.cast::<MaybeUninit<u8>>(), count);
    let wait = blocked != 0 && dont_wait == 0;
    let r = if wait {
        let timeout = tv_timeout(tv_sec, tv_usec);
        if timeout.duration() == Some(Duration::ZERO) {
            s.recv_now(buf).map_err(|e| match e {
                NetError::Os(libc::EAGAIN) => NetError::Timeout,
                e => e,
            })
        } else {
            waiting(&s, libc::POLLIN, timeout, |t| s.recv(buf, t))
        }
    } else {
        s.recv_now(buf)
    };
    match r {
        Ok(0) => {
            *flags_out |= 1;
            0
        }
        Ok(n) => n as isize,
        // PHP 8's read op fails on a timeout: fread() gives false.
        Err(NetError::Timeout) => {
            *flags_out |= 2;
            -1
        }
        Err(NetError::Os(libc::EAGAIN)) => 0,
        // Another coroutine reads this stream: this read fails, the stream stays.
        Err(NetError::Bound(_)) => -1,
        Err(_) => {
            *flags_out |= 1;
            -1
        }
    }
}

/// The stream's write: one send (the engine loops), waiting for room up to the
/// stream's timeout in blocking mode; -1 with the errno in `err_out` on failure (a
/// timeout is EAGAIN, as PHP reports it).
///
/// # Safety
/// `rs` is live; `buf` has `count` readable bytes; the out-pointers are writable.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_write(
    rs: *mut c_void,
    buf: *const c_char,
    count: usize,
    blocked: c_int,
    tv_sec: c_long,
    tv_usec: c_long,
    err_out: *mut c_int,
    timed_out: *mut c_int,
) -> isize {
    let Some(s) = hs(rs).sock() else {
        *err_out = libc::EBADF;
        return -1;
    };
    let data = std::slice::from_raw_parts(buf.cast::<u8>(), count);
    let timeout = if blocked != 0 {
        tv_timeout(tv_sec, tv_usec)
    } else {
        Timeout::from(Duration::ZERO)
    };
    match waiting(&s, libc::POLLOUT, timeout, |t| s.send(data, t)) {
        Ok(n) => n as isize,
        Err(NetError::Timeout) => {
            if blocked != 0 {
                *timed_out = 1;
            }
            *err_out = libc::EAGAIN;
            -1
        }
        Err(e) => {
            *err_out = errno_of(e);
            -1
        }
    }
}

/// What `hook_stream.c` read from the stream context's `socket` options.
#[repr(C)]
pub struct Opts {
    bindto: *const c_char,
    bindto_len: usize,
    bindto_set: c_int,
    bindto_not_string: c_int,
    tcp_nodelay: c_int,
    so_reuseport: c_int,
    so_broadcast: c_int,
    ipv6_v6only: c_int,
}

/// C's `atoi` as PHP's `parse_ip_address_ex` reads a port (glibc: `(int)strtol(s, 10)`):
/// leading white space, a sign, the digits up to the first other byte (none: 0; too many:
/// saturated), then the `unsigned short` the connect takes. So `host:6379/name` (Predis'
/// named persistent connections) is port 6379, as in PHP.
fn atoi_port(s: &[u8]) -> u16 {
    let s = &s[s
        .iter()
        .take_while(|b| b" \t\n\x0b\x0c\r".contains(b))
        .count()..];
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut v: i64 = 0;
    for &b in digits.iter().take_while(|b| b.is_ascii_digit()) {
        v = v.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    let v = if neg { v.saturating_neg() } else { v };
    // strtol saturates at LONG_MIN/MAX (a negation of the magnitude's saturation is one
    // off from LONG_MIN; its low 16 bits agree).
    v as i32 as u16
}

/// PHP's `parse_ip_address_ex`: `host:port` (up to the first colon) or `[v6]:port`, with
/// its error texts; whatever follows the port's digits is ignored, as PHP's `atoi` does.
fn parse_ip_address(name: &[u8]) -> Result<(String, u16), String> {
    let text = String::from_utf8_lossy(name);
    if name.contains(&0) {
        return Err("The hostname must not contain null bytes".into());
    }
    if name.first() == Some(&b'[') && name.len() > 1 {
        let close = name[1..name.len() - 1].iter().position(|&b| b == b']');
        let Some(p) = close
            .map(|p| p + 1)
            .filter(|&p| name.get(p + 1) == Some(&b':'))
        else {
            return Err(format!("Failed to parse IPv6 address \"{text}\""));
        };
        return Ok((
            String::from_utf8_lossy(&name[1..p]).into_owned(),
            atoi_port(&name[p + 2..]),
        ));
    }
    if !name.is_empty() {
        if let Some(c) = name[..name.len() - 1].iter().position(|&b| b == b':') {
            return Ok((
                String::from_utf8_lossy(&name[..c]).into_owned(),
                atoi_port(&name[c + 1..]),
            ));
        }
    }
    Err(format!("Failed to parse address \"{text}\""))
}

/// PHP's `php_network_getaddresses`: the addresses of `host` (a literal at once, else
/// a lookup that waits in the coroutine), or its warning and error text.
fn addresses(
    host: &str,
    port: u16,
    socktype: c_int,
    deadline: Option<Instant>,
) -> Result<Vec<SockAddr>, String> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(vec![SockAddr::Inet(std::net::SocketAddr::new(ip, port))]);
    }
    let mut q = dns::Query::host(host, libc::AF_UNSPEC);
    q.socktype = socktype;
    let why = match dns::resolve_until(q, deadline) {
        Ok(Ok(a)) if !a.is_empty() => {
            return Ok(a
                .into_iter()
                .map(|a| SockAddr::Inet(std::net::SocketAddr::new(a.ip(), port)))
                .collect())
        }
        Ok(Ok(_)) => dns::gai_strerror(libc::EAI_NONAME),
        Ok(Err(code)) => dns::gai_strerror(code),
        Err(Wake::Timeout) => dns::gai_strerror(libc::EAI_AGAIN),
        Err(_) => dns::gai_strerror(libc::EAI_SYSTEM),
    };
    let msg = format!("php_network_getaddresses: getaddrinfo for {host} failed: {why}");
    zend::error_docref(zend::E_WARNING, &msg);
    Err(msg)
}

/// A Unix socket address as PHP's `parse_unix_address` makes it (too long: cut, with
/// its notice).
fn unix_address(name: &[u8]) -> SockAddr {
    const SUN_PATH: usize = 108;
    let mut path = name;
    if path.len() >= SUN_PATH {
        path = &path[..SUN_PATH - 1];
        zend::error_docref(
            zend::E_NOTICE,
            &format!("socket path exceeded the maximum allowed length of {SUN_PATH} bytes and was truncated"),
        );
    }
    SockAddr::Unix(path.to_vec())
}

fn set_int(s: &Socket, level: c_int, name: c_int, v: c_int) -> NetResult<()> {
    s.setsockopt(level, name, &v.to_ne_bytes())
}

/// # Safety
/// Each out-pointer is null or writable.
unsafe fn fail(
    err_code: *mut c_int,
    err_text: *mut *mut zend::zend_string,
    code: i32,
    text: &str,
) -> c_int {
    *err_code = code;
    if !err_text.is_null() {
        *err_text = zend::zstr_from(text.as_bytes());
    }
    -1
}

/// STREAM_XPORT_OP_CONNECT(_ASYNC): PHP's `php_tcp_sockop_connect`, waiting in the
/// coroutine for the lookup and the handshake (an async connect is made whole too).
///
/// # Safety
/// `rs` is live; `name` has `namelen` bytes; `tv` is null or valid; `opts` is valid;
/// the out-pointers are writable (`err_text` may be null).
#[no_mangle]
unsafe extern "C" fn cosocket_hs_connect(
    rs: *mut c_void,
    name: *const c_char,
    namelen: usize,
    tv: *const libc::timeval,
    opts: *const Opts,
    err_code: *mut c_int,
    err_text: *mut *mut zend::zend_string,
) -> c_int {
    let h = hs(rs);
    // The HookSock outlives this call even when a free cancels it: the free runs
    // this coroutine until its next wait before it lets go (cosocket_hs_free).
    h.connecting.set(runtime::current_cid());
    let r = connect(h, name, namelen, tv, opts, err_code, err_text);
    h.connecting.set(-1);
    if h.freed.get() {
        return fail(
            err_code,
            err_text,
            libc::ECANCELED,
            &errors::strerror(libc::ECANCELED),
        );
    }
    r
}

/// [`cosocket_hs_connect`]'s work; -1 at once when a free cancelled it.
///
/// # Safety
/// As [`cosocket_hs_connect`].
unsafe fn connect(
    h: &HookSock,
    name: *const c_char,
    namelen: usize,
    tv: *const libc::timeval,
    opts: *const Opts,
    err_code: *mut c_int,
    err_text: *mut *mut zend::zend_string,
) -> c_int {
    let name = std::slice::from_raw_parts(name.cast::<u8>(), namelen);
    let o = &*opts;
    let timeout = tv_ptr_timeout(tv);
    let socktype = h.sock_type();
    if matches!(h.kind, UNIX | UDG) {
        let s = match Socket::new(libc::AF_UNIX, socktype, 0) {
            Ok(s) => s,
            Err(_) => return fail(err_code, err_text, 0, "Failed to create unix socket"),
        };
        let addr = unix_address(name);
        let r = waiting(&s, libc::POLLOUT, timeout, |t| s.connect(&addr, t));
        return match r {
            Ok(()) => {
                h.set(s);
                0
            }
            Err(e) => {
                let e = errno_of(e);
                fail(err_code, err_text, e, &errors::strerror(e))
            }
        };
    }
    let (host, port) = match parse_ip_address(name) {
        Ok(hp) => hp,
        Err(text) => return fail(err_code, err_text, 0, &text),
    };
    if o.bindto_not_string != 0 {
        return fail(
            err_code,
            err_text,
            0,
            "local_addr context option is not a string.",
        );
    }
    let bindto = if o.bindto_set != 0 && !o.bindto.is_null() {
        parse_ip_address(std::slice::from_raw_parts(
            o.bindto.cast::<u8>(),
            o.bindto_len,
        ))
        .ok()
    } else {
        None
    };
    *h.url_name.borrow_mut() = Some(host.clone());
    let deadline = timeout.deadline();
    let addrs = match addresses(&host, port, socktype, deadline) {
        _ if h.freed.get() => return -1,
        Ok(a) => a,
        Err(text) => return fail(err_code, err_text, 0, &text),
    };
    let left = || match deadline {
        None => Timeout::NONE,
        Some(d) => Timeout::from(d.saturating_duration_since(Instant::now())),
    };
    let mut last = 0;
    for addr in addrs {
        let domain = match &addr {
            SockAddr::Inet(a) if a.is_ipv6() => libc::AF_INET6,
            _ => libc::AF_INET,
        };
        let s = match Socket::new(domain, socktype, 0) {
            Ok(s) => s,
            Err(e) => {
                last = errno_of(e);
                continue;
            }
        };
        if let Some((bhost, bport)) = &bindto {
            match SockAddr::ip(domain, bhost, *bport) {
                None => {
                    zend::error_docref(zend::E_WARNING, &format!("Invalid IP Address: {bhost}"))
                }
                Some(local) => {
                    if let Err(e) = s.bind(&local) {
                        let e = errno_of(e);
                        zend::error_docref(
                            zend::E_WARNING,
                            &format!(
                                "Failed to bind to '{bhost}:{bport}', system said: {}",
                                errors::strerror(e)
                            ),
                        );
                    }
                }
            }
        }
        if h.kind == UDP && o.so_broadcast != 0 {
            let _ = set_int(&s, libc::SOL_SOCKET, libc::SO_BROADCAST, 1);
        }
        if h.kind == TCP && o.tcp_nodelay != 0 {
            let _ = s.set_nodelay();
        }
        match waiting(&s, libc::POLLOUT, left(), |t| s.connect(&addr, t)) {
            Ok(()) => {
                h.set(s);
                *err_code = 0;
                return 0;
            }
            Err(_) if h.freed.get() => return -1,
            Err(e) => last = errno_of(e),
        }
    }
    fail(err_code, err_text, last, &errors::strerror(last))
}

/// STREAM_XPORT_OP_BIND: PHP's `php_tcp_sockop_bind` (SO_REUSEADDR always, and the
/// context's `ipv6_v6only`, `so_reuseport`, `so_broadcast`).
///
/// # Safety
/// As [`cosocket_hs_connect`].
#[no_mangle]
unsafe extern "C" fn cosocket_hs_bind(
    rs: *mut c_void,
    name: *const c_char,
    namelen: usize,
    opts: *const Opts,
    err_code: *mut c_int,
    err_text: *mut *mut zend::zend_string,
) -> c_int {
    let h = hs(rs);
    let name = std::slice::from_raw_parts(name.cast::<u8>(), namelen);
    let o = &*opts;
    let socktype = h.sock_type();
    if matches!(h.kind, UNIX | UDG) {
        let s = match Socket::new(libc::AF_UNIX, socktype, 0) {
            Ok(s) => s,
            Err(e) => {
                let what = if h.kind == UNIX { "" } else { "datagram" };
                let text = format!(
                    "Failed to create unix{what} socket {}",
                    errors::strerror(errno_of(e))
                );
                return fail(err_code, err_text, 0, &text);
            }
        };
        // PHP reports no text for a failed Unix bind.
        let r = s.bind(&unix_address(name));
        h.set(s);
        return if r.is_ok() { 0 } else { -1 };
    }
    let (host, port) = match parse_ip_address(name) {
        Ok(hp) => hp,
        Err(text) => return fail(err_code, err_text, 0, &text),
    };
    let addrs = match addresses(&host, port, socktype, None) {
        Ok(a) => a,
        Err(text) => return fail(err_code, err_text, 0, &text),
    };
    let mut last = 0;
    for addr in addrs {
        let v6 = matches!(&addr, SockAddr::Inet(a) if a.is_ipv6());
        let domain = if v6 { libc::AF_INET6 } else { libc::AF_INET };
        let s = match Socket::new(domain, socktype, 0) {
            Ok(s) => s,
            Err(e) => {
                last = errno_of(e);
                continue;
            }
        };
        let _ = set_int(&s, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1);
        if v6 && o.ipv6_v6only >= 0 {
            let _ = set_int(&s, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, o.ipv6_v6only);
        }
        if o.so_reuseport != 0 {
            let _ = set_int(&s, libc::SOL_SOCKET, libc::SO_REUSEPORT, 1);
        }
        if h.kind == UDP && o.so_broadcast != 0 {
            let _ = set_int(&s, libc::SOL_SOCKET, libc::SO_BROADCAST, 1);
        }
        match s.bind(&addr) {
            Ok(()) => {
                h.set(s);
                *err_code = 0;
                return 0;
            }
            Err(e) => last = errno_of(e),
        }
    }
    fail(err_code, err_text, last, &errors::strerror(last))
}

/// # Safety
/// `rs` is live.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_listen(rs: *mut c_void, backlog: c_int) -> c_int {
    match hs(rs).sock() {
        Some(s) if s.listen(backlog).is_ok() => 0,
        _ => -1,
    }
}

/// STREAM_XPORT_OP_ACCEPT: waits up to `tv` (null: no limit) for a connection; the
/// new stream's state, with the peer's address in `peer`, or null and the errno.
///
/// # Safety
/// `rs` is live; `tv` null or valid; the out-pointers are writable.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_accept(
    rs: *mut c_void,
    tv: *const libc::timeval,
    tcp_nodelay: c_int,
    peer: *mut libc::sockaddr_storage,
    peerlen: *mut libc::socklen_t,
    err_code: *mut c_int,
) -> *mut c_void {
    let h = hs(rs);
    let Some(s) = h.sock() else {
        *err_code = libc::EBADF;
        return std::ptr::null_mut();
    };
    match waiting(&s, libc::POLLIN, tv_ptr_timeout(tv), |t| s.accept(t)) {
        Ok(c) => {
            if tcp_nodelay != 0 && h.kind == TCP {
                let _ = c.set_nodelay();
            }
            *peerlen = match c.peer_addr() {
                Ok(SockAddr::Unix(p)) if !p.is_empty() => SockAddr::Unix(p).to_raw(&mut *peer),
                Ok(SockAddr::Inet(a)) => SockAddr::Inet(a).to_raw(&mut *peer),
                // An unnamed Unix peer: no path ('' for PHP; PHP itself reads
                // uninitialised bytes there).
                _ if c.domain() == libc::AF_UNIX => {
                    *peer = crate::net::addr::empty_storage();
                    (*peer).ss_family = libc::AF_UNIX as libc::sa_family_t;
                    std::mem::size_of::<libc::sa_family_t>() as libc::socklen_t
                }
                _ => 0,
            };
            *err_code = 0;
            let child = cosocket_hs_new(h.kind, 0);
            hs(child).set(c);
            child
        }
        // The listener closed (fclose() in another coroutine) while this accept waited:
        // "Accept failed: Operation canceled", as Swoole reports it.
        Err(NetError::Closed) => {
            *err_code = libc::ECANCELED;
            std::ptr::null_mut()
        }
        Err(e) => {
            *err_code = errno_of(e);
            std::ptr::null_mut()
        }
    }
}

/// STREAM_XPORT_OP_RECV (`stream_socket_recvfrom`): PHP's socket is blocking there
/// with no timeout; MSG_PEEK and MSG_OOB as asked. -1 with errno set on failure.
///
/// # Safety
/// `rs` is live; `buf` has `len` writable bytes; the out-pointers are writable.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_recvfrom(
    rs: *mut c_void,
    buf: *mut c_char,
    len: usize,
    flags: c_int,
    blocked: c_int,
    from: *mut libc::sockaddr_storage,
    fromlen: *mut libc::socklen_t,
) -> isize {
    *fromlen = 0;
    let Some(s) = hs(rs).sock() else {
        set_errno(libc::EBADF);
        return -1;
    };
    let buf = std::slice::from_raw_parts_mut(buf.cast::<MaybeUninit<u8>>(), len);
    let mut raw = RawAddr::empty();
    let r = if flags == 0 {
        let t = if blocked != 0 {
            Timeout::NONE
        } else {
            Timeout::from(Duration::ZERO)
        };
        waiting(&s, libc::POLLIN, t, |t| s.recvfrom_raw(buf, &mut raw, t))
    } else {
        loop {
            let r = if flags & libc::MSG_PEEK != 0 && flags & libc::MSG_OOB == 0 {
                s.peek(buf)
            } else {
                let fd = s.fd();
                // SAFETY: `buf` is valid for its length.
                let n = libc::recv(fd, buf.as_mut_ptr().cast(), len, flags | libc::MSG_DONTWAIT);
                if n < 0 {
                    Err(NetError::Os(
                        std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
                    ))
                } else {
                    Ok(n as usize)
                }
            };
            match r {
                Err(NetError::Os(libc::EAGAIN)) if blocked != 0 && flags & libc::MSG_OOB == 0 => {
                    if let Err(e) = wait_readable(&s) {
                        break Err(e);
                    }
                }
                r => break r,
            }
        }
    };
    match r {
        Ok(n) => {
            if !raw.is_empty() {
                std::ptr::copy_nonoverlapping(
                    raw.as_ptr().cast::<u8>(),
                    from.cast::<u8>(),
                    raw.len() as usize,
                );
                *fromlen = raw.len();
            }
            n as isize
        }
        Err(NetError::Timeout) => {
            set_errno(libc::EAGAIN);
            -1
        }
        Err(e) => {
            set_errno(errno_of(e));
            -1
        }
    }
}

/// Waits until `s` is readable (in a coroutine), or with poll(2) outside one.
fn wait_readable(s: &Socket) -> NetResult<()> {
    let key = s.key()?;
    if runtime::in_coroutine() {
        return match runtime::with(|rt| rt.wait_fd(key, Direction::Read, None)) {
            Ok(Wake::Ready) | Ok(Wake::Resumed) => Ok(()),
            Ok(Wake::Timeout) => Err(NetError::Timeout),
            Ok(Wake::Cancelled) => Err(NetError::Cancelled),
            Ok(Wake::Closed) => Err(NetError::Closed),
            Err(runtime::WaitError::Bound(c)) => Err(NetError::Bound(c)),
            Err(runtime::WaitError::Os(e)) => Err(NetError::Os(e)),
        };
    }
    let mut p = libc::pollfd {
        fd: s.fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut p, 1, -1) };
    Ok(())
}

/// STREAM_XPORT_OP_SEND (`stream_socket_sendto`): -1 with errno set on failure.
///
/// # Safety
/// `rs` is live; `buf` has `len` bytes; `addr` is null or has `addrlen` bytes.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_sendto(
    rs: *mut c_void,
    buf: *const c_char,
    len: usize,
    flags: c_int,
    addr: *const libc::sockaddr,
    addrlen: libc::socklen_t,
    blocked: c_int,
) -> isize {
    let Some(s) = hs(rs).sock() else {
        set_errno(libc::EBADF);
        return -1;
    };
    let data = std::slice::from_raw_parts(buf.cast::<u8>(), len);
    let t = if blocked != 0 {
        Timeout::NONE
    } else {
        Timeout::from(Duration::ZERO)
    };
    let r = if flags != 0 {
        let n = if addr.is_null() {
            libc::send(
                s.fd(),
                data.as_ptr().cast(),
                len,
                flags | libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
            )
        } else {
            libc::sendto(
                s.fd(),
                data.as_ptr().cast(),
                len,
                flags | libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT,
                addr,
                addrlen,
            )
        };
        if n < 0 {
            Err(NetError::Os(
                std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
            ))
        } else {
            Ok(n as usize)
        }
    } else if addr.is_null() {
        waiting(&s, libc::POLLOUT, t, |t| s.send(data, t))
    } else {
        let mut raw = RawAddr::empty();
        let (p, l) = raw.to_fill();
        let n = (addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        std::ptr::copy_nonoverlapping(addr.cast::<u8>(), p.cast::<u8>(), n);
        *l = n as libc::socklen_t;
        waiting(&s, libc::POLLOUT, t, |t| s.sendto_raw(data, &raw, t))
    };
    match r {
        Ok(n) => n as isize,
        Err(NetError::Timeout) => {
            set_errno(libc::EAGAIN);
            -1
        }
        Err(e) => {
            set_errno(errno_of(e));
            -1
        }
    }
}

/// # Safety
/// `rs` is live.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_shutdown(rs: *mut c_void, how: c_int) -> c_int {
    match hs(rs).sock().map(|s| s.shutdown(how)) {
        Some(Ok(())) => 0,
        _ => -1,
    }
}

/// PHP_STREAM_OPTION_CHECK_LIVENESS: 1 while no EOF or error is pending.
///
/// # Safety
/// `rs` is live.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_alive(rs: *mut c_void) -> c_int {
    let Some(s) = hs(rs).sock() else {
        return 0;
    };
    match s.check_liveness() {
        Ok(()) => 1,
        Err(NetError::Os(libc::EAGAIN | libc::EMSGSIZE)) => 1,
        Err(_) => 0,
    }
}

/// The `ssl` context options `hook_stream.c` read (strings NUL-terminated, null when
/// unset; ints -1 when unset).
#[repr(C)]
pub struct SslOpts {
    verify_peer: c_int,
    verify_peer_name: c_int,
    allow_self_signed: c_int,
    verify_depth: c_int,
    sni_enabled: c_int,
    disable_compression: c_int,
    peer_name: *const c_char,
    cafile: *const c_char,
    capath: *const c_char,
    ciphers: *const c_char,
    local_cert: *const c_char,
    local_pk: *const c_char,
    passphrase: *const c_char,
    fp_mode: c_int,
    fp: *const c_char,
}

/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn opt_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    Some(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
}

/// PHP's `peer_fingerprint` check (`php_openssl_x509_fingerprint_match`): a string is
/// an MD5 (32 hex digits) or SHA-1 (40) digest of the certificate; an array names each
/// digest (`['sha256' => hex]`), all must match; case does not matter. Warns as PHP.
fn fingerprint_matches(pem: &[u8], mode: c_int, fp: &str) -> bool {
    let form = "Invalid peer_fingerprint array; [algo => fingerprint] form required";
    let pairs: Vec<(&str, &str)> = match mode {
        1 => match fp.len() {
            32 => vec![("md5", fp)],
            40 => vec![("sha1", fp)],
            _ => vec![],
        },
        2 => fp
            .split(';')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .collect(),
        3 => {
            zend::error_docref(zend::E_WARNING, form);
            return false;
        }
        _ => {
            zend::error_docref(
                zend::E_WARNING,
                "Expected peer fingerprint must be a string or an array",
            );
            return false;
        }
    };
    let Ok(cert) = openssl::x509::X509::from_pem(pem) else {
        return false;
    };
    if pairs.is_empty() {
        return false;
    }
    pairs.iter().all(|(algo, want)| {
        let Some(md) = openssl::hash::MessageDigest::from_name(algo) else {
            zend::error_docref(zend::E_WARNING, "Unknown digest algorithm");
            return false;
        };
        let Ok(d) = cert.digest(md) else {
            return false;
        };
        let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
        hex.eq_ignore_ascii_case(want)
    })
}

/// PHP's `php_openssl_matches_wildcard_name`: equal ignoring case, or a `*` as the
/// whole leftmost label (or its end) standing for one label of the subject.
fn wildcard_match(subject: &str, pattern: &str) -> bool {
    if subject.eq_ignore_ascii_case(pattern) {
        return true;
    }
    let Some(star) = pattern.find('*') else {
        return false;
    };
    let first_dot = pattern.find('.');
    if first_dot.is_some_and(|d| d < star) || pattern.matches('*').count() != 1 {
        return false;
    }
    // Bytes, not chars: a name with non-ASCII text must not split a character (a panic).
    let (subject, pattern) = (subject.as_bytes(), pattern.as_bytes());
    let (pre, suf) = (&pattern[..star], &pattern[star + 1..]);
    if subject.len() < pre.len() + suf.len()
        || !subject[..pre.len()].eq_ignore_ascii_case(pre)
        || !subject[subject.len() - suf.len()..].eq_ignore_ascii_case(suf)
    {
        return false;
    }
    // The wildcard covers no dot.
    !subject[pre.len()..subject.len() - suf.len()].contains(&b'.')
}

/// PHP's peer name check after the handshake (`php_openssl_apply_verification_policy`):
/// the subjectAltName entries if the certificate has any, else its common name; a
/// mismatch warns with PHP's words.
fn peer_name_matches(pem: &[u8], name: &str) -> bool {
    let Ok(cert) = openssl::x509::X509::from_pem(pem) else {
        zend::error_docref(zend::E_WARNING, "Could not get peer certificate");
        return false;
    };
    if let Some(sans) = cert.subject_alt_names() {
        let ip = name.parse::<std::net::IpAddr>().ok();
        let hit = sans.iter().any(|g| {
            if let Some(d) = g.dnsname() {
                return wildcard_match(name, d);
            }
            match (g.ipaddress(), ip) {
                (Some(b), Some(std::net::IpAddr::V4(v4))) => b == v4.octets(),
                (Some(b), Some(std::net::IpAddr::V6(v6))) => b == v6.octets(),
                _ => false,
            }
        });
        if hit {
            return true;
        }
        if !sans.is_empty() {
            zend::error_docref(
                zend::E_WARNING,
                &format!("Peer certificate subjectAltName did not match expected name `{name}'"),
            );
            return false;
        }
    }
    let cn = cert
        .subject_name()
        .entries_by_nid(openssl::nid::Nid::COMMONNAME)
        .next()
        .and_then(|e| e.data().to_string().ok());
    match cn {
        Some(cn) if wildcard_match(name, &cn) => true,
        Some(cn) => {
            zend::error_docref(
                zend::E_WARNING,
                &format!("Peer certificate CN=`{cn}' did not match expected CN=`{name}'"),
            );
            false
        }
        None => {
            zend::error_docref(zend::E_WARNING, "Unable to locate peer certificate CN");
            false
        }
    }
}

extern "C" {
    fn ERR_error_string_n(e: libc::c_ulong, buf: *mut c_char, len: usize);
}

/// A failed handshake as PHP's `php_openssl_handle_ssl_error` words it.
fn warn_handshake(e: &NetError) {
    let msg = match e {
        NetError::Timeout => "SSL: Handshake timed out".to_string(),
        NetError::Tls(t) if t.code != 0 => {
            let mut buf = [0 as c_char; 256];
            // SAFETY: the buffer and its length; OpenSSL NUL-terminates within it.
            let text = unsafe {
                ERR_error_string_n(t.code, buf.as_mut_ptr(), buf.len());
                std::ffi::CStr::from_ptr(buf.as_ptr()).to_string_lossy()
            };
            format!("SSL operation failed with code 1. OpenSSL Error messages:\n{text}")
        }
        NetError::Tls(t) if t.os != 0 => format!("SSL: {}", errors::strerror(t.os)),
        NetError::Tls(_) => "SSL: Connection reset by peer".to_string(),
        NetError::Os(e) => format!("SSL: {}", errors::strerror(*e)),
        _ => "SSL: Handshake failed".to_string(),
    };
    zend::error_docref(zend::E_WARNING, &msg);
}

/// PHP_STREAM_OPTION_CRYPTO_API's ENABLE: the TLS handshake on the connected socket,
/// as a client or a server, with PHP's `ssl` context semantics (`verify_peer` and
/// `verify_peer_name` on for clients unless turned off; the trusted CAs from
/// `cafile`/`capath`, else `openssl.cafile`/`openssl.capath`, else OpenSSL's defaults;
/// the name checked is `peer_name`, else the host connected to), within the stream's
/// connect timeout. 1 on success; -1 after PHP's warnings.
///
/// # Safety
/// `rs` is live; `o` is valid; `ini_cafile`/`ini_capath` are null or strings.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_crypto(
    rs: *mut c_void,
    client: c_int,
    method: c_int,
    o: *const SslOpts,
    ini_cafile: *const c_char,
    ini_capath: *const c_char,
    tv_sec: c_long,
    tv_usec: c_long,
) -> c_int {
    let h = hs(rs);
    let o = &*o;
    let client = client != 0;
    let Some(s) = h.sock() else {
        return -1;
    };
    let on = |v: c_int, default: bool| if v < 0 { default } else { v != 0 };
    let verify_peer = on(o.verify_peer, client);
    let verify_peer_name = on(o.verify_peer_name, client);
    let mut cafile = opt_str(o.cafile).filter(|c| !c.is_empty());
    let mut capath = opt_str(o.capath).filter(|c| !c.is_empty());
    if cafile.is_none() && capath.is_none() {
        cafile = opt_str(ini_cafile).filter(|c| !c.is_empty());
        capath = opt_str(ini_capath).filter(|c| !c.is_empty());
    }
    if verify_peer {
        if let Some(f) = &cafile {
            if std::fs::File::open(f).is_err() {
                zend::zend_error_str(
                    zend::E_WARNING,
                    &format!("failed loading cafile stream: `{f}'"),
                );
                return -1;
            }
        }
    }
    let peer_name = opt_str(o.peer_name).or_else(|| h.url_name.borrow().clone());
    let cfg = TlsConfig {
        verify_peer,
        allow_self_signed: o.allow_self_signed > 0,
        cafile,
        capath,
        verify_depth: if o.verify_depth > 0 {
            o.verify_depth.min(255) as u8
        } else {
            0
        },
        // The name is checked after the handshake, as PHP does; SNI off: "".
        host_name: if o.sni_enabled == 0 {
            Some(String::new())
        } else {
            None
        },
        cert_file: opt_str(o.local_cert),
        key_file: opt_str(o.local_pk),
        passphrase: opt_str(o.passphrase),
        ciphers: opt_str(o.ciphers),
        // STREAM_CRYPTO_METHOD_* bits 1..6 are SSLv2...TLSv1.3, as TlsConfig's.
        protocols: (method as u32) & crate::net::tls::protocols::ALL,
        ecdh_curve: None,
        disable_compression: o.disable_compression > 0,
    };
    let ctx = if client {
        cfg.client_context()
    } else {
        cfg.server_context()
    };
    let ctx = match ctx {
        Ok(c) => c,
        Err(e) if e.code != 0 && !client => {
            warn_handshake(&NetError::Tls(e));
            return -1;
        }
        Err(_) => return -1,
    };
    // Copied before the handshake waits: the context option's string may be replaced
    // (and freed) by another coroutine meanwhile.
    let fp = if o.fp_mode != 0 {
        opt_str(o.fp).unwrap_or_default()
    } else {
        String::new()
    };
    let deadline = Deadline::new(tv_timeout(tv_sec, tv_usec));
    let r = s.tls_handshake(&ctx, peer_name.as_deref(), &deadline);
    if let Err(e) = r {
        warn_handshake(&e);
        return -1;
    }
    if o.fp_mode != 0 {
        let pem = s.tls_peer_certificate();
        let ok = match pem {
            Some(p) => fingerprint_matches(&p, o.fp_mode, &fp),
            None => {
                zend::error_docref(zend::E_WARNING, "Could not get peer certificate");
                false
            }
        };
        if !ok {
            if o.fp_mode != 4 {
                zend::error_docref(zend::E_WARNING, "peer_fingerprint match failure");
            }
            return -1;
        }
    }
    if client && verify_peer_name {
        if let Some(name) = &peer_name {
            let pem = s.tls_peer_certificate();
            let ok = match pem {
                Some(p) => peer_name_matches(&p, name),
                None => {
                    zend::error_docref(zend::E_WARNING, "Could not get peer certificate");
                    false
                }
            };
            if !ok {
                return -1;
            }
        }
    }
    1
}

/// The `crypto` meta data of a stream with TLS on (strings as pointer and length,
/// OpenSSL's static texts): 0 if there is none.
///
/// # Safety
/// `rs` is live; `strs` has room for 3 pointers and `lens` for 3 lengths; `bits` is
/// writable.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_crypto_info(
    rs: *mut c_void,
    strs: *mut *const c_char,
    lens: *mut usize,
    bits: *mut c_int,
) -> c_int {
    let Some(s) = hs(rs).sock() else {
        return 0;
    };
    let (Some(p), Some((name, b, v))) = (s.tls_version(), s.tls_cipher()) else {
        return 0;
    };
    for (i, t) in [p, name, v].into_iter().enumerate() {
        *strs.add(i) = t.as_ptr().cast();
        *lens.add(i) = t.len();
    }
    *bits = b;
    1
}

/// The peer's certificate as PEM in a new zend_string (null if none).
///
/// # Safety
/// `rs` is live.
#[no_mangle]
unsafe extern "C" fn cosocket_hs_peer_cert(rs: *mut c_void) -> *mut zend::zend_string {
    match hs(rs).sock().and_then(|s| s.tls_peer_certificate()) {
        Some(p) => zend::zstr_from(&p),
        None => std::ptr::null_mut(),
    }
}
