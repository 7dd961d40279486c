--TEST--
Socket: two coroutines reading one socket at once is Swoole's fatal error, with the holder's backtrace
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(<<<'PHP'
<?php
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($b) { $b->recv(); });
    go(function () use ($b) { $b->recv(); });
});
echo "not reached\n";
PHP);
echo $out, "--- stderr\n", preg_replace('/Socket#\d+/', 'Socket#N', $err), "--- status $status\n";
?>
--EXPECTF--
#0 FILE(4): Swoole\Coroutine\Socket->recv()
#1 [internal function]: {closure%S}()
--- stderr
PHP Fatal error:  Uncaught Swoole\Error: Socket#N has already been bound to another coroutine#2, reading of the same socket in coroutine#3 at the same time is not allowed in FILE:5
Stack trace:
#0 FILE(5): Swoole\Coroutine\Socket->recv()
#1 [internal function]: {closure%S}()
#2 {main}
  thrown in FILE on line 5

 [Coroutine-2] Stack trace:
 -------------------------------------------------------------------
--- status 255
