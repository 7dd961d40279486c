--TEST--
Socket: TCP echo over IPv4 and IPv6, addresses, properties, and `localhost` resolved off the loop
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

function echo_server(int $domain, string $host): array {
    $server = new Socket($domain, SOCK_STREAM, 0);
    var_dump($server->bind($host, 0), $server->listen());
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        while ($conn = $server->accept()) {
            go(function () use ($conn) {
                while (($data = $conn->recv()) !== '' && $data !== false) {
                    $conn->sendAll(strtoupper($data));
                }
                $conn->close();
            });
        }
    });
    return [$server, $port];
}

Co\run(function () {
    foreach ([[AF_INET, '127.0.0.1', '127.0.0.1'], [AF_INET6, '::1', '::1'], [AF_INET, '127.0.0.1', 'localhost']] as [$domain, $bind, $connect]) {
        [$server, $port] = echo_server($domain, $bind);
        $c = new Socket($domain, SOCK_STREAM, 0);
        var_dump($c->fd > 0, $c->domain === $domain, $c->type === SOCK_STREAM, $c->protocol, $c->errCode, $c->errMsg);
        var_dump($c->connect($connect, $port, 2));
        var_dump($c->getpeername() === ['address' => $bind, 'port' => $port]);
        var_dump($c->getsockname()['address'] === $bind);
        var_dump($c->send("hello $connect"), $c->recv());
        var_dump($c->getOption(SOL_TCP, TCP_NODELAY) > 0);
        $c->close();
        $server->close();
    }
});
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
int(15)
string(15) "HELLO 127.0.0.1"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
int(9)
string(9) "HELLO ::1"
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
int(0)
string(0) ""
bool(true)
bool(true)
bool(true)
int(15)
string(15) "HELLO LOCALHOST"
bool(true)
