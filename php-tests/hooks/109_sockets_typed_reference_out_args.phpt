--TEST--
SWOOLE_HOOK_SOCKETS: socket_recvfrom()'s by-reference $address and $port go through typed references as PHP's own functions do: a reference held by a ?int property refuses the address with PHP's TypeError, one held by string/int properties takes them
--EXTENSIONS--
cosocket
sockets
--FILE--
<?php
class Box { public int $port = 0; public string $addr = ''; public ?int $len = null; }
Co\run(function () {
    $srv = socket_create(AF_INET, SOCK_DGRAM, 0);
    socket_bind($srv, '127.0.0.1', 0);
    socket_getsockname($srv, $a, $srvPort);
    $c = socket_create(AF_INET, SOCK_DGRAM, 0);
    socket_sendto($c, 'one', 3, 0, '127.0.0.1', $srvPort);
    socket_sendto($c, 'two', 3, 0, '127.0.0.1', $srvPort);
    $b = new Box;
    $addr = &$b->addr;
    $port = &$b->port;
    var_dump(socket_recvfrom($srv, $buf, 10, 0, $addr, $port), $buf, $b->addr, $b->port > 0);
    $b2 = new Box;
    $len = &$b2->len;
    try {
        var_dump(socket_recvfrom($srv, $buf, 10, 0, $len, $port));
    } catch (TypeError $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    var_dump($b2->len);
});
?>
--EXPECT--
int(3)
string(3) "one"
string(9) "127.0.0.1"
bool(true)
TypeError: Cannot assign string to reference held by property Box::$len of type ?int
NULL
