--TEST--
Socket: no framing holds more than package_max_length for one packet while the peer keeps sending: a length function answering 0 forever, an EOF that never comes, a declared length over the limit each end with false and 1201 at the limit, not after buffering all the peer sends until the read timeout
--EXTENSIONS--
cosocket
--FILE--
<?php
// No framing holds more than package_max_length bytes for one packet, whatever the
// peer keeps sending: a length function that always answers 0 ("need more"), an EOF
// that never comes, a declared length over the limit each end with false and 1201
// once past package_max_length (1 MiB here), not at the read timeout.
Co\run(function () {
    $seen = 0;
    $cases = [
        'length function' => ['open_length_check' => true, 'package_length_func' => function ($d) use (&$seen) {
            $seen = max($seen, strlen($d));
            return 0;
        }],
        'eof' => ['open_eof_check' => true, 'package_eof' => "\r\n"],
        'length field' => ['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4],
    ];
    foreach ($cases as $name => $settings) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        $b->setProtocol($settings + ['package_max_length' => '1M']);
        $sent = 0;
        go(function () use ($a, &$sent, $name) {
            // Up to 16 MiB, until the reader is gone.
            $chunk = $name === 'length field' ? pack('N', 2 << 20) . str_repeat('y', 65532) : str_repeat('x', 65536);
            while ($sent < (16 << 20) && $a->sendAll($chunk, 5) === strlen($chunk)) {
                $sent += strlen($chunk);
                $chunk = str_repeat('x', 65536);
            }
        });
        $t = microtime(true);
        $r = $b->recvPacket(10);
        echo "$name: ", var_export($r, true), " {$b->errCode} {$b->errMsg}", microtime(true) - $t < 8 ? "" : " (at the timeout)", "\n";
        $b->close();
        Co::sleep(0.05);
        echo "  the peer sent ", $sent <= (2 << 20) ? "at most 2 MiB" : ($sent >> 20) . " MiB", "\n";
    }
    echo "the length function saw at most ", $seen <= (1 << 20) ? "1 MiB" : "$seen bytes", "\n";
});
?>
--EXPECT--
length function: false 1201 no package length, package_max_length exceeded
  the peer sent at most 2 MiB
eof: false 1201 no package eof, package_max_length exceeded
  the peer sent at most 2 MiB
length field: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=:0, length=2097156
  the peer sent at most 2 MiB
the length function saw at most 1 MiB
