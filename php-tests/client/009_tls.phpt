--TEST--
Co\Client over TLS to `openssl s_server`: SWOOLE_SSL, open_ssl with a verified chain and ssl_host_name, a failed verification (1014), getPeerCert(), verifyPeerCert() with and without self-signed and its ssl_host_name check (made without ssl_verify_peer too), enableSSL() after a plain connect (STARTTLS) and its failures (already TLS 106, UDP 94, no connection 5001)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed'); ?>
--FILE--
<?php
require __DIR__ . '/../proxy/proxy.inc';
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), " connected=", var_export($c->connected, true), "\n"; }
$dir = peer_dir('client-tls');
$certs = make_certs();
$tls = tls_target($certs, $dir);
Co\run(function () use ($tls, $certs) {
    echo "-- SWOOLE_SSL, nothing verified\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP | SWOOLE_SSL);
    var_dump($c->connect('127.0.0.1', $tls, slack(5)));
    var_dump($c->send("abc\n"), $c->recv(slack(2)));
    var_dump(substr($c->getPeerCert(), 0, 27));
    // s_server shows its self-signed certificate to a client without SNI "localhost".
    var_dump($c->verifyPeerCert(), $c->verifyPeerCert(true));
    show($c, "verifyPeerCert");
    var_dump($c->enableSSL());
    show($c, "enableSSL on TLS");
    $c->close();
    echo "-- open_ssl, the chain verified, the name checked\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->set(['open_ssl' => true, 'ssl_verify_peer' => true, 'ssl_cafile' => "$certs/ca.pem", 'ssl_host_name' => 'localhost']);
    var_dump($c->connect('localhost', $tls, slack(5)));
    var_dump($c->send("hello\n"), $c->recv(slack(2)), $c->verifyPeerCert());
    $c->close();
    echo "-- ssl_host_name without ssl_verify_peer: verifyPeerCert() checks the name too\n";
    foreach (['other.example' => [], 'localhost' => ['ssl_cafile' => "$certs/ca.pem"], 'localhost, no CA' => []] as $label => $more) {
        $c = new Co\Client(SWOOLE_SOCK_TCP | SWOOLE_SSL);
        $c->set(['ssl_host_name' => strtok($label, ',')] + $more);
        $c->connect('127.0.0.1', $tls, slack(5));
        echo "$label: ", openssl_x509_parse($c->getPeerCert())['subject']['CN'], " ";
        var_dump($c->verifyPeerCert(true));
        echo "  last error ", swoole_last_error(), ", errCode ", $c->errCode, " and ", $c->exportSocket()->errCode, "\n";
        $c->close();
    }
    echo "-- verification fails\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->set(['open_ssl' => true, 'ssl_verify_peer' => true, 'ssl_cafile' => "$certs/ca.pem"]);
    var_dump($c->connect('127.0.0.1', $tls, slack(5)));
    echo $c->errCode, " ", strtok($c->errMsg, ':'), "\n";
    echo "-- enableSSL() after a plain connect()\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->enableSSL(), $c->getPeerCert());
    show($c, "before connect");
    var_dump($c->connect('127.0.0.1', $tls, slack(5)), $c->getPeerCert());
    show($c, "getPeerCert on plain");
    var_dump($c->verifyPeerCert());
    show($c, "verifyPeerCert on plain");
    $c->set(['ssl_host_name' => 'localhost', 'ssl_verify_peer' => true, 'ssl_cafile' => "$certs/ca.pem"]);
    var_dump($c->enableSSL(), $c->verifyPeerCert());
    var_dump($c->send("xyz\n"), $c->recv(slack(2)));
    $c->close();
    $c = new Co\Client(SWOOLE_SOCK_UDP);
    $c->connect('127.0.0.1', 9);
    var_dump($c->enableSSL());
    show($c, "udp");
});
?>
--EXPECTF--
-- SWOOLE_SSL, nothing verified
bool(true)
int(4)
string(4) "cba
"
string(27) "-----BEGIN CERTIFICATE-----"
bool(false)
bool(true)
verifyPeerCert: errCode=0 errMsg='' connected=true
bool(false)
enableSSL on TLS: errCode=106 errMsg='Transport endpoint is already connected' connected=true
-- open_ssl, the chain verified, the name checked
bool(true)
int(6)
string(6) "olleh
"
bool(true)
-- ssl_host_name without ssl_verify_peer: verifyPeerCert() checks the name too
other.example: localhost bool(false)
  last error 1014, errCode 0 and 0
localhost: server bool(true)
  last error 0, errCode 0 and 0
localhost, no CA: server bool(false)
  last error 1014, errCode 0 and 0
-- verification fails
bool(false)
1014 SSL verify failed
-- enableSSL() after a plain connect()
bool(false)
bool(false)
before connect: errCode=5001 errMsg='Client no connection' connected=false
bool(true)
bool(false)
getPeerCert on plain: errCode=106 errMsg='Transport endpoint is already connected' connected=true
bool(false)
verifyPeerCert on plain: errCode=107 errMsg='Transport endpoint is not connected' connected=true
bool(true)
bool(true)
int(4)
string(4) "zyx
"
bool(false)
udp: errCode=94 errMsg='Socket type not supported' connected=true
