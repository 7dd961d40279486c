//! swoole/library's `Swoole\Coroutine\Server` and `Swoole\Coroutine\Server\Connection`
//! (short names `Co\Server`, `Co\Server\Connection`), native while
//! `swoole.enable_library` is On, as Swoole embeds the library then; with Off, ini.rs
//! leaves the names to the library's own files.
//!
//! Both are plain classes over `Swoole\Coroutine\Socket`, with the library's public and
//! protected properties (same names, order and defaults, so var_dump, clone, serialize
//! and subclasses see what they see under Swoole). Every method works from those
//! properties and calls the socket's PHP methods (`bind`, `accept`, `setProtocol`,
//! `recvPacket`...) as the library's code does, so a subclass or a replaced property
//! behaves the same, and errCode/errMsg come from the socket itself.

use std::ffi::c_char;

use ext_php_rs::convert::IntoZval;
use ext_php_rs::ffi;
use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};

use super::args::{zval_param, CallableZval};
use super::call::{php_fn, Cx, Fail};
use super::decl::{self, Class, Prop, PropDefault};
use super::errors;
use super::scheduler;
use super::state::PROCESS;
use super::vm::{self, Call};
use super::zend::{self, prop, zend_class_entry, zend_object};
use super::zval::{boolean, bytes, callable, long, truthy};
use crate::runtime;

// Server's declared properties, in the library's order (their slots; a subclass's own
// come after, a redeclared one keeps its slot).
const HOST: usize = 0;
const PORT: usize = 1;
const TYPE: usize = 2;
const FD: usize = 3;
const ERRCODE: usize = 4;
const SETTING: usize = 5;
const RUNNING: usize = 6;
const FN: usize = 7;
const SOCKET: usize = 8;
// Connection's one property.
const CONN_SOCKET: usize = 0;

/// Another reference to a property's value (null for an unset one).
///
/// # Safety
/// As [`prop`].
unsafe fn get(obj: *mut zend_object, slot: usize) -> Zval {
    let z = prop(obj, slot);
    if z.get_type() == ext_php_rs::flags::DataType::Undef {
        Zval::new()
    } else {
        z.shallow_clone()
    }
}

/// Writes a property (the old value is released once the slot holds the new one).
///
/// # Safety
/// As [`prop`].
unsafe fn set(obj: *mut zend_object, slot: usize, v: Zval) {
    drop(std::mem::replace(prop(obj, slot), v));
}

/// Whether an exception is pending (the call that raised it returns at once).
fn raised() -> bool {
    // SAFETY: a plain read of an EG field on PHP's thread.
    unsafe { !(*zend::eg()).exception.is_null() }
}

/// `$obj->name(...$args)` as PHP code calls it (`lc`: the name in lowercase): the
/// return value, or `Raised` when the call threw (the Error PHP raises for a
/// non-object or an undefined method included), or a coroutine failed meanwhile.
fn call_method(obj: &Zval, name: &str, lc: &str, mut args: Vec<Zval>) -> Result<Zval, Fail> {
    let Some(o) = obj.object() else {
        let msg = format!(
            "Call to a member function {name}() on {}",
            zend::type_name((obj as *const Zval).cast())
        );
        return Err(Fail::throw(errors_error_ce, msg, 0));
    };
    let o = (o as *const ext_php_rs::types::ZendObject)
        .cast_mut()
        .cast::<zend_object>();
    let mut ret = Zval::new();
    // SAFETY: `o` is alive: `obj` holds a reference for the call. Its class's function
    // table maps lowercase names to functions; the arguments are ours, passed by
    // value (the callee adds its own references).
    unsafe {
        let ce = (*o).ce;
        let f = ffi::zend_hash_str_find_ptr_lc(
            &(*ce).function_table,
            lc.as_ptr().cast::<c_char>(),
            lc.len(),
        )
        .cast::<ffi::zend_function>();
        if f.is_null() {
            let class = String::from_utf8_lossy(zstr(&(*ce).name)).into_owned();
            return Err(Fail::throw(
                errors_error_ce,
                format!("Call to undefined method {class}::{name}()"),
                0,
            ));
        }
        ffi::zend_call_known_function(
            f,
            o,
            ce,
            (&mut ret as *mut Zval).cast(),
            args.len() as u32,
            args.as_mut_ptr().cast(),
            std::ptr::null_mut(),
        );
    }
    if raised() || vm::bailing() {
        return Err(Fail::Raised);
    }
    Ok(ret)
}

