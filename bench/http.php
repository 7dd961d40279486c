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
    $reserve = new Socket(AF_INET, SOCK_STREAM, 0);
    $reserve->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
    $reserve->bind('127.0.0.1', 0);
    $port = $reserve->getsockname()['port'];
    [$in, $out] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    $pids = [];
    for ($i = 0; $i < $n; $i++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            fclose($in);
            worker($port, $out);
            exit(0);
        }
        $pids[] = $pid;
    }
    fclose($out);
    for ($i = 0; $i < $n; $i++) {
        fgets($in);
    }
    $wrk = shell_exec(sprintf('wrk -t2 -c%d -d%ds http://127.0.0.1:%d/ 2>&1', $conns, $seconds, $port));
    foreach ($pids as $pid) {
        posix_kill($pid, SIGTERM);
        pcntl_waitpid($pid, $status);
    }
    $per = array_fill_keys($pids, 0);
    while (($line = fgets($in)) !== false) {
        if (preg_match('/^conn (\d+)$/', trim($line), $m) && isset($per[(int) $m[1]])) {
            $per[(int) $m[1]]++;
        }
    }
    $reserve->close();
    if (!preg_match('/Requests\/sec:\s+([0-9.]+)/', (string) $wrk, $m)) {
        fwrite(STDERR, "wrk failed: $wrk\n");
        return [0.0, array_values($per)];
    }
    return [(float) $m[1], array_values($per)];
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
