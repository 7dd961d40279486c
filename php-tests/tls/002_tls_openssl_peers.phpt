--TEST--
TLS against OpenSSL's own tools: a cosocket client to `openssl s_server` (with and without a client certificate), a cosocket server to `openssl s_client`
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed'); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;
$d = make_certs();

function free_port(): int {
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}
// Starts a command in the background; it is killed at shutdown.
function start(array $cmd, &$pipes) {
    $p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes);
    register_shutdown_function(function () use ($p) { @proc_terminate($p, 9); @proc_close($p); });
    return $p;
}

Co\run(function () use ($d) {
    foreach ([false, true] as $clientCert) {
        $port = free_port();
        $cmd = ['openssl', 's_server', '-accept', "127.0.0.1:$port", '-cert', "$d/server.pem", '-key', "$d/server.key", '-rev', '-quiet'];
        if ($clientCert) {
            array_push($cmd, '-Verify', '1', '-CAfile', "$d/ca.pem");
        }
        start($cmd, $pipes);
        $settings = ['open_ssl' => true, 'ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem", 'ssl_host_name' => 'localhost'];
        if ($clientCert) {
            $settings += ['ssl_cert_file' => "$d/client.pem", 'ssl_key_file' => "$d/client.key"];
        }
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol($settings);
        for ($i = 0; $i < 100 && !$c->connect("127.0.0.1", $port, 20); $i++) {
            Coroutine::sleep(0.05);                    // s_server still starting
            $c = new Socket(AF_INET, SOCK_STREAM, 0);
            $c->setProtocol($settings);
        }
        $c->sendAll("hello s_server\n");
        echo "s_server", $clientCert ? " (client certificate)" : "", " answered: ", $c->recvLine(1024, 20);
        $c->close();
    }

    foreach ([false, true] as $clientCert) {
        $extra = $clientCert ? ['ssl_verify_peer' => true, 'ssl_cafile' => "$d/ca.pem"] : [];
        [$srv, $port] = tls_listener(['ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"] + $extra);
        $cmd = ['openssl', 's_client', '-connect', "127.0.0.1:$port", '-CAfile', "$d/ca.pem", '-verify_return_error',
            '-servername', 'localhost', '-quiet'];
        if ($clientCert) {
            array_push($cmd, '-cert', "$d/client.pem", '-key', "$d/client.key");
        }
        $p = start($cmd, $pipes);
        fwrite($pipes[0], "ping\n");
        $c = $srv->accept(20);
        var_dump($c->sslHandshake());
        echo "s_client", $clientCert ? " (client certificate)" : "", " sent: " . $c->recvLine(1024, 20);
        $c->sendAll("PONG from cosocket\n");
        // s_client prints what it receives; read it without blocking the loop.
        stream_set_blocking($pipes[1], false);
        $got = '';
        for ($i = 0; $i < 250 && !str_contains($got, "\n"); $i++) {
            Coroutine::sleep(0.02);
            $got .= (string) fread($pipes[1], 1024);
        }
        echo "s_client printed: ", $got;
        $c->close();
        $srv->close();
    }
});
?>
--EXPECT--
s_server answered: revres_s olleh
s_server (client certificate) answered: revres_s olleh
bool(true)
s_client sent: ping
s_client printed: PONG from cosocket
bool(true)
s_client (client certificate) sent: ping
s_client printed: PONG from cosocket
