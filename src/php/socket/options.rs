//! getOption(), setOption() and their value conversions (the multicast ones are in
//! mcast.rs), setProtocol()'s non-framing keys (packet.rs has the framing), sslHandshake().

use ext_php_rs::types::{ZendHashTable, Zval};

use super::{fail, mcast, os_warning, packet, proxy, tls};
use super::{read_timeout_call, set_err, this, Obj, Sock};
use crate::net::{NetError, SockAddr};
use crate::php::call::{php_fn, Fail};
use crate::php::errors;
use crate::php::zend;
use crate::php::zval;

php_fn! {
    "getOption" fn sock_get_option(cx, level: i64, opt_name: i64) -> "mixed" {
        let (_, s) = this(cx)?;
        let (level, name) = (level as i32, opt_name as i32);
        let mut out = Zval::new();
        if level == libc::SOL_SOCKET && (name == libc::SO_RCVTIMEO || name == libc::SO_SNDTIMEO) {
            let t = s.timeouts.get();
            out.set_hashtable(zval::timeval_array(if name == libc::SO_RCVTIMEO {
                t.read
            } else {
                t.write
            }));
            return Ok(out);
        }
        let mut raw = [0u8; 256];
        let tcp_info = name == libc::TCP_INFO && (level == libc::IPPROTO_TCP || level == libc::SOL_TCP);
        let len = s
            .net
            .getsockopt(if tcp_info { libc::IPPROTO_TCP } else { level }, name, &mut raw)
            .map_err(|e| os_warning(&format!("getsockopt({}, {level}, {name})", s.net.fd()), e))?;
        if tcp_info {
            out.set_hashtable(zval::tcp_info_array(&raw[..len]));
        } else if level == libc::SOL_SOCKET && name == libc::SO_LINGER {
            out.set_hashtable(zval::linger_array(&raw));
        } else if level == libc::IPPROTO_IP && name == libc::IP_MULTICAST_IF {
            // Read back as the interface's index, as ext-sockets does.
            let addr = std::net::Ipv4Addr::new(raw[0], raw[1], raw[2], raw[3]);
            out.set_long(mcast::index_of_addr(addr) as i64);
        } else if len == 1 {
            out.set_long(raw[0] as i64);
        } else {
            out.set_long(i32::from_ne_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64);
        }
        Ok(out)
    }
}

/// The array (or object properties) behind an option value, or a TypeError.
fn option_table<'a>(v: &'a Zval, option: &str) -> Result<&'a ZendHashTable, Fail> {
    if let Some(ht) = v.array() {
        return Ok(ht);
    }
    let msg = format!(
        "Swoole\\Coroutine\\Socket::setOption(): Argument #3 ($opt_value) must be of type array when argument $option is {option}, {} given",
        zend::type_name((v as *const Zval).cast())
    );
    // SAFETY: the engine's class, set before MINIT.
    Err(Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0))
}

/// A required key of an option array, as PHP's `(int)`; a warning and false when
/// missing.
fn option_key(ht: &ZendHashTable, key: &str) -> Result<i64, Fail> {
    match ht.get(key) {
        Some(v) => Ok(zval::to_long(v)),
        None => {
            zend::error_docref(
                zend::E_WARNING,
                &format!("no key \"{key}\" passed in optval"),
            );
            Err(Fail::False)
        }
    }
}

