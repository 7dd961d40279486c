--TEST--
Wrong argument types are TypeErrors with PHP's wording; out-of-range values get Swoole's results
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
foreach ([
    fn() => go(123),
    fn() => go('no_such_function'),
    fn() => new Coroutine\Channel("big"),
    fn() => Coroutine::sleep("soon"),
    fn() => Coroutine::resume([]),
    fn() => Coroutine::set("x"),
    fn() => Co\run(),
] as $f) {
    try {
        $f();
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
var_dump((new Coroutine\Channel(0))->capacity, (new Coroutine\Channel(-1))->capacity);
var_dump(@Coroutine::resume(999999), swoole_last_error());
var_dump(swoole_strerror(SWOOLE_ERROR_CO_NOT_EXISTS), swoole_strerror(110), swoole_strerror(10017, SWOOLE_STRERROR_SWOOLE));
?>
--EXPECT--
TypeError: go(): Argument #1 ($func) must be a valid callback, no array or string given
TypeError: go(): Argument #1 ($func) must be a valid callback, function "no_such_function" not found or invalid function name
TypeError: Swoole\Coroutine\Channel::__construct(): Argument #1 ($size) must be of type int, string given
TypeError: Swoole\Coroutine::sleep(): Argument #1 ($seconds) must be of type float, string given
TypeError: Swoole\Coroutine::resume(): Argument #1 ($cid) must be of type int, array given
TypeError: Swoole\Coroutine::set(): Argument #1 ($options) must be of type array, string given
ArgumentCountError: Co\run() expects at least 1 argument, 0 given
int(1)
int(1)
bool(false)
int(503)
string(20) "Coroutine not exists"
string(20) "Connection timed out"
string(18) "Coroutine canceled"
