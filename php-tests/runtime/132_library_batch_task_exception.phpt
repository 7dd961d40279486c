--TEST--
An exception a batch() task does not catch is fatal, thrown in the task's coroutine (no catch around batch() sees it)
--EXTENSIONS--
cosocket
--FILE--
<?php
// An exception a task does not catch is fatal (it is thrown in the task's coroutine,
// not in batch()'s caller).
Co\run(function () {
    try {
        Swoole\Coroutine\batch([
            'a' => fn() => 1,
            'b' => function () { Co::sleep(0.01); throw new RuntimeException("boom"); },
        ]);
    } catch (Throwable $e) {
        echo "caught ", get_class($e), "\n";
    }
    echo "not reached\n";
});
echo "not reached either\n";
--EXPECTF--

Fatal error: Uncaught RuntimeException: boom in %s:8
Stack trace:
%A  thrown in %s on line 8
