--TEST--
SWOOLE_HOOK_SOCKETS: in a coroutine socket_create/create_listen/create_pair/import_stream give Co\Socket, whose parent is ext-sockets' Socket while the hook is on (instanceof, Socket type declarations, reflection, var_dump); off after Co\run, with hook_flags without it, and outside coroutines; socket_select refuses them as Swoole; socket_export_stream refuses them (Swoole reads garbage)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
function show($label, $v) { echo $label, ': ', is_string($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_SLASHES), "\n"; }
function t($label, $f) { try { show($label, $f()); } catch (Throwable $e) { echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n"; } }
t('before: parent', fn() => get_parent_class('Swoole\Coroutine\Socket'));
t('before: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP)));
Co\run(function () {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('socket_create', fn() => get_class($s));
    t('instanceof Socket, Co\Socket', fn() => [$s instanceof Socket, $s instanceof Co\Socket, is_a($s, 'Socket')]);
    t('parent', fn() => [get_parent_class($s), (new ReflectionClass('Co\Socket'))->getParentClass()->name, class_parents($s)]);
    var_dump($s);
    t('Socket type declaration', fn() => (fn(Socket $x) => 'accepted')($s));
    t('socket_create_listen', fn() => get_class(socket_create_listen(0)));
    $p = [];
    $ok = socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
    t('socket_create_pair', fn() => [$ok, array_map('get_class', $p)]);
    [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    $i = socket_import_stream($a);
    t('socket_import_stream', fn() => get_class($i));
    t('import write', fn() => [socket_write($i, "via import"), fread($b, 100)]);
    t('Co\Socket::import(hooked socket)', fn() => Co\Socket::import($s));
    t('socket_select', function () use ($p) { $r = $p; $w = $e = null; return socket_select($r, $w, $e, 0); });
    t('socket_export_stream', fn() => socket_export_stream($s));
    foreach (['socket_create', 'socket_read', 'socket_select'] as $f) {
        t("$f internal", fn() => (new ReflectionFunction($f))->isInternal());
    }
    t('socket_strerror(110)', fn() => socket_strerror(110));
});
t('after: parent', fn() => get_parent_class('Swoole\Coroutine\Socket'));
t('after: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP)));
t('after: flags', fn() => Swoole\Runtime::getHookFlags() & SWOOLE_HOOK_SOCKETS);
Swoole\Runtime::enableCoroutine(SWOOLE_HOOK_SOCKETS);
t('enabled outside: parent', fn() => get_parent_class('Swoole\Coroutine\Socket'));
t('enabled outside: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP)));
go(function () { t('go: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP))); });
Swoole\Event::wait();
Swoole\Runtime::enableCoroutine(0);
t('disabled: parent', fn() => get_parent_class('Swoole\Coroutine\Socket'));
go(function () { t('disabled go: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP))); });
Swoole\Event::wait();
Co::set(['hook_flags' => SWOOLE_HOOK_ALL & ~SWOOLE_HOOK_SOCKETS]);
Co\run(function () { t('run without SOCKETS: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP))); });
echo "done\n";
--EXPECTF--
before: parent: false
before: socket_create: 'Socket'
socket_create: 'Swoole\\Coroutine\\Socket'
instanceof Socket, Co\Socket: [true,true,true]
parent: ["Socket","Socket",{"Socket":"Socket"}]
object(Swoole\Coroutine\Socket)#%d (8) {
  ["fd"]=>
  int(%d)
  ["domain"]=>
  int(2)
  ["type"]=>
  int(1)
  ["protocol"]=>
  int(6)
  ["errCode"]=>
  int(0)
  ["errMsg"]=>
  string(0) ""
  ["__ext_sockets_nonblock"]=>
  bool(false)
  ["__ext_sockets_timeout"]=>
  int(0)
}
Socket type declaration: 'accepted'
socket_create_listen: 'Swoole\\Coroutine\\Socket'
socket_create_pair: [true,["Swoole\\Coroutine\\Socket","Swoole\\Coroutine\\Socket"]]
socket_import_stream: 'Swoole\\Coroutine\\Socket'
import write: [10,"via import"]
Co\Socket::import(hooked socket): TypeError: Swoole\Coroutine\Socket::import(): Argument #1 ($stream) must be of type resource, Swoole\Coroutine\Socket given
socket_select: TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, Swoole\Coroutine\Socket given
socket_export_stream: TypeError: socket_export_stream(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
socket_create internal: true
socket_read internal: true
socket_select internal: true
socket_strerror(110): 'Connection timed out'
after: parent: false
after: socket_create: 'Socket'
after: flags: 16384
enabled outside: parent: 'Socket'
enabled outside: socket_create: 'Socket'
go: socket_create: 'Swoole\\Coroutine\\Socket'
disabled: parent: false
disabled go: socket_create: 'Socket'
run without SOCKETS: socket_create: 'Socket'
done
