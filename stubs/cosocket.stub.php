<?php
/**
 * cosocket: Swoole-compatible coroutine API, for IDEs and static analysers.
 *
 * This file is checked against the loaded extension by php-tests/stub/reflection.phpt
 * (names, parameters, types, defaults): keep it in step with src/php/.
 *
 * Class aliases registered by the extension: Co => Swoole\Coroutine,
 * Co\System => Swoole\Coroutine\System, Co\Channel and chan => Swoole\Coroutine\Channel,
 * Co\WaitGroup => Swoole\Coroutine\WaitGroup, Co\Iterator => Swoole\Coroutine\Iterator,
 * Co\Context => Swoole\Coroutine\Context, Co\Scheduler => Swoole\Coroutine\Scheduler, Co\Socket => Swoole\Coroutine\Socket, Co\Socket\Exception => Swoole\Coroutine\Socket\Exception.
 *
 * @generate-class-entries none
 */

namespace {
    /** Wait for a socket to become readable (Socket::cancel(), getBoundCid()). */
    const SWOOLE_EVENT_READ = 512;
    /** Wait for a socket to become writable. */
    const SWOOLE_EVENT_WRITE = 1024;
    const SWOOLE_CHANNEL_OK = 0;
    const SWOOLE_CHANNEL_TIMEOUT = -1;
    const SWOOLE_CHANNEL_CLOSED = -2;
    const SWOOLE_CHANNEL_CANCELED = -3;
    const SWOOLE_STRERROR_SYSTEM = 0;
    const SWOOLE_STRERROR_GAI = 1;
    const SWOOLE_STRERROR_DNS = 2;
    const SWOOLE_STRERROR_SWOOLE = 9;
    /** Swoole's own error codes (swoole_last_error(), swoole_strerror()), all of them. */
    const SWOOLE_ERROR_MALLOC_FAIL = 501;
    const SWOOLE_ERROR_SYSTEM_CALL_FAIL = 502;
    const SWOOLE_ERROR_PHP_FATAL_ERROR = 503;
    const SWOOLE_ERROR_NAME_TOO_LONG = 504;
    const SWOOLE_ERROR_INVALID_PARAMS = 505;
    const SWOOLE_ERROR_QUEUE_FULL = 506;
    const SWOOLE_ERROR_OPERATION_NOT_SUPPORT = 507;
    const SWOOLE_ERROR_PROTOCOL_ERROR = 508;
    const SWOOLE_ERROR_WRONG_OPERATION = 509;
    const SWOOLE_ERROR_PHP_RUNTIME_NOTICE = 510;
    const SWOOLE_ERROR_FOR_TEST = 511;
    const SWOOLE_ERROR_NO_PAYLOAD = 550;
    const SWOOLE_ERROR_UNDEFINED_BEHAVIOR = 600;
    const SWOOLE_ERROR_NOT_THREAD_SAFETY = 601;
    const SWOOLE_ERROR_FILE_NOT_EXIST = 700;
    const SWOOLE_ERROR_FILE_TOO_LARGE = 701;
    const SWOOLE_ERROR_FILE_EMPTY = 702;
    const SWOOLE_ERROR_DIR_NOT_EXIST = 703;
    const SWOOLE_ERROR_DNSLOOKUP_DUPLICATE_REQUEST = 710;
    const SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED = 711;
    const SWOOLE_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT = 712;
    const SWOOLE_ERROR_DNSLOOKUP_UNSUPPORTED = 713;
    const SWOOLE_ERROR_DNSLOOKUP_NO_SERVER = 714;
    const SWOOLE_ERROR_BAD_IPV6_ADDRESS = 720;
    const SWOOLE_ERROR_UNREGISTERED_SIGNAL = 721;
    const SWOOLE_ERROR_BAD_HOST_ADDR = 722;
    const SWOOLE_ERROR_BAD_PORT = 723;
    const SWOOLE_ERROR_BAD_SOCKET_TYPE = 724;
    const SWOOLE_ERROR_EVENT_REMOVE_FAILED = 800;
    const SWOOLE_ERROR_EVENT_ADD_FAILED = 801;
    const SWOOLE_ERROR_EVENT_UPDATE_FAILED = 802;
    const SWOOLE_ERROR_EVENT_UNKNOWN_DATA = 803;
    const SWOOLE_ERROR_SESSION_CLOSED_BY_SERVER = 1001;
    const SWOOLE_ERROR_SESSION_CLOSED_BY_CLIENT = 1002;
    const SWOOLE_ERROR_SESSION_CLOSING = 1003;
    const SWOOLE_ERROR_SESSION_CLOSED = 1004;
    const SWOOLE_ERROR_SESSION_NOT_EXIST = 1005;
    const SWOOLE_ERROR_SESSION_INVALID_ID = 1006;
    const SWOOLE_ERROR_SESSION_DISCARD_TIMEOUT_DATA = 1007;
    const SWOOLE_ERROR_SESSION_DISCARD_DATA = 1008;
    const SWOOLE_ERROR_OUTPUT_BUFFER_OVERFLOW = 1009;
    const SWOOLE_ERROR_OUTPUT_SEND_YIELD = 1010;
    const SWOOLE_ERROR_SSL_NOT_READY = 1011;
    const SWOOLE_ERROR_SSL_CANNOT_USE_SENFILE = 1012;
    const SWOOLE_ERROR_SSL_EMPTY_PEER_CERTIFICATE = 1013;
    const SWOOLE_ERROR_SSL_VERIFY_FAILED = 1014;
    const SWOOLE_ERROR_SSL_BAD_CLIENT = 1015;
    const SWOOLE_ERROR_SSL_BAD_PROTOCOL = 1016;
    const SWOOLE_ERROR_SSL_RESET = 1017;
    const SWOOLE_ERROR_SSL_HANDSHAKE_FAILED = 1018;
    const SWOOLE_ERROR_SSL_CREATE_CONTEXT_FAILED = 1019;
    const SWOOLE_ERROR_SSL_CREATE_SESSION_FAILED = 1020;
    const SWOOLE_ERROR_PACKAGE_LENGTH_TOO_LARGE = 1201;
    const SWOOLE_ERROR_PACKAGE_LENGTH_NOT_FOUND = 1202;
    const SWOOLE_ERROR_DATA_LENGTH_TOO_LARGE = 1203;
    const SWOOLE_ERROR_PACKAGE_MALFORMED_DATA = 1204;
    const SWOOLE_ERROR_TASK_PACKAGE_TOO_BIG = 2001;
    const SWOOLE_ERROR_TASK_DISPATCH_FAIL = 2002;
    const SWOOLE_ERROR_TASK_TIMEOUT = 2003;
    const SWOOLE_ERROR_HTTP2_STREAM_ID_TOO_BIG = 3001;
    const SWOOLE_ERROR_HTTP2_STREAM_NO_HEADER = 3002;
    const SWOOLE_ERROR_HTTP2_STREAM_NOT_FOUND = 3003;
    const SWOOLE_ERROR_HTTP2_STREAM_IGNORE = 3004;
    const SWOOLE_ERROR_HTTP2_SEND_CONTROL_FRAME_FAILED = 3005;
    const SWOOLE_ERROR_HTTP2_INTERNAL_ERROR = 3006;
    const SWOOLE_ERROR_AIO_BAD_REQUEST = 4001;
    const SWOOLE_ERROR_AIO_CANCELED = 4002;
    const SWOOLE_ERROR_AIO_TIMEOUT = 4003;
    const SWOOLE_ERROR_CLIENT_NO_CONNECTION = 5001;
    const SWOOLE_ERROR_SOCKET_CLOSED = 6001;
    const SWOOLE_ERROR_SOCKET_POLL_TIMEOUT = 6002;
    const SWOOLE_ERROR_SOCKET_NOT_EXISTS = 6003;
    const SWOOLE_ERROR_SOCKS5_UNSUPPORT_VERSION = 7001;
    const SWOOLE_ERROR_SOCKS5_UNSUPPORT_METHOD = 7002;
    const SWOOLE_ERROR_SOCKS5_AUTH_FAILED = 7003;
    const SWOOLE_ERROR_SOCKS5_SERVER_ERROR = 7004;
    const SWOOLE_ERROR_SOCKS5_HANDSHAKE_FAILED = 7005;
    const SWOOLE_ERROR_SOCKS5_CONNECT_FAILED = 7006;
    const SWOOLE_ERROR_HTTP_PROXY_HANDSHAKE_ERROR = 7101;
    const SWOOLE_ERROR_HTTP_INVALID_PROTOCOL = 7102;
    const SWOOLE_ERROR_HTTP_PROXY_HANDSHAKE_FAILED = 7103;
    const SWOOLE_ERROR_HTTP_PROXY_BAD_RESPONSE = 7104;
    const SWOOLE_ERROR_HTTP_CONFLICT_HEADER = 7105;
    const SWOOLE_ERROR_HTTP_CONTEXT_UNAVAILABLE = 7106;
    const SWOOLE_ERROR_HTTP_COOKIE_UNAVAILABLE = 7107;
    const SWOOLE_ERROR_WEBSOCKET_BAD_CLIENT = 8501;
    const SWOOLE_ERROR_WEBSOCKET_BAD_OPCODE = 8502;
    const SWOOLE_ERROR_WEBSOCKET_UNCONNECTED = 8503;
    const SWOOLE_ERROR_WEBSOCKET_HANDSHAKE_FAILED = 8504;
    const SWOOLE_ERROR_WEBSOCKET_PACK_FAILED = 8505;
    const SWOOLE_ERROR_WEBSOCKET_UNPACK_FAILED = 8506;
    const SWOOLE_ERROR_WEBSOCKET_INCOMPLETE_PACKET = 8507;
    const SWOOLE_ERROR_SERVER_MUST_CREATED_BEFORE_CLIENT = 9001;
    const SWOOLE_ERROR_SERVER_TOO_MANY_SOCKET = 9002;
    const SWOOLE_ERROR_SERVER_WORKER_TERMINATED = 9003;
    const SWOOLE_ERROR_SERVER_INVALID_LISTEN_PORT = 9004;
    const SWOOLE_ERROR_SERVER_TOO_MANY_LISTEN_PORT = 9005;
    const SWOOLE_ERROR_SERVER_PIPE_BUFFER_FULL = 9006;
    const SWOOLE_ERROR_SERVER_NO_IDLE_WORKER = 9007;
    const SWOOLE_ERROR_SERVER_ONLY_START_ONE = 9008;
    const SWOOLE_ERROR_SERVER_SEND_IN_MASTER = 9009;
    const SWOOLE_ERROR_SERVER_INVALID_REQUEST = 9010;
    const SWOOLE_ERROR_SERVER_CONNECT_FAIL = 9011;
    const SWOOLE_ERROR_SERVER_INVALID_COMMAND = 9012;
    const SWOOLE_ERROR_SERVER_IS_NOT_REGULAR_FILE = 9013;
    const SWOOLE_ERROR_SERVER_SEND_TO_WOKER_TIMEOUT = 9014;
    const SWOOLE_ERROR_SERVER_INVALID_CALLBACK = 9015;
    const SWOOLE_ERROR_SERVER_UNRELATED_THREAD = 9016;
    const SWOOLE_ERROR_SERVER_WORKER_EXIT_TIMEOUT = 9101;
    const SWOOLE_ERROR_SERVER_WORKER_ABNORMAL_PIPE_DATA = 9102;
    const SWOOLE_ERROR_SERVER_WORKER_UNPROCESSED_DATA = 9103;
    const SWOOLE_ERROR_CO_OUT_OF_COROUTINE = 10001;
    const SWOOLE_ERROR_CO_HAS_BEEN_BOUND = 10002;
    const SWOOLE_ERROR_CO_HAS_BEEN_DISCARDED = 10003;
    const SWOOLE_ERROR_CO_MUTEX_DOUBLE_UNLOCK = 10004;
    const SWOOLE_ERROR_CO_BLOCK_OBJECT_LOCKED = 10005;
    const SWOOLE_ERROR_CO_BLOCK_OBJECT_WAITING = 10006;
    const SWOOLE_ERROR_CO_YIELD_FAILED = 10007;
    const SWOOLE_ERROR_CO_GETCONTEXT_FAILED = 10008;
    const SWOOLE_ERROR_CO_SWAPCONTEXT_FAILED = 10009;
    const SWOOLE_ERROR_CO_MAKECONTEXT_FAILED = 10010;
    const SWOOLE_ERROR_CO_IOCPINIT_FAILED = 10011;
    const SWOOLE_ERROR_CO_PROTECT_STACK_FAILED = 10012;
    const SWOOLE_ERROR_CO_STD_THREAD_LINK_ERROR = 10013;
    const SWOOLE_ERROR_CO_DISABLED_MULTI_THREAD = 10014;
    const SWOOLE_ERROR_CO_CANNOT_CANCEL = 10015;
    const SWOOLE_ERROR_CO_NOT_EXISTS = 10016;
    const SWOOLE_ERROR_CO_CANCELED = 10017;
    const SWOOLE_ERROR_CO_TIMEDOUT = 10018;
    const SWOOLE_ERROR_CO_SOCKET_CLOSE_WAIT = 10019;
    /** Socket types of Swoole's clients. */
    const SWOOLE_SOCK_TCP = 1;
    const SWOOLE_SOCK_UDP = 2;
    const SWOOLE_SOCK_TCP6 = 3;
    const SWOOLE_SOCK_UDP6 = 4;
    const SWOOLE_SOCK_UNIX_STREAM = 5;
    const SWOOLE_SOCK_UNIX_DGRAM = 6;
    const SWOOLE_SOCK_RAW = 7;
    const SWOOLE_SOCK_RAW6 = 8;
    /** ssl_protocols bits: the TLS versions a socket offers (0: all). */
    const SWOOLE_SSL_SSLv2 = 2;
    const SWOOLE_SSL_TLSv1 = 8;
    const SWOOLE_SSL_TLSv1_1 = 16;
    const SWOOLE_SSL_TLSv1_2 = 32;
    const SWOOLE_SSL_TLSv1_3 = 64;
    /** The most entries readVector()/writeVector() take. */
    const SWOOLE_IOV_MAX = 1024;
    /** max_coroutine's default, and its upper bound. */
    const SWOOLE_DEFAULT_MAX_CORO_NUM = 100000;
    const SWOOLE_CORO_MAX_NUM_LIMIT = \PHP_INT_MAX;
    /** The shortest sleep() and its bounds. */
    const SWOOLE_TIMER_MIN_MS = 1;
    const SWOOLE_TIMER_MIN_SEC = 0.001;
    const SWOOLE_TIMER_MAX_MS = \PHP_INT_MAX;
    /** ECANCELED: the errCode of an operation ended by Socket::cancel(). */
    const SOCKET_ECANCELED = 125;
    /** getOption(SOL_TCP, TCP_INFO) returns the kernel's tcp_info as an array. */
    const TCP_INFO = 11;

