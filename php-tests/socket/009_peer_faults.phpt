--TEST--
Socket: peer reset during sendAll, peer close during recvAll, no SIGPIPE, checkLiveness
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    // recvAll: the peer closes half-way: what arrived comes back, errCode 0.
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($a) { $a->send('partial'); Co::sleep(0.01); $a->close(); });
    var_dump($b->recvAll(100, 1), $b->errCode);
    var_dump($b->recvAll(100, 1), $b->recv());
    var_dump($b->checkLiveness(), $b->errCode === SOCKET_ECONNRESET);

    // sendAll into a peer that goes away: false/partial with EPIPE or ECONNRESET, no SIGPIPE.
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen();
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        $conn = $server->accept();
        $conn->recv(1000);
        $conn->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
        $conn->close();   // RST
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $port);
    var_dump($c->checkLiveness());
    $ret = $c->sendAll(str_repeat('z', 32 * 1024 * 1024), 5);
    var_dump($ret === false || $ret < 32 * 1024 * 1024, in_array($c->errCode, [SOCKET_EPIPE, SOCKET_ECONNRESET]));
    var_dump($c->send('more'), in_array($c->errCode, [SOCKET_EPIPE, SOCKET_ECONNRESET]));
    echo "still alive\n";
});
?>
--EXPECT--
string(7) "partial"
int(0)
string(0) ""
string(0) ""
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
still alive
