<?php
/**
 * A TCP echo server and three clients, all coroutines in one process.
 *
 *   php -d extension=target/release/libcosocket.so examples/tcp_echo.php
 */
use Swoole\Coroutine\Socket;

Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);          // port 0: the kernel picks a free one
    $server->listen(128);
    $port = $server->getsockname()['port'];
    echo "server: listening on 127.0.0.1:$port\n";

    go(function () use ($server) {
        while ($conn = $server->accept()) {  // each connection gets its own coroutine
            go(function () use ($conn) {
                $peer = $conn->getpeername();
                while (($line = $conn->recvLine()) !== '' && $line !== false) {
                    $conn->sendAll("echo: $line");
                }
                echo "server: {$peer['address']}:{$peer['port']} left\n";
                $conn->close();
            });
        }
    });

    $wg = new Co\WaitGroup();
    foreach (['alice', 'bob', 'carol'] as $name) {
        $wg->add();
        go(function () use ($name, $port, $wg) {
            $client = new Socket(AF_INET, SOCK_STREAM, 0);
            $client->connect('localhost', $port, 1);
            foreach (["hello from $name\n", "bye from $name\n"] as $msg) {
                $client->send($msg);
                $reply = $client->recvLine();     // waits; the others run meanwhile
                echo "$name got: $reply";
                Co::sleep(0.01);
            }
            $client->close();
            $wg->done();
        });
    }
    $wg->wait();
    Co::sleep(0.01);
    $server->close();                      // ends the accept loop
});
