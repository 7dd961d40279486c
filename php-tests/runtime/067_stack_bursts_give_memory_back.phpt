--TEST--
Coroutine stacks across bursts: 100,000 at once, c_stack_size changed between bursts, stacks reused after the loop gave their memory back, and resident memory back down once a burst is over
--EXTENSIONS--
cosocket
--INI--
memory_limit=-1
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;
// Under valgrind (scripts/valgrind.sh sets USE_ZEND_ALLOC=0) fewer coroutines, and no
// resident-memory figure: valgrind's own memory is in it.
$valgrind = getenv('USE_ZEND_ALLOC') === '0';
Coroutine::set(['max_coroutine' => 200000]);

function rss(): int
{
    preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1] * 1024;
}
/** Uses C stack: each level is a few C frames (array_map calling a closure). */
function deep(int $n, Channel $ch): int
{
    return $n === 0 ? ($ch->pop() === false ? 1 : 0) : array_map(fn() => deep($n - 1, $ch), [0])[0];
}
/** $n coroutines, $depth levels deep, alive at once, then all released; their count. */
function burst(int $n, int $depth): int
{
    $ch = new Channel();
    $ended = 0;
    for ($i = 0; $i < $n; $i++) {
        go(function () use ($ch, $depth, &$ended) { $ended += deep($depth, $ch); });
    }
    $alive = Coroutine::stats()['coroutine_num'] - 1;
    $ch->close();
    while ($ended < $n) Coroutine::sleep(0.001);
    return $alive === $n ? $ended : -$alive;
}
function check(string $what, int $got, int $want): void
{
    echo $what, ': ', $got === $want ? 'ok' : "$got, expected $want", "\n";
}

$n = $valgrind ? 5000 : 100000;
Co\run(fn() => check("100,000 at once (5,000 under valgrind), 2 MiB stacks", burst($n, 2), $n));
Coroutine::set(['c_stack_size' => 64 * 1024]);
$n = $valgrind ? 1000 : 20000;
Co\run(fn() => check("20,000 at once (1,000), 64 KiB stacks", burst($n, 10), $n));
Coroutine::set(['c_stack_size' => 16 * 1024 * 1024]);
$n = $valgrind ? 50 : 500;
Co\run(fn() => check("500 at once (50), 16 MiB stacks", burst($n, 100), $n));
Coroutine::set(['c_stack_size' => 2 * 1024 * 1024]);
// In one run: the loop waits between the bursts with every stack of the first back in
// the pool, and gives their memory back; the second burst runs on those stacks.
$n = $valgrind ? 500 : 5000;
Co\run(function () use ($n) {
    check("first burst of 5,000 (500)", burst($n, 20), $n);
    Coroutine::sleep(0.01);
    check("second burst, on the same stacks", burst($n, 20), $n);
});

// 1,000 coroutines each using ~70 KiB of stack: once the burst is over (and PHP's own
// heap has given back its cached chunks), under 5 % of the memory it took stays (2 % is
// what the stacks the pool keeps ready hold; keeping 512 of them, as before, was 13 %).
Co\run(fn() => null);
gc_mem_caches();
$before = rss();
Co\run(function () use (&$peak) {
    $ch = new Channel();
    for ($i = 0; $i < 1000; $i++) go(fn() => deep(100, $ch));
    $peak = rss();
    $ch->close();
});
gc_mem_caches();
$kept = (rss() - $before) / ($peak - $before);
echo 'memory kept after the burst: ', $valgrind || $kept < 0.05 ? 'under 5 %' : sprintf('%.0f %%', 100 * $kept), "\n";
check('alive after', Coroutine::stats()['coroutine_num'], 0);
?>
--EXPECT--
100,000 at once (5,000 under valgrind), 2 MiB stacks: ok
20,000 at once (1,000), 64 KiB stacks: ok
500 at once (50), 16 MiB stacks: ok
first burst of 5,000 (500): ok
second burst, on the same stacks: ok
memory kept after the burst: under 5 %
alive after: ok
