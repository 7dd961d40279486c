--TEST--
Co\Client outside a coroutine: construct and set() work, connect() is Swoole's fatal "API must be called in the coroutine"
--EXTENSIONS--
cosocket
--FILE--
<?php
$c = new Co\Client(SWOOLE_SOCK_TCP);
var_dump($c->set(['timeout' => 1]), $c->isConnected(), $c->exportSocket());
try {
    $c->connect('127.0.0.1', 1);
} catch (Throwable $e) {
    echo "caught\n";
}
echo "not reached\n";
?>
--EXPECTF--
bool(true)
bool(false)
NULL

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:%d
Stack trace:
#0 %s(5): Swoole\Coroutine\Client->connect('127.0.0.1', 1)
#1 {main}
  thrown in %s on line %d
