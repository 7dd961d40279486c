<?php
/**
 * Scaling across cores as PHP servers do: the parent forks one worker per core, each
 * with its own listening Co\Socket bound with SO_REUSEPORT to the same port, so the
 * kernel spreads the connections over them. The parent then runs a short client load
 * on 127.0.0.1, prints which workers answered, and stops them.
 *
 *   php -d extension=target/release/libcosocket.so examples/reuseport_workers.php [workers]
 */
use Swoole\Coroutine\Socket;

const CONNECTIONS = 16;
const REQUESTS = 25;   // per connection: 400 in all

$cores = preg_match_all('/^processor\s*:/m', (string) @file_get_contents('/proc/cpuinfo')) ?: 2;
$n = max(1, (int) ($argv[1] ?? $cores));

// Keep a port: bound (SO_REUSEPORT, so the workers may bind it too) but not
// listening, so it takes no connections.
$reserve = new Socket(AF_INET, SOCK_STREAM, 0);
$reserve->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
$reserve->bind('127.0.0.1', 0);
$port = $reserve->getsockname()['port'];

/** A worker: its own listener on the shared port; each line comes back as "<pid> <line>". */
function worker(int $port, $ready, int $parent): void
{
    Co\run(function () use ($port, $ready, $parent) {
        $server = new Socket(AF_INET, SOCK_STREAM, 0);
        $server->setOption(SOL_SOCKET, SO_REUSEPORT, 1);
        $server->bind('127.0.0.1', $port);
        $server->listen(512);
        fwrite($ready, "up\n");
        go(function () use ($server, $parent) {   // never outlive the parent
            while (posix_getppid() === $parent) {
                Co::sleep(0.2);
            }
            $server->close();
        });
        $pid = getmypid();
        while ($conn = $server->accept()) {
            go(function () use ($conn, $pid) {
                while (($line = $conn->recvLine()) !== '' && $line !== false) {
                    $conn->sendAll("$pid $line");
                }
                $conn->close();
            });
        }
    });
}

[$readyIn, $readyOut] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$workers = [];
for ($i = 0; $i < $n; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        worker($port, $readyOut, posix_getppid());
        exit(0);
    }
    $workers[] = $pid;
}
for ($i = 0; $i < $n; $i++) {
    fgets($readyIn);                          // every worker listens now
}
echo "parent: $n workers on 127.0.0.1:$port\n";

$answered = array_fill_keys($workers, 0);
$conns = array_fill_keys($workers, 0);
$t = hrtime(true);
Co\run(function () use ($port, &$answered, &$conns) {
    for ($c = 0; $c < CONNECTIONS; $c++) {
        go(function () use ($port, &$answered, &$conns) {
            $client = new Socket(AF_INET, SOCK_STREAM, 0);
            if (!$client->connect('127.0.0.1', $port, 2)) {
                echo "connect: {$client->errMsg}\n";
                return;
            }
            for ($r = 0; $r < REQUESTS; $r++) {
                $client->sendAll("request $r\n", 2);
                $reply = $client->recvLine(65536, 2);
                if (!$reply) {
                    echo "recvLine: {$client->errMsg}\n";
                    break;
                }
                $pid = (int) $reply;
                $answered[$pid]++;
                if ($r === 0) {
                    $conns[$pid]++;
                }
            }
            $client->close();
        });
    }
});
$ms = (hrtime(true) - $t) / 1e6;
printf("parent: %d requests over %d connections in %.0f ms\n", array_sum($answered), CONNECTIONS, $ms);
foreach ($answered as $pid => $count) {
    echo "  worker $pid answered $count requests on {$conns[$pid]} connections\n";
}

foreach ($workers as $pid) {
    posix_kill($pid, SIGTERM);                // its default action ends the worker
}
foreach ($workers as $pid) {
    pcntl_waitpid($pid, $status);
    echo "parent: worker $pid ", pcntl_wifsignaled($status) ? "stopped by signal " . pcntl_wtermsig($status) : "exited " . pcntl_wexitstatus($status), "\n";
}
