//! Making sockets: the constructor, `import()`, `swoole_coroutine_socketpair()`; and
//! setting up connections: bind, listen, accept, connect, with the address resolution
//! they (and sendto) use.

use std::borrow::Cow;
use std::ffi::c_int;
use std::ptr;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::stream::stream_fd;
use super::{
    exception_ce, fail, init_props, limit, notice, os_warning, read_timeout_call, return_bool,
    set_err, socket_ce, this, Obj, Sock, Wait,
};
use crate::net::dns;
use crate::net::{Deadline, NetError, RawAddr, SockAddr, Socket, TunnelError};
use crate::php::args::Untyped;
use crate::php::call::{php_fn, Fail};
use crate::php::errors::{
    self, set_last_error, SW_ERROR_BAD_HOST_ADDR, SW_ERROR_BAD_PORT, SW_ERROR_NAME_TOO_LONG,
};
use crate::php::object;
use crate::php::state::PROCESS;
use crate::php::zend;
use crate::runtime::{self, Timeout};

/// Swoole's default listen() backlog (SW_BACKLOG).
const BACKLOG: i64 = 512;
/// Swoole refuses Unix paths of this length or more (`sizeof(sun_path) - 1`).
const UNIX_PATH_MAX: usize = 107;

/// Resolves the address of `host`/`port` for this socket: an IP literal of its family,
/// a Unix path, or (with `resolve`) a host name looked up off the loop.
///
/// PHP's thread (a host name is resolved in a coroutine wait).
pub(super) fn address(
    s: &Sock,
    host: &str,
    port: i64,
    resolve: bool,
) -> Result<SockAddr, NetError> {
    address_within(s, host, port, resolve, &Deadline::new(None))
}

/// [`address`] for a step of a call bounded by `deadline`: a lookup ends by the
/// socket's DNS timeout or the deadline, whichever comes first (a timeout either way).
fn address_within(
    s: &Sock,
    host: &str,
    port: i64,
    resolve: bool,
    deadline: &Deadline,
) -> Result<SockAddr, NetError> {
    if s.net.domain() == libc::AF_UNIX {
        // Never truncated: a cut path could name another socket.
        if host.len() >= UNIX_PATH_MAX {
            return Err(NetError::Swoole(SW_ERROR_NAME_TOO_LONG));
        }
        return Ok(SockAddr::unix(host));
    }
    if !(0..=65535).contains(&port) {
        return Err(NetError::Swoole(SW_ERROR_BAD_PORT));
    }
    if let Some(a) = SockAddr::ip(s.net.domain(), host, port as u16) {
        return Ok(a);
    }
    if !resolve {
        return Err(NetError::Swoole(SW_ERROR_BAD_HOST_ADDR));
    }
    if !runtime::in_coroutine() {
        return Err(NetError::NotInCoroutine);
    }
    // NAN is invalid here too, as for gethostbyname() and every socket wait.
    let wait = Timeout::from_secs(s.timeouts.get().dns).map_err(|_| NetError::Os(libc::EINVAL))?;
    match dns::resolve_until(
        dns::Query::host(host, s.net.domain()),
        deadline.within(wait),
    ) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(SockAddr::Inet(std::net::SocketAddr::new(
            addrs[0].ip(),
            port as u16,
        ))),
        Ok(_) => {
            errors::warn_if_resolver_failed();
            Err(NetError::Swoole(errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED))
        }
        Err(runtime::Wake::Timeout) => {
            Err(NetError::Swoole(errors::SW_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT))
        }
        Err(runtime::Wake::Cancelled) => Err(NetError::Cancelled),
        Err(_) => Err(NetError::Swoole(errors::SW_ERROR_DNSLOOKUP_RESOLVE_FAILED)),
    }
}

/// [`address`] for sendto(): the socket keeps the last IP literal it parsed (see
/// [`DestCache`](crate::net::DestCache)), so datagrams to the same host text and port skip the parse and the
/// conversion to the kernel's form. Host names are looked up every time.
#[inline(always)]
pub(super) fn send_address(s: &Sock, host: &[u8], port: i64) -> Result<RawAddr, NetError> {
    // A hit means an IP socket and a port in range: only those are kept.
    if let Some(a) = s.dest.borrow().as_deref().and_then(|c| c.get(host, port)) {
        return Ok(*a);
    }
    let domain = s.net.domain();
    if matches!(domain, libc::AF_INET | libc::AF_INET6) && (0..=65535).contains(&port) {
        let literal = std::str::from_utf8(host)
            .ok()
            .and_then(|h| SockAddr::ip(domain, h, port as u16));
        if let Some(a) = literal {
            let raw = RawAddr::from(&a);
            s.dest
                .borrow_mut()
                .get_or_insert_with(Box::default)
                .put(host, port as u16, raw);
            return Ok(raw);
        }
    }
    address(s, &String::from_utf8_lossy(host), port, true).map(|a| RawAddr::from(&a))
}

