--TEST--
System::waitSignal() and the other new waits outside a coroutine: Swoole's uncatchable "API must be called in the coroutine" fatal error (statvfs works there)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
echo is_array(System::statvfs('/')) ? "statvfs ok\n" : "statvfs failed\n";
try {
    System::waitSignal(SIGUSR1, 0.01);
} catch (Throwable $e) {
    echo "caught\n";
}
echo "not reached\n";
?>
--EXPECTF--
statvfs ok

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:%d
Stack trace:
#0 %s(%d): Swoole\Coroutine\System::waitSignal(10, 0.01)
#1 {main}
  thrown in %s on line %d
