--TEST--
System::waitEvent(): streams, fd numbers, Co\Socket, ext-sockets; READ/WRITE masks; timeouts (0 = look now, negative = none); bad input as Swoole; an fd already on the loop and two waiters on one fd both work (Swoole: EEXIST); no fd leaks
--EXTENSIONS--
cosocket
--INI--
error_reporting=E_ALL
--FILE--
<?php
use Swoole\Coroutine\System;
function r($label, $fn) {
    swoole_clear_error();
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', var_export($v, true), '  last_error=', swoole_last_error(), "\n";
}
function fd_of($stream) { $ino = fstat($stream)['ino']; foreach (scandir('/proc/self/fd') as $f) if (@readlink("/proc/self/fd/$f") === "socket:[$ino]") return (int) $f; }
function nfds() { return count(scandir('/proc/self/fd')); }
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
stream_set_blocking($a, false);
Co\run(function () use ($a, $b) {
    r('stream READ 0.05, nothing', fn() => System::waitEvent($a, SWOOLE_EVENT_READ, 0.05));
    r('stream WRITE 0.05', fn() => System::waitEvent($a, SWOOLE_EVENT_WRITE, 0.05));
    r('stream default READ, data after 20ms', function () use ($a, $b) { go(function () use ($b) { Co::sleep(0.02); fwrite($b, "x"); }); return System::waitEvent($a); });
    r('stream READ|WRITE, data pending', fn() => System::waitEvent($a, SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE, 0.05));
    r('int fd READ 0.05', fn() => System::waitEvent(fd_of($a), SWOOLE_EVENT_READ, 0.05));
    r('int fd WRITE 0.05', fn() => System::waitEvent(fd_of($b), SWOOLE_EVENT_WRITE, 0.05));
    r('data still unread', fn() => fread($a, 10));
    r('READ, 0 = look now, nothing', fn() => System::waitEvent($a, SWOOLE_EVENT_READ, 0));
    r('WRITE, 0 = look now', fn() => System::waitEvent($a, SWOOLE_EVENT_WRITE, 0));
    r('READ, -5, data after 20ms', function () use ($a, $b) { go(function () use ($b) { Co::sleep(0.02); fwrite($b, "y"); }); return System::waitEvent($a, SWOOLE_EVENT_READ, -5); });
    fread($a, 10);
    $cs = new Swoole\Coroutine\Socket(AF_INET, SOCK_DGRAM, 0);
    $cs->bind('127.0.0.1', 0);
    r('Co\Socket WRITE', fn() => System::waitEvent($cs, SWOOLE_EVENT_WRITE, 0.05));
    r('Co\Socket READ 0.05', fn() => System::waitEvent($cs, SWOOLE_EVENT_READ, 0.05));
    $cs->close();
    if (extension_loaded('sockets')) {
        $p = [];
        socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
        $got = System::waitEvent($p[0], SWOOLE_EVENT_WRITE, 0.05);
    } else {
        $got = 1024;
    }
    echo "ext-sockets Socket WRITE => $got\n";
    $fds = nfds();
    r('events 0', fn() => System::waitEvent($a, 0, 0.05));
    r('events 1', fn() => System::waitEvent($a, 1, 0.05));
    r('events 1|READ', fn() => System::waitEvent($a, 1 | SWOOLE_EVENT_WRITE, 0.05));
    r('fd -1', fn() => System::waitEvent(-1, SWOOLE_EVENT_READ, 0.05));
    r('"x"', fn() => System::waitEvent("x", SWOOLE_EVENT_READ, 0.05));
    r('null', fn() => System::waitEvent(null, SWOOLE_EVENT_READ, 0.05));
    r('unopened fd 9999', fn() => System::waitEvent(9999, SWOOLE_EVENT_READ, 0.05));
    r('unopened fd 9999, 0', fn() => System::waitEvent(9999, SWOOLE_EVENT_READ, 0));
    $f = fopen(__FILE__, 'r');
    r('regular file READ', fn() => System::waitEvent($f, SWOOLE_EVENT_READ, 0.05));
    r('regular file READ, 0', fn() => System::waitEvent($f, SWOOLE_EVENT_READ, 0));
    r('regular file still readable', fn() => fread($f, 5));
    fclose($f);
    [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    fclose($x);
    r('closed stream', fn() => System::waitEvent($x, SWOOLE_EVENT_READ, 0.05));
    fclose($y);
    r('NAN timeout', fn() => System::waitEvent($a, SWOOLE_EVENT_WRITE, NAN));
    echo "-- peer closed\n";
    [$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
    go(function () use ($y) { Co::sleep(0.02); fclose($y); });
    r('READ, peer closes after 20ms', fn() => System::waitEvent($x, SWOOLE_EVENT_READ, 1));
    r('READ|WRITE after peer closed', fn() => System::waitEvent($x, SWOOLE_EVENT_READ|SWOOLE_EVENT_WRITE, 1));
    fclose($x);
    echo "-- cancel\n";
    $cid = Co::getCid();
    go(function () use ($cid) { Co::sleep(0.02); Co::cancel($cid); });
    r('READ, cancelled after 20ms', fn() => System::waitEvent($a, SWOOLE_EVENT_READ));
    echo "-- an fd on the loop already (Event::add) and two waiters on one fd\n";
    Swoole\Event::add($a, function ($s) { echo "  Event read cb: ", fread($s, 10), "\n"; Swoole\Event::del($s); });
    r('same stream WRITE 0.05', fn() => System::waitEvent($a, SWOOLE_EVENT_WRITE, 0.05));
    $wg = new Swoole\Coroutine\WaitGroup();
    $res = [];
    foreach (['A', 'B'] as $n) {
        $wg->add();
        go(function () use ($a, $n, &$res, $wg) { $res[$n] = System::waitEvent($a, SWOOLE_EVENT_READ, 1); $wg->done(); });
    }
    Co::sleep(0.02); fwrite($b, "z");
    $wg->wait();
    ksort($res);
    echo "  two waiters: ", json_encode($res), "\n";
    Co::sleep(0.02);
    echo "fds back to where they were: ", var_export(nfds() === $fds, true), "\n";
});
r('outside, WRITE, 0', fn() => System::waitEvent($a, SWOOLE_EVENT_WRITE, 0));
r('outside, events 0', fn() => System::waitEvent($a, 0, 1));
System::waitEvent($a, SWOOLE_EVENT_WRITE, 0.1);
?>
--EXPECTF--
stream READ 0.05, nothing => false  last_error=10018
stream WRITE 0.05 => 1024  last_error=0
stream default READ, data after 20ms => 512  last_error=10018
stream READ|WRITE, data pending => 1536  last_error=0
int fd READ 0.05 => 512  last_error=0
int fd WRITE 0.05 => 1024  last_error=0
data still unread => 'x'  last_error=0
READ, 0 = look now, nothing => false  last_error=110
WRITE, 0 = look now => 1024  last_error=0
READ, -5, data after 20ms => 512  last_error=10018
Co\Socket WRITE => 1024  last_error=0
Co\Socket READ 0.05 => false  last_error=10018
ext-sockets Socket WRITE => 1024
events 0 => false  last_error=22
events 1 => false  last_error=22
events 1|READ => 1024  last_error=0

Warning: Swoole\Coroutine\System::waitEvent(): invalid file descriptor#-1 passed in %s on line %d

Warning: Swoole\Coroutine\System::waitEvent(): unknown fd type in %s on line %d
fd -1 => false  last_error=503

Warning: Swoole\Coroutine\System::waitEvent(): invalid file descriptor passed in %s on line %d

Warning: Swoole\Coroutine\System::waitEvent(): unknown fd type in %s on line %d
"x" => false  last_error=503

Warning: Swoole\Coroutine\System::waitEvent(): invalid file descriptor passed in %s on line %d

Warning: Swoole\Coroutine\System::waitEvent(): unknown fd type in %s on line %d
null => false  last_error=503
unopened fd 9999 => false  last_error=9
unopened fd 9999, 0 => false  last_error=9
regular file READ => false  last_error=1
regular file READ, 0 => 512  last_error=0
regular file still readable => '<?php'  last_error=0

Warning: Swoole\Coroutine\System::waitEvent(): fd argument must be either valid PHP stream or valid PHP socket resource in %s on line %d

Warning: Swoole\Coroutine\System::waitEvent(): unknown fd type in %s on line %d
closed stream => TypeError: Swoole\Coroutine\System::waitEvent(): supplied resource is not a valid stream resource
NAN timeout => false  last_error=505
-- peer closed
READ, peer closes after 20ms => 512  last_error=10018
READ|WRITE after peer closed => 1536  last_error=0
-- cancel
READ, cancelled after 20ms => false  last_error=10017
-- an fd on the loop already (Event::add) and two waiters on one fd
same stream WRITE 0.05 => 1024  last_error=0
  two waiters: {"A":512,"B":512}
  Event read cb: z
fds back to where they were: true
outside, WRITE, 0 => 1024  last_error=0
outside, events 0 => false  last_error=22

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:%d
Stack trace:
#0 %s(%d): Swoole\Coroutine\System::waitEvent(Resource id #%d, 1024, 0.1)
#1 {main}
  thrown in %s on line %d
