--TEST--
Swoole\Coroutine\Scheduler: add/parallel/start, and Co\go()
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
$s = new Coroutine\Scheduler();
$s->set(['max_coroutine' => 1000]);
$s->add(function ($a, $b) { Coroutine::sleep(0.25); echo "add $a $b\n"; }, 'x', 'y');
$s->parallel(3, function () { static $n = 0; $i = ++$n; Coroutine::sleep(0.1 * $i); echo "parallel $i\n"; });
var_dump($s->start());
var_dump($s->start());
var_dump(Coroutine::getOptions()['max_coroutine']);
Co\run(function () {
    Co\go(function () { echo "Co\\go\n"; });
    Swoole\Coroutine\go(fn() => print("Swoole\\Coroutine\\go\n"));
});
$s2 = new Co\Scheduler();
var_dump($s2->start());
?>
--EXPECTF--
parallel 1
parallel 2
add x y
parallel 3
bool(true)

Warning: Swoole\Coroutine\Scheduler::start(): no coroutine task in %s on line %d
bool(false)
int(1000)
Co\go
Swoole\Coroutine\go

Warning: Swoole\Coroutine\Scheduler::start(): no coroutine task in %s on line %d
bool(false)
