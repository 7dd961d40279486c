<?php
// Per-operation workloads for bench/instructions.sh: php instructions.php WORKLOAD N runs N
// round trips of one kind (tcp: 64-byte sendAll/recvAll, packet: length-framed
// recvPacket, udp: sendto/recvfrom, connect: connect+accept+close, chan: channel
// push/pop round trip).
use Swoole\Coroutine\Socket;
[$_, $what, $n] = $argv; $n = (int) $n;
Co\run(function () use ($what, $n) {
    $l = new Socket(AF_INET, SOCK_STREAM, 0); $l->bind('127.0.0.1', 0); $l->listen(128);
    $port = $l->getsockname()['port'];
    if ($what === 'tcp' || $what === 'packet') {
        go(function () use ($l, $what) {
            $c = $l->accept();
            if ($what === 'packet') $c->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
            while (true) {
                $d = $what === 'packet' ? $c->recvPacket() : $c->recvAll(64);
                if ($d === '' || $d === false) break;
                $c->sendAll($d);
            }
        });
        $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $port);
        if ($what === 'packet') $c->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
        $msg = $what === 'packet' ? pack('N', 64) . str_repeat('x', 64) : str_repeat('x', 64);
        for ($i = 0; $i < $n; $i++) { $c->sendAll($msg); $what === 'packet' ? $c->recvPacket() : $c->recvAll(64); }
        $c->close();
    } elseif ($what === 'udp') {
        $s = new Socket(AF_INET, SOCK_DGRAM, 0); $s->bind('127.0.0.1', 0); $sp = $s->getsockname()['port'];
        go(function () use ($s, $n) { for ($i = 0; $i < $n; $i++) { $d = $s->recvfrom($peer); $s->sendto($peer['address'], $peer['port'], $d); } });
        $c = new Socket(AF_INET, SOCK_DGRAM, 0);
        for ($i = 0; $i < $n; $i++) { $c->sendto('127.0.0.1', $sp, str_repeat('x', 64)); $c->recvfrom($peer); }
    } elseif ($what === 'connect') {
        go(function () use ($l, $n) { for ($i = 0; $i < $n; $i++) { $k = $l->accept(); $k->close(); } });
        for ($i = 0; $i < $n; $i++) { $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $port); $c->recv(1); $c->close(); }
    } elseif ($what === 'chan') {
        $a = new Co\Channel(1); $b = new Co\Channel(1);
        go(function () use ($a, $b, $n) { for ($i = 0; $i < $n; $i++) { $b->push($a->pop()); } });
        for ($i = 0; $i < $n; $i++) { $a->push($i); $b->pop(); }
    }
});
