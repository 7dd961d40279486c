--TEST--
Co::join(): entries convert as (int) does ("12" joins 12, "abc" is skipped); a coroutine named twice is false with SWOOLE_ERROR_WRONG_OPERATION
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine as Co;
Co\run(function () {
    $cid = go(function () { Co::sleep(0.05); });
    $t = microtime(true);
    // Joined when it ended (~0.05 s), not at the 1 s timeout.
    var_dump(Co::join(["$cid"], 1), Co::exists($cid));
    $took = microtime(true) - $t;
    var_dump($took >= 0.04 && $took < 0.5);

    $cid = go(function () { Co::sleep(0.05); });
    var_dump(Co::join(['abc', (float) $cid], 1), Co::exists($cid));

    $cid = go(function () { Co::sleep(0.05); });
    swoole_clear_error();
    $t = microtime(true);
    var_dump(Co::join([$cid, "$cid"], 1), swoole_last_error() === SWOOLE_ERROR_WRONG_OPERATION);
    // Refused at once, without waiting for the coroutine.
    var_dump(microtime(true) - $t < 0.04, Co::exists($cid));
    var_dump(@Co::join([$cid, Co::getCid()]), swoole_last_error() === SWOOLE_ERROR_WRONG_OPERATION);
    var_dump(Co::join([99999]), swoole_last_error() === SWOOLE_ERROR_INVALID_PARAMS);
    var_dump(Co::join([$cid]), Co::exists($cid));
});
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
