//! `Swoole\Coroutine\Client` (alias `Co\Client`): a connection-oriented client whose
//! connection is a `Co\Socket` object made by connect() (or by the first sendto() or
//! recvfrom() of a datagram client), as in Swoole. Each method is the socket's own
//! operation (setup.rs, recv.rs, send.rs, packet.rs, options.rs, state.rs) on that
//! object: `set()` takes setProtocol()'s keys plus the client's, `recv()` is
//! recvPacket() when framing keys are on, `exportSocket()` returns the object itself.
//!
//! Errors follow Swoole's client: `errCode`/`errMsg` are written on failure only (a
//! success leaves an earlier error in place), copied from the socket the operation
//! failed on; without a connection every method is false with 5001 "Client no
//! connection".

use std::cell::RefCell;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::boxed::ZBox;
use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::packet::{framed, recv_packet_into};
use super::recv::{finish_recv, peek_into, recv_buffer, recv_once, release_recv_buffer};
use super::send::{send_all, send_file};
use super::setup::{connect_within, new_object, send_address};
use super::{fail, limit, net_err, Obj, Sock, Wait, P_ERRCODE, P_ERRMSG};
use crate::net::{NetError, RawAddr, SockAddr, Socket};
use crate::php::args::ByRef;
use crate::php::call::{php_fn, Cx, Fail};
use crate::php::decl::{self, Class, Prop, PropDefault};
use crate::php::errors::{self, SW_ERROR_CLIENT_NO_CONNECTION, SW_ERROR_SSL_VERIFY_FAILED};
use crate::php::object::{self, Native};
use crate::php::state::PROCESS;
use crate::php::zend::{self, zend_object};

/// Swoole's client types (`SWOOLE_SOCK_*`) and the flags a type may carry.
const SOCK_TCP: i64 = 1;
const SOCK_TCP6: i64 = 3;
const FLAG_SSL: i64 = 512;
const FLAG_ASYNC: i64 = 1024;
const FLAG_SYNC: i64 = 2048;
const FLAG_KEEP: i64 = 4096;

/// What Swoole's recv() reads at most without framing: its 64 KiB buffer less a
/// zend_string header (`SW_PHP_CLIENT_BUFFER_SIZE - sizeof(zend_string)`).
const RECV_SIZE: usize = 65535 - 32;

/// The client type without its flags (`php_swoole_client_get_type`).
fn base_type(t: i64) -> i64 {
    t & !(FLAG_SSL | FLAG_ASYNC | FLAG_SYNC | FLAG_KEEP)
}

/// The domain and socket type of a client type.
fn socket_kind(t: i64) -> Option<(i32, i32)> {
    Some(match base_type(t) {
        1 => (libc::AF_INET, libc::SOCK_STREAM),
        2 => (libc::AF_INET, libc::SOCK_DGRAM),
        3 => (libc::AF_INET6, libc::SOCK_STREAM),
        4 => (libc::AF_INET6, libc::SOCK_DGRAM),
        5 => (libc::AF_UNIX, libc::SOCK_STREAM),
        6 => (libc::AF_UNIX, libc::SOCK_DGRAM),
        _ => return None,
    })
}

/// The Rust side of a Client object. Made on first use (a subclass may skip the
/// constructor, as in Swoole: its `type` property's default, TCP, applies).
#[derive(Default)]
pub struct Client {
    /// The connection: a `Co\Socket` object (one counted reference), None before
    /// connect() and after close(). Never borrowed across a switch: a method takes a
    /// reference of its own for as long as it runs (a close() by another coroutine
    /// must not free the socket under it).
    sock: RefCell<Option<Zval>>,
    /// connect()'s host: the SNI name of enableSSL().
    host: RefCell<String>,
}

impl Native for Client {
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers> {
        &PROCESS.client_handlers
    }
}

