--TEST--
TLS failures are clean and exact: an untrusted self-signed certificate, a wrong host name, a plain-text peer, a peer that stalls mid-handshake, sslHandshake() without open_ssl, a missing certificate file
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine\Socket;
$d = make_certs();

function attempt(string $label, int $port, array $settings, float $timeout = 20): void {
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['open_ssl' => true] + $settings);
    $t = microtime(true);
    $r = $c->connect('127.0.0.1', $port, $timeout);
    echo "$label: ", var_export($r, true), " errCode=", $c->errCode, " ", $c->errMsg,
        microtime(true) - $t < $timeout + 1 ? "" : " (late)", "\n";
    $c->close();
}

Co\run(function () use ($d) {
    [$self, $selfPort] = tls_listener(['ssl_cert_file' => "$d/self.pem", 'ssl_key_file' => "$d/self.key"]);
    go(function () use ($self) {
        while ($c = $self->accept()) { $c->sslHandshake(); $c->close(); }
    });
    attempt('self-signed, verified', $selfPort, ['ssl_verify_peer' => true, 'ssl_host_name' => 'localhost']);
    attempt('self-signed, allowed', $selfPort, ['ssl_verify_peer' => true, 'ssl_allow_self_signed' => true, 'ssl_host_name' => 'localhost']);
    attempt('not verified', $selfPort, []);

    [$good, $goodPort] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
    go(function () use ($good) {
        while ($c = $good->accept()) { $c->sslHandshake(); $c->close(); }
    });
    attempt('wrong host name', $goodPort, ['ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem", 'ssl_host_name' => 'example.org']);
    attempt('right host name', $goodPort, ['ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem", 'ssl_host_name' => 'localhost']);

    // A plain-text peer, and one that accepts and then says nothing.
    $plain = new Socket(AF_INET, SOCK_STREAM, 0);
    $plain->bind('127.0.0.1', 0);
    $plain->listen();
    $plainPort = $plain->getsockname()['port'];
    go(function () use ($plain) {
        $c = $plain->accept();
        $c->sendAll("HTTP/1.0 400 Bad Request\r\n\r\n");
        $c->recv(1024, 1);
        $c->close();
        $c = $plain->accept();
        Co::sleep(1);                           // stalls mid-handshake
        $c->close();
    });
    attempt('plain-text peer', $plainPort, []);
    attempt('stalled peer', $plainPort, [], 0.3);

    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($s->sslHandshake(), $s->errCode, $s->errMsg);
    var_dump($s->setProtocol(['open_ssl' => true, 'ssl_cert_file' => "$d/no-such.pem"]));
    $self->close();
    $good->close();
    $plain->close();
});
?>
--EXPECTF--
self-signed, verified: false errCode=1014 SSL verify failed: self-signed certificate
self-signed, allowed: true errCode=0 
not verified: true errCode=0 
wrong host name: false errCode=1014 SSL verify failed: %s
right host name: true errCode=0 
plain-text peer: false errCode=%d %s
stalled peer: false errCode=110 Connection timed out
bool(false)
int(509)
string(56) "SSL is not enabled on this socket (setProtocol open_ssl)"

Warning: Swoole\Coroutine\Socket::setProtocol(): ssl cert file[%s/no-such.pem] not found in %s on line %d
bool(false)
