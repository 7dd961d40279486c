--TEST--
Socket: wrong types, bad lengths, bad addresses, bad constructor arguments: errors as Swoole gives them, never a crash
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
try { new Socket(12345, SOCK_STREAM); } catch (Swoole\Coroutine\Socket\Exception $e) {
    echo get_class($e), " ", $e->getCode(), ": ", $e->getMessage(), "\n";
    var_dump($e instanceof Swoole\Exception);
}
try { new Socket("inet", SOCK_STREAM); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { new Socket(AF_INET); } catch (ArgumentCountError $e) { echo $e->getMessage(), "\n"; }
$s = new Socket(AF_INET, SOCK_STREAM);
try { $s->__construct(AF_INET, SOCK_STREAM); } catch (Error $e) { echo $e->getMessage(), "\n"; }
try { $s->recv("many"); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { $s->send([]); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { $s->readVector("5"); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
var_dump($s->bind('not an address', 80), $s->errCode, $s->errMsg);
var_dump($s->bind('127.0.0.1', 70000), $s->errCode, $s->errMsg);
var_dump($s->bind('::1', 0), $s->errCode);
Co\run(function () use ($s) {
    // Zero and negative lengths fall back to the 64 KiB default, as in Swoole.
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send('abc');
    var_dump($b->recv(0), $a->send('def'), $b->recv(-5));
    var_dump($s->recv(), $s->errCode === SOCKET_ENOTCONN);
    var_dump(@$s->sendFile(''), @$s->sendFile(__FILE__, -1), @$s->sendFile(__FILE__, 0, -1));
    var_dump($a->sendFile('/no/such/file'), $a->errCode === SOCKET_ENOENT, $a->errMsg);
    var_dump(swoole_coroutine_socketpair(AF_INET, SOCK_STREAM, 0));
});
?>
--EXPECTF--
Swoole\Coroutine\Socket\Exception 97: new Socket() failed. Error: Address family not supported by protocol [97]
bool(true)
Swoole\Coroutine\Socket::__construct(): Argument #1 ($domain) must be of type int, string given
Swoole\Coroutine\Socket::__construct() expects at least 2 arguments, 1 given
Constructor of Swoole\Coroutine\Socket can only be called once
Swoole\Coroutine\Socket::recv(): Argument #1 ($length) must be of type int, string given
Swoole\Coroutine\Socket::send(): Argument #1 ($data) must be of type string, array given
Swoole\Coroutine\Socket::readVector(): Argument #1 ($io_vector) must be of type array, string given
bool(false)
int(722)
string(13) "Bad host addr"
bool(false)
int(723)
string(8) "Bad port"
bool(false)
int(722)
string(3) "abc"
int(3)
string(3) "def"
bool(false)
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
string(%d) "open(/no/such/file) failed, No such file or directory"

Warning: swoole_coroutine_socketpair(): failed to create socket, Error: Operation not supported[95] in %s on line %d
bool(false)