    /**
     * Starts a coroutine running $func(...$param). It runs at once, until it first waits.
     * @return int|false the new coroutine's id, false when max_coroutine is reached
     */
    function go(callable $func, mixed ...$param): int|false {}

    /** Same as go(). */
    function swoole_coroutine_create(callable $func, mixed ...$param): int|false {}

    /** Runs $callback when the current coroutine ends (last registered, first run). */
    function defer(callable $callback): void {}

    /** Same as defer(). */
    function swoole_coroutine_defer(callable $callback): void {}

    /** Runs the event loop (for coroutines created outside run()) until they all end. */
    function swoole_event_wait(): void {}

    /** The shutdown function that runs the loop at script end. */
    function swoole_event_rshutdown(): void {}

    /** The code of the last Swoole-level error (set by failing coroutine APIs). */
    function swoole_last_error(): int {}

    /** Resets swoole_last_error() to 0. */
    function swoole_clear_error(): void {}

    /**
     * Two connected coroutine sockets (socketpair(2)).
     * @return array{0: \Swoole\Coroutine\Socket, 1: \Swoole\Coroutine\Socket}|false
     */
    function swoole_coroutine_socketpair(int $domain, int $type, int $protocol): array|false {}

    /** The message of an errno (SWOOLE_STRERROR_SYSTEM), a getaddrinfo code, or a Swoole code. */
    function swoole_strerror(int $errno, int $error_type = \SWOOLE_STRERROR_SYSTEM): string {}
}

