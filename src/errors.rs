//! Swoole's own error codes (above 500), PHP-free: one table of (constant, code,
//! message), as Swoole 6.2 defines them (`swoole_error.h`, `swoole_strerror()`). It
//! feeds `swoole_strerror()`, the `SWOOLE_ERROR_*` constants and the stub, and names
//! the codes of the core's own failures (TLS, proxies, lookups). Errnos are not here:
//! [`crate::net::NetError`] keeps them apart (`Os` vs `Swoole`).

/// One of Swoole's error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwooleError {
    /// The name in Swoole's C source, `SW_ERROR_*` (PHP's constant is `SWOOLE_ERROR_*`).
    pub name: &'static str,
    /// The code.
    pub code: i32,
    /// Swoole's message for it (`swoole_strerror($code, SWOOLE_STRERROR_SWOOLE)`).
    pub message: &'static str,
}

/// The first code that is Swoole's, not an errno (below it, strerror(3) speaks).
pub const SW_ERROR_BEGIN: i32 = 500;
/// Past the last code of [`SWOOLE_ERRORS`].
pub const SW_ERROR_END: i32 = 10020;

macro_rules! swoole_errors {
    ($($name:ident = $code:literal, $message:literal;)*) => {
        /// Every code, in ascending order (server and protocol ones included: code
        /// compares `swoole_last_error()` with them).
        pub static SWOOLE_ERRORS: &[SwooleError] = &[
            $(SwooleError { name: stringify!($name), code: $code, message: $message },)*
        ];

        /// Each code as a constant, named as in Swoole's C source.
        pub mod code {
            $(
                #[doc = $message]
                pub const $name: i32 = $code;
            )*
        }
    };
}

