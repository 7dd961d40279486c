--TEST--
SWOOLE_HOOK_SOCKETS: argument errors of the hooked functions are swoole/library's (swoole_socket_*() names, counts, types, coercions)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
function t($label, $f) { try { $v = $f(); echo $label, ': ', is_string($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_SLASHES), "\n"; } catch (Throwable $e) { echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n"; } }
Co\run(function () {
    $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('create, 2 args', fn() => socket_create(AF_INET, SOCK_STREAM));
    t('create, string domain', fn() => socket_create('x', SOCK_STREAM, 0));
    t('create, numeric strings', fn() => get_class(socket_create('2', '1', '0')));
    t('create, bool', fn() => get_class(socket_create(AF_INET, true, 0)));
    t('connect, no args', fn() => socket_connect());
    t('connect, 1 arg', fn() => socket_connect($s));
    t('connect, string socket', fn() => socket_connect('abc', '127.0.0.1', 1));
    t('connect, array port', fn() => socket_connect($s, '127.0.0.1', []));
    t('read, null length', fn() => socket_read($s, null));
    t('write, array buffer', fn() => socket_write($s, []));
    t('recv, 3 args', fn() => socket_recv($s, $b, 1));
    t('recvfrom, 4 args', fn() => socket_recvfrom($s, $b, 1, 0));
    t('last_error, string', fn() => socket_last_error('x'));
    t('clear_error, null', fn() => socket_clear_error(null));
    t('set_option, 3 args', fn() => socket_set_option($s, SOL_SOCKET, SO_REUSEADDR));
    t('get_option, 2 args', fn() => socket_get_option($s, SOL_SOCKET));
    t('create_listen, no args', fn() => socket_create_listen());
    t('shutdown, no args', fn() => socket_shutdown());
    t('import_stream, no args', fn() => socket_import_stream());
    t('accept, null', fn() => socket_accept(null));
    t('close, extra args', fn() => socket_close($s, 1, 2));
});
echo "done\n";
--EXPECT--
create, 2 args: ArgumentCountError: Too few arguments to function swoole_socket_create(), 2 passed and exactly 3 expected
create, string domain: TypeError: swoole_socket_create(): Argument #1 ($domain) must be of type int, string given
create, numeric strings: 'Swoole\\Coroutine\\Socket'
create, bool: 'Swoole\\Coroutine\\Socket'
connect, no args: ArgumentCountError: Too few arguments to function swoole_socket_connect(), 0 passed and at least 2 expected
connect, 1 arg: ArgumentCountError: Too few arguments to function swoole_socket_connect(), 1 passed and at least 2 expected
connect, string socket: TypeError: swoole_socket_connect(): Argument #1 ($socket) must be of type Swoole\Coroutine\Socket, string given
connect, array port: TypeError: swoole_socket_connect(): Argument #3 ($port) must be of type int, array given
read, null length: TypeError: swoole_socket_read(): Argument #2 ($length) must be of type int, null given
write, array buffer: TypeError: swoole_socket_write(): Argument #2 ($buffer) must be of type string, array given
recv, 3 args: ArgumentCountError: Too few arguments to function swoole_socket_recv(), 3 passed and exactly 4 expected
recvfrom, 4 args: ArgumentCountError: Too few arguments to function swoole_socket_recvfrom(), 4 passed and at least 5 expected
last_error, string: TypeError: swoole_socket_last_error(): Argument #1 ($socket) must be of type ?Swoole\Coroutine\Socket, string given
clear_error, null: null
set_option, 3 args: ArgumentCountError: Too few arguments to function swoole_socket_set_option(), 3 passed and exactly 4 expected
get_option, 2 args: ArgumentCountError: Too few arguments to function swoole_socket_get_option(), 2 passed and exactly 3 expected
create_listen, no args: ArgumentCountError: Too few arguments to function swoole_socket_create_listen(), 0 passed and at least 1 expected
shutdown, no args: ArgumentCountError: Too few arguments to function swoole_socket_shutdown(), 0 passed and at least 1 expected
import_stream, no args: ArgumentCountError: Too few arguments to function swoole_socket_import_stream(), 0 passed and exactly 1 expected
accept, null: TypeError: swoole_socket_accept(): Argument #1 ($socket) must be of type Swoole\Coroutine\Socket, null given
close, extra args: null
done
