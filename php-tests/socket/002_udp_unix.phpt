--TEST--
Socket: UDP recvfrom/sendto with the peer address, Unix stream and Unix datagram sockets
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $a = new Socket(AF_INET, SOCK_DGRAM, 0);
    $a->bind('127.0.0.1', 0);
    $b = new Socket(AF_INET, SOCK_DGRAM, 0);
    $b->bind('127.0.0.1', 0);
    $pa = $a->getsockname()['port'];
    $pb = $b->getsockname()['port'];
    go(function () use ($a, $pb) {
        $data = $a->recvfrom($peer, 2);
        var_dump($data, $peer === ['address' => '127.0.0.1', 'port' => $pb]);
        var_dump($a->sendto($peer['address'], $peer['port'], "pong"));
    });
    var_dump($b->sendto('127.0.0.1', $pa, "ping"));
    var_dump($b->recvfrom($peer2, 2), $peer2['port'] === $pa);
    // A host name is resolved; a 64 KiB-ish datagram goes whole.
    var_dump($b->sendto('localhost', $pa, str_repeat('x', 65000)), strlen($a->recvfrom($p, 2)));
    var_dump($b->sendto('127.0.0.1', $pa, str_repeat('x', 70000)), $b->errCode === SOCKET_EMSGSIZE);
    var_dump($a->recvfrom($p, 0.05), $a->errCode === SOCKET_ETIMEDOUT);
    $tcp = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($tcp->sendto('127.0.0.1', $pa, 'x'), $tcp->errCode === SOCKET_EPROTONOSUPPORT);

    $dir = sys_get_temp_dir() . '/cosocket-' . getmypid();
    @mkdir($dir);
    $path = "$dir/stream.sock";
    $server = new Socket(AF_UNIX, SOCK_STREAM, 0);
    var_dump($server->bind($path), $server->listen(), $server->getsockname()['address'] === $path);
    go(function () use ($server) {
        $conn = $server->accept();
        $conn->send("unix: " . $conn->recv());
    });
    $c = new Socket(AF_UNIX, SOCK_STREAM, 0);
    var_dump($c->connect($path), $c->send('hi'), $c->recv());

    $ua = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $ua->bind("$dir/a.sock");
    $ub = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $ub->bind("$dir/b.sock");
    var_dump($ub->sendto("$dir/a.sock", 0, 'dgram'), $ua->recvfrom($from), $from === ['address' => "$dir/b.sock", 'port' => 0]);
    foreach (glob("$dir/*") as $f) unlink($f);
    rmdir($dir);
});
?>
--EXPECT--
int(4)
string(4) "ping"
bool(true)
int(4)
string(4) "pong"
bool(true)
int(65000)
int(65000)
bool(false)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(2)
string(8) "unix: hi"
int(5)
string(5) "dgram"
bool(true)
