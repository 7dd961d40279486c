--TEST--
TLS between two cosocket sockets: handshake in connect() and sslHandshake(), lines, packets and a 4 MiB checksum over TLS, client certificates, STARTTLS
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine\Socket;
$d = make_certs();
Co\run(function () use ($d) {
    [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
    go(function () use ($srv) {
        for ($i = 0; $i < 2; $i++) {
            $c = $srv->accept();
            var_dump($c->sslHandshake());
            $c->setProtocol(['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4]);
            echo "server got line: ", $c->recvLine();
            $p = $c->recvPacket();
            echo "server got packet: ", substr($p, 4), "\n";
            $big = $c->recvAll(4 << 20);
            $c->sendAll(md5($big) . "\n");
            $c->close();
        }
    });
    foreach ([['ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem", 'ssl_host_name' => 'localhost'], []] as $settings) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol(['open_ssl' => true] + $settings);
        var_dump($c->connect("127.0.0.1", $port, 20));
        $c->sendAll("hello over tls\n");
        $c->sendAll(pack('N', 6) . "packet");
        $big = str_repeat(random_bytes(1024), 4096);
        $c->sendAll($big);
        var_dump(trim($c->recvLine()) === md5($big));
        var_dump($c->recv(), $c->errCode);   // the server's close_notify: end of stream
        $c->close();
    }
    $srv->close();

    echo "-- a server that verifies wants a client certificate\n";
    [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key",
        'ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem"]);
    go(function () use ($srv) {
        $c = $srv->accept();
        var_dump($c->sslHandshake(), $c->errCode);
        $c->close();
        $c = $srv->accept();
        var_dump($c->sslHandshake());
        $c->sendAll("welcome client\n");
        $c->close();
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['open_ssl' => true]);
    $ok = $c->connect("127.0.0.1", $port, 20);
    // TLS 1.3: the client learns of the refusal at its first read.
    var_dump($ok && $c->recv(1024, 20) !== false && $c->errCode === 0);
    $c->close();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['open_ssl' => true, 'ssl_cert_file' => "$d/client.pem", 'ssl_key_file' => "$d/client.key"]);
    var_dump($c->connect("127.0.0.1", $port, 20), $c->recvLine());
    $c->close();
    $srv->close();

    echo "-- STARTTLS: plain first, then sslHandshake() on both sides\n";
    $srv = new Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    $port = $srv->getsockname()['port'];
    go(function () use ($srv, $d) {
        $c = $srv->accept();
        echo "server: " . $c->recvLine();
        $c->sendAll("go ahead\n");
        $c->setProtocol(['open_ssl' => true, 'ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
        var_dump($c->sslHandshake());
        echo "server: " . $c->recvLine();
        $c->close();
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect("127.0.0.1", $port, 20));
    $c->sendAll("STARTTLS\n");
    echo "client: " . $c->recvLine();
    $c->setProtocol(['open_ssl' => true]);
    var_dump($c->sslHandshake());
    $c->sendAll("secret\n");
    $c->close();
});
?>
--EXPECT--
bool(true)
bool(true)
server got line: hello over tls
server got packet: packet
bool(true)
string(0) ""
int(0)
bool(true)
bool(true)
server got line: hello over tls
server got packet: packet
bool(true)
string(0) ""
int(0)
-- a server that verifies wants a client certificate
bool(false)
int(1014)
bool(false)
bool(true)
bool(true)
string(15) "welcome client
"
-- STARTTLS: plain first, then sslHandshake() on both sides
bool(true)
server: STARTTLS
client: go ahead
bool(true)
bool(true)
server: secret