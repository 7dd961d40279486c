--TEST--
Outside run(): go() runs at once, Event::defer() callbacks at the end of the next loop turn (one added by a defer callback a turn later), Event::cycle() after each turn, timers, a coroutine made in a timer callback; each callback in a coroutine of its own; Event::wait() runs it all, then the loop is gone (cycle(null) false)
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Ordering outside Co\run: go() runs at once up to its first yield; Event::defer runs at the next
// loop turn; Event::cycle runs after every loop turn; timers; then explicit Event::wait().
use Swoole\Timer; use Swoole\Event;
register_shutdown_function(function () { echo "user shutdown function (registered first)\n"; });
echo "1 main start\n";
Timer::after(1000, function () { echo "T1000 after cid=", Co::getCid(), "\n"; go(function () { echo "  go inside timer cb cid=", Co::getCid(), " pcid=", var_export(Co::getPcid(), true), "\n"; Co::sleep(0.5); echo "  go inside timer cb resumed\n"; }); echo "T1000 after end\n"; });
Timer::after(500, function () { echo "T500 after cid=", Co::getCid(), "\n"; });
go(function () { echo "2 go A start cid=", Co::getCid(), "\n"; Co::sleep(0.25); echo "go A after 250ms sleep\n"; });
Event::defer(function () { echo "defer 1 cid=", Co::getCid(), "\n"; Event::defer(function () { echo "defer nested (from defer 1)\n"; }); });
Event::defer(function () { echo "defer 2\n"; });
$turns = 0;
var_dump(Event::cycle(function () use (&$turns) { $turns++; if ($turns <= 5) echo "cycle turn $turns cid=", Co::getCid(), "\n"; }));
echo "3 main before Event::wait\n";
Event::wait();
echo "4 after Event::wait, turns>0:", var_export($turns > 0, true), " stats=", json_encode(Timer::stats()), "\n";
var_dump(Event::cycle(null));
var_dump(Event::cycle(null));
echo "5 end of script\n";
--EXPECT--
1 main start
2 go A start cid=1
bool(true)
3 main before Event::wait
defer 1 cid=2
defer 2
cycle turn 1 cid=4
defer nested (from defer 1)
cycle turn 2 cid=6
go A after 250ms sleep
cycle turn 3 cid=7
T500 after cid=8
cycle turn 4 cid=9
T1000 after cid=10
  go inside timer cb cid=11 pcid=10
T1000 after end
cycle turn 5 cid=12
  go inside timer cb resumed
4 after Event::wait, turns>0:true stats={"initialized":false,"num":0,"round":0}
bool(false)
bool(false)
5 end of script
user shutdown function (registered first)

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
