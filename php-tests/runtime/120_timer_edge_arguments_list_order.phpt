--TEST--
Timer::exists/info/clear/clearAll/stats/list before any timer exists take any arguments and return false (no TypeError), after that PHP's int rules; tick()'s bad and huge intervals; list() is a Swoole\Timer\Iterator in the order of Swoole's hash map
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Timer::exists/info/clear/clearAll/stats/list before any timer exists, with bad or
// missing arguments, then after; list() order and type; huge and bad intervals for tick.
use Swoole\Timer;
function t($label, $fn) {
    swoole_clear_error();
    try { $r = $fn(); echo "$label => "; var_export($r); echo "  last_error=", swoole_last_error(), "\n"; }
    catch (Throwable $e) { echo "$label => ", get_class($e), ": ", $e->getMessage(), "\n"; }
}
$cb = function () { echo "fired\n"; };
echo "-- before any timer\n";
t('exists("x")', fn() => Timer::exists("x"));
t('info("x")', fn() => Timer::info("x"));
t('clear("x")', fn() => Timer::clear("x"));
t('exists()', fn() => Timer::exists());
t('info()', fn() => Timer::info());
t('clear()', fn() => Timer::clear());
t('exists(1, 2)', fn() => Timer::exists(1, 2));
t('swoole_timer_exists([])', fn() => swoole_timer_exists([]));
t('swoole_timer_info(null)', fn() => swoole_timer_info(null));
t('swoole_timer_clear(1.5)', fn() => swoole_timer_clear(1.5));
t('clearAll()', fn() => Timer::clearAll());
t('clearAll(1)', fn() => Timer::clearAll(1));
t('list()', fn() => iterator_to_array(Timer::list()));
t('stats(1)', fn() => Timer::stats(1));
echo "-- bad intervals\n";
var_dump(SWOOLE_TIMER_MAX_SEC, SWOOLE_TIMER_MAX_MS, SWOOLE_TIMER_MIN_MS, SWOOLE_TIMER_MIN_SEC);
t('tick(-1)', fn() => Timer::tick(-1, $cb));
t('tick(PHP_INT_MIN)', fn() => Timer::tick(PHP_INT_MIN, $cb));
t('tick(NAN)', fn() => Timer::tick(NAN, $cb));
t('tick(-INF)', fn() => Timer::tick(-INF, $cb));
t('tick(0.5)', fn() => Timer::tick(0.5, $cb));
t('tick(null)', fn() => Timer::tick(null, $cb));
t('tick(1e30)', fn() => Timer::tick(1e30, $cb));
t('after(SWOOLE_TIMER_MAX_SEC * 1000)', fn() => Timer::after(SWOOLE_TIMER_MAX_SEC * 1000, $cb));
t('swoole_timer_after(-5)', fn() => swoole_timer_after(-5, $cb));
t('swoole_timer_tick(0)', fn() => swoole_timer_tick(0, $cb));
t('tick(10, [])', fn() => Timer::tick(10, []));
t('tick(10, null)', fn() => Timer::tick(10, null));
t('tick(10, "Foo::bar")', fn() => Timer::tick(10, 'Foo::bar'));
t('tick(10, [new stdClass, "x"])', fn() => Timer::tick(10, [new stdClass, 'x']));
t('tick(10, 42)', fn() => Timer::tick(10, 42));
t('tick()', fn() => Timer::tick());
t('stats after refusals', fn() => Timer::stats());
echo "-- huge intervals\n";
$big = Timer::tick(PHP_INT_MAX, $cb);
// exec_msec (now + interval) left out: Swoole's wraps past PHP_INT_MAX once its clock is past 0 ms.
function info_no_exec($id) { $i = Timer::info($id); unset($i['exec_msec']); return $i; }
t('info(tick(PHP_INT_MAX))', fn() => info_no_exec($big));
$big2 = Timer::after(PHP_INT_MAX - 5, $cb);
t('info(after(PHP_INT_MAX - 5))', fn() => info_no_exec($big2));
echo "-- after a timer exists\n";
t('exists("x")', fn() => Timer::exists("x"));
t('info("x")', fn() => Timer::info("x"));
t('clear("x")', fn() => Timer::clear("x"));
t('exists()', fn() => Timer::exists());
t('exists("1")', fn() => Timer::exists("1"));
t('swoole_timer_info(null)', fn() => swoole_timer_info(null));
t('clear(PHP_INT_MAX)', fn() => Timer::clear(PHP_INT_MAX));
t('clear(0)', fn() => Timer::clear(0));
t('exists(-1)', fn() => Timer::exists(-1));
t('info(0)', fn() => Timer::info(0));
echo "-- list() order (Swoole's hash map order) and type\n";
for ($i = 0; $i < 28; $i++) Timer::after(1000, $cb);
echo json_encode(iterator_to_array(Timer::list())), "\n";
foreach ([3, 7, 8, 20] as $i) Timer::clear($i);
Timer::tick(1000, $cb);
echo json_encode(iterator_to_array(Timer::list())), "\n";
for ($i = 0; $i < 40; $i++) Timer::after(1000, $cb);
foreach ([31, 1, 2, 50, 59] as $i) Timer::clear($i);
echo json_encode(iterator_to_array(Timer::list())), "\n";
$l = Timer::list();
var_dump(get_class($l), $l instanceof ArrayIterator, count($l), $l->getArrayCopy() === array_values($l->getArrayCopy()));
t('list(1, 2) count', fn() => count(Timer::list(1, 2)));
t('clearAll(1)', fn() => Timer::clearAll(1));
t('stats', fn() => Timer::stats());
t('list after clearAll', fn() => iterator_to_array(Timer::list()));
t('exists("x") after clearAll', fn() => Timer::exists("x"));
echo "end\n";
--EXPECTF--
-- before any timer
exists("x") => false  last_error=0
info("x") => false  last_error=0
clear("x") => false  last_error=0
exists() => false  last_error=0
info() => false  last_error=0
clear() => false  last_error=0
exists(1, 2) => false  last_error=0
swoole_timer_exists([]) => false  last_error=0
swoole_timer_info(null) => false  last_error=0
swoole_timer_clear(1.5) => false  last_error=0
clearAll() => false  last_error=0
clearAll(1) => false  last_error=0
list() => array (
)  last_error=0
stats(1) => array (
  'initialized' => false,
  'num' => 0,
  'round' => 0,
)  last_error=0
-- bad intervals
float(9223372036854776)
int(9223372036854775807)
int(1)
float(0.001)

