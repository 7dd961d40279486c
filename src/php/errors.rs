//! Swoole's error vocabulary: its exception classes, its own error codes (above 500)
//! with their messages, the process-wide "last error", and `swoole_strerror()`.

use std::ffi::CStr;
use std::sync::atomic::{AtomicI32, AtomicPtr, Ordering};

use super::call::php_fn;
use super::decl::{self, Class};
use super::zend::{self, zend_class_entry};

pub const SW_ERROR_BEGIN: i32 = 500;
pub const SW_ERROR_SYSTEM_CALL_FAIL: i32 = 502;
pub const SW_ERROR_PHP_FATAL_ERROR: i32 = 503;
pub const SW_ERROR_NAME_TOO_LONG: i32 = 504;
pub const SW_ERROR_INVALID_PARAMS: i32 = 505;
pub const SW_ERROR_OPERATION_NOT_SUPPORT: i32 = 507;
#[allow(dead_code)] // named for the layers that will report it
pub const SW_ERROR_PROTOCOL_ERROR: i32 = 508;
pub const SW_ERROR_WRONG_OPERATION: i32 = 509;
pub const SW_ERROR_PHP_RUNTIME_NOTICE: i32 = 510;
pub const SW_ERROR_DNSLOOKUP_RESOLVE_FAILED: i32 = 711;
pub const SW_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT: i32 = 712;
pub const SW_ERROR_BAD_HOST_ADDR: i32 = 722;
pub const SW_ERROR_BAD_PORT: i32 = 723;
pub const SW_ERROR_PACKAGE_LENGTH_TOO_LARGE: i32 = 1201;
pub const SW_ERROR_PACKAGE_LENGTH_NOT_FOUND: i32 = 1202;
pub const SW_ERROR_CO_OUT_OF_COROUTINE: i32 = 10001;
pub const SW_ERROR_CO_HAS_BEEN_BOUND: i32 = 10002;
#[allow(dead_code)] // named for the layers that will report it
pub const SW_ERROR_CO_BLOCK_OBJECT_LOCKED: i32 = 10005;
#[allow(dead_code)] // named for the layers that will report it
pub const SW_ERROR_CO_YIELD_FAILED: i32 = 10007;
pub const SW_ERROR_CO_CANNOT_CANCEL: i32 = 10015;
pub const SW_ERROR_CO_NOT_EXISTS: i32 = 10016;
pub const SW_ERROR_CO_CANCELED: i32 = 10017;
pub const SW_ERROR_CO_TIMEDOUT: i32 = 10018;
#[allow(dead_code)] // named for the layers that will report it
pub const SW_ERROR_CO_SOCKET_CLOSE_WAIT: i32 = 10019;
pub const SW_ERROR_END: i32 = 10020;

