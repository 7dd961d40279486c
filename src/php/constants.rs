//! Socket constants with this platform's values, registered only when ext-sockets is
//! not loaded (it defines the same names; cosocket loads after it).

use super::decl;
use super::zend;

/// ext-sockets' socket-level names.
const SOCKET: &[(&str, i64)] = &[
    ("AF_UNIX", libc::AF_UNIX as i64),
    ("AF_INET", libc::AF_INET as i64),
    ("AF_INET6", libc::AF_INET6 as i64),
    ("SOCK_STREAM", libc::SOCK_STREAM as i64),
    ("SOCK_DGRAM", libc::SOCK_DGRAM as i64),
    ("SOCK_RAW", libc::SOCK_RAW as i64),
    ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET as i64),
    ("SOCK_RDM", libc::SOCK_RDM as i64),
    ("MSG_OOB", libc::MSG_OOB as i64),
    ("MSG_WAITALL", libc::MSG_WAITALL as i64),
    ("MSG_CTRUNC", libc::MSG_CTRUNC as i64),
    ("MSG_TRUNC", libc::MSG_TRUNC as i64),
    ("MSG_PEEK", libc::MSG_PEEK as i64),
    ("MSG_DONTROUTE", libc::MSG_DONTROUTE as i64),
    ("MSG_EOR", libc::MSG_EOR as i64),
    ("MSG_CONFIRM", libc::MSG_CONFIRM as i64),
    ("MSG_ERRQUEUE", libc::MSG_ERRQUEUE as i64),
    ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL as i64),
    ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
    ("MSG_MORE", libc::MSG_MORE as i64),
    ("MSG_WAITFORONE", libc::MSG_WAITFORONE as i64),
    ("MSG_CMSG_CLOEXEC", libc::MSG_CMSG_CLOEXEC as i64),
    ("SO_DEBUG", libc::SO_DEBUG as i64),
    ("SO_REUSEADDR", libc::SO_REUSEADDR as i64),
    ("SO_REUSEPORT", libc::SO_REUSEPORT as i64),
    ("SO_KEEPALIVE", libc::SO_KEEPALIVE as i64),
    ("SO_DONTROUTE", libc::SO_DONTROUTE as i64),
    ("SO_LINGER", libc::SO_LINGER as i64),
    ("SO_BROADCAST", libc::SO_BROADCAST as i64),
    ("SO_OOBINLINE", libc::SO_OOBINLINE as i64),
    ("SO_SNDBUF", libc::SO_SNDBUF as i64),
    ("SO_RCVBUF", libc::SO_RCVBUF as i64),
    ("SO_SNDLOWAT", libc::SO_SNDLOWAT as i64),
    ("SO_RCVLOWAT", libc::SO_RCVLOWAT as i64),
    ("SO_SNDTIMEO", libc::SO_SNDTIMEO as i64),
    ("SO_RCVTIMEO", libc::SO_RCVTIMEO as i64),
    ("SO_TYPE", libc::SO_TYPE as i64),
    ("SO_ERROR", libc::SO_ERROR as i64),
    ("SO_BINDTODEVICE", libc::SO_BINDTODEVICE as i64),
    ("SO_PASSCRED", libc::SO_PASSCRED as i64),
    ("SO_MARK", libc::SO_MARK as i64),
    ("SO_INCOMING_CPU", libc::SO_INCOMING_CPU as i64),
    ("SOL_SOCKET", libc::SOL_SOCKET as i64),
    ("SOMAXCONN", libc::SOMAXCONN as i64),
    ("SOL_TCP", libc::IPPROTO_TCP as i64),
    ("SOL_UDP", libc::IPPROTO_UDP as i64),
    ("TCP_NODELAY", libc::TCP_NODELAY as i64),
    ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE as i64),
    ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL as i64),
    ("TCP_KEEPCNT", libc::TCP_KEEPCNT as i64),
    ("TCP_DEFER_ACCEPT", libc::TCP_DEFER_ACCEPT as i64),
    ("TCP_CONGESTION", libc::TCP_CONGESTION as i64),
    ("TCP_NOTSENT_LOWAT", libc::TCP_NOTSENT_LOWAT as i64),
    ("TCP_QUICKACK", libc::TCP_QUICKACK as i64),
    ("TCP_SYNCNT", libc::TCP_SYNCNT as i64),
    ("TCP_USER_TIMEOUT", libc::TCP_USER_TIMEOUT as i64),
    ("MCAST_JOIN_GROUP", libc::MCAST_JOIN_GROUP as i64),
    ("MCAST_LEAVE_GROUP", libc::MCAST_LEAVE_GROUP as i64),
    ("MCAST_BLOCK_SOURCE", libc::MCAST_BLOCK_SOURCE as i64),
    ("MCAST_UNBLOCK_SOURCE", libc::MCAST_UNBLOCK_SOURCE as i64),
    (
        "MCAST_JOIN_SOURCE_GROUP",
        libc::MCAST_JOIN_SOURCE_GROUP as i64,
    ),
    (
        "MCAST_LEAVE_SOURCE_GROUP",
        libc::MCAST_LEAVE_SOURCE_GROUP as i64,
    ),
    ("IP_MULTICAST_IF", libc::IP_MULTICAST_IF as i64),
    ("IP_MULTICAST_TTL", libc::IP_MULTICAST_TTL as i64),
    ("IP_MULTICAST_LOOP", libc::IP_MULTICAST_LOOP as i64),
    ("IPV6_MULTICAST_IF", libc::IPV6_MULTICAST_IF as i64),
    ("IPV6_MULTICAST_HOPS", libc::IPV6_MULTICAST_HOPS as i64),
    ("IPV6_MULTICAST_LOOP", libc::IPV6_MULTICAST_LOOP as i64),
    ("IPV6_V6ONLY", libc::IPV6_V6ONLY as i64),
    ("IPV6_UNICAST_HOPS", libc::IPV6_UNICAST_HOPS as i64),
    ("IPV6_RECVPKTINFO", libc::IPV6_RECVPKTINFO as i64),
    ("IPV6_PKTINFO", libc::IPV6_PKTINFO as i64),
    ("IPV6_RECVHOPLIMIT", libc::IPV6_RECVHOPLIMIT as i64),
    ("IPV6_HOPLIMIT", libc::IPV6_HOPLIMIT as i64),
    ("IPV6_RECVTCLASS", libc::IPV6_RECVTCLASS as i64),
    ("IPV6_TCLASS", libc::IPV6_TCLASS as i64),
    ("IPPROTO_IP", libc::IPPROTO_IP as i64),
    ("IPPROTO_IPV6", libc::IPPROTO_IPV6 as i64),
    ("SCM_RIGHTS", libc::SCM_RIGHTS as i64),
    ("SCM_CREDENTIALS", libc::SCM_CREDENTIALS as i64),
];

