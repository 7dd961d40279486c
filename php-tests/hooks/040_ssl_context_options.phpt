--TEST--
Hooks, ssl:// context options and stream_socket_enable_crypto() as PHP has them: each case runs once outside a coroutine (PHP's own openssl transport) and once inside Co\run (the hooked one), and both print the same (verify_peer/verify_peer_name defaults, allow_self_signed, wrong cafile, bad ciphers, SNI off, verify_depth, capture_peer_cert, crypto meta data, enable_crypto twice/off/failing, tlsv1.2://, crypto_method, peer_fingerprint)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('openssl'); if (!extension_loaded('openssl')) die('skip needs ext/openssl'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require __DIR__ . '/../tls/certs.inc';
$d = make_certs();
$port = srv_free_port();
$sport = srv_free_port();
$dir = srv_dir('s_server');
$p = srv_start(['openssl', 's_server', '-accept', "127.0.0.1:$port", '-cert', "$d/server.pem", '-key', "$d/server.key", '-rev', '-quiet'], "$dir/log");
$p2 = srv_start(['openssl', 's_server', '-accept', "127.0.0.1:$sport", '-cert', "$d/self.pem", '-key', "$d/self.key", '-rev', '-quiet'], "$dir/log2");
foreach ([$port, $sport] as $pt) {
    srv_wait($p, function () use ($pt) {
        $c = @stream_socket_client("tcp://127.0.0.1:$pt", $errno, $errstr, 1);
        return $c && fclose($c);
    }, "$dir/log", 'openssl s_server');
}
set_error_handler(function ($no, $msg) { echo "  [", $no === E_WARNING ? 'Warning' : $no, "] ", str_replace("\n", ' | ', $msg), "\n"; return true; });

function attempt(string $url, array $ssl): array
{
    $ctx = stream_context_create(['ssl' => $ssl]);
    $c = stream_socket_client($url, $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    if (!$c) {
        return ['type' => null, 'out' => ['failed', $errno, $errstr]];
    }
    $type = stream_get_meta_data($c)['stream_type'];
    fwrite($c, "abc\n");
    $m = stream_get_meta_data($c)['crypto'] ?? null;
    $out = [fgets($c), $m ? [$m['protocol'], $m['cipher_name'] !== '', $m['cipher_bits'] > 0, $m['cipher_version']] : null];
    $cert = stream_context_get_options($ctx)['ssl']['peer_certificate'] ?? null;
    if ($cert) {
        $out[] = openssl_x509_parse($cert)['subject']['CN'];
    }
    fclose($c);
    return ['type' => $type, 'out' => $out];
}

function enable(string $url, array $ssl, array $steps): array
{
    $c = stream_socket_client($url, $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => $ssl]));
    $type = stream_get_meta_data($c)['stream_type'];
    $out = [];
    foreach ($steps as $s) {
        switch ($s) {
            case 'on': $out[] = stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_CLIENT); break;
            case 'off': $out[] = stream_socket_enable_crypto($c, false); break;
            case 'echo': fwrite($c, "xyz\n"); $out[] = fgets($c); break;
            case 'meta': $out[] = isset(stream_get_meta_data($c)['crypto']); break;
        }
    }
    fclose($c);
    return ['type' => $type, 'out' => $out];
}

