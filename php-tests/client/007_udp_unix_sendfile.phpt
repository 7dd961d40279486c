--TEST--
Co\Client: UDP (connect/send/recv, sendto/recvfrom connected or not: the first sendto() makes the socket, connect() after it is 106), TCP sendto() before connect() (port warning), Unix stream and datagram clients, sendfile() (offset, length, missing file, empty name, datagram clients refused)
--EXTENSIONS--
cosocket
--FILE--
<?php
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), " connected=", var_export($c->connected, true), " isConnected=", var_export($c->isConnected(), true), "\n"; }
Co\run(function () {
    echo "-- udp\n";
    $srv = new Co\Socket(AF_INET, SOCK_DGRAM, 0);
    $srv->bind('127.0.0.1', 0);
    $port = $srv->getsockname()['port'];
    $c = new Co\Client(SWOOLE_SOCK_UDP);
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "connected");
    var_dump($c->send("d1"));
    $peer = null;
    var_dump($srv->recvfrom($peer));
    $srv->sendto($peer['address'], $peer['port'], "r1");
    var_dump($c->recv());
    var_dump($c->sendto('127.0.0.1', $port, "d2"), $srv->recvfrom($peer));
    $srv->sendto($peer['address'], $peer['port'], "r2");
    $a = $p = null;
    var_dump($c->recvfrom(100, $a, $p), $a, $p === $port);
    var_dump($c->getsockname()['address'], $c->getpeername()['port'] === $port);
    var_dump($c->sendfile(__FILE__));
    show($c, "sendfile");
    $c->close();
    echo "-- udp, no connect()\n";
    $c = new Co\Client(SWOOLE_SOCK_UDP);
    var_dump($c->sendto('127.0.0.1', $port, "d3"));
    show($c, "sendto");
    var_dump($c->fd > 0, is_object($c->socket), $srv->recvfrom($peer));
    $srv->sendto($peer['address'], $peer['port'], "r3");
    var_dump($c->recvfrom(100, $a, $p), $a);
    var_dump($c->recv(0.1));
    show($c, "recv");
    var_dump($c->sendto('127.0.0.1', $port, ""), $c->recvfrom(0, $a, $p));
    var_dump($c->sendto('localhost', $port, "d4"), $srv->recvfrom($peer));
    var_dump($c->sendto('no-such-host.invalid', $port, "d5"));
    show($c, "sendto a bad name");
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "connect after sendto");
    $c2 = new Co\Client(SWOOLE_SOCK_UDP);
    $c2->set(['timeout' => 0.1]);
    var_dump($c2->recvfrom(10, $a, $p));
    show($c2, "recvfrom times out");
    $c3 = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c3->sendto('127.0.0.1', 1, "x"));
    show($c3, "tcp sendto");
    $srv->close();

    echo "-- unix stream\n";
    $path = sys_get_temp_dir() . '/cosocket-client-' . getmypid() . '.sock';
    @unlink($path);
    $us = new Co\Socket(AF_UNIX, SOCK_STREAM, 0);
    $us->bind($path);
    $us->listen();
    go(function () use ($us) { $conn = $us->accept(); $conn->send("hello " . $conn->recv()); $conn->recv(); });
    $c = new Co\Client(SWOOLE_SOCK_UNIX_STREAM);
    var_dump($c->connect($path));
    var_dump($c->send("u"), $c->recv());
    var_dump($c->getsockname(), $c->getpeername()['address'] === $path);
    $c->close();
    $c = new Co\Client(SWOOLE_SOCK_UNIX_STREAM);
    var_dump($c->connect('/nonexistent/x.sock'));
    show($c, "missing path");
    $us->close();
    unlink($path);

    echo "-- unix dgram\n";
    $ud = new Co\Socket(AF_UNIX, SOCK_DGRAM, 0);
    $ud->bind($path);
    $c = new Co\Client(SWOOLE_SOCK_UNIX_DGRAM);
    var_dump($c->connect($path), $c->send("dg"), $ud->recvfrom($peer));
    var_dump($c->sendto($path, 0, "dg2"), $ud->recvfrom($peer));
    $c->close();
    $ud->close();
    unlink($path);

    echo "-- sendfile\n";
    $ts = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $ts->bind('127.0.0.1', 0);
    $ts->listen();
    $f = tempnam(sys_get_temp_dir(), 'cosocket');
    file_put_contents($f, "0123456789");
    $got = new Co\Channel(1);
    go(function () use ($ts, $got) {
        $conn = $ts->accept();
        $all = '';
        while (($d = $conn->recv()) !== '' && $d !== false) $all .= $d;
        $got->push($all);
    });
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $ts->getsockname()['port']);
    var_dump($c->sendfile($f), $c->sendfile($f, 5), $c->sendfile($f, 2, 3), $c->sendfile($f, 20));
    var_dump($c->sendfile('/nonexistent'));
    show($c, "missing file");
    var_dump($c->sendfile(''));
    $c->close();
    var_dump($got->pop());
    unlink($f);
    $ts->close();
});
?>
--EXPECTF--
-- udp
bool(true)
connected: errCode=0 errMsg='' connected=true isConnected=true
int(2)
string(2) "d1"
string(2) "r1"
bool(true)
string(2) "d2"
string(2) "r2"
string(9) "127.0.0.1"
bool(true)
string(9) "127.0.0.1"
bool(true)
bool(false)
sendfile: errCode=22 errMsg='dgram socket cannot use sendfile' connected=true isConnected=true
-- udp, no connect()
bool(true)
sendto: errCode=0 errMsg='' connected=false isConnected=false
bool(true)
bool(true)
string(2) "d3"
string(2) "r3"
string(9) "127.0.0.1"
bool(false)
recv: errCode=110 errMsg='Connection timed out' connected=false isConnected=false
bool(false)
bool(false)
bool(true)
string(2) "d4"
bool(false)
sendto a bad name: errCode=711 errMsg='DNS Lookup resolve failed' connected=false isConnected=false
bool(false)
connect after sendto: errCode=106 errMsg='Transport endpoint is already connected' connected=false isConnected=false
bool(false)
recvfrom times out: errCode=110 errMsg='Connection timed out' connected=false isConnected=false

Warning: Swoole\Coroutine\Client::sendto(): The port is invalid in %s on line %d
bool(false)
tcp sendto: errCode=0 errMsg='' connected=false isConnected=false
-- unix stream
bool(true)
int(1)
string(7) "hello u"
array(3) {
  ["host"]=>
  string(0) ""
  ["address"]=>
  string(0) ""
  ["port"]=>
  int(0)
}
bool(true)
bool(false)
missing path: errCode=2 errMsg='No such file or directory' connected=false isConnected=false
-- unix dgram
bool(true)
int(2)
string(2) "dg"
bool(true)
string(3) "dg2"
-- sendfile
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
missing file: errCode=2 errMsg='open(/nonexistent) failed, No such file or directory' connected=true isConnected=true

Warning: Swoole\Coroutine\Client::sendfile(): file to send is empty in %s on line %d
bool(false)
string(18) "012345678956789234"
