--TEST--
Timer::after()/tick() with bad input: Swoole's warning, false and 503 for intervals under 1 ms, PHP's int rules for 1.5/"10"/"abc"/NAN/INF, a TypeError for a callback that is not, swoole_timer_* passing extra arguments, clearAll
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Timer::after/tick with bad intervals and types, swoole_timer_* aliases with extra params.
use Swoole\Timer;
function t($label, $fn) {
    try { $r = $fn(); echo "$label => "; var_export($r); echo "  last_error=", swoole_last_error(), "\n"; }
    catch (Throwable $e) { echo "$label => ", get_class($e), ": ", $e->getMessage(), "\n"; }
}
$cb = function () { echo "fired\n"; };
t('after(0)', fn() => Timer::after(0, $cb));
t('after(-1)', fn() => Timer::after(-1, $cb));
t('tick(0)', fn() => Timer::tick(0, $cb));
t('after(1.5)', fn() => Timer::after(1.5, $cb));
t('after("10")', fn() => Timer::after("10", $cb) > 0);
t('after("abc")', fn() => Timer::after("abc", $cb));
t('after(NAN)', fn() => Timer::after(NAN, $cb));
t('after(INF)', fn() => Timer::after(INF, $cb));
t('after(PHP_INT_MAX)', fn() => Timer::after(PHP_INT_MAX, $cb) > 0);
t('after(10, "nofunc")', fn() => Timer::after(10, 'nofunc'));
t('after(10)', fn() => Timer::after(10));
t('clear("x")', fn() => Timer::clear("x"));
t('exists(null)', fn() => Timer::exists(null));
t('info("x")', fn() => Timer::info("x"));
t('swoole_timer_after(1, cb, 1, 2)', fn() => swoole_timer_after(1, function (...$a) { echo "alias after args=", json_encode($a), "\n"; }, 1, 2) > 0);
t('swoole_timer_tick(1, cb, 7)', fn() => swoole_timer_tick(1, function (...$a) { echo "alias tick args=", json_encode($a), "\n"; Timer::clear($a[0]); }, 7) > 0);
t('clearAll()', fn() => Timer::clearAll());
t('stats after clearAll', fn() => Timer::stats());
t('after(1) after clearAll', fn() => Timer::after(1, function () { echo "after clearAll fired\n"; }) > 0);
t('Timer::set exists?', fn() => method_exists('Swoole\Timer', 'set'));
echo "end\n";
--EXPECTF--

Warning: Swoole\Timer::after(): Timer must be greater than or equal to 1 in %s on line 9
after(0) => false  last_error=503

Warning: Swoole\Timer::after(): Timer must be greater than or equal to 1 in %s on line 10
after(-1) => false  last_error=503

Warning: Swoole\Timer::tick(): Timer must be greater than or equal to 1 in %s on line 11
tick(0) => false  last_error=503

Deprecated: Implicit conversion from float 1.5 to int loses precision in %s on line 12
after(1.5) => 1  last_error=503
after("10") => true  last_error=503
after("abc") => TypeError: Swoole\Timer::after(): Argument #1 ($ms) must be of type int, string given
after(NAN) => TypeError: Swoole\Timer::after(): Argument #1 ($ms) must be of type int, float given
after(INF) => TypeError: Swoole\Timer::after(): Argument #1 ($ms) must be of type int, float given
after(PHP_INT_MAX) => true  last_error=503
after(10, "nofunc") => TypeError: Swoole\Timer::after(): Argument #2 ($callback) must be a valid callback, function "nofunc" not found or invalid function name
after(10) => ArgumentCountError: Swoole\Timer::after() expects at least 2 arguments, 1 given
clear("x") => TypeError: Swoole\Timer::clear(): Argument #1 ($timer_id) must be of type int, string given

Deprecated: Swoole\Timer::exists(): Passing null to parameter #1 ($timer_id) of type int is deprecated in %s on line 21
exists(null) => false  last_error=503
info("x") => TypeError: Swoole\Timer::info(): Argument #1 ($timer_id) must be of type int, string given
swoole_timer_after(1, cb, 1, 2) => true  last_error=503
swoole_timer_tick(1, cb, 7) => true  last_error=503
clearAll() => true  last_error=503
stats after clearAll => array (
  'initialized' => true,
  'num' => 0,
  'round' => 0,
)  last_error=503
after(1) after clearAll => true  last_error=503
Timer::set exists? => false  last_error=503
end

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
after clearAll fired
