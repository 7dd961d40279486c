--TEST--
Loop order after a coroutine held the CPU: the reader whose byte came meanwhile runs (and gets it, though its deadline passed) before the sleepers whose time came (as Swoole)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;

// After a coroutine held the CPU, the loop hands out what I/O brought before it fires
// the timers that came due meanwhile (Swoole's order): the reader whose byte came
// during the busy stretch runs before the sleepers whose time passed then.
function busy(float $until): void
{
    while (microtime(true) < $until) {
    }
}

Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $t0 = microtime(true);
    go(function () {
        Coroutine::sleep(0.05);
        echo "sleeper 1\n";
    });
    go(function () use ($b) {
        $r = $b->recv(10, 0.1);
        echo "reader: ", var_export($r, true), "\n";
    });
    go(function () {
        Coroutine::sleep(0.1);
        echo "sleeper 2\n";
    });
    go(function () use ($a, $t0) {
        busy($t0 + 0.02);
        $a->send('x');
        busy($t0 + 0.3);
        echo "busy done\n";
    });
});
?>
--EXPECT--
busy done
reader: 'x'
sleeper 1
sleeper 2
