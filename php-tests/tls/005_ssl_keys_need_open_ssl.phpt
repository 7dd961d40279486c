--TEST--
setProtocol() reads the ssl_* keys only while TLS is on (open_ssl true in this call or an earlier one), as Swoole: a shared config with open_ssl false and a missing certificate is fine, keys given before open_ssl are forgotten, open_ssl false does not turn TLS off
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

Co\run(function () use ($d) {
    // One config array for plain and TLS sockets alike, as programs keep them.
    $shared = ['open_ssl' => false, 'ssl_cert_file' => "$d/missing.pem", 'open_eof_check' => true, 'package_eof' => "\n"];
    echo "open_ssl false, missing cert: "; var_dump(sock()->setProtocol($shared));
    echo "no open_ssl, missing key: "; var_dump(sock()->setProtocol(['ssl_key_file' => "$d/missing.key"]));
    $s = sock();
    $s->setProtocol(['open_ssl' => true]);
    echo "open_ssl in an earlier call, missing cert: "; var_dump($s->setProtocol(['ssl_cert_file' => "$d/missing.pem"]));
    echo "then open_ssl false, missing key: "; var_dump($s->setProtocol(['open_ssl' => false, 'ssl_key_file' => "$d/missing.key"]));

    // A TLS server with a self-signed certificate: verification, when it is on, fails.
    [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/self.pem", 'ssl_key_file' => "$d/self.key"]);
    go(function () use ($srv) {
        while ($c = $srv->accept()) {
            if ($c->sslHandshake()) {
                $c->sendAll(strtoupper($c->recv(16, 5)));
            }
            $c->close();
        }
    });
    $verify = ['ssl_verify_peer' => true, 'ssl_host_name' => 'localhost'];
    $cases = [
        'verify keys, then open_ssl' => [$verify, ['open_ssl' => true]],
        'open_ssl, then verify keys' => [['open_ssl' => true], $verify],
        'verify keys before open_ssl in one array' => [$verify + ['open_ssl' => true]],
        'open_ssl true, then false' => [['open_ssl' => true], ['open_ssl' => false]],
        'open_ssl true, then false with verify keys' => [['open_ssl' => true], ['open_ssl' => false] + $verify],
    ];
    foreach ($cases as $label => $calls) {
        $c = sock();
        foreach ($calls as $set) {
            $c->setProtocol($set);
        }
        $ok = $c->connect('127.0.0.1', $port, 5);
        echo "$label: connect ", var_export($ok, true), " errCode=$c->errCode";
        if ($ok) {
            $c->sendAll("hello");
            echo ", echo ", var_export($c->recv(16, 5), true);
        }
        echo "\n";
        $c->close();
    }
    $srv->close();
});
?>
--EXPECTF--
open_ssl false, missing cert: bool(true)
no open_ssl, missing key: bool(true)
open_ssl in an earlier call, missing cert: 
Warning: Swoole\Coroutine\Socket::setProtocol(): ssl cert file[%s/missing.pem] not found in %s on line %d
bool(false)
then open_ssl false, missing key: 
Warning: Swoole\Coroutine\Socket::setProtocol(): ssl key file[%s/missing.key] not found in %s on line %d
bool(false)
verify keys, then open_ssl: connect true errCode=0, echo 'HELLO'
open_ssl, then verify keys: connect false errCode=1014
verify keys before open_ssl in one array: connect false errCode=1014
open_ssl true, then false: connect true errCode=0, echo 'HELLO'
open_ssl true, then false with verify keys: connect false errCode=1014
