--TEST--
Socket: one deadline from connect()'s timeout bounds the whole call: a lookup stuck on a resolver that never answers ends by it (or by socket_dns_timeout if shorter), and after a slow answer the TCP connect, a stalled TLS handshake or a stalled proxy get only what is left
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (trim((string) shell_exec('id -u')) !== '0') die('skip needs root (a private network namespace)');
if (!is_executable('/usr/bin/unshare') || !is_executable('/usr/sbin/ip')) die('skip needs unshare (util-linux) and ip (iproute2)');
if (!getenv('COSOCKET_SO')) die('skip COSOCKET_SO is not set (run through scripts/test.sh)');
exec('/usr/bin/unshare -n true 2>&1', $out, $rc);
if ($rc !== 0) die('skip unshare -n is not allowed here: ' . implode(' ', $out));
?>
--FILE--
<?php
// In a network namespace of its own, the system's nameserver address is put on the
// loopback, where a small DNS server of the test's own (another process) answers the
// test's names: "quick" at once, "slow-*" after 0.7 s, "stuck" never.
// 10.9.9.0/24 is routed to the loopback, where no address of it exists: a SYN sent
// there is dropped, and a connect never completes.
preg_match('/^\s*nameserver\s+([0-9.]+)\s*$/m', (string) @file_get_contents('/etc/resolv.conf'), $m);
$ns = $m[1] ?? '127.0.0.1';
$responder = tempnam(sys_get_temp_dir(), 'cosocket-dns');
file_put_contents($responder, <<<'PHP'
<?php
// A DNS server for the test's names only: "<what>.test" where <what> picks the answer.
// Blocking and single-threaded: the tests ask one name at a time.
$s = stream_socket_server('udp://' . $argv[1] . ':53', $errno, $errstr, STREAM_SERVER_BIND);
if (!$s) { fwrite(STDERR, "$errstr\n"); exit(1); }
echo "ready\n";
$answers = ['quick' => [0, '127.0.0.1'], 'slow-lo' => [0.7, '127.0.0.1'], 'slow-drop' => [0.7, '10.9.9.2']];
while (true) {
    $q = stream_socket_recvfrom($s, 512, 0, $peer);
    if ($q === 'quit') exit(0);
    if ($q === false || strlen($q) < 17) continue;
    $i = 12;
    $labels = [];
    while ($i < strlen($q) && ($n = ord($q[$i])) > 0) {
        $labels[] = substr($q, $i + 1, $n);
        $i += $n + 1;
    }
    $qtype = unpack('n', substr($q, $i + 1, 2))[1];
    [$delay, $ip] = $answers[$labels[0] ?? ''] ?? [null, null];
    if ($delay === null) continue;          // "stuck" and anything else: never answered
    usleep((int) ($delay * 1e6));
    $a = $qtype === 1;
    $resp = substr($q, 0, 2) . pack('nnnnn', 0x8180, 1, $a ? 1 : 0, 0, 0) . substr($q, 12, $i + 5 - 12)
        . ($a ? "\xc0\x0c" . pack('nnNn', 1, 1, 60, 4) . inet_pton($ip) : '');
    stream_socket_sendto($s, $resp, 0, $peer);
}
PHP);
$script = tempnam(sys_get_temp_dir(), 'cosocket-client');
file_put_contents($script, str_replace('RESPONDER', var_export($responder, true), <<<'PHP'
<?php
$dns = proc_open([PHP_BINARY, '-n', RESPONDER, $argv[1]], [1 => ['pipe', 'w']], $pipes);
if (fgets($pipes[1]) !== "ready\n") {
    exit("the DNS server did not start\n");
}
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

// connect($host, $port, $timeout) and report how it ended: by connect()'s timeout, by
// the DNS timeout (0.3 s), or after how long.
function attempt(string $name, string $host, int $port, float $timeout, array $settings = []): void
{
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    if ($settings) {
        $c->setProtocol($settings);
    }
    $t = microtime(true);
    $r = $c->connect($host, $port, $timeout);
    $took = microtime(true) - $t;
    $how = match (true) {
        $took > $timeout - 0.05 && $took < $timeout + 0.4 => "by connect's timeout",
        $took > 0.25 && $took < 0.7 => 'by the DNS timeout',
        default => sprintf('after %.1f s', $took),
    };
    echo "$name: ", var_export($r, true), " {$c->errCode} {$c->errMsg}, $how\n";
}

// A peer that accepts and never says a word: a TLS server or a proxy that stalls.
function mute_listener(): int
{
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    go(function () use ($l) {
        $keep = [];
        while ($conn = $l->accept(4)) {
            $keep[] = $conn;
        }
    });
    return $l->getsockname()['port'];
}

Co\run(function () {
    // A resolver that never answers: the lookup ends by connect()'s timeout when that
    // is shorter than the DNS timeout, and by the DNS timeout when that is.
    Coroutine::set(['socket_dns_timeout' => 2]);
    attempt('stuck resolver, connect timeout 0.5, DNS timeout 2', 'stuck.test', 80, 0.5);
    Coroutine::set(['socket_dns_timeout' => 0.3]);
    attempt('stuck resolver, connect timeout 2, DNS timeout 0.3', 'stuck.test', 80, 2);
    Coroutine::set(['socket_dns_timeout' => 5]);
    // The answer comes after 0.7 s: what follows gets what is left of 1 s, not 1 s more.
    attempt('slow answer, then a SYN nobody answers', 'slow-drop.test', 80, 1);
    $port = mute_listener();
    // OpenSSL's one-time set-up on first use takes ~0.7 s of CPU under valgrind
    // (OpenSSL 3.5): done here, before the timed attempt, as any earlier TLS use would.
    $warm = new Socket(AF_INET, SOCK_STREAM, 0);
    $warm->setProtocol(['open_ssl' => true]);
    $warm->connect('127.0.0.1', $port, 0.05);
    $warm->close();
    attempt('slow answer, then a TLS server that stalls', 'slow-lo.test', $port, 1, ['open_ssl' => true]);
    attempt('slow answer for the proxy, which stalls', 'target.test', 80, 1, ['socks5_host' => 'slow-lo.test', 'socks5_port' => $port]);
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    attempt('quick answer, a peer that accepts', 'quick.test', $l->getsockname()['port'], 1);
});
// The server exits by itself (a killed PHP leaves its memory to valgrind as lost).
fwrite(stream_socket_client('udp://' . $argv[1] . ':53'), 'quit');
proc_close($dns);
PHP));
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip addr replace %s/32 dev lo && ip route add 10.9.9.0/24 dev lo && RES_OPTIONS="timeout:30 attempts:1" exec %s -n -d extension=%s %s %s',
        escapeshellarg($ns), escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script), escapeshellarg($ns))));
echo shell_exec($cmd);
unlink($script);
unlink($responder);
?>
--EXPECT--
stuck resolver, connect timeout 0.5, DNS timeout 2: false 712 DNS Lookup resolve timeout, by connect's timeout
stuck resolver, connect timeout 2, DNS timeout 0.3: false 712 DNS Lookup resolve timeout, by the DNS timeout
slow answer, then a SYN nobody answers: false 110 Connection timed out, by connect's timeout
slow answer, then a TLS server that stalls: false 110 Connection timed out, by connect's timeout
slow answer for the proxy, which stalls: false 110 Connection timed out, by connect's timeout
quick answer, a peer that accepts: true 0 , after 0.0 s