php_fn! {
    "setOption" fn sock_set_option(cx, level: i64, opt_name: i64, opt_value: &Zval) -> "bool" {
        let (_, s) = this(cx)?;
        let (level, name, value) = (level as i32, opt_name as i32, opt_value);
        let raw: Vec<u8> = if level == libc::SOL_SOCKET
            && (name == libc::SO_RCVTIMEO || name == libc::SO_SNDTIMEO)
        {
            let label = if name == libc::SO_RCVTIMEO {
                "SO_RCVTIMEO"
            } else {
                "SO_SNDTIMEO"
            };
            let ht = option_table(value, label)?;
            // One warning for the first missing key, as Swoole.
            let sec = option_key(ht, "sec")?;
            let usec = option_key(ht, "usec")?;
            if sec == 0 && usec == 0 {
                // Swoole takes a zero timeout as "leave it as it is".
                return Ok(true);
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
            return Ok(true);
        } else if level == libc::SOL_SOCKET && name == libc::SO_LINGER {
            let ht = option_table(value, "SO_LINGER")?;
            let on = option_key(ht, "l_onoff")?;
            let linger = option_key(ht, "l_linger")?;
            for (key, v) in [("l_onoff", on), ("l_linger", linger)] {
                if !(0..=65535).contains(&v) {
                    let msg = format!(
                        "Swoole\\Coroutine\\Socket::setOption(): Argument #3 ($opt_value) \"{key}\" must be between 0 and 65535"
                    );
                    // SAFETY: the engine's class, set before MINIT.
                    return Err(Fail::throw(|| unsafe { zend::zend_ce_value_error }, msg, 0));
                }
            }
            [(on as i32).to_ne_bytes(), (linger as i32).to_ne_bytes()].concat()
        } else if (name == libc::MCAST_JOIN_GROUP || name == libc::MCAST_LEAVE_GROUP)
            && (level == libc::IPPROTO_IP || level == libc::IPPROTO_IPV6)
        {
            let ht = option_table(value, "MCAST_JOIN_GROUP/MCAST_LEAVE_GROUP")?;
            group_req(s, ht).ok_or(Fail::False)?
        } else if matches!(
            name,
            libc::MCAST_BLOCK_SOURCE
                | libc::MCAST_UNBLOCK_SOURCE
                | libc::MCAST_JOIN_SOURCE_GROUP
                | libc::MCAST_LEAVE_SOURCE_GROUP
        ) && (level == libc::IPPROTO_IP || level == libc::IPPROTO_IPV6)
        {
            // ext-sockets' source-specific multicast options (Swoole's setOption has
            // them too): `['group', 'interface', 'source']`.
            let ht = option_table(value, "MCAST_*_SOURCE")?;
            group_source_req(s, ht).ok_or(Fail::False)?
        } else if level == libc::SOL_SOCKET && name == libc::SO_BINDTODEVICE {
            value.str().map_or_else(Vec::new, |v| v.as_bytes().to_vec())
        } else if let Some(r) = mcast::set_value(s, level, name, value) {
            r.ok_or(Fail::False)?
        } else {
            (zval::to_long(value) as i32).to_ne_bytes().to_vec()
        };
        s.net
            .setsockopt(level, name, &raw)
            .map_err(|e| os_warning(&format!("setsockopt({}) failed", s.net.fd()), e))?;
        Ok(true)
    }
}

/// A `struct group_source_req` for the MCAST_*_SOURCE options: [`group_req`]'s keys and
/// `'source' => address`.
fn group_source_req(s: &Sock, ht: &ZendHashTable) -> Option<Vec<u8>> {
    let head = group_req(s, ht)?;
    let source = match ht.get("source").and_then(|g| g.string()) {
        Some(g) => g,
        None => {
            zend::error_docref(zend::E_WARNING, "no key \"source\" passed in optval");
            return None;
        }
    };
    let Some(addr) = SockAddr::ip(s.net.domain(), &source, 0) else {
        zend::error_docref(
            zend::E_WARNING,
            &format!("Host lookup failed [{}]: \"{source}\"", libc::EINVAL),
        );
        return None;
    };
    // SAFETY: `head` holds a whole group_req (made just above); an all-zero
    // group_source_req is valid plain C data.
    let mut req: libc::group_source_req = unsafe { std::mem::zeroed() };
    let gr = unsafe { std::ptr::read_unaligned(head.as_ptr().cast::<libc::group_req>()) };
    req.gsr_interface = gr.gr_interface;
    req.gsr_group = gr.gr_group;
    addr.to_raw(&mut req.gsr_source);
    // SAFETY: the struct's own bytes, read while it lives.
    let bytes = unsafe {
        std::slice::from_raw_parts(
            (&req as *const libc::group_source_req).cast::<u8>(),
            std::mem::size_of::<libc::group_source_req>(),
        )
    };
    Some(bytes.to_vec())
}

/// A `struct group_req` for MCAST_JOIN_GROUP/MCAST_LEAVE_GROUP from
/// `['group' => address, 'interface' => index or name]`.
fn group_req(s: &Sock, ht: &ZendHashTable) -> Option<Vec<u8>> {
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
            // SAFETY: a NUL-terminated name, only read.
            unsafe { libc::if_nametoindex(name.as_ptr()) }
        }
        None => 0,
    };
    let Some(addr) = SockAddr::ip(s.net.domain(), &group, 0) else {
        zend::error_docref(
            zend::E_WARNING,
            &format!("Host lookup failed [{}]: \"{group}\"", libc::EINVAL),
        );
        return None;
    };
    // SAFETY: an all-zero group_req is valid (plain C data).
    let mut req: libc::group_req = unsafe { std::mem::zeroed() };
    req.gr_interface = iface;
    addr.to_raw(&mut req.gr_group);
    // SAFETY: the struct's own bytes, read while it lives.
    let bytes = unsafe {
        std::slice::from_raw_parts(
            (&req as *const libc::group_req).cast::<u8>(),
            std::mem::size_of::<libc::group_req>(),
        )
    };
    Some(bytes.to_vec())
}

