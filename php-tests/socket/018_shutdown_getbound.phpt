--TEST--
Socket: shutdown() of either half, getBoundCid() for readers and writers, SO_SNDBUF-limited writer waits
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen();
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        $conn = $server->accept();
        var_dump($conn->recv());        // the peer's write half is shut: EOF
        $conn->send('reply');
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $port);
    var_dump($c->shutdown(STREAM_SHUT_WR));
    var_dump($c->send('x'), $c->errCode === SOCKET_EPIPE);
    var_dump($c->recv());               // the read half still works
    var_dump($c->shutdown(12345), $c->errCode === SOCKET_EINVAL);

    // A writer blocked on a full buffer shows up as the bound writer.
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    $writer = go(function () use ($a) {
        $n = $a->sendAll(str_repeat('w', 1 << 20), 5);
        var_dump($n === 1 << 20);
    });
    var_dump($a->getBoundCid(SWOOLE_EVENT_WRITE) === $writer, $a->getBoundCid(SWOOLE_EVENT_READ));
    var_dump(strlen($b->recvAll(1 << 20, 5)));
});
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
string(0) ""
string(5) "reply"
bool(false)
bool(true)
bool(true)
int(0)
bool(true)
int(1048576)
