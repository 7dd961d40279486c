--TEST--
Co\Socket: errCode/errMsg are written through a reference the script holds to them (a failed connect, a recv timeout, the reset after a success), as Swoole writes them; the script's writes through it reach the property
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

Co\run(function () {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $c = &$s->errCode;
    $m = &$s->errMsg;
    var_dump($s->connect('127.0.0.1', 1, 1), $c, $m);
    $c = 42;
    var_dump($s->errCode);

    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $cl = new Socket(AF_INET, SOCK_STREAM, 0);
    $e = &$cl->errCode;
    $em = &$cl->errMsg;
    var_dump($cl->connect('127.0.0.1', $l->getsockname()['port'], 1));
    $peer = $l->accept();
    var_dump($cl->recv(10, 0.05), $e, $em);
    $peer->send('hi');
    var_dump($cl->recv(10, 1), $e, $em, $cl->errCode);
    unset($e, $em);
    var_dump($cl->recv(10, 0.05), $cl->errCode, $cl->errMsg);
});
?>
--EXPECT--
bool(false)
int(111)
string(18) "Connection refused"
int(42)
bool(true)
bool(false)
int(110)
string(20) "Connection timed out"
string(2) "hi"
int(0)
string(0) ""
int(0)
bool(false)
int(110)
string(20) "Connection timed out"
