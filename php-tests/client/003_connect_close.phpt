--TEST--
Co\Client: methods before connect() (5001), connect, a second connect (106), close and reconnect, refused, bad ports and hosts (warnings), a failed lookup (711), an IPv6 client given an IPv4 literal; errCode is written on failure only
--EXTENSIONS--
cosocket
--FILE--
<?php
function show($c, $what) {
    echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true),
        " connected=", var_export($c->connected, true), " isConnected=", var_export($c->isConnected(), true),
        " fd>0=", var_export($c->fd > 0, true), " socket=", is_object($c->socket) ? get_class($c->socket) : var_export($c->socket, true), "\n";
}
// A port nobody listens on, picked before the coroutines start.
$s = stream_socket_server('tcp://127.0.0.1:0');
$refused = (int) explode(':', stream_socket_get_name($s, false))[1];
fclose($s);

Co\run(function () use ($refused) {
    $srv = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    $port = $srv->getsockname()['port'];
    go(function () use ($srv) {
        while ($conn = $srv->accept(-1)) {
            go(function () use ($conn) {
                while (($d = $conn->recv()) !== '' && $d !== false) $conn->send("echo:$d");
                $conn->close();
            });
        }
    });
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    show($c, "fresh");
    var_dump($c->send("x"), $c->recv(), $c->close(), $c->peek(), $c->getsockname(), $c->getpeername(), $c->exportSocket());
    show($c, "before connect");
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "connected");
    $fd = $c->fd;
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "second connect");
    var_dump($c->send("hi"), $c->recv());
    show($c, "after i/o");
    $name = $c->getsockname();
    $peer = $c->getpeername();
    var_dump(array_keys($name), $name['host'], $name['address'] === '127.0.0.1', $peer['port'] === $port);
    var_dump($c->close());
    show($c, "closed");
    var_dump($c->fd === $fd, $c->close());
    show($c, "closed twice");
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "reconnected");
    var_dump($c->send("again"), $c->recv());
    $c->close();

    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->connect('127.0.0.1', $refused));
    show($c, "refused");
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "connected after refused");
    $c->close();

    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->connect('127.0.0.1'));
    var_dump($c->connect('127.0.0.1', 70000));
    var_dump($c->connect('127.0.0.1', -1));
    var_dump($c->connect('', 80));
    show($c, "bad arguments");
    var_dump($c->connect('no-such-host.invalid', 80));
    show($c, "lookup failed");
    var_dump(swoole_last_error());
    var_dump($c->connect('localhost', $port));
    show($c, "localhost");
    $c->close();

    $c = new Co\Client(SWOOLE_SOCK_TCP6);
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "tcp6 to an IPv4 literal");
    $srv->close();
});
?>
--EXPECTF--
fresh: errCode=0 errMsg='' connected=false isConnected=false fd>0=false socket=NULL
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
NULL
before connect: errCode=5001 errMsg='Client no connection' connected=false isConnected=false fd>0=false socket=NULL
bool(true)
connected: errCode=5001 errMsg='Client no connection' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket
bool(false)
second connect: errCode=106 errMsg='Transport endpoint is already connected' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket
int(2)
string(7) "echo:hi"
after i/o: errCode=106 errMsg='Transport endpoint is already connected' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket
array(3) {
  [0]=>
  string(4) "host"
  [1]=>
  string(7) "address"
  [2]=>
  string(4) "port"
}
string(9) "127.0.0.1"
bool(true)
bool(true)
bool(true)
closed: errCode=106 errMsg='Transport endpoint is already connected' connected=false isConnected=false fd>0=true socket=NULL
bool(true)
bool(false)
closed twice: errCode=5001 errMsg='Client no connection' connected=false isConnected=false fd>0=true socket=NULL
bool(true)
reconnected: errCode=5001 errMsg='Client no connection' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket
int(5)
string(10) "echo:again"
bool(false)
refused: errCode=111 errMsg='Connection refused' connected=false isConnected=false fd>0=true socket=NULL
bool(true)
connected after refused: errCode=111 errMsg='Connection refused' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket

Warning: Swoole\Coroutine\Client::connect(): The port is invalid in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Client::connect(): The port is invalid in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Client::connect(): The port is invalid in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Client::connect(): The host is empty in %s on line %d
bool(false)
bad arguments: errCode=0 errMsg='' connected=false isConnected=false fd>0=false socket=NULL
bool(false)
lookup failed: errCode=711 errMsg='DNS Lookup resolve failed' connected=false isConnected=false fd>0=true socket=NULL
int(711)
bool(true)
localhost: errCode=711 errMsg='DNS Lookup resolve failed' connected=true isConnected=true fd>0=true socket=Swoole\Coroutine\Socket
bool(false)
tcp6 to an IPv4 literal: errCode=711 errMsg='DNS Lookup resolve failed' connected=false isConnected=false fd>0=true socket=NULL
