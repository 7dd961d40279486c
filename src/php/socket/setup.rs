//! Making sockets: the constructor, `import()`, `swoole_coroutine_socketpair()`; and
//! setting up connections: bind, listen, accept, connect, with the address resolution
//! they (and sendto) use.

use std::ffi::{c_char, c_int};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::stream::stream_fd;
use super::{
    init_props, limit, net_err, notice, read_timeout_call, ret_false, return_bool, set_err, this,
    Sock, EXCEPTION_CE, SOCKET_CE,
};
use crate::net::dns;
use crate::net::{Deadline, NetError, SockAddr, Socket, TunnelError};
use crate::php::errors::{
    self, set_last_error, SW_ERROR_BAD_HOST_ADDR, SW_ERROR_BAD_PORT, SW_ERROR_NAME_TOO_LONG,
};
use crate::php::object;
use crate::php::{php_fn, zend};
use crate::runtime::{self, Timeout};

/// Swoole's default listen() backlog (SW_BACKLOG).
const BACKLOG: i64 = 512;
/// Swoole refuses Unix paths of this length or more (`sizeof(sun_path) - 1`).
const UNIX_PATH_MAX: usize = 107;

/// Resolves the address of `host`/`port` for this socket: an IP literal of its family,
/// a Unix path, or (with `resolve`) a host name looked up off the loop.
///
/// # Safety
/// PHP's thread, executor active (a host name is resolved in a coroutine wait).
pub(super) unsafe fn address(
    s: &Sock,
    host: &str,
    port: i64,
    resolve: bool,
) -> Result<SockAddr, NetError> {
    address_within(s, host, port, resolve, &Deadline::new(None))
}

/// [`address`] for a step of a call bounded by `deadline`: a lookup ends by the
/// socket's DNS timeout or the deadline, whichever comes first (a timeout either way).
///
/// # Safety
/// As [`address`].
unsafe fn address_within(
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

/// `['address' => ..., 'port' => ...]`, as Swoole's `recvfrom()`, `getsockname()` and
/// `getpeername()` give it. Built on every datagram received: the keys are interned
/// once (no key allocated or hashed per call) and the text goes straight into its
/// zend_string.
pub(super) fn addr_array(a: &SockAddr) -> ZBox<ZendHashTable> {
    let mut buf = [0; 46];
    let (host, port) = a.host_text(&mut buf);
    let mut ht = ZendHashTable::with_capacity(2);
    let (address_key, port_key) = (
        ADDRESS_KEY.load(Ordering::Relaxed),
        PORT_KEY.load(Ordering::Relaxed),
    );
    // SAFETY: a fresh array with neither key in it; the keys are permanent interned
    // strings, made at MINIT by the registration of the class whose methods call this;
    // each zval is fully written before the array takes it.
    unsafe {
        let s = zend::zstr_alloc(host.len());
        ptr::copy_nonoverlapping(
            host.as_ptr(),
            (*s).val.as_mut_ptr().cast::<u8>(),
            host.len(),
        );
        let mut v: zend::zval = std::mem::zeroed();
        zend::return_str(&mut v, zend::zstr_finish(s, host.len()));
        ffi::zend_hash_add_new(&mut *ht, address_key, &mut v);
        zend::ret_long(&mut v, port as i64);
        ffi::zend_hash_add_new(&mut *ht, port_key, &mut v);
    }
    ht
}

/// The interned keys of [`addr_array`], made at MINIT.
static ADDRESS_KEY: AtomicPtr<zend::zend_string> = AtomicPtr::new(ptr::null_mut());
static PORT_KEY: AtomicPtr<zend::zend_string> = AtomicPtr::new(ptr::null_mut());

/// Makes [`addr_array`]'s keys (MINIT: interned strings made now last for the process).
pub(super) fn module_startup() {
    ADDRESS_KEY.store(zend::interned("address"), Ordering::Relaxed);
    PORT_KEY.store(zend::interned("port"), Ordering::Relaxed);
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

php_fn!(sock_construct, |ex, rv| {
    let (mut domain, mut sock_type, mut protocol): (i64, i64, i64) = (0, 0, 0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"ll|l".as_ptr(),
        &mut domain,
        &mut sock_type,
        &mut protocol,
    ) != 0
    {
        return;
    }
    let obj = zend::this_obj(ex);
    if object::get::<Sock>(obj).is_some() {
        // Swoole throws the engine's own Error here, not Swoole\Error.
        zend::throw(
            zend::zend_ce_error,
            "Constructor of Swoole\\Coroutine\\Socket can only be called once",
            0,
        );
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
            let msg = format!(
                "new Socket() failed. Error: {} [{code}]",
                errors::strerror(code)
            );
            zend::throw(EXCEPTION_CE.load(Ordering::Relaxed), &msg, code as i64);
        }
    }
});

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
        let mut call = crate::php::vm::Call {
            callable: f,
            fcc: std::mem::zeroed(),
            args: vec![zend::zval_copy(z)],
        };
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
    let Some(fd) = stream_fd(zr) else {
        return ret_false(rv);
    };
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
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"lll".as_ptr(),
        &mut domain,
        &mut sock_type,
        &mut protocol,
    ) != 0
    {
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
            let code = if let NetError::Os(c) = e {
                c
            } else {
                libc::EINVAL
            };
            set_last_error(code);
            zend::error_docref(
                zend::E_WARNING,
                &format!(
                    "failed to create socket, Error: {}[{code}]",
                    errors::strerror(code)
                ),
            );
            ret_false(rv);
        }
    }
});

