--TEST--
Hooks: a second coroutine opening the same persistent stream while the first one's connect still waits finds it not alive and frees it: the first connect ends at once with "Operation canceled" (no use after free) and the second makes its own connection (Predis 'persistent' => true from coroutines at once)
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) {
    if (error_reporting() & $no) {
        echo preg_replace('/:\d+\b/', ':P', $str), "\n";
    }
    return true;
});
// A listener whose accept queue is full: a connect to it waits (SYN dropped) until its timeout.
$full = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 0]]));
$fa = stream_socket_get_name($full, false);
$keep = [];
for ($i = 0; $i < 3; $i++) {
    $keep[] = @stream_socket_client("tcp://$fa", $e1, $e2, 0.2);
}
Co\run(function () use ($fa) {
    $flags = STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT;
    go(function () use ($fa, $flags) {
        $t = microtime(true);
        $s = stream_socket_client("tcp://$fa", $errno, $errstr, 5, $flags);
        echo 'A: ', $s ? 'connected' : "false $errno $errstr", "\n";
        echo 'A: ended at once: ', json_encode(microtime(true) - $t < 3), "\n";
    });
    go(function () use ($fa, $flags) {
        Co::sleep(0.2);
        echo "B: opens the same persistent stream\n";
        $s = stream_socket_client("tcp://$fa", $errno, $errstr, 0.5, $flags);
        echo 'B: ', $s ? 'connected' : "false $errno $errstr", "\n";
    });
});
echo "done\n";
?>
--EXPECT--
B: opens the same persistent stream
stream_socket_client(): Unable to connect to tcp://127.0.0.1:P (Operation canceled)
A: false 125 Operation canceled
A: ended at once: true
stream_socket_client(): Unable to connect to tcp://127.0.0.1:P (Connection timed out)
B: false 110 Connection timed out
done
