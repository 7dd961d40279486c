--TEST--
Hooks: stream_socket_accept() waiting in a coroutine while another coroutine fclose()s the listener returns false at once (the waiter runs before fclose() returns, as in Swoole) with Swoole's warning "Accept failed: Operation canceled" (with and without a timeout)
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    foreach ([5, null] as $timeout) {
        $srv = stream_socket_server('tcp://127.0.0.1:0');
        $done = new Co\Channel(1);
        go(function () use ($srv, $timeout, $done) {
            $t = microtime(true);
            $c = $timeout === null ? stream_socket_accept($srv) : stream_socket_accept($srv, $timeout);
            var_dump($c);
            echo 'woken at once: ', json_encode(microtime(true) - $t < 2), "\n";
            $done->push(1);
        });
        Co::sleep(0.1);
        var_dump(fclose($srv));
        $done->pop();
    }
});
echo "done\n";
?>
--EXPECTF--
Warning: stream_socket_accept(): Accept failed: Operation canceled in %s on line %d
bool(false)
woken at once: true
bool(true)

Warning: stream_socket_accept(): Accept failed: Operation canceled in %s on line %d
bool(false)
woken at once: true
bool(true)
done
