--TEST--
Coroutines created outside run() start at once; the loop runs at Event::wait() or at script end
--EXTENSIONS--
cosocket
--INI--
error_reporting=E_ALL
--FILE--
<?php
use Swoole\Coroutine;
register_shutdown_function(function () { echo "user shutdown function\n"; });
go(function () { echo "a starts\n"; Coroutine::sleep(0.01); echo "a ends\n"; });
echo "after go\n";
Swoole\Event::wait();
echo "after wait\n";
go(function () { echo "b starts\n"; Coroutine::sleep(0.01); echo "b ends in shutdown\n"; });
echo "script end\n";
?>
--EXPECT--
a starts
after go
a ends
after wait
b starts
script end
user shutdown function

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
b ends in shutdown