/// ext-sockets' `SOCKET_E*` errno names.
const ERRNO: &[(&str, i64)] = &[
    ("SOCKET_EPERM", libc::EPERM as i64),
    ("SOCKET_ENOENT", libc::ENOENT as i64),
    ("SOCKET_EINTR", libc::EINTR as i64),
    ("SOCKET_EIO", libc::EIO as i64),
    ("SOCKET_ENXIO", libc::ENXIO as i64),
    ("SOCKET_E2BIG", libc::E2BIG as i64),
    ("SOCKET_EBADF", libc::EBADF as i64),
    ("SOCKET_EAGAIN", libc::EAGAIN as i64),
    ("SOCKET_ENOMEM", libc::ENOMEM as i64),
    ("SOCKET_EACCES", libc::EACCES as i64),
    ("SOCKET_EFAULT", libc::EFAULT as i64),
    ("SOCKET_ENOTBLK", libc::ENOTBLK as i64),
    ("SOCKET_EBUSY", libc::EBUSY as i64),
    ("SOCKET_EEXIST", libc::EEXIST as i64),
    ("SOCKET_EXDEV", libc::EXDEV as i64),
    ("SOCKET_ENODEV", libc::ENODEV as i64),
    ("SOCKET_ENOTDIR", libc::ENOTDIR as i64),
    ("SOCKET_EISDIR", libc::EISDIR as i64),
    ("SOCKET_EINVAL", libc::EINVAL as i64),
    ("SOCKET_ENFILE", libc::ENFILE as i64),
    ("SOCKET_EMFILE", libc::EMFILE as i64),
    ("SOCKET_ENOTTY", libc::ENOTTY as i64),
    ("SOCKET_ENOSPC", libc::ENOSPC as i64),
    ("SOCKET_ESPIPE", libc::ESPIPE as i64),
    ("SOCKET_EROFS", libc::EROFS as i64),
    ("SOCKET_EMLINK", libc::EMLINK as i64),
    ("SOCKET_EPIPE", libc::EPIPE as i64),
    ("SOCKET_ENAMETOOLONG", libc::ENAMETOOLONG as i64),
    ("SOCKET_ENOLCK", libc::ENOLCK as i64),
    ("SOCKET_ENOSYS", libc::ENOSYS as i64),
    ("SOCKET_ENOTEMPTY", libc::ENOTEMPTY as i64),
    ("SOCKET_ELOOP", libc::ELOOP as i64),
    ("SOCKET_EWOULDBLOCK", libc::EWOULDBLOCK as i64),
    ("SOCKET_ENOMSG", libc::ENOMSG as i64),
    ("SOCKET_EIDRM", libc::EIDRM as i64),
    ("SOCKET_ECHRNG", libc::ECHRNG as i64),
    ("SOCKET_EL2NSYNC", libc::EL2NSYNC as i64),
    ("SOCKET_EL3HLT", libc::EL3HLT as i64),
    ("SOCKET_EL3RST", libc::EL3RST as i64),
    ("SOCKET_ELNRNG", libc::ELNRNG as i64),
    ("SOCKET_EUNATCH", libc::EUNATCH as i64),
    ("SOCKET_ENOCSI", libc::ENOCSI as i64),
    ("SOCKET_EL2HLT", libc::EL2HLT as i64),
    ("SOCKET_EBADE", libc::EBADE as i64),
    ("SOCKET_EBADR", libc::EBADR as i64),
    ("SOCKET_EXFULL", libc::EXFULL as i64),
    ("SOCKET_ENOANO", libc::ENOANO as i64),
    ("SOCKET_EBADRQC", libc::EBADRQC as i64),
    ("SOCKET_EBADSLT", libc::EBADSLT as i64),
    ("SOCKET_ENOSTR", libc::ENOSTR as i64),
    ("SOCKET_ENODATA", libc::ENODATA as i64),
    ("SOCKET_ETIME", libc::ETIME as i64),
    ("SOCKET_ENOSR", libc::ENOSR as i64),
    ("SOCKET_EREMOTE", libc::EREMOTE as i64),
    ("SOCKET_ENOLINK", libc::ENOLINK as i64),
    ("SOCKET_EADV", libc::EADV as i64),
    ("SOCKET_ESRMNT", libc::ESRMNT as i64),
    ("SOCKET_ECOMM", libc::ECOMM as i64),
    ("SOCKET_EPROTO", libc::EPROTO as i64),
    ("SOCKET_EMULTIHOP", libc::EMULTIHOP as i64),
    ("SOCKET_EBADMSG", libc::EBADMSG as i64),
    ("SOCKET_ENOTUNIQ", libc::ENOTUNIQ as i64),
    ("SOCKET_EBADFD", libc::EBADFD as i64),
    ("SOCKET_EREMCHG", libc::EREMCHG as i64),
    ("SOCKET_ERESTART", libc::ERESTART as i64),
    ("SOCKET_ESTRPIPE", libc::ESTRPIPE as i64),
    ("SOCKET_EUSERS", libc::EUSERS as i64),
    ("SOCKET_ENOTSOCK", libc::ENOTSOCK as i64),
    ("SOCKET_EDESTADDRREQ", libc::EDESTADDRREQ as i64),
    ("SOCKET_EMSGSIZE", libc::EMSGSIZE as i64),
    ("SOCKET_EPROTOTYPE", libc::EPROTOTYPE as i64),
    ("SOCKET_ENOPROTOOPT", libc::ENOPROTOOPT as i64),
    ("SOCKET_EPROTONOSUPPORT", libc::EPROTONOSUPPORT as i64),
    ("SOCKET_ESOCKTNOSUPPORT", libc::ESOCKTNOSUPPORT as i64),
    ("SOCKET_EOPNOTSUPP", libc::EOPNOTSUPP as i64),
    ("SOCKET_EPFNOSUPPORT", libc::EPFNOSUPPORT as i64),
    ("SOCKET_EAFNOSUPPORT", libc::EAFNOSUPPORT as i64),
    ("SOCKET_EADDRINUSE", libc::EADDRINUSE as i64),
    ("SOCKET_EADDRNOTAVAIL", libc::EADDRNOTAVAIL as i64),
    ("SOCKET_ENETDOWN", libc::ENETDOWN as i64),
    ("SOCKET_ENETUNREACH", libc::ENETUNREACH as i64),
    ("SOCKET_ENETRESET", libc::ENETRESET as i64),
    ("SOCKET_ECONNABORTED", libc::ECONNABORTED as i64),
    ("SOCKET_ECONNRESET", libc::ECONNRESET as i64),
    ("SOCKET_ENOBUFS", libc::ENOBUFS as i64),
    ("SOCKET_EISCONN", libc::EISCONN as i64),
    ("SOCKET_ENOTCONN", libc::ENOTCONN as i64),
    ("SOCKET_ESHUTDOWN", libc::ESHUTDOWN as i64),
    ("SOCKET_ETOOMANYREFS", libc::ETOOMANYREFS as i64),
    ("SOCKET_ETIMEDOUT", libc::ETIMEDOUT as i64),
    ("SOCKET_ECONNREFUSED", libc::ECONNREFUSED as i64),
    ("SOCKET_EHOSTDOWN", libc::EHOSTDOWN as i64),
    ("SOCKET_EHOSTUNREACH", libc::EHOSTUNREACH as i64),
    ("SOCKET_EALREADY", libc::EALREADY as i64),
    ("SOCKET_EINPROGRESS", libc::EINPROGRESS as i64),
    ("SOCKET_EISNAM", libc::EISNAM as i64),
    ("SOCKET_EREMOTEIO", libc::EREMOTEIO as i64),
    ("SOCKET_EDQUOT", libc::EDQUOT as i64),
    ("SOCKET_ENOMEDIUM", libc::ENOMEDIUM as i64),
    ("SOCKET_EMEDIUMTYPE", libc::EMEDIUMTYPE as i64),
];

