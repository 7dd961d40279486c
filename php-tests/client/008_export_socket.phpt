--TEST--
Co\Client::exportSocket(): null before connect(), then the same Co\Socket each time (=== $client->socket, same fd), sharing the connection both ways; the client's close() closes it, its close() ends the client's connection; a freed client closes its connection; writing $socket or $type
--EXTENSIONS--
cosocket
--FILE--
<?php
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), " connected=", var_export($c->connected, true), " isConnected=", var_export($c->isConnected(), true), "\n"; }
Co\run(function () {
    $ts = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $ts->bind('127.0.0.1', 0);
    $ts->listen();
    $port = $ts->getsockname()['port'];
    go(function () use ($ts) {
        while ($conn = $ts->accept(-1)) {
            go(function () use ($conn) {
                while (($d = $conn->recv()) !== '' && $d !== false) $conn->send("e:$d");
                echo "server: closed\n";
            });
        }
    });
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->exportSocket());
    $c->connect('127.0.0.1', $port);
    $s1 = $c->exportSocket();
    $s2 = $c->exportSocket();
    var_dump($s1 === $s2, $s1 === $c->socket, $s1->fd === $c->fd, get_class($s1));
    $s1->send("via socket");
    var_dump($c->recv());
    $c->send("via client");
    var_dump($s1->recv());
    $c->close();
    var_dump($s1->isClosed(), $c->exportSocket(), $c->socket);
    var_dump($s1->send("x"), $s1->errCode);
    $c->connect('127.0.0.1', $port);
    $s3 = $c->exportSocket();
    var_dump($s3 === $s1);
    $s3->close();
    show($c, "the exported socket closed");
    var_dump($c->send("x"));
    show($c, "send");
    var_dump($c->close(), $c->exportSocket());
    var_dump($c->connect('127.0.0.1', $port));
    show($c, "connected again");

    echo "-- a freed client closes its connection\n";
    $s = $c->exportSocket();
    unset($c);
    var_dump($s->isClosed());
    unset($s);
    Co::sleep(0.05);

    echo "-- properties written by the script\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $port);
    $c->socket = null;
    $c->fd = 123;
    var_dump($c->isConnected(), $c->send("z"), $c->recv(), $c->fd);
    $c->close();
    $c->type = SWOOLE_SOCK_UDP;
    var_dump($c->connect('127.0.0.1', $port), $c->exportSocket()->type === SOCK_DGRAM);
    $c->close();
    $c->__destruct();
    $ts->close();
});
?>
--EXPECTF--
NULL
bool(true)
bool(true)
bool(true)
string(23) "Swoole\Coroutine\Socket"
string(12) "e:via socket"
string(12) "e:via client"
bool(true)
NULL
NULL
bool(false)
int(9)
server: closed
bool(false)
the exported socket closed: errCode=0 errMsg='' connected=false isConnected=false
bool(false)
send: errCode=5001 errMsg='Client no connection' connected=false isConnected=false
bool(false)
NULL
server: closed
bool(true)
connected again: errCode=5001 errMsg='Client no connection' connected=true isConnected=true
-- a freed client closes its connection
bool(true)
server: closed
-- properties written by the script
bool(true)
int(1)
string(3) "e:z"
int(123)
bool(true)
bool(true)
server: closed