$cases = [
    'defaults, no CA' => fn() => attempt("ssl://127.0.0.1:$port", []),
    'verify_peer off, name still checked' => fn() => attempt("ssl://127.0.0.1:$port", ['verify_peer' => false, 'peer_name' => 'other.example']),
    'cafile, localhost' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem"]),
    'cafile, IP in subjectAltName' => fn() => attempt("tls://127.0.0.1:$port", ['cafile' => "$d/ca.pem"]),
    'cafile, wrong peer_name' => fn() => attempt("ssl://127.0.0.1:$port", ['cafile' => "$d/ca.pem", 'peer_name' => 'nope.example']),
    'wrong cafile path' => fn() => attempt("ssl://localhost:$port", ['cafile' => '/nonexistent.pem']),
    'ciphers NONSENSE' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem", 'ciphers' => 'NONSENSE']),
    'SNI off' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem", 'SNI_enabled' => false]),
    'self-signed, not allowed' => fn() => attempt("ssl://localhost:$sport", []),
    'self-signed, allow_self_signed' => fn() => attempt("ssl://localhost:$sport", ['allow_self_signed' => true]),
    'CA-signed, allow_self_signed only' => fn() => attempt("ssl://localhost:$port", ['allow_self_signed' => true]),
    'capture_peer_cert' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem", 'capture_peer_cert' => true]),
    'tlsv1.2://' => fn() => attempt("tlsv1.2://localhost:$port", ['cafile' => "$d/ca.pem"]),
    'crypto_method TLS 1.2' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem", 'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]),
    'peer_fingerprint sha256 and sha1' => fn() => attempt("ssl://localhost:$port", ['cafile' => "$d/ca.pem",
        'peer_fingerprint' => ['sha256' => openssl_x509_fingerprint(file_get_contents("$d/server.pem"), 'sha256'),
            'sha1' => strtoupper(openssl_x509_fingerprint(file_get_contents("$d/server.pem"), 'sha1'))]]),
    'peer_fingerprint md5 string, wrong' => fn() => attempt("ssl://localhost:$port", ['verify_peer' => false, 'peer_fingerprint' => str_repeat('0', 32)]),
    'peer_fingerprint, no algo keys' => fn() => attempt("ssl://localhost:$port", ['verify_peer' => false, 'peer_fingerprint' => ['abc']]),
    'peer_fingerprint, an int' => fn() => attempt("ssl://localhost:$port", ['verify_peer' => false, 'peer_fingerprint' => 5]),
    'enable_crypto on tcp, twice, off' => fn() => enable("tcp://127.0.0.1:$port", ['cafile' => "$d/ca.pem", 'peer_name' => 'localhost'], ['meta', 'on', 'meta', 'echo', 'on', 'off']),
    'enable_crypto failing verification' => fn() => enable("tcp://localhost:$port", [], ['on', 'on']),
];
foreach ($cases as $label => $case) {
    echo "$label:\n";
    $plain = $case();
    $hooked = null;
    Co\run(function () use ($case, &$hooked) { $hooked = $case(); });
    show('  PHP', $plain['out']);
    echo '  hooked: ', $plain['out'] === $hooked['out'] ? 'same' : json_encode($hooked['out']), ' ', json_encode([$plain['type'], $hooked['type']]), "\n";
}
echo "done\n";
?>
--EXPECTF--
defaults, no CA:
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
verify_peer off, name still checked:
  [Warning] stream_socket_client(): Peer certificate subjectAltName did not match expected name `other.example'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  [Warning] stream_socket_client(): Peer certificate subjectAltName did not match expected name `other.example'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
cafile, localhost:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
cafile, IP in subjectAltName:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
cafile, wrong peer_name:
  [Warning] stream_socket_client(): Peer certificate subjectAltName did not match expected name `nope.example'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  [Warning] stream_socket_client(): Peer certificate subjectAltName did not match expected name `nope.example'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://127.0.0.1:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
wrong cafile path:
  [Warning] failed loading cafile stream: `/nonexistent.pem'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] failed loading cafile stream: `/nonexistent.pem'
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
ciphers NONSENSE:
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
SNI off:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
self-signed, not allowed:
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
self-signed, allow_self_signed:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
CA-signed, allow_self_signed only:
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
capture_peer_cert:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"],"server"]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
tlsv1.2://:
  PHP: ["cba\n",["TLSv1.2",true,true,"TLSv1.2"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
crypto_method TLS 1.2:
  PHP: ["cba\n",["TLSv1.2",true,true,"TLSv1.2"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
peer_fingerprint sha256 and sha1:
  PHP: ["cba\n",["TLSv1.3",true,true,"TLSv1.3"]]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
peer_fingerprint md5 string, wrong:
  [Warning] stream_socket_client(): peer_fingerprint match failure
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): peer_fingerprint match failure
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
peer_fingerprint, no algo keys:
  [Warning] stream_socket_client(): Invalid peer_fingerprint array; [algo => fingerprint] form required
  [Warning] stream_socket_client(): peer_fingerprint match failure
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): Invalid peer_fingerprint array; [algo => fingerprint] form required
  [Warning] stream_socket_client(): peer_fingerprint match failure
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
peer_fingerprint, an int:
  [Warning] stream_socket_client(): Expected peer fingerprint must be a string or an array
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  [Warning] stream_socket_client(): Expected peer fingerprint must be a string or an array
  [Warning] stream_socket_client(): Failed to enable crypto
  [Warning] stream_socket_client(): Unable to connect to ssl://localhost:%d (Unknown error)
  PHP: ["failed",0,""]
  hooked: same [null,null]
enable_crypto on tcp, twice, off:
  [Warning] stream_socket_enable_crypto(): SSL/TLS already set-up for this stream
  [Warning] stream_socket_enable_crypto(): SSL/TLS already set-up for this stream
  PHP: [false,true,true,"zyx\n",false,false]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
enable_crypto failing verification:
  [Warning] stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_enable_crypto(): SSL/TLS already set-up for this stream
  [Warning] stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A000086:SSL routines::certificate verify failed
  [Warning] stream_socket_enable_crypto(): SSL/TLS already set-up for this stream
  PHP: [false,false]
  hooked: same ["tcp_socket\/ssl","socket\/coroutine"]
done
