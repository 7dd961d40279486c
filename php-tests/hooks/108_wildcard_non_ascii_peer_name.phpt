--TEST--
Hooks, ssl:// peer name check against a wildcard certificate name ("x*.example.com") with a peer_name holding non-ASCII bytes: matched byte by byte as PHP does (the wildcard covers "é", no dot), where the check used to split a UTF-8 character and abort the process
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl')) die('skip openssl command needed'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/cosocket-108-' . getmypid();
@mkdir($dir);
exec('openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=x*.example.com" '
    . '-addext "subjectAltName=DNS:x*.example.com" '
    . "-keyout $dir/key.pem -out $dir/cert.pem 2>/dev/null", $out, $rc);
file_put_contents("$dir/both.pem", file_get_contents("$dir/key.pem") . file_get_contents("$dir/cert.pem"));
Co\run(function () use ($dir) {
    $ctx = stream_context_create(['ssl' => ['local_cert' => "$dir/both.pem"]]);
    $srv = stream_socket_server('tls://127.0.0.1:0', $e, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    $addr = stream_socket_get_name($srv, false);
    $done = new Swoole\Coroutine\Channel(1);
    go(function () use ($srv, $done) {
        $kept = [];
        while ($done->isEmpty() && ($c = @stream_socket_accept($srv, 1))) {
            $kept[] = $c;
        }
    });
    foreach (['xé.example.com', 'xab.example.com', 'é.example.com', 'xé.other.example.com'] as $name) {
        $cctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => true, 'peer_name' => $name]]);
        $c = @stream_socket_client("tls://$addr", $e, $es, 3, STREAM_CLIENT_CONNECT, $cctx);
        echo "$name: ", $c ? 'connected' : 'refused', "\n";
    }
    $done->push(true);
});
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
xé.example.com: connected
xab.example.com: connected
é.example.com: refused
xé.other.example.com: refused
