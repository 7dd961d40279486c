--TEST--
Coroutine::getStackUsage(): Swoole's measure of a coroutine's PHP VM stack (a coroutine's first page counts 8160 bytes, the main context's 262112), by cid (0: the caller, -1: the main context), false with SWOOLE_ERROR_CO_NOT_EXISTS for no such coroutine
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;

function deep($n) { return $n ? deep($n - 1) : Coroutine::getStackUsage(); }

Co\run(function () {
    var_dump(Coroutine::getStackUsage());
    $cid = go(function () { Coroutine::yield(); });
    var_dump(Coroutine::getStackUsage($cid));
    // A deeper call chain pushes a second page: still a number of bytes.
    var_dump(is_int(deep(1000)) && deep(1000) > 0);
    var_dump(Coroutine::getStackUsage(9999), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
    var_dump(Coroutine::getStackUsage(-1));
    Coroutine::resume($cid);
    var_dump(Coroutine::getStackUsage($cid));
});
var_dump(Coroutine::getStackUsage());
var_dump((new ReflectionMethod(Coroutine::class, 'getStackUsage'))->getReturnType() . '');
?>
--EXPECT--
int(8160)
int(8160)
bool(true)
bool(false)
bool(true)
int(262112)
bool(false)
int(262112)
string(9) "int|false"
