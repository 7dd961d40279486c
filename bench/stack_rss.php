<?php
// Resident memory around a burst of coroutines that each use some C stack (issue 18).
// Usage: php -n -d extension=... bench/stack_rss.php [N=50000] [DEPTH=20]
// Each coroutine recurses DEPTH levels through array_map (every level is a few C
// frames on its stack), then waits on a channel with a 10 ms timeout at the bottom.
// Prints VmRSS before the burst, with all N alive, right after the last one ended
// (read by it: every stack is back in the pool, untrimmed), once the loop has waited
// again (the coroutine that made them keeps it running), after Co\run() returned, and
// once the Zend heap has given back its cached chunks.
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;

[$n, $depth] = [(int) ($argv[1] ?? 50000), (int) ($argv[2] ?? 20)];
function rss(): int
{
    preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}
function report(string $what, int $kib): void
{
    printf("%-34s %8.1f MiB\n", $what, $kib / 1024);
}
function deep(int $n, Channel $ch): int
{
    return $n === 0 ? (int) $ch->pop(0.01) : array_map(fn() => deep($n - 1, $ch), [0])[0];
}
Coroutine::set(['max_coroutine' => $n + 10]);
$ended = 0;
$rss = [];
$rss['before the burst'] = rss();
Co\run(function () use ($n, $depth, &$ended, &$rss) {
    $ch = new Channel(1);
    for ($i = 0; $i < $n; $i++) {
        go(function () use ($ch, $depth, $n, &$ended, &$rss) {
            deep($depth, $ch);
            if (++$ended === $n) $rss['right after the last one ended'] = rss();
        });
    }
    $rss["with all $n alive"] = rss();
    // This one outlives them: the loop keeps running, and waits once they are gone.
    while ($ended < $n) Coroutine::sleep(0.05);
    Coroutine::sleep(0.01);
    $rss['after the loop waited again'] = rss();
});
$rss['after Co\run() returned'] = rss();
// What is left is mostly the Zend heap's cached chunks (the coroutines' PHP memory):
// given back to the system on request.
gc_mem_caches();
$rss['after gc_mem_caches()'] = rss();
foreach (['before the burst', "with all $n alive", 'right after the last one ended',
          'after the loop waited again', 'after Co\run() returned', 'after gc_mem_caches()'] as $k) {
    report($k, $rss[$k]);
}
