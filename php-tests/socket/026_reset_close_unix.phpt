--TEST--
A reset reported again by later sends (EPIPE once a call succeeded in between), close() waking the writer before the reader, Unix connect to a full backlog (EAGAIN), Unix datagram sendto waiting for room in a full queue
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
    return [$c, $l->accept()];
}
Co\run(function () {
    echo "-- after a reset, send reports ECONNRESET (not EPIPE)\n";
    [$c, $k] = pair();
    $c->send('unread');
    usleep(50000);
    $k->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
    $k->close();
    usleep(50000);
    var_dump($c->recv(10, 1), $c->errCode, $c->send('x'), $c->errCode, $c->send('x'), $c->errCode);
    echo "-- a send that meets the reset, then EOF: later sends report EPIPE (Swoole's sequence)\n";
    [$c, $k] = pair();
    $c->send('unread');
    usleep(50000);
    $k->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
    $k->close();
    usleep(50000);
    $r = [];
    foreach (['send', 'recv', 'send', 'send'] as $op) {
        $r[] = [$op, $op === 'send' ? $c->send('x') : $c->recv(10, 1), $c->errCode];
    }
    echo json_encode($r), "\n";

    echo "-- close() with a writer and a reader waiting: the writer wakes first\n";
    [$c, $k] = pair();
    $c->setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    $c->sendAll(str_repeat('x', 4 << 20), 0.1);
    go(function () use ($c) { $r = $c->recv(1024, 2); echo "reader: ", var_export($r, true), " {$c->errCode}\n"; });
    go(function () use ($c) { $r = $c->send(str_repeat('y', 65536), 2); echo "writer: ", var_export($r, true), " {$c->errCode}\n"; });
    Co::sleep(0.1);
    var_dump($c->close());

    echo "-- Unix stream connect to a full backlog: false with EAGAIN\n";
    $path = sys_get_temp_dir() . '/co26-' . getmypid() . '.sock';
    $l = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $l->bind($path); $l->listen(1);
    $res = [];
    for ($i = 0; $i < 5; $i++) {
        $u = new Socket(AF_UNIX, SOCK_STREAM, 0);
        $t0 = microtime(true);
        $res[] = [$u->connect($path), $u->errCode, microtime(true) - $t0 < 0.5];
        $keep[] = $u;
    }
    echo json_encode($res), "\n";
    unlink($path);

    echo "-- Unix datagram sendto a full queue waits for room and delivers every datagram\n";
    $rp = sys_get_temp_dir() . '/co26r-' . getmypid() . '.sock';
    $r = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $r->bind($rp);
    $w = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $w->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 300000]);
    $sent = 0;
    while ($w->sendto($rp, 0, "d$sent") !== false) { $sent++; }
    $t0 = microtime(true);
    echo "queue full after $sent; then: {$w->errCode}, waited ", microtime(true) - $t0 >= 0.25 ? 'the timeout' : 'not', "\n";
    go(function () use ($r) { Co::sleep(0.2); $r->recvfrom($peer); });
    $t0 = microtime(true);
    $w->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 5, 'usec' => 0]);
    var_dump($w->sendto($rp, 0, 'last'), microtime(true) - $t0 >= 0.15);
    $got = [];
    while (($d = $r->recvfrom($peer, 0.1)) !== false) { $got[] = $d; }
    echo count($got), " datagrams, last: ", end($got), "\n";
    unlink($rp);
});
?>
--EXPECT--
-- after a reset, send reports ECONNRESET (not EPIPE)
bool(false)
int(104)
bool(false)
int(104)
bool(false)
int(104)
-- a send that meets the reset, then EOF: later sends report EPIPE (Swoole's sequence)
[["send",false,104],["recv","",0],["send",false,32],["send",false,32]]
-- close() with a writer and a reader waiting: the writer wakes first
writer: false 125
reader: false 125
bool(true)
-- Unix stream connect to a full backlog: false with EAGAIN
[[true,0,true],[true,0,true],[false,11,true],[false,11,true],[false,11,true]]
-- Unix datagram sendto a full queue waits for room and delivers every datagram
queue full after 11; then: 110, waited not
int(4)
bool(true)
11 datagrams, last: last
