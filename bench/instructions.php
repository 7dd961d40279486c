<?php
// Per-operation workloads for bench/instructions.sh: php instructions.php WORKLOAD N runs N
// operations of one kind, so that a large-N run minus a small-N run leaves the cost of
// N operations alone. Runs unchanged under Swoole (bench/instructions.sh --swoole).
//   chan       channel round trip: 2 push, 2 pop, 2 switches
//   tcp        64-byte sendAll/recvAll round trip on one connection
//   tcp100     the same over 100 connections at once (N round trips in all)
//   packet     length-framed recvPacket round trip on one connection
//   client     packet's round trip with a Co\Client (set(), send(), framed recv()) as the client
//   udp        sendto/recvfrom round trip, one client
//   udp50      the same with 50 client/server pairs at once (N round trips in all)
//   connect    connect + accept + close
//   stream     tcp's round trip with PHP streams on both sides (stream_socket_server/
//              accept/client, fwrite, fread), hooked by Co\run (SWOOLE_HOOK_TCP)
//   recvpacket one recvPacket of a 4-byte 'N' header + 64-byte body, the bytes already sent
//   recvall68  one recvAll(68) of the same bytes (recvpacket's reference)
//   spawn      a coroutine made and ended (it runs at once and returns)
//   sleepers   N coroutines made, each sleeping until all exist, then the script ends
use Swoole\Coroutine\Socket;
[$_, $what, $n] = $argv; $n = (int) $n;
const LENGTH = ['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4];

function listener(): array
{
    $l = new Socket(AF_INET, SOCK_STREAM, 0); $l->bind('127.0.0.1', 0); $l->listen(512);
    return [$l, $l->getsockname()['port']];
}

/** $conns echo connections, each doing $rounds round trips of $msg ($client: a Co\Client, framed). */
function tcp(int $conns, int $rounds, bool $packet, bool $client = false): void
{
    [$l, $port] = listener();
    go(function () use ($l, $conns, $packet) {
        for ($i = 0; $i < $conns; $i++) {
            $c = $l->accept();
            go(function () use ($c, $packet) {
                if ($packet) $c->setProtocol(LENGTH);
                while (true) {
                    $d = $packet ? $c->recvPacket() : $c->recvAll(64);
                    if ($d === '' || $d === false) break;
                    $c->sendAll($d);
                }
                $c->close();
            });
        }
    });
    $msg = $packet ? pack('N', 64) . str_repeat('x', 64) : str_repeat('x', 64);
    $wg = new Co\WaitGroup($conns);
    for ($i = 0; $i < $conns; $i++) {
        go(function () use ($port, $rounds, $packet, $msg, $wg, $client) {
            if ($client) {
                $c = new Co\Client(SWOOLE_SOCK_TCP); $c->set(LENGTH); $c->connect('127.0.0.1', $port);
                for ($i = 0; $i < $rounds; $i++) { $c->send($msg); $c->recv(); }
                $c->close();
                $wg->done();
                return;
            }
            $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $port);
            if ($packet) $c->setProtocol(LENGTH);
            for ($i = 0; $i < $rounds; $i++) { $c->sendAll($msg); $packet ? $c->recvPacket() : $c->recvAll(64); }
            $c->close();
            $wg->done();
        });
    }
    $wg->wait();
}

/** tcp(1, $rounds) with hooked PHP streams in place of Co\Socket: one fread() brings the
 *  64 bytes on loopback (read64() finishes a short read, which does not happen here). */
function stream(int $rounds): void
{
    $l = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $port = (int) substr(strrchr(stream_socket_get_name($l, false), ':'), 1);
    go(function () use ($l) {
        $c = stream_socket_accept($l, -1);
        while (($d = fread($c, 64)) !== '' && $d !== false) {
            if (strlen($d) !== 64) $d = read64($c, $d);
            fwrite($c, $d);
        }
        fclose($c);
    });
    $msg = str_repeat('x', 64);
    $c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    for ($i = 0; $i < $rounds; $i++) {
        fwrite($c, $msg);
        $d = fread($c, 64);
        if (strlen($d) !== 64) read64($c, $d);
    }
    fclose($c);
}