namespace Swoole {
    class Exception extends \Exception {}

    class Error extends \Error {}

    class Coroutine
    {
        /** @return int|false the new coroutine's id */
        public static function create(callable $func, mixed ...$param): int|false {}
        public static function defer(callable $callback): void {}
        /**
         * Process-wide options: socket_connect_timeout, socket_read_timeout,
         * socket_write_timeout, socket_timeout, socket_dns_timeout (seconds),
         * c_stack_size / stack_size (bytes, 64 KiB..16 MiB), max_coroutine,
         * enable_deadlock_check. Other Swoole keys are accepted and ignored.
         */
        public static function set(array $options): void {}
        /** Everything passed to set() so far, or null. */
        public static function getOptions(): ?array {}
        public static function exists(int $cid): bool {}
        /** Parks the current coroutine until resume($cid); false if cancelled. */
        public static function yield(): bool {}
        /**
         * Cancels $cid's wait (it returns false). With $throw_exception, a
         * Swoole\Coroutine\CanceledException is thrown in $cid where it waits.
         */
        public static function cancel(int $cid, bool $throw_exception = false): bool {}
        /**
         * Waits for all of $cid_array to end (entries taken as (int) takes them); false on
         * timeout (SWOOLE_ERROR_CO_TIMEDOUT), or at once for a cid named twice
         * (SWOOLE_ERROR_WRONG_OPERATION). Timeouts: <= 0 or INF wait forever; NAN fails (505).
         */
        public static function join(array $cid_array, float $timeout = -1): bool {}
        public static function isCanceled(): bool {}
        public static function suspend(): bool {}
        public static function resume(int $cid): bool {}
        public static function stats(): array {}
        /** The current coroutine's id, -1 outside coroutines. */
        public static function getCid(): int {}
        public static function getuid(): int {}
        /** The parent's id (-1 for a top-level coroutine), false outside or if $cid does not exist. */
        public static function getPcid(int $cid = 0): false|int {}
        /** $cid -1: the main context's frames (where run() was called). */
        public static function getBackTrace(int $cid = 0, int $options = \DEBUG_BACKTRACE_PROVIDE_OBJECT, int $limit = 0): array|false {}
        public static function printBackTrace(int $cid = 0, int $options = 0, int $limit = 0): void {}
        /** Milliseconds since the coroutine started, -1 if it does not exist. */
        public static function getElapsed(int $cid = 0): int {}
        /** Per-coroutine storage, released when the coroutine ends; null outside a coroutine or if $cid does not exist. */
        public static function getContext(int $cid = 0): ?\Swoole\Coroutine\Context {}
        public static function list(): \Swoole\Coroutine\Iterator {}
        public static function listCoroutines(): \Swoole\Coroutine\Iterator {}
        public static function sleep(float $seconds): bool {}
        public static function gethostbyname(string $domain_name, int $type = \AF_INET, float $timeout = -1): string|false {}
        public static function dnsLookup(string $domain_name, float $timeout = 60, int $type = \AF_INET): string|false {}
        public static function getaddrinfo(string $domain, int $family = \AF_INET, int $socktype = \SOCK_STREAM, int $protocol = \STREAM_IPPROTO_TCP, ?string $service = null, float $timeout = -1): array|bool {}
    }

