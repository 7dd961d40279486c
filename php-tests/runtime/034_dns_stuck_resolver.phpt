--TEST--
DNS under a resolver that never answers (a private network namespace): lookups end by their own timeout, /etc/hosts names answer at once, and a stuck worker holds up no other lookup
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (trim((string) shell_exec('id -u')) !== '0') die('skip needs root (a private network and mount namespace)');
if (!is_executable('/usr/bin/unshare') || !is_executable('/usr/sbin/ip')) die('skip needs unshare (util-linux) and ip (iproute2)');
if (!getenv('COSOCKET_SO')) die('skip COSOCKET_SO is not set (run through scripts/test.sh)');
exec('/usr/bin/unshare -n true 2>&1', $out, $rc);
if ($rc !== 0) die('skip unshare -n is not allowed here: ' . implode(' ', $out));
?>
--FILE--
<?php
// A resolver that never answers: in a network namespace of its own, the child puts
// the system's nameserver address on its loopback, binds port 53 there and never reads.
preg_match('/^\s*nameserver\s+([0-9.]+)\s*$/m', (string) @file_get_contents('/etc/resolv.conf'), $m);
$ns = $m[1] ?? '127.0.0.1';
$script = tempnam(sys_get_temp_dir(), 'cosocket-dns');
file_put_contents($script, <<<'PHP'
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\System;
use Swoole\Coroutine\Socket;
Co\run(function () {
    $dead = new Socket(AF_INET, SOCK_DGRAM, 0);
    var_dump($dead->bind('0.0.0.0', 53));
    $t = microtime(true);
    $wg = new Coroutine\WaitGroup();
    for ($i = 0; $i < 6; $i++) {
        $wg->add();
        go(function () use ($i, $wg) {
            $r = System::gethostbyname("stuck$i.invalid", AF_INET, 0.5);
            echo "stuck$i: ", var_export($r, true), " ", swoole_last_error(), "\n";
            $wg->done();
        });
    }
    $wg->wait();
    echo "six stuck lookups ended by their own timeout: ", microtime(true) - $t < 3 ? "yes" : "no", "\n";

    $t = microtime(true);
    var_dump(System::gethostbyname('localhost', AF_INET, 5));
    echo "localhost at once: ", microtime(true) - $t < 0.5 ? "yes" : "no", "\n";

    // A name that needs DNS gets a worker of its own and its own timeout.
    Coroutine::set(['socket_dns_timeout' => 1]);
    $t = microtime(true);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect('other.invalid', 80), $c->errCode);
    echo "connect ended by the DNS timeout: ", microtime(true) - $t < 3 ? "yes" : "no", "\n";
});
PHP);
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip addr replace %s/32 dev lo && RES_OPTIONS="timeout:30 attempts:1" exec %s -n -d extension=%s %s',
        escapeshellarg($ns), escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script))));
echo shell_exec($cmd);
unlink($script);
?>
--EXPECT--
bool(true)
stuck0: false 712
stuck1: false 712
stuck2: false 712
stuck3: false 712
stuck4: false 712
stuck5: false 712
six stuck lookups ended by their own timeout: yes
string(9) "127.0.0.1"
localhost at once: yes
bool(false)
int(712)
connect ended by the DNS timeout: yes
