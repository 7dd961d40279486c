--TEST--
pcntl_signal() handlers (pcntl_async_signals(true)) run while every coroutine waits with nothing to wake the loop (Channel::pop, recvfrom with no timeout, a 30 s sleep), in a coroutine of their own; waitSignal() takes the signal while it waits, the pcntl handler gets it again afterwards (Swoole: the handler never runs, the process must be SIGKILLed)
--EXTENSIONS--
cosocket
--FILE--
<?php
// pcntl_signal() handlers with pcntl_async_signals(true) run while every coroutine
// waits with nothing to wake the loop (Swoole: never, the process must be SIGKILLed).
use Swoole\Coroutine\Channel;
use Swoole\Coroutine\Socket;
use Swoole\Coroutine\System;
pcntl_async_signals(true);
function kill_later(string $signals): mixed {
    // From another process, as `kill` from a shell would; SIGKILL if nothing happened.
    $pid = getmypid();
    return proc_open(['sh', '-c', "$signals; sleep 10; kill -KILL $pid"], [], $pipes);
}
$pid = getmypid();

echo "-- one coroutine in Channel::pop(), one in recvfrom() with no timeout\n";
$killer = kill_later("sleep 0.2; kill -TERM $pid");
$t = microtime(true);
Co\run(function () {
    $ch = new Channel(1);
    $udp = new Socket(AF_INET, SOCK_DGRAM, 0);
    $udp->bind('127.0.0.1', 0);
    $port = $udp->getsockname()['port'];
    pcntl_signal(SIGTERM, function ($sig) use ($ch, $port) {
        // In a coroutine of its own: channels and sockets work here.
        echo "handler: signal $sig, in a coroutine: ", var_export(Co::getCid() > 0, true), "\n";
        $ch->push('from handler');
        (new Socket(AF_INET, SOCK_DGRAM, 0))->sendto('127.0.0.1', $port, 'ping');
    });
    go(function () use ($ch) { $v = $ch->pop(); echo "pop got: $v\n"; });
    $peer = null;
    $v = $udp->recvfrom($peer);
    echo "recvfrom got: $v\n";
});
echo "Co\\run returned in time: ", var_export(microtime(true) - $t < 5, true), "\n";
proc_terminate($killer, SIGKILL);

echo "-- Co\\run waiting on a 30 s sleep\n";
$killer = kill_later("sleep 0.2; kill -HUP $pid");
$t = microtime(true);
Co\run(function () {
    $cid = Co::getCid();
    pcntl_signal(SIGHUP, function ($sig) use ($cid) {
        echo "handler: signal $sig, cancels the sleep\n";
        Co::cancel($cid);
    });
    $slept = Co::sleep(30);
    echo "sleep => ", var_export($slept, true), "\n";
});
echo "in time: ", var_export(microtime(true) - $t < 5, true), "\n";
proc_terminate($killer, SIGKILL);

echo "-- waitSignal() and a pcntl handler for the same signal\n";
pcntl_signal(SIGUSR2, function ($sig) { echo "pcntl handler got $sig\n"; });
$killer = kill_later("sleep 0.2; kill -USR2 $pid; sleep 0.3; kill -USR2 $pid");
Co\run(function () {
    $got = System::waitSignal(SIGUSR2, 5);
    echo "waitSignal => ", var_export($got, true), "\n";
    echo "then the handler's again:\n";
    // Nothing else wakes the loop: a socket with no timeout keeps it alive.
    $udp = new Socket(AF_INET, SOCK_DGRAM, 0);
    $udp->bind('127.0.0.1', 0);
    go(function () use ($udp) { $peer = null; $udp->recvfrom($peer); });
    pcntl_signal(SIGUSR2, function ($sig) use ($udp) { echo "pcntl handler got $sig\n"; $udp->close(); });
});
proc_terminate($killer, SIGKILL);
echo "done\n";
?>
--EXPECT--
-- one coroutine in Channel::pop(), one in recvfrom() with no timeout
handler: signal 15, in a coroutine: true
pop got: from handler
recvfrom got: ping
Co\run returned in time: true
-- Co\run waiting on a 30 s sleep
handler: signal 1, cancels the sleep
sleep => false
in time: true
-- waitSignal() and a pcntl handler for the same signal
waitSignal => 12
then the handler's again:
pcntl handler got 12
done
