--TEST--
Socket: timeouts (argument, SO_RCVTIMEO, setProtocol, Coroutine::set), SOCKET_ETIMEDOUT, negative waits forever
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
// [result, $want] when the call took $want seconds (less than 50 ms more; under
// valgrind, whose start-up and load stretch every wait, 400 ms more), else the time.
function timed(callable $f, float $want) {
    $t = microtime(true);
    $r = $f();
    $took = microtime(true) - $t;
    $slack = getenv('USE_ZEND_ALLOC') === '0' ? 0.4 : 0.05;
    return [$r, $took >= $want - 0.005 && $took < $want + $slack ? $want : round($took, 3)];
}
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump(timed(fn() => $b->recv(10, 0.2), 0.2), $b->errCode === SOCKET_ETIMEDOUT, $b->errMsg);
    var_dump($b->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]));
    var_dump($b->getOption(SOL_SOCKET, SO_RCVTIMEO));
    var_dump(timed(fn() => $b->recv(), 0.3));
    var_dump($b->setProtocol(['read_timeout' => 0.1]));
    var_dump(timed(fn() => $b->recvAll(10), 0.1));
    var_dump(timed(fn() => $b->readVector([1]), 0.1));
    var_dump(timed(fn() => $b->readVectorAll([1]), 0.1), $b->errCode === SOCKET_ETIMEDOUT);
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen();
    var_dump(timed(fn() => $server->accept(0.1), 0.1), $server->errCode === SOCKET_ETIMEDOUT);
    Co::set(['socket_read_timeout' => 0.2]);
    [$c, $d] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump(timed(fn() => $d->recv(), 0.2));
    // Negative: forever (until something else ends the wait).
    $cid = Co::getCid();
    go(function () use ($d) { Co::sleep(0.3); $d->cancel(); });
    var_dump(timed(fn() => $d->recv(10, -1), 0.3), $d->errCode === SOCKET_ECANCELED, $d->errMsg);
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
