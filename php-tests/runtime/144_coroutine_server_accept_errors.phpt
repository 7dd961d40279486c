--TEST--
Coroutine\Server: accept() errors warn and end start() (true, errCode untouched), a closed listener makes start() fail with EINVAL, max_coroutine reached, start() outside a coroutine is Swoole's fatal error
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Server;
use Swoole\Coroutine\Socket;

class MyServer extends Server
{
    public function replaceSocket(): void { $this->socket = new Socket(AF_INET, SOCK_STREAM, 0); }
    public function closeSocket(): bool { return $this->socket->close(); }
    public function running(): bool { return $this->running; }
}

Co\run(function () {
    echo "-- accept() on a socket that does not listen: a warning, start() returns true\n";
    $m = new MyServer('127.0.0.1', 0);
    $m->handle(fn () => null);
    $m->replaceSocket();
    var_dump($m->start(), $m->errCode, $m->running());
    echo "-- the listener closed before start(): setProtocol() fails, false and EINVAL\n";
    $m = new MyServer('127.0.0.1', 0);
    $m->handle(fn () => null);
    var_dump($m->closeSocket(), $m->start(), $m->errCode);
    echo "-- the listener closed by a handler while start() waits\n";
    $m = new MyServer('127.0.0.1', 0);
    $m->handle(function ($c) use ($m) { echo "handler closes the listener: "; var_dump($m->closeSocket()); });
    go(function () use ($m) { $c = new Socket(AF_INET, SOCK_STREAM, 0); $c->connect('127.0.0.1', $m->port, 1); });
    var_dump($m->start(), $m->errCode);
    echo "-- max_coroutine reached: the connection is not handled, start() goes on\n";
    Co::set(['max_coroutine' => 3]);
    $s = new Server('127.0.0.1', 0);
    $s->handle(function ($c) { echo "handler\n"; Co::sleep(0.2); echo "handler done\n"; });
    go(function () use ($s) {
        $a = new Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($a->connect('127.0.0.1', $s->port, 1));
        $b = new Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($b->connect('127.0.0.1', $s->port, 1));
        var_dump($b->recv(10, 0.05), $b->errCode);
        $s->shutdown();
    });
    var_dump($s->start());
});
echo "-- start() outside a coroutine\n";
$s = new Server('127.0.0.1', 0);
$s->handle(fn () => null);
var_dump($s->shutdown());
$s->start();
echo "not reached\n";
--EXPECTF--
-- accept() on a socket that does not listen: a warning, start() returns true

Warning: accept failed, Error: Invalid argument[22] in %s on line %d
bool(true)
int(0)
bool(true)
-- the listener closed before start(): setProtocol() fails, false and EINVAL
bool(true)
bool(false)
int(22)
-- the listener closed by a handler while start() waits
handler closes the listener: bool(true)

Warning: accept failed, Error: Bad file descriptor[9] in %s on line %d
bool(true)
int(0)
-- max_coroutine reached: the connection is not handled, start() goes on

Warning: %s(): exceed max number of coroutine 3 in %s on line %d
bool(true)
handler
bool(true)
bool(false)
int(110)
bool(true)
handler done
-- start() outside a coroutine
bool(false)

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:%d
Stack trace:
%A  thrown in %s on line %d
