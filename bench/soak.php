<?php
/**
 * A bounded soak: a client that mixes every kind of connection a long-running service
 * sees against a forked echo server on loopback, and prints its own memory as it goes,
 * so that growth per operation shows (or does not).
 *
 *   php -d extension=target/release/libcosocket.so bench/soak.php [seconds=60] [clients=32] [report every N ops=20000] [kinds: 0,1,...]
 *
 * Each operation is one of: a plain connection with a few length-framed packets, a TLS
 * one, a reused keep-alive connection, a packet the server answers too late (the read
 * times out), a read cancelled from another coroutine (by the socket, or the coroutine,
 * with and without an exception), a connection the server resets, a connect to a
 * closed port, one to a name, one that times out, a channel with a context and a defer,
 * datagrams, vectors. Lines: seconds, operations, memory_get_usage() (PHP's heap),
 * its real size, the process's anonymous RSS (not the pages of files mapped, such as the
 * code), the part of it in coroutine stacks and the rest,
 * coroutines alive (and the most ever), open fds; "/op": bytes per operation grown
 * since the first report (after a warm-up). Needs pcntl (built into Debian's php)
 * and the openssl command.
 */
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

$seconds = (float) ($argv[1] ?? 60);
$clients = (int) ($argv[2] ?? 32);
$every = (int) ($argv[3] ?? 20000);
// Only these kinds of operation (numbers as in the switch below), to tell which grows.
$kinds = isset($argv[4]) ? array_map('intval', explode(',', $argv[4])) : range(0, 16);

const FRAMING = ['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0,
    'package_body_offset' => 4, 'package_max_length' => 1 << 20];

function certs(): string
{
    $dir = sys_get_temp_dir() . '/cosocket-soak-' . getmypid();
    @mkdir($dir);
    exec('openssl req -x509 -newkey rsa:2048 -nodes -keyout ' . escapeshellarg("$dir/key.pem") . ' -out '
        . escapeshellarg("$dir/cert.pem") . ' -days 2 -subj /CN=localhost 2>/dev/null', $out, $rc);
    if ($rc !== 0) {
        exit("openssl failed\n");
    }
    return $dir;
}

function listener(array $settings): Socket
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->setProtocol($settings);
    $s->bind('127.0.0.1', 0);
    $s->listen(1024);
    return $s;
}

function frame(string $body): string
{
    return pack('N', strlen($body)) . $body;
}

/** The server: echoes each packet; "slow:" ones late, "reset:" ones with a reset. Ends
 * when $control reads the end (the client is done). */
function serve(Socket $plain, Socket $tls, Socket $control): void
{
    go(function () use ($control) {
        $control->recv(65536, -1);
        exit(0);
    });
    foreach ([$plain, $tls] as $l) {
        go(function () use ($l, $tls) {
            while (($c = $l->accept(-1)) !== false) {
                go(function () use ($c, $l, $tls) {
                    if ($l === $tls && !$c->sslHandshake()) {
                        $c->close();
                        return;
                    }
                    while (($p = $c->recvPacket(30)) !== false && $p !== '') {
                        $body = substr($p, 4);
                        if (str_starts_with($body, 'slow:')) {
                            Coroutine::sleep(0.2);
                        } elseif (str_starts_with($body, 'reset:')) {
                            $c->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
                            break;
                        }
                        if ($c->sendAll($p) === false) {
                            break;
                        }
                    }
                    $c->close();
                });
            }
        });
    }
}

$dir = certs();
$plain = listener(FRAMING);
$tls = listener(FRAMING + ['open_ssl' => true, 'ssl_cert_file' => "$dir/cert.pem", 'ssl_key_file' => "$dir/key.pem"]);
$ports = [$plain->getsockname()['port'], $tls->getsockname()['port']];
$closed = new Socket(AF_INET, SOCK_STREAM, 0);
$closed->bind('127.0.0.1', 0);
$closedPort = $closed->getsockname()['port'];    // bound, never listening: refused
$full = new Socket(AF_INET, SOCK_STREAM, 0);      // listening, never accepting: once its
$full->bind('127.0.0.1', 0);                      // queue is full, connects time out
$full->listen(0);
$fullPort = $full->getsockname()['port'];

[$control, $serverControl] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
$pid = pcntl_fork();
if ($pid === 0) {
    $control->close();
    Co\run(fn() => serve($plain, $tls, $serverControl));
    exit(0);
}
$serverControl->close();
$plain->close();
$tls->close();