/// Swoole's own error codes: the name of each `SWOOLE_ERROR_*` constant (without the
/// prefix), its value and Swoole's message for it (`swoole_strerror($code, 9)`), as
/// Swoole 6.2 defines them, in ascending order. All are defined, server and protocol
/// ones included: code compares `swoole_last_error()` with them.
pub const SWOOLE_ERRORS: &[(&str, i32, &str)] = &[
    ("MALLOC_FAIL", 501, "Malloc fail"),
    ("SYSTEM_CALL_FAIL", 502, "System call fail"),
    ("PHP_FATAL_ERROR", 503, "PHP fatal error"),
    ("NAME_TOO_LONG", 504, "Name too long"),
    ("INVALID_PARAMS", 505, "Invalid params"),
    ("QUEUE_FULL", 506, "Queue full"),
    ("OPERATION_NOT_SUPPORT", 507, "Operation not support"),
    ("PROTOCOL_ERROR", 508, "Protocol error"),
    ("WRONG_OPERATION", 509, "Wrong operation"),
    ("PHP_RUNTIME_NOTICE", 510, "PHP runtime notice"),
    ("FOR_TEST", 511, "For test"),
    ("NO_PAYLOAD", 550, "No payload"),
    ("UNDEFINED_BEHAVIOR", 600, "Undefined behavior"),
    ("NOT_THREAD_SAFETY", 601, "Not thread safety"),
    ("FILE_NOT_EXIST", 700, "File not exist"),
    ("FILE_TOO_LARGE", 701, "File too large"),
    ("FILE_EMPTY", 702, "File empty"),
    ("DIR_NOT_EXIST", 703, "Dir not exist"),
    (
        "DNSLOOKUP_DUPLICATE_REQUEST",
        710,
        "DNS Lookup duplicate request",
    ),
    ("DNSLOOKUP_RESOLVE_FAILED", 711, "DNS Lookup resolve failed"),
    (
        "DNSLOOKUP_RESOLVE_TIMEOUT",
        712,
        "DNS Lookup resolve timeout",
    ),
    ("DNSLOOKUP_UNSUPPORTED", 713, "DNS Lookup unsupported"),
    ("DNSLOOKUP_NO_SERVER", 714, "DNS Lookup no server"),
    ("BAD_IPV6_ADDRESS", 720, "Bad ipv6 address"),
    ("UNREGISTERED_SIGNAL", 721, "Unregistered signal"),
    ("BAD_HOST_ADDR", 722, "Bad host addr"),
    ("BAD_PORT", 723, "Bad port"),
    ("BAD_SOCKET_TYPE", 724, "Bad socket type"),
    ("EVENT_REMOVE_FAILED", 800, "Event remove failed"),
    ("EVENT_ADD_FAILED", 801, "Event add failed"),
    ("EVENT_UPDATE_FAILED", 802, "Event update failed"),
    ("EVENT_UNKNOWN_DATA", 803, "Event unknown data"),
    ("SESSION_CLOSED_BY_SERVER", 1001, "Session closed by server"),
    ("SESSION_CLOSED_BY_CLIENT", 1002, "Session closed by client"),
    ("SESSION_CLOSING", 1003, "Session closing"),
    ("SESSION_CLOSED", 1004, "Session closed"),
    ("SESSION_NOT_EXIST", 1005, "Session not exist"),
    ("SESSION_INVALID_ID", 1006, "Session invalid id"),
    (
        "SESSION_DISCARD_TIMEOUT_DATA",
        1007,
        "Session discard timeout data",
    ),
    ("SESSION_DISCARD_DATA", 1008, "Session discard data"),
    ("OUTPUT_BUFFER_OVERFLOW", 1009, "Output buffer overflow"),
    ("OUTPUT_SEND_YIELD", 1010, "Output send yield"),
    ("SSL_NOT_READY", 1011, "SSL not ready"),
    ("SSL_CANNOT_USE_SENFILE", 1012, "SSL cannot use senfile"),
    (
        "SSL_EMPTY_PEER_CERTIFICATE",
        1013,
        "SSL empty peer certificate",
    ),
    ("SSL_VERIFY_FAILED", 1014, "SSL verify failed"),
    ("SSL_BAD_CLIENT", 1015, "SSL bad client"),
    ("SSL_BAD_PROTOCOL", 1016, "SSL bad protocol"),
    ("SSL_RESET", 1017, "SSL reset"),
    ("SSL_HANDSHAKE_FAILED", 1018, "SSL handshake failed"),
    (
        "SSL_CREATE_CONTEXT_FAILED",
        1019,
        "SSL create context failed",
    ),
    (
        "SSL_CREATE_SESSION_FAILED",
        1020,
        "SSL create session failed",
    ),
    ("PACKAGE_LENGTH_TOO_LARGE", 1201, "Package length too large"),
    ("PACKAGE_LENGTH_NOT_FOUND", 1202, "Package length not found"),
    ("DATA_LENGTH_TOO_LARGE", 1203, "Data length too large"),
    ("PACKAGE_MALFORMED_DATA", 1204, "Package malformed data"),
    ("TASK_PACKAGE_TOO_BIG", 2001, "Task package too big"),
    ("TASK_DISPATCH_FAIL", 2002, "Task dispatch fail"),
    ("TASK_TIMEOUT", 2003, "Task timeout"),
    ("HTTP2_STREAM_ID_TOO_BIG", 3001, "Http2 stream id too big"),
    ("HTTP2_STREAM_NO_HEADER", 3002, "Http2 stream no header"),
    ("HTTP2_STREAM_NOT_FOUND", 3003, "Http2 stream not found"),
    ("HTTP2_STREAM_IGNORE", 3004, "Http2 stream ignore"),
    (
        "HTTP2_SEND_CONTROL_FRAME_FAILED",
        3005,
        "Http2 send control frame failed",
    ),
    ("HTTP2_INTERNAL_ERROR", 3006, "Http2 internal error"),
    ("AIO_BAD_REQUEST", 4001, "Aio bad request"),
    ("AIO_CANCELED", 4002, "Aio canceled"),
    ("AIO_TIMEOUT", 4003, "Aio timeout"),
    ("CLIENT_NO_CONNECTION", 5001, "Client no connection"),
    ("SOCKET_CLOSED", 6001, "Socket closed"),
    ("SOCKET_POLL_TIMEOUT", 6002, "Socket poll timeout"),
    ("SOCKET_NOT_EXISTS", 6003, "Socket not exists"),
    ("SOCKS5_UNSUPPORT_VERSION", 7001, "Socks5 unsupport version"),
    ("SOCKS5_UNSUPPORT_METHOD", 7002, "Socks5 unsupport method"),
    ("SOCKS5_AUTH_FAILED", 7003, "Socks5 auth failed"),
    ("SOCKS5_SERVER_ERROR", 7004, "Socks5 server error"),
    ("SOCKS5_HANDSHAKE_FAILED", 7005, "Socks5 handshake failed"),
    ("SOCKS5_CONNECT_FAILED", 7006, "Socks5 connect failed"),
    (
        "HTTP_PROXY_HANDSHAKE_ERROR",
        7101,
        "Http proxy handshake error",
    ),
    ("HTTP_INVALID_PROTOCOL", 7102, "Http invalid protocol"),
    (
        "HTTP_PROXY_HANDSHAKE_FAILED",
        7103,
        "Http proxy handshake failed",
    ),
    ("HTTP_PROXY_BAD_RESPONSE", 7104, "Http proxy bad response"),
    ("HTTP_CONFLICT_HEADER", 7105, "Http conflict header"),
    ("HTTP_CONTEXT_UNAVAILABLE", 7106, "Http context unavailable"),
    ("HTTP_COOKIE_UNAVAILABLE", 7107, "Http cookie unavailable"),
    ("WEBSOCKET_BAD_CLIENT", 8501, "Websocket bad client"),
    ("WEBSOCKET_BAD_OPCODE", 8502, "Websocket bad opcode"),
    ("WEBSOCKET_UNCONNECTED", 8503, "Websocket unconnected"),
    (
        "WEBSOCKET_HANDSHAKE_FAILED",
        8504,
        "Websocket handshake failed",
    ),
    ("WEBSOCKET_PACK_FAILED", 8505, "Websocket pack failed"),
    ("WEBSOCKET_UNPACK_FAILED", 8506, "Websocket unpack failed"),
    (
        "WEBSOCKET_INCOMPLETE_PACKET",
        8507,
        "Websocket incomplete packet",
    ),
    (
        "SERVER_MUST_CREATED_BEFORE_CLIENT",
        9001,
        "Server must created before client",
    ),
    ("SERVER_TOO_MANY_SOCKET", 9002, "Server too many socket"),
    ("SERVER_WORKER_TERMINATED", 9003, "Server worker terminated"),
    (
        "SERVER_INVALID_LISTEN_PORT",
        9004,
        "Server invalid listen port",
    ),
    (
        "SERVER_TOO_MANY_LISTEN_PORT",
        9005,
        "Server too many listen port",
    ),
    ("SERVER_PIPE_BUFFER_FULL", 9006, "Server pipe buffer full"),
    ("SERVER_NO_IDLE_WORKER", 9007, "Server no idle worker"),
    ("SERVER_ONLY_START_ONE", 9008, "Server only start one"),
    ("SERVER_SEND_IN_MASTER", 9009, "Server send in master"),
    ("SERVER_INVALID_REQUEST", 9010, "Server invalid request"),
    ("SERVER_CONNECT_FAIL", 9011, "Server connect fail"),
    ("SERVER_INVALID_COMMAND", 9012, "Server invalid command"),
    (
        "SERVER_IS_NOT_REGULAR_FILE",
        9013,
        "Server is not regular file",
    ),
    (
        "SERVER_SEND_TO_WOKER_TIMEOUT",
        9014,
        "Server send to woker timeout",
    ),
    ("SERVER_INVALID_CALLBACK", 9015, "Server invalid callback"),
    ("SERVER_UNRELATED_THREAD", 9016, "Server unrelated thread"),
    (
        "SERVER_WORKER_EXIT_TIMEOUT",
        9101,
        "Server worker exit timeout",
    ),
    (
        "SERVER_WORKER_ABNORMAL_PIPE_DATA",
        9102,
        "Server worker abnormal pipe data",
    ),
    (
        "SERVER_WORKER_UNPROCESSED_DATA",
        9103,
        "Server worker unprocessed data",
    ),
    ("CO_OUT_OF_COROUTINE", 10001, "Coroutine out of coroutine"),
    ("CO_HAS_BEEN_BOUND", 10002, "Coroutine has been bound"),
    (
        "CO_HAS_BEEN_DISCARDED",
        10003,
        "Coroutine has been discarded",
    ),
    (
        "CO_MUTEX_DOUBLE_UNLOCK",
        10004,
        "Coroutine mutex double unlock",
    ),
    (
        "CO_BLOCK_OBJECT_LOCKED",
        10005,
        "Coroutine block object locked",
    ),
    (
        "CO_BLOCK_OBJECT_WAITING",
        10006,
        "Coroutine block object waiting",
    ),
    ("CO_YIELD_FAILED", 10007, "Coroutine yield failed"),
    ("CO_GETCONTEXT_FAILED", 10008, "Coroutine getcontext failed"),
    (
        "CO_SWAPCONTEXT_FAILED",
        10009,
        "Coroutine swapcontext failed",
    ),
    (
        "CO_MAKECONTEXT_FAILED",
        10010,
        "Coroutine makecontext failed",
    ),
    ("CO_IOCPINIT_FAILED", 10011, "Coroutine iocpinit failed"),
    (
        "CO_PROTECT_STACK_FAILED",
        10012,
        "Coroutine protect stack failed",
    ),
    (
        "CO_STD_THREAD_LINK_ERROR",
        10013,
        "Coroutine std thread link error",
    ),
    (
        "CO_DISABLED_MULTI_THREAD",
        10014,
        "Coroutine disabled multi thread",
    ),
    ("CO_CANNOT_CANCEL", 10015, "Coroutine cannot cancel"),
    ("CO_NOT_EXISTS", 10016, "Coroutine not exists"),
    ("CO_CANCELED", 10017, "Coroutine canceled"),
    ("CO_TIMEDOUT", 10018, "Coroutine timedout"),
    ("CO_SOCKET_CLOSE_WAIT", 10019, "Coroutine socket close wait"),
];

