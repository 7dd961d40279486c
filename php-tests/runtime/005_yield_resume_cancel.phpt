--TEST--
Coroutine::yield/resume/cancel/isCanceled/exists and their error results
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
Co\run(function () {
    $cid = go(function () {
        echo "yielding\n";
        var_dump(Coroutine::yield());
        echo "resumed\n";
        var_dump(Coroutine::suspend(), Coroutine::isCanceled(), swoole_last_error() === SWOOLE_ERROR_CO_CANCELED);
    });
    var_dump(Coroutine::exists($cid));
    echo "resuming\n";
    var_dump(Coroutine::resume($cid));
    var_dump(Coroutine::cancel($cid));
    var_dump(Coroutine::exists($cid));
    var_dump(@Coroutine::resume(999999));
    var_dump(Coroutine::cancel(999999), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
    var_dump(Coroutine::cancel(Coroutine::getCid()), swoole_last_error() === SWOOLE_ERROR_CO_CANNOT_CANCEL);
    $sleeper = go(function () {
        var_dump(Coroutine::sleep(10));
        var_dump(Coroutine::isCanceled());
    });
    $t = microtime(true);
    var_dump(Coroutine::cancel($sleeper));
    var_dump(microtime(true) - $t < 1);
    Coroutine::resume(999999);
});
?>
--EXPECTF--
yielding
bool(true)
resuming
bool(true)
resumed
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)

Warning: Swoole\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent in %s on line %d
