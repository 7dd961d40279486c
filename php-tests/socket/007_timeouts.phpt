--TEST--
Socket: timeouts (argument, SO_RCVTIMEO, setProtocol, Coroutine::set), SOCKET_ETIMEDOUT, negative waits forever
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function timed(callable $f) { $t = microtime(true); $r = $f(); return [$r, round(microtime(true) - $t, 1)]; }
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump(timed(fn() => $b->recv(10, 0.2)), $b->errCode === SOCKET_ETIMEDOUT, $b->errMsg);
    var_dump($b->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]));
    var_dump($b->getOption(SOL_SOCKET, SO_RCVTIMEO));
    var_dump(timed(fn() => $b->recv()));
    var_dump($b->setProtocol(['read_timeout' => 0.1]));
    var_dump(timed(fn() => $b->recvAll(10)));
    var_dump(timed(fn() => $b->readVector([1])));
    var_dump(timed(fn() => $b->readVectorAll([1])), $b->errCode === SOCKET_ETIMEDOUT);
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen();
    var_dump(timed(fn() => $server->accept(0.1)), $server->errCode === SOCKET_ETIMEDOUT);
    Co::set(['socket_read_timeout' => 0.2]);
    [$c, $d] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump(timed(fn() => $d->recv()));
    // Negative: forever (until something else ends the wait).
    $cid = Co::getCid();
    go(function () use ($d) { Co::sleep(0.3); $d->cancel(); });
    var_dump(timed(fn() => $d->recv(10, -1)), $d->errCode === SOCKET_ECANCELED, $d->errMsg);
    Co::set(['socket_read_timeout' => 60]);
});
?>
--EXPECT--
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.2)
}
bool(true)
string(20) "Connection timed out"
bool(true)
array(2) {
  ["sec"]=>
  int(0)
  ["usec"]=>
  int(300000)
}
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.3)
}
bool(true)
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.1)
}
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.1)
}
array(2) {
  [0]=>
  array(0) {
  }
  [1]=>
  float(0.1)
}
bool(true)
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.1)
}
bool(true)
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.2)
}
array(2) {
  [0]=>
  bool(false)
  [1]=>
  float(0.3)
}
bool(true)
string(18) "Operation canceled"
