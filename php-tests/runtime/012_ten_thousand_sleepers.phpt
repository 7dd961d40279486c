--TEST--
10,000 coroutines alive at once, each sleeping, all finishing
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
$done = 0;
$peak = 0;
Co\run(function () use (&$done, &$peak) {
    for ($i = 0; $i < 10000; $i++) {
        go(function () use (&$done, $i) {
            Coroutine::sleep(0.05 + ($i % 10) / 1000);
            $done++;
        });
    }
    $peak = Coroutine::stats()['coroutine_num'];
});
var_dump($peak, $done, Coroutine::stats()['coroutine_num'], Coroutine::stats()['coroutine_peak_num']);
?>
--EXPECT--
int(10001)
int(10000)
int(0)
int(10001)
