--TEST--
Barrier::wait() outside a coroutine: returns at once with no other holder (with a timeout too, whose timer goes); with one, Swoole's fatal 'API must be called in the coroutine'
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
use Swoole\Coroutine\Barrier;
// Outside a coroutine: with no other holder the wait returns at once (with or without
// a timeout, whose timer goes at once); with one, waiting needs a coroutine.
$b = Barrier::make();
Barrier::wait($b);
var_dump($b);
$b = Barrier::make();
Barrier::wait($b, 0.5);
echo "timers: ", iterator_count(Swoole\Timer::list()), "\n";
$b = Barrier::make();
go(function () use ($b) { Co::sleep(0.01); echo "holder done\n"; });
Barrier::wait($b);
echo "not reached\n";
--EXPECTF--
NULL
timers: 0

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:13
Stack trace:
%A  thrown in %s on line 13