impl Drop for Client {
    /// A client freed while connected closes its connection (as Swoole: even if the
    /// exported socket lives on).
    fn drop(&mut self) {
        if let Some(z) = self.sock.get_mut().take() {
            if let Some(s) = sock_of(&z).and_then(|o| o.sock()) {
                s.client.set(std::ptr::null_mut());
                if !s.net.is_closed() {
                    s.close_now();
                }
            }
        }
    }
}

/// The socket of `client`'s connection was closed through exportSocket(): the client
/// has no connection any more, as in Swoole.
///
/// # Safety
/// `client` is a live Client object (see [`Sock::client`]).
pub(super) unsafe fn socket_closed(client: *mut zend_object) {
    let this = This(client);
    if let Some(c) = object::get::<Client>(client) {
        // Not borrowed here: no Client method runs PHP code while it holds the cell.
        if let Ok(mut sock) = c.sock.try_borrow_mut() {
            drop(sock.take());
        }
    }
    this.dropped();
}

/// The Socket object in `z`, if it holds one.
fn sock_of(z: &Zval) -> Option<Obj> {
    let o = z.object()?;
    let p = (o as *const ffi::zend_object)
        .cast_mut()
        .cast::<zend_object>();
    // SAFETY: a Socket object (only this module stores one there), alive while `z`
    // holds its reference.
    object::is::<Sock>(p).then(|| unsafe { Obj::new(p) })
}

// Declared property slots, in declaration order.
const C_ERRCODE: usize = 0;
const C_ERRMSG: usize = 1;
const C_FD: usize = 2;
const C_SOCKET: usize = 3;
const C_TYPE: usize = 4;
const C_SETTING: usize = 5;
const C_CONNECTED: usize = 6;

/// `$this` of a Client method.
#[derive(Clone, Copy)]
struct This(*mut zend_object);

impl This {
    fn of<'a>(cx: &Cx<'a>) -> (This, &'a Client) {
        (This(cx.this_obj()), cx.this_or_default::<Client>())
    }

    /// A declared property's value, written directly (through a reference the script
    /// made to it, as the engine writes one).
    #[inline]
    fn prop<'a>(self, slot: usize) -> &'a mut Zval {
        // SAFETY: a Client object's declared properties are slots 0..7 (a subclass's
        // own come after); `$this` is alive while its method runs.
        unsafe { zend::prop(self.0, slot) }
    }

    fn set_err(self, code: i32, msg: &str) {
        self.prop(C_ERRCODE).set_long(code as i64);
        let _ = self.prop(C_ERRMSG).set_string(msg, false);
    }

    fn set_errno(self, code: i32) {
        self.set_err(code, &errors::strerror(code));
    }

    /// The socket's error, as Swoole copies it after a failed operation.
    fn copy_err(self, o: Obj) {
        let code = o.prop(P_ERRCODE).long().unwrap_or(0);
        self.prop(C_ERRCODE).set_long(code);
        let msg = o.prop(P_ERRMSG).str().unwrap_or("").to_owned();
        let _ = self.prop(C_ERRMSG).set_string(&msg, false);
    }

    /// The connection is gone: the properties say so.
    fn dropped(self) {
        self.prop(C_SOCKET).set_null();
        self.prop(C_CONNECTED).set_bool(false);
    }

    /// `$setting`'s value (through a reference the script made to it).
    fn setting<'a>(self) -> &'a mut Zval {
        self.prop(C_SETTING)
    }

    fn client_type(self) -> i64 {
        crate::php::zval::to_long(self.prop(C_TYPE))
    }
}

/// A method's hold on the connection: a reference of its own to the Socket object.
struct Conn<'a> {
    _held: Zval,
    obj: Obj,
    s: &'a Sock,
}

impl Client {
    /// The open connection, held for the call. None after the socket was closed
    /// (through exportSocket()): the client then has no connection, as in Swoole.
    fn conn<'a>(&self, this: This) -> Option<Conn<'a>> {
        let held = self.sock.borrow().as_ref().map(Zval::shallow_clone)?;
        let obj = sock_of(&held)?;
        let s: &'a Sock = obj.sock()?;
        if s.net.is_closed() {
            drop(self.sock.borrow_mut().take());
            this.dropped();
            return None;
        }
        Some(Conn {
            _held: held,
            obj,
            s,
        })
    }

