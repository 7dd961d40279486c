--TEST--
Socket: accept() on a socket that is not listening fails at once with Swoole's codes (22 EINVAL; 95 EOPNOTSUPP for datagram sockets), also after a wait that left it known not readable (it used to wait for its timeout, then 110); a listener still waits
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

// accept() on a socket that is not listening fails at once (EINVAL; EOPNOTSUPP for a
// datagram socket), whatever the socket did before: no event would end the wait.
function try_accept(string $name, Socket $s): void
{
    $t = microtime(true);
    $r = $s->accept(1);
    $took = microtime(true) - $t;
    echo "$name: ", var_export($r, true), " {$s->errCode} {$s->errMsg}, last error ", swoole_last_error(),
        $took < 0.5 ? ', at once' : sprintf(', after %.1f s', $took), "\n";
}

Co\run(function () {
    try_accept('fresh TCP socket', new Socket(AF_INET, SOCK_STREAM, 0));
    $s = new Socket(AF_INET6, SOCK_STREAM, 0);
    $s->bind('::1', 0);
    try_accept('bound, not listening', $s);
    $u = new Socket(AF_INET, SOCK_DGRAM, 0);
    try_accept('fresh UDP socket', $u);
    $u->bind('127.0.0.1', 0);
    $u->recvfrom($peer, 0.05);
    try_accept('UDP socket after a recvfrom() that timed out', $u);
    try_accept('Unix datagram socket', new Socket(AF_UNIX, SOCK_DGRAM, 0));

    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port'], 1);
    try_accept('connected client', $c);
    $c->recv(10, 0.05);
    try_accept('client after a recv() that timed out', $c);
    $a = $l->accept(1);
    try_accept('accepted connection', $a);

    // A listener still waits for a connection, and gets one.
    $t = microtime(true);
    var_dump($l->accept(0.2), $l->errCode, microtime(true) - $t >= 0.15);
    go(function () use ($l) {
        Co::sleep(0.05);
        (new Socket(AF_INET, SOCK_STREAM, 0))->connect('127.0.0.1', $l->getsockname()['port'], 1);
    });
    var_dump($l->accept(1) instanceof Socket);
});
?>
--EXPECT--
fresh TCP socket: false 22 Invalid argument, last error 22, at once
bound, not listening: false 22 Invalid argument, last error 22, at once
fresh UDP socket: false 95 Operation not supported, last error 95, at once
UDP socket after a recvfrom() that timed out: false 95 Operation not supported, last error 95, at once
Unix datagram socket: false 95 Operation not supported, last error 95, at once
connected client: false 22 Invalid argument, last error 22, at once
client after a recv() that timed out: false 22 Invalid argument, last error 22, at once
accepted connection: false 22 Invalid argument, last error 22, at once
bool(false)
int(110)
bool(true)
bool(true)
