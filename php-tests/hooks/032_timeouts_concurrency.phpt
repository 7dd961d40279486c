--TEST--
Hooks: read timeouts (default_socket_timeout at creation, stream_set_timeout, timed_out), write timeouts, K coroutines waiting on a slow peer at once, fclose from another coroutine
--EXTENSIONS--
cosocket
--INI--
default_socket_timeout=1
--FILE--
<?php
require __DIR__ . '/peer.inc';
[$peer, $addr] = peer_start();
Co\run(function () use ($addr) {
    // The read timeout is default_socket_timeout as it was when the stream was made.
    $c = stream_socket_client($addr, $en, $es, 2);
    ini_set('default_socket_timeout', 3);
    fwrite($c, "silent 5\n");
    $t = microtime(true);
    $r = fread($c, 10);
    $el = microtime(true) - $t;
    var_dump($r, $el > 0.8 && $el < 2.5, stream_get_meta_data($c)['timed_out'], feof($c));
    stream_set_timeout($c, 0, 300000);
    var_dump(stream_get_meta_data($c)['timed_out']);
    $t = microtime(true);
    var_dump(fgets($c), microtime(true) - $t < 1, stream_get_meta_data($c)['timed_out']);
    stream_set_timeout($c, 0);
    var_dump(fread($c, 10), stream_get_meta_data($c)['timed_out']);
    fclose($c);

    // A write to a peer that reads nothing waits up to the timeout, then fails with
    // PHP's notice and returns what was sent.
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $w = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
    $acc = stream_socket_accept($srv);
    stream_set_timeout($w, 0, 300000);
    $r = fwrite($w, str_repeat('y', 32 << 20));
    var_dump($r > 0 && $r < 32 << 20, stream_get_meta_data($w)['timed_out']);
    fclose($w);
    fclose($acc);

    // 10 coroutines each waiting 0.5 s on the peer finish in about 0.5 s.
    $t = microtime(true);
    $wg = new Co\WaitGroup(10);
    $res = [];
    for ($i = 0; $i < 10; $i++) {
        go(function () use ($addr, $i, $wg, &$res) {
            $c = stream_socket_client($addr);
            fwrite($c, "sleep 0.5 r$i\n");
            $res[] = trim(fgets($c));
            $wg->done();
        });
    }
    $wg->wait();
    $el = microtime(true) - $t;
    sort($res);
    echo implode(' ', $res), "\n";
    var_dump($el < 2.5 ? 'concurrent' : $el);

    // fclose() from another coroutine ends a read waiting in the stream: it fails at
    // once, and the reader runs on before fclose() returns (the stream is freed then).
    $c = stream_socket_client($addr);
    fwrite($c, "silent 3\n");
    go(function () use ($c) {
        Co::sleep(0.2);
        var_dump(fclose($c));
    });
    $t = microtime(true);
    $r = fgets($c);
    var_dump($r, microtime(true) - $t < 1);
    try {
        feof($c);
    } catch (TypeError $e) {
        echo $e->getMessage(), "\n";
    }
});
peer_stop($peer);
?>
--EXPECTF--
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)

Notice: fwrite(): Send of %d bytes failed with errno=11 Resource temporarily unavailable in %s on line %d
bool(true)
bool(true)
r0 r1 r2 r3 r4 r5 r6 r7 r8 r9
string(10) "concurrent"
bool(false)
bool(true)
feof(): supplied resource is not a valid stream resource
bool(true)
