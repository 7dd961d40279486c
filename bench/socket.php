<?php
/**
 * Socket benchmarks on cosocket (or Swoole): prints `name value unit` lines.
 *   php -d extension=target/release/libcosocket.so bench/socket.php [workload...]
 * Workloads: pingpong64 pingpong64all pingpong16k connect udp (default: all).
 */
use Swoole\Coroutine\Socket;

require __DIR__ . '/workloads.inc';

function listener(): array
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->bind('127.0.0.1', 0);
    $s->listen(1024);
    return [$s, $s->getsockname()['port']];
}

/**
 * CONNS connections, ROUNDS round trips each, of $size-byte messages, read with
 * recvAll($size) when $all (as protocol code does), else with recv().
 */
function pingpong(int $size, bool $all = false): float
{
    [$server, $port] = listener();
    go(function () use ($server, $size, $all) {
        for ($i = 0; $i < CONNS; $i++) {
            $conn = $server->accept();
            go(function () use ($conn, $size, $all) {
                while (($d = ($all ? $conn->recvAll($size) : $conn->recv())) !== '' && $d !== false) {
                    $conn->sendAll($d);
                }
                $conn->close();
            });
        }
    });
    $msg = str_repeat('x', $size);
    $wg = new Co\WaitGroup();
    $t = hrtime(true);
    for ($i = 0; $i < CONNS; $i++) {
        $wg->add();
        go(function () use ($port, $msg, $size, $all, $wg) {
            $c = new Socket(AF_INET, SOCK_STREAM, 0);
            $c->connect('127.0.0.1', $port);
            for ($j = 0; $j < ROUNDS; $j++) {
                $c->sendAll($msg);
                $all ? $c->recvAll($size) : $c->recv();
            }
            $c->close();
            $wg->done();
        });
    }
    $wg->wait();
    $dt = (hrtime(true) - $t) / 1e9;
    $server->close();
    return $dt;
}

function connect_accept_close(int $total, int $parallel): float
{
    [$server, $port] = listener();
    go(function () use ($server, $total) {
        for ($i = 0; $i < $total; $i++) {
            $server->accept()->close();
        }
    });
    $wg = new Co\WaitGroup();
    $t = hrtime(true);
    for ($i = 0; $i < $parallel; $i++) {
        $wg->add();
        go(function () use ($port, $total, $parallel, $wg) {
            for ($j = 0; $j < $total / $parallel; $j++) {
                $c = new Socket(AF_INET, SOCK_STREAM, 0);
                $c->connect('127.0.0.1', $port);
                $c->close();
            }
            $wg->done();
        });
    }
    $wg->wait();
    return (hrtime(true) - $t) / 1e9;
}

function udp_pingpong(int $pairs, int $rounds): float
{
    $wg = new Co\WaitGroup();
    $t = hrtime(true);
    for ($p = 0; $p < $pairs; $p++) {
        $srv = new Socket(AF_INET, SOCK_DGRAM, 0);
        $srv->bind('127.0.0.1', 0);
        $port = $srv->getsockname()['port'];
        go(function () use ($srv, $rounds) {
            for ($i = 0; $i < $rounds; $i++) {
                $d = $srv->recvfrom($peer);
                $srv->sendto($peer['address'], $peer['port'], $d);
            }
        });
        $wg->add();
        go(function () use ($port, $rounds, $wg) {
            $c = new Socket(AF_INET, SOCK_DGRAM, 0);
            $msg = str_repeat('u', 64);
            for ($i = 0; $i < $rounds; $i++) {
                $c->sendto('127.0.0.1', $port, $msg);
                $c->recvfrom($peer);
            }
            $wg->done();
        });
    }
    $wg->wait();
    return (hrtime(true) - $t) / 1e9;
}

Co\run(function () use ($argv) {
    report(array_slice($argv, 1), 'pingpong', 'connect_accept_close', 'udp_pingpong');
});