/// Swoole's message for one of its own codes, strerror(3) below 500.
pub fn strerror(code: i32) -> String {
    if code < SW_ERROR_BEGIN {
        // SAFETY: strerror returns a valid C string (glibc: never null).
        return unsafe { CStr::from_ptr(libc::strerror(code)) }
            .to_string_lossy()
            .into_owned();
    }
    match SWOOLE_ERRORS.binary_search_by_key(&code, |&(_, c, _)| c) {
        Ok(i) => SWOOLE_ERRORS[i].2.to_owned(),
        Err(_) => format!("Unknown error {code}"),
    }
}

/// What `swoole_last_error()` returns. Process-wide, as in Swoole (PHP is NTS here);
/// a static rather than a thread-local: every socket call writes it.
static LAST_ERROR: AtomicI32 = AtomicI32::new(0);

/// Records `code` as what `swoole_last_error()` returns.
/// Warns when the last lookup failed at once because no resolver thread could take
/// it (the runtime says why); call after a lookup failed.
pub fn warn_if_resolver_failed() {
    if let Some(e) = crate::runtime::with(|rt| rt.take_resolver_error()) {
        zend::error_docref(
            zend::E_WARNING,
            &format!("DNS lookup failed at once: no resolver thread could take it ({e})"),
        );
    }
}

