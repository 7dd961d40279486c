--TEST--
Socket: 10,000 socket pairs and 2,000 connections opened, used and closed leave memory and the fd table where they were
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function fds(): int { return count(scandir('/proc/self/fd')); }
Co\run(function () {
    // Warm up: the first receive allocates the one 64 KiB buffer that is kept for reuse.
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send('warm');
    $b->recv();
    unset($a, $b);
    $mem = memory_get_usage();
    $fds = fds();
    for ($i = 0; $i < 10000; $i++) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        $a->send("ping $i");
        $b->recv();
        if ($i % 2) { $a->close(); }     // closed explicitly or by the destructor
    }
    unset($a, $b);
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(512);
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        for ($i = 0; $i < 2000; $i++) {
            $c = $server->accept();
            $c->send($c->recv());
        }
    });
    for ($i = 0; $i < 2000; $i++) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $port);
        $c->send('x');
        $c->recv();
    }
    unset($c);
    $server->close();
    unset($server);
    var_dump(fds() - $fds);
    $grown = memory_get_usage() - $mem;
    var_dump($grown < 64 * 1024);
    if ($grown >= 64 * 1024) echo "grew by $grown\n";
});
?>
--EXPECT--
int(0)
bool(true)
