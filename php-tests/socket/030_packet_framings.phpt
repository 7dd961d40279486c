--TEST--
recvPacket: EOF split (1 to 8 byte markers), MQTT remaining lengths, FastCGI records with padding, no framing, peer close, and other reads interleaved
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;

// Writes $stream in pieces of $chunk bytes (past the first 300, in 4 KiB ones, so that a
// long packet does not take a sleep per byte), letting the reader run between them.
function feed($a, string $stream, int $chunk): void {
    $pieces = array_merge(str_split(substr($stream, 0, 300), $chunk), str_split(substr($stream, 300), max($chunk, 4096)));
    foreach ($pieces as $piece) {
        $a->sendAll($piece);
        Coroutine::sleep(0.001);
    }
}
function check(string $label, array $settings, array $packets): void {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol($settings);
    $stream = implode('', $packets);
    $ok = true;
    foreach ([1, 2, 7, strlen($stream)] as $chunk) {
        go(fn() => feed($a, $stream, $chunk));
        foreach ($packets as $want) {
            $ok = $ok && $b->recvPacket(1) === $want;
        }
    }
    echo "$label: ", $ok ? "ok" : "MISMATCH", "\n";
}

Co\run(function () {
    foreach (["\n", "\r\n", "##!", "<end/>", "12345678"] as $eof) {
        check('eof ' . strlen($eof), ['open_eof_split' => true, 'package_eof' => $eof],
            ["first$eof", "$eof", "third packet, longer$eof"]);
    }
    // Without split Swoole's coroutine socket still cuts at the first marker.
    check('eof check', ['open_eof_check' => true, 'package_eof' => "\r\n"], ["a\r\n", "bb\r\n"]);
    check('mqtt', ['open_mqtt_protocol' => true], [
        "\xc0\x00",                                       // PINGREQ: no payload
        "\x30\x05" . "hello",                             // 1-byte remaining length
        "\x30\xc8\x01" . str_repeat('y', 200),            // 2 bytes
        "\x30\x80\x80\x01" . str_repeat('z', 16384),      // 3 bytes
    ]);
    check('fastcgi', ['open_fastcgi_protocol' => true], [
        "\x01\x06\x00\x01\x00\x05\x03\x00hello\0\0\0",    // STDOUT, 5 bytes + 3 padding
        "\x01\x06\x00\x01\x00\x00\x00\x00",               // empty STDOUT
        "\x01\x03\x00\x01\x00\x08\x00\x00" . str_repeat("\0", 8), // END_REQUEST
    ]);

    echo "-- no framing: one read, buffered bytes first\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send("line one\nrest");
    var_dump($b->recvLine(), $b->recvPacket(1));

    echo "-- other reads interleaved with packets\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_length_check' => true, 'package_length_type' => 'n', 'package_body_offset' => 2]);
    $a->send(pack('n', 3) . "abc" . pack('n', 2) . "de" . "tail\nmore");
    foreach ([$b->recvPacket(1), $b->peek(4), $b->recvPacket(1), $b->recvLine(), $b->recv(100, 1)] as $r) {
        echo json_encode(bin2hex($r)), "\n";
    }

    echo "-- peer closes: '' (a partial packet is dropped)\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_length_check' => true, 'package_length_type' => 'n', 'package_body_offset' => 2]);
    $a->send(pack('n', 2) . "ok" . pack('n', 10) . "par");
    $a->close();
    var_dump(bin2hex($b->recvPacket(1)), $b->recvPacket(1), $b->errCode);
});
?>
--EXPECT--
eof 1: ok
eof 2: ok
eof 3: ok
eof 6: ok
eof 8: ok
eof check: ok
mqtt: ok
fastcgi: ok
-- no framing: one read, buffered bytes first
string(9) "line one
"
string(4) "rest"
-- other reads interleaved with packets
"0003616263"
"00026465"
"00026465"
"7461696c0a"
"6d6f7265"
-- peer closes: '' (a partial packet is dropped)
string(8) "00026f6b"
string(0) ""
int(0)
