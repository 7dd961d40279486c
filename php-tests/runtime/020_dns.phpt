--TEST--
System::gethostbyname/getaddrinfo/dnsLookup resolve through getaddrinfo off the loop (so /etc/hosts works)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
Co\run(function () {
    $ticks = 0;
    go(function () use (&$ticks) { for ($i = 0; $i < 3; $i++) { Co::sleep(0.001); $ticks++; } });
    var_dump(System::gethostbyname('localhost'));
    var_dump(Co::gethostbyname('127.0.0.1'));
    var_dump(System::gethostbyname('::1', AF_INET6));
    var_dump(in_array('127.0.0.1', System::getaddrinfo('localhost')));
    var_dump(System::dnsLookup('localhost'));
    var_dump(System::gethostbyname('no-such-host.invalid'), swoole_last_error() === SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED);
    var_dump(@System::gethostbyname(''));
});
?>
--EXPECT--
string(9) "127.0.0.1"
string(9) "127.0.0.1"
string(3) "::1"
bool(true)
string(9) "127.0.0.1"
bool(false)
bool(true)
bool(false)