/// `['address' => ..., 'port' => ...]`, as Swoole's `getsockname()` and `getpeername()`
/// give it. The keys are interned once (no key allocated or hashed per call) and the
/// text goes straight into its zend_string.
pub(super) fn addr_array(a: &SockAddr) -> ZBox<ZendHashTable> {
    let mut buf = [0; 46];
    let (host, port) = a.host_text(&mut buf);
    let mut ht = ZendHashTable::with_capacity(2);
    // SAFETY: a fresh array; the string is ours, its one reference handed to the array.
    unsafe { add_addr_pair(&mut *ht, zend::zstr_from(host.as_bytes()), port as i64) };
    ht
}

/// Adds `'address' => text, 'port' => port` to an empty array (taking `text`'s reference).
///
/// # Safety
/// `ht` is a live array without either key; `text` a string we own one reference of.
unsafe fn add_addr_pair(ht: *mut ffi::HashTable, text: *mut zend::zend_string, port: i64) {
    let (address_key, port_key) = (PROCESS.address_key.get(), PROCESS.port_key.get());
    // The keys are permanent interned strings, made at MINIT by the registration of the
    // class whose methods call this; each zval is fully written before the array takes it.
    let mut v: zend::zval = std::mem::zeroed();
    zend::return_str(&mut v, text);
    ffi::zend_hash_add_new(ht, address_key, &mut v);
    zend::ret_long(&mut v, port);
    ffi::zend_hash_add_new(ht, port_key, &mut v);
}

/// `IS_ARRAY` with `IS_TYPE_REFCOUNTED | IS_TYPE_COLLECTABLE`: a zval holding a counted
/// (not immutable) array.
const IS_ARRAY_EX: u32 = 7 | (3 << 8);
/// The array flag of a packed (list) array: its slots are zvals, not buckets.
const HASH_FLAG_PACKED: u8 = 1 << 2;

/// Makes `target` recvfrom()'s `['address' => text, 'port' => port]` (`text` borrowed:
/// the array takes a reference of its own).
///
/// Swoole destroys the old value and builds a new array on every datagram; the array
/// already there is refilled instead when nothing can tell the difference: a counted
/// array that only `target` holds, with no iterator on it, whose only entries are
/// 'address' (a string) and 'port' (an int), in that order, with no integer key ever
/// used; recvfrom()'s own from the last call, as a receive loop passes it back. The
/// internal pointer goes back to the start, as in a new array.
///
/// # Safety
/// `target` is a live zval (not a reference); `text` a live, non-interned string.
pub(super) unsafe fn fill_addr_array(
    target: *mut zend::zval,
    text: *mut zend::zend_string,
    port: i64,
) {
    if (*target).u1.type_info == IS_ARRAY_EX {
        let ht = (*target).value.arr;
        if (*ht).gc.refcount == 1
            && (*ht).u.v.flags & HASH_FLAG_PACKED == 0
            && (*ht).u.v.nIteratorsCount == 0
            && (*ht).nNumUsed == 2
            && (*ht).nNumOfElements == 2
            && (*ht).nNextFreeElement == i64::MIN
        {
            // Two buckets in use, both live (as many elements as used slots).
            let b = (*ht).__bindgen_anon_1.arData;
            let (addr, port_b) = (&mut *b, &mut *b.add(1));
            if addr.key == PROCESS.address_key.get()
                && port_b.key == PROCESS.port_key.get()
                && addr.val.u1.v.type_ == zend::IS_STRING
                && port_b.val.u1.v.type_ == zend::IS_LONG
            {
                if addr.val.value.str_ != text {
                    // Moved out, released when dropped (a string: that runs no code).
                    let old = ptr::read(&addr.val);
                    (*text).gc.refcount += 1;
                    zend::return_str(&mut addr.val, text);
                    drop(old);
                }
                port_b.val.value.lval = port;
                (*ht).nInternalPointer = 0;
                return;
            }
        }
    }
    let ht = ffi::_zend_new_array(2);
    (*text).gc.refcount += 1;
    add_addr_pair(ht, text, port);
    // As the engine assigns: the old value is released once the new one is in place
    // (a destructor it runs never sees a freed value there).
    // Moved out, released when dropped.
    let old = ptr::read(target);
    (*target).value.arr = ht;
    (*target).u1.type_info = IS_ARRAY_EX;
    drop(old);
}

