--TEST--
batch()/map()/parallel() outside a coroutine: tasks that never wait are done and returned; one that waits makes batch() wait, which is Swoole's fatal 'API must be called in the coroutine'
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Outside a coroutine: tasks that never wait are all done by the time batch() would
// wait, so it returns; the coroutines made a loop, which runs at script end.
var_dump(Swoole\Coroutine\batch(['a' => fn() => 1, 'b' => fn() => Co::getCid()]));
var_dump(Swoole\Coroutine\map([1, 2], fn($v) => $v * 10));
$n = 0;
Swoole\Coroutine\parallel(2, function () use (&$n) { $n++; });
echo "n=$n\n";
var_dump(Swoole\Coroutine\batch([]));
echo "-- a task that waits: batch() must wait, which needs a coroutine\n";
Swoole\Coroutine\batch(['a' => function () { Co::sleep(0.01); return 1; }]);
echo "not reached\n";
--EXPECTF--
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  int(2)
}
array(2) {
  [0]=>
  int(10)
  [1]=>
  int(20)
}
n=2
array(0) {
}
-- a task that waits: batch() must wait, which needs a coroutine

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:%d
Stack trace:
%A  thrown in %s on line %d
