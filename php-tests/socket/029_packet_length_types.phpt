--TEST--
recvPacket with open_length_check: every package_length_type, offsets, packets cut at every byte and several in one write
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;

// Writes $stream in pieces of $chunk bytes, letting the reader run between them.
function feed($a, string $stream, int $chunk): void {
    foreach (str_split($stream, $chunk) as $piece) {
        $a->sendAll($piece);
        Coroutine::sleep(0.001);
    }
}

Co\run(function () {
    $types = ['c', 'C', 's', 'S', 'n', 'v', 'l', 'L', 'N', 'V', 'q', 'Q', 'J', 'P'];
    foreach ($types as $t) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        // A 2-byte tag, the length field, then the body.
        $size = strlen(pack($t, 0));
        $b->setProtocol([
            'open_length_check' => true,
            'package_length_type' => $t,
            'package_length_offset' => 2,
            'package_body_offset' => 2 + $size,
        ]);
        $packets = ["T1" . pack($t, 5) . "hello", "T2" . pack($t, 0), "T3" . pack($t, 3) . "abc"];
        $stream = implode('', $packets);
        $ok = true;
        foreach ([1, 3, strlen($stream)] as $chunk) {
            go(fn() => feed($a, $stream, $chunk));
            foreach ($packets as $want) {
                $got = $b->recvPacket(1);
                $ok = $ok && $got === $want;
            }
        }
        echo "$t (", $size, " bytes): ", $ok ? "ok" : "MISMATCH", "\n";
    }

    // Many packets in one write, read back one by one; surplus stays for the next call.
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
    $all = '';
    for ($i = 0; $i < 1000; $i++) {
        $body = str_repeat(chr(65 + $i % 26), $i % 50);
        $all .= pack('N', strlen($body)) . $body;
    }
    $a->sendAll($all);
    $n = 0;
    for ($i = 0; $i < 1000; $i++) {
        $p = $b->recvPacket(1);
        if ($p === pack('N', $i % 50) . str_repeat(chr(65 + $i % 26), $i % 50)) $n++;
    }
    echo "1000 packets from one write: $n whole\n";

    // A packet far longer than one read-ahead.
    $big = str_repeat('x', 300000);
    go(fn() => $a->sendAll(pack('N', strlen($big)) . $big));
    var_dump($b->recvPacket(2) === pack('N', strlen($big)) . $big);
});
?>
--EXPECT--
c (1 bytes): ok
C (1 bytes): ok
s (2 bytes): ok
S (2 bytes): ok
n (2 bytes): ok
v (2 bytes): ok
l (4 bytes): ok
L (4 bytes): ok
N (4 bytes): ok
V (4 bytes): ok
q (8 bytes): ok
Q (8 bytes): ok
J (8 bytes): ok
P (8 bytes): ok
1000 packets from one write: 1000 whole
bool(true)
