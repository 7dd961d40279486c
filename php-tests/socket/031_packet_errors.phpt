--TEST--
recvPacket failures: packets over package_max_length in every framing, bad lengths, bad MQTT remaining length, a package_length_func that throws or returns garbage, setProtocol validation
--EXTENSIONS--
cosocket
--FILE--
<?php
function attempt(string $label, array $settings, string $bytes, float $timeout = 0.5): void {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump($b->setProtocol($settings));
    $a->send($bytes);
    try {
        $r = $b->recvPacket($timeout);
        echo "$label: ", var_export($r, true), " errCode=", $b->errCode, " ", $b->errMsg, "\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ": ", $e->getMessage(), " errCode=", $b->errCode, "\n";
    }
    // The socket stays usable: a well-formed exchange goes on.
    $b->setProtocol(['open_length_check' => false, 'open_eof_check' => false]);
    $a->send("after");
    echo "  then: ", var_export($b->recv(100, 0.5), true), "\n";
}

Co\run(function () {
    echo "-- too large\n";
    attempt('length', ['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4, 'package_max_length' => 10], pack('N', 100) . 'x');
    attempt('eof', ['open_eof_split' => true, 'package_eof' => "\r\n", 'package_max_length' => 8], "0123456789");
    attempt('mqtt', ['open_mqtt_protocol' => true, 'package_max_length' => '1K'], "\x30\x80\x10");
    attempt('fastcgi', ['open_fastcgi_protocol' => true, 'package_max_length' => 16], "\x01\x06\x00\x01\x00\x10\x00\x00");
    echo "-- bad lengths\n";
    attempt('negative', ['open_length_check' => true, 'package_length_type' => 'l', 'package_body_offset' => 4], pack('l', -5) . "zz");
    attempt('mqtt 5 bytes', ['open_mqtt_protocol' => true], "\x30\xff\xff\xff\xff\x01");
    attempt('fastcgi over 64K', ['open_fastcgi_protocol' => true], "\x01\x06\x00\x01\xff\xff\x01\x00");
    echo "-- package_length_func\n";
    attempt('negative', ['open_length_check' => true, 'package_length_func' => fn($d) => -1], "abc");
    attempt('throws', ['open_length_check' => true, 'package_length_func' => function ($d) { throw new RuntimeException("no length in " . strlen($d) . " bytes"); }], "abc");
    attempt('not a number', ['open_length_check' => true, 'package_length_func' => fn($d) => "many"], "abc", 0.2);
    attempt('huge', ['open_length_check' => true, 'package_length_func' => fn($d) => PHP_INT_MAX], "abc");
    attempt('yields', ['open_length_check' => true, 'package_length_func' => function ($d) { Co::sleep(0.01); return 2; }], "abc");
    echo "-- validation\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump($b->setProtocol(['package_length_type' => 'x']));
    var_dump($b->setProtocol(['package_eof' => '']));
    var_dump($b->setProtocol(['package_eof' => '123456789']));
    var_dump($b->setProtocol(['package_length_func' => 'no_such_function']));
    var_dump($b->setProtocol(['package_length_func' => 0]));
});
?>
--EXPECTF--
-- too large
bool(true)
length: false errCode=1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=104
  then: 'after'
bool(true)
eof: false errCode=1201 no package eof, package_max_length exceeded
  then: 'after'
bool(true)
mqtt: false errCode=1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=2051
  then: 'after'
bool(true)
fastcgi: false errCode=1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=24
  then: 'after'
-- bad lengths
bool(true)
negative: false errCode=1202 get package length failed
  then: 'after'
bool(true)
mqtt 5 bytes: false errCode=1202 get package length failed
  then: 'after'
bool(true)
fastcgi over 64K: false errCode=1202 get package length failed
  then: 'after'
-- package_length_func
bool(true)
negative: false errCode=1202 get package length failed
  then: 'after'
bool(true)
throws: RuntimeException: no length in 3 bytes errCode=0
  then: 'after'
bool(true)
not a number: false errCode=110 Connection timed out
  then: 'abc'
bool(true)
huge: false errCode=1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=9223372036854775807
  then: 'after'
bool(true)
yields: 'ab' errCode=0 
  then: 'c'
-- validation

Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name 'x', see pack(). Link: https://php.net/pack in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Socket::setProtocol(): package_eof cannot be an empty string in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Socket::setProtocol(): package_eof max length is 8 in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Socket::setProtocol(): function 'no_such_function' is not callable in %s on line %d
bool(true)

Warning: Swoole\Coroutine\Socket::setProtocol(): illegal callback function in %s on line %d
bool(true)
