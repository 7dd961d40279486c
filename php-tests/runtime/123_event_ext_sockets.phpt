--TEST--
Event::add() of an ext-sockets Socket (the callback gets the Socket; the same one twice: already exist), and of a closed one to add/set/del/isset/write: Swoole's 'contains a closed socket' warnings and false; no fd left behind
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--INI--
error_reporting=-1
--FILE--
<?php
// ext-sockets Sockets on the loop: a live one (the callback gets the Socket), a closed
// one to add/set/del/isset/write (Swoole's "contains a closed socket" warnings, false).
use Swoole\Event;
function t($label, $fn) {
    swoole_clear_error();
    try { $r = $fn(); echo "$label => "; var_export($r); echo "  last_error=", swoole_last_error(), "\n"; }
    catch (Throwable $e) { echo "$label => ", get_class($e), ": ", $e->getMessage(), "\n"; }
}
function fds() { return count(scandir('/proc/self/fd')) - 2; }
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
t('add(Socket)', fn() => is_int(Event::add($p[0], function ($s) { echo "cb ", get_debug_type($s), " read ", socket_read($s, 10), "\n"; Event::del($s); })));
t('isset(Socket, READ)', fn() => Event::isset($p[0], SWOOLE_EVENT_READ));
t('isset(Socket, WRITE)', fn() => Event::isset($p[0], SWOOLE_EVENT_WRITE));
t('add(Socket) again', fn() => Event::add($p[0], fn() => 1));
socket_write($p[1], "ping");
Event::wait();
$base = fds();
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q);
socket_close($q[0]);
t('add(closed Socket)', fn() => Event::add($q[0], fn() => 1));
t('set(closed Socket)', fn() => Event::set($q[0], fn() => 1));
t('del(closed Socket)', fn() => Event::del($q[0]));
t('isset(closed Socket)', fn() => Event::isset($q[0]));
t('write(closed Socket)', fn() => Event::write($q[0], "z"));
socket_close($q[1]);
Event::wait();
echo "fds delta ", fds() - $base, "\n";
echo "end\n";
--EXPECTF--
add(Socket) => true  last_error=0
isset(Socket, READ) => true  last_error=0
isset(Socket, WRITE) => false  last_error=0

Warning: Swoole\Event::add(): already exist in %s on line 15
add(Socket) again => false  last_error=503
cb Socket read ping

Warning: Swoole\Event::add(): contains a closed socket in %s on line 21

Warning: Swoole\Event::add(): unknown fd type in %s on line 21
add(closed Socket) => false  last_error=503

Warning: Swoole\Event::set(): contains a closed socket in %s on line 22
set(closed Socket) => false  last_error=503

Warning: Swoole\Event::del(): contains a closed socket in %s on line 23

Warning: Swoole\Event::del(): unknown type in %s on line 23
del(closed Socket) => false  last_error=503

Warning: Swoole\Event::isset(): contains a closed socket in %s on line 24

Warning: Swoole\Event::isset(): unknown type in %s on line 24
isset(closed Socket) => false  last_error=503

Warning: Swoole\Event::write(): contains a closed socket in %s on line 25

Warning: Swoole\Event::write(): unknown type in %s on line 25
write(closed Socket) => false  last_error=503
fds delta 0
end
