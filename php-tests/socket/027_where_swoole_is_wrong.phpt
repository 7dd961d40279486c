--TEST--
Where Swoole is wrong (a crash, a hang, lost data, garbage) cosocket stays right; consecutive fds; import() and constructor messages
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
// Where Swoole is wrong, cosocket keeps the right behaviour (README, "Differences from Swoole").
// The loop's own fds exist before the first socket's: two sockets get consecutive fds.
$x = new Socket(AF_INET, SOCK_STREAM, 0);
$y = new Socket(AF_INET, SOCK_STREAM, 0);
var_dump($y->fd - $x->fd);
Co\run(function () {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    echo "-- setOption(SO_RCVTIMEO, object): a TypeError (Swoole crashes)\n";
    try { $s->setOption(SOL_SOCKET, SO_RCVTIMEO, (object)['sec' => 1, 'usec' => 0]); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
    echo "-- optname 13 at IPPROTO_TCP is not SO_LINGER\n";
    var_dump(is_int($s->getOption(6, 13)));
    echo "-- recvLine() timing out keeps the partial line\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send('partial');
    var_dump($b->recvLine(100, 0.2), $b->errCode);
    $a->send(" rest\n");
    var_dump($b->recvLine(100, 1));
    echo "-- socketpair getpeername()\n";
    var_dump($a->getpeername());
    echo "-- a closed listener accepts nothing\n";
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $port = $l->getsockname()['port'];
    $l->close();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect('127.0.0.1', $port, 1), $c->errCode);
    echo "-- accept() on an imported blocking server stream\n";
    $server = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int)substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $imp = Socket::import($server);
    go(function () use ($port) { $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $port); $c->send('hello'); });
    $k = $imp->accept(2);
    var_dump($k instanceof Socket, $k->recv());
    echo "-- sslHandshake() without open_ssl\n";
    var_dump($a->sslHandshake(), $a->errCode);
    echo "-- messages\n";
    try { $s->__construct(AF_INET, SOCK_STREAM, 0); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
    try { Socket::import(stream_context_create()); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
    $f = fopen('php://memory', 'r'); fclose($f);
    try { Socket::import($f); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
    var_dump(@Socket::import(opendir(sys_get_temp_dir())));
});
?>
--EXPECT--
int(1)
-- setOption(SO_RCVTIMEO, object): a TypeError (Swoole crashes)
Swoole\Coroutine\Socket::setOption(): Argument #3 ($opt_value) must be of type array when argument $option is SO_RCVTIMEO, stdClass given
-- optname 13 at IPPROTO_TCP is not SO_LINGER
bool(true)
-- recvLine() timing out keeps the partial line
bool(false)
int(110)
string(13) "partial rest
"
-- socketpair getpeername()
array(2) {
  ["address"]=>
  string(0) ""
  ["port"]=>
  int(0)
}
-- a closed listener accepts nothing
bool(false)
int(111)
-- accept() on an imported blocking server stream
bool(true)
string(5) "hello"
-- sslHandshake() without open_ssl
bool(false)
int(509)
-- messages
Error: Constructor of Swoole\Coroutine\Socket can only be called once
Swoole\Coroutine\Socket::import(): supplied resource is not a valid stream resource
Swoole\Coroutine\Socket::import(): supplied resource is not a valid stream resource
bool(false)
