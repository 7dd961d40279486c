--TEST--
SWOOLE_HOOK_SLEEP outside any coroutine: PHP's own functions (nanoseconds past 999999999: PHP's ValueError, where Swoole warns and returns true)
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) { echo "  [$no] $str\n"; return true; });
function show($label, $v) { echo $label, ': ', json_encode($v), "\n"; }
$body = function () {
    show('sleep(0)', sleep(0));
    show('usleep(1000)', usleep(1000));
    show('time_nanosleep(0, 1000000)', time_nanosleep(0, 1000000));
    show('time_sleep_until(now+0.05)', time_sleep_until(microtime(true) + 0.05));
    show('time_sleep_until(past)', time_sleep_until(microtime(true) - 1));
    foreach (['sleep(-1)' => fn() => sleep(-1), 'usleep(-1)' => fn() => usleep(-1), 'time_nanosleep(-1,0)' => fn() => time_nanosleep(-1, 0),
              'time_nanosleep(0,-1)' => fn() => time_nanosleep(0, -1), 'time_nanosleep(0, 2e9)' => fn() => time_nanosleep(0, 2000000000),
              'time_sleep_until(-5)' => fn() => time_sleep_until(-5), 'time_sleep_until(NAN)' => fn() => time_sleep_until(NAN),
              "sleep('x')" => fn() => sleep('x'), 'sleep()' => fn() => sleep(), 'usleep(null)' => fn() => usleep(null),
              'sleep(1.5) (1 s)' => fn() => sleep(1.5)] as $k => $f) {
        try { show($k, $f()); } catch (Throwable $e) { show($k, get_class($e) . ': ' . $e->getMessage()); }
    }
};
$mode = 'outside';
if ($mode === 'outside') { Swoole\Runtime::enableCoroutine(); $body(); exit; }
Co\run(function () use ($body) {
    $body();
    // Ten coroutines for each of the four functions, each waiting 0.5 s: about 0.5 s in all.
    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup;
    $ret = [];
    $fns = ['sleep' => fn() => sleep(1), 'usleep' => fn() => usleep(500000), 'time_nanosleep' => fn() => time_nanosleep(0, 500000000),
            'time_sleep_until' => fn() => time_sleep_until(microtime(true) + 0.5)];
    foreach ($fns as $k => $f) {
        for ($i = 0; $i < 10; $i++) {
            $wg->add();
            go(function () use ($f, $wg, $k, &$ret) { $ret[$k][] = $f(); $wg->done(); });
        }
    }
    $wg->wait();
    $el = microtime(true) - $t;
    ksort($ret);
    show('40 coroutines sleeping at once, results', $ret);
    echo 'they all ended within about 1 s (the longest): ', $el >= 0.9 && $el < 5 ? 'yes' : "no ($el)", "\n";
    show('last error after a sleep', swoole_last_error());
    // Cancelled sleeps end at once, with Swoole's results.
    foreach (['sleep(5)' => fn() => sleep(5), 'usleep(5e6)' => fn() => usleep(5000000), 'time_nanosleep(5, 0)' => fn() => time_nanosleep(5, 0),
              'time_sleep_until(now+5)' => fn() => time_sleep_until(microtime(true) + 5)] as $k => $f) {
        $cid = go(function () use ($k, $f) {
            $t = microtime(true);
            $r = $f();
            show("$k cancelled", [$r, microtime(true) - $t < 2, swoole_last_error()]);
        });
        usleep(10000);
        Swoole\Coroutine::cancel($cid);
    }
});
?>
--EXPECT--
sleep(0): 0
usleep(1000): null
time_nanosleep(0, 1000000): true
time_sleep_until(now+0.05): true
  [2] time_sleep_until(): Argument #1 ($timestamp) must be greater than or equal to the current time
time_sleep_until(past): false
sleep(-1): "ValueError: sleep(): Argument #1 ($seconds) must be greater than or equal to 0"
usleep(-1): "ValueError: usleep(): Argument #1 ($microseconds) must be greater than or equal to 0"
time_nanosleep(-1,0): "ValueError: time_nanosleep(): Argument #1 ($seconds) must be greater than or equal to 0"
time_nanosleep(0,-1): "ValueError: time_nanosleep(): Argument #2 ($nanoseconds) must be greater than or equal to 0"
time_nanosleep(0, 2e9): "ValueError: Nanoseconds was not in the range 0 to 999 999 999 or seconds was negative"
time_sleep_until(-5): "ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073"
time_sleep_until(NAN): "ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073"
sleep('x'): "TypeError: sleep(): Argument #1 ($seconds) must be of type int, string given"
sleep(): "ArgumentCountError: sleep() expects exactly 1 argument, 0 given"
  [8192] usleep(): Passing null to parameter #1 ($microseconds) of type int is deprecated
usleep(null): null
  [8192] Implicit conversion from float 1.5 to int loses precision
sleep(1.5) (1 s): 0
