--TEST--
exit() in a pcntl_signal() handler run while the loop idles ends the script as exit() in a coroutine does (status kept, shutdown functions run); an exception it throws is an uncaught exception (fatal error), shutdown functions run
--EXTENSIONS--
cosocket
--FILE--
<?php
// exit() in a pcntl_signal() handler that ran while the loop was idle ends the script
// as exit() in a coroutine does (its status kept, shutdown functions run, nothing after
// it); an exception it throws is that coroutine's uncaught exception (a fatal error).
$child = <<<'CHILD'
<?php
pcntl_async_signals(true);
$pid = getmypid();
$killer = proc_open(['sh', '-c', "sleep 0.2; kill -TERM $pid; sleep 10; kill -KILL $pid"], [], $pipes);
register_shutdown_function(function () use ($killer) {
    echo "shutdown function\n";
    proc_terminate($killer, SIGKILL);
});
pcntl_signal(SIGTERM, function ($sig) use ($argv) {
    echo "handler: signal $sig\n";
    if ($argv[1] === 'exit') {
        exit(3);
    }
    throw new RuntimeException('from the handler');
});
Co\run(function () {
    go(function () { Co::sleep(30); echo "not reached (go)\n"; });
    $udp = new Swoole\Coroutine\Socket(AF_INET, SOCK_DGRAM, 0);
    $udp->bind('127.0.0.1', 0);
    $peer = null;
    $udp->recvfrom($peer);
    echo "not reached (run)\n";
});
echo "not reached (end)\n";
CHILD;
$script = tempnam(sys_get_temp_dir(), 'cosocket107');
file_put_contents($script, $child);
foreach (['exit', 'throw'] as $mode) {
    echo "-- $mode\n";
    $cmd = sprintf('%s -n -d extension=%s -d display_errors=1 %s %s 2>&1', escapeshellarg(PHP_BINARY),
        escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script), $mode);
    exec($cmd, $out, $code);
    echo str_replace($script, 'SCRIPT', implode("\n", $out)), "\n[exit $code]\n";
    $out = [];
}
unlink($script);
?>
--EXPECTF--
-- exit
handler: signal 15
shutdown function
[exit 3]
-- throw
handler: signal 15

Fatal error: Uncaught RuntimeException: from the handler in SCRIPT:%d
Stack trace:
#0 [internal function]: {closure%S}(15, Array)
#1 [internal function]: pcntl_signal_dispatch()
#2 {main}
  thrown in SCRIPT on line %d
shutdown function
[exit 255]
