--TEST--
Hooks, a stream closed from another coroutine while one waits on it: the waiter's fgets returns false at once (not at the peer's or the timeout's pace), fclose returns true, later use is PHP's TypeError; a phpredis client closed by another coroutine while one waits in its BLPOP: that call ends at once with phpredis's own exception, and the client reconnects once the closing coroutine's close() has returned (phpredis's client must not be reconnected while its close() is still running in the other coroutine; README, differences)
--EXTENSIONS--
cosocket
igbinary
redis
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('redis'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$addr = srv_line_server();
$rs = srv_redis();
Co\run(function () use ($addr, $rs) {
    $c = stream_socket_client($addr, $errno, $errstr, 5);
    stream_set_timeout($c, 3);   // an unhooked build fails in 3 s instead of hanging
    fwrite($c, "silent\n");
    $closed = new Swoole\Coroutine\Channel(1);
    go(function () use ($c, $closed) {
        Swoole\Coroutine::sleep(0.2);
        $closed->push(fclose($c));
    });
    $t = microtime(true);
    show('blocked fgets returns', [fgets($c), took($t, 0.15, 1.5)]);
    show('fclose', $closed->pop(5));
    try {
        feof($c);
    } catch (TypeError $e) {
        show('feof afterwards', $e->getMessage());
    }

    $r = new Redis();
    $r->connect('127.0.0.1', $rs['port']);
    $closerDone = new Swoole\Coroutine\Channel(1);
    go(function () use ($r, $closerDone) {
        Swoole\Coroutine::sleep(0.2);
        $closerDone->push($r->close());
    });
    $t = microtime(true);
    try {
        show('BLPOP on a closed client', [$r->blPop(['q'], 3), took($t, 0.15, 1.5)]);
    } catch (RedisException $e) {
        show('BLPOP on a closed client', [get_class($e), str_replace((string) $rs['port'], 'PORT', $e->getMessage()), took($t, 0.15, 1.5)]);
    }
    show('close() in the other coroutine', $closerDone->pop(5));
    show('reconnect', [$r->connect('127.0.0.1', $rs['port']), $r->ping()]);
});
echo "done\n";
?>
--EXPECT--
blocked fgets returns: [false,"in [0.15, 1.5] s"]
fclose: true
feof afterwards: 'feof(): supplied resource is not a valid stream resource'
BLPOP on a closed client: ["RedisException","read error on connection to 127.0.0.1:PORT","in [0.15, 1.5] s"]
close() in the other coroutine: true
reconnect: [true,true]
done
