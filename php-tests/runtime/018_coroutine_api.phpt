--TEST--
Coroutine::join/defer/stats/list/getBackTrace/set/getOptions/getElapsed
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
Coroutine::set(['hook_flags' => 0, 'socket_read_timeout' => 5, 'log_level' => 4]);
Coroutine::set(['max_coroutine' => 5000]);
var_dump(Coroutine::getOptions());
Co\run(function () {
    Coroutine::defer(function () { echo "defer 1 (runs last)\n"; });
    defer(function () { echo "defer 2\n"; });
    // a wakes well after b even when valgrind on a loaded machine makes starting b slow.
    $a = go(function () { Coroutine::sleep(0.1); echo "a done\n"; });
    $b = go(function () { Coroutine::sleep(0.01); echo "b done\n"; });
    $list = Coroutine::list();
    var_dump($list instanceof Swoole\Coroutine\Iterator, $list instanceof ArrayIterator, iterator_to_array($list));
    $stats = Coroutine::stats();
    var_dump(array_keys($stats), $stats['coroutine_num'], $stats['c_stack_size']);
    $trace = Coroutine::getBackTrace($a);
    var_dump($trace[0]['function'], $trace[0]['class']);
    var_dump(Coroutine::getBackTrace(99999), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
    var_dump(Coroutine::join([$a, $b]));
    echo "joined\n";
    var_dump(Coroutine::join([]), swoole_last_error() === 505);
    var_dump(@Coroutine::join([Coroutine::getCid()]));
    $c = go(function () { Coroutine::sleep(1); });
    var_dump(Coroutine::join([$c], 0.01), swoole_last_error() === SWOOLE_ERROR_CO_TIMEDOUT);
    Coroutine::cancel($c);
    var_dump(Coroutine::getElapsed() >= 20, Coroutine::getElapsed(99999));
    $d = go(function () { defer(function ($ret) { var_dump($ret); }); return "returned"; });
});
?>
--EXPECT--
array(4) {
  ["hook_flags"]=>
  int(0)
  ["socket_read_timeout"]=>
  int(5)
  ["log_level"]=>
  int(4)
  ["max_coroutine"]=>
  int(5000)
}
bool(true)
bool(true)
array(3) {
  [0]=>
  int(3)
  [1]=>
  int(2)
  [2]=>
  int(1)
}
array(9) {
  [0]=>
  string(9) "event_num"
  [1]=>
  string(19) "signal_listener_num"
  [2]=>
  string(12) "aio_task_num"
  [3]=>
  string(14) "aio_worker_num"
  [4]=>
  string(14) "aio_queue_size"
  [5]=>
  string(12) "c_stack_size"
  [6]=>
  string(13) "coroutine_num"
  [7]=>
  string(18) "coroutine_peak_num"
  [8]=>
  string(18) "coroutine_last_cid"
}
int(3)
int(2097152)
string(5) "sleep"
string(16) "Swoole\Coroutine"
bool(false)
bool(true)
b done
a done
bool(true)
joined
bool(false)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
int(-1)
string(8) "returned"
defer 2
defer 1 (runs last)
