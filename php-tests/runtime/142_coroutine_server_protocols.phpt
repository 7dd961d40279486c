--TEST--
Coroutine\Server: the server's settings frame each connection (length and EOF protocols), IPv6, a Unix socket, TLS (handshake per connection, a plain client refused, a missing certificate)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Server;
use Swoole\Coroutine\Server\Connection;
use Swoole\Coroutine\Socket;

$dir = sys_get_temp_dir() . '/cosocket-142-' . getmypid();
@mkdir($dir);
$key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
$crt = openssl_csr_sign(openssl_csr_new(['commonName' => 'localhost'], $key), null, $key, 1);
openssl_x509_export_to_file($crt, "$dir/c.pem");
openssl_pkey_export_to_file($key, "$dir/k.pem");

function echo_handler(Server $server, callable $reply) {
    $server->handle(function (Connection $conn) use ($reply) {
        while (true) {
            $data = $conn->recv(2);
            if ($data === '' || $data === false) {
                break;
            }
            $conn->send($reply($data));
        }
        $conn->close();
    });
}

Co\run(function () use ($dir) {
    echo "-- the server's settings frame each connection's recv() (length protocol)\n";
    $setting = ['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0,
        'package_body_offset' => 4, 'package_max_length' => 1 << 20];
    $s = new Server('127.0.0.1', 0);
    $s->set($setting);
    echo_handler($s, fn ($d) => pack('N', strlen($d) - 4) . strrev(substr($d, 4)));
    go(function () use ($s, $setting) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol($setting);
        $c->connect('127.0.0.1', $s->port, 1);
        $body = str_repeat('abc', 100000);
        // Two packets in one write, the second cut in two.
        $c->sendAll(pack('N', 4) . 'ping' . pack('N', strlen($body)) . substr($body, 0, 1000));
        Co::sleep(0.01);
        $c->sendAll(substr($body, 1000));
        $p = $c->recvPacket(2);
        var_dump(substr($p, 4));
        $p = $c->recvPacket(2);
        var_dump(strlen($p), substr($p, 4, 6));
        $c->close();
        $s->shutdown();
    });
    var_dump($s->start());

    echo "-- eof protocol, several clients\n";
    $s = new Server('127.0.0.1', 0);
    $s->set(['open_eof_split' => true, 'package_eof' => "\r\n"]);
    echo_handler($s, 'strtoupper');
    $got = [];
    $wg = new Swoole\Coroutine\WaitGroup();
    for ($i = 0; $i < 3; $i++) {
        $wg->add();
        go(function () use ($s, $i, $wg, &$got) {
            $c = new Socket(AF_INET, SOCK_STREAM, 0);
            $c->setProtocol(['open_eof_split' => true, 'package_eof' => "\r\n"]);
            $c->connect('127.0.0.1', $s->port, 1);
            $c->sendAll("client $i a\r\nclient $i b\r\n");
            $got[] = $c->recvPacket(2);
            $got[] = $c->recvPacket(2);
            $c->close();
            $wg->done();
        });
    }
    go(function () use ($s, $wg) { $wg->wait(5); $s->shutdown(); });
    var_dump($s->start());
    sort($got);
    echo json_encode($got), "\n";

    echo "-- IPv6 and a Unix socket\n";
    $path = "$dir/s.sock";
    foreach ([['::1', AF_INET6], ["unix:$path", AF_UNIX]] as [$host, $family]) {
        $s = new Server($host, 0);
        var_dump($s->type === $family);
        echo_handler($s, fn ($d) => "re:$d");
        go(function () use ($s, $family, $path) {
            $c = new Socket($family, SOCK_STREAM, 0);
            var_dump($family === AF_UNIX ? $c->connect($path) : $c->connect('::1', $s->port, 1));
            $c->send('hi');
            var_dump($c->recv(1024, 2));
            $c->close();
            $s->shutdown();
        });
        var_dump($s->start());
    }
    unlink($path);

    echo "-- TLS: the handshake in each connection's coroutine, then the handler\n";
    $s = new Server('127.0.0.1', 0, true);
    $s->set(['ssl_cert_file' => "$dir/c.pem", 'ssl_key_file' => "$dir/k.pem"]);
    echo_handler($s, fn ($d) => "tls:$d");
    go(function () use ($s) {
        echo "a plain client: no handler runs, the connection is closed\n";
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $s->port, 1);
        $c->send("plain text, not a TLS hello\r\n\r\n");
        var_dump($c->recv(1024, 1));
        echo "a TLS client\n";
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol(['open_ssl' => true]);
        var_dump($c->connect('127.0.0.1', $s->port, 1));
        $c->send('x');
        var_dump($c->recv(1024, 1));
        $c->close();
        $s->shutdown();
    });
    var_dump($s->start());

    echo "-- TLS with a certificate that does not exist: start() fails\n";
    $s = new Server('127.0.0.1', 0, true);
    $s->set(['ssl_cert_file' => "$dir/none.pem", 'ssl_key_file' => "$dir/none.pem"]);
    $s->handle(fn () => null);
    var_dump(@$s->start(), $s->errCode);
});
array_map('unlink', glob("$dir/*"));
rmdir($dir);
--EXPECT--
-- the server's settings frame each connection's recv() (length protocol)
string(4) "gnip"
int(300004)
string(6) "cbacba"
bool(true)
-- eof protocol, several clients
bool(true)
["CLIENT 0 A\r\n","CLIENT 0 B\r\n","CLIENT 1 A\r\n","CLIENT 1 B\r\n","CLIENT 2 A\r\n","CLIENT 2 B\r\n"]
-- IPv6 and a Unix socket
bool(true)
bool(true)
string(5) "re:hi"
bool(true)
bool(true)
bool(true)
string(5) "re:hi"
bool(true)
-- TLS: the handshake in each connection's coroutine, then the handler
a plain client: no handler runs, the connection is closed
bool(false)
a TLS client
bool(true)
string(5) "tls:x"
bool(true)
-- TLS with a certificate that does not exist: start() fails
bool(false)
int(22)