    /// [`Client::conn`], or false with 5001.
    fn need<'a>(&self, this: This) -> Result<Conn<'a>, Fail> {
        self.conn(this).ok_or_else(|| {
            this.set_err(
                SW_ERROR_CLIENT_NO_CONNECTION,
                &errors::strerror(SW_ERROR_CLIENT_NO_CONNECTION),
            );
            Fail::False
        })
    }

    /// Gives up the connection (after close() or a failed connect()).
    fn release(&self, this: This) {
        let z = self.sock.borrow_mut().take();
        if let Some(s) = z.as_ref().and_then(sock_of).and_then(|o| o.sock()) {
            s.client.set(std::ptr::null_mut());
        }
        this.dropped();
        drop(z);
    }

    /// The socket connect() (or a datagram client's first sendto()/recvfrom()) makes:
    /// of the client's type, with its `setting` applied. Err(False) when it could not
    /// (a warning, or the error in errCode); the exception when applying the settings
    /// threw (a proxy key on a datagram or Unix client).
    fn make_socket<'a>(&self, this: This, port: i64) -> Result<Conn<'a>, Fail> {
        if self.conn(this).is_some() {
            this.set_errno(libc::EISCONN);
            return Err(Fail::False);
        }
        let t = this.client_type();
        if matches!(base_type(t), SOCK_TCP | SOCK_TCP6) && !(1..=65535).contains(&port) {
            zend::error_docref(zend::E_WARNING, "The port is invalid");
            return Err(Fail::False);
        }
        let Some((domain, ty)) = socket_kind(t) else {
            this.set_errno(libc::ESOCKTNOSUPPORT);
            return Err(Fail::False);
        };
        let net = Socket::new(domain, ty, 0).map_err(|e| {
            this.set_errno(match e {
                NetError::Os(c) => c,
                _ => libc::EINVAL,
            });
            Fail::False
        })?;
        let mut z = Zval::new();
        let Some(s) = new_object(&mut z, net) else {
            return Err(Fail::False);
        };
        let obj = sock_of(&z).ok_or(Fail::False)?;
        this.prop(C_FD).set_long(s.net.fd() as i64);
        *this.prop(C_SOCKET) = z.shallow_clone();
        if t & FLAG_SSL != 0 {
            s.tls.borrow_mut().open = true;
        }
        s.client.set(this.0);
        let held = z.shallow_clone();
        *self.sock.borrow_mut() = Some(z);
        // The settings array is held for the call: a conversion that runs user code
        // (a __toString()) may replace the property.
        let setting = this.setting().shallow_clone();
        if let Some(ht) = setting.array() {
            if let Err(e @ (Fail::Raised | Fail::Throw(_))) =
                super::options::apply_settings(obj, s, ht, true)
            {
                self.release(this);
                s.close_now();
                return Err(e);
            }
        }
        Ok(Conn {
            _held: held,
            obj,
            s,
        })
    }

    /// The connection, or the socket a datagram client's first sendto()/recvfrom()
    /// makes.
    fn conn_or_make<'a>(&self, this: This) -> Result<Conn<'a>, Fail> {
        match self.conn(this) {
            Some(c) => Ok(c),
            None => self.make_socket(this, 0),
        }
    }
}

/// A failed socket operation: its error copied to the client, false.
fn failed(this: This, c: &Conn, e: Fail) -> Fail {
    if matches!(e, Fail::False) {
        this.copy_err(c.obj);
    }
    e
}

php_fn! {
    /// $type: SWOOLE_SOCK_TCP, _TCP6, _UDP, _UDP6, _UNIX_STREAM or _UNIX_DGRAM, with
    /// SWOOLE_SSL for TLS.
    "__construct" fn client_construct(cx, r#type: i64) -> "" {
        let (this, _) = This::of(cx);
        let t = r#type;
        if socket_kind(t).is_none() {
            let msg = format!(
                "Swoole\\Coroutine\\Client::__construct() expects parameter 1 to be client type, unknown type {t} given"
            );
            // SAFETY: the engine's class, set before MINIT.
            return Err(Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0));
        }
        this.prop(C_TYPE).set_long(t);
        Ok(())
    }
}