/// Swoole's own constants for what cosocket has: the socket types of its clients, the
/// vector limit of `readVector()`/`writeVector()`, the coroutine limits and the timer
/// bounds of `sleep()`. The version constants are identity.rs's; the rest of Swoole's
/// runtime-level ones are in [`SWOOLE_RUNTIME`]. The server's (`SWOOLE_BASE`/`_PROCESS`,
/// dispatch modes, HTTP/WebSocket...) and `SWOOLE_HAVE_*`/`SWOOLE_USE_HTTP2` (features
/// cosocket has not) are left out (README: "Coroutines and the runtime").
pub const SWOOLE_IOV_MAX: i64 = 1024;
const SWOOLE: &[(&str, i64)] = &[
    ("SWOOLE_SOCK_TCP", 1),
    ("SWOOLE_SOCK_UDP", 2),
    ("SWOOLE_SOCK_TCP6", 3),
    ("SWOOLE_SOCK_UDP6", 4),
    ("SWOOLE_SOCK_UNIX_STREAM", 5),
    ("SWOOLE_SOCK_UNIX_DGRAM", 6),
    ("SWOOLE_SOCK_RAW", 7),
    ("SWOOLE_SOCK_RAW6", 8),
    ("SWOOLE_IOV_MAX", SWOOLE_IOV_MAX),
    ("SWOOLE_DEFAULT_MAX_CORO_NUM", 100_000),
    ("SWOOLE_CORO_MAX_NUM_LIMIT", i64::MAX),
    ("SWOOLE_TIMER_MIN_MS", 1),
    ("SWOOLE_TIMER_MAX_MS", i64::MAX),
    // `ssl_protocols` bits (the core's net::tls::protocols).
    ("SWOOLE_SSL_SSLv2", crate::net::tls::protocols::SSLV2 as i64),
    ("SWOOLE_SSL_TLSv1", crate::net::tls::protocols::TLSV1 as i64),
    (
        "SWOOLE_SSL_TLSv1_1",
        crate::net::tls::protocols::TLSV1_1 as i64,
    ),
    (
        "SWOOLE_SSL_TLSv1_2",
        crate::net::tls::protocols::TLSV1_2 as i64,
    ),
    (
        "SWOOLE_SSL_TLSv1_3",
        crate::net::tls::protocols::TLSV1_3 as i64,
    ),
];

