--TEST--
Socket: a 64 MiB sendAll/recvAll round trip, checksummed
--EXTENSIONS--
cosocket
--INI--
memory_limit=512M
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $size = 64 * 1024 * 1024;
    $data = random_bytes(1024 * 1024);
    $data = str_repeat($data, 64);
    $sum = md5($data);
    go(function () use ($a, $data) {
        var_dump($a->sendAll($data, 30));
    });
    $got = $b->recvAll($size, 30);
    var_dump(strlen($got), md5($got) === $sum, $b->errCode);
});
?>
--EXPECT--
int(67108864)
int(67108864)
bool(true)
int(0)
