--TEST--
php --ri cosocket shows the version, the Swoole API version it provides, the event loop, the stack and its guard, the default stack size and the PHP it was built for
--EXTENSIONS--
cosocket
--FILE--
<?php
ob_start();
(new ReflectionExtension('cosocket'))->info();
$info = ob_get_clean();
echo $info;
var_dump(phpversion('cosocket') === (new ReflectionExtension('cosocket'))->getVersion());
// Loaded after ext-sockets when both are there (an optional dependency).
var_dump((new ReflectionExtension('cosocket'))->getDependencies());
?>
--EXPECTF--
cosocket

cosocket support => enabled
version => %d.%d.%d
Swoole API => 6.2.1
event loop => epoll (mio, edge-triggered)
coroutine stack => corosensei, 2 MiB default, up to 64 per mapping, pooled
coroutine stack guard => guard page %s
default c_stack_size => 2097152
built for PHP => %d
bool(true)
array(1) {
  ["sockets"]=>
  string(8) "Optional"
}
