--TEST--
Socket: the two-readers fatal error while other coroutines are parked in every kind of socket wait (recv, a packet and a line begun, a full sendAll, readVector, accept, recvfrom): the script ends as before, and the parked waits are unwound, their buffers and sockets freed (scripts/valgrind.sh fails on a definitely lost block of ours)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(<<<'PHP'
<?php
use Swoole\Coroutine\Socket;
register_shutdown_function(function () { echo "shutdown function ran\n"; });
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($b) { $b->recv(65536, 30); });
    [$c, $d] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $d->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
    $c->send(pack('N', 100000) . str_repeat('x', 5000));      // a packet begun, not ended
    go(function () use ($d) { $d->recvPacket(30); });
    [$e, $f] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $e->send('a line without its end');
    go(function () use ($f) { $f->recvLine(30); });
    [$g, $h] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($g) { $g->sendAll(str_repeat('s', 4 << 20), 30); });   // nobody reads
    go(function () use ($h) { $h->readVector([10, 20], 30); });
    $srv = new Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    go(function () use ($srv) { $srv->accept(30); });
    $udp = new Socket(AF_INET, SOCK_DGRAM, 0);
    $udp->bind('127.0.0.1', 0);
    go(function () use ($udp) { $udp->recvfrom($peer, 30); });
    echo "parked\n";
    [$x, $y] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($y) { $y->recv(); });
    go(function () use ($y) { $y->recv(); });
    echo "not reached\n";
});
echo "not reached either\n";
PHP);
echo $out, "--- stderr\n", preg_replace('/Socket#\d+/', 'Socket#N', $err), "--- status $status\n";
?>
--EXPECTF--
parked
#0 FILE(26): Swoole\Coroutine\Socket->recv()
#1 [internal function]: {closure%S}()
shutdown function ran
--- stderr
PHP Fatal error:  Uncaught Swoole\Error: Socket#N has already been bound to another coroutine#9, reading of the same socket in coroutine#10 at the same time is not allowed in FILE:27
Stack trace:
#0 FILE(27): Swoole\Coroutine\Socket->recv()
#1 [internal function]: {closure%S}()
#2 {main}
  thrown in FILE on line 27

 [Coroutine-9] Stack trace:
 -------------------------------------------------------------------
--- status 255