php_fn! {
    "__destruct" fn client_destruct(cx, ..) -> "" {}
}

php_fn! {
    /// Settings for connect() (kept in `$setting`), or for the connection at once.
    /// Co\Socket::setProtocol()'s keys, plus `bind_address`/`bind_port`.
    "set" fn client_set(cx, settings: &ZendHashTable) -> "bool" {
        let (this, client) = This::of(cx);
        if settings.is_empty() {
            return Ok(false);
        }
        // Merged into `$setting` as array_merge() merges (string keys replace,
        // integer keys are appended).
        let prop = this.setting();
        let mut merged = prop.array().map(|a| a.to_owned()).unwrap_or_default();
        for (k, v) in settings.iter() {
            let v = v.shallow_clone();
            let _ = match k {
                ext_php_rs::types::ArrayKey::Long(_) => merged.push(v),
                k => merged.insert(k.to_string().as_str(), v),
            };
        }
        prop.set_hashtable(merged);
        match client.conn(this) {
            Some(c) => super::options::apply_settings(c.obj, c.s, settings, true),
            None => Ok(true),
        }
    }
}

php_fn! {
    /// $timeout (seconds, 0: the default) bounds the lookup, the connection, a proxy's
    /// and TLS's handshakes; once connected it is the read and write timeout too.
    "connect" fn client_connect(cx, host: &[u8], port: i64 = "0", timeout: f64 = "0", sock_flag: i64 = "0") -> "bool" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        if host.is_empty() {
            zend::error_docref(zend::E_WARNING, "The host is empty");
            return Err(Fail::False);
        }
        let c = client.make_socket(this, port)?;
        let host = String::from_utf8_lossy(host);
        let r = limit(c.obj, c.s, c.s.timeout(timeout, Wait::Connect))
            .and_then(|t| connect_within(c.obj, c.s, &host, port, t));
        if let Err(e) = r {
            let e = failed(this, &c, e);
            client.release(this);
            c.s.close_now();
            return Err(e);
        }
        if timeout != 0.0 {
            let mut t = c.s.timeouts.get();
            (t.read, t.write) = (timeout, timeout);
            c.s.timeouts.set(t);
        }
        *client.host.borrow_mut() = host.into_owned();
        this.prop(C_CONNECTED).set_bool(true);
        Ok(true)
    }
}

php_fn! {
    /// One packet when framing keys are set (as recvPacket()), else one read; '' when
    /// the peer has closed.
    "recv" fn client_recv(cx, timeout: f64 = "0") -> "string|false" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        let r = limit(c.obj, c.s, c.s.timeout(timeout, Wait::Read)).and_then(|t| {
            if framed(c.s) {
                recv_packet_into(cx.ret_ptr(), c.obj, c.s, t)
            } else {
                recv_once(cx.ret_ptr(), c.obj, c.s, RECV_SIZE, t)
            }
        });
        r.map_err(|e| failed(this, &c, e))
    }
}

php_fn! {
    /// What is readable now, without consuming it or waiting (false + EAGAIN if nothing).
    "peek" fn client_peek(cx, length: i64 = "65535") -> "string|false" {
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        let length = if length <= 0 { 65535 } else { length as usize };
        peek_into(cx.ret_ptr(), c.obj, c.s, length).map_err(|e| failed(this, &c, e))
    }
}

