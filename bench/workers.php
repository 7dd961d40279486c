<?php
/**
 * Scaling over processes: N workers forked from this process, each with its own
 * SO_REUSEPORT listener on one 127.0.0.1 port (as in examples/reuseport_workers.php),
 * serve a line protocol to a client load run from this process. Prints
 * `name value unit` lines, requests per second for 1 and 2 workers (the best of
 * RUNS runs: where the scheduler puts the client and a worker, same core or not,
 * moves a single run by up to 2x on a 2-core machine):
 *   php -d extension=target/release/libcosocket.so bench/workers.php [workload...]
 * Workloads: echo (the line comes back), handler50us (each request first costs about
 * 50 µs of PHP: 500 md5 rounds, standing in for a request's own work), pingpong64
 * (64-byte messages read with recvAll(64) on both sides). Default: all three. Each
 * figure comes with how the kernel spread the client's connections over the workers.
 */
use Swoole\Coroutine\Socket;

require __DIR__ . '/workers.inc';

const CLIENT_CONNS = 64;
const MAX_REQUESTS = 1000;   // per connection, so at most 64,000 per run
const MAX_SECONDS = 2.0;     // a run also ends when this much time has passed
const RUNS = 3;
const HANDLER_ROUNDS = ['echo' => 0, 'handler50us' => 500, 'pingpong64' => -1];  // -1: 64-byte messages
const MESSAGE = 64;

function worker(int $port, int $rounds, $ready, int $parent): void
{
    Co\run(function () use ($port, $rounds, $ready, $parent) {
        $server = new Socket(AF_INET, SOCK_STREAM, 0);
        $server->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
        $server->bind('127.0.0.1', $port);
        $server->listen(1024);
        fwrite($ready, "up\n");
        go(function () use ($server, $parent) {
            while (posix_getppid() === $parent) {
                Co::sleep(0.2);
            }
            $server->close();
        });
        while ($conn = $server->accept()) {
            fwrite($ready, "conn " . getmypid() . "\n");
            go(function () use ($conn, $rounds) {
                if ($rounds < 0) {
                    while (($m = $conn->recvAll(MESSAGE)) !== '' && $m !== false && $conn->sendAll($m)) {
                    }
                    $conn->close();
                    return;
                }
                while (($line = $conn->recvLine()) !== '' && $line !== false) {
                    for ($i = 0; $i < $rounds; $i++) {
                        $line = md5($line);
                    }
                    $conn->sendAll($rounds ? "$line\n" : $line);
                }
                $conn->close();
            });
        }
    });
}

/**
 * [requests per second that $n workers serve, the handler doing $rounds md5 rounds,
 * connections each worker accepted].
 */
function measure(int $n, int $rounds): array
{
    [$port, $pids, $in, $reserve] = start_workers($n, fn(int $port, $report) => worker($port, $rounds, $report, posix_getppid()));
    $done = 0;
    $t = hrtime(true);
    Co\run(function () use ($port, $t, $rounds, &$done) {
        $until = $t + (int) (MAX_SECONDS * 1e9);
        for ($c = 0; $c < CLIENT_CONNS; $c++) {
            go(function () use ($port, $until, $rounds, &$done) {
                $client = new Socket(AF_INET, SOCK_STREAM, 0);
                if (!$client->connect('127.0.0.1', $port, 2)) {
                    return;
                }
                $msg = str_repeat('m', MESSAGE);
                for ($r = 0; $r < MAX_REQUESTS && hrtime(true) < $until; $r++) {
                    $ok = $rounds < 0
                        ? $client->sendAll($msg, 2) && $client->recvAll(MESSAGE, 2)
                        : $client->sendAll("request $r\n", 2) && $client->recvLine(65536, 2);
                    if (!$ok) {
                        break;
                    }
                    $done++;
                }
                $client->close();
            });
        }
    });
    $seconds = (hrtime(true) - $t) / 1e9;
    return [$done / $seconds, stop_workers($pids, $in, $reserve)];
}

foreach (array_slice($argv, 1) ?: array_keys(HANDLER_ROUNDS) as $w) {
    if (!isset(HANDLER_ROUNDS[$w])) {
        fwrite(STDERR, "unknown workload $w\n");
        continue;
    }
    foreach ([1, 2] as $n) {
        $best = [0.0, []];
        for ($i = 0; $i < RUNS; $i++) {
            $r = measure($n, HANDLER_ROUNDS[$w]);
            if ($r[0] > $best[0]) {
                $best = $r;
            }
        }
        printf("workers%d_%s_requests_per_sec %.0f req/s\n", $n, $w, $best[0]);
        printf("workers%d_%s_connections_per_worker %s conns\n", $n, $w, implode('/', $best[1]));
    }
}
