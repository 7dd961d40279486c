--TEST--
Co\Client: two coroutines reading one client is Swoole's fatal error, with the first reader's backtrace
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    $srv = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    go(function () use ($srv) { $c = $srv->accept(); Co::sleep(1); });
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->connect('127.0.0.1', $srv->getsockname()['port']);
    go(function () use ($c) { $c->recv(); });
    go(function () use ($c) { $c->recv(); });
});
?>
--EXPECTF--

Fatal error: Uncaught Swoole\Error: Socket#%d has already been bound to another coroutine#3, reading of the same socket in coroutine#4 at the same time is not allowed in %s:%d
Stack trace:
#0 %s(10): Swoole\Coroutine\Client->recv()
#1 [internal function]: {closure%S}()
#2 {main}
  thrown in %s on line %d

 [Coroutine-3] Stack trace:
 -------------------------------------------------------------------
#0 %s(9): Swoole\Coroutine\Client->recv()
#1 [internal function]: {closure%S}()