php_fn! {
    /// Sends all of $data within $timeout; the count sent (less after an error).
    "send" fn client_send(cx, data: &[u8], timeout: f64 = "0") -> "int|false" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        if data.is_empty() {
            zend::error_docref(zend::E_WARNING, "data to send is empty");
            return Err(Fail::False);
        }
        let c = client.need(this)?;
        let r = limit(c.obj, c.s, c.s.timeout(timeout, Wait::Write))
            .and_then(|t| send_all(c.obj, c.s, data, t));
        match r {
            Ok(n) => {
                if (n as usize) < data.len() {
                    this.copy_err(c.obj);
                }
                Ok(n)
            }
            Err(e) => Err(failed(this, &c, e)),
        }
    }
}

php_fn! {
    /// $length 0: to the end of the file. Stream clients only.
    "sendfile" fn client_sendfile(cx, filename: &[u8], offset: i64 = "0", length: i64 = "0") -> "bool" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        if filename.is_empty() {
            zend::error_docref(zend::E_WARNING, "file to send is empty");
            return Err(Fail::False);
        }
        let c = client.need(this)?;
        if c.s.net.sock_type() & 0xf != libc::SOCK_STREAM {
            this.set_err(libc::EINVAL, "dgram socket cannot use sendfile");
            return Err(Fail::False);
        }
        // Swoole returns true having sent nothing for a negative offset or length.
        if offset < 0 || length < 0 {
            this.set_errno(libc::EINVAL);
            return Err(Fail::False);
        }
        let path = String::from_utf8_lossy(filename);
        send_file(c.obj, c.s, &path, offset, length).map_err(|e| failed(this, &c, e))
    }
}

php_fn! {
    /// A datagram to $address:$port (a datagram client needs no connect() first).
    "sendto" fn client_sendto(cx, address: &[u8], port: i64, data: &[u8]) -> "bool" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        if data.is_empty() {
            return Err(Fail::False);
        }
        let c = client.conn_or_make(this)?;
        let tcp = c.s.net.sock_type() & 0xf == libc::SOCK_STREAM
            && matches!(c.s.net.domain(), libc::AF_INET | libc::AF_INET6);
        if tcp && !(1..=65535).contains(&port) {
            zend::error_docref(zend::E_WARNING, "The port is invalid");
            return Err(Fail::False);
        }
        let r = limit(c.obj, c.s, c.s.timeout(0.0, Wait::Write)).and_then(|t| {
            send_address(c.s, address, port)
                .and_then(|a| c.s.net.sendto_raw(data, &a, t))
                .map_err(|e| fail(c.obj, c.s, e))
        });
        r.map(|_| true).map_err(|e| failed(this, &c, e))
    }
}

php_fn! {
    /// Up to $length bytes of one datagram; $address and $port are set to its sender's.
    "recvfrom" fn client_recvfrom(cx, length: i64, address: ByRef, port: Option<ByRef> = "0") -> "string|false" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        if length <= 0 {
            return Err(Fail::False);
        }
        let c = client.conn_or_make(this)?;
        let t = limit(c.obj, c.s, c.s.timeout(0.0, Wait::Read)).map_err(|e| failed(this, &c, e))?;
        let buf = recv_buffer(length as usize);
        let mut from = RawAddr::empty();
        // SAFETY: a fresh buffer, not shared.
        match c.s.net.recvfrom_raw(unsafe { zend::zstr_spare(buf) }, &mut from, t) {
            Ok(n) => {
                let (text, p) = match from.inet() {
                    Some(a) => (a.ip().to_string(), a.port() as i64),
                    None => (
                        String::from_utf8_lossy(from.unix_path().unwrap_or_default()).into_owned(),
                        0,
                    ),
                };
                // Through typed references as PHP assigns (a refusal leaves its TypeError).
                let _ = zend::assign(address.0, crate::php::zval::string(&text));
                if let Some(port) = port {
                    let _ = zend::assign(port.0, crate::php::zval::long(p));
                }
                // SAFETY: recvfrom wrote `n` bytes into `buf`.
                unsafe { finish_recv(cx.ret_ptr(), buf, n) };
                Ok(())
            }
            Err(e) => {
                // SAFETY: `buf` is unused.
                unsafe { release_recv_buffer(buf) };
                Err(failed(this, &c, fail(c.obj, c.s, e)))
            }
        }
    }
}

