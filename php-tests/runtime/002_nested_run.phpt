--TEST--
Co\run() inside a running loop warns and returns false, as Swoole's scheduler does
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    var_dump(Co\run(function () { echo "never\n"; }));
    echo "outer goes on\n";
});
var_dump(Swoole\Coroutine\run(function () { echo "second run works\n"; }));
?>
--EXPECTF--
Warning: Swoole\Coroutine\Scheduler::start(): eventLoop has already been created. unable to start Swoole\Coroutine\Scheduler in %s on line %d
bool(false)
outer goes on
second run works
bool(true)
