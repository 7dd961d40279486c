--TEST--
Socket: accept() on a TLS listener gives the connection its listener's framing as well as its TLS settings (EOF, length field, package_max_length)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates'); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
use Swoole\Coroutine\Socket;

// A TLS listener's framing reaches its connections too, next to its certificate.
$d = make_certs();
Co\run(function () use ($d) {
    $cases = [
        'eof' => [['open_eof_split' => true, 'package_eof' => "\n"], "a\nb\n", 2],
        'eof over max' => [['open_eof_check' => true, 'package_eof' => "\n", 'package_max_length' => 80000], str_repeat('x', 100000), 1],
        'length' => [['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4], pack('N', 1) . "x" . pack('N', 2) . "yz", 2],
        'length over max' => [['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4, 'package_max_length' => 10], pack('N', 100) . 'x', 1],
    ];
    foreach ($cases as $name => [$settings, $bytes, $reads]) {
        [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"] + $settings);
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol(['open_ssl' => true]);
        go(function () use ($c, $port, $bytes) {
            $c->connect('127.0.0.1', $port, 5);
            $c->sendAll($bytes);
        });
        $a = $srv->accept();
        $a->sslHandshake();
        echo "$name:";
        for ($i = 0; $i < $reads; $i++) {
            $p = $a->recvPacket(2);
            echo " ", $p === false ? "false {$a->errCode} " . preg_replace('/:\d+,/', ':PORT,', $a->errMsg) : (strlen($p) > 32 ? strlen($p) . " bytes" : json_encode(bin2hex($p)));
        }
        echo "\n";
        $a->close();
        $c->close();
        $srv->close();
    }
});
?>
--EXPECT--
eof: "610a" "620a"
eof over max: false 1201 no package eof, package_max_length exceeded
length: "0000000178" "00000002797a"
length over max: false 1201 Socket::recv_packet_with_length_protocol() (ERRNO 1201): packet length is too big, remote_addr=127.0.0.1:PORT, length=104
