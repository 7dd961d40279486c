--TEST--
Co\Client::recvfrom() assigns its by-reference $address and $port through typed references as PHP's own functions do: a reference to an int/string property takes them, one to a ?int property refuses the address with PHP's TypeError (Swoole stores the string in the ?int property)
--EXTENSIONS--
cosocket
--FILE--
<?php
class Box { public int $port = 0; public string $addr = ''; public ?int $len = null; }
Co\run(function () {
    $srv = new Co\Socket(AF_INET, SOCK_DGRAM, 0);
    $srv->bind('127.0.0.1', 0);
    $c = new Co\Client(SWOOLE_SOCK_UDP);
    $c->sendto('127.0.0.1', $srv->getsockname()['port'], 'x');
    $srv->recvfrom($peer);
    $srv->sendto($peer['address'], $peer['port'], 'reply');
    $b = new Box;
    $addr = &$b->addr;
    $port = &$b->port;
    var_dump($c->recvfrom(100, $addr, $port), $b->addr, $b->port === $srv->getsockname()['port']);
    $srv->sendto($peer['address'], $peer['port'], 'reply2');
    $b2 = new Box;
    $len = &$b2->len;
    try {
        var_dump($c->recvfrom(100, $len));
    } catch (TypeError $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    var_dump($b2->len);
});
?>
--EXPECT--
string(5) "reply"
string(9) "127.0.0.1"
bool(true)
TypeError: Cannot assign string to reference held by property Box::$len of type ?int
NULL
