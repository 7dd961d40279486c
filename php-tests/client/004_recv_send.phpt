--TEST--
Co\Client: recv() timeouts (its argument, read_timeout/timeout set after connect(), Co::set(), connect()'s timeout as the read timeout), at most 65503 bytes a recv(), peek() never waits, send('') warns, a close() from another coroutine wakes recv() (125), the peer's close ('' then EPIPE on the second send)
--EXTENSIONS--
cosocket
--FILE--
<?php
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), " connected=", var_export($c->connected, true), "\n"; }
Co\run(function () {
    $srv = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    $port = $srv->getsockname()['port'];
    $ch = new Co\Channel(10);
    go(function () use ($srv, $ch) { while ($conn = $srv->accept(-1)) $ch->push($conn); });
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->connect('127.0.0.1', $port));
    $peer = $ch->pop();
    var_dump($c->recv(0.1));
    show($c, "recv(0.1)");
    $c->set(['read_timeout' => 0.1]);
    var_dump($c->recv());
    show($c, "read_timeout");
    $c->set(['timeout' => 0.1]);
    var_dump($c->recv());
    show($c, "timeout");
    $peer->send("abc");
    // A success leaves the last error in place.
    var_dump($c->recv(-1));
    show($c, "recv(-1)");
    var_dump($c->peek());
    show($c, "peek, nothing there");
    $peer->send("peekme");
    Co::sleep(0.02);
    var_dump($c->peek(), $c->peek(3), $c->recv());
    var_dump($c->send(""));
    var_dump($c->send("x", 0.5), $peer->recv());
    $peer->sendAll(str_repeat("a", 200000));
    Co::sleep(0.05);
    $n = 0;
    $max = 0;
    while ($n < 200000) {
        $d = $c->recv(1);
        $n += strlen($d);
        $max = max($max, strlen($d));
    }
    var_dump($n, $max <= 65503);
    go(function () use ($c) {
        Co::sleep(0.05);
        $c->close();
    });
    var_dump($c->recv(-1));
    show($c, "recv while another coroutine closes");

    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $port);
    $peer = $ch->pop();
    $peer->send("last");
    $peer->close();
    var_dump($c->recv(), $c->recv(), $c->recv());
    show($c, "after the peer closed");
    var_dump($c->send("x"));
    Co::sleep(0.02);
    var_dump($c->send("x"));
    show($c, "second send");
    var_dump($c->isConnected(), $c->close());

    Co::set(['socket_read_timeout' => 0.1]);
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $port);
    $ch->pop();
    var_dump($c->recv());
    show($c, "Co::set's read timeout");
    Co::set(['socket_read_timeout' => 5]);
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $port, 0.1);
    $ch->pop();
    $t = microtime(true);
    var_dump($c->recv());
    show($c, "connect()'s timeout");
    var_dump(microtime(true) - $t < 2);
    $srv->close();
});
?>
--EXPECTF--
bool(true)
bool(false)
recv(0.1): errCode=110 errMsg='Connection timed out' connected=true
bool(false)
read_timeout: errCode=110 errMsg='Connection timed out' connected=true
bool(false)
timeout: errCode=110 errMsg='Connection timed out' connected=true
string(3) "abc"
recv(-1): errCode=110 errMsg='Connection timed out' connected=true
bool(false)
peek, nothing there: errCode=11 errMsg='Resource temporarily unavailable' connected=true
string(6) "peekme"
string(3) "pee"
string(6) "peekme"

Warning: Swoole\Coroutine\Client::send(): data to send is empty in %s on line %d
bool(false)
int(1)
string(1) "x"
int(200000)
bool(true)
bool(false)
recv while another coroutine closes: errCode=125 errMsg='Operation canceled' connected=false
string(4) "last"
string(0) ""
string(0) ""
after the peer closed: errCode=0 errMsg='' connected=true
int(1)
bool(false)
second send: errCode=32 errMsg='Broken pipe' connected=true
bool(true)
bool(true)
bool(false)
Co::set's read timeout: errCode=110 errMsg='Connection timed out' connected=true
bool(false)
connect()'s timeout: errCode=110 errMsg='Connection timed out' connected=true
bool(true)