php_fn!(sock_bind, |ex, rv| {
    let (mut host, mut len, mut port): (*const c_char, usize, i64) = (ptr::null(), 0, 0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|l".as_ptr(),
        &mut host,
        &mut len,
        &mut port,
    ) != 0
    {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    // Swoole sets SO_REUSEADDR before every bind.
    let _ = s
        .net
        .setsockopt(libc::SOL_SOCKET, libc::SO_REUSEADDR, &1i32.to_ne_bytes());
    let r = address(s, &zend::str_arg(host, len), port, false).and_then(|a| s.net.bind(&a));
    if r.is_ok() {
        // Swoole's bind() clears swoole_last_error() (errCode is left as it was).
        set_last_error(0);
    }
    return_bool(rv, obj, s, r);
});

php_fn!(sock_listen, |ex, rv| {
    let mut backlog: i64 = BACKLOG;
    if zend::zend_parse_parameters(zend::num_args(ex), c"|l".as_ptr(), &mut backlog) != 0 {
        return;
    }
    let Some((obj, s)) = this(ex, rv) else { return };
    let backlog = if backlog <= 0 {
        BACKLOG
    } else {
        backlog.min(i32::MAX as i64)
    };
    return_bool(rv, obj, s, s.net.listen(backlog as i32));
});

php_fn!(sock_accept, |ex, rv| {
    let Some((obj, s, t)) = read_timeout_call(ex, rv) else {
        return;
    };
    match s.net.accept(t) {
        Ok(conn) => {
            new_object(rv, conn);
            // The new socket inherits the listener's timeouts (Swoole's too).
            if let Some(c) = object::get::<Sock>((*rv).value.obj) {
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
        }
        Err(e) => {
            net_err(obj, s, e);
            ret_false(rv);
        }
    }
});

php_fn!(sock_connect, |ex, rv| {
    let (mut host, mut len, mut port, mut timeout): (*const c_char, usize, i64, f64) =
        (ptr::null(), 0, 0, 0.0);
    if zend::zend_parse_parameters(
        zend::num_args(ex),
        c"s|ld".as_ptr(),
        &mut host,
        &mut len,
        &mut port,
        &mut timeout,
    ) != 0
    {
        return;
    }
    errors::require_coroutine();
    let Some((obj, s)) = this(ex, rv) else { return };
    // A raw socket needs no port (ICMP has none), as in Swoole.
    if matches!(s.net.domain(), libc::AF_INET | libc::AF_INET6)
        && s.net.sock_type() & 0xf != libc::SOCK_RAW
    {
        if zend::num_args(ex) == 1 {
            return notice(rv, "Socket of type AF_INET/AF_INET6 requires port argument");
        } else if port == 0 || port >= 65536 {
            return notice(rv, &format!("Invalid port argument[{port}]"));
        }
    }
    let host = zend::str_arg(host, len);
    let Some(t) = limit(rv, obj, s, s.timeout(timeout, |t| t.connect)) else {
        return;
    };
    // One deadline bounds the whole call: the lookup (which also ends by the DNS
    // timeout, if that comes first), TCP, the proxy's handshake and TLS's.
    let deadline = Deadline::starting_now(t);
    let proxy = s.proxy.borrow().clone();
    // Through a proxy, the TCP connection is to the proxy; host and port go in its
    // handshake (made first: a target or login the protocol cannot carry fails at once).
    let (dial_host, dial_port) = proxy
        .as_ref()
        .map_or((&host[..], port), |p| (&p.host[..], p.port));
    let mut r = match proxy
        .as_ref()
        .map(|p| p.handshake(&host, port as u16))
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
        // open_ssl: the handshake is part of connect(), within what is left of its timeout;
        // through a proxy it runs inside the tunnel, with the target's name for SNI.
        let ctx = s.tls.borrow_mut().context(false);
        r = ctx
            .map_err(NetError::Tls)
            .and_then(|ctx| s.net.tls_handshake(&ctx, Some(&host), &deadline))
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
            zend::zv(rv).set_bool(true);
        }
        Err(TunnelError::Net(e)) => return_bool(rv, obj, s, Err(e)),
        // Swoole's SW_ERROR_SOCKS5_*/HTTP_PROXY_* code, and the reason.
        Err(TunnelError::Proxy(e)) => {
            set_err(obj, e.code(), &e.to_string());
            ret_false(rv);
        }
    }
});
