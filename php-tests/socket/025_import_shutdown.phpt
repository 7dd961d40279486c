--TEST--
Socket::import() uses the stream's own fd (close() closes the stream: the peer sees EOF; fclose() closes the socket; unset() leaves the stream), shutdown() state as Swoole (ENOTCONN)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function er($s) { echo "  errCode={$s->errCode}\n"; }
Co\run(function () {
    if (class_exists("Swoole\\Runtime", false) && method_exists("Swoole\\Runtime", "setHookFlags")) { Swoole\Runtime::setHookFlags(0); }
    echo "-- import uses the stream's own fd; close() closes the stream\n";
    $server = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int)substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $peer = new Socket(AF_INET, SOCK_STREAM, 0);
    $peer->connect('127.0.0.1', $port);
    $conn = stream_socket_accept($server);
    $imp = Socket::import($conn);
    var_dump($imp->send('hi'), $peer->recv());
    var_dump($imp->close(), $peer->recv(10, 1), get_resource_type($conn));
    try { fwrite($conn, 'x'); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
    var_dump($imp->close(), $imp->errCode);
    echo "-- fclose() of the stream closes the imported socket\n";
    $peer2 = new Socket(AF_INET, SOCK_STREAM, 0);
    $peer2->connect('127.0.0.1', $port);
    $conn2 = stream_socket_accept($server);
    $imp2 = Socket::import($conn2);
    fclose($conn2);
    var_dump($peer2->recv(10, 1), $imp2->send('x'), $imp2->errCode);
    echo "-- unset() of the imported socket leaves the stream working\n";
    $peer3 = new Socket(AF_INET, SOCK_STREAM, 0);
    $peer3->connect('127.0.0.1', $port);
    $conn3 = stream_socket_accept($server);
    $imp3 = Socket::import($conn3);
    unset($imp3);
    var_dump(fwrite($conn3, 'still'), $peer3->recv(10, 1));
    fclose($conn3);

    echo "-- shutdown() state\n";
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    $k = $l->accept();
    var_dump($c->shutdown(1)); var_dump($c->shutdown(1)); er($c);
    var_dump($c->shutdown(0)); var_dump($c->shutdown(0)); er($c);
    var_dump($c->shutdown(2)); er($c);
    var_dump($k->shutdown()); var_dump($k->shutdown(1)); er($k);
    var_dump($l->shutdown()); er($l);
    $n = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($n->shutdown()); er($n);
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump($a->shutdown()); er($a);
    $n->errCode = 0;
    var_dump($n->send('x')); er($n);
});
?>
--EXPECT--
-- import uses the stream's own fd; close() closes the stream
int(2)
string(2) "hi"
bool(true)
string(0) ""
string(7) "Unknown"
fwrite(): supplied resource is not a valid stream resource
bool(false)
int(9)
-- fclose() of the stream closes the imported socket
string(0) ""
bool(false)
int(9)
-- unset() of the imported socket leaves the stream working
int(5)
string(5) "still"
-- shutdown() state
bool(true)
bool(false)
  errCode=107
bool(true)
bool(false)
  errCode=107
bool(false)
  errCode=107
bool(true)
bool(false)
  errCode=107
bool(false)
  errCode=107
bool(false)
  errCode=107
bool(false)
  errCode=107
bool(false)
  errCode=32