    class Event
    {
        /** Runs the loop until every coroutine created outside run() has ended. */
        public static function wait(): void {}
        public static function rshutdown(): void {}
    }
}

namespace Swoole\Coroutine {
    /** Runs $fn in a coroutine and the event loop until every coroutine has ended. */
    function run(callable $fn, mixed ...$args): bool {}

    /** Same as go(). */
    function go(callable $func, mixed ...$param): int|false {}

    /** Coroutines queued with add()/parallel(), all started by start(), which runs the loop. */
    class Scheduler
    {
        public function add(callable $func, mixed ...$param): void {}
        /** Queues $n coroutines of the same function. */
        public function parallel(int $n, callable $func, mixed ...$param): void {}
        /** Same keys as Coroutine::set(). */
        public function set(array $settings): void {}
        public function getOptions(): ?array {}
        /** Creates every queued coroutine and runs the loop until they have all ended. */
        public function start(): bool {}
    }

    class System
    {
        /** Sleeps the current coroutine; false if it was cancelled. At least 0.001 s (NAN is refused); INF: until cancelled. */
        public static function sleep(float $seconds): bool {}
        /** Resolves through getaddrinfo(3) on a worker thread: /etc/hosts is honoured. */
        public static function gethostbyname(string $domain_name, int $type = \AF_INET, float $timeout = -1): string|false {}
        public static function dnsLookup(string $domain_name, float $timeout = 60, int $type = \AF_INET): string|false {}
        public static function getaddrinfo(string $domain, int $family = \AF_INET, int $socktype = \SOCK_STREAM, int $protocol = \STREAM_IPPROTO_TCP, ?string $service = null, float $timeout = -1): array|bool {}
    }

