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
 * 50 µs of PHP: 500 md5 rounds, standing in for a request's own work). Default: both.
 */
use Swoole\Coroutine\Socket;

const CLIENT_CONNS = 64;
const MAX_REQUESTS = 1000;   // per connection, so at most 64,000 per run
const MAX_SECONDS = 2.0;     // a run also ends when this much time has passed
const RUNS = 3;
const HANDLER_ROUNDS = ['echo' => 0, 'handler50us' => 500];

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
            go(function () use ($conn, $rounds) {
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

/** Requests per second that $n workers serve, the handler doing $rounds md5 rounds. */
function measure(int $n, int $rounds): float
{
    $reserve = new Socket(AF_INET, SOCK_STREAM, 0);
    $reserve->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
    $reserve->bind('127.0.0.1', 0);
    $port = $reserve->getsockname()['port'];
    [$readyIn, $readyOut] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    $pids = [];
    for ($i = 0; $i < $n; $i++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            worker($port, $rounds, $readyOut, posix_getppid());
            exit(0);
        }
        $pids[] = $pid;
    }
    for ($i = 0; $i < $n; $i++) {
        fgets($readyIn);
    }
    $done = 0;
    $t = hrtime(true);
    Co\run(function () use ($port, $t, &$done) {
        $until = $t + (int) (MAX_SECONDS * 1e9);
        for ($c = 0; $c < CLIENT_CONNS; $c++) {
            go(function () use ($port, $until, &$done) {
                $client = new Socket(AF_INET, SOCK_STREAM, 0);
                if (!$client->connect('127.0.0.1', $port, 2)) {
                    return;
                }
                for ($r = 0; $r < MAX_REQUESTS && hrtime(true) < $until; $r++) {
                    if (!$client->sendAll("request $r\n", 2) || !$client->recvLine(65536, 2)) {
                        break;
                    }
                    $done++;
                }
                $client->close();
            });
        }
    });
    $seconds = (hrtime(true) - $t) / 1e9;
    foreach ($pids as $pid) {
        posix_kill($pid, SIGTERM);
        pcntl_waitpid($pid, $status);
    }
    $reserve->close();
    return $done / $seconds;
}

foreach (array_slice($argv, 1) ?: array_keys(HANDLER_ROUNDS) as $w) {
    if (!isset(HANDLER_ROUNDS[$w])) {
        fwrite(STDERR, "unknown workload $w\n");
        continue;
    }
    foreach ([1, 2] as $n) {
        $best = 0.0;
        for ($i = 0; $i < RUNS; $i++) {
            $best = max($best, measure($n, HANDLER_ROUNDS[$w]));
        }
        printf("workers%d_%s_requests_per_sec %.0f req/s\n", $n, $w, $best);
    }
}
