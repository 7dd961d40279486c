--TEST--
Event::add/set/del/isset/write/dispatch/wait/exit error paths with Swoole's warnings, return values and last error: no loop yet, no callbacks, bad events, bad callbacks (warning and Swoole\Exception), bad fd values, a closed stream (TypeError), an fd that epoll refuses (a regular file: its fd stays open), the same fd twice, unknown fds
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Event::add/set/del/isset/write error paths: warnings, return values, swoole_last_error().
use Swoole\Event;
function t($label, $fn) {
    swoole_clear_error();
    try { $r = $fn(); echo "$label => "; var_export($r); echo "  last_error=", swoole_last_error(), "\n"; }
    catch (Throwable $e) { echo "$label => ", get_class($e), ": ", $e->getMessage(), "\n"; }
}
$cb = function ($s) { echo "cb called with ", get_debug_type($s), "\n"; Event::del($s); };
function fd_of($stream) { $ino = fstat($stream)['ino']; foreach (scandir('/proc/self/fd') as $f) if (@readlink("/proc/self/fd/$f") === "socket:[$ino]") return (int) $f; }
echo "-- before any reactor exists\n";
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
t('del(a) no reactor', fn() => Event::del($a));
t('set(a) no reactor', fn() => Event::set($a, $cb));
t('isset(a) no reactor', fn() => Event::isset($a));
t('write(a) no reactor', fn() => Event::write($a, "x"));
t('dispatch() no reactor', fn() => Event::dispatch());
t('wait() no reactor', fn() => Event::wait());
t('exit() no reactor', fn() => Event::exit());
echo "-- add errors\n";
t('add(a) no callbacks', fn() => Event::add($a));
t('add(a, null, cb) (READ default, no read cb)', fn() => Event::add($a, null, $cb));
t('add(a, cb, null, WRITE) no write cb', fn() => Event::add($a, $cb, null, SWOOLE_EVENT_WRITE));
t('add(a, cb, null, 0) events=0', fn() => Event::add($a, $cb, null, 0));
t('add(a, cb, null, 1) events=1', fn() => Event::add($a, $cb, null, 1));
t('add(a, "nofunc")', fn() => Event::add($a, 'nofunc'));
t('add(-1, cb)', fn() => Event::add(-1, $cb));
t('add("str", cb)', fn() => Event::add("str", $cb));
t('add([], cb)', fn() => Event::add([], $cb));
t('add(null, cb)', fn() => Event::add(null, $cb));
t('add(1.5, cb)', fn() => Event::add(1.5, $cb));
t('add(new stdClass, cb)', fn() => Event::add(new stdClass, $cb));
t('add(0 /*stdin*/, cb, cb, WRITE)', fn() => Event::add(0, $cb, $cb, SWOOLE_EVENT_WRITE));
t('add(9999 unopened fd, cb)', fn() => Event::add(9999, $cb));
$f = fopen(__FILE__, 'r');
t('add(regular file stream, cb)', fn() => Event::add($f, $cb));
t('fread(file) after failed add (was its fd closed?)', fn() => fread($f, 5));
$c = fopen('php://memory', 'r+');
t('add(php://memory, cb)', fn() => Event::add($c, $cb));
[$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fclose($x);
t('add(closed stream, cb)', fn() => Event::add($x, $cb));
echo "-- same fd twice\n";
t('add(a, cb)', fn() => is_int(Event::add($a, $cb)));
t('add(a, cb) again', fn() => Event::add($a, $cb));
t('add(fd of a as int) again', fn() => Event::add(fd_of($a), $cb));
echo "-- set/isset/del/write on unknown and known\n";
t('set(b unknown, cb)', fn() => Event::set($b, $cb));
t('isset(b unknown)', fn() => Event::isset($b));
t('del(b unknown)', fn() => Event::del($b));
t('write(b unknown, "x")', fn() => Event::write($b, "x"));
t('write(a, "")', fn() => Event::write($a, ""));
t('set(a, null, null, WRITE) no write cb', fn() => Event::set($a, null, null, SWOOLE_EVENT_WRITE));
t('isset(a, WRITE) after failed set', fn() => Event::isset($a, SWOOLE_EVENT_WRITE));
t('set(a, null, cb, READ|WRITE)', fn() => Event::set($a, null, $cb, SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE));
t('isset(a, WRITE)', fn() => Event::isset($a, SWOOLE_EVENT_WRITE));
t('set(a, null, null, 0) events=0', fn() => Event::set($a, null, null, 0));
t('isset(a) after set(events=0)', fn() => Event::isset($a));
t('set(a, null, null, READ)', fn() => Event::set($a, null, null, SWOOLE_EVENT_READ));
t('set(a, "nofunc")', fn() => Event::set($a, 'nofunc'));
t('isset(a, 0)', fn() => Event::isset($a, 0));
t('del(a)', fn() => Event::del($a));
t('del(a) again', fn() => Event::del($a));
t('isset(a) after del', fn() => Event::isset($a));
t('del(-1)', fn() => Event::del(-1));
t('del("x")', fn() => Event::del("x"));
t('cycle(null) none set', fn() => Event::cycle(null));
echo "-- loop\n";
Event::wait();
echo "end\n";
--EXPECTF--
-- before any reactor exists

Warning: Swoole\Event::del(): reactor is not ready, cannot call swoole_event_del in %s on line 13
del(a) no reactor => false  last_error=503

Warning: Swoole\Event::set(): reactor is not ready, cannot call swoole_event_set in %s on line 14
set(a) no reactor => false  last_error=503
isset(a) no reactor => false  last_error=0

Warning: Swoole\Event::write(): socket[%d] is not found in the reactor in %s on line 16
write(a) no reactor => false  last_error=503
dispatch() no reactor => false  last_error=0
wait() no reactor => NULL  last_error=0
exit() no reactor => NULL  last_error=0
-- add errors

Warning: Swoole\Event::add(): Swoole\Event: unable to find readable callback of fd [%d] in %s on line 21
add(a) no callbacks => false  last_error=503

Warning: Swoole\Event::add(): Swoole\Event: unable to find readable callback of fd [%d] in %s on line 22
add(a, null, cb) (READ default, no read cb) => false  last_error=503

Warning: Swoole\Event::add(): Swoole\Event: unable to find writable callback of fd [%d] in %s on line 23
add(a, cb, null, WRITE) no write cb => false  last_error=503

Warning: Swoole\Event::add(): invalid events in %s on line 24
add(a, cb, null, 0) events=0 => false  last_error=503

Warning: Swoole\Event::add(): invalid events in %s on line 25
add(a, cb, null, 1) events=1 => false  last_error=503

Warning: Swoole\Event::add(): function 'nofunc' is not callable in %s on line 26

Warning: Swoole\Event::add(): Swoole\Event: unable to find readable callback of fd [%d] in %s on line 26
add(a, "nofunc") => Swoole\Exception: readable_callback must be of type callable, string given

Warning: Swoole\Event::add(): invalid file descriptor#-1 passed in %s on line 27

Warning: Swoole\Event::add(): unknown fd type in %s on line 27
add(-1, cb) => false  last_error=503

Warning: Swoole\Event::add(): invalid file descriptor passed in %s on line 28

Warning: Swoole\Event::add(): unknown fd type in %s on line 28
add("str", cb) => false  last_error=503

Warning: Swoole\Event::add(): invalid file descriptor passed in %s on line 29

Warning: Swoole\Event::add(): unknown fd type in %s on line 29
add([], cb) => false  last_error=503

Warning: Swoole\Event::add(): invalid file descriptor passed in %s on line 30

Warning: Swoole\Event::add(): unknown fd type in %s on line 30
add(null, cb) => false  last_error=503

Warning: Swoole\Event::add(): invalid file descriptor passed in %s on line 31

Warning: Swoole\Event::add(): unknown fd type in %s on line 31
add(1.5, cb) => false  last_error=503

Warning: Swoole\Event::add(): unknown fd type in %s on line 32
add(new stdClass, cb) => false  last_error=503

Warning: Swoole\Event::add(): invalid socket fd [0] in %s on line 33
add(0 /*stdin*/, cb, cb, WRITE) => false  last_error=503

Warning: Swoole\Event::add(): swoole_event_add failed in %s on line 34
add(9999 unopened fd, cb) => false  last_error=503

Warning: Swoole\Event::add(): swoole_event_add failed in %s on line 36
add(regular file stream, cb) => false  last_error=503
fread(file) after failed add (was its fd closed?) => '<?php'  last_error=0

Warning: Swoole\Event::add(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line 39

Warning: Swoole\Event::add(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 39

Warning: Swoole\Event::add(): unknown fd type in %s on line 39
add(php://memory, cb) => false  last_error=503

Warning: Swoole\Event::add(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line 42

Warning: Swoole\Event::add(): unknown fd type in %s on line 42
add(closed stream, cb) => TypeError: Swoole\Event::add(): supplied resource is not a valid stream resource
-- same fd twice
add(a, cb) => true  last_error=0

Warning: Swoole\Event::add(): already exist in %s on line 45
add(a, cb) again => false  last_error=503

Warning: Swoole\Event::add(): already exist in %s on line 46
add(fd of a as int) again => false  last_error=503
-- set/isset/del/write on unknown and known

Warning: Swoole\Event::set(): socket[%d] is not found in the reactor in %s on line 48
set(b unknown, cb) => false  last_error=503
isset(b unknown) => false  last_error=0
del(b unknown) => false  last_error=0

Warning: Swoole\Event::write(): socket[%d] is not found in the reactor in %s on line 51
write(b unknown, "x") => false  last_error=503

Warning: Swoole\Event::write(): data empty in %s on line 52
write(a, "") => false  last_error=503

Warning: Swoole\Event::set(): Swoole\Event: unable to find writable callback of fd [%d] in %s on line 53
set(a, null, null, WRITE) no write cb => false  last_error=503
isset(a, WRITE) after failed set => false  last_error=0
set(a, null, cb, READ|WRITE) => true  last_error=0
isset(a, WRITE) => true  last_error=0
set(a, null, null, 0) events=0 => true  last_error=0
isset(a) after set(events=0) => false  last_error=0
set(a, null, null, READ) => true  last_error=0

Warning: Swoole\Event::set(): function 'nofunc' is not callable in %s on line 60
set(a, "nofunc") => Swoole\Exception: readable_callback must be of type callable, string given
isset(a, 0) => false  last_error=0
del(a) => true  last_error=0
del(a) again => false  last_error=0
isset(a) after del => false  last_error=0

Warning: Swoole\Event::del(): invalid file descriptor#-1 passed in %s on line 65

Warning: Swoole\Event::del(): unknown type in %s on line 65
del(-1) => false  last_error=503

Warning: Swoole\Event::del(): invalid file descriptor passed in %s on line 66

Warning: Swoole\Event::del(): unknown type in %s on line 66
del("x") => false  last_error=503
cycle(null) none set => false  last_error=0
-- loop
end
