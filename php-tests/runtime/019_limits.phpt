--TEST--
max_coroutine and c_stack_size are honoured
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
Coroutine::set(['max_coroutine' => 3, 'c_stack_size' => 256 * 1024]);
Co\run(function () {
    var_dump(Coroutine::stats()['c_stack_size']);
    $ch = new Coroutine\Channel();
    var_dump(go(fn() => $ch->pop()) > 0, go(fn() => $ch->pop()) > 0);
    var_dump(go(fn() => 1));
    var_dump(swoole_last_error());
    $ch->close();
});
Coroutine::set(['max_coroutine' => 100000, 'c_stack_size' => 1]);
var_dump(Coroutine::stats()['c_stack_size']);
?>
--EXPECTF--
int(262144)
bool(true)
bool(true)

Warning: go(): exceed max number of coroutine 3 in %s on line %d
bool(false)
int(503)
int(65536)