/// The bytes of a zend_string.
///
/// # Safety
/// `s` points to a live zend_string.
unsafe fn zstr<'a>(s: &*mut zend::zend_string) -> &'a [u8] {
    std::slice::from_raw_parts((**s).val.as_ptr().cast::<u8>(), (**s).len)
}

/// PHP's `Error` (what the engine throws for a method call on a non-object).
fn errors_error_ce() -> *mut zend_class_entry {
    // SAFETY: the engine's Error class exists once it runs.
    unsafe { zend::zend_ce_error }
}

/// `$obj->name` (null if it has no such property), read as PHP code reads it.
fn read_prop(obj: &Zval, name: &str) -> Zval {
    let Some(o) = obj.object() else {
        return Zval::new();
    };
    let o = (o as *const ext_php_rs::types::ZendObject)
        .cast_mut()
        .cast::<zend_object>();
    let mut rv = Zval::new();
    // SAFETY: `o` is alive (held by `obj`); read_property returns the property's zval
    // or `rv`, copied before `rv` goes.
    unsafe {
        let z = ffi::zend_read_property(
            (*o).ce,
            o,
            name.as_ptr().cast(),
            name.len(),
            true,
            (&mut rv as *mut Zval).cast(),
        );
        if z.is_null() {
            return Zval::new();
        }
        let z = zend::zv(z);
        if z.is_reference() {
            z.dereference_mut().shallow_clone()
        } else {
            z.shallow_clone()
        }
    }
}

fn connection_ce() -> *mut zend_class_entry {
    PROCESS.server_connection_ce.get()
}

zval_param!(
    /// `Swoole\Coroutine\Socket $conn`: any value, typed for Reflection; the
    /// constructor checks it (internal functions check their own class types).
    pub SocketArg, "\\Swoole\\Coroutine\\Socket"
);

zval_param!(
    /// `array $setting`: any value, typed for Reflection; set() checks it, so that the
    /// array it merges is the argument itself.
    pub ArrayArg, "array"
);

/// Whether `v` is a `Swoole\Coroutine\Socket` (or a subclass's object).
fn is_socket(v: &Zval) -> bool {
    v.object().is_some_and(|o| {
        let ce = o.ce;
        let base = PROCESS.socket_ce.get();
        // SAFETY: a live object's linked class entry.
        ce == base || unsafe { ffi::instanceof_function_slow(ce, base) }
    })
}

/// A TypeError for argument `n` of the method named `method`, as PHP words it.
fn type_error(method: &str, n: u32, param: &str, want: &str, given: &Zval) -> Fail {
    let msg = format!(
        "{method}(): Argument #{n} (${param}) must be of type {want}, {} given",
        zend::type_name((given as *const Zval).cast())
    );
    // SAFETY: the engine's TypeError class exists once it runs.
    Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0)
}

// ---- Server ---------------------------------------------------------------------------

