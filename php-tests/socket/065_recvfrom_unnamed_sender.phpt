--TEST--
recvfrom() from a sender with no address (an unbound Unix datagram socket, a socketpair, a stream) sets $peer to ['address' => '', 'port' => 0]
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $dir = sys_get_temp_dir();
    $path = "$dir/co65-" . getmypid() . '.sock';
    $bound = "$dir/co65b-" . getmypid() . '.sock';
    $r = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $r->bind($path);

    $unnamed = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $unnamed->sendto($path, 0, 'from an unbound socket');
    $peer = 'untouched';
    echo $r->recvfrom($peer, 1), ": ", json_encode($peer), "\n";

    $named = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $named->bind($bound);
    $named->sendto($path, 0, 'from a bound socket');
    echo $r->recvfrom($peer, 1), ": ", $peer['address'] === $bound ? 'its path' : json_encode($peer), ", port ", $peer['port'], "\n";

    $connected = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    $connected->connect($path);
    $connected->send('from an unbound, connected socket');
    echo $r->recvfrom($peer, 1), ": ", json_encode($peer), "\n";

    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_DGRAM, 0);
    $a->send('through a datagram socketpair');
    echo $b->recvfrom($peer, 1), ": ", json_encode($peer), "\n";

    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send('through a stream socketpair');
    echo $b->recvfrom($peer, 1), ": ", json_encode($peer), "\n";

    $peer = 'untouched';
    var_dump($r->recvfrom($peer, 0.01), $r->errCode, $peer);
    unlink($path);
    unlink($bound);
});
?>
--EXPECT--
from an unbound socket: {"address":"","port":0}
from a bound socket: its path, port 0
from an unbound, connected socket: {"address":"","port":0}
through a datagram socketpair: {"address":"","port":0}
through a stream socketpair: {"address":"","port":0}
bool(false)
int(110)
string(9) "untouched"
