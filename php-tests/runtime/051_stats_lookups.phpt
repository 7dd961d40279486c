--TEST--
Coroutine::stats() during lookups (a private network whose resolver never answers): aio_worker_num the lookup threads, aio_task_num the lookups queued or running (a stuck one runs on after its coroutine gave up), aio_queue_size those waiting for a thread
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
// As runtime/034: the system's nameserver address on the loopback of a network of its
// own, bound and never read, so every DNS lookup hangs (30 s, resolv.conf options).
preg_match('/^\s*nameserver\s+([0-9.]+)\s*$/m', (string) @file_get_contents('/etc/resolv.conf'), $m);
$ns = $m[1] ?? '127.0.0.1';
$script = tempnam(sys_get_temp_dir(), 'cosocket-stats');
file_put_contents($script, <<<'PHP'
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\System;
use Swoole\Coroutine\Socket;
function aio(string $when): void {
    $s = Coroutine::stats();
    echo str_pad("$when:", 34), "aio_task_num={$s['aio_task_num']} aio_worker_num={$s['aio_worker_num']} aio_queue_size={$s['aio_queue_size']} event_num={$s['event_num']}\n";
}
Co\run(function () {
    $dead = new Socket(AF_INET, SOCK_DGRAM, 0);
    $dead->bind('0.0.0.0', 53);
    aio('no lookup yet');
    System::gethostbyname('localhost');
    aio('after an /etc/hosts name');
    foreach (['a', 'b'] as $n) {
        go(function () use ($n) { System::gethostbyname("stuck-$n.invalid", AF_INET, 0.3); });
    }
    Coroutine::sleep(0.1);
    aio('two lookups stuck');
    Coroutine::sleep(0.4);
    aio('their coroutines gave up');
});
PHP);
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip addr replace %s/32 dev lo && RES_OPTIONS="timeout:30 attempts:1" exec %s -n -d extension=%s %s',
        escapeshellarg($ns), escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script))));
echo shell_exec($cmd);
unlink($script);
?>
--EXPECT--
no lookup yet:                    aio_task_num=0 aio_worker_num=0 aio_queue_size=0 event_num=0
after an /etc/hosts name:         aio_task_num=0 aio_worker_num=0 aio_queue_size=0 event_num=0
two lookups stuck:                aio_task_num=2 aio_worker_num=2 aio_queue_size=0 event_num=0
their coroutines gave up:         aio_task_num=2 aio_worker_num=2 aio_queue_size=0 event_num=0