/** The process's anonymous resident memory (heap, stacks): what a leak would grow. */
function rss(): int
{
    preg_match('/^RssAnon:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1] * 1024;
}

function fds(): int
{
    return count(scandir('/proc/self/fd')) - 2;
}

/** The resident part of the coroutine stacks: the anonymous mappings of a multiple of
 * the default stack's length (2 MiB and a guard page; neighbours merge). */
function stack_rss(): int
{
    $rss = 0;
    $stack = false;
    foreach (file('/proc/self/smaps') as $line) {
        if (preg_match('/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(\S*)$/', $line, $m)) {
            $stack = $m[1] === '';
        } elseif ($stack && preg_match('/^Size:\s+(\d+) kB/', $line, $m)) {
            $stack = (int) $m[1] % 2052 === 0;
        } elseif ($stack && preg_match('/^Rss:\s+(\d+) kB/', $line, $m)) {
            $rss += (int) $m[1] * 1024;
        }
    }
    return $rss;
}

function connect(int $port, bool $tls): Socket
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->setProtocol(FRAMING + ($tls ? ['open_ssl' => true, 'ssl_verify_peer' => false] : []));
    if (!$s->connect('127.0.0.1', $port, 5)) {
        throw new RuntimeException("connect: $s->errMsg");
    }
    return $s;
}

function echo_ok(Socket $s, string $body, float $timeout = 5): bool
{
    return $s->sendAll(frame($body)) !== false && $s->recvPacket($timeout) === frame($body);
}

