--TEST--
Socket::import() of a PHP stream (and an ext-sockets socket when loaded); sendFile
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
// Made before Co\run: inside, SWOOLE_HOOK_SOCKETS (on by default) makes socket_create() a Co\Socket.
$raw = function_exists('socket_create') ? socket_create(AF_INET, SOCK_DGRAM, SOL_UDP) : null;
Co\run(function () use ($raw) {
    $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $port = (int)substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    $listener = Socket::import($server);
    var_dump($listener instanceof Socket, $listener->domain === AF_INET, $listener->type === SOCK_STREAM);
    go(function () use ($listener) {
        $conn = $listener->accept();
        var_dump($conn->recv());
        var_dump($conn->sendFile(__FILE__, 6, 5));
        var_dump($conn->sendFile(__FILE__));
        $conn->close();
    });
    $client = stream_socket_client("tcp://127.0.0.1:$port");
    $c = Socket::import($client);
    $c->send('imported');
    var_dump($c->recvAll(5));
    var_dump($c->recvAll(100000) === file_get_contents(__FILE__));
    if ($raw) {
        $u = Socket::import($raw);
        var_dump($u->type === SOCK_DGRAM);
    } else {
        var_dump(true);
    }
    try { Socket::import("nope"); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
});
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
string(8) "imported"
bool(true)
bool(true)
string(5) "use S"
bool(true)
bool(true)
Swoole\Coroutine\Socket::import(): Argument #1 ($stream) must be of type resource, string given
