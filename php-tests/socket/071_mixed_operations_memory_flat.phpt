--TEST--
Socket: thousands of operations of every kind a long-running client sees (packets, timeouts, a socket or a coroutine cancelled with and without an exception, resets, refused and timed-out connects, names, channels with a context and a defer) leave PHP's memory and the fd table where they were after a warm-up (bench/soak.php runs the same mix for minutes)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;
const FRAMING = ['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4];
function fds(): int { return count(scandir('/proc/self/fd')); }
function frame(string $body): string { return pack('N', strlen($body)) . $body; }

Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->setProtocol(FRAMING);
    $server->bind('127.0.0.1', 0);
    $server->listen(128);
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        while (($c = $server->accept(-1)) !== false) {
            go(function () use ($c) {
                while (($p = $c->recvPacket(5)) !== false && $p !== '') {
                    $body = substr($p, 4);
                    if ($body === 'slow') {
                        Coroutine::sleep(0.05);
                    } elseif ($body === 'reset') {
                        $c->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
                        break;
                    }
                    $c->sendAll($p);
                }
                $c->close();
            });
        }
    });
    $refused = new Socket(AF_INET, SOCK_STREAM, 0);
    $refused->bind('127.0.0.1', 0);
    $full = new Socket(AF_INET, SOCK_STREAM, 0);       // never accepts: connects time out
    $full->bind('127.0.0.1', 0);
    $full->listen(0);
    $connect = function (string $host, int $port) {
        $s = new Socket(AF_INET, SOCK_STREAM, 0);
        $s->setProtocol(FRAMING);
        return $s->connect($host, $port, 5) ? $s : throw new RuntimeException("connect: $s->errMsg");
    };
    $kinds = [
        'echo' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            $ok = $s->sendAll(frame('ping')) && $s->recvPacket(5) === frame('ping');
            $s->close();
            return $ok;
        },
        'timeout' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            $s->sendAll(frame('slow'));
            $ok = $s->recvPacket(0.001) === false && $s->errCode === SOCKET_ETIMEDOUT;
            $s->close();
            return $ok;
        },
        'socket cancel' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            go(function () use ($s) { $GLOBALS['r'] = [$s->recvPacket(5), $s->errCode]; });
            $s->cancel();
            $s->close();
            return $GLOBALS['r'] === [false, SOCKET_ECANCELED];
        },
        'coroutine cancel' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            $reader = go(fn() => $s->recvPacket(5));
            $ok = Coroutine::cancel($reader) && !Coroutine::exists($reader);
            $s->close();
            return $ok;
        },
        'cancel with exception' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            $reader = go(function () use ($s) {
                try {
                    $s->recvPacket(5);
                } catch (Coroutine\CanceledException $e) {
                    $GLOBALS['caught'] = true;
                }
            });
            $GLOBALS['caught'] = false;
            $ok = Coroutine::cancel($reader, true) && $GLOBALS['caught'];
            $s->close();
            return $ok;
        },
        'reset' => function () use ($connect, $port) {
            $s = $connect('127.0.0.1', $port);
            $s->sendAll(frame('reset'));
            $ok = $s->recvPacket(5) === false && $s->errCode === SOCKET_ECONNRESET;
            $s->close();
            return $ok;
        },
        'refused' => function () use ($refused) {
            $s = new Socket(AF_INET, SOCK_STREAM, 0);
            $ok = !$s->connect('127.0.0.1', $refused->getsockname()['port'], 1) && $s->errCode === SOCKET_ECONNREFUSED;
            $s->close();
            return $ok;
        },
        'connect timeout' => function () use ($full) {
            $s = new Socket(AF_INET, SOCK_STREAM, 0);
            $ok = $s->connect('127.0.0.1', $full->getsockname()['port'], 0.001) || $s->errCode === SOCKET_ETIMEDOUT;
            $s->close();
            return $ok;
        },
        'name' => function () use ($connect, $port) {
            $s = $connect('localhost', $port);
            $ok = $s->getpeername()['port'] === $port && $s->sendAll(frame('x')) && $s->recvPacket(5) === frame('x');
            $s->close();
            return $ok;
        },
        'channel, context, defer' => function () {
            $ch = new Coroutine\Channel(1);
            go(function () use ($ch) {
                Coroutine::getContext()['v'] = str_repeat('v', 100);
                defer(fn() => $ch->push(Coroutine::getContext()['v']));
            });
            return $ch->pop(5) === str_repeat('v', 100);
        },
    ];
    $run = function (int $rounds) use ($kinds) {
        foreach ($kinds as $name => $op) {
            for ($i = 0; $i < $rounds; $i++) {
                if (!$op()) {
                    echo "$name failed\n";
                    return;
                }
            }
        }
    };
    $run(30);                       // warm-up: caches, pools, the resolver's threads
    Coroutine::sleep(0.1);          // the server's side of the last ones ends
    $mem = memory_get_usage();
    $fds = fds();
    $run(300);
    Coroutine::sleep(0.1);
    var_dump(fds() - $fds);
    $grown = memory_get_usage() - $mem;
    var_dump($grown < 16 * 1024);
    if ($grown >= 16 * 1024) echo "grew by $grown bytes over ", 300 * count($kinds), " operations\n";
    $server->close();
    $full->close();
});
?>
--EXPECT--
int(0)
bool(true)