php_fn! {
    /// Turns TLS on over the connection (STARTTLS), with `$setting`'s ssl_* keys.
    "enableSSL" fn client_enable_ssl(cx) -> "bool" {
        errors::require_coroutine();
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        if !matches!(base_type(this.client_type()), SOCK_TCP | SOCK_TCP6)
            || c.s.net.sock_type() & 0xf != libc::SOCK_STREAM
        {
            this.set_errno(libc::ESOCKTNOSUPPORT);
            return Err(Fail::False);
        }
        if c.s.net.is_tls() {
            this.set_errno(libc::EISCONN);
            return Err(Fail::False);
        }
        let setting = this.setting().shallow_clone();
        {
            let mut tls = c.s.tls.borrow_mut();
            tls.open = true;
            if let Some(ht) = setting.array() {
                super::tls::apply(&mut tls, ht);
            }
        }
        let host = client.host.borrow().clone();
        let r = limit(c.obj, c.s, c.s.timeout(0.0, Wait::Read)).and_then(|t| {
            let ctx = c.s.tls.borrow_mut().context(false);
            ctx.map_err(NetError::Tls)
                .and_then(|ctx| {
                    c.s.net
                        .tls_handshake(&ctx, Some(&host), &crate::net::Deadline::new(t))
                })
                .map_err(|e| fail(c.obj, c.s, e))
        });
        r.map(|()| true).map_err(|e| failed(this, &c, e))
    }
}

php_fn! {
    /// The peer's certificate, PEM.
    "getPeerCert" fn client_get_peer_cert(cx) -> "string|false" {
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        if !c.s.net.is_tls() {
            this.set_errno(libc::EISCONN);
            return Err(Fail::False);
        }
        let pem = c.s.net.tls_peer_certificate().ok_or(Fail::False)?;
        Ok(String::from_utf8_lossy(&pem).into_owned())
    }
}

/// OpenSSL's X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT.
const SELF_SIGNED: i32 = 18;

php_fn! {
    /// Whether the peer's certificate chain verified (a self-signed certificate too, with
    /// $allow_self_signed).
    "verifyPeerCert" fn client_verify_peer_cert(cx, allow_self_signed: bool = "false") -> "bool" {
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        if !c.s.net.is_tls() {
            this.set_errno(libc::ENOTCONN);
            return Err(Fail::False);
        }
        let chain = match c.s.net.tls_verify_result() {
            Some(0) => true,
            Some(SELF_SIGNED) => allow_self_signed,
            _ => false,
        };
        // As Swoole, `ssl_host_name` is checked whether or not `ssl_verify_peer` is on.
        let ok = chain
            && match c.s.tls.borrow().host_name().filter(|h| !h.is_empty()) {
                Some(h) => c.s.net.tls_peer_has_name(h),
                None => true,
            };
        if !ok {
            // Swoole sets its last error only (neither object's errCode).
            errors::set_last_error(SW_ERROR_SSL_VERIFY_FAILED);
        }
        Ok::<_, Fail>(ok)
    }
}

php_fn! {
    /// The `Swoole\Coroutine\Socket` of the connection (the same object each time), or
    /// null without one.
    "exportSocket" fn client_export_socket(cx) -> "\\Swoole\\Coroutine\\Socket|false" {
        let (this, client) = This::of(cx);
        client.conn(this).map(|c| c._held)
    }
}

php_fn! {
    "isConnected" fn client_is_connected(cx) -> "bool" {
        let (this, client) = This::of(cx);
        client.conn(this).is_some_and(|c| c.s.connected.get())
    }
}

/// getsockname()/getpeername(): `['host' => ..., 'address' => ..., 'port' => ...]`.
fn name_of(cx: &Cx, peer: bool) -> Result<ZBox<ZendHashTable>, Fail> {
    let (this, client) = This::of(cx);
    let c = client.need(this)?;
    let r = if peer {
        c.s.net.peer_addr()
    } else {
        c.s.net.local_addr()
    };
    match r {
        Ok(a) => Ok(name_array(&a)),
        Err(e) => {
            net_err(c.obj, c.s, e);
            this.copy_err(c.obj);
            Err(Fail::False)
        }
    }
}

