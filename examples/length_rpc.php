<?php
/**
 * A length-prefixed RPC echo: each message is a 4-byte big-endian length ('N') and a
 * JSON body. recvPacket() hands over exactly one whole message however the bytes
 * arrive: several in one read, or one cut across reads.
 *
 *   php -d extension=target/release/libcosocket.so examples/length_rpc.php
 */
use Swoole\Coroutine\Socket;

const FRAMING = [
    'open_length_check' => true,
    'package_length_type' => 'N',      // unsigned 32-bit, big-endian
    'package_length_offset' => 0,      // where the length field starts
    'package_body_offset' => 4,        // the length counts the bytes after the header
    'package_max_length' => 1 << 20,   // a longer message fails with errCode 1201
];

function frame(array $msg): string
{
    $body = json_encode($msg);
    return pack('N', strlen($body)) . $body;
}

function unframe(string $packet): array
{
    return json_decode(substr($packet, 4), true);
}

Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(16);
    $port = $server->getsockname()['port'];
    echo "server: listening on 127.0.0.1:$port\n";

    go(function () use ($server) {
        while ($conn = $server->accept()) {
            go(function () use ($conn) {
                $conn->setProtocol(FRAMING);
                while (($packet = $conn->recvPacket(5)) !== '' && $packet !== false) {
                    $req = unframe($packet);
                    $result = match ($req['method']) {
                        'echo' => $req['params'],
                        'sum' => array_sum($req['params']),
                        'upper' => strtoupper($req['params']),
                        default => null,
                    };
                    $conn->sendAll(frame(['id' => $req['id'], 'result' => $result]));
                }
                $conn->close();
            });
        }
    });

    $client = new Socket(AF_INET, SOCK_STREAM, 0);
    $client->setProtocol(FRAMING);
    $client->connect('127.0.0.1', $port, 1);
    $calls = [
        ['id' => 1, 'method' => 'echo', 'params' => 'hello'],
        ['id' => 2, 'method' => 'sum', 'params' => [1, 2, 3, 4]],
        ['id' => 3, 'method' => 'upper', 'params' => str_repeat('abc', 2000)],   // 6 kB
    ];
    // All three requests in one write: the server still sees three messages.
    $client->sendAll(implode('', array_map('frame', $calls)));
    foreach ($calls as $call) {
        $reply = unframe($client->recvPacket(5));
        $shown = is_string($reply['result']) && strlen($reply['result']) > 20
            ? substr($reply['result'], 0, 12) . '... (' . strlen($reply['result']) . ' bytes)'
            : json_encode($reply['result']);
        echo "client: {$call['method']} -> id {$reply['id']}: $shown\n";
    }
    // One request written in two pieces: recvPacket waits for the rest.
    $bytes = frame(['id' => 4, 'method' => 'echo', 'params' => 'split in two']);
    $client->sendAll(substr($bytes, 0, 6));
    Co::sleep(0.01);
    $client->sendAll(substr($bytes, 6));
    $reply = unframe($client->recvPacket(5));
    echo "client: echo (sent in two pieces) -> id {$reply['id']}: ", json_encode($reply['result']), "\n";
    $client->close();
    $server->close();
});