    /** Thrown in a coroutine by Coroutine::cancel($cid, true), where it waits. */
    final class CanceledException extends \Exception {}

    class Iterator extends \ArrayIterator {}

    /** What Coroutine::getContext() returns: an ArrayObject that lives as long as its coroutine. */
    class Context extends \ArrayObject {}

    class Channel
    {
        public int $capacity = 0;
        /** SWOOLE_CHANNEL_OK, _TIMEOUT, _CLOSED or _CANCELED after a failed push/pop. */
        public int $errCode = 0;

        /** A size below 1 is taken as 1. */
        public function __construct(int $size = 1) {}
        /** Waits while full; $timeout <= 0 (or INF) waits forever; NAN fails at once. */
        public function push(mixed $data, float $timeout = -1): bool {}
        /** Waits while empty; false on timeout or when closed and drained. */
        public function pop(float $timeout = -1): mixed {}
        public function isEmpty(): bool {}
        public function isFull(): bool {}
        public function close(): bool {}
        /** ['consumer_num' => ..., 'producer_num' => ..., 'queue_num' => ...] */
        public function stats(): array {}
        public function length(): int {}
    }

    class WaitGroup
    {
        public function __construct(int $delta = 0) {}
        /** A counter that would go below 0 or past PHP_INT_MAX: InvalidArgumentException. */
        public function add(int $delta = 1): void {}
        public function done(): void {}
        public function wait(float $timeout = -1): bool {}
        public function count(): int {}
    }
}

