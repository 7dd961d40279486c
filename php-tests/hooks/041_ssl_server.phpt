--TEST--
Hooks, an ssl:// server (stream_socket_server + stream_socket_accept, the handshake in accept as PHP does): local_cert with an encrypted local_pk and its passphrase; a client verified against the CA; a client certificate required with verify_peer on the server side (capture_peer_cert there); a plain-TCP client fails in accept with PHP's warnings; accept's handshake waits in its coroutine
--EXTENSIONS--
cosocket
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('openssl'); if (!extension_loaded('openssl')) die('skip needs ext/openssl'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require __DIR__ . '/../tls/certs.inc';
$d = make_certs();
exec("openssl rsa -in $d/server.key -aes256 -passout pass:secret -out $d/server-enc.key 2>&1", $o, $rc);
set_error_handler(function ($no, $msg) { echo "  [", $no === E_WARNING ? 'Warning' : $no, "] ", str_replace("\n", ' | ', $msg), "\n"; return true; });

Co\run(function () use ($d) {
    $srv = stream_socket_server('ssl://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => ['local_cert' => "$d/server.pem", 'local_pk' => "$d/server-enc.key", 'passphrase' => 'secret']]));
    show('server', stream_get_meta_data($srv)['stream_type']);
    $name = stream_socket_get_name($srv, false);

    $cases = [
        'verified client' => fn() => stream_socket_client("ssl://$name", $en, $es, 5, STREAM_CLIENT_CONNECT,
            stream_context_create(['ssl' => ['cafile' => "$d/ca.pem", 'peer_name' => 'localhost']])),
        'plain tcp client' => function () use ($name) {
            $c = stream_socket_client("tcp://$name", $en, $es, 5);
            fwrite($c, "GET / HTTP/1.0\r\n\r\n");
            return $c;
        },
    ];
    foreach ($cases as $label => $client) {
        echo "$label:\n";
        go(function () use ($client) {
            $c = $client();
            if ($c && isset(stream_get_meta_data($c)['crypto'])) {
                fwrite($c, "hi\n");
                show('  client read', fgets($c));
            }
            if ($c) fclose($c);
        });
        $a = stream_socket_accept($srv, 5, $peer);
        if ($a) {
            $m = stream_get_meta_data($a);
            show('  accepted', [$m['stream_type'], $m['crypto']['protocol'], fgets($a)]);
            fwrite($a, "ok\n");
            Co::sleep(0.05);
            fclose($a);
        } else {
            show('  accepted', $a);
        }
    }
    fclose($srv);

    echo "client certificate required:\n";
    $srv = stream_socket_server('ssl://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['ssl' => ['local_cert' => "$d/server.pem", 'local_pk' => "$d/server.key",
            'verify_peer' => true, 'cafile' => "$d/ca.pem", 'capture_peer_cert' => true]]));
    $name = stream_socket_get_name($srv, false);
    go(function () use ($name, $d) {
        Co::sleep(0.2);
        $c = stream_socket_client("ssl://$name", $en, $es, 5, STREAM_CLIENT_CONNECT, stream_context_create(['ssl' => [
            'cafile' => "$d/ca.pem", 'peer_name' => 'localhost', 'local_cert' => "$d/client.pem", 'local_pk' => "$d/client.key"]]));
        fwrite($c, "with cert\n");
        Co::sleep(0.05);
        fclose($c);
    });
    $stop = ticker();
    $a = stream_socket_accept($srv, 5);
    $cert = stream_context_get_options($a)['ssl']['peer_certificate'] ?? null;
    show('  accepted', [fgets($a), $cert ? openssl_x509_parse($cert)['subject']['CN'] : null]);
    echo '  ', $stop(), "\n";
    fclose($a);
    fclose($srv);
});
echo "done\n";
?>
--EXPECT--
server: 'socket/coroutine'
verified client:
  accepted: ["socket/coroutine","TLSv1.3","hi\n"]
  client read: 'ok
'
plain tcp client:
  [Warning] stream_socket_accept(): SSL operation failed with code 1. OpenSSL Error messages: | error:0A00009C:SSL routines::http request
  [Warning] stream_socket_accept(): Failed to enable crypto
  [Warning] stream_socket_accept(): Accept failed: Success
  accepted: false
client certificate required:
  accepted: ["with cert\n","client"]
  other coroutines ran
done