pub fn set_last_error(code: i32) {
    LAST_ERROR.store(code, Ordering::Relaxed);
}

pub fn last_error() -> i32 {
    LAST_ERROR.load(Ordering::Relaxed)
}

static EXCEPTION_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());
static ERROR_CE: AtomicPtr<zend_class_entry> = AtomicPtr::new(std::ptr::null_mut());

/// `Swoole\Exception`.
pub fn exception_ce() -> *mut zend_class_entry {
    EXCEPTION_CE.load(Ordering::Relaxed)
}

/// `Swoole\Error`.
pub fn error_ce() -> *mut zend_class_entry {
    ERROR_CE.load(Ordering::Relaxed)
}

/// Swoole's fatal errors: a `Swoole\Error` reported as an uncaught exception (PHP's
/// "Fatal error: Uncaught Swoole\Error: ..." text, status 255), then the script ends,
/// whatever try/catch surrounds the call. `after_report` prints more before the end.
/// In a coroutine this returns, and the caller returns at once: as its handler returns
/// the coroutine unwinds, its frames freed, and the failure goes on as for an uncaught
/// exception there (see vm.rs). Elsewhere the bailout comes at once.
pub fn fatal(code: i32, msg: &str, after_report: impl FnOnce()) {
    report_fatal(code, msg, after_report);
    if crate::runtime::in_coroutine() {
        super::vm::fail_current_coroutine(false);
    } else {
        // SAFETY: the error is reported; PHP's handler on the main stack ends the script.
        unsafe { zend::bailout() }
    }
}