/// Swoole 6.2.1's runtime-level constants, same values: the log levels of
/// `swoole_error_log()`, `FILE_LOCK` (`System::writeFile()`), the coroutine states,
/// the exit flags, the socket type and flag names of its clients, its lock types and
/// the SSL method numbers.
const SWOOLE_RUNTIME: &[(&str, i64)] = &[
    ("SWOOLE_LOG_DEBUG", 0),
    ("SWOOLE_LOG_TRACE", 1),
    ("SWOOLE_LOG_INFO", 2),
    ("SWOOLE_LOG_NOTICE", 3),
    ("SWOOLE_LOG_WARNING", 4),
    ("SWOOLE_LOG_ERROR", 5),
    ("SWOOLE_LOG_NONE", 6),
    ("FILE_LOCK", libc::LOCK_EX as i64),
    ("SWOOLE_CORO_INIT", 0),
    ("SWOOLE_CORO_WAITING", 1),
    ("SWOOLE_CORO_RUNNING", 2),
    ("SWOOLE_CORO_END", 3),
    ("SWOOLE_EXIT_IN_COROUTINE", 2),
    ("SWOOLE_EXIT_IN_SERVER", 4),
    ("SWOOLE_TCP", 1),
    ("SWOOLE_UDP", 2),
    ("SWOOLE_TCP6", 3),
    ("SWOOLE_UDP6", 4),
    ("SWOOLE_UNIX_STREAM", 5),
    ("SWOOLE_UNIX_DGRAM", 6),
    ("SWOOLE_RAW", 7),
    ("SWOOLE_RAW6", 8),
    ("SWOOLE_SSL", 512),
    ("SWOOLE_SSL_DTLS", 128),
    ("SWOOLE_ASYNC", 1024),
    ("SWOOLE_SYNC", 2048),
    ("SWOOLE_KEEP", 4096),
    ("SWOOLE_RWLOCK", 1),
    ("SWOOLE_MUTEX", 3),
    ("SWOOLE_SPINLOCK", 5),
    ("SWOOLE_SSLv3_METHOD", 1),
    ("SWOOLE_SSLv3_SERVER_METHOD", 2),
    ("SWOOLE_SSLv3_CLIENT_METHOD", 3),
    ("SWOOLE_SSLv23_METHOD", 0),
    ("SWOOLE_SSLv23_SERVER_METHOD", 4),
    ("SWOOLE_SSLv23_CLIENT_METHOD", 5),
    ("SWOOLE_TLS_METHOD", 0),
    ("SWOOLE_TLS_SERVER_METHOD", 4),
    ("SWOOLE_TLS_CLIENT_METHOD", 5),
    ("SWOOLE_TLSv1_METHOD", 6),
    ("SWOOLE_TLSv1_SERVER_METHOD", 7),
    ("SWOOLE_TLSv1_CLIENT_METHOD", 8),
    ("SWOOLE_TLSv1_1_METHOD", 9),
    ("SWOOLE_TLSv1_1_SERVER_METHOD", 10),
    ("SWOOLE_TLSv1_1_CLIENT_METHOD", 11),
    ("SWOOLE_TLSv1_2_METHOD", 12),
    ("SWOOLE_TLSv1_2_SERVER_METHOD", 13),
    ("SWOOLE_TLSv1_2_CLIENT_METHOD", 14),
    ("SWOOLE_DTLS_CLIENT_METHOD", 15),
    ("SWOOLE_DTLS_SERVER_METHOD", 16),
];

