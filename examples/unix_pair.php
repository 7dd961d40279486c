<?php
/**
 * A Unix stream socket pair (swoole_coroutine_socketpair) and a Unix listener on a
 * path; vectored I/O splits a message into fields.
 *
 *   php -d extension=target/release/libcosocket.so examples/unix_pair.php
 */
use Swoole\Coroutine\Socket;

Co\run(function () {
    [$left, $right] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($right) {
        $right->writeVector(['hello', 'world']);
    });
    print_r($left->readVector([5, 5]));

    $path = sys_get_temp_dir() . '/cosocket-example-' . getmypid() . '.sock';
    $server = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $server->bind($path);
    $server->listen();
    go(function () use ($server) {
        $conn = $server->accept();
        $conn->send('served over ' . $conn->getsockname()['address']);
    });
    $client = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $client->connect($path);
    echo $client->recv(), "\n";
    unlink($path);
});