fn report_fatal(code: i32, msg: &str, after_report: impl FnOnce()) {
    set_last_error(code);
    zend::throw(error_ce(), msg, code as i64);
    // SAFETY: the exception was just thrown, so EG(exception) is set; reporting it
    // clears it.
    unsafe {
        let ex = (*zend::eg()).exception;
        if !ex.is_null() {
            zend::zend_exception_error(ex, zend::E_ERROR);
        }
    }
    after_report();
}

/// The fatal error of a waiting API called outside a coroutine.
pub fn throw_not_in_coroutine() -> ! {
    report_fatal(
        SW_ERROR_CO_OUT_OF_COROUTINE,
        "API must be called in the coroutine",
        || {},
    );
    // SAFETY: outside a coroutine: the main stack, where PHP's handler ends the script.
    // The bailout skips only frames with nothing left to drop.
    unsafe { zend::bailout() }
}

/// For an API that must run in a coroutine: returns inside one, else the fatal error
/// above (Swoole's `Coroutine::get_current_safe()`).
pub fn require_coroutine() {
    if !crate::runtime::in_coroutine() {
        throw_not_in_coroutine();
    }
}

php_fn! {
    /// The code of the last Swoole-level error (set by failing coroutine APIs).
    "swoole_last_error" fn swoole_last_error(cx) -> "int" {
        last_error() as i64
    }
}

php_fn! {
    /// Resets swoole_last_error() to 0.
    "swoole_clear_error" fn swoole_clear_error(cx) -> "void" {
        set_last_error(0);
    }
}

php_fn! {
    /// The message of an errno (SWOOLE_STRERROR_SYSTEM), a getaddrinfo code, or a Swoole code.
    "swoole_strerror" fn swoole_strerror(cx, errno: i64, error_type: i64 = "SWOOLE_STRERROR_SYSTEM") -> "string" {
        let code32 = errno as i32;
        match error_type {
            1 => crate::net::dns::gai_strerror(code32),
            2 => {
                // SAFETY: hstrerror returns a static string.
                unsafe { CStr::from_ptr(hstrerror(code32)) }
                    .to_string_lossy()
                    .into_owned()
            }
            9 => strerror(code32),
            _ if code32 > SW_ERROR_BEGIN && code32 < SW_ERROR_END => strerror(code32),
            // SAFETY: strerror returns a valid C string.
            _ => unsafe { CStr::from_ptr(libc::strerror(code32)) }
                .to_string_lossy()
                .into_owned(),
        }
    }
}

extern "C" {
    fn hstrerror(err: i32) -> *const std::ffi::c_char;
}

/// Registers the exception classes and error functions (MINIT).
pub fn register(module_number: i32) {
    // SAFETY: the engine's base classes exist by MINIT.
    let (exc, err) = unsafe { (zend::zend_ce_exception, zend::zend_ce_error) };
    EXCEPTION_CE.store(
        decl::register_class(&Class {
            parent: Some(("\\Exception", exc)),
            ..Class::new("Swoole\\Exception")
        }),
        Ordering::Relaxed,
    );
    ERROR_CE.store(
        decl::register_class(&Class {
            parent: Some(("\\Error", err)),
            ..Class::new("Swoole\\Error")
        }),
        Ordering::Relaxed,
    );
    decl::register_functions(&[swoole_last_error, swoole_clear_error, swoole_strerror]);
    for (name, v) in [
        ("SWOOLE_STRERROR_SYSTEM", 0),
        ("SWOOLE_STRERROR_GAI", 1),
        ("SWOOLE_STRERROR_DNS", 2),
        ("SWOOLE_STRERROR_SWOOLE", 9),
    ] {
        decl::constant(name, v, module_number);
    }
    decl::constant_doc(
        "Swoole's own error codes (swoole_last_error(), swoole_strerror()), all of them.",
    );
    for &(name, v, _) in SWOOLE_ERRORS {
        decl::constant(&format!("SWOOLE_ERROR_{name}"), v as i64, module_number);
    }
}
