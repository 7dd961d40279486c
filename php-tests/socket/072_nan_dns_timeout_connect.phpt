--TEST--
socket_dns_timeout NAN: connect()'s lookup follows the rule of every wait (EINVAL at once), as gethostbyname() does (505); an address needs no lookup
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine as Co;
use Swoole\Coroutine\Socket;
Co::set(['socket_dns_timeout' => NAN]);
Co\run(function () {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $port = $l->getsockname()['port'];
    echo "-- gethostbyname\n";
    var_dump(Co::gethostbyname('localhost'), swoole_last_error());
    echo "-- connect to a name\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect('localhost', $port, 1), $c->errCode, $c->errMsg);
    echo "-- connect to an address\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->connect('127.0.0.1', $port, 1), $c->errCode);
    echo "-- a timeout given to the call stands in for the NAN default\n";
    var_dump(Co::gethostbyname('localhost', AF_INET, 1), swoole_last_error());
});
?>
--EXPECT--
-- gethostbyname
bool(false)
int(505)
-- connect to a name
bool(false)
int(22)
string(16) "Invalid argument"
-- connect to an address
bool(true)
int(0)
-- a timeout given to the call stands in for the NAN default
string(9) "127.0.0.1"
int(0)
