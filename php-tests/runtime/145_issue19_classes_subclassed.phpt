--TEST--
Issue 19's classes subclassed with declared properties and __get/__set, cloned, serialized and var_dumped (Lock: neither clonable nor serializable; TimeoutException is final), as under Swoole 6.2.1
--FILE--
<?php
$classes = ['Swoole\Coroutine\Lock', 'Swoole\Coroutine\Barrier', 'Swoole\Coroutine\Server\Connection', 'Swoole\Timer\Iterator'];
foreach ($classes as $i => $c) {
    eval("class Sub$i extends $c { public \$mine = 1; private array \$bag = []; public function __get(\$n) { return \$this->bag[\$n] ?? 'none'; } public function __set(\$n, \$v) { \$this->bag[\$n] = \$v; } }");
    $cls = "Sub$i";
    try { $o = $c === 'Swoole\Coroutine\Server\Connection' ? new $cls(new Co\Socket(AF_INET, SOCK_STREAM, 0)) : new $cls(); } catch (Throwable $e) { echo $c, ': ', get_class($e), ': ', $e->getMessage(), "\n"; continue; }
    $o->dyn = 5; echo $c, ' ', $o->dyn, ' ', $o->mine, "\n";
    try { $k = clone $o; echo "clone ok\n"; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
    try { $s = serialize($o); echo strlen($s) > 0 ? "serialize ok\n" : ""; unserialize($s); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
    ob_start(); var_dump($o); ob_end_clean(); echo "dump ok\n";
}
$srv = new Swoole\Coroutine\Server('127.0.0.1', 0);
eval('class MySrv extends Swoole\Coroutine\Server { public function __get($n) { return 42; } }');
$m = new MySrv('127.0.0.1', 0); echo $m->nothing, "\n"; var_dump((clone $m) instanceof MySrv);
?>
--EXPECT--
Swoole\Coroutine\Lock 5 1
Error: Trying to clone an uncloneable object of class Sub0
Exception: Serialization of 'Sub0' is not allowed
dump ok
Swoole\Coroutine\Barrier 5 1
clone ok
serialize ok
dump ok
Swoole\Coroutine\Server\Connection 5 1
clone ok
Exception: Serialization of 'Swoole\Coroutine\Socket' is not allowed
dump ok
Swoole\Timer\Iterator 5 1
clone ok
serialize ok
dump ok
42
bool(true)
