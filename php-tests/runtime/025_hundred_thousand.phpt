--TEST--
100,000 coroutines alive at once, blocked on a channel, then all released (more than vm.max_map_count / 2)
--EXTENSIONS--
cosocket
--INI--
memory_limit=2G
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;
// Each stack is one memory mapping (or less: neighbours merge); with two per stack, as
// with an mprotect'd guard page, the stock vm.max_map_count (65,530) stops near 32,500.
// Under valgrind (scripts/valgrind.sh sets USE_ZEND_ALLOC=0) 10,000: valgrind's own
// table of memory segments (VG_N_SEGMENTS) runs out before 100,000 stacks (40,000 pass,
// in 45 s), and 10,000 keep the suite quick.
define('N', getenv('USE_ZEND_ALLOC') === '0' ? 10000 : 100000);
Coroutine::set(['max_coroutine' => 200000]);
function check(string $what, int $got, int $want): void
{
    echo $what, ': ', $got === $want ? 'ok' : "$got, expected $want", "\n";
}
$done = 0;
$got = 0;
$closed = 0;
Co\run(function () use (&$done, &$got, &$closed) {
    $ch = new Channel();
    for ($i = 0; $i < N; $i++) {
        go(function () use ($ch, &$done, &$got, &$closed) {
            $v = $ch->pop();
            if ($v === false) {
                $closed++;
            } else {
                $got += $v;
            }
            $done++;
        });
    }
    // Every one of them waits, besides this one.
    check('blocked at once', Coroutine::stats()['coroutine_num'] - 1, N);
    check('finished meanwhile', $done, 0);
    for ($i = 0; $i < N / 2; $i++) {
        $ch->push(2);
    }
    $ch->close();
});
check('finished', $done, N);
check('sum of values received', $got, N);
check('woken by close', $closed, N / 2);
check('alive after', Coroutine::stats()['coroutine_num'], 0);
check('peak', Coroutine::stats()['coroutine_peak_num'], N + 1);
?>
--EXPECT--
blocked at once: ok
finished meanwhile: ok
finished: ok
sum of values received: ok
woken by close: ok
alive after: ok
peak: ok
