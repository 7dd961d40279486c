--TEST--
A TLS client's failures have Swoole's code 1018 with OpenSSL's reason kept in errMsg: a server that closes or resets during the handshake, a bad ssl_ciphers, ssl_ecdh_curve or ssl_cafile (in connect() and in sslHandshake()); setProtocol() takes them all; an empty ssl_ciphers is OpenSSL's default
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine\Socket;
$d = make_certs();
function sock(): Socket { return new Socket(AF_INET, SOCK_STREAM, 0); }
function show(string $label, Socket $s, $r): void {
    echo "$label: ", var_export($r, true), " errCode=$s->errCode errMsg=$s->errMsg\n";
}

Co\run(function () use ($d) {
    // Plain servers: one reads part of the ClientHello and closes, one resets.
    $plain = [];
    foreach (['close', 'reset'] as $how) {
        $l = sock();
        $l->bind('127.0.0.1', 0);
        $l->listen();
        $plain[$how] = $l->getsockname()['port'];
        go(function () use ($l, $how) {
            while ($c = $l->accept()) {
                $c->recv(5, 5);
                if ($how === 'reset') {
                    $c->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
                }
                $c->close();
            }
        });
        $listeners[] = $l;
    }
    foreach ($plain as $how => $port) {
        $c = sock();
        $c->setProtocol(['open_ssl' => true]);
        show("server that {$how}s mid-handshake, connect()", $c, $c->connect('127.0.0.1', $port, 5));
        $c = sock();
        $c->connect('127.0.0.1', $port, 5);
        $c->setProtocol(['open_ssl' => true]);
        show("server that {$how}s mid-handshake, sslHandshake()", $c, $c->sslHandshake());
    }

    [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
    go(function () use ($srv) {
        while ($c = $srv->accept()) {
            go(function () use ($c) {
                if ($c->sslHandshake()) {
                    $c->sendAll(strtoupper($c->recv(16, 5)));
                }
                $c->close();
            });
        }
    });
    $cases = [
        'ssl_ciphers unknown' => ['ssl_ciphers' => 'NO-SUCH-CIPHER'],
        'ssl_ecdh_curve unknown' => ['ssl_ecdh_curve' => 'no-such-curve'],
        'ssl_cafile missing' => ['ssl_cafile' => "$d/missing.pem", 'ssl_verify_peer' => true],
        'ssl_cafile not a certificate' => ['ssl_cafile' => "$d/server.key", 'ssl_verify_peer' => true],
        'ssl_cafile missing, not verifying' => ['ssl_cafile' => "$d/missing.pem"],
        'ssl_ciphers empty' => ['ssl_ciphers' => ''],
    ];
    foreach ($cases as $label => $set) {
        $c = sock();
        echo "$label: setProtocol ", var_export($c->setProtocol(['open_ssl' => true] + $set), true), "\n";
        $ok = $c->connect('127.0.0.1', $port, 5);
        show("  connect()", $c, $ok);
        if ($ok) {
            $c->sendAll("hello");
            echo "  echo: ", $c->recv(16, 5), "\n";
        }
        $c->close();
        $c = sock();
        $c->connect('127.0.0.1', $port, 5);
        $c->setProtocol(['open_ssl' => true] + $set);
        show("  sslHandshake()", $c, $c->sslHandshake());
        $c->close();
    }
    foreach ($listeners as $l) {
        $l->close();
    }
    $srv->close();
});
?>
--EXPECT--
server that closes mid-handshake, connect(): false errCode=1018 errMsg=SSL handshake failed: the peer closed the connection during the TLS handshake
server that closes mid-handshake, sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: the peer closed the connection during the TLS handshake
server that resets mid-handshake, connect(): false errCode=1018 errMsg=SSL handshake failed: Connection reset by peer (os error 104)
server that resets mid-handshake, sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: Connection reset by peer (os error 104)
ssl_ciphers unknown: setProtocol true
  connect(): false errCode=1018 errMsg=SSL handshake failed: no cipher match
  sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: no cipher match
ssl_ecdh_curve unknown: setProtocol true
  connect(): false errCode=1018 errMsg=SSL handshake failed: passed invalid argument
  sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: passed invalid argument
ssl_cafile missing: setProtocol true
  connect(): false errCode=1018 errMsg=SSL handshake failed: No such file or directory (os error 2)
  sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: No such file or directory (os error 2)
ssl_cafile not a certificate: setProtocol true
  connect(): false errCode=1018 errMsg=SSL handshake failed: no certificate or crl found
  sslHandshake(): false errCode=1018 errMsg=SSL handshake failed: no certificate or crl found
ssl_cafile missing, not verifying: setProtocol true
  connect(): true errCode=0 errMsg=
  echo: HELLO
  sslHandshake(): true errCode=0 errMsg=
ssl_ciphers empty: setProtocol true
  connect(): true errCode=0 errMsg=
  echo: HELLO
  sslHandshake(): true errCode=0 errMsg=
