--TEST--
Socket timeouts changed between calls take effect on the next call (SO_RCVTIMEO, SO_SNDTIMEO, setProtocol, an accepted socket's from its listener, Coroutine::set for new sockets, NAN)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
// [result, $want] when the call took $want seconds (less than 50 ms more; under
// valgrind, whose start-up and load stretch every wait, 400 ms more), else the time.
function timed(callable $f, float $want) {
    $t = microtime(true);
    $r = $f();
    $took = microtime(true) - $t;
    $slack = getenv('USE_ZEND_ALLOC') === '0' ? 0.4 : 0.05;
    return json_encode([$r, $took >= $want - 0.005 && $took < $want + $slack ? $want : round($took, 3)]);
}
Co\run(function () {
    $s = new Socket(AF_INET, SOCK_DGRAM, 0);
    $s->bind('127.0.0.1', 0);
    $port = $s->getsockname()['port'];
    $tx = new Socket(AF_INET, SOCK_DGRAM, 0);
    $later = function (float $after, string $msg) use ($tx, $port) {
        go(function () use ($after, $msg, $tx, $port) { Co::sleep($after); $tx->sendto('127.0.0.1', $port, $msg); });
    };
    echo "-- SO_RCVTIMEO shorter, then longer, between recvfrom() calls\n";
    $s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
    $later(0.6, 'one');
    echo timed(fn() => $s->recvfrom($peer), 0.1), ' ', $s->errCode, "\n";
    $s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 2, 'usec' => 0]);
    echo json_encode($s->recvfrom($peer)), "\n";
    $s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
    echo timed(fn() => $s->recvfrom($peer), 0.1), ' ', $s->errCode, "\n";
    // Swoole ignores setProtocol()'s timeout keys (README: differences).
    echo "-- setProtocol(read_timeout) the same way\n";
    $s->setProtocol(['read_timeout' => 0.2]);
    $later(0.6, 'two');
    echo timed(fn() => $s->recvfrom($peer), 0.2), ' ', $s->errCode, "\n";
    $s->setProtocol(['timeout' => 2]);
    echo json_encode($s->recvfrom($peer)), "\n";
    echo "-- a call's own timeout wins over the socket's; 0 takes the socket's\n";
    $s->setProtocol(['read_timeout' => 0.1]);
    echo timed(fn() => $s->recvfrom($peer, 0.2), 0.2), ' ', timed(fn() => $s->recvfrom($peer, 0), 0.1), "\n";
    echo "-- SO_SNDTIMEO, shorter then longer, for sendto() to a full Unix datagram queue\n";
    $path = sys_get_temp_dir() . '/co82-' . getmypid() . '.sock';
    $u = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $u->bind($path);
    $w = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $w->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 100000]);
    for ($n = 0; $n < 10000 && $w->sendto($path, 0, 'x') === 1; $n++);
    echo $n < 10000 ? 'queue full' : 'never full', ' ', $w->errCode, "\n";
    echo timed(fn() => $w->sendto($path, 0, 'x'), 0.1), ' ', $w->errCode, "\n";
    $w->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 2, 'usec' => 0]);
    go(function () use ($u) { Co::sleep(0.3); $u->recvfrom($peer); });
    $t = microtime(true);
    echo json_encode($w->sendto($path, 0, 'x')), ' ', microtime(true) - $t > 0.25 ? 'after the read' : 'too soon', "\n";
    unlink($path);
    echo "-- an accepted socket starts with its listener's timeouts\n";
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $accept = function () use ($l) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $l->getsockname()['port']);
        return [$c, $l->accept()];
    };
    $l->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
    [$c1, $k1] = $accept();
    $l->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]);
    [$c2, $k2] = $accept();
    echo timed(fn() => $k1->recv(), 0.1), ' ', timed(fn() => $k2->recv(), 0.2), "\n";
    echo "-- Coroutine::set() reaches the sockets made after it\n";
    Co::set(['socket_read_timeout' => 0.1]);
    $n1 = new Socket(AF_INET, SOCK_DGRAM, 0);
    $n1->bind('127.0.0.1', 0);
    echo timed(fn() => $n1->recvfrom($peer), 0.1), ' ', timed(fn() => $s->recvfrom($peer, 0), 0.1), "\n";
    // NAN is invalid: each call fails at once (Swoole waits forever).
    Co::set(['socket_read_timeout' => NAN]);
    $n2 = new Socket(AF_INET, SOCK_DGRAM, 0);
    $n2->bind('127.0.0.1', 0);
    echo timed(fn() => $n2->recvfrom($peer), 0.0), ' ', $n2->errCode, ' ', timed(fn() => $n2->recvfrom($peer, 0.1), 0.1), "\n";
    Co::set(['socket_read_timeout' => 60]);
});
?>
--EXPECT--
-- SO_RCVTIMEO shorter, then longer, between recvfrom() calls
[false,0.1] 110
"one"
[false,0.1] 110
-- setProtocol(read_timeout) the same way
[false,0.2] 110
"two"
-- a call's own timeout wins over the socket's; 0 takes the socket's
[false,0.2] [false,0.1]
-- SO_SNDTIMEO, shorter then longer, for sendto() to a full Unix datagram queue
queue full 110
[false,0.1] 110
1 after the read
-- an accepted socket starts with its listener's timeouts
[false,0.1] [false,0.2]
-- Coroutine::set() reaches the sockets made after it
[false,0.1] [false,0.1]
[false,0] 22 [false,0.1]
