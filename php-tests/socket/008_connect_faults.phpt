--TEST--
Socket: connect to a closed port (ECONNREFUSED), connect timeout on a full backlog, port checks
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->bind('127.0.0.1', 0);
    $port = $s->getsockname()['port'];
    $s->close();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect('127.0.0.1', $port), $c->errCode === SOCKET_ECONNREFUSED, $c->errMsg);

    // A listener with backlog 1 that never accepts: after the queue fills, SYNs are dropped.
    $full = new Socket(AF_INET, SOCK_STREAM, 0);
    $full->bind('127.0.0.1', 0);
    $full->listen(1);
    $fport = $full->getsockname()['port'];
    $held = [];
    $timedOut = false;
    for ($i = 0; $i < 8 && !$timedOut; $i++) {
        $x = new Socket(AF_INET, SOCK_STREAM, 0);
        $t = microtime(true);
        if (!$x->connect('127.0.0.1', $fport, 0.3)) {
            $timedOut = $x->errCode === SOCKET_ETIMEDOUT && microtime(true) - $t >= 0.25;
        }
        $held[] = $x;
    }
    var_dump($timedOut);

    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump(@$c->connect('127.0.0.1'), swoole_last_error());
    var_dump(@$c->connect('127.0.0.1', 70000));
    var_dump($c->connect('no-such-host.invalid', 80), $c->errCode === SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED);
    $c->connect('127.0.0.1');
});
?>
--EXPECTF--
bool(false)
bool(true)
string(18) "Connection refused"
bool(true)
bool(false)
int(510)
bool(false)
bool(false)
bool(true)

Warning: Swoole\Coroutine\Socket::connect(): Socket of type AF_INET/AF_INET6 requires port argument in %s on line %d
