--TEST--
Socket: close() or cancel() from another coroutine wakes the waiter with false; closed sockets give EBADF everywhere
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $reader = go(function () use ($b) {
        var_dump($b->recv(), $b->errCode === SOCKET_ECANCELED, $b->errMsg);
        var_dump($b->recv(), $b->errCode === SOCKET_EBADF);
    });
    var_dump($b->getBoundCid(SWOOLE_EVENT_READ) === $reader, $b->getBoundCid(SWOOLE_EVENT_WRITE));
    var_dump($b->close());
    var_dump($b->isClosed(), $b->fd > 0);

    [$c, $d] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($d) {
        var_dump($d->recv(10, 5), $d->errCode === SOCKET_ECANCELED);
    });
    var_dump($d->cancel(), $d->cancel(), $d->cancel(SWOOLE_EVENT_WRITE));
    $c->send('still works');
    var_dump($d->recv());

    $closed = $c;
    $closed->close();
    $results = [];
    foreach ([
        fn() => $closed->recv(), fn() => $closed->send('x'), fn() => $closed->peek(), fn() => $closed->close(),
        fn() => $closed->bind('127.0.0.1'), fn() => $closed->listen(), fn() => $closed->accept(),
        fn() => $closed->connect('127.0.0.1', 80), fn() => $closed->recvAll(), fn() => $closed->sendAll('x'),
        fn() => $closed->recvLine(), fn() => $closed->recvWithBuffer(), fn() => $closed->recvPacket(),
        fn() => $closed->readVector([1]), fn() => $closed->writeVector(['x']), fn() => $closed->recvfrom($p),
        fn() => $closed->sendto('127.0.0.1', 1, 'x'), fn() => $closed->getOption(SOL_SOCKET, SO_TYPE),
        fn() => $closed->setOption(SOL_SOCKET, SO_REUSEADDR, 1), fn() => $closed->setProtocol(['timeout' => 1]),
        fn() => $closed->shutdown(), fn() => $closed->cancel(), fn() => $closed->getsockname(),
        fn() => $closed->getpeername(), fn() => $closed->checkLiveness(), fn() => $closed->getBoundCid(SWOOLE_EVENT_READ),
        fn() => $closed->sendFile(__FILE__), fn() => $closed->sslHandshake(),
    ] as $f) {
        $closed->errCode = 0;
        $results[] = ($f() === false && $closed->errCode === SOCKET_EBADF) ? 'ok' : 'BAD';
    }
    echo implode(' ', $results), "\n", $closed->errMsg, "\n";
    var_dump($closed->isClosed());
});
?>
--EXPECT--
bool(true)
int(0)
bool(false)
bool(true)
string(18) "Operation canceled"
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
string(11) "still works"
ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok
Bad file descriptor
bool(true)
