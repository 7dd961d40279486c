--TEST--
Event::set/del/isset/write of a closed stream (Swoole's warnings, then TypeError), set() with no callbacks, falsy callbacks ('illegal callback function') and other non-callables, cycle() replaced and removed from its own callback, write() to a closed peer (false, last error EPIPE) and to an fd closed behind the loop (EBADF; del() then true with last error 800); no fd leaked
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Event::set/del/isset/write with a closed stream, set() with no callbacks, falsy and
// other non-callable callbacks ("illegal callback function"), cycle() replaced and
// removed, write() to a peer that closed or an fd closed behind the loop's back.
use Swoole\Event;
function t($label, $fn) {
    swoole_clear_error();
    try { $r = $fn(); echo "$label => "; var_export($r); echo "  last_error=", swoole_last_error(), "\n"; }
    catch (Throwable $e) { echo "$label => ", get_class($e), ": ", $e->getMessage(), "\n"; }
}
function fds() { return count(scandir('/proc/self/fd')) - 2; }
function fd_of($stream) { $ino = fstat($stream)['ino']; foreach (scandir('/proc/self/fd') as $f) if (@readlink("/proc/self/fd/$f") === "socket:[$ino]") return (int) $f; }
$cb = function ($s) { echo "cb ", get_debug_type($s), "\n"; Event::del($s); };
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('add(a)', fn() => is_int(Event::add($a, $cb)));
$base = fds();
[$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fclose($x);
t('set(closed stream)', fn() => Event::set($x, $cb));
t('del(closed stream)', fn() => Event::del($x));
t('isset(closed stream)', fn() => Event::isset($x));
t('write(closed stream)', fn() => Event::write($x, "z"));
t('set(a) no callbacks', fn() => Event::set($a));
t('isset(a) after set(a)', fn() => Event::isset($a));
t('set(a, null, null)', fn() => Event::set($a, null, null));
t('set(a, null, null, READ)', fn() => Event::set($a, null, null, SWOOLE_EVENT_READ));
t('set(a, null, null, 1)', fn() => Event::set($a, null, null, 1));
t('isset(a) after set(a, 1)', fn() => Event::isset($a));
t('set(a, cb, null, WRITE) (no write cb)', fn() => Event::set($a, $cb, null, SWOOLE_EVENT_WRITE));
t('isset(a, READ)', fn() => Event::isset($a, SWOOLE_EVENT_READ));
t('set(a, 42)', fn() => Event::set($a, 42));
t('set(a, null, [])', fn() => Event::set($a, null, []));
t('set(a, false)', fn() => Event::set($a, false));
t('add(y, "")', fn() => Event::add($y, ""));
t('add(y, [new stdClass, "x"])', fn() => Event::add($y, [new stdClass, 'x']));
t('isset(y)', fn() => Event::isset($y));
t('isset(a, READ)', fn() => Event::isset($a, SWOOLE_EVENT_READ));
t('isset(a, -1)', fn() => Event::isset($a, -1));
t('set(a, cb, null, READ) restore', fn() => Event::set($a, $cb, null, SWOOLE_EVENT_READ));
t('cycle([])', fn() => Event::cycle([]));
t('cycle(42)', fn() => Event::cycle(42));
t('cycle(fn1)', fn() => Event::cycle(function () { echo "cycle1\n"; }));
t('cycle(fn2) replaces it', fn() => Event::cycle(function () { echo "cycle2\n"; Event::cycle(null); }));
t('cycle(fn3, true) before', fn() => Event::cycle(function () { echo "cycle before\n"; Event::cycle(null, true); }, true));
t('cycle(null, true)', fn() => Event::cycle(null, true));
t('cycle(fn4, true) again', fn() => Event::cycle(function () { echo "cycle before 2\n"; echo "remove before => ", var_export(Event::cycle(null, true), true), "\n"; }, true));
t('write(a, "hello")', fn() => Event::write($a, "hello"));
echo "fds delta ", fds() - $base, "\n";
fwrite($b, "x");
Event::wait();
echo "b got: ", var_export(fread($b, 100), true), "\n";
echo "-- write errors\n";
[$c, $d] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('add(c, read, write, READ)', fn() => is_int(Event::add($c, function ($s) { echo "read cb c\n"; Event::del($s); }, function ($s) { echo "write cb c\n"; }, SWOOLE_EVENT_READ)));
fclose($d);
t('write(c) peer closed', fn() => Event::write($c, "hello"));
t('write(c) again', fn() => Event::write($c, "hello"));
Event::wait();
[$e, $f] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('add(e)', fn() => is_int(Event::add($e, function ($s) { echo "never\n"; })));
$fd = fd_of($e);
fclose($e);
t('write(fd of e) after fclose', fn() => Event::write($fd, "hello"));
t('isset(fd of e)', fn() => Event::isset($fd));
t('del(fd of e)', fn() => Event::del($fd) && swoole_last_error() != 0);
t('write(fd of e) after del', fn() => Event::write($fd, "hello"));
Event::wait();
fclose($a); fclose($b); fclose($y); fclose($c); fclose($f);
echo "fds delta at end ", fds() - $base, "\n";
echo "end\n";
--EXPECTF--
add(a) => true  last_error=0

Warning: Swoole\Event::set(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 19
set(closed stream) => TypeError: Swoole\Event::set(): supplied resource is not a valid stream resource

Warning: Swoole\Event::del(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 20

Warning: Swoole\Event::del(): unknown type in %s on line 20
del(closed stream) => TypeError: Swoole\Event::del(): supplied resource is not a valid stream resource

Warning: Swoole\Event::isset(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 21

Warning: Swoole\Event::isset(): unknown type in %s on line 21
isset(closed stream) => TypeError: Swoole\Event::isset(): supplied resource is not a valid stream resource

Warning: Swoole\Event::write(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 22

Warning: Swoole\Event::write(): unknown type in %s on line 22
write(closed stream) => TypeError: Swoole\Event::write(): supplied resource is not a valid stream resource
set(a) no callbacks => true  last_error=0
isset(a) after set(a) => false  last_error=0
set(a, null, null) => true  last_error=0
set(a, null, null, READ) => true  last_error=0
set(a, null, null, 1) => true  last_error=0
isset(a) after set(a, 1) => false  last_error=0

Warning: Swoole\Event::set(): Swoole\Event: unable to find writable callback of fd [%d] in %s on line 29
set(a, cb, null, WRITE) (no write cb) => false  last_error=503
isset(a, READ) => false  last_error=0

Warning: Swoole\Event::set(): function '42' is not callable in %s on line 31
set(a, 42) => Swoole\Exception: readable_callback must be of type callable, int given

Warning: Swoole\Event::set(): illegal callback function in %s on line 32
set(a, null, []) => Swoole\Exception: writable_callback must be of type callable, array given

Warning: Swoole\Event::set(): illegal callback function in %s on line 33
set(a, false) => Swoole\Exception: readable_callback must be of type callable, bool given

Warning: Swoole\Event::add(): illegal callback function in %s on line 34

Warning: Swoole\Event::add(): Swoole\Event: unable to find readable callback of fd [%d] in %s on line 34
add(y, "") => Swoole\Exception: readable_callback must be of type callable, string given

Warning: Swoole\Event::add(): function 'stdClass::x' is not callable in %s on line 35

Warning: Swoole\Event::add(): Swoole\Event: unable to find readable callback of fd [%d] in %s on line 35
add(y, [new stdClass, "x"]) => Swoole\Exception: readable_callback must be of type callable, array given
isset(y) => false  last_error=0
isset(a, READ) => false  last_error=0
isset(a, -1) => false  last_error=0
set(a, cb, null, READ) restore => true  last_error=0

Warning: Swoole\Event::cycle(): illegal callback function in %s on line 40
cycle([]) => true  last_error=503

Warning: Swoole\Event::cycle(): function '42' is not callable in %s on line 41
cycle(42) => true  last_error=503
cycle(fn1) => true  last_error=0
cycle(fn2) replaces it => true  last_error=0
cycle(fn3, true) before => true  last_error=0
cycle(null, true) => true  last_error=0
cycle(fn4, true) again => true  last_error=0
write(a, "hello") => true  last_error=0
fds delta 1
cycle before 2
remove before => true
cb resource (stream)
cycle2
b got: 'hello'
-- write errors
add(c, read, write, READ) => true  last_error=0
write(c) peer closed => false  last_error=32
write(c) again => false  last_error=32
read cb c
add(e) => true  last_error=0
write(fd of e) after fclose => false  last_error=9
isset(fd of e) => true  last_error=0
del(fd of e) => true  last_error=800

Warning: Swoole\Event::write(): socket[%d] is not found in the reactor in %s on line 66
write(fd of e) after del => false  last_error=503
fds delta at end -2
end