swoole_errors! {
    SW_ERROR_MALLOC_FAIL = 501, "Malloc fail";
    SW_ERROR_SYSTEM_CALL_FAIL = 502, "System call fail";
    SW_ERROR_PHP_FATAL_ERROR = 503, "PHP fatal error";
    SW_ERROR_NAME_TOO_LONG = 504, "Name too long";
    SW_ERROR_INVALID_PARAMS = 505, "Invalid params";
    SW_ERROR_QUEUE_FULL = 506, "Queue full";
    SW_ERROR_OPERATION_NOT_SUPPORT = 507, "Operation not support";
    SW_ERROR_PROTOCOL_ERROR = 508, "Protocol error";
    SW_ERROR_WRONG_OPERATION = 509, "Wrong operation";
    SW_ERROR_PHP_RUNTIME_NOTICE = 510, "PHP runtime notice";
    SW_ERROR_FOR_TEST = 511, "For test";
    SW_ERROR_NO_PAYLOAD = 550, "No payload";
    SW_ERROR_UNDEFINED_BEHAVIOR = 600, "Undefined behavior";
    SW_ERROR_NOT_THREAD_SAFETY = 601, "Not thread safety";
    SW_ERROR_FILE_NOT_EXIST = 700, "File not exist";
    SW_ERROR_FILE_TOO_LARGE = 701, "File too large";
    SW_ERROR_FILE_EMPTY = 702, "File empty";
    SW_ERROR_DIR_NOT_EXIST = 703, "Dir not exist";
    SW_ERROR_DNSLOOKUP_DUPLICATE_REQUEST = 710, "DNS Lookup duplicate request";
    SW_ERROR_DNSLOOKUP_RESOLVE_FAILED = 711, "DNS Lookup resolve failed";
    SW_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT = 712, "DNS Lookup resolve timeout";
    SW_ERROR_DNSLOOKUP_UNSUPPORTED = 713, "DNS Lookup unsupported";
    SW_ERROR_DNSLOOKUP_NO_SERVER = 714, "DNS Lookup no server";
    SW_ERROR_BAD_IPV6_ADDRESS = 720, "Bad ipv6 address";
    SW_ERROR_UNREGISTERED_SIGNAL = 721, "Unregistered signal";
    SW_ERROR_BAD_HOST_ADDR = 722, "Bad host addr";
    SW_ERROR_BAD_PORT = 723, "Bad port";
    SW_ERROR_BAD_SOCKET_TYPE = 724, "Bad socket type";
    SW_ERROR_EVENT_REMOVE_FAILED = 800, "Event remove failed";
    SW_ERROR_EVENT_ADD_FAILED = 801, "Event add failed";
    SW_ERROR_EVENT_UPDATE_FAILED = 802, "Event update failed";
    SW_ERROR_EVENT_UNKNOWN_DATA = 803, "Event unknown data";
    SW_ERROR_SESSION_CLOSED_BY_SERVER = 1001, "Session closed by server";
    SW_ERROR_SESSION_CLOSED_BY_CLIENT = 1002, "Session closed by client";
    SW_ERROR_SESSION_CLOSING = 1003, "Session closing";
    SW_ERROR_SESSION_CLOSED = 1004, "Session closed";
    SW_ERROR_SESSION_NOT_EXIST = 1005, "Session not exist";
    SW_ERROR_SESSION_INVALID_ID = 1006, "Session invalid id";
    SW_ERROR_SESSION_DISCARD_TIMEOUT_DATA = 1007, "Session discard timeout data";
    SW_ERROR_SESSION_DISCARD_DATA = 1008, "Session discard data";
    SW_ERROR_OUTPUT_BUFFER_OVERFLOW = 1009, "Output buffer overflow";
    SW_ERROR_OUTPUT_SEND_YIELD = 1010, "Output send yield";
    SW_ERROR_SSL_NOT_READY = 1011, "SSL not ready";
    SW_ERROR_SSL_CANNOT_USE_SENFILE = 1012, "SSL cannot use senfile";
    SW_ERROR_SSL_EMPTY_PEER_CERTIFICATE = 1013, "SSL empty peer certificate";
    SW_ERROR_SSL_VERIFY_FAILED = 1014, "SSL verify failed";
    SW_ERROR_SSL_BAD_CLIENT = 1015, "SSL bad client";
    SW_ERROR_SSL_BAD_PROTOCOL = 1016, "SSL bad protocol";
    SW_ERROR_SSL_RESET = 1017, "SSL reset";
    SW_ERROR_SSL_HANDSHAKE_FAILED = 1018, "SSL handshake failed";
    SW_ERROR_SSL_CREATE_CONTEXT_FAILED = 1019, "SSL create context failed";
    SW_ERROR_SSL_CREATE_SESSION_FAILED = 1020, "SSL create session failed";
    SW_ERROR_PACKAGE_LENGTH_TOO_LARGE = 1201, "Package length too large";
    SW_ERROR_PACKAGE_LENGTH_NOT_FOUND = 1202, "Package length not found";
    SW_ERROR_DATA_LENGTH_TOO_LARGE = 1203, "Data length too large";
    SW_ERROR_PACKAGE_MALFORMED_DATA = 1204, "Package malformed data";
    SW_ERROR_TASK_PACKAGE_TOO_BIG = 2001, "Task package too big";
    SW_ERROR_TASK_DISPATCH_FAIL = 2002, "Task dispatch fail";
    SW_ERROR_TASK_TIMEOUT = 2003, "Task timeout";
    SW_ERROR_HTTP2_STREAM_ID_TOO_BIG = 3001, "Http2 stream id too big";
    SW_ERROR_HTTP2_STREAM_NO_HEADER = 3002, "Http2 stream no header";
    SW_ERROR_HTTP2_STREAM_NOT_FOUND = 3003, "Http2 stream not found";
    SW_ERROR_HTTP2_STREAM_IGNORE = 3004, "Http2 stream ignore";
    SW_ERROR_HTTP2_SEND_CONTROL_FRAME_FAILED = 3005, "Http2 send control frame failed";
    SW_ERROR_HTTP2_INTERNAL_ERROR = 3006, "Http2 internal error";
    SW_ERROR_AIO_BAD_REQUEST = 4001, "Aio bad request";
    SW_ERROR_AIO_CANCELED = 4002, "Aio canceled";
    SW_ERROR_AIO_TIMEOUT = 4003, "Aio timeout";
    SW_ERROR_CLIENT_NO_CONNECTION = 5001, "Client no connection";
    SW_ERROR_SOCKET_CLOSED = 6001, "Socket closed";
    SW_ERROR_SOCKET_POLL_TIMEOUT = 6002, "Socket poll timeout";
    SW_ERROR_SOCKET_NOT_EXISTS = 6003, "Socket not exists";
    SW_ERROR_SOCKS5_UNSUPPORT_VERSION = 7001, "Socks5 unsupport version";
    SW_ERROR_SOCKS5_UNSUPPORT_METHOD = 7002, "Socks5 unsupport method";
    SW_ERROR_SOCKS5_AUTH_FAILED = 7003, "Socks5 auth failed";
    SW_ERROR_SOCKS5_SERVER_ERROR = 7004, "Socks5 server error";
    SW_ERROR_SOCKS5_HANDSHAKE_FAILED = 7005, "Socks5 handshake failed";
    SW_ERROR_SOCKS5_CONNECT_FAILED = 7006, "Socks5 connect failed";
    SW_ERROR_HTTP_PROXY_HANDSHAKE_ERROR = 7101, "Http proxy handshake error";
    SW_ERROR_HTTP_INVALID_PROTOCOL = 7102, "Http invalid protocol";
    SW_ERROR_HTTP_PROXY_HANDSHAKE_FAILED = 7103, "Http proxy handshake failed";
    SW_ERROR_HTTP_PROXY_BAD_RESPONSE = 7104, "Http proxy bad response";
    SW_ERROR_HTTP_CONFLICT_HEADER = 7105, "Http conflict header";
    SW_ERROR_HTTP_CONTEXT_UNAVAILABLE = 7106, "Http context unavailable";
    SW_ERROR_HTTP_COOKIE_UNAVAILABLE = 7107, "Http cookie unavailable";
    SW_ERROR_WEBSOCKET_BAD_CLIENT = 8501, "Websocket bad client";
    SW_ERROR_WEBSOCKET_BAD_OPCODE = 8502, "Websocket bad opcode";
    SW_ERROR_WEBSOCKET_UNCONNECTED = 8503, "Websocket unconnected";
    SW_ERROR_WEBSOCKET_HANDSHAKE_FAILED = 8504, "Websocket handshake failed";
    SW_ERROR_WEBSOCKET_PACK_FAILED = 8505, "Websocket pack failed";
    SW_ERROR_WEBSOCKET_UNPACK_FAILED = 8506, "Websocket unpack failed";
    SW_ERROR_WEBSOCKET_INCOMPLETE_PACKET = 8507, "Websocket incomplete packet";
    SW_ERROR_SERVER_MUST_CREATED_BEFORE_CLIENT = 9001, "Server must created before client";
    SW_ERROR_SERVER_TOO_MANY_SOCKET = 9002, "Server too many socket";
    SW_ERROR_SERVER_WORKER_TERMINATED = 9003, "Server worker terminated";
    SW_ERROR_SERVER_INVALID_LISTEN_PORT = 9004, "Server invalid listen port";
    SW_ERROR_SERVER_TOO_MANY_LISTEN_PORT = 9005, "Server too many listen port";
    SW_ERROR_SERVER_PIPE_BUFFER_FULL = 9006, "Server pipe buffer full";
    SW_ERROR_SERVER_NO_IDLE_WORKER = 9007, "Server no idle worker";
    SW_ERROR_SERVER_ONLY_START_ONE = 9008, "Server only start one";
    SW_ERROR_SERVER_SEND_IN_MASTER = 9009, "Server send in master";
    SW_ERROR_SERVER_INVALID_REQUEST = 9010, "Server invalid request";
    SW_ERROR_SERVER_CONNECT_FAIL = 9011, "Server connect fail";
    SW_ERROR_SERVER_INVALID_COMMAND = 9012, "Server invalid command";
    SW_ERROR_SERVER_IS_NOT_REGULAR_FILE = 9013, "Server is not regular file";
    SW_ERROR_SERVER_SEND_TO_WOKER_TIMEOUT = 9014, "Server send to woker timeout";
    SW_ERROR_SERVER_INVALID_CALLBACK = 9015, "Server invalid callback";
    SW_ERROR_SERVER_UNRELATED_THREAD = 9016, "Server unrelated thread";
    SW_ERROR_SERVER_WORKER_EXIT_TIMEOUT = 9101, "Server worker exit timeout";
    SW_ERROR_SERVER_WORKER_ABNORMAL_PIPE_DATA = 9102, "Server worker abnormal pipe data";
    SW_ERROR_SERVER_WORKER_UNPROCESSED_DATA = 9103, "Server worker unprocessed data";
    SW_ERROR_CO_OUT_OF_COROUTINE = 10001, "Coroutine out of coroutine";
    SW_ERROR_CO_HAS_BEEN_BOUND = 10002, "Coroutine has been bound";
    SW_ERROR_CO_HAS_BEEN_DISCARDED = 10003, "Coroutine has been discarded";
    SW_ERROR_CO_MUTEX_DOUBLE_UNLOCK = 10004, "Coroutine mutex double unlock";
    SW_ERROR_CO_BLOCK_OBJECT_LOCKED = 10005, "Coroutine block object locked";
    SW_ERROR_CO_BLOCK_OBJECT_WAITING = 10006, "Coroutine block object waiting";
    SW_ERROR_CO_YIELD_FAILED = 10007, "Coroutine yield failed";
    SW_ERROR_CO_GETCONTEXT_FAILED = 10008, "Coroutine getcontext failed";
    SW_ERROR_CO_SWAPCONTEXT_FAILED = 10009, "Coroutine swapcontext failed";
    SW_ERROR_CO_MAKECONTEXT_FAILED = 10010, "Coroutine makecontext failed";
    SW_ERROR_CO_IOCPINIT_FAILED = 10011, "Coroutine iocpinit failed";
    SW_ERROR_CO_PROTECT_STACK_FAILED = 10012, "Coroutine protect stack failed";
    SW_ERROR_CO_STD_THREAD_LINK_ERROR = 10013, "Coroutine std thread link error";
    SW_ERROR_CO_DISABLED_MULTI_THREAD = 10014, "Coroutine disabled multi thread";
    SW_ERROR_CO_CANNOT_CANCEL = 10015, "Coroutine cannot cancel";
    SW_ERROR_CO_NOT_EXISTS = 10016, "Coroutine not exists";
    SW_ERROR_CO_CANCELED = 10017, "Coroutine canceled";
    SW_ERROR_CO_TIMEDOUT = 10018, "Coroutine timedout";
    SW_ERROR_CO_SOCKET_CLOSE_WAIT = 10019, "Coroutine socket close wait";
}

impl SwooleError {
    /// The PHP constant's name (`SWOOLE_ERROR_*`).
    pub fn php_name(&self) -> String {
        format!("SWOOLE_{}", &self.name["SW_".len()..])
    }
}

/// Swoole's message for one of its codes, None for a code it does not define.
pub fn message(code: i32) -> Option<&'static str> {
    SWOOLE_ERRORS
        .binary_search_by_key(&code, |e| e.code)
        .ok()
        .map(|i| SWOOLE_ERRORS[i].message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascending_and_within_bounds() {
        assert!(SWOOLE_ERRORS.windows(2).all(|w| w[0].code < w[1].code));
        assert!(SWOOLE_ERRORS
            .iter()
            .all(|e| e.code > SW_ERROR_BEGIN && e.code < SW_ERROR_END));
        assert_eq!(
            message(code::SW_ERROR_SSL_HANDSHAKE_FAILED),
            Some("SSL handshake failed")
        );
        assert_eq!(message(499), None);
    }
}
