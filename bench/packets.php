<?php
/**
 * recvPacket throughput on cosocket (or Swoole): prints `name value unit` lines.
 *   php -d extension=target/release/libcosocket.so bench/packets.php [workload...]
 * One process, one TCP loopback connection, one sender coroutine writing batches of
 * BATCH packets with sendAll, one reader coroutine; best of RUNS runs.
 * Workloads (default: all):
 *   length      100,000 packets of a 4-byte 'N' length header + 64-byte body, recvPacket
 *               with open_length_check (package_body_offset 4)
 *   eof         100,000 packets of a 64-byte body + "\r\n", recvPacket with open_eof_split
 *   raw         the length workload's bytes read with one recvAll of the total: the
 *               reference (bytes/s, and the packets/s those bytes would be)
 *   recvall68   the length workload's bytes read with recvAll(68) per packet: what one
 *               would write without recvPacket
 */
use Swoole\Coroutine\Socket;

const PACKETS = 100000, BODY = 64, BATCH = 1000, RUNS = 3;

function pair(): array
{
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen(4);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port'], 5);
    $s = $l->accept();
    $l->close();
    return [$c, $s];
}

/** Seconds for the reader to get every packet; $read returns the number of packets it got. */
function run(string $packet, callable $setup, callable $read): float
{
    [$tx, $rx] = pair();
    $setup($rx);
    $batch = str_repeat($packet, BATCH);
    $done = new Co\Channel(1);
    $t = hrtime(true);
    go(function () use ($tx, $batch, $done) {
        for ($i = 0; $i < PACKETS / BATCH; $i++) {
            if ($tx->sendAll($batch) !== strlen($batch)) {
                throw new RuntimeException("sendAll failed: {$tx->errMsg}");
            }
        }
        $done->push(true);
    });
    $got = $read($rx);
    $secs = (hrtime(true) - $t) / 1e9;
    $done->pop();
    if ($got !== PACKETS) {
        throw new RuntimeException("reader got $got packets, not " . PACKETS . ": errCode {$rx->errCode}");
    }
    $tx->close();
    $rx->close();
    return $secs;
}

function best(callable $one): float
{
    $best = INF;
    for ($i = 0; $i < RUNS; $i++) $best = min($best, $one());
    return $best;
}

$body = str_repeat('p', BODY);
$lengthPacket = pack('N', BODY) . $body;
$eofPacket = $body . "\r\n";
$perPacket = function (int $size) {
    return function (Socket $rx) use ($size) {
        for ($n = 0; $n < PACKETS; $n++) {
            $p = $rx->recvPacket(10);
            if (strlen($p) !== $size) break;
        }
        return $n;
    };
};
$workloads = [
    'length' => fn() => PACKETS / best(fn() => run($lengthPacket, fn($rx) => $rx->setProtocol([
        'open_length_check' => true, 'package_length_type' => 'N',
        'package_length_offset' => 0, 'package_body_offset' => 4,
    ]), $perPacket(strlen($lengthPacket)))),
    'eof' => fn() => PACKETS / best(fn() => run($eofPacket, fn($rx) => $rx->setProtocol([
        'open_eof_split' => true, 'package_eof' => "\r\n",
    ]), $perPacket(strlen($eofPacket)))),
    'raw' => fn() => PACKETS / best(fn() => run($lengthPacket, fn($rx) => null, function (Socket $rx) use ($lengthPacket) {
        $total = PACKETS * strlen($lengthPacket);
        return strlen((string) $rx->recvAll($total, 10)) === $total ? PACKETS : 0;
    })),
    'recvall68' => fn() => PACKETS / best(fn() => run($lengthPacket, fn($rx) => null, function (Socket $rx) use ($lengthPacket) {
        $size = strlen($lengthPacket);
        for ($n = 0; $n < PACKETS; $n++) {
            if (strlen((string) $rx->recvAll($size, 10)) !== $size) break;
        }
        return $n;
    })),
];

$names = array_slice($argv, 1) ?: array_keys($workloads);
Co\run(function () use ($names, $workloads, $lengthPacket) {
    foreach ($names as $name) {
        if (!isset($workloads[$name])) {
            fwrite(STDERR, "unknown workload $name\n");
            continue;
        }
        $pps = $workloads[$name]();
        printf("packets_%s %.0f packets/s\n", $name, $pps);
        if ($name === 'raw') {
            printf("packets_raw_bytes %.1f MB/s\n", $pps * strlen($lengthPacket) / 1e6);
        }
    }
});