namespace Swoole\Coroutine\Socket {
    /** Thrown by the constructor when socket(2) fails (code: the errno), and for bad io vectors. */
    class Exception extends \Swoole\Exception {}
}

namespace Swoole\Coroutine {
    /**
     * A socket whose waiting operations suspend the calling coroutine instead of blocking.
     *
     * Timeouts are in seconds: 0 uses the socket's default (connect 10 s, read/write 60 s,
     * or what Coroutine::set(), setOption(SO_RCVTIMEO/SO_SNDTIMEO) or setProtocol() set);
     * a negative timeout waits forever. A timeout fails with errCode SOCKET_ETIMEDOUT.
     * Every failure sets errCode/errMsg; I/O methods reset them on success.
     * Only one coroutine may wait to read, and one to write, at a time (a second one is
     * a fatal error, as in Swoole).
     */
    class Socket
    {
        /** The file descriptor (read-only; it keeps its value after close(), as in Swoole). */
        public $fd = -1;
        /** AF_INET, AF_INET6 or AF_UNIX (read-only). */
        public $domain = 0;
        /** SOCK_STREAM, SOCK_DGRAM... (read-only). */
        public $type = 0;
        /** (read-only) */
        public $protocol = 0;
        public $errCode = 0;
        public $errMsg = '';

