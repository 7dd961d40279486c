--TEST--
SWOOLE_HOOK_NET_FUNCTION under a resolver that never answers (a private network namespace): gethostbyname() in five coroutines at once ends about when one does, and the loop keeps running meanwhile
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
// In a network namespace of its own, the child puts the system's nameserver address on
// its loopback and binds port 53 there without ever reading: every query times out
// (RES_OPTIONS: 1 s, one attempt).
preg_match('/^\s*nameserver\s+([0-9.]+)\s*$/m', (string) @file_get_contents('/etc/resolv.conf'), $m);
$ns = $m[1] ?? '127.0.0.1';
$script = tempnam(sys_get_temp_dir(), 'cosocket-hook-dns');
file_put_contents($script, <<<'PHP'
<?php
Co\run(function () {
    $dead = new Swoole\Coroutine\Socket(AF_INET, SOCK_DGRAM, 0);
    var_dump($dead->bind('0.0.0.0', 53));
    $t = microtime(true);
    var_dump(gethostbyname('stuck.invalid'));
    $one = microtime(true) - $t;
    $t = microtime(true);
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { while (!$done) { Swoole\Coroutine::sleep(0.05); $ticks++; } });
    $wg = new Swoole\Coroutine\WaitGroup;
    $res = [];
    for ($i = 0; $i < 5; $i++) {
        $wg->add();
        go(function () use ($i, $wg, &$res) { $res[$i] = gethostbyname("stuck$i.invalid"); $wg->done(); });
    }
    $wg->wait();
    $five = microtime(true) - $t;
    $done = true;
    ksort($res);
    echo json_encode($res), "\n";
    echo "five at once took less than three times one (one after the other: five times): ", $five < 3 * $one ? 'yes' : "no ($five vs $one)", "\n";
    echo "the loop ran meanwhile: ", $ticks >= 5 ? 'yes' : "no ($ticks)", "\n";
    echo "gethostbyname(localhost) at once: ", gethostbyname('localhost'), "\n";
});
PHP);
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip addr replace %s/32 dev lo && RES_OPTIONS="timeout:1 attempts:1" exec %s -n -d extension=%s %s',
        escapeshellarg($ns), escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script))));
echo shell_exec($cmd);
unlink($script);
?>
--EXPECT--
bool(true)
string(13) "stuck.invalid"
["stuck0.invalid","stuck1.invalid","stuck2.invalid","stuck3.invalid","stuck4.invalid"]
five at once took less than three times one (one after the other: five times): yes
the loop ran meanwhile: yes
gethostbyname(localhost) at once: 127.0.0.1
