--TEST--
Socket: a 64 MiB sendAll/recvAll round trip, checksummed (16 MiB under valgrind)
--EXTENSIONS--
cosocket
--INI--
memory_limit=512M
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    // Valgrind moves a few MB/s on a loaded machine: a smaller transfer, more time.
    $slow = getenv('USE_ZEND_ALLOC') === '0';
    $mib = $slow ? 16 : 64;
    $timeout = $slow ? 300 : 30;
    $size = $mib * 1024 * 1024;
    $data = str_repeat(random_bytes(1024 * 1024), $mib);
    $sum = md5($data);
    go(function () use ($a, $data, $size, $timeout) {
        var_dump($a->sendAll($data, $timeout) === $size);
    });
    $got = $b->recvAll($size, $timeout);
    var_dump(strlen($got) === $size, md5($got) === $sum, $b->errCode);
});
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(0)
