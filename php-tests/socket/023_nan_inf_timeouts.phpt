--TEST--
NAN/INF timeouts: NAN fails at once with EINVAL (setProtocol refuses it), INF and -INF wait without limit
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function pair(): array {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    $k = $l->accept();
    return [$l, $c, $k];
}
function quick(float $t0): string { return microtime(true) - $t0 < 0.5 ? 'at once' : 'late'; }
Co\run(function () {
    [$l, $c, $k] = pair();
    echo "-- NAN fails at once with EINVAL\n";
    foreach (['recv' => fn() => $k->recv(10, NAN), 'recvAll' => fn() => $k->recvAll(10, NAN),
              'recvLine' => fn() => $k->recvLine(10, NAN), 'recvWithBuffer' => fn() => $k->recvWithBuffer(10, NAN),
              'recvPacket' => fn() => $k->recvPacket(NAN), 'readVector' => fn() => $k->readVector([1], NAN),
              'send' => fn() => $c->send('x', NAN), 'sendAll' => fn() => $c->sendAll('x', NAN),
              'writeVector' => fn() => $c->writeVector(['x'], NAN), 'accept' => fn() => $l->accept(NAN),
              'connect' => fn() => (new Socket(AF_INET, SOCK_STREAM, 0))->connect('127.0.0.1', $l->getsockname()['port'], NAN),
             ] as $name => $f) {
        $t0 = microtime(true);
        $r = $f();
        echo "$name: ", var_export($r, true), ' ', quick($t0), ' ', swoole_last_error(), "\n";
    }
    var_dump($k->errCode, $k->errMsg);
    echo "-- NAN in setProtocol is refused; the socket keeps its timeouts\n";
    var_dump($k->setProtocol(['read_timeout' => NAN]), $k->errCode, $k->getOption(SOL_SOCKET, SO_RCVTIMEO));
    echo "-- INF and -INF wait without limit (a cancel ends the wait)\n";
    foreach ([INF, -INF] as $t) {
        go(function () use ($k) { Co::sleep(0.2); $k->cancel(); });
        $t0 = microtime(true);
        var_dump($k->recv(10, $t), $k->errCode, microtime(true) - $t0 >= 0.15);
    }
    $c->send('ok');
    var_dump($k->recv(10, INF));
});
?>
--EXPECT--
-- NAN fails at once with EINVAL
recv: false at once 22
recvAll: false at once 22
recvLine: false at once 22
recvWithBuffer: false at once 22
recvPacket: false at once 22
readVector: false at once 22
send: false at once 22
sendAll: false at once 22
writeVector: false at once 22
accept: false at once 22
connect: false at once 22
int(22)
string(16) "Invalid argument"
-- NAN in setProtocol is refused; the socket keeps its timeouts
bool(false)
int(22)
array(2) {
  ["sec"]=>
  int(60)
  ["usec"]=>
  int(0)
}
-- INF and -INF wait without limit (a cancel ends the wait)
bool(false)
int(125)
bool(true)
bool(false)
int(125)
bool(true)
string(2) "ok"
