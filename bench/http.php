<?php
/**
 * An HTTP/1.1 keep-alive server on Co\Socket under wrk, with 1 and 2 worker processes
 * on one SO_REUSEPORT port. Each worker cuts requests with recvPacket() (EOF framing
 * on "\r\n\r\n": GET requests, no body) and answers a 13-byte body. Prints, per worker
 * count, `name value unit` lines: requests per second (best of RUNS wrk runs) and how
 * the kernel spread wrk's connections over the workers.
 *   php -d extension=target/release/libcosocket.so bench/http.php [connections] [seconds]
 * Needs wrk (apt-get install wrk). Runs unchanged on Swoole.
 */
use Swoole\Coroutine\Socket;

require __DIR__ . '/workers.inc';

const RUNS = 3;
$conns = (int) ($argv[1] ?? 64);
$seconds = (int) ($argv[2] ?? 3);

function worker(int $port, $report): void
{
    Co\run(function () use ($port, $report) {
        $server = new Socket(AF_INET, SOCK_STREAM, 0);
        $server->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
        $server->bind('127.0.0.1', $port);
        $server->listen(1024);
        fwrite($report, "up\n");
        // Each accept is reported as it happens: the parent counts them per worker.
        while ($conn = $server->accept()) {
            fwrite($report, "conn " . getmypid() . "\n");
            go(function () use ($conn) {
                $conn->setProtocol(['open_eof_check' => true, 'package_eof' => "\r\n\r\n", 'package_max_length' => 65536]);
                $reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, world!";
                while (($req = $conn->recvPacket()) !== '' && $req !== false) {
                    if (!$conn->sendAll($reply)) {
                        break;
                    }
                }
                $conn->close();
            });
        }
    });
}

/** [requests per second, connections accepted by each worker] with $n workers. */
function measure(int $n, int $conns, int $seconds): array
{
    [$port, $pids, $in, $reserve] = start_workers($n, 'worker');
    $wrk = shell_exec(sprintf('wrk -t2 -c%d -d%ds http://127.0.0.1:%d/ 2>&1', $conns, $seconds, $port));
    $per = stop_workers($pids, $in, $reserve);
    if (!preg_match('/Requests\/sec:\s+([0-9.]+)/', (string) $wrk, $m)) {
        fwrite(STDERR, "wrk failed: $wrk\n");
        return [0.0, $per];
    }
    return [(float) $m[1], $per];
}

foreach ([1, 2] as $n) {
    $best = [0.0, []];
    for ($i = 0; $i < RUNS; $i++) {
        $r = measure($n, $conns, $seconds);
        if ($r[0] > $best[0]) {
            $best = $r;
        }
    }
    printf("http_workers%d_requests_per_sec %.0f req/s\n", $n, $best[0]);
    printf("http_workers%d_connections_per_worker %s conns\n", $n, implode('/', $best[1]));
}
