--TEST--
Socket: errCode 1201's errMsg says which limit: a declared length over package_max_length gives Swoole's text (the peer's address and the length: length field, length function, MQTT, over TCP, TCP6 and Unix), no EOF or no length within package_max_length says so
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

// errCode 1201's errMsg says which limit was passed: a packet that says it is longer
// than package_max_length (Swoole's log line: the peer and the length), or no end
// within package_max_length (an EOF that does not come, a length function that never
// tells).
function show(string $label, Socket $s, $r): void {
    $peer = $s->getpeername();
    $msg = $peer && $peer['port'] ? str_replace("$peer[address]:$peer[port]", "PEER", $s->errMsg) : $s->errMsg;
    echo "$label: ", var_export($r, true), " {$s->errCode} $msg\n";
}

Co\run(function () {
    foreach ([[AF_INET, '127.0.0.1'], [AF_INET6, '::1']] as [$domain, $host]) {
        $l = new Socket($domain, SOCK_STREAM, 0);
        $l->bind($host, 0);
        $l->listen();
        $c = new Socket($domain, SOCK_STREAM, 0);
        $c->connect($host, $l->getsockname()['port']);
        $a = $l->accept();
        $a->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4, 'package_max_length' => 100]);
        $c->sendAll(pack('N', 97) . 'x');
        show("accepted, $host", $a, $a->recvPacket(1));
    }
    $cases = [
        'length field' => [['open_length_check' => true, 'package_length_type' => 'n', 'package_length_offset' => 2, 'package_body_offset' => 6], "..\x01\x00..body"],
        'length function' => [['open_length_check' => true, 'package_length_func' => fn($d) => 1000], "abc"],
        'mqtt' => [['open_mqtt_protocol' => true], "\x30\xe8\x07"],
        'eof' => [['open_eof_check' => true, 'package_eof' => "\r\n"], str_repeat('x', 300)],
        'eof past the limit' => [['open_eof_split' => true, 'package_eof' => "\r\n"], str_repeat('x', 300) . "\r\n"],
        'length function, no answer' => [['open_length_check' => true, 'package_length_func' => fn($d) => 0], str_repeat('x', 300)],
    ];
    foreach ($cases as $name => [$settings, $bytes]) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        $b->setProtocol($settings + ['package_max_length' => 256]);
        $a->sendAll($bytes);
        show($name, $b, $b->recvPacket(1));
    }
});
?>
--EXPECT--
accepted, 127.0.0.1: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=PEER, length=101
accepted, ::1: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=PEER, length=101
length field: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=262
length function: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=1000
mqtt: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=1003
eof: false 1201 no package eof, package_max_length exceeded
eof past the limit: false 1201 no package eof, package_max_length exceeded
length function, no answer: false 1201 no package length, package_max_length exceeded