/// Makes [`addr_array`]'s keys (MINIT: interned strings made now last for the process).
pub(super) fn module_startup() {
    PROCESS.address_key.set(zend::interned("address"));
    PROCESS.port_key.set(zend::interned("port"));
}

/// Wraps a new core socket in a new PHP object, in `z` (a null zval).
pub(super) fn new_object<'a>(z: &mut Zval, net: Socket) -> Option<&'a Sock> {
    // SAFETY: the class is registered at MINIT; `z` is null, nothing is overwritten.
    unsafe {
        zend::object_init_ex((z as *mut Zval).cast(), socket_ce());
        let obj = Obj::new(z.object_mut()? as *mut _ as *mut zend::zend_object);
        init_props(obj, &net);
        // A fresh object: its slot is empty.
        let _ = object::init(obj.0, Sock::new(net));
        obj.sock()
    }
}

php_fn! {
    /// @throws \Swoole\Coroutine\Socket\Exception when socket(2) fails
    "__construct" fn sock_construct(cx, domain: i64, r#type: i64, protocol: i64 = "IPPROTO_IP") -> "" {
        // SAFETY: `$this` of a Socket method.
        let obj = unsafe { Obj::new(cx.this_obj()) };
        if obj.sock().is_some() {
            // Swoole throws the engine's own Error here, not Swoole\Error.
            return Err(Fail::throw(
                // SAFETY: the engine's class, set before MINIT.
                || unsafe { zend::zend_ce_error },
                "Constructor of Swoole\\Coroutine\\Socket can only be called once",
                0,
            ));
        }
        match Socket::new(domain as i32, r#type as i32, protocol as i32) {
            Ok(net) => {
                init_props(obj, &net);
                // SAFETY: as above; checked empty, and nothing ran in between.
                let _ = unsafe { object::init(obj.0, Sock::new(net)) };
                Ok(())
            }
            Err(e) => {
                let code = match e {
                    NetError::Os(c) => c,
                    _ => libc::EINVAL,
                };
                // Swoole's socket() wrapper sets the last error as it fails.
                set_last_error(code);
                let msg = format!(
                    "new Socket() failed. Error: {} [{code}]",
                    errors::strerror(code)
                );
                Err(Fail::throw(
                    exception_ce,
                    msg,
                    code as i64,
                ))
            }
        }
    }
}

fn sockopt_int(fd: c_int, name: c_int) -> Option<i32> {
    let mut v: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: an int-sized out-parameter.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            name,
            (&mut v as *mut i32).cast(),
            &mut len,
        )
    };
    (r == 0).then_some(v)
}

fn type_error(msg: String) -> Fail {
    // SAFETY: the engine's class, set before MINIT.
    Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0)
}