Warning: Swoole\Timer::tick(): Timer must be greater than or equal to 1 in %s on line 28
tick(-1) => false  last_error=503

Warning: Swoole\Timer::tick(): Timer must be greater than or equal to 1 in %s on line 29
tick(PHP_INT_MIN) => false  last_error=503
tick(NAN) => TypeError: Swoole\Timer::tick(): Argument #1 ($ms) must be of type int, float given
tick(-INF) => TypeError: Swoole\Timer::tick(): Argument #1 ($ms) must be of type int, float given

Deprecated: Implicit conversion from float 0.5 to int loses precision in %s on line 32

Warning: Swoole\Timer::tick(): Timer must be greater than or equal to 1 in %s on line 32
tick(0.5) => false  last_error=503

Deprecated: Swoole\Timer::tick(): Passing null to parameter #1 ($ms) of type int is deprecated in %s on line 33

Warning: Swoole\Timer::tick(): Timer must be greater than or equal to 1 in %s on line 33
tick(null) => false  last_error=503
tick(1e30) => TypeError: Swoole\Timer::tick(): Argument #1 ($ms) must be of type int, float given
after(SWOOLE_TIMER_MAX_SEC * 1000) => TypeError: Swoole\Timer::after(): Argument #1 ($ms) must be of type int, float given

Warning: swoole_timer_after(): Timer must be greater than or equal to 1 in %s on line 36
swoole_timer_after(-5) => false  last_error=503

Warning: swoole_timer_tick(): Timer must be greater than or equal to 1 in %s on line 37
swoole_timer_tick(0) => false  last_error=503
tick(10, []) => TypeError: Swoole\Timer::tick(): Argument #2 ($callback) must be a valid callback, array callback must have exactly two members
tick(10, null) => TypeError: Swoole\Timer::tick(): Argument #2 ($callback) must be a valid callback, no array or string given
tick(10, "Foo::bar") => TypeError: Swoole\Timer::tick(): Argument #2 ($callback) must be a valid callback, class "Foo" not found
tick(10, [new stdClass, "x"]) => TypeError: Swoole\Timer::tick(): Argument #2 ($callback) must be a valid callback, class stdClass does not have a method "x"
tick(10, 42) => TypeError: Swoole\Timer::tick(): Argument #2 ($callback) must be a valid callback, no array or string given
tick() => ArgumentCountError: Swoole\Timer::tick() expects at least 2 arguments, 0 given
stats after refusals => array (
  'initialized' => false,
  'num' => 0,
  'round' => 0,
)  last_error=0
-- huge intervals
info(tick(PHP_INT_MAX)) => array (
  'exec_count' => 0,
  'interval' => 9223372036854775807,
  'round' => 0,
  'removed' => false,
)  last_error=0
info(after(PHP_INT_MAX - 5)) => array (
  'exec_count' => 0,
  'interval' => 0,
  'round' => 0,
  'removed' => false,
)  last_error=0
-- after a timer exists
exists("x") => TypeError: Swoole\Timer::exists(): Argument #1 ($timer_id) must be of type int, string given
info("x") => TypeError: Swoole\Timer::info(): Argument #1 ($timer_id) must be of type int, string given
clear("x") => TypeError: Swoole\Timer::clear(): Argument #1 ($timer_id) must be of type int, string given
exists() => ArgumentCountError: Swoole\Timer::exists() expects exactly 1 argument, 0 given
exists("1") => true  last_error=0

Deprecated: swoole_timer_info(): Passing null to parameter #1 ($timer_id) of type int is deprecated in %s on line 58
swoole_timer_info(null) => NULL  last_error=0
clear(PHP_INT_MAX) => false  last_error=0
clear(0) => false  last_error=0
exists(-1) => false  last_error=0
info(0) => NULL  last_error=0
-- list() order (Swoole's hash map order) and type
[30,13,12,11,10,9,8,7,6,5,4,3,2,1,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29]
[31,30,13,12,11,10,9,6,5,4,2,1,14,15,16,17,18,19,21,22,23,24,25,26,27,28,29]
[71,70,69,68,67,66,65,64,29,28,27,26,25,24,23,22,21,19,18,17,16,15,14,60,61,4,63,5,6,9,10,11,12,13,30,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,51,52,53,54,55,56,57,58,62]
string(21) "Swoole\Timer\Iterator"
bool(true)
int(62)
bool(true)
list(1, 2) count => 62  last_error=0
clearAll(1) => true  last_error=0
stats => array (
  'initialized' => true,
  'num' => 0,
  'round' => 0,
)  last_error=0
list after clearAll => array (
)  last_error=0
exists("x") after clearAll => TypeError: Swoole\Timer::exists(): Argument #1 ($timer_id) must be of type int, string given
end

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