$stats = ['ops' => 0, 'errors' => 0, 'echoed' => 0];
$t0 = microtime(true);
Co\run(function () use ($ports, $closedPort, $fullPort, $clients, $seconds, $every, $kinds, &$stats, $t0) {
    $report = function () use (&$stats, $t0) {
        static $base = null;
        $now = [memory_get_usage(), memory_get_usage(true), rss(), fds(), stack_rss()];
        $base ??= [$stats['ops'], $now];
        $per = fn($i) => $stats['ops'] > $base[0] ? sprintf('%+.3f', ($now[$i] - $base[1][$i]) / ($stats['ops'] - $base[0])) : '-';
        printf("%6.1fs %9d ops  mem %8d (%s/op)  real %8d  rss %9d (%s/op), stacks %8d, other %8d (%s/op)  coroutines %3d (peak %d)  fds %3d  errors %d\n",
            microtime(true) - $t0, $stats['ops'], $now[0], $per(0), $now[1], $now[2], $per(2), $now[4], $now[2] - $now[4],
            $stats['ops'] > $base[0] ? sprintf('%+.3f', ($now[2] - $now[4] - $base[1][2] + $base[1][4]) / ($stats['ops'] - $base[0])) : '-',
            Coroutine::stats()['coroutine_num'], Coroutine::stats()['coroutine_peak_num'], $now[3], $stats['errors']);
    };
    $deadline = $t0 + $seconds;
    $wg = new Coroutine\WaitGroup();
    for ($i = 0; $i < $clients; $i++) {
        $wg->add();
        go(function () use ($ports, $closedPort, $fullPort, $deadline, $every, $kinds, &$stats, $report, $wg, $i) {
            $keep = null;
            $n = 0;
            while (microtime(true) < $deadline) {
                $n++;
                $body = str_repeat(chr(65 + $n % 26), 1 + ($n * 7919 + $i) % 3000);
                $ok = true;
                switch ($kinds[$n % count($kinds)]) {
                    case 0: case 1: case 2:       // plain: connect, three packets, close
                        $s = connect($ports[0], false);
                        for ($k = 0; $k < 3 && $ok; $k++) {
                            $ok = echo_ok($s, $body);
                        }
                        $s->close();
                        break;
                    case 3:                       // TLS: connect, handshake, two packets
                        $s = connect($ports[1], true);
                        $ok = echo_ok($s, $body) && echo_ok($s, strrev($body));
                        $s->close();
                        break;
                    case 4: case 5:               // keep-alive: one connection, reused
                        $keep ??= connect($ports[0], false);
                        if (!($ok = echo_ok($keep, $body))) {
                            $keep->close();
                            $keep = null;
                        }
                        break;
                    case 6:                       // a late answer: the read times out
                        $s = connect($ports[0], false);
                        $s->sendAll(frame("slow:$body"));
                        $ok = $s->recvPacket(0.01) === false && $s->errCode === 110 /* ETIMEDOUT */;
                        $s->close();
                        break;
                    case 7:                       // a read cancelled from another coroutine
                        $s = connect($ports[0], false);
                        go(function () use ($s) { Coroutine::sleep(0.002); $s->cancel(); });
                        $ok = $s->recvPacket(5) === false && $s->errCode === 125 /* ECANCELED */;
                        $s->close();
                        break;
                    case 8:                       // the server resets the connection
                        $s = connect($ports[0], false);
                        $s->sendAll(frame("reset:$body"));
                        $ok = $s->recvPacket(5) === false;
                        $s->close();
                        break;
                    case 9:                       // nobody listens
                        $s = new Socket(AF_INET, SOCK_STREAM, 0);
                        $ok = !$s->connect('127.0.0.1', $closedPort, 1) && $s->errCode === 111 /* ECONNREFUSED */;
                        $s->close();
                        break;
                    case 10:                      // a name to resolve, addresses to read back
                        $s = new Socket(AF_INET, SOCK_STREAM, 0);
                        $s->setProtocol(FRAMING);
                        $ok = $s->connect('localhost', $ports[0], 5) && echo_ok($s, $body)
                            && $s->getpeername()['port'] === $ports[0] && $s->getsockname()['address'] === '127.0.0.1';
                        $s->close();
                        break;
                    case 11:                      // a coroutine cancelled in its read, with an exception
                        $s = connect($ports[0], false);
                        $reader = go(function () use ($s) {
                            try {
                                $s->recvPacket(5);
                            } catch (Coroutine\CanceledException $e) {
                            }
                        });
                        $ok = Coroutine::cancel($reader, true);
                        Coroutine::join([$reader]);
                        $s->close();
                        break;
                    case 12:                      // a coroutine cancelled in its read (it ends at once)
                        $s = connect($ports[0], false);
                        $reader = go(fn() => $s->recvPacket(5));
                        $ok = Coroutine::cancel($reader) && !Coroutine::exists($reader);
                        $s->close();
                        break;
                    case 13:                      // a channel between two coroutines, a context, a defer
                        $ch = new Coroutine\Channel(1);
                        go(function () use ($ch, $body) {
                            Coroutine::getContext()['body'] = $body;
                            defer(fn() => $ch->push(Coroutine::getContext()['body']));
                        });
                        $ok = $ch->pop(5) === $body && $ch->pop(0.001) === false;
                        break;
                    case 14:                      // datagrams
                        $u = new Socket(AF_INET, SOCK_DGRAM, 0);
                        $u->bind('127.0.0.1', 0);
                        $addr = $u->getsockname();
                        $ok = $u->sendto($addr['address'], $addr['port'], $body) === strlen($body)
                            && $u->recvfrom($peer, 5) === $body && $peer['port'] === $addr['port'];
                        $u->close();
                        break;
                    case 16:                      // a connect that times out
                        $s = new Socket(AF_INET, SOCK_STREAM, 0);
                        $ok = $s->connect('127.0.0.1', $fullPort, 0.005) || $s->errCode === 110 /* ETIMEDOUT */;
                        $s->close();
                        break;
                    case 15:                      // vectors, a peek, a line
                        [$x, $y] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
                        $ok = $x->writeVectorAll(['abc', "de\n", 'fgh']) === 9 && $y->peek(2) === 'ab'
                            && $y->readVectorAll([1, 2]) === ['a', 'bc'] && $y->recvLine(5) === "de\n";
                        $x->close();
                        $y->close();
                        break;
                }
                $stats['ops']++;
                $stats['echoed'] += $ok ? strlen($body) : 0;
                $stats['errors'] += $ok ? 0 : 1;
                if ($stats['ops'] % $every === 0) {
                    $report();
                }
            }
            $keep?->close();
            $wg->done();
        });
    }
    $wg->wait();
    $report();
});
$control->close();
pcntl_waitpid($pid, $status);
array_map('unlink', glob("$dir/*"));
rmdir($dir);
printf("%d operations in %.0f s, %d errors, %.1f MB echoed\n", $stats['ops'], microtime(true) - $t0, $stats['errors'], $stats['echoed'] / 1e6);
