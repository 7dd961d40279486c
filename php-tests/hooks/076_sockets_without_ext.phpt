--TEST--
SWOOLE_HOOK_SOCKETS without ext-sockets: dropped from the active flags (as Swoole drops it), nothing replaced, Co\Socket without the __ext_sockets_* properties
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (extension_loaded('sockets')) die('skip ext-sockets loaded'); ?>
--FILE--
<?php
// Without ext-sockets the hook does not exist: not reported, nothing replaced.
var_dump(Swoole\Runtime::enableCoroutine(SWOOLE_HOOK_SOCKETS | SWOOLE_HOOK_SLEEP));
var_dump(Swoole\Runtime::getHookFlags() === SWOOLE_HOOK_SLEEP);
Co\run(function () {
    var_dump(function_exists('socket_create'));
    var_dump(array_keys(get_object_vars(new Co\Socket(AF_INET, SOCK_STREAM, 0))));
    var_dump(get_parent_class('Co\Socket'));
});
echo "done\n";
--EXPECT--
bool(true)
bool(true)
bool(false)
array(6) {
  [0]=>
  string(2) "fd"
  [1]=>
  string(6) "domain"
  [2]=>
  string(4) "type"
  [3]=>
  string(8) "protocol"
  [4]=>
  string(7) "errCode"
  [5]=>
  string(6) "errMsg"
}
bool(false)
done
