--TEST--
DNS: a lookup whose answer came while another coroutine held the CPU past the lookup's timeout gets the answer, not a timeout (as Swoole)
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
use Swoole\Coroutine\System;
function busy(float $until): void { while (microtime(true) < $until) {} }
Co\run(function () {
    $t0 = microtime(true);
    go(function () {
        $r = System::gethostbyname('quick.test', AF_INET, 0.3);
        echo "lookup: ", var_export($r, true), " ", swoole_last_error(), "\n";
    });
    go(function () use ($t0) {
        busy($t0 + 0.8);
        echo "busy done\n";
    });
});
// The server exits by itself (a killed PHP leaves its memory to valgrind as lost).
fwrite(stream_socket_client('udp://' . $argv[1] . ':53'), 'quit');
proc_close($dns);
PHP));
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip addr replace %s/32 dev lo && RES_OPTIONS="timeout:30 attempts:1" exec %s -n -d extension=%s %s %s',
        escapeshellarg($ns), escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script), escapeshellarg($ns))));
echo shell_exec($cmd);
unlink($script);
unlink($responder);
?>
--EXPECT--
busy done
lookup: '127.0.0.1' 0
