--TEST--
pcntl_fork inside a coroutine: the child carries on with copies of the parent's coroutines; a lookup in flight at the fork fails in the child and completes in the parent
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
use Swoole\Coroutine\System;

$parent = getmypid();
$where = fn() => getmypid() === $parent ? 'parent' : 'child';
$pid = -1;
// usleep() below must block the process: no runtime hooks (Co\run turns them on).
Co::set(['hook_flags' => 0]);
Co\run(function () use ($where, &$pid) {
    echo "before: ", System::gethostbyname('localhost'), "\n";
    go(function () use ($where) {
        Co::sleep(1);
        echo "sleeper woke in the ", $where(), "\n";
    });
    go(function () use ($where) {
        // An address literal: getaddrinfo answers it on a worker (a name in /etc/hosts
        // would be answered at once, without a worker).
        $ip = System::gethostbyname('127.0.0.2', AF_INET, 5);
        echo "lookup started before the fork, in the ", $where(), ": ", var_export($ip, true), "\n";
    });
    // Blocking: the worker answers, but the loop does not run, so the lookup above is
    // still in flight when the process forks.
    usleep(100000);
    $pid = pcntl_fork();
    if ($pid === 0) {
        $t = microtime(true);
        $ip = System::gethostbyname('localhost', AF_INET, 5);
        echo "child lookup: $ip, at once: ", var_export(microtime(true) - $t < 0.5, true), "\n";
        return;
    }
    pcntl_waitpid($pid, $status);
    echo "child exit status: ", pcntl_wexitstatus($status), "\n";
});
if ($pid === 0) {
    exit(5);
}
echo "parent done\n";
?>
--EXPECT--
before: 127.0.0.1
child lookup: 127.0.0.1, at once: true
lookup started before the fork, in the child: false
sleeper woke in the child
child exit status: 5
lookup started before the fork, in the parent: '127.0.0.2'
sleeper woke in the parent
parent done