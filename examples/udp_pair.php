<?php
/**
 * Two UDP sockets exchanging datagrams; recvfrom() tells who sent each one.
 *
 *   php -d extension=target/release/libcosocket.so examples/udp_pair.php
 */
use Swoole\Coroutine\Socket;

Co\run(function () {
    $server = new Socket(AF_INET, SOCK_DGRAM, 0);
    $server->bind('127.0.0.1', 0);
    $port = $server->getsockname()['port'];

    go(function () use ($server) {
        for ($i = 0; $i < 3; $i++) {
            $data = $server->recvfrom($peer, 1);
            echo "server: '$data' from {$peer['address']}:{$peer['port']}\n";
            $server->sendto($peer['address'], $peer['port'], strrev($data));
        }
    });

    $client = new Socket(AF_INET, SOCK_DGRAM, 0);
    foreach (['ping', 'stressed', 'drawer'] as $word) {
        $client->sendto('127.0.0.1', $port, $word);
        $reply = $client->recvfrom($from, 1);
        echo "client: got '$reply'\n";
    }
});
