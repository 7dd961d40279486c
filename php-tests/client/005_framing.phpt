--TEST--
Co\Client: with set()'s framing keys recv() returns one packet (EOF check and split, length fields, a length function, MQTT, FastCGI), 1201 past package_max_length, bad keys warn from connect() (which still connects) or from set() after it (false), framing turned off again
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
        var_dump($c->set($set), $c->connect('127.0.0.1', $port));
        return [$c, $ch->pop()];
    };
    echo "-- eof check\n";
    [$c, $p] = $mk(['open_eof_check' => true, 'package_eof' => "\r\n"]);
    $p->send("one\r\ntwo\r\nthr");
    var_dump($c->recv(), $c->recv());
    $p->send("ee\r\n");
    var_dump($c->recv());
    show($c, "eof");
    echo "-- eof split\n";
    [$c, $p] = $mk(['open_eof_split' => true, 'package_eof' => "\n"]);
    $p->send("a\nb\n");
    var_dump($c->recv(), $c->recv());
    echo "-- length\n";
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0, 'package_body_offset' => 4]);
    $p->send(pack('N', 3) . "abc" . pack('N', 2) . "de" . pack('N', 5) . "fg");
    var_dump(bin2hex($c->recv()), bin2hex($c->recv()));
    $p->send("hij");
    var_dump(bin2hex($c->recv()));
    [$c, $p] = $mk(['open_length_check' => 1, 'package_length_type' => 'n', 'package_length_offset' => 2, 'package_body_offset' => 4]);
    $p->send("XY" . pack('n', 3) . "abc");
    var_dump(bin2hex($c->recv()));
    echo "-- too large\n";
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4, 'package_max_length' => 16]);
    $p->send(pack('N', 100) . str_repeat('z', 100));
    var_dump($c->recv());
    echo $c->errCode, " ", preg_replace('/remote_addr=[^,]+/', 'remote_addr=X', $c->errMsg), "\n";
    echo "-- length function\n";
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_func' => function ($data) {
        echo "func(", strlen($data), ")\n";
        return ord($data[0]) + 1;
    }]);
    $p->send("\x03abc\x01z");
    var_dump($c->recv(), $c->recv());
    echo "-- mqtt\n";
    [$c, $p] = $mk(['open_mqtt_protocol' => true]);
    $p->send("\x20\x02\x00\x00\xd0\x00");
    var_dump(bin2hex($c->recv()), bin2hex($c->recv()));
    echo "-- fastcgi\n";
    [$c, $p] = $mk(['open_fastcgi_protocol' => true]);
    $p->send("\x01\x06\x00\x01\x00\x02\x00\x00ab" . "zzz");
    var_dump(bin2hex($c->recv()));
    echo "-- bad package_length_type\n";
    [$c, $p] = $mk(['open_length_check' => true, 'package_length_type' => 'Z']);
    show($c, "connect");
    [$c, $p] = $mk([]);
    var_dump($c->set(['open_length_check' => true, 'package_length_type' => 'Z']));
    echo "-- framing off again\n";
    [$c, $p] = $mk(['open_eof_check' => true, 'package_eof' => "\n"]);
    $c->set(['open_eof_check' => false]);
    $p->send("no eof");
    var_dump($c->recv());
    $srv->close();
});
?>
--EXPECTF--
-- eof check
bool(true)
bool(true)
string(5) "one
"
string(5) "two
"
string(7) "three
"
eof: errCode=0 errMsg=''
-- eof split
bool(true)
bool(true)
string(2) "a
"
string(2) "b
"
-- length
bool(true)
bool(true)
string(14) "00000003616263"
string(12) "000000026465"
string(18) "00000005666768696a"
bool(true)
bool(true)
string(14) "58590003616263"
-- too large
bool(true)
bool(true)
bool(false)
1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=X, length=104
-- length function
bool(true)
bool(true)
func(6)
func(2)
string(4) "abc"
string(2) "z"
-- mqtt
bool(true)
bool(true)
string(8) "20020000"
string(4) "d000"
-- fastcgi
bool(true)
bool(true)
string(20) "01060001000200006162"
-- bad package_length_type

Warning: Swoole\Coroutine\Client::connect(): Unknown package_length_type name 'Z', see pack(). Link: https://php.net/pack in %s on line %d
bool(true)
bool(true)
connect: errCode=0 errMsg=''
bool(false)
bool(true)

Warning: Swoole\Coroutine\Client::set(): Unknown package_length_type name 'Z', see pack(). Link: https://php.net/pack in %s on line %d
bool(false)
-- framing off again
bool(true)
bool(true)
string(6) "no eof"
