--TEST--
SWOOLE_HOOK_SOCKETS: K coroutines each waiting D on socket_read finish together in about D, not K x D
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
// K coroutines each wait D on socket_read (the peer answers after D): together about D, not K * D.
const K = 10, D = 0.5;
Co\run(function () {
    if (!(socket_create(AF_INET, SOCK_STREAM, SOL_TCP) instanceof Co\Socket)) exit("socket_create is not hooked\n");
    $srv = socket_create_listen(0);
    socket_getsockname($srv, $a, $port);
    go(function () use ($srv) {
        for ($i = 0; $i < K; $i++) {
            $c = socket_accept($srv);
            go(function () use ($c) { $line = socket_read($c, 100, PHP_NORMAL_READ); usleep((int) (D * 1e6)); socket_write($c, "re: $line"); socket_close($c); });
        }
    });
    $t0 = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $got = [];
    for ($i = 0; $i < K; $i++) {
        $wg->add();
        go(function () use ($i, $port, $wg, &$got) {
            $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
            socket_connect($s, '127.0.0.1', $port);
            socket_write($s, "client $i\n");
            $got[$i] = socket_read($s, 100);
            socket_close($s);
            $wg->done();
        });
    }
    $wg->wait();
    $el = microtime(true) - $t0;
    ksort($got);
    echo implode('', $got);
    echo $el >= D * 0.9 ? "waited for the peer\n" : "too fast: $el\n";
    echo $el < K * D / 2 ? "concurrent\n" : "serial: $el\n";
});
--EXPECT--
re: client 0
re: client 1
re: client 2
re: client 3
re: client 4
re: client 5
re: client 6
re: client 7
re: client 8
re: client 9
waited for the peer
concurrent