/// The stub's doc text of the groups in [`SWOOLE_RUNTIME`], by their first constant.
const SWOOLE_RUNTIME_DOCS: &[(&str, &str)] = &[
    (
        "SWOOLE_LOG_DEBUG",
        "Log levels of swoole_error_log() and Coroutine::set(['log_level' => ...]).",
    ),
    (
        "FILE_LOCK",
        "System::writeFile() flag: lock the file (LOCK_EX).",
    ),
    ("SWOOLE_CORO_INIT", "Coroutine states."),
    ("SWOOLE_EXIT_IN_COROUTINE", "Where exit() was called."),
    (
        "SWOOLE_TCP",
        "Short names of the socket types, and the client flags.",
    ),
    (
        "SWOOLE_RWLOCK",
        "Swoole\\Lock types (that class is not provided).",
    ),
    ("SWOOLE_SSLv3_METHOD", "Swoole's SSL method numbers."),
];

/// The stub's doc text of the groups in [`SWOOLE`], by their first constant.
const SWOOLE_DOCS: &[(&str, &str)] = &[
    ("SWOOLE_SOCK_TCP", "Socket types of Swoole's clients."),
    (
        "SWOOLE_IOV_MAX",
        "The most entries readVector()/writeVector() take.",
    ),
    (
        "SWOOLE_DEFAULT_MAX_CORO_NUM",
        "max_coroutine's default, and its upper bound.",
    ),
    (
        "SWOOLE_TIMER_MIN_MS",
        "The shortest sleep() and its bounds.",
    ),
    (
        "SWOOLE_SSL_SSLv2",
        "ssl_protocols bits: the TLS versions a socket offers (0: all).",
    ),
];

