--TEST--
TLS: once a read has met the peer's close (close_notify, a close_notify from shutdown() with the peer still reading, or a bare EOF from a killed peer), every write fails at once with 1017, as in Swoole; before that read a write goes out as on any socket
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed'); if (getenv('USE_ZEND_ALLOC') === '0') die('skip under valgrind: the killed openssl s_server peer is read before it printed what it got (timing)'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;
$d = make_certs();
function show(string $label, Socket $s, $r): void {
    echo "$label: ", var_export($r, true), " errCode=$s->errCode errMsg=$s->errMsg\n";
}
function client(int $port): Socket {
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['open_ssl' => true]);
    $c->connect('127.0.0.1', $port, 5) or die("connect: $c->errMsg\n");
    return $c;
}

Co\run(function () use ($d) {
    $server = ['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"];
    [$srv, $port] = tls_listener($server);
    go(function () use ($srv) {
        while ($c = $srv->accept()) {
            $c->sslHandshake();
            $c->close();
        }
    });
    echo "-- the server closes; the client reads, then writes\n";
    $c = client($port);
    show('recv', $c, $c->recv(16, 5));
    show('send', $c, $c->send('x'));
    show('send again', $c, $c->send('y'));
    show('sendAll', $c, $c->sendAll('z'));
    show('writeVector', $c, $c->writeVector(['a', 'b']));
    show('recv', $c, $c->recv(16, 5));
    $c->close();

    echo "-- the server closes; the client writes before it reads\n";
    $c = client($port);
    Coroutine::sleep(0.1);
    show('send', $c, $c->send('x'));            // out, as on a plain socket; the peer resets
    Coroutine::sleep(0.1);
    $r = $c->send('y');
    echo "send again: ", var_export($r, true), " errCode=$c->errCode\n";
    show('recv', $c, $c->recv(16, 5));
    $c->close();
    $srv->close();

    echo "-- the server shuts its write side down and still reads\n";
    [$srv, $port] = tls_listener($server);
    $got = new Coroutine\Channel(1);
    go(function () use ($srv, $got) {
        $c = $srv->accept();
        $c->sslHandshake();
        $c->shutdown(STREAM_SHUT_WR);
        $got->push($c->recv(16, 5));
        $c->close();
    });
    $c = client($port);
    show('recv', $c, $c->recv(16, 5));
    show('send', $c, $c->send('hello'));
    $c->close();
    echo "the server read: ", var_export($got->pop(5), true), "\n";
    $srv->close();

    echo "-- openssl s_server is killed (no close_notify)\n";
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    $p = proc_open(['openssl', 's_server', '-accept', "127.0.0.1:$port", '-cert', "$d/server.pem", '-key', "$d/server.key", '-quiet'],
        [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes);
    for ($i = 0; $i < 100; $i++) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol(['open_ssl' => true]);
        if ($c->connect('127.0.0.1', $port, 5)) break;
        Coroutine::sleep(0.05);                    // s_server still starting
    }
    $c->sendAll("ping\n");
    $line = '';
    stream_set_blocking($pipes[1], false);
    for ($i = 0; $i < 250 && !str_contains($line, "\n"); $i++) {
        Coroutine::sleep(0.02);
        $line .= (string) fread($pipes[1], 64);
    }
    echo "s_server got: $line";
    proc_terminate($p, 9);
    proc_close($p);
    show('recv', $c, $c->recv(16, 5));
    show('send', $c, $c->send('x'));
    show('send again', $c, $c->send('y'));
    $c->close();
});
?>
--EXPECT--
-- the server closes; the client reads, then writes
recv: '' errCode=0 errMsg=
send: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
send again: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
sendAll: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
writeVector: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
recv: '' errCode=0 errMsg=
-- the server closes; the client writes before it reads
send: 1 errCode=0 errMsg=
send again: false errCode=1017
recv: '' errCode=0 errMsg=
-- the server shuts its write side down and still reads
recv: '' errCode=0 errMsg=
send: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
the server read: ''
-- openssl s_server is killed (no close_notify)
s_server got: ping
recv: '' errCode=0 errMsg=
send: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
send again: false errCode=1017 errMsg=SSL reset: the peer closed the TLS session
