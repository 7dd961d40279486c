--TEST--
Timer callbacks each run in a coroutine of their own: they may sleep, ticks that sleep longer than the interval overlap, a timer made in a callback, a tick cleared from its own callback, clearAll() from a callback (the running timer still counts)
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Timer callbacks are run in a fresh coroutine each time: they may sleep, and tick callbacks that
// sleep longer than the interval overlap. With Co::set(['enable_coroutine' => false]) they run
// outside coroutines. Also: a timer created in a timer callback, Timer::clear of a running tick,
// clearAll from inside a callback.
use Swoole\Timer;
if (($argv[1] ?? '') === 'no-coroutine') { Co::set(['enable_coroutine' => false]); echo "enable_coroutine=false\n"; }
$start = microtime(true);
$n = 0;
$id = Timer::tick(300, function ($id) use (&$n, $start) {
    $k = ++$n;
    echo "tick $k start cid=", Co::getCid(), "\n";
    if ($k <= 2 && Co::getCid() > 0) { Co::sleep(0.75); echo "tick $k end after sleep\n"; }
    if ($k == 4) { var_dump(Timer::clear($id)); }
});
Timer::after(150, function () {
    echo "after 150 cid=", Co::getCid(), "; creating a nested timer\n";
    Timer::after(30, function () { echo "nested after 30 cid=", Co::getCid(), "\n"; });
});
Swoole\Event::wait();
echo "-- clearAll from inside a callback\n";
Timer::after(500, function () { echo "never (cleared)\n"; });
Timer::tick(200, function () { echo "never (cleared)\n"; });
Timer::after(1, function () { echo "clearAll => ", var_export(Timer::clearAll(), true), " stats=", json_encode(Timer::stats()), "\n"; });
Swoole\Event::wait();
echo "end\n";
--EXPECT--
after 150 cid=1; creating a nested timer
nested after 30 cid=2
tick 1 start cid=3
tick 2 start cid=4
tick 3 start cid=5
tick 1 end after sleep
tick 4 start cid=6
bool(true)
tick 2 end after sleep
-- clearAll from inside a callback
clearAll => true stats={"initialized":true,"num":1,"round":1}
end
