<?php
/**
 * TLS benchmarks on cosocket (or Swoole, unchanged): prints `name value unit` lines.
 *   php -d extension=target/release/libcosocket.so bench/tls.php [workload...]
 *   php -n -d extension=sockets -d extension=.../swoole.so bench/tls.php [workload...]
 * Workloads: pingpong64 pingpong16k handshake (default: all); `probe` does one
 * handshake and one 64-byte round trip (to read the negotiated suite under strace).
 * Client and server run in this process over 127.0.0.1; 50 connections; an RSA-2048
 * self-signed certificate made at start with the openssl command in a temp dir.
 * Each workload runs for TLS_SECONDS (env, default 3) seconds; the count of messages
 * or handshakes goes to stderr (for syscalls per message under strace).
 */
use Swoole\Coroutine\Socket;

const CONNS = 50;
define('SECONDS', (float) (getenv('TLS_SECONDS') ?: 3));

function make_cert(): string
{
    $dir = sys_get_temp_dir() . '/cosocket-tlsbench-' . getmypid() . '-' . bin2hex(random_bytes(3));
    mkdir($dir);
    register_shutdown_function(function () use ($dir) {
        foreach (glob("$dir/*") as $f) unlink($f);
        rmdir($dir);
    });
    exec('cd ' . escapeshellarg($dir) . ' && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem'
        . ' -out cert.pem -days 2 -subj /CN=localhost 2>&1', $out, $rc);
    if ($rc !== 0) die("openssl failed:\n" . implode("\n", $out) . "\n");
    return $dir;
}

/**
 * Settings for both sides. SWOOLE_SSL_TLSv1_3 exists in Swoole but not in cosocket
 * (which defines no SWOOLE_SSL_* constants), so ssl_protocols is left at its default;
 * with OpenSSL 3 both negotiate TLS 1.3, TLS_AES_256_GCM_SHA384 (see bench/RESULTS.md).
 */
function tls_settings(array $extra = []): array
{
    return ['open_ssl' => true] + $extra;
}

function listener(string $dir): array
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->setProtocol(tls_settings(['ssl_cert_file' => "$dir/cert.pem", 'ssl_key_file' => "$dir/key.pem"]));
    $s->bind('127.0.0.1', 0);
    $s->listen(1024);
    return [$s, $s->getsockname()['port']];
}

function client(int $port): Socket
{
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(tls_settings());
    if (!$c->connect('127.0.0.1', $port, 30)) {
        die("connect failed: $c->errCode $c->errMsg\n");
    }
    return $c;
}

/** Echo server: accepts $n connections, handshakes each, echoes until closed. */
function echo_server(Socket $server, int $n, int $size): void
{
    go(function () use ($server, $n, $size) {
        for ($i = 0; $i < $n; $i++) {
            $conn = $server->accept(30);
            if ($conn === false) die("accept failed: $server->errCode\n");
            go(function () use ($conn, $size) {
                if (!$conn->sslHandshake()) die("sslHandshake failed: $conn->errCode\n");
                while (($d = ($size > 1024 ? $conn->recvAll($size) : $conn->recv())) !== '' && $d !== false) {
                    $conn->sendAll($d);
                }
                $conn->close();
            });
        }
    });
}

/**
 * CONNS connections (handshakes not timed), then each sends $size bytes and waits for
 * the echo, for SECONDS. Returns [round trips, seconds].
 */
function pingpong(string $dir, int $size, float $seconds): array
{
    [$server, $port] = listener($dir);
    echo_server($server, CONNS, $size);
    $msg = str_repeat('x', $size);
    $ready = new Co\WaitGroup();
    $done = new Co\WaitGroup();
    $start = new Co\Channel(CONNS);
    $total = 0;
    for ($i = 0; $i < CONNS; $i++) {
        $ready->add();
        $done->add();
        go(function () use ($port, $msg, $size, $ready, $done, $start, &$total) {
            $c = client($port);
            $ready->done();
            $deadline = $start->pop();
            $n = 0;
            do {
                $c->sendAll($msg);
                if ($size > 1024) {
                    $c->recvAll($size);
                } else {
                    $got = strlen($c->recv());
                    while ($got < $size) $got += strlen($c->recv());
                }
                $n++;
            } while (hrtime(true) < $deadline);
            $total += $n;
            $c->close();
            $done->done();
        });
    }
    $ready->wait();
    $t = hrtime(true);
    for ($i = 0; $i < CONNS; $i++) $start->push($t + (int) ($seconds * 1e9));
    $done->wait();
    $dt = (hrtime(true) - $t) / 1e9;
    $server->close();
    return [$total, $dt];
}

/**
 * Waves of CONNS clients connecting at once (each handshakes in connect(), the server
 * in sslHandshake()), then closing, until SECONDS have passed. Returns [handshakes, s].
 */
function handshakes(string $dir, float $seconds): array
{
    [$server, $port] = listener($dir);
    go(function () use ($server) {
        while (($conn = $server->accept(-1)) !== false) {
            go(function () use ($conn) {
                $conn->sslHandshake();
                $conn->close();
            });
        }
    });
    $total = 0;
    $t = hrtime(true);
    $deadline = $t + (int) ($seconds * 1e9);
    do {
        $wg = new Co\WaitGroup();
        for ($i = 0; $i < CONNS; $i++) {
            $wg->add();
            go(function () use ($port, $wg) {
                client($port)->close();
                $wg->done();
            });
        }
        $wg->wait();
        $total += CONNS;
    } while (hrtime(true) < $deadline);
    $dt = (hrtime(true) - $t) / 1e9;
    $server->close();
    return [$total, $dt];
}

$dir = make_cert();
Co\run(function () use ($argv, $dir) {
    foreach (array_slice($argv, 1) ?: ['pingpong64', 'pingpong16k', 'handshake'] as $w) {
        switch ($w) {
            case 'pingpong64':
                [$n, $dt] = pingpong($dir, 64, SECONDS);
                fprintf(STDERR, "# pingpong64: %d round trips in %.2f s\n", $n, $dt);
                printf("tls_pingpong64_round_trips_per_sec %.0f rt/s\n", $n / $dt);
                break;
            case 'pingpong16k':
                [$n, $dt] = pingpong($dir, 16384, SECONDS);
                fprintf(STDERR, "# pingpong16k: %d round trips in %.2f s\n", $n, $dt);
                printf("tls_pingpong16k_mb_per_sec %.1f MB/s\n", $n * 16384 / $dt / 1e6);
                break;
            case 'handshake':
                [$n, $dt] = handshakes($dir, SECONDS);
                fprintf(STDERR, "# handshake: %d handshakes in %.2f s\n", $n, $dt);
                printf("tls_handshakes_per_sec %.0f hs/s\n", $n / $dt);
                break;
            case 'probe':
                [$server, $port] = listener($dir);
                echo_server($server, 1, 64);
                $c = client($port);
                $c->sendAll(str_repeat('p', 64));
                echo strlen($c->recv()) === 64 ? "probe ok\n" : "probe failed\n";
                $c->close();
                $server->close();
                break;
            default:
                fwrite(STDERR, "unknown workload $w\n");
        }
    }
});
