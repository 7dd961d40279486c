--TEST--
SWOOLE_HOOK_SOCKETS: a socket_* TCP client and server in coroutines: read/write/send/recv with lengths and flags, names, SO_RCVTIMEO/SO_SNDTIMEO, timeouts (errno 110, no warning), set_nonblock/set_block, errors and last_error/clear_error, close, use after close, as Swoole 6.2.1
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
function show($label, $v) { echo $label, ': ', is_string($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_SLASHES), "\n"; }
function t($label, $f) { try { show($label, $f()); } catch (Throwable $e) { echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n"; } }
set_error_handler(function ($no, $str) { echo "  [", $no == E_WARNING ? 'Warning' : $no, "] $str\n"; return true; });
Co\run(function () {
    $srv = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('bind', fn() => socket_bind($srv, '127.0.0.1', 0));
    t('listen', fn() => socket_listen($srv, 16));
    socket_getsockname($srv, $host, $port);
    t('server name', fn() => [$host, $port > 0]);
    go(function () use ($srv) {
        // The server: echoes lines; "quiet" means: say nothing for 0.5 s, then "late".
        while ($c = socket_accept($srv)) {
            go(function () use ($c) {
                while (($line = socket_read($c, 1024, PHP_NORMAL_READ)) !== false && $line !== '') {
                    if ($line === "quiet\n") { Co::sleep(0.5); socket_write($c, "late\n"); continue; }
                    if ($line === "bye\n") { socket_close($c); return; }
                    socket_write($c, "echo: $line");
                }
                socket_close($c);
            });
        }
    });
    $c = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('connect', fn() => socket_connect($c, $host, $port));
    t('getpeername', fn() => [socket_getpeername($c, $a, $p), $a, $p === $port]);
    t('getsockname', fn() => [socket_getsockname($c, $a), $a]);
    t('write/read', fn() => [socket_write($c, "hello\n"), socket_read($c, 100)]);
    t('write with length', fn() => [socket_write($c, "abcdef\n", 3), socket_write($c, "\n"), socket_read($c, 100)]);
    t('send/recv', function () use ($c) { $n = socket_send($c, "sent\n", 5, 0); $m = socket_recv($c, $buf, 100, 0); return [$n, $m, $buf]; });
    t('send length 0 sends all', function () use ($c) { $n = socket_send($c, "all\n", 0, 0); $m = socket_recv($c, $buf, 10, MSG_WAITALL); return [$n, $m, $buf]; });
    t('send flags', fn() => socket_send($c, "x", 1, MSG_DONTROUTE));
    t('recv MSG_OOB', fn() => socket_recv($c, $buf, 1, MSG_OOB));
    t('get SO_RCVTIMEO default', fn() => socket_get_option($c, SOL_SOCKET, SO_RCVTIMEO));
    t('set SO_RCVTIMEO 0.2', fn() => socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 200000]));
    t('get SO_RCVTIMEO', fn() => socket_get_option($c, SOL_SOCKET, SO_RCVTIMEO));
    socket_write($c, "quiet\n");
    t('read timeout', fn() => [socket_read($c, 100), socket_last_error($c), socket_strerror(socket_last_error($c)), socket_last_error()]);
    t('recv timeout', fn() => [socket_recv($c, $buf, 100, 0), $buf, socket_last_error($c)]);
    t('read after the timeouts', fn() => socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 2, 'usec' => 0]) ? socket_read($c, 100) : null);
    t('clear_error($c)', fn() => [socket_clear_error($c), socket_last_error($c)]);
    t('set_nonblock', fn() => [socket_set_nonblock($c), socket_get_option($c, SOL_SOCKET, SO_RCVTIMEO)]);
    t('read nonblock, nothing', fn() => [socket_read($c, 100), socket_last_error($c)]);
    t('recv MSG_DONTWAIT', fn() => [socket_recv($c, $buf, 100, MSG_DONTWAIT), socket_last_error($c)]);
    t('set_block', fn() => [socket_set_block($c), socket_get_option($c, SOL_SOCKET, SO_RCVTIMEO)]);
    t('SO_SNDTIMEO', fn() => [socket_setopt($c, SOL_SOCKET, SO_SNDTIMEO, ['sec' => 1, 'usec' => 500000]), socket_getopt($c, SOL_SOCKET, SO_SNDTIMEO)]);
    t('SO_RCVTIMEO without sec', fn() => socket_set_option($c, SOL_SOCKET, SO_RCVTIMEO, []));
    t('SO_LINGER', fn() => [socket_set_option($c, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 1]), socket_get_option($c, SOL_SOCKET, SO_LINGER)]);
    t('TCP_NODELAY', fn() => socket_get_option($c, SOL_TCP, TCP_NODELAY));
    t('bad option', fn() => socket_set_option($c, SOL_SOCKET, 12345, 1));
    socket_write($c, "bye\n");
    t('read at EOF', fn() => [socket_read($c, 100), socket_last_error($c)]);
    t('shutdown', fn() => socket_shutdown($c, 1));
    t('close', fn() => socket_close($c));
    t('use after close', fn() => [socket_write($c, 'x'), socket_read($c, 1), socket_last_error($c)]);
    t('set_nonblock after close', fn() => socket_set_nonblock($c));
    t('close again', fn() => socket_close($c));
    $r = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    $free = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($free, "127.0.0.1", 0); socket_getsockname($free, $fa, $fp);
    t('connect refused', fn() => [socket_connect($r, '127.0.0.1', $fp), socket_last_error($r), socket_strerror(socket_last_error($r)), socket_last_error()]);
    t('clear_error()', fn() => [socket_clear_error(), socket_last_error(), socket_last_error($r)]);
    t('connect port 0', fn() => socket_connect($r, '127.0.0.1'));
    t('listen unbound unix', fn() => socket_listen(socket_create(AF_UNIX, SOCK_STREAM, 0)));
    t('read on a listener', fn() => socket_read(socket_create_listen(0), 25));
    t('accept, not listening', fn() => (function () { $x = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_set_option($x, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]); return [socket_accept($x), socket_last_error($x)]; })());
    t('create_listen in use', function () use ($port) { return socket_create_listen($port); });
    t('create bad domain', fn() => socket_create(12345, SOCK_STREAM, 0));
    t('last error', fn() => socket_last_error());
    socket_close($srv);
});
echo "done\n";
--EXPECTF--
bind: true
listen: true
server name: ["127.0.0.1",true]
connect: true
getpeername: [true,"127.0.0.1",true]
getsockname: [true,"127.0.0.1"]
write/read: [6,"echo: hello\n"]
write with length: [3,1,"echo: abc\n"]
send/recv: [5,11,"echo: sent\n"]
send length 0 sends all: [4,10,"echo: all\n"]
send flags: RuntimeException: $flags[4] is not supported
recv MSG_OOB: RuntimeException: \$flags[MSG_OOB] is not supported
get SO_RCVTIMEO default: {"sec":60,"usec":0}
set SO_RCVTIMEO 0.2: true
get SO_RCVTIMEO: {"sec":0,"usec":200000}
read timeout: [false,110,"Connection timed out",110]
recv timeout: [false,false,110]
read after the timeouts: 'late
'
clear_error($c): [null,0]
set_nonblock: [true,{"sec":0,"usec":1000}]
read nonblock, nothing: [false,110]
recv MSG_DONTWAIT: [false,110]
set_block: [true,{"sec":2,"usec":0}]
SO_SNDTIMEO: [true,{"sec":1,"usec":500000}]
  [Warning] Swoole\Coroutine\Socket::setOption(): no key "sec" passed in optval
SO_RCVTIMEO without sec: false
SO_LINGER: [true,{"l_onoff":1,"l_linger":1}]
TCP_NODELAY: 1
  [Warning] Swoole\Coroutine\Socket::setOption(): setsockopt(%d) failed, Error: Protocol not available[92]
bad option: false
read at EOF: ["",0]
shutdown: true
close: null
use after close: [false,false,9]
set_nonblock after close: false
close again: null
connect refused: [false,111,"Connection refused",111]
clear_error(): [null,0,111]
  [Warning] Swoole\Coroutine\Socket::connect(): Invalid port argument[0]
connect port 0: false
listen unbound unix: false
read on a listener: false
accept, not listening: [false,22]
create_listen in use: false
create bad domain: Swoole\Coroutine\Socket\Exception: new Socket() failed. Error: Address family not supported by protocol [97]
last error: 97
done