/** The rest of 64 bytes after a short read $d. */
function read64($s, string $d): string
{
    while (strlen($d) < 64 && ($r = fread($s, 64 - strlen($d))) !== '' && $r !== false) $d .= $r;
    return $d;
}

/** $pairs UDP client/server pairs, $rounds round trips each. */
function udp(int $pairs, int $rounds): void
{
    $wg = new Co\WaitGroup($pairs);
    $ports = [];
    for ($k = 0; $k < $pairs; $k++) {
        // bind() sets SO_REUSEADDR (Swoole's too), and Linux may then give two UDP sockets
        // bound to port 0 the same port: their clients' datagrams would mix and a pair
        // would wait out its 60 s timeout. Each server gets a port of its own.
        do {
            $s = new Socket(AF_INET, SOCK_DGRAM, 0); $s->bind('127.0.0.1', 0); $sp = $s->getsockname()['port'];
        } while (isset($ports[$sp]));
        $ports[$sp] = true;
        go(function () use ($s, $rounds) {
            for ($i = 0; $i < $rounds; $i++) { $d = $s->recvfrom($peer); $s->sendto($peer['address'], $peer['port'], $d); }
        });
        go(function () use ($sp, $rounds, $wg) {
            $c = new Socket(AF_INET, SOCK_DGRAM, 0);
            $msg = str_repeat('x', 64);
            for ($i = 0; $i < $rounds; $i++) { $c->sendto('127.0.0.1', $sp, $msg); $c->recvfrom($peer); }
            $wg->done();
        });
    }
    $wg->wait();
}

/** $n packets already written by a peer, read one call each. */
function reads(int $n, bool $packet): void
{
    [$l, $port] = listener();
    $tx = new Socket(AF_INET, SOCK_STREAM, 0); $tx->connect('127.0.0.1', $port);
    $rx = $l->accept();
    if ($packet) $rx->setProtocol(LENGTH);
    $batch = str_repeat(pack('N', 64) . str_repeat('x', 64), 100);
    go(function () use ($tx, $batch, $n) { for ($i = 0; $i < $n / 100; $i++) $tx->sendAll($batch); });
    for ($i = 0; $i < $n; $i++) { $packet ? $rx->recvPacket() : $rx->recvAll(68); }
}

Co\run(function () use ($what, $n) {
    switch ($what) {
        case 'tcp': tcp(1, $n, false); break;
        case 'tcp100': tcp(100, intdiv($n, 100), false); break;
        case 'packet': tcp(1, $n, true); break;
        case 'client': tcp(1, $n, true, true); break;
        case 'stream': stream($n); break;
        case 'udp': udp(1, $n); break;
        case 'udp50': udp(50, intdiv($n, 50)); break;
        case 'recvpacket': reads($n, true); break;
        case 'recvall68': reads($n, false); break;
        case 'connect':
            [$l, $port] = listener();
            go(function () use ($l, $n) { for ($i = 0; $i < $n; $i++) { $k = $l->accept(); $k->close(); } });
            for ($i = 0; $i < $n; $i++) { $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $port); $c->recv(1); $c->close(); }
            break;
        case 'chan':
            $a = new Co\Channel(1); $b = new Co\Channel(1);
            go(function () use ($a, $b, $n) { for ($i = 0; $i < $n; $i++) { $b->push($a->pop()); } });
            for ($i = 0; $i < $n; $i++) { $a->push($i); $b->pop(); }
            break;
        case 'spawn':
            for ($i = 0; $i < $n; $i++) go(function () {});
            break;
        case 'sleepers':
            $all = new Co\Channel(1);
            for ($i = 0; $i < $n; $i++) go(function () use ($all) { $all->pop(0.001); });
            break;
        default:
            fwrite(STDERR, "unknown workload $what\n"); exit(1);
    }
});