php_fn! {
    /// A coroutine socket on (a duplicate of) the fd of a PHP stream or ext-sockets Socket.
    "import" fn sock_import(cx, stream: Untyped) -> "\\Swoole\\Coroutine\\Socket|false" {
        let z = stream.0;
        // An ext-sockets Socket object: go through its stream, as socket_export_stream() gives.
        let mut exported = Zval::new();
        // A Co\\Socket is not a stream (nor, for import(), a Socket, even while
        // SWOOLE_HOOK_SOCKETS makes it one for instanceof): Swoole's TypeError.
        if let Some(o) = z.object() {
            if object::is::<Sock>((o as *const ffi::zend_object).cast_mut()) {
                return Err(type_error(format!(
                    "Swoole\\Coroutine\\Socket::import(): Argument #1 ($stream) must be of type resource, {} given",
                    o.get_class_name().unwrap_or_default()
                )));
            }
        }
        let zr: &Zval = if z.is_object() {
            let mut f = Zval::new();
            let _ = f.set_string("socket_export_stream", false);
            let mut call = crate::php::vm::Call {
                callable: f,
                // SAFETY: all-zero is "not resolved yet": zend_call_function resolves the name.
                fcc: unsafe { std::mem::zeroed() },
                args: vec![z.shallow_clone()],
            };
            // SAFETY: calling a core function from a handler, executor active.
            unsafe { call.invoke(&mut exported) };
            if !exported.is_resource() {
                // SAFETY: reading EG(exception), PHP's thread.
                if unsafe { (*zend::eg()).exception.is_null() } {
                    return Err(type_error("Swoole\\Coroutine\\Socket::import(): Argument #1 ($stream) must be of type resource or Socket".into()));
                }
                return Err(Fail::Raised);
            }
            &exported
        } else if z.is_resource() {
            z
        } else {
            return Err(type_error(format!(
                "Swoole\\Coroutine\\Socket::import(): Argument #1 ($stream) must be of type resource, {} given",
                zend::type_name((z as *const Zval).cast())
            )));
        };
        // SAFETY: a resource zval, PHP's thread.
        let fd = unsafe { stream_fd((zr as *const Zval).cast_mut().cast()) }.ok_or(Fail::False)?;
        let domain = sockopt_int(fd, libc::SO_DOMAIN).unwrap_or(libc::AF_INET);
        let sock_type = sockopt_int(fd, libc::SO_TYPE).unwrap_or(libc::SOCK_STREAM);
        let protocol = sockopt_int(fd, libc::SO_PROTOCOL).unwrap_or(0);
        // The stream's own fd, as Swoole: the stream still owns it (and closes it); the
        // socket holds a reference to the stream, and its close() closes the stream.
        let net = match Socket::borrow(fd, domain, sock_type, protocol) {
            // A hooked stream's fd is in the loop already (epoll takes an fd once): the
            // socket gets a duplicate of its own, closed with it.
            Err(crate::net::NetError::Os(libc::EEXIST)) => {
                // SAFETY: plain syscall on the stream's open fd.
                let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
                if dup < 0 {
                    return Err(Fail::False);
                }
                Socket::adopt(dup, domain, sock_type, protocol).map_err(|_| Fail::False)?
            }
            r => r.map_err(|_| Fail::False)?,
        };
        let mut out = Zval::new();
        if let Some(s) = new_object(&mut out, net) {
            s.connected.set(s.net.peer_addr().is_ok());
            *s.stream.borrow_mut() = Some(zr.shallow_clone());
        }
        Ok(out)
    }
}

php_fn! {
    /// Two connected coroutine sockets (socketpair(2)).
    /// @return array{0: \Swoole\Coroutine\Socket, 1: \Swoole\Coroutine\Socket}|false
    "swoole_coroutine_socketpair" fn socketpair(cx, domain: i64, r#type: i64, protocol: i64) -> "array|false" {
        match Socket::pair(domain as i32, r#type as i32, protocol as i32) {
            Ok((a, b)) => {
                let mut ht = ZendHashTable::new();
                for s in [a, b] {
                    let mut z = Zval::new();
                    new_object(&mut z, s);
                    let _ = ht.push(z);
                }
                Ok(ht)
            }
            Err(e) => Err(os_warning("failed to create socket", e)),
        }
    }
}

php_fn! {
    /// An IP literal of the socket's family, or a path for AF_UNIX. Sets SO_REUSEADDR.
    "bind" fn sock_bind(cx, address: Cow<str>, port: i64 = "0") -> "bool" {
        let (obj, s) = this(cx)?;
        // Swoole sets SO_REUSEADDR before every bind.
        let _ = s
            .net
            .setsockopt(libc::SOL_SOCKET, libc::SO_REUSEADDR, &1i32.to_ne_bytes());
        let r = super::setup::address(s, &address, port, false).and_then(|a| s.net.bind(&a));
        if r.is_ok() {
            // Swoole's bind() clears swoole_last_error() (errCode is left as it was).
            set_last_error(0);
        }
        return_bool(obj, s, r)
    }
}

php_fn! {
    "listen" fn sock_listen(cx, backlog: i64 = "512") -> "bool" {
        let (obj, s) = this(cx)?;
        let backlog = if backlog <= 0 {
            BACKLOG
        } else {
            backlog.min(i32::MAX as i64)
        };
        return_bool(obj, s, s.net.listen(backlog as i32))
    }
}