fn name_array(a: &SockAddr) -> ZBox<ZendHashTable> {
    let mut buf = [0; 46];
    let (host, port) = a.host_text(&mut buf);
    let mut ht = ZendHashTable::with_capacity(3);
    // Swoole keeps `host` first, "for backward compatibility".
    let _ = ht.insert("host", &*host);
    let _ = ht.insert("address", &*host);
    let _ = ht.insert("port", port as i64);
    ht
}

php_fn! {
    /// @return array{host: string, address: string, port: int}|false
    "getsockname" fn client_getsockname(cx) -> "array|false" {
        name_of(cx, false)
    }
}

php_fn! {
    /// @return array{host: string, address: string, port: int}|false
    "getpeername" fn client_getpeername(cx) -> "array|false" {
        name_of(cx, true)
    }
}

php_fn! {
    /// Closes the connection (a coroutine waiting in it wakes with SOCKET_ECANCELED); the
    /// client may connect() again.
    "close" fn client_close(cx) -> "bool" {
        let (this, client) = This::of(cx);
        let c = client.need(this)?;
        // The properties first: a coroutine waiting in the socket runs as it is closed.
        client.release(this);
        c.s.close_now();
        Ok::<_, Fail>(true)
    }
}

pub fn register() {
    object::handlers_for::<Client>();
    let h = PROCESS.client_handlers.load(Ordering::Relaxed);
    // SAFETY: the table was just made by handlers_for and is not in use yet.
    unsafe { (*h).unset_property = Some(crate::php::lock::unset_property_deny) };
    let prop = |name, default, doc| Prop {
        name,
        ty: "",
        default,
        flags: zend::ACC_PUBLIC,
        doc,
    };
    decl::register_class(&Class {
        doc: "A client connection (TCP, UDP, Unix; TLS; through a SOCKS5 or HTTP proxy) whose
waiting operations suspend the calling coroutine. set() takes Co\\Socket::setProtocol()'s
keys; with framing keys recv() returns one whole packet. errCode/errMsg are set on
failure only.",
        flags: zend::ACC_NOT_SERIALIZABLE,
        methods: &[
            client_construct.public(),
            client_destruct.public(),
            client_set.public(),
            client_connect.public(),
            client_recv.public(),
            client_peek.public(),
            client_send.public(),
            client_sendfile.public(),
            client_sendto.public(),
            client_recvfrom.public(),
            client_enable_ssl.public(),
            client_get_peer_cert.public(),
            client_verify_peer_cert.public(),
            client_is_connected.public(),
            client_getsockname.public(),
            client_getpeername.public(),
            client_close.public(),
            client_export_socket.public(),
        ],
        props: &[
            prop("errCode", PropDefault::Long(0), ""),
            prop("errMsg", PropDefault::Str(""), ""),
            prop(
                "fd",
                PropDefault::Long(-1),
                "The connection's fd (it keeps its number after close()).",
            ),
            prop(
                "socket",
                PropDefault::Null,
                "The connection's Swoole\\Coroutine\\Socket, null without one.",
            ),
            prop(
                "type",
                PropDefault::Long(SOCK_TCP),
                "The type given to the constructor (SWOOLE_SOCK_*, flags included).",
            ),
            prop(
                "setting",
                PropDefault::Null,
                "What set() was given, merged.",
            ),
            prop("connected", PropDefault::Bool(false), ""),
        ],
        aliases: &["Co\\Client"],
        consts: &[
            ("MSG_OOB", libc::MSG_OOB as i64),
            ("MSG_PEEK", libc::MSG_PEEK as i64),
            ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
            ("MSG_WAITALL", libc::MSG_WAITALL as i64),
        ],
        create_object: Some(object::create_object::<Client>),
        ..Class::new("Swoole\\Coroutine\\Client")
    });
}
