--TEST--
SWOOLE_HOOK_SOCKETS: an ext-sockets Socket keeps PHP's handlers in a coroutine (Swoole: TypeError); ours outside a coroutine takes our path (Swoole hands it to PHP's handlers, which read another struct); the ext-sockets functions Swoole leaves alone refuse ours; after the hook goes off PHP's handlers refuse ours
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
function t($label, $f) { try { $v = $f(); echo $label, ': ', is_string($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_SLASHES), "\n"; } catch (Throwable $e) { echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n"; } }
set_error_handler(function ($no, $str) { echo "  [", $no == E_WARNING ? 'Warning' : $no, "] $str\n"; return true; });
// An ext-sockets Socket made before the hook: PHP's own handlers keep serving it.
$plain = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($plain, '127.0.0.1', 0);
$refused = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($refused, '127.0.0.1', 0);
socket_getsockname($refused, $ra, $rport);
Co\run(function () use ($plain, $rport) {
    t('plain: getsockname in a coroutine', fn() => [socket_getsockname($plain, $a), $a]);
    t('plain: connect refused', fn() => [socket_connect($plain, '127.0.0.1', $rport), socket_last_error($plain)]);
    t('plain: clear_error', fn() => [socket_clear_error($plain), socket_last_error($plain)]);
    t('plain: class', fn() => get_class($plain));
    $co = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('export_stream of ours', fn() => socket_export_stream($co));
    t('sendmsg of ours', fn() => socket_sendmsg($co, ['iov' => ['x']], 0));
    t('recvmsg of ours', function () use ($co) { $m = ['buffer_size' => 10]; return socket_recvmsg($co, $m, 0); });
    t('select of ours', function () use ($co) { $r = [$co]; $w = $e = null; return socket_select($r, $w, $e, 0); });
});
t('plain: after', fn() => socket_last_error($plain));
// Hooks on before any coroutine: a socket made in one works outside too (no wait).
Swoole\Runtime::enableCoroutine(SWOOLE_HOOK_SOCKETS);
$early = null;
go(function () use (&$early) { $early = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP); });
t('ours outside a coroutine: bind', fn() => [get_class($early), socket_bind($early, '127.0.0.1', 0)]);
t('ours outside a coroutine: getsockname', fn() => [socket_getsockname($early, $a), $a]);
t('ours outside a coroutine: option', fn() => socket_get_option($early, SOL_SOCKET, SO_TYPE));
t('outside: socket_create', fn() => get_class(socket_create(AF_INET, SOCK_STREAM, SOL_TCP)));
t('outside: last_error()', fn() => socket_last_error());
Swoole\Event::wait();
Swoole\Runtime::enableCoroutine(0);
t('hook off: ours', fn() => socket_getsockname($early, $a));
t('hook off: close ours', fn() => socket_close($early));
echo "done\n";
--EXPECT--
plain: getsockname in a coroutine: [true,"127.0.0.1"]
  [Warning] socket_connect(): unable to connect [111]: Connection refused
plain: connect refused: [false,111]
plain: clear_error: [null,0]
plain: class: 'Socket'
export_stream of ours: TypeError: socket_export_stream(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
sendmsg of ours: TypeError: socket_sendmsg(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
recvmsg of ours: TypeError: socket_recvmsg(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
select of ours: TypeError: socket_select(): Argument #1 ($read) must only have elements of type Socket, Swoole\Coroutine\Socket given
plain: after: 0
ours outside a coroutine: bind: ["Swoole\\Coroutine\\Socket",true]
ours outside a coroutine: getsockname: [true,"127.0.0.1"]
ours outside a coroutine: option: 2
outside: socket_create: 'Socket'
outside: last_error(): 111
hook off: ours: TypeError: socket_getsockname(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
hook off: close ours: TypeError: socket_close(): Argument #1 ($socket) must be of type Socket, Swoole\Coroutine\Socket given
done
