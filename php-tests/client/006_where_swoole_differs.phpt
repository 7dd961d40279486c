--TEST--
Co\Client where cosocket keeps the right behaviour (README "Differences from Swoole"): a recv() that times out inside a packet keeps its bytes, bad lengths are false with 1202, package_max_length bounds EOF framing, recv(INF) waits, close() while another coroutine reads returns true, sendfile() with a negative offset is refused, recvfrom() without $port works
--EXTENSIONS--
cosocket
--FILE--
<?php
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), "\n"; }
Co\run(function () {
    $srv = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    $port = $srv->getsockname()['port'];
    $ch = new Co\Channel(10);
    go(function () use ($srv, $ch) { while ($conn = $srv->accept(-1)) $ch->push($conn); });
    $mk = function (array $set) use ($port, $ch) {
        $c = new Co\Client(SWOOLE_SOCK_TCP);
        $c->set($set);
        $c->connect('127.0.0.1', $port);
        return [$c, $ch->pop()];
    };
    echo "-- a timeout inside a packet keeps what came (Swoole drops it)\n";
    [$c, $p] = $mk(['open_eof_split' => true, 'package_eof' => "\n"]);
    $p->send("a\nc");
    var_dump($c->recv(0.1), $c->recv(0.1));
    show($c, "eof");
    $p->send("\n");
    var_dump($c->recv(0.1));
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
    $p->send(pack('N', 5) . "fg");
    var_dump($c->recv(0.1));
    show($c, "length");
    $p->send("hij");
    var_dump(bin2hex($c->recv(0.1)));
    echo "-- bad lengths: false with 1202 (Swoole: '', read as closed)\n";
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_type' => 'l', 'package_body_offset' => 4]);
    $p->send(pack('l', -5) . "zz");
    var_dump($c->recv(0.2));
    show($c, "negative length");
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_func' => fn($d) => -1]);
    $p->send("xx");
    var_dump($c->recv(0.2));
    show($c, "length function -1");
    echo "-- package_max_length bounds EOF framing too\n";
    [$c, $p] = $mk(['open_eof_check' => true, 'package_eof' => "\n", 'package_max_length' => 8]);
    $p->send(str_repeat('z', 20) . "\n");
    var_dump($c->recv(0.2));
    show($c, "eof past the maximum");
    echo "-- recv(INF) waits (Swoole: EAGAIN at once)\n";
    [$c, $p] = $mk([]);
    go(function () use ($p) { Co::sleep(0.05); $p->send("late"); });
    var_dump($c->recv(INF));
    echo "-- close() while another coroutine reads: true (Swoole: false, 10019)\n";
    $done = new Co\Channel(1);
    go(function () use ($c, $done) { Co::sleep(0.05); $done->push($c->close()); });
    var_dump($c->recv(-1));
    show($c, "reader");
    echo "closer: ", var_export($done->pop(), true), "\n";
    echo "-- sendfile() with a negative offset: EINVAL (Swoole: true, nothing sent)\n";
    [$c, $p] = $mk([]);
    var_dump($c->sendfile(__FILE__, -1));
    show($c, "sendfile");
    echo "-- recvfrom() without \$port (Swoole segfaults)\n";
    $u = new Co\Socket(AF_INET, SOCK_DGRAM, 0);
    $u->bind('127.0.0.1', 0);
    $uc = new Co\Client(SWOOLE_SOCK_UDP);
    var_dump($uc->sendto('127.0.0.1', $u->getsockname()['port'], "ping"));
    $from = null;
    var_dump($u->recvfrom($from));
    $u->sendto($from['address'], $from['port'], "pong");
    var_dump($uc->recvfrom(10, $addr), $addr);
    $srv->close();
});
?>
--EXPECTF--
-- a timeout inside a packet keeps what came (Swoole drops it)
string(2) "a
"
bool(false)
eof: errCode=110 errMsg='Connection timed out'
string(2) "c
"
bool(false)
length: errCode=110 errMsg='Connection timed out'
string(18) "00000005666768696a"
-- bad lengths: false with 1202 (Swoole: '', read as closed)
bool(false)
negative length: errCode=1202 errMsg='get package length failed'
bool(false)
length function -1: errCode=1202 errMsg='get package length failed'
-- package_max_length bounds EOF framing too
bool(false)
eof past the maximum: errCode=1201 errMsg='no package eof, package_max_length exceeded'
-- recv(INF) waits (Swoole: EAGAIN at once)
string(4) "late"
-- close() while another coroutine reads: true (Swoole: false, 10019)
bool(false)
reader: errCode=125 errMsg='Operation canceled'
closer: true
-- sendfile() with a negative offset: EINVAL (Swoole: true, nothing sent)
bool(false)
sendfile: errCode=22 errMsg='Invalid argument'
-- recvfrom() without $port (Swoole segfaults)
bool(true)
string(4) "ping"
string(4) "pong"
string(9) "127.0.0.1"
