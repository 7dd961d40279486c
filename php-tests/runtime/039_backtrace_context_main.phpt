--TEST--
Co::getBackTrace(-1)/printBackTrace(-1) show the main context's frames; Co::getContext() is NULL outside a coroutine and for a coroutine that does not exist
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine as Co;
function main_side() {
    Co\run(function () {
        $bt = Co::getBackTrace(-1);
        var_dump(array_column($bt, 'function'));
        Co::printBackTrace(-1, DEBUG_BACKTRACE_IGNORE_ARGS);
        var_dump(Co::getContext(-1), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
        var_dump(Co::getContext(99999));
        var_dump(Co::getContext() instanceof Co\Context);
    });
}
main_side();
swoole_clear_error();
var_dump(Co::getContext(), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
var_dump(count(Co::getBackTrace(-1)));   // outside: the current trace, as Swoole
?>
--EXPECTF--
array(2) {
  [0]=>
  string(%d) "%s\run"
  [1]=>
  string(9) "main_side"
}
#0 %s(4): %s\run()
#1 %s(13): main_side()
NULL
bool(true)
NULL
bool(true)
NULL
bool(true)
int(1)
