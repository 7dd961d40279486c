--TEST--
swoole/library's Swoole\Coroutine\Barrier natively: make()/wait(&$barrier, $timeout) until the other holders are gone (destructor wakeup), timeouts on a Swoole\Timer, the library's cancel-list quirk, waiting twice, nested, TypeErrors, a plain serialisable object
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Barrier;

$r = new ReflectionClass(Barrier::class);
foreach ($r->getMethods() as $m) {
    $params = array_map(fn($p) => $p->getType() . ' ' . ($p->isPassedByReference() ? '&' : '') . '$' . $p->getName() . ($p->isOptional() ? ' = ' . (float)$p->getDefaultValue() : ''), $m->getParameters());
    echo $m->isStatic() ? 'static ' : '', $m->getName(), '(', implode(', ', $params), ')', $m->hasReturnType() ? ': ' . $m->getReturnType() : '', "\n";
}
foreach ($r->getProperties() as $p) {
    if (!$p->isStatic()) echo $p->isPrivate() ? 'private ' : 'public ', $p->getType(), ' $', $p->getName(), ' = ', var_export($p->getDefaultValue(), true), "\n";
}
echo 'Co\Barrier: ', class_exists('Co\Barrier') ? 'defined' : 'undefined', "\n";

Co\run(function () {
    echo "-- wait until the coroutines holding it have ended; \$barrier becomes null\n";
    $b = Barrier::make();
    var_dump($b);
    $out = [];
    foreach ([3, 1, 2] as $i) {
        go(function () use ($b, $i, &$out) { Co::sleep($i / 10); $out[] = $i; }); // 100 ms apart: in order under valgrind too
    }
    Barrier::wait($b);
    var_dump($b);
    echo "waited for: ", implode(',', $out), "\n";
    echo "-- nobody else holds it: returns at once\n";
    $b = Barrier::make();
    Barrier::wait($b);
    echo "ok\n";
    echo "-- holders that never wait are gone before wait()\n";
    $b = new Barrier();
    foreach ([1, 2] as $i) go(function () use ($b, $i) { echo "child $i\n"; });
    Barrier::wait($b);
    echo "ok\n";
    echo "-- holders done before the timeout: the timer goes\n";
    $b = Barrier::make();
    go(function () use ($b) { Co::sleep(0.01); });
    Barrier::wait($b, 5);
    echo "timers left: ", iterator_count(Swoole\Timer::list()), "\n";
    echo "-- a timeout ends the wait; the holder runs on\n";
    $b = Barrier::make();
    go(function () use ($b) { Co::sleep(0.5); echo "slow holder done\n"; });
    $t = microtime(true);
    Barrier::wait($b, 0.05);
    echo "timed out: ", microtime(true) - $t < 0.4 ? "yes" : "no", "\n";
    echo "-- until that holder is gone, this coroutine's next wait returns at once (the library's cancel list)\n";
    $b = Barrier::make();
    go(function () use ($b) { Co::sleep(0.05); echo "second holder done\n"; });
    Barrier::wait($b);
    echo "second wait returned\n";
    Co::sleep(0.6);
    echo "-- waiting twice on one barrier\n";
    $b = Barrier::make();
    $copy = $b;
    go(function () use ($copy) {
        Co::sleep(0.01);
        try {
            Barrier::wait($copy);
        } catch (Swoole\Exception $e) {
            echo get_class($e), ": ", $e->getMessage(), " (code ", $e->getCode(), ")\n";
            var_dump($copy === null);
        }
    });
    unset($copy);
    go(function () use ($b) { Co::sleep(0.02); });
    Barrier::wait($b);
    echo "first wait returned\n";
    echo "-- nested barriers\n";
    $b = Barrier::make();
    go(function () use ($b) {
        $b2 = Barrier::make();
        go(function () use ($b, $b2) { Co::sleep(0.02); echo "grandchild done\n"; });
        Barrier::wait($b2);
        echo "child waited\n";
    });
    Barrier::wait($b);
    echo "parent waited\n";
    echo "-- bad arguments\n";
    try { $x = new stdClass; Barrier::wait($x); } catch (TypeError $e) { echo get_class($e), ": ", strstr($e->getMessage(), ' given', true), " given\n"; }
    try { $n = null; Barrier::wait($n); } catch (TypeError $e) { echo get_class($e), ": ", strstr($e->getMessage(), ' given', true), " given\n"; }
    echo "-- a plain object: serialisable, clonable, subclassable (make() makes a Barrier)\n";
    echo str_replace("\0", "\\0", serialize(Barrier::make())), "\n";
    var_dump((clone Barrier::make()) instanceof Barrier);
    eval('class MyBarrier extends Swoole\Coroutine\Barrier {}');
    echo get_class(MyBarrier::make()), "\n";
    $mine = new MyBarrier();
    go(function () use ($mine) { Co::sleep(0.01); echo "MyBarrier holder done\n"; });
    Barrier::wait($mine);
    echo "MyBarrier waited\n";
    echo "end of run\n";
});
echo "end\n";
--EXPECTF--
__destruct()
static make(): self
static wait(Swoole\Coroutine\Barrier &$barrier, float $timeout = -1): void
private int $cid = -1
private  $timer = -1
Co\Barrier: undefined
-- wait until the coroutines holding it have ended; $barrier becomes null
object(Swoole\Coroutine\Barrier)#%d (2) {
  ["cid":"Swoole\Coroutine\Barrier":private]=>
  int(-1)
  ["timer":"Swoole\Coroutine\Barrier":private]=>
  int(-1)
}
NULL
waited for: 1,2,3
-- nobody else holds it: returns at once
ok
-- holders that never wait are gone before wait()
child 1
child 2
ok
-- holders done before the timeout: the timer goes
timers left: 0
-- a timeout ends the wait; the holder runs on
timed out: yes
-- until that holder is gone, this coroutine's next wait returns at once (the library's cancel list)
second wait returned
second holder done

Warning: Swoole\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent in %s on line %d
slow holder done

Warning: Swoole\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent in %s on line %d
-- waiting twice on one barrier
Swoole\Exception: The barrier is waiting, cannot wait again. (code 0)
bool(false)
first wait returned
-- nested barriers
grandchild done
child waited
parent waited
-- bad arguments
TypeError: Swoole\Coroutine\Barrier::wait(): Argument #1 ($barrier) must be of type Swoole\Coroutine\Barrier, stdClass given
TypeError: Swoole\Coroutine\Barrier::wait(): Argument #1 ($barrier) must be of type Swoole\Coroutine\Barrier, null given
-- a plain object: serialisable, clonable, subclassable (make() makes a Barrier)
O:24:"Swoole\Coroutine\Barrier":2:{s:29:"\0Swoole\Coroutine\Barrier\0cid";i:-1;s:31:"\0Swoole\Coroutine\Barrier\0timer";i:-1;}
bool(true)
Swoole\Coroutine\Barrier
MyBarrier holder done
MyBarrier waited
end of run
end
