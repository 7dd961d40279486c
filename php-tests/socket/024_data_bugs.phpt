--TEST--
Unix paths too long (504), option values as zval_get_long, a send after EAGAIN, the read-ahead buffer served first by every read, accept() inheriting timeouts (Swoole's results, but for the read-ahead order)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function pair(?Socket &$l = null): array {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    return [$c, $l->accept()];
}
function er($s) { echo "  errCode={$s->errCode} errMsg='{$s->errMsg}'\n"; }
Co\run(function () {
    echo "-- Unix paths of 107 bytes or more\n";
    $dir = sys_get_temp_dir() . '/co24-' . getmypid();
    @mkdir($dir);
    $long = $dir . '/' . str_repeat('a', 120 - strlen($dir) - 1);
    foreach ([SOCK_STREAM, SOCK_DGRAM] as $type) {
        $u = new Socket(AF_UNIX, $type, 0);
        var_dump($u->bind($long)); er($u);
        var_dump($u->connect($long)); er($u);
        if ($type === SOCK_DGRAM) { var_dump($u->sendto($long, 0, 'x')); er($u); }
    }
    var_dump(glob("$dir/*"));
    rmdir($dir);

    echo "-- option values converted as zval_get_long\n";
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($s->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => '1', 'l_linger' => '3']), json_encode($s->getOption(SOL_SOCKET, SO_LINGER)));
    var_dump($s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => '2', 'usec' => true]), json_encode($s->getOption(SOL_SOCKET, SO_RCVTIMEO)));
    var_dump($s->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 1.5, 'usec' => '250000']), json_encode($s->getOption(SOL_SOCKET, SO_SNDTIMEO)));
    var_dump($s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 0]), json_encode($s->getOption(SOL_SOCKET, SO_RCVTIMEO)));
    var_dump($s->setOption(SOL_SOCKET, SO_SNDTIMEO, []));
    var_dump($s->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1]));
    var_dump($s->setOption(SOL_SOCKET, SO_RCVBUF, '7000'), $s->getOption(SOL_SOCKET, SO_RCVBUF) >= 7000);
    var_dump($s->setOption(SOL_SOCKET, SO_KEEPALIVE, '1'), $s->getOption(SOL_SOCKET, SO_KEEPALIVE));
    var_dump($s->setOption(SOL_SOCKET, SO_KEEPALIVE, new stdClass), $s->getOption(SOL_SOCKET, SO_KEEPALIVE));
    try { $s->setOption(SOL_SOCKET, SO_LINGER, 1); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }

    echo "-- a send after a write hit EAGAIN tries the syscall\n";
    [$c, $k] = pair();
    $c->setOption(SOL_SOCKET, SO_SNDBUF, 4096);
    $big = str_repeat('x', 8 << 20);
    $n = $c->sendAll($big, 0.2);
    echo $n < strlen($big) ? "sendAll cut short\n" : "sendAll sent all\n"; er($c);
    $got = 0;
    while ($got < $n) { $got += strlen($k->recv(1 << 20)); }
    $t0 = microtime(true);
    var_dump($c->send('after', 5), microtime(true) - $t0 < 1, $k->recv());

    echo "-- every read method serves the read-ahead buffer first\n";
    $c->send("line1\nABCDEFGHIJ");
    usleep(50000);
    foreach (['recv' => fn() => $k->recv(3), 'recvAll' => fn() => $k->recvAll(3), 'recvWithBuffer' => fn() => $k->recvWithBuffer(3),
              'readVector' => fn() => implode('|', $k->readVector([1, 2])), 'readVectorAll' => fn() => implode('|', $k->readVectorAll([2])),
              'recvPacket' => fn() => $k->recvPacket()] as $m => $f) {
        var_dump($k->recvLine());
        if ($m === 'recvPacket') { echo "$m: ", $f(), "\n"; break; }
        echo "$m: ", $f(), "\n";
        $c->send("more\nABCDEFGHIJ");
        usleep(50000);
    }
    $c->send("peek\nXY");
    usleep(50000);
    var_dump($k->recvLine(), $k->peek(2), $k->checkLiveness(), $k->recv());

    echo "-- accept() gives the listener's timeouts\n";
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $l->setOption(SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 300000]);
    $l->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 0, 'usec' => 400000]);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    $k = $l->accept();
    echo json_encode($k->getOption(SOL_SOCKET, SO_RCVTIMEO)), json_encode($k->getOption(SOL_SOCKET, SO_SNDTIMEO)), "\n";
    $t0 = microtime(true);
    var_dump($k->recv(), $k->errCode, microtime(true) - $t0 < 2);
});
?>
--EXPECTF--
-- Unix paths of 107 bytes or more
bool(false)
  errCode=504 errMsg='Name too long'
bool(false)
  errCode=504 errMsg='Name too long'
bool(false)
  errCode=504 errMsg='Name too long'
bool(false)
  errCode=504 errMsg='Name too long'
bool(false)
  errCode=504 errMsg='Name too long'
array(0) {
}
-- option values converted as zval_get_long
bool(true)
string(26) "{"l_onoff":1,"l_linger":3}"
bool(true)
string(18) "{"sec":2,"usec":1}"
bool(true)
string(23) "{"sec":1,"usec":250000}"
bool(true)
string(18) "{"sec":2,"usec":1}"

Warning: Swoole\Coroutine\Socket::setOption(): no key "sec" passed in optval in %s on line 31
bool(false)

Warning: Swoole\Coroutine\Socket::setOption(): no key "usec" passed in optval in %s on line 32
bool(false)
bool(true)
bool(true)
bool(true)
int(1)

Warning: Object of class stdClass could not be converted to int in %s on line 35
bool(true)
int(1)
Swoole\Coroutine\Socket::setOption(): Argument #3 ($opt_value) must be of type array when argument $option is SO_LINGER, int given
-- a send after a write hit EAGAIN tries the syscall
sendAll cut short
  errCode=110 errMsg='Connection timed out'
int(5)
bool(true)
string(5) "after"
-- every read method serves the read-ahead buffer first
string(6) "line1
"
recv: ABC
string(12) "DEFGHIJmore
"
recvAll: ABC
string(12) "DEFGHIJmore
"
recvWithBuffer: ABC
string(12) "DEFGHIJmore
"
readVector: A|BC
string(12) "DEFGHIJmore
"
readVectorAll: AB
string(13) "CDEFGHIJmore
"
recvPacket: ABCDEFGHIJ
string(5) "peek
"
string(2) "XY"
bool(true)
string(2) "XY"
-- accept() gives the listener's timeouts
{"sec":0,"usec":300000}{"sec":0,"usec":400000}
bool(false)
int(110)
bool(true)
