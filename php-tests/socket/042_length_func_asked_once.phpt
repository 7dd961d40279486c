--TEST--
Socket: recvPacket asks package_length_func until it tells the length and then not again for that packet (1 MiB in 16 KiB pieces: not 35 MB of calls), and after a 0 answer only once more bytes came, also across a timeout
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

// package_length_func is asked until it tells the length, then not again for that
// packet; after a 0 ("need more") answer, only once more bytes came.
Co\run(function () {
    $calls = [];
    $func = function (string $d) use (&$calls) {
        $calls[] = strlen($d);
        return strlen($d) < 4 ? 0 : 4 + unpack('N', $d)[1];
    };
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_length_check' => true, 'package_length_func' => $func, 'package_max_length' => 4 << 20]);

    // 1 MiB arriving in 16 KiB pieces, then a small packet.
    $body = str_repeat('x', 1 << 20);
    go(function () use ($a, $body) {
        foreach (str_split(pack('N', strlen($body)) . $body, 16384) as $piece) {
            $a->sendAll($piece);
            Co::sleep(0.001);
        }
        $a->sendAll(pack('N', 3) . 'abc');
    });
    $p = $b->recvPacket(10);
    echo "1 MiB packet: ", strlen($p) === (1 << 20) + 4 && substr($p, 4) === $body ? "whole" : "wrong", "\n";
    echo "  calls: ", count($calls) <= 2 ? "at most 2" : count($calls), ", bytes passed: ", array_sum($calls) < (256 << 10) ? "under 256 KiB" : array_sum($calls), "\n";
    $calls = [];
    echo "small packet: ", json_encode($b->recvPacket(10)), ", calls: ", count($calls), "\n";

    // One byte at a time: each answer "need more" until the header is in.
    $calls = [];
    go(function () use ($a) {
        foreach (str_split(pack('N', 5) . 'hello') as $byte) {
            $a->sendAll($byte);
            Co::sleep(0.01);
        }
    });
    echo "byte by byte: ", json_encode($b->recvPacket(10)), "\n";
    // Each call had more bytes than the one before, and the last one told the length.
    $last = array_pop($calls);
    $growing = $calls === array_unique($calls) && $calls === array_values(array_filter($calls, fn($n) => $n < 4)) && $last >= 4;
    echo "  asked only with new bytes, until the header was in: ", $growing ? "yes" : json_encode([...$calls, $last]), "\n";

    // A read that times out keeps the partial packet (see the README): the next one
    // does not ask again about the same bytes.
    $calls = [];
    $a->sendAll("\0\0");
    var_dump($b->recvPacket(0.05), $b->errCode);
    var_dump($b->recvPacket(0.05), $b->errCode);
    echo "calls with ", json_encode($calls), "\n";
    $a->sendAll("\0\1z");
    echo "completed: ", json_encode($b->recvPacket(1)), ", calls with ", json_encode($calls), "\n";
});
?>
--EXPECT--
1 MiB packet: whole
  calls: at most 2, bytes passed: under 256 KiB
small packet: "\u0000\u0000\u0000\u0003abc", calls: 1
byte by byte: "\u0000\u0000\u0000\u0005hello"
  asked only with new bytes, until the header was in: yes
bool(false)
int(110)
bool(false)
int(110)
calls with [2]
completed: "\u0000\u0000\u0000\u0001z", calls with [2,5]