php_fn! {
    "accept" fn sock_accept(cx, timeout: f64 = "0") -> "\\Swoole\\Coroutine\\Socket|false" {
        let (obj, s, t) = read_timeout_call(cx, timeout)?;
        let conn = s.net.accept(t).map_err(|e| fail(obj, s, e))?;
        let mut out = Zval::new();
        // The new socket inherits the listener's timeouts (Swoole's too).
        if let Some(c) = new_object(&mut out, conn) {
            c.timeouts.set(s.timeouts.get());
            // A TLS listener's connections handshake in sslHandshake(), with its context:
            // built once, here, on the listener, and shared (a context per connection
            // would parse the certificate and key again each time). A context error
            // shows at sslHandshake(), which builds it again.
            if s.tls.borrow().open {
                let _ = s.tls.borrow_mut().context(true);
            }
            *c.tls.borrow_mut() = s.tls.borrow().clone();
            // And its framing (setProtocol()'s whole state, as Swoole copies it).
            *c.packet.borrow_mut() = s.packet.borrow().clone();
            c.accepted.set(true);
            c.connected.set(true);
        }
        Ok(out)
    }
}

php_fn! {
    /// $host may be a name: it is resolved off the event loop.
    "connect" fn sock_connect(cx, host: Cow<str>, port: i64 = "0", timeout: f64 = "0") -> "bool" {
        errors::require_coroutine();
        let (obj, s) = this(cx)?;
        // A raw socket needs no port (ICMP has none), as in Swoole.
        if matches!(s.net.domain(), libc::AF_INET | libc::AF_INET6)
            && s.net.sock_type() & 0xf != libc::SOCK_RAW
        {
            if cx.num_args() == 1 {
                return Err(notice("Socket of type AF_INET/AF_INET6 requires port argument"));
            } else if port == 0 || port >= 65536 {
                return Err(notice(&format!("Invalid port argument[{port}]")));
            }
        }
        let t = limit(obj, s, s.timeout(timeout, Wait::Connect))?;
        connect_within(obj, s, &host, port, t)
    }
}

/// connect() (and Co\Client's) once its arguments are checked: the lookup, TCP, a
/// proxy's handshake and TLS's, all within `t`.
#[inline(always)]
pub(super) fn connect_within(
    obj: Obj,
    s: &Sock,
    host: &str,
    port: i64,
    t: Timeout,
) -> Result<bool, Fail> {
    // One deadline bounds the whole call: the lookup (which also ends by the DNS
    // timeout, if that comes first), TCP, the proxy's handshake and TLS's.
    let deadline = Deadline::starting_now(t);
    let proxy = s.proxy.borrow().clone();
    // Through a proxy, the TCP connection is to the proxy; host and port go in its
    // handshake (made first: a target or login the protocol cannot carry fails at once).
    let (dial_host, dial_port) = proxy
        .as_ref()
        .map_or((host, port), |p| (&p.host[..], p.port));
    let mut r = match proxy
        .as_ref()
        .map(|p| p.handshake(host, port as u16))
        .transpose()
    {
        Ok(mut handshake) => address_within(s, dial_host, dial_port, true, &deadline)
            .and_then(|a| s.net.connect_until(&a, &deadline))
            .map_err(TunnelError::Net)
            .and_then(|()| {
                handshake
                    .as_mut()
                    .map_or(Ok(()), |hs| s.net.open_tunnel(hs, &deadline))
            }),
        Err(e) => Err(TunnelError::Proxy(e)),
    };
    if r.is_ok() && s.tls.borrow().open {
        // open_ssl: the handshake is part of connect(), within what is left of its
        // timeout; through a proxy it runs inside the tunnel, with the target's name
        // for SNI.
        let ctx = s.tls.borrow_mut().context(false);
        r = ctx
            .map_err(NetError::Tls)
            .and_then(|ctx| s.net.tls_handshake(&ctx, Some(host), &deadline))
            .map_err(TunnelError::Net);
    }
    match r {
        Ok(()) => {
            s.connected.set(true);
            s.shut_rd.set(false);
            s.shut_wr.set(false);
            // As Swoole: a connect that succeeds clears swoole_last_error() (a failed
            // attempt's 111 must not outlive it); errCode is left as it was.
            set_last_error(0);
            Ok(true)
        }
        Err(TunnelError::Net(e)) => return_bool(obj, s, Err(e)),
        // Swoole's SW_ERROR_SOCKS5_*/HTTP_PROXY_* code, and the reason.
        Err(TunnelError::Proxy(e)) => {
            set_err(obj, e.code(), &e.to_string());
            Err(Fail::False)
        }
    }
}
