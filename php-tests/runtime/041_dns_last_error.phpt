--TEST--
Lookups leave Swoole's last error: 503 with its warnings for an empty name or a bad family, getaddrinfo's own EAI_* code when getaddrinfo() fails, 711 for gethostbyname()/dnsLookup()
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
Co\run(function () {
    swoole_clear_error();
    var_dump(System::gethostbyname(''), swoole_last_error() === SWOOLE_ERROR_PHP_FATAL_ERROR);
    swoole_clear_error();
    var_dump(System::gethostbyname('localhost', 999), swoole_last_error());
    swoole_clear_error();
    var_dump(System::getaddrinfo(''), swoole_last_error());
    swoole_clear_error();
    var_dump(System::getaddrinfo('localhost', 999), swoole_last_error());
    swoole_clear_error();
    var_dump(System::dnsLookup(''), swoole_last_error());

    var_dump(System::getaddrinfo('no-such-host.invalid', AF_INET, SOCK_STREAM, 0, null, 5));
    $e = swoole_last_error();
    // EAI_NONAME (-2) where a resolver answers; EAI_AGAIN (-3) or another EAI_* without one.
    var_dump($e < 0, swoole_strerror($e, SWOOLE_STRERROR_GAI) !== "Unknown error $e");
    var_dump(System::gethostbyname('no-such-host.invalid', AF_INET, 5), swoole_last_error() === SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED);
    var_dump(System::dnsLookup('no-such-host.invalid', 5), swoole_last_error() === SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED);
});
?>
--EXPECTF--
Warning: Swoole\Coroutine\System::gethostbyname(): domain name is empty in %s on line %d
bool(false)
bool(true)

Warning: Swoole\Coroutine\System::gethostbyname(): unknown protocol family, must be AF_INET or AF_INET6 in %s on line %d
bool(false)
int(503)

Warning: Swoole\Coroutine\System::getaddrinfo(): hostname is empty in %s on line %d
bool(false)
int(503)

Warning: Swoole\Coroutine\System::getaddrinfo(): unknown protocol family, must be AF_INET or AF_INET6 in %s on line %d
bool(false)
int(503)

Warning: Swoole\Coroutine\System::dnsLookup(): domain name empty in %s on line %d
bool(false)
int(503)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
