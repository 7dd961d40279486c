--TEST--
Coroutine\Server: start() without a handler, set() merging, handle(), one coroutine per connection with a Connection, recv/send/close/exportSocket, shutdown() from the handler or another coroutine, accept timeouts, the last connection kept until the next one, handle() while running
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Server;
use Swoole\Coroutine\Server\Connection;
use Swoole\Coroutine\Socket;

Co\run(function () {
    $s = new Server('127.0.0.1', 0);
    echo "-- start() without a handler\n";
    var_dump($s->start(), $s->errCode);
    echo "-- shutdown() while start() does not run\n";
    var_dump($s->shutdown());
    $s->errCode = 0;
    echo "-- handle(), set()\n";
    var_dump($s->handle('strlen'));
    try { $s->handle('no_such_function'); } catch (TypeError $e) { echo preg_replace('/, called in.*/', '', $e->getMessage()), "\n"; }
    try { $s->set('x'); } catch (TypeError $e) { echo preg_replace('/, called in.*/', '', $e->getMessage()), "\n"; }
    var_dump($s->set(['open_eof_check' => true, 'package_eof' => "\n"]));
    var_dump($s->set(['open_eof_check' => false, 'open_ssl' => false, 7 => 'x']));
    var_dump($s->setting);
    $s->setting = ["open_ssl" => false];
    $s->handle(function ($conn) use ($s) {
        echo "handler: args=", func_num_args(), " ", get_class($conn), " cid=", Co::getCid(), " pcid=", Co::getPcid(), "\n";
        $sock = $conn->exportSocket();
        var_dump(get_class($sock), $sock === $conn->exportSocket());
        $d = $conn->recv();
        var_dump($d, $conn->send("re:$d"));
        echo "recv timeout: "; var_dump($conn->recv(0.05), $sock->errCode);
        echo "peer closed: "; var_dump($conn->recv(-1));
        var_dump($conn->close(), $conn->close());
        var_dump($conn->recv(), $conn->send('y'), $sock->errCode);
        echo "shutdown() in the handler: ";
        var_dump($s->shutdown());
        echo "handler ends\n";
    });
    go(function () use ($s) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($c->connect('127.0.0.1', $s->port, 1));
        $c->send("hello");
        var_dump($c->recv(1024, 1));
        Co::sleep(0.1);
        $c->close();
    });
    echo "start: ";
    var_dump($s->start());
    var_dump($s->errCode);
    echo "-- start() again (the listener is still open), shutdown() from another coroutine\n";
    go(function () use ($s) { Co::sleep(0.05); echo "shutdown: "; var_dump($s->shutdown()); });
    var_dump($s->start());

    echo "-- an accept timeout (setting 'timeout') does not stop start()\n";
    $s = new Server('127.0.0.1', 0);
    $s->set(['timeout' => 0.02]);
    $n = 0;
    $s->handle(function ($c) use (&$n) { $n++; });
    go(function () use ($s) {
        Co::sleep(0.1);
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($c->connect('127.0.0.1', $s->port, 1));
        Co::sleep(0.05);
        var_dump($s->shutdown());
    });
    var_dump($s->start(), $n, $s->errCode);

    echo "-- a handler that returns without close(): the connection stays open until the next one comes\n";
    $s = new Server('127.0.0.1', 0);
    $s->handle(function ($c) { echo "handler returns\n"; });
    go(function () use ($s) {
        $a = new Socket(AF_INET, SOCK_STREAM, 0);
        $a->connect('127.0.0.1', $s->port, 1);
        var_dump($a->recv(10, 0.1), $a->errCode);
        $b = new Socket(AF_INET, SOCK_STREAM, 0);
        $b->connect('127.0.0.1', $s->port, 1);
        var_dump($a->recv(10, 0.1), $b->recv(10, 0.1), $b->errCode);
        $s->shutdown();
        echo "after start() returned: ";
        var_dump($b->recv(10, 0.1));
    });
    var_dump($s->start());
    Co::sleep(0.05);

    echo "-- handle() while start() runs: the next connection gets the new handler\n";
    $s = new Server('127.0.0.1', 0);
    $s->handle(function ($c) use ($s) { echo "first handler\n"; $s->handle(function ($c) { echo "second handler\n"; }); });
    go(function () use ($s) {
        foreach ([1, 2] as $i) {
            $c = new Socket(AF_INET, SOCK_STREAM, 0);
            $c->connect('127.0.0.1', $s->port, 1);
            Co::sleep(0.02);
        }
        $s->shutdown();
    });
    var_dump($s->start());
});
--EXPECT--
-- start() without a handler
bool(false)
int(22)
-- shutdown() while start() does not run
bool(false)
-- handle(), set()
NULL
Swoole\Coroutine\Server::handle(): Argument #1 ($fn) must be of type callable, string given
Swoole\Coroutine\Server::set(): Argument #1 ($setting) must be of type array, string given
NULL
NULL
array(4) {
  ["open_ssl"]=>
  bool(false)
  ["open_eof_check"]=>
  bool(false)
  ["package_eof"]=>
  string(1) "
"
  [0]=>
  string(1) "x"
}
start: handler: args=1 Swoole\Coroutine\Server\Connection cid=3 pcid=1
string(23) "Swoole\Coroutine\Socket"
bool(true)
bool(true)
string(5) "hello"
int(8)
recv timeout: string(8) "re:hello"
bool(false)
int(110)
peer closed: string(0) ""
bool(true)
bool(false)
bool(false)
bool(false)
int(9)
shutdown() in the handler: bool(true)
int(0)
-- start() again (the listener is still open), shutdown() from another coroutine
bool(true)
handler ends
shutdown: bool(true)
-- an accept timeout (setting 'timeout') does not stop start()
bool(true)
bool(true)
bool(true)
int(1)
int(0)
-- a handler that returns without close(): the connection stays open until the next one comes
handler returns
bool(true)
bool(false)
int(110)
handler returns
string(0) ""
bool(false)
int(110)
bool(true)
after start() returned: string(0) ""
-- handle() while start() runs: the next connection gets the new handler
first handler
second handler
bool(true)
