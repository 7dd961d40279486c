--TEST--
swoole/library's Swoole\Coroutine\batch(), map(), parallel() natively (no Co\ short names): results under their keys, a timeout leaves null for tasks still running, timeout 0 waits for ever, under 1 ms none, empty arrays, parallel(0)
--EXTENSIONS--
cosocket
--FILE--
<?php
use function Swoole\Coroutine\batch;
use function Swoole\Coroutine\map;
use function Swoole\Coroutine\parallel;

foreach (['Swoole\Coroutine\batch', 'Swoole\Coroutine\map', 'Swoole\Coroutine\parallel', 'Swoole\Coroutine\deadlock_check'] as $f) {
    $r = new ReflectionFunction($f);
    $params = array_map(fn($p) => $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = ' . (float)$p->getDefaultValue() : ''), $r->getParameters());
    echo $f, '(', implode(', ', $params), ')', $r->hasReturnType() ? ': ' . $r->getReturnType() : '', "\n";
}
foreach (['Co\batch', 'Co\map', 'Co\parallel', 'Co\deadlock_check', 'batch', 'map', 'parallel'] as $f) {
    echo $f, ': ', function_exists($f) ? 'defined' : 'undefined', "\n";
}
Co\run(function () {
    echo "-- batch: results under their keys, in the tasks' order\n";
    $r = batch([
        'b' => function () { Co::sleep(0.2); echo "b done\n"; return 'B'; }, // far after 5's, under valgrind too
        'a' => fn() => 'A',
        5 => function () { Co::sleep(0.01); echo "5 done\n"; return [1]; },
        'n' => fn() => null,
        'pi' => 'pi',
        'count' => [new ArrayObject([1, 2]), 'count'],
    ]);
    var_dump($r);
    var_dump(batch([]));
    echo "-- batch: a timeout leaves null for the tasks still running\n";
    $r = batch([
        'fast' => fn() => 1,
        'slow' => function () { Co::sleep(2); echo "slow done\n"; return 2; },
        'mid' => function () { Co::sleep(0.01); return 3; },
    ], 0.5);
    var_dump($r);
    echo "-- batch: timeout 0 waits for ever, a timeout under 1 ms does not wait\n";
    var_dump(batch([function () { Co::sleep(0.01); return 9; }], 0));
    var_dump(batch([function () { Co::sleep(0.05); return 9; }], 0.0001));
    echo "-- batch: defer callbacks of a task run after its result is in\n";
    var_dump(batch(['d' => function () { Co::defer(fn() => print("task defer\n")); return 'D'; }]));
    echo "-- map: \$fn(\$value, \$key), results under the list's keys\n";
    var_dump(map(['a' => 1, 'b' => 2, 7 => 3], function ($v, $k) { Co::sleep(0.01 * (4 - $v)); return "$k=$v"; }));
    var_dump(map([], fn($v) => $v));
    var_dump(map([1, 2], function ($v) { Co::sleep($v === 1 ? 0.01 : 2); return $v; }, 0.5));
    echo "-- parallel: \$n coroutines, waited for\n";
    $n = 0;
    $cids = [];
    var_dump(parallel(3, function () use (&$n, &$cids) { $cids[] = Co::getCid() > 1; Co::sleep(0.01); $n++; }));
    echo "n=$n new coroutines: ", json_encode($cids), "\n";
    var_dump(parallel(0, function () { echo "never\n"; }));
    echo "-- the input array is left alone\n";
    $tasks = ['a' => fn() => 1];
    batch($tasks);
    var_dump(is_callable($tasks['a']));
    echo "end of run\n";
});
echo "end\n";
--EXPECT--
Swoole\Coroutine\batch(array $tasks, float $timeout = -1): array
Swoole\Coroutine\map(array $list, callable $fn, float $timeout = -1): array
Swoole\Coroutine\parallel(int $n, callable $fn): void
Swoole\Coroutine\deadlock_check()
Co\batch: undefined
Co\map: undefined
Co\parallel: undefined
Co\deadlock_check: undefined
batch: undefined
map: undefined
parallel: undefined
-- batch: results under their keys, in the tasks' order
5 done
b done
array(6) {
  ["b"]=>
  string(1) "B"
  ["a"]=>
  string(1) "A"
  [5]=>
  array(1) {
    [0]=>
    int(1)
  }
  ["n"]=>
  NULL
  ["pi"]=>
  float(3.141592653589793)
  ["count"]=>
  int(2)
}
array(0) {
}
-- batch: a timeout leaves null for the tasks still running
array(3) {
  ["fast"]=>
  int(1)
  ["slow"]=>
  NULL
  ["mid"]=>
  int(3)
}
-- batch: timeout 0 waits for ever, a timeout under 1 ms does not wait
array(1) {
  [0]=>
  int(9)
}
array(1) {
  [0]=>
  NULL
}
-- batch: defer callbacks of a task run after its result is in
task defer
array(1) {
  ["d"]=>
  string(1) "D"
}
-- map: $fn($value, $key), results under the list's keys
array(3) {
  ["a"]=>
  string(3) "a=1"
  ["b"]=>
  string(3) "b=2"
  [7]=>
  string(3) "7=3"
}
array(0) {
}
array(2) {
  [0]=>
  int(1)
  [1]=>
  NULL
}
-- parallel: $n coroutines, waited for
NULL
n=3 new coroutines: [true,true,true]
NULL
-- the input array is left alone
bool(true)
end of run
slow done
end
