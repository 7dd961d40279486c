--TEST--
Event::add() of a Co\Socket: an idle socket (one that never waited, or waited before and is in the reactor) is added and works in the callback and after del(); while a coroutine waits on it add() fails as in Swoole (warning, false) and the coroutine gets its data (Swoole breaks the socket); a closed Co\Socket is refused like a closed ext-sockets Socket; no fd left behind
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Event::add() of a Co\Socket's fd: while the socket is idle (never waited, or waited
// before) it works, its callback's recv() too, and after del() the socket works as
// before; while a coroutine waits on it, add() fails (as in Swoole, whose reactor has
// the fd then) and the waiting coroutine is not disturbed. No fd is left behind.
use Swoole\Event;
use Swoole\Coroutine\Socket;
function fds() { return count(scandir('/proc/self/fd')) - 2; }
function pair() {
    $path = sys_get_temp_dir() . "/cosocket_124_" . getmypid() . ".sock";
    @unlink($path);
    $srv = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $srv->bind($path); $srv->listen();
    $cli = new Socket(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($cli, $path) { $cli->connect($path); });
    $conn = $srv->accept();
    @unlink($path);
    $srv->close();
    return [$conn, $cli];
}
Co\run(function () {
    Co::sleep(0.001);
    $base = fds();
    echo "-- idle socket that never waited\n";
    [$conn, $cli] = pair();
    $cli->send("hi"); echo "recv: ", $conn->recv(), "\n";
    $r = Event::add($conn, function ($s) { echo "event read cb, recv=", var_export($s->recv(), true), "\n"; Event::del($s); });
    echo "Event::add(conn) => ", var_export(is_int($r), true), " last_error=", swoole_last_error(), "\n";
    echo "isset => ", var_export(Event::isset($conn), true), "\n";
    $cli->send("data1");
    Co::sleep(0.05);
    echo "after 50ms isset => ", var_export(Event::isset($conn), true), "\n";
    $cli->send("data2");
    echo "main recv after del => ", var_export($conn->recv(-1, 1), true), "\n";
    $conn->close(); $cli->close();

    echo "-- socket that waited before\n";
    [$conn, $cli] = pair();
    go(function () use ($cli) { Co::sleep(0.02); $cli->send("first"); });
    echo "waited recv: ", var_export($conn->recv(), true), "\n";
    $r = Event::add($conn, function ($s) { echo "event cb: ", var_export($s->recv(), true), "\n"; });
    echo "Event::add(idle conn) => ", var_export(is_int($r), true), " last_error=", swoole_last_error(), "\n";
    $cli->send("second");
    Co::sleep(0.05);
    echo "del => ", var_export(Event::del($conn), true), "\n";
    go(function () use ($cli) { Co::sleep(0.02); $cli->send("third"); });
    echo "recv after del: ", var_export($conn->recv(-1, 1), true), "\n";
    $r = Event::add($conn, function ($s) { echo "event2 cb: ", var_export($s->recv(), true), "\n"; Event::del($s); });
    echo "Event::add again => ", var_export(is_int($r), true), "\n";
    $cli->send("fourth");
    Co::sleep(0.05);
    echo "isset after => ", var_export(Event::isset($conn), true), "\n";
    $conn->close(); $cli->close();

    echo "-- a coroutine waits on the socket\n";
    [$conn, $cli] = pair();
    go(function () use ($conn) { $r = $conn->recv(-1, 1); echo "coroutine recv => ", var_export($r, true), " errCode=", $conn->errCode, "\n"; });
    $r = Event::add($conn, function ($s) { echo "never\n"; });
    echo "Event::add(conn) => ", var_export($r, true), " last_error=", swoole_last_error(), "\n";
    echo "isset => ", var_export(Event::isset($conn), true), "\n";
    $cli->send("data1");
    Co::sleep(0.05);
    $cli->send("data2");
    echo "main recv => ", var_export($conn->recv(-1, 1), true), "\n";
    $conn->close(); $cli->close();

    echo "-- a closed Co\\Socket (its fd is closed: cosocket refuses it, Swoole's close() keeps the fd open and takes it)\n";
    $cs = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $cs->close();
    echo "fd property kept: ", var_export($cs->fd > 0, true), "\n";
    foreach (['add', 'set', 'del', 'isset', 'write'] as $m) {
        swoole_clear_error();
        $r = match ($m) {
            'add' => Event::add($cs, fn() => 1),
            'set' => Event::set($cs, fn() => 1),
            'del' => Event::del($cs),
            'isset' => Event::isset($cs),
            'write' => Event::write($cs, "x"),
        };
        echo "$m(closed Co\\Socket) => ", var_export($r, true), " last_error=", swoole_last_error(), "\n";
    }
    echo "fds delta ", fds() - $base, "\n";
});
echo "end\n";
--EXPECTF--
-- idle socket that never waited
recv: hi
Event::add(conn) => true last_error=0
isset => true
event read cb, recv='data1'
after 50ms isset => false
main recv after del => 'data2'
-- socket that waited before
waited recv: 'first'
Event::add(idle conn) => true last_error=0
event cb: 'second'
del => true
recv after del: 'third'
Event::add again => true
event2 cb: 'fourth'
isset after => false
-- a coroutine waits on the socket

Warning: Swoole\Event::add(): swoole_event_add failed in %s on line 58
Event::add(conn) => false last_error=503
isset => false
coroutine recv => 'data1' errCode=0
main recv => 'data2'
-- a closed Co\Socket (its fd is closed: cosocket refuses it, Swoole's close() keeps the fd open and takes it)
fd property kept: true

Warning: Swoole\Event::add(): contains a closed socket in %s on line 74

Warning: Swoole\Event::add(): unknown fd type in %s on line 74
add(closed Co\Socket) => false last_error=503

Warning: Swoole\Event::set(): contains a closed socket in %s on line 75
set(closed Co\Socket) => false last_error=503

Warning: Swoole\Event::del(): contains a closed socket in %s on line 76

Warning: Swoole\Event::del(): unknown type in %s on line 76
del(closed Co\Socket) => false last_error=503

Warning: Swoole\Event::isset(): contains a closed socket in %s on line 77

Warning: Swoole\Event::isset(): unknown type in %s on line 77
isset(closed Co\Socket) => false last_error=503

Warning: Swoole\Event::write(): contains a closed socket in %s on line 78

Warning: Swoole\Event::write(): unknown type in %s on line 78
write(closed Co\Socket) => false last_error=503
fds delta 0
end
