--TEST--
swoole_last_error() after a successful connect() (TCP, by name, UDP, Unix) or bind() is 0, as Swoole (the previous failure's code used to stay); errCode keeps its value, listen() and an accept() that did not wait leave swoole_last_error() alone, and a failed bind() reports its error (Swoole's is 0)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

// Each call follows a failed connect (111 ECONNREFUSED in swoole_last_error()).
function refused(): void
{
    $x = new Socket(AF_INET, SOCK_STREAM, 0);
    $x->connect('127.0.0.1', 1, 1);
}

function show(string $name, $r, Socket $s): void
{
    echo "$name: ", is_object($r) ? 'a socket' : var_export($r, true), ", last error ", swoole_last_error(), ", errCode {$s->errCode}\n";
}

Co\run(function () {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    refused();
    show('bind', $l->bind('127.0.0.1', 0), $l);
    refused();
    show('listen', $l->listen(), $l);
    $port = $l->getsockname()['port'];

    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    refused();
    show('TCP connect', $c->connect('127.0.0.1', $port, 1), $c);
    refused();
    show('accept of a waiting connection', $l->accept(1), $l);
    $n = new Socket(AF_INET, SOCK_STREAM, 0);
    refused();
    show('TCP connect by name', $n->connect('localhost', $port, 1), $n);

    // A UDP socket can connect again: errCode keeps the failure's code (as Swoole).
    $u = new Socket(AF_INET, SOCK_DGRAM, 0);
    show('UDP connect to a bad address', $u->connect('no such host', 80), $u);
    show('UDP connect', $u->connect('127.0.0.1', $port), $u);

    $path = sys_get_temp_dir() . '/cosocket-053-' . getmypid() . '.sock';
    @unlink($path);
    $ul = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $ul->bind($path);
    $ul->listen();
    $uc = new Socket(AF_UNIX, SOCK_STREAM, 0);
    refused();
    show('Unix connect', $uc->connect($path), $uc);
    @unlink($path);

    // A failed bind still reports its error.
    $b = new Socket(AF_INET, SOCK_STREAM, 0);
    show('bind to an address in use', $b->bind('127.0.0.1', $port), $b);
});
?>
--EXPECT--
bind: true, last error 0, errCode 0
listen: true, last error 111, errCode 0
TCP connect: true, last error 0, errCode 0
accept of a waiting connection: a socket, last error 111, errCode 0
TCP connect by name: true, last error 0, errCode 0
UDP connect to a bad address: false, last error 711, errCode 711
UDP connect: true, last error 0, errCode 711
Unix connect: true, last error 0, errCode 0
bind to an address in use: false, last error 98, errCode 98
