--TEST--
Event::add() of a PHP stream, a Co\Socket and an fd number: it returns the fd number, the read callback gets the value as added, in a coroutine of its own; isset() by direction; del() in the callback; the loop ends when no fd is left
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Event::add with a PHP stream, a Co\Socket and a raw int fd: return value,
// what the callback receives, isset() before/after, del() return, loop ends when all fds removed.
use Swoole\Event;
function show($label, $v) { echo $label, ' => '; var_export($v); echo "\n"; }
$kinds = [];
function fd_of($stream) { $ino = fstat($stream)['ino']; foreach (scandir('/proc/self/fd') as $f) if (@readlink("/proc/self/fd/$f") === "socket:[$ino]") return (int) $f; }
// 1. PHP stream pair
[$s1, $s2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$kinds['stream'] = [$s1, function () use ($s2) { fwrite($s2, "x"); }];
// 3. Co\Socket
$cs = new Swoole\Coroutine\Socket(AF_INET, SOCK_DGRAM, 0);
$cs->bind('127.0.0.1', 0);
$port = $cs->getsockname()['port'];
$kinds['Co\Socket'] = [$cs, function () use ($port) { $u = stream_socket_client("udp://127.0.0.1:$port"); fwrite($u, "x"); }];
// 4. raw int fd (a second stream pair, use its fd number)
// find the fd number of $r1 by matching its inode in /proc/self/fd
[$r1, $r2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$fd = fd_of($r1);
$kinds['int fd'] = [$fd, function () use ($r2) { fwrite($r2, "y"); }];
foreach ($kinds as $k => [$h, $trigger]) {
    $ret = Event::add($h, function ($arg) use ($k) {
        echo "[$k] readable, callback arg type=", get_debug_type($arg), " cid=", Co::getCid(), "\n";
        $r = Event::del($arg); echo "[$k] del in cb => ", var_export($r, true), "\n";
    });
    echo "add($k) => ", get_debug_type($ret), ($k === 'int fd' ? ($ret === $h ? ' (the fd itself)' : ' ?') : ''), ($k === 'stream' ? ($ret === fd_of($h) ? ' (= the stream\'s fd number)' : ' ?') : ''), "\n";
    show("isset($k)", Event::isset($h));
    show("isset($k, WRITE)", Event::isset($h, SWOOLE_EVENT_WRITE));
    show("isset($k, READ)", Event::isset($h, SWOOLE_EVENT_READ));
    if ($trigger) $trigger();
}
echo "before wait\n";
Event::wait();
echo "after wait\n";
show('isset(stream) after del', Event::isset($s1));
show('del(stream) again', Event::del($s1));
--EXPECTF--
add(stream) => int (= the stream's fd number)
isset(stream) => true
isset(stream, WRITE) => false
isset(stream, READ) => true
add(Co\Socket) => int
isset(Co\Socket) => true
isset(Co\Socket, WRITE) => false
isset(Co\Socket, READ) => true
add(int fd) => int (the fd itself)
isset(int fd) => true
isset(int fd, WRITE) => false
isset(int fd, READ) => true
before wait
[stream] readable, callback arg type=resource (stream) cid=1
[stream] del in cb => true
[Co\Socket] readable, callback arg type=Swoole\Coroutine\Socket cid=2
[Co\Socket] del in cb => true
[int fd] readable, callback arg type=int cid=3
[int fd] del in cb => true
after wait
isset(stream) after del => false

Warning: Swoole\Event::del(): reactor is not ready, cannot call swoole_event_del in %s on line 36
del(stream) again => false
