--TEST--
Socket: accept() gives the new socket its listener's framing (every setProtocol() framing key: EOF, length field, length function, MQTT, FastCGI, package_max_length), a copy each socket then changes on its own
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

// A listener's framing, set before accept(), is the accepted socket's framing too.
Co\run(function () {
    $cases = [
        'eof' => [['open_eof_split' => true, 'package_eof' => "\n"], "a\nb\n", 2],
        'eof check' => [['open_eof_check' => true, 'package_eof' => "\r\n"], "one\r\ntwo\r\n", 2],
        'eof over max' => [['open_eof_check' => true, 'package_eof' => "\n", 'package_max_length' => 80000], str_repeat('x', 100000), 1],
        'length' => [['open_length_check' => true, 'package_length_type' => 'n', 'package_length_offset' => 1, 'package_body_offset' => 3], "#" . pack('n', 1) . "x#" . pack('n', 2) . "yz", 2],
        'length over max' => [['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4, 'package_max_length' => 10], pack('N', 100) . 'x', 1],
        'length func' => [['open_length_check' => true, 'package_length_func' => fn($d) => 3], "abcdef", 2],
        'mqtt' => [['open_mqtt_protocol' => true], "\x30\x01a\x30\x02bc", 2],
        'fastcgi' => [['open_fastcgi_protocol' => true], "\x01\x06\x00\x01\x00\x01\x00\x00A\x01\x03\x00\x01\x00\x00\x00\x00", 2],
    ];
    foreach ($cases as $name => [$settings, $bytes, $reads]) {
        $l = new Socket(AF_INET, SOCK_STREAM, 0);
        $l->setProtocol($settings);
        $l->bind('127.0.0.1', 0);
        $l->listen();
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $l->getsockname()['port']);
        $a = $l->accept();
        $c->sendAll($bytes);
        echo "$name:";
        for ($i = 0; $i < $reads; $i++) {
            $p = $a->recvPacket(1);
            echo " ", $p === false ? "false {$a->errCode} " . preg_replace('/:\d+,/', ':PORT,', $a->errMsg) : (strlen($p) > 32 ? strlen($p) . " bytes" : json_encode(bin2hex($p)));
        }
        echo "\n";
    }

    // Each socket's settings are its own after accept(): changing one leaves the other.
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->setProtocol(['open_eof_split' => true, 'package_eof' => "\n"]);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $port = $l->getsockname()['port'];
    $c1 = new Socket(AF_INET, SOCK_STREAM, 0);
    $c1->connect('127.0.0.1', $port);
    $a1 = $l->accept();
    $a1->setProtocol(['package_eof' => "|"]);
    $c2 = new Socket(AF_INET, SOCK_STREAM, 0);
    $c2->connect('127.0.0.1', $port);
    $a2 = $l->accept();
    $c1->sendAll("a|b\n");
    $c2->sendAll("a|b\n");
    echo "changed: ", json_encode($a1->recvPacket(1)), ", next accepted: ", json_encode($a2->recvPacket(1)), "\n";

    // The length function outlives the listener it was set on.
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->setProtocol(['open_length_check' => true, 'package_length_func' => function ($d) { return 2; }]);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    $a = $l->accept();
    $l->close();
    unset($l);
    $c->sendAll("abcd");
    echo "listener gone: ", json_encode($a->recvPacket(1)), " ", json_encode($a->recvPacket(1)), "\n";
});
?>
--EXPECT--
eof: "610a" "620a"
eof check: "6f6e650d0a" "74776f0d0a"
eof over max: false 1201 no package eof, package_max_length exceeded
length: "23000178" "230002797a"
length over max: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=127.0.0.1:PORT, length=104
length func: "616263" "646566"
mqtt: "300161" "30026263"
fastcgi: "010600010001000041" "0103000100000000"
changed: "a|", next accepted: "a|b\n"
listener gone: "ab" "cd"