fn defined(name: &str) -> bool {
    // SAFETY: looking up a constant by name in the engine's table.
    !unsafe { zend::zend_get_constant_str(name.as_ptr().cast(), name.len()) }.is_null()
}

pub fn register(module_number: i32) {
    let sockets = zend::module_loaded("sockets");
    for &(name, value) in SOCKET.iter().chain(ERRNO) {
        if !sockets && !defined(name) {
            decl::platform_constant(name, value, module_number);
        }
    }
    for &(name, value) in SWOOLE {
        if let Some(doc) = SWOOLE_DOCS.iter().find(|d| d.0 == name) {
            decl::constant_doc(doc.1);
        }
        decl::constant(name, value, module_number);
    }
    decl::constant_f64("SWOOLE_TIMER_MIN_SEC", 0.001, module_number);
    decl::constant_f64(
        "SWOOLE_TIMER_MAX_SEC",
        i64::MAX as f64 / 1000.0,
        module_number,
    );
    for &(name, value) in SWOOLE_RUNTIME {
        if let Some(doc) = SWOOLE_RUNTIME_DOCS.iter().find(|d| d.0 == name) {
            decl::constant_doc(doc.1);
        }
        decl::constant(name, value, module_number);
    }
    decl::constant_doc("Client flags: Swoole's coroutine clients are always asynchronous.");
    decl::constant_bool("SWOOLE_SOCK_SYNC", false, module_number);
    decl::constant_bool("SWOOLE_SOCK_ASYNC", true, module_number);
    // Swoole's own, defined whether or not ext-sockets is there.
    for (name, value, doc) in [
        (
            "SOCKET_ECANCELED",
            libc::ECANCELED as i64,
            "ECANCELED: the errCode of an operation ended by Socket::cancel().",
        ),
        (
            "TCP_INFO",
            libc::TCP_INFO as i64,
            "getOption(SOL_TCP, TCP_INFO) returns the kernel's tcp_info as an array.",
        ),
    ] {
        if !defined(name) {
            decl::constant_doc(doc);
            decl::constant(name, value, module_number);
        }
    }
}