php_fn! {
    /// Listens on $host:$port: an IPv4 address, an IPv6 one (any host with "::" in it),
    /// or "unix:/path" for a Unix socket. $port 0 picks a free port (see $port).
    /// @throws \Swoole\Exception when bind() or listen() fails (code: the socket's errCode)
    "__construct" fn server_construct(cx, host: &[u8], port: i64 = "0", ssl: bool = "false", reuse_port: bool = "false") -> "" {
        let this = cx.this_obj();
        let contains = |needle: &[u8]| host.windows(needle.len()).any(|w| w == needle);
        let (family, host) = if contains(b"::") {
            (libc::AF_INET6, host.to_vec())
        } else if let Some(path) = host.strip_prefix(b"unix:").filter(|p| p.starts_with(b"/")) {
            let path = path.to_vec();
            // The library assigns the path to $host: a backtrace (the bind failure's)
            // shows the argument so.
            // SAFETY: argument 0 exists (required); the frame owns its value, released
            // as the old one is replaced (`host` no longer borrows it).
            unsafe { *zend::zv(cx.arg(0)) = bytes(&path) };
            (libc::AF_UNIX, path)
        } else {
            (libc::AF_INET, host.to_vec())
        };
        let host = host.as_slice();
        // SAFETY: `$this` of a Server method.
        unsafe {
            set(this, TYPE, long(family as i64));
            set(this, HOST, bytes(host));
        }
        let mut socket = Zval::new();
        // SAFETY: the class is registered at MINIT; `socket` is null.
        unsafe { zend::object_init_ex((&mut socket as *mut Zval).cast(), PROCESS.socket_ce.get()) };
        call_method(&socket, "__construct", "__construct",
            vec![long(family as i64), long(libc::SOCK_STREAM as i64), long(0)])?;
        if reuse_port {
            call_method(&socket, "setOption", "setoption",
                vec![long(libc::SOL_SOCKET as i64), long(libc::SO_REUSEPORT as i64), boolean(true)])?;
        }
        if !truthy(&call_method(&socket, "bind", "bind", vec![bytes(host), long(port)])?) {
            let msg = format!("bind({}:{port}) failed", String::from_utf8_lossy(host));
            let code = super::zval::to_long(&read_prop(&socket, "errCode"));
            return Err(Fail::throw(errors::exception_ce, msg, code));
        }
        if !truthy(&call_method(&socket, "listen", "listen", vec![])?) {
            let code = super::zval::to_long(&read_prop(&socket, "errCode"));
            return Err(Fail::throw(errors::exception_ce, "listen() failed", code));
        }
        let name = call_method(&socket, "getsockname", "getsockname", vec![])?;
        let bound = name
            .array()
            .and_then(|a| a.get("port"))
            .map_or_else(|| long(0), Zval::shallow_clone);
        let fd = read_prop(&socket, "fd");
        // SAFETY: `$this` of a Server method.
        unsafe {
            set(this, PORT, bound);
            set(this, FD, fd);
            set(this, SOCKET, socket);
            // `$this->setting['open_ssl'] = $ssl`: on a copy, as PHP separates a shared array.
            let setting = prop(this, SETTING);
            let mut ht = match setting.array() {
                Some(a) => a.to_owned(),
                None => ZendHashTable::new(),
            };
            if setting.array().is_some() || setting.is_null() {
                let _ = ht.insert(ArrayKey::Str("open_ssl"), ssl);
                let mut z = Zval::new();
                z.set_hashtable(ht);
                set(this, SETTING, z);
            }
        }
        Ok(())
    }
}

php_fn! {
    /// Adds $setting to the settings (array_merge()): the socket settings of
    /// Coroutine\Socket::setProtocol() that start() gives the listening socket and each
    /// accepted connection, and open_ssl (a TLS handshake before the handler runs).
    "set" fn server_set(cx, setting: ArrayArg) -> "void" {
        let setting = setting.0;
        if setting.array().is_none() {
            return Err(type_error("Swoole\\Coroutine\\Server::set", 1, "setting", "array", setting));
        }
        let this = cx.this_obj();
        // SAFETY: `$this` of a Server method.
        let old = unsafe { get(this, SETTING) };
        let merge = "array_merge".into_zval(false).expect("a short string");
        let mut call = Call {
            callable: merge,
            // SAFETY: an all-zero cache is "not resolved yet" for zend_call_function.
            fcc: unsafe { std::mem::zeroed() },
            args: vec![old, setting.shallow_clone()],
        };
        let mut merged = Zval::new();
        // SAFETY: PHP's thread, executor active (a method's handler).
        unsafe { call.invoke(&mut merged) };
        if raised() {
            return Err(Fail::Raised);
        }
        // SAFETY: `$this` of a Server method.
        unsafe { set(this, SETTING, merged) };
        Ok(())
    }
}

