--TEST--
Hooks, ssl:// and tls:// against `openssl s_server -rev` with PHP's ssl context semantics: verify_peer off; cafile (verify_peer and verify_peer_name on by default, the name from the address or peer_name); no CA (verification fails); a wrong peer_name (name check fails); the crypto meta data; a TLS handshake with a server that never answers ends by the connect timeout while other coroutines run
--EXTENSIONS--
cosocket
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('openssl'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require __DIR__ . '/../tls/certs.inc';
$d = make_certs();
$port = srv_free_port();
$dir = srv_dir('s_server');
$p = srv_start(['openssl', 's_server', '-accept', "127.0.0.1:$port", '-cert', "$d/server.pem", '-key', "$d/server.key", '-rev', '-quiet'], "$dir/log");
srv_wait($p, function () use ($port) {
    $c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1);
    return $c && fclose($c);
}, "$dir/log", 'openssl s_server');
[$stalled, $sp] = srv_stalled();

function attempt(string $label, string $url, array $ssl): void
{
    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = stream_socket_client($url, $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    if (!$c) {
        show($label, ['failed', $errno]);
        return;
    }
    fwrite($c, "hello $label\n");
    show($label, [fgets($c), stream_get_meta_data($c)['crypto']['protocol'] ?? null]);
    fclose($c);
}

Co\run(function () use ($d, $port, $sp) {
    attempt('verify_peer off', "ssl://127.0.0.1:$port", ['verify_peer' => false, 'verify_peer_name' => false]);
    attempt('cafile, name from the address', "ssl://127.0.0.1:$port", ['cafile' => "$d/ca.pem"]);
    attempt('cafile, peer_name localhost', "tls://127.0.0.1:$port", ['cafile' => "$d/ca.pem", 'peer_name' => 'localhost']);
    attempt('no CA', "ssl://127.0.0.1:$port", []);
    attempt('wrong peer_name', "ssl://127.0.0.1:$port", ['cafile' => "$d/ca.pem", 'peer_name' => 'wrong.example']);
    attempt('verify_peer_name off', "ssl://127.0.0.1:$port", ['cafile' => "$d/ca.pem", 'peer_name' => 'wrong.example', 'verify_peer_name' => false]);

    $stop = ticker();
    $t = microtime(true);
    // Its warnings are the implementation's (PHP: "SSL: Handshake timed out"...): only the outcome counts.
    $c = @stream_socket_client("ssl://127.0.0.1:$sp", $errno, $errstr, 0.5, STREAM_CLIENT_CONNECT,
        stream_context_create(['ssl' => ['verify_peer' => false]]));
    show('handshake with a silent server', [$c, took($t, 0.4, 2)]);
    echo $stop(), "\n";
});
echo "done\n";
?>
--EXPECTF--
verify_peer off: ["ffo reep_yfirev olleh\n","TLSv1.3"]
cafile, name from the address: ["sserdda eht morf eman ,elifac olleh\n","TLSv1.3"]
cafile, peer_name localhost: ["tsohlacol eman_reep ,elifac olleh\n","TLSv1.3"]

Warning: stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
no CA: ["failed",0]

Warning: stream_socket_client(): Peer certificate subjectAltName did not match expected name `wrong.example' in %s on line %d

Warning: stream_socket_client(): Failed to enable crypto in %s on line %d

Warning: stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error) in %s on line %d
wrong peer_name: ["failed",0]
verify_peer_name off: ["ffo eman_reep_yfirev olleh\n","TLSv1.3"]
handshake with a silent server: [false,"in [0.4, 2] s"]
other coroutines ran
done
