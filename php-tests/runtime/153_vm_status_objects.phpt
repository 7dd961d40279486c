--TEST--
swoole_get_vm_status(), swoole_get_objects() and swoole_get_object_by_handle(): live objects and resources, lookups by handle, signatures
--EXTENSIONS--
cosocket
--FILE--
<?php
var_dump(swoole_get_objects());
var_dump(swoole_get_object_by_handle(1), swoole_get_object_by_handle(0));
$base = swoole_get_vm_status();
$a = new stdClass; $a->v = 'a';
$b = new ArrayObject([1]);
$s = swoole_get_vm_status();
var_dump($s['object_num'] - $base['object_num']);
$f = fopen('php://memory', 'r');
var_dump(swoole_get_vm_status()['resource_num'] - $s['resource_num']);
fclose($f);
var_dump(swoole_get_vm_status()['resource_num'] - $s['resource_num']);
$all = swoole_get_objects();
var_dump(count($all) === swoole_get_vm_status()['object_num'], in_array($a, $all, true), in_array($b, $all, true));
unset($all);
$h = spl_object_id($b);
var_dump(swoole_get_object_by_handle($h) === $b, swoole_get_object_by_handle(spl_object_id($a))->v);
unset($b);
var_dump(swoole_get_object_by_handle($h), swoole_get_object_by_handle(100000), swoole_get_object_by_handle(0));
$o = swoole_get_object_by_handle(spl_object_id($a));
unset($a);
var_dump($o->v);
try { swoole_get_object_by_handle("x"); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
foreach (['swoole_get_vm_status', 'swoole_get_objects', 'swoole_get_object_by_handle'] as $fn) {
  $r = new ReflectionFunction($fn);
  echo $fn, "(", implode(', ', array_map('strval', $r->getParameters())), "): ", $r->getReturnType(), "\n";
}
--EXPECT--
bool(false)
bool(false)
bool(false)
int(2)
int(2)
int(2)
bool(true)
bool(true)
bool(true)
bool(true)
string(1) "a"
bool(false)
bool(false)
bool(false)
string(1) "a"
TypeError: swoole_get_object_by_handle(): Argument #1 ($handle) must be of type int, string given
swoole_get_vm_status(): array
swoole_get_objects(): array|false
swoole_get_object_by_handle(Parameter #0 [ <required> int $handle ]): object|false