php_fn! {
    /// The function each accepted connection runs in a coroutine of its own, given its
    /// Coroutine\Server\Connection.
    "handle" fn server_handle(cx, r#fn: CallableZval) -> "void" {
        if callable(r#fn.0).is_err() {
            return Err(type_error("Swoole\\Coroutine\\Server::handle", 1, "fn", "callable", r#fn.0));
        }
        // SAFETY: `$this` of a Server method.
        unsafe { set(cx.this_obj(), FN, r#fn.0.shallow_clone()) };
        Ok(())
    }
}

php_fn! {
    /// Stops start(): it returns true. False if start() was not waiting for a
    /// connection (it then returns before the next one).
    "shutdown" fn server_shutdown(cx) -> "bool" {
        let this = cx.this_obj();
        // SAFETY: `$this` of a Server method.
        let socket = unsafe {
            set(this, RUNNING, boolean(false));
            get(this, SOCKET)
        };
        let r = call_method(&socket, "cancel", "cancel", vec![])?;
        Ok(truthy(&r))
    }
}

/// The coroutine body of a TLS connection: its handshake, then the handler (nothing
/// if the handshake fails, the connection then closed).
fn tls_then(handler: Zval, connection: Zval) -> vm::Then {
    Box::new(move |ok| {
        if truthy(&ok) {
            let mut call = Call {
                callable: handler,
                // SAFETY: an all-zero cache is "not resolved yet" for zend_call_function.
                fcc: unsafe { std::mem::zeroed() },
                args: vec![connection],
            };
            let mut ret = Zval::new();
            // SAFETY: in the connection's coroutine, executor active.
            unsafe { call.invoke(&mut ret) };
        }
    })
}

/// What accept()'s failure makes start() do.
enum AcceptFailure {
    /// Out of fds: wait a second, then accept again.
    Wait,
    /// A timeout (setting `timeout`/`read_timeout`): accept again.
    Again,
    /// shutdown(): return.
    Stop,
    /// Any other error: warn, return.
    Warn(i64, Zval),
}

fn accept_failure(socket: &Zval) -> AcceptFailure {
    let code = super::zval::to_long(&read_prop(socket, "errCode"));
    match code as i32 {
        libc::EMFILE | libc::ENFILE => AcceptFailure::Wait,
        libc::ETIMEDOUT => AcceptFailure::Again,
        libc::ECANCELED => AcceptFailure::Stop,
        _ => AcceptFailure::Warn(code, read_prop(socket, "errMsg")),
    }
}

php_fn! {
    /// Accepts connections until shutdown(), each handled in a coroutine of its own
    /// (after its TLS handshake with open_ssl). False with errCode SOCKET_EINVAL when
    /// no handler is set or the settings are refused; true once stopped (by
    /// shutdown(), or an accept() error, which warns).
    "start" fn server_start(cx) -> "bool" {
        let this = cx.this_obj();
        // SAFETY: `$this` of a Server method, alive for the call (the caller holds it).
        unsafe {
            set(this, RUNNING, boolean(true));
            if get(this, FN).is_null() {
                set(this, ERRCODE, long(libc::EINVAL as i64));
                return Ok(false);
            }
        }
        // SAFETY: as above.
        let socket = unsafe { get(this, SOCKET) };
        // SAFETY: as above.
        let setting = unsafe { get(this, SETTING) };
        if !truthy(&call_method(&socket, "setProtocol", "setprotocol", vec![setting])?) {
            // SAFETY: as above.
            unsafe { set(this, ERRCODE, long(libc::EINVAL as i64)) };
            return Ok(false);
        }
        // The library keeps the last connection's handler arguments until the next
        // connection comes (or start() returns): a handler that returns without
        // closing its connection leaves it open until then, as there.
        let mut last: Option<Zval> = None;
        // SAFETY: as above (each turn reads the property anew: shutdown() clears it).
        while truthy(&unsafe { get(this, RUNNING) }) {
            if !runtime::in_coroutine() {
                drop((socket, last));
                errors::throw_not_in_coroutine();
            }
            let conn = call_method(&socket, "accept", "accept", vec![])?;
            if !truthy(&conn) {
                match accept_failure(&socket) {
                    AcceptFailure::Wait => {
                        runtime::sleep(std::time::Duration::from_secs(1));
                        if raised() || vm::bailing() {
                            return Err(Fail::Raised);
                        }
                        continue;
                    }
                    AcceptFailure::Again => continue,
                    AcceptFailure::Stop => break,
                    AcceptFailure::Warn(code, msg) => {
                        let msg = format!("accept failed, Error: {}[{code}]",
                            String::from_utf8_lossy(&super::zval::quiet_bytes(&msg)));
                        zend::zend_error_str(E_USER_WARNING, &msg);
                        break;
                    }
                }
            }
            // SAFETY: as above.
            let setting = unsafe { get(this, SETTING) };
            let tls = setting.array().and_then(|a| a.get("open_ssl")).is_some_and(truthy);
            call_method(&conn, "setProtocol", "setprotocol", vec![setting])?;
            let mut connection = Zval::new();
            // SAFETY: the class is registered at MINIT; `connection` is null; the new
            // object's declared slot is written directly, as its constructor would.
            unsafe {
                zend::object_init_ex((&mut connection as *mut Zval).cast(), connection_ce());
                let o = connection.object_mut().expect("just made") as *mut _ as *mut zend_object;
                set(o, CONN_SOCKET, conn.shallow_clone());
            }
            // SAFETY: as above.
            let handler = unsafe { get(this, FN) };
            let call = if tls {
                Call {
                    callable: array_callable(conn, "sslHandshake"),
                    // SAFETY: an all-zero cache is "not resolved yet" for zend_call_function.
                    fcc: unsafe { std::mem::zeroed() },
                    args: Vec::new(),
                }
            } else {
                Call {
                    callable: handler.shallow_clone(),
                    // SAFETY: as above.
                    fcc: unsafe { std::mem::zeroed() },
                    args: vec![connection.shallow_clone()],
                }
            };
            let then = tls.then(|| tls_then(handler.shallow_clone(), connection.shallow_clone()));
            // Replaces (and releases) the previous connection's.
            last = Some(connection);
            drop(handler);
            if scheduler::create_then(call, then).is_none() && vm::bailing() {
                return Err(Fail::Raised);
            }
        }
        drop(last);
        Ok(true)
    }
}

/// `[$obj, $method]`.
fn array_callable(obj: Zval, method: &str) -> Zval {
    let mut ht = ZendHashTable::with_capacity(2);
    let _ = ht.push(obj);
    let _ = ht.push(method);
    let mut z = Zval::new();
    z.set_hashtable(ht);
    z
}

const E_USER_WARNING: i32 = 512;

// ---- Connection -----------------------------------------------------------------------

php_fn! {
    "__construct" fn conn_construct(cx, conn: SocketArg) -> "" {
        if !is_socket(conn.0) {
            return Err(type_error(
                "Swoole\\Coroutine\\Server\\Connection::__construct", 1, "conn",
                "Swoole\\Coroutine\\Socket", conn.0));
        }
        // SAFETY: `$this` of a Connection method.
        unsafe { set(cx.this_obj(), CONN_SOCKET, conn.0.shallow_clone()) };
        Ok(())
    }
}

/// The connection's socket, for a method that waits: the coroutine check first (its
/// fatal error ends the script from here, with nothing of ours to drop).
fn waiting_socket(cx: &Cx<'_>, method: &str) -> Result<Zval, Fail> {
    // SAFETY: `$this` of a Connection method.
    let socket = unsafe { prop(cx.this_obj(), CONN_SOCKET) };
    if socket.object().is_none() {
        let msg = format!(
            "Call to a member function {method}() on {}",
            zend::type_name((socket as *const Zval).cast())
        );
        return Err(Fail::throw(errors_error_ce, msg, 0));
    }
    errors::require_coroutine();
    Ok(socket.shallow_clone())
}

php_fn! {
    /// The next packet as Coroutine\Socket::recvPacket() frames it (the server's
    /// settings): "" when the peer closed, false on error (see the socket's errCode).
    "recv" fn conn_recv(cx, timeout: f64 = "0.0") -> "" {
        let socket = waiting_socket(cx, "recvPacket")?;
        let mut t = Zval::new();
        t.set_double(timeout);
        call_method(&socket, "recvPacket", "recvpacket", vec![t])
    }
}

php_fn! {
    /// Sends all of $data (Coroutine\Socket::sendAll()): the bytes sent, or false.
    "send" fn conn_send(cx, data: &[u8]) -> "" {
        let socket = waiting_socket(cx, "sendAll")?;
        call_method(&socket, "sendAll", "sendall", vec![bytes(data)])
    }
}

php_fn! {
    "close" fn conn_close(cx) -> "bool" {
        // SAFETY: `$this` of a Connection method.
        let socket = unsafe { get(cx.this_obj(), CONN_SOCKET) };
        let r = call_method(&socket, "close", "close", vec![])?;
        Ok(truthy(&r))
    }
}

php_fn! {
    /// The connection's Coroutine\Socket.
    "exportSocket" fn conn_export_socket(cx) -> "\\Swoole\\Coroutine\\Socket" {
        // SAFETY: `$this` of a Connection method.
        let socket = unsafe { get(cx.this_obj(), CONN_SOCKET) };
        if !is_socket(&socket) {
            let msg = format!(
                "Swoole\\Coroutine\\Server\\Connection::exportSocket(): Return value must be of type Swoole\\Coroutine\\Socket, {} returned",
                zend::type_name((&socket as *const Zval).cast())
            );
            // SAFETY: the engine's TypeError class exists once it runs.
            return Err(Fail::throw(|| unsafe { zend::zend_ce_type_error }, msg, 0));
        }
        Ok(socket)
    }
}

pub fn register() {
    let public = zend::ACC_PUBLIC;
    let protected = zend::ACC_PROTECTED;
    let p = |name, default, flags| Prop {
        name,
        ty: "",
        default,
        flags,
        doc: "",
    };
    let server = decl::register_class(&Class {
        doc: "A TCP (or Unix socket) server whose handler runs in a coroutine per connection (swoole/library's).",
        methods: &[
            server_construct.public(),
            server_set.public(),
            server_handle.public(),
            server_shutdown.public(),
            server_start.public(),
        ],
        props: &[
            p("host", PropDefault::Str(""), public),
            p("port", PropDefault::Long(0), public),
            p("type", PropDefault::Long(libc::AF_INET as i64), public),
            p("fd", PropDefault::Long(-1), public),
            p("errCode", PropDefault::Long(0), public),
            p("setting", PropDefault::EmptyArray, public),
            p("running", PropDefault::Bool(false), protected),
            p("fn", PropDefault::Null, protected),
            p("socket", PropDefault::Null, protected),
        ],
        aliases: &["Co\\Server"],
        ..Class::new("Swoole\\Coroutine\\Server")
    });
    PROCESS.server_ce.set(server);
    let connection = decl::register_class(&Class {
        doc: "One connection of a Coroutine\\Server, as its handler gets it.",
        methods: &[
            conn_construct.public(),
            conn_recv.public(),
            conn_send.public(),
            conn_close.public(),
            conn_export_socket.public(),
        ],
        props: &[p("socket", PropDefault::Null, protected)],
        aliases: &["Co\\Server\\Connection"],
        ..Class::new("Swoole\\Coroutine\\Server\\Connection")
    });
    PROCESS.server_connection_ce.set(connection);
}
