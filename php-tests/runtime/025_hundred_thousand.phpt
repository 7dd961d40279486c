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
const N = 100000;
Coroutine::set(['max_coroutine' => 200000]);
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
    var_dump(Coroutine::stats()['coroutine_num'] - 1, $done);
    for ($i = 0; $i < N / 2; $i++) {
        $ch->push(2);
    }
    $ch->close();
});
var_dump($done, $got, $closed);
$s = Coroutine::stats();
var_dump($s['coroutine_num'], $s['coroutine_peak_num']);
?>
--EXPECT--
int(100000)
int(0)
int(100000)
int(100000)
int(50000)
int(0)
int(100001)