        /** @throws \Swoole\Coroutine\Socket\Exception when socket(2) fails */
        public function __construct(int $domain, int $type, int $protocol = \IPPROTO_IP) {}
        /** An IP literal of the socket's family, or a path for AF_UNIX. Sets SO_REUSEADDR. */
        public function bind(string $address, int $port = 0): bool {}
        public function listen(int $backlog = 512): bool {}
        public function accept(float $timeout = 0): Socket|false {}
        /** $host may be a name: it is resolved off the event loop. */
        public function connect(string $host, int $port = 0, float $timeout = 0): bool {}
        /** Whether the peer is still there, without waiting. */
        public function checkLiveness(): bool {}
        /** The coroutine waiting on SWOOLE_EVENT_READ or SWOOLE_EVENT_WRITE, 0 if none. */
        public function getBoundCid(int $event): int {}
        /** What is readable now, without consuming it or waiting (false + EAGAIN if nothing). */
        public function peek(int $length = 65536): string|false {}
        /** One read: '' when the peer has closed. */
        public function recv(int $length = 65536, float $timeout = 0): string|false {}
        /** One write; may write less than asked. */
        public function send(string $data, float $timeout = 0): int|false {}
        /** readVector([5, 5]) reads "helloworld" as ['hello', 'world']. */
        public function readVector(array $io_vector, float $timeout = 0): array|false {}
        public function readVectorAll(array $io_vector, float $timeout = 0): array|false {}
        public function writeVector(array $io_vector, float $timeout = 0): int|false {}
        public function writeVectorAll(array $io_vector, float $timeout = 0): int|false {}
        /** $length 0: to the end of the file. */
        public function sendFile(string $file, int $offset = 0, int $length = 0): bool {}
        /** Reads until $length bytes, the peer closing, or an error (what arrived is returned). */
        public function recvAll(int $length = 65536, float $timeout = 0): string|false {}
        public function sendAll(string $data, float $timeout = 0): int|false {}
        public function recvPacket(float $timeout = 0): string|false {}
        /** Up to and including the next "\n" (or "\r"); surplus stays buffered. */
        public function recvLine(int $length = 65536, float $timeout = 0): string|false {}
        /** Reads through an internal buffer, for many small reads. */
        public function recvWithBuffer(int $length = 65536, float $timeout = 0): string|false {}
        /** @param array{address: string, port: int} $peername filled with the sender */
        public function recvfrom(mixed &$peername, float $timeout = 0): string|false {}
        public function sendto(string $addr, int $port, string $data): int|false {}
        public function getOption(int $level, int $opt_name): mixed {}
        public function setOption(int $level, int $opt_name, mixed $opt_value): bool {}
        public function setProtocol(array $settings): bool {}
        public function sslHandshake(): bool {}
        public function shutdown(int $how = 2): bool {}
        public function close(): bool {}
        /** Wakes the coroutine waiting on $event with false and errCode SOCKET_ECANCELED. */
        public function cancel(int $event = \SWOOLE_EVENT_READ): bool {}
        /** @return array{address: string, port: int}|false */
        public function getsockname(): array|false {}
        /** @return array{address: string, port: int}|false */
        public function getpeername(): array|false {}
        public function isClosed(): bool {}
        /** A coroutine socket on (a duplicate of) the fd of a PHP stream or ext-sockets Socket. */
        public static function import($stream): Socket|false {}
    }
}

namespace Co {
    /** Alias of Swoole\Coroutine\run(). */
    function run(callable $fn, mixed ...$args): bool {}

    /** Same as go(). */
    function go(callable $func, mixed ...$param): int|false {}
}