php_fn! {
    "setProtocol" fn sock_set_protocol(cx, settings: &ZendHashTable) -> "bool" {
        let (obj, s) = this(cx)?;
        if settings.is_empty() {
            return Ok(false);
        }
        apply_settings(obj, s, settings, false)
    }
}

/// setProtocol()'s keys (and Co\Client's set(), `client`: which also takes
/// `bind_address`/`bind_port` and warns about a `socket_buffer_size` that is not
/// positive, as Swoole's client does); false when one was refused.
pub(super) fn apply_settings(
    obj: Obj,
    s: &Sock,
    ht: &ZendHashTable,
    client: bool,
) -> Result<bool, Fail> {
    let num = |k: &str| ht.get(k).and_then(zval::number);
    // A NAN timeout is invalid (see Sock::timeout): nothing is changed.
    if [
        "timeout",
        "connect_timeout",
        "read_timeout",
        "write_timeout",
    ]
    .iter()
    .any(|k| num(k).is_some_and(f64::is_nan))
    {
        set_err(obj, libc::EINVAL, &errors::strerror(libc::EINVAL));
        return Ok(false);
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
    let mut ok = true;
    if client {
        ok &= client_bind(s, ht);
    }
    if let Some(v) = ht.get("open_tcp_nodelay") {
        let on = zval::flag(v) as i32;
        let _ = s
            .net
            .setsockopt(libc::IPPROTO_TCP, libc::TCP_NODELAY, &on.to_ne_bytes());
    }
    // Swoole's Co\Socket ignores this key. Here a size applies to both buffers; zero,
    // a negative value or one that is not a size leaves them as they are (setting 0
    // would shrink them to the kernel's minimum).
    let size = ht.get("socket_buffer_size").map(zval::size_setting);
    if client {
        if let Some(n) = size.map(|n| n.unwrap_or(0)).filter(|&n| n <= 0) {
            zend::error_docref(
                zend::E_WARNING,
                &format!("socket buffer size must be greater than 0, got {n}"),
            );
            ok = false;
        }
    }
    if let Some(size) = size.flatten().filter(|&n| n > 0) {
        let size = size.min(i32::MAX as i64) as i32;
        let _ = s
            .net
            .setsockopt(libc::SOL_SOCKET, libc::SO_SNDBUF, &size.to_ne_bytes());
        let _ = s
            .net
            .setsockopt(libc::SOL_SOCKET, libc::SO_RCVBUF, &size.to_ne_bytes());
    }
    let framed = packet::apply(&mut s.packet.borrow_mut(), ht);
    let secured = tls::apply(&mut s.tls.borrow_mut(), ht);
    let tcp = s.net.sock_type() & 0xf == libc::SOCK_STREAM
        && matches!(s.net.domain(), libc::AF_INET | libc::AF_INET6);
    // Err: it threw.
    let proxied = proxy::apply(&mut s.proxy.borrow_mut(), ht, tcp).map_err(|()| Fail::False)?;
    Ok(ok && framed && secured && proxied)
}

/// Co\Client's `bind_address`/`bind_port`: binds before connect(); a bind that fails is
/// silent (connect() then fails), as in Swoole.
fn client_bind(s: &Sock, ht: &ZendHashTable) -> bool {
    let Some(address) = ht.get("bind_address").map(zval::quiet_bytes) else {
        return true;
    };
    if address.is_empty() {
        return true;
    }
    let port = ht
        .get("bind_port")
        .map_or(0, |v| zval::to_long(v).clamp(0, u16::MAX as i64));
    let _ = s
        .net
        .setsockopt(libc::SOL_SOCKET, libc::SO_REUSEADDR, &1i32.to_ne_bytes());
    super::setup::address(s, &String::from_utf8_lossy(&address), port, false)
        .and_then(|a| s.net.bind(&a))
        .is_ok()
}

// The TLS handshake of an accepted socket (the server's side), or of a connected one
// that turns TLS on after a plain exchange (STARTTLS), within the read timeout.
php_fn! {
    "sslHandshake" fn sock_ssl_handshake(cx) -> "bool" {
        let (obj, s, t) = read_timeout_call(cx, 0.0)?;
        if !s.tls.borrow().open {
            set_err(
                obj,
                errors::SW_ERROR_WRONG_OPERATION,
                "SSL is not enabled on this socket (setProtocol open_ssl)",
            );
            return Err(Fail::False);
        }
        let ctx = s.tls.borrow_mut().context(s.accepted.get());
        ctx.map_err(NetError::Tls)
            .and_then(|ctx| {
                s.net
                    .tls_handshake(&ctx, None, &crate::net::Deadline::new(t))
            })
            .map_err(|e| fail(obj, s, e))?;
        Ok(true)
    }
}
