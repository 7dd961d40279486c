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
    const SWOOLE_ERROR_CO_OUT_OF_COROUTINE = 10001;
    const SWOOLE_ERROR_CO_HAS_BEEN_BOUND = 10002;
    const SWOOLE_ERROR_CO_CANNOT_CANCEL = 10015;
    const SWOOLE_ERROR_CO_NOT_EXISTS = 10016;
    const SWOOLE_ERROR_CO_CANCELED = 10017;
    const SWOOLE_ERROR_CO_TIMEDOUT = 10018;
    const SWOOLE_ERROR_CO_SOCKET_CLOSE_WAIT = 10019;
    const SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED = 711;
    const SWOOLE_ERROR_DNSLOOKUP_RESOLVE_TIMEOUT = 712;
    /** ECANCELED: the errCode of an operation ended by Socket::cancel(). */
    const SOCKET_ECANCELED = 125;
    /** getOption(IPPROTO_TCP, TCP_INFO) returns the kernel's tcp_info as an array. */
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
        public static function cancel(int $cid, bool $throw_exception = false): bool {}
        /** Waits for all of $cid_array to end; false on timeout (SWOOLE_ERROR_CO_TIMEDOUT). */
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
        public static function getBackTrace(int $cid = 0, int $options = \DEBUG_BACKTRACE_PROVIDE_OBJECT, int $limit = 0): array|false {}
        public static function printBackTrace(int $cid = 0, int $options = 0, int $limit = 0): void {}
        /** Milliseconds since the coroutine started, -1 if it does not exist. */
        public static function getElapsed(int $cid = 0): int {}
        /** Per-coroutine storage, released when the coroutine ends; null if $cid does not exist. */
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
        /** Sleeps the current coroutine; false if it was cancelled. At least 0.001 s. */
        public static function sleep(float $seconds): bool {}
        /** Resolves through getaddrinfo(3) on a worker thread: /etc/hosts is honoured. */
        public static function gethostbyname(string $domain_name, int $type = \AF_INET, float $timeout = -1): string|false {}
        public static function dnsLookup(string $domain_name, float $timeout = 60, int $type = \AF_INET): string|false {}
        public static function getaddrinfo(string $domain, int $family = \AF_INET, int $socktype = \SOCK_STREAM, int $protocol = \STREAM_IPPROTO_TCP, ?string $service = null, float $timeout = -1): array|bool {}
    }

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
        /** Waits while full; $timeout <= 0 waits forever. */
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
