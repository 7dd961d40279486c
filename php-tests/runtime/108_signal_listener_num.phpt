--TEST--
Coroutine::stats()['signal_listener_num'] counts the coroutines waiting in System::waitSignal() (as Swoole 6.2.1)
--FILE--
<?php
use Swoole\Coroutine\System;
Co\run(function () {
    echo "none: ", Co::stats()['signal_listener_num'], "\n";
    go(function () { var_dump(System::waitSignal(SIGUSR1, 0.05)); });
    go(function () { var_dump(System::waitSignal([SIGUSR2, SIGHUP], 0.05)); });
    echo "two waiting: ", Co::stats()['signal_listener_num'], "\n";
    Co::sleep(0.1);
    echo "after: ", Co::stats()['signal_listener_num'], "\n";
});
?>
--EXPECT--
none: 0
two waiting: 2
bool(false)
bool(false)
after: 0
