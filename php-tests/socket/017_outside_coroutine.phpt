--TEST--
Socket outside a coroutine: every method that may wait is Swoole's fatal error at entry, even when it would not have had to wait; the others work
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
use Swoole\Coroutine\Socket;
// Methods that never wait work outside a coroutine.
$s = new Socket(AF_INET, SOCK_STREAM, 0);
var_dump($s->bind('127.0.0.1', 0), $s->listen(), is_array($s->getsockname()), $s->getOption(SOL_SOCKET, SO_TYPE) === SOCK_STREAM);
[$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
var_dump($a->checkLiveness(), $a->peek(), $a->cancel(), $a->close(), $b->close());
// Each waiting method, with data ready (or nothing to wait for): the fatal error all the same.
$calls = [
    'recv()', 'recvAll(1)', 'recvLine()', 'recvWithBuffer()', 'recvPacket()', 'send("x")', 'sendAll("x")',
    'readVector([1])', 'readVectorAll([1])', 'writeVector(["x"])', 'writeVectorAll(["x"])',
    'sendFile(__FILE__)', 'recvfrom($peer)', 'sslHandshake()', 'accept()',
];
foreach ($calls as $call) {
    [$out, $err, $status] = run_child('<?php
[$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite($x, "x\n");
$b = Swoole\Coroutine\Socket::import($y);
' . "\$b->$call;" . '
echo "not reached\n";
');
    echo $call, ": ", $out, strtok($err, "\n"), " [status $status]\n";
}
foreach (['connect("127.0.0.1", $port)', 'connect($path)', 'sendto("127.0.0.1", $port, "x")'] as $call) {
    [$out, $err, $status] = run_child('<?php
$l = stream_socket_server("tcp://127.0.0.1:0");
$port = (int)substr(strrchr(stream_socket_get_name($l, false), ":"), 1);
$path = sys_get_temp_dir() . "/cosocket017-" . getmypid() . ".sock";
$u = stream_socket_server("unix://$path");
$t = str_contains(' . var_export($call, true) . ', "path") ? AF_UNIX : AF_INET;
$ty = str_contains(' . var_export($call, true) . ', "sendto") ? SOCK_DGRAM : SOCK_STREAM;
$s = new Swoole\Coroutine\Socket($t, $ty, 0);
register_shutdown_function(fn() => @unlink($path));
' . "\$s->$call;" . '
echo "not reached\n";
');
    echo $call, ": ", $out, strtok($err, "\n"), " [status $status]\n";
}
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
recv(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
recvAll(1): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
recvLine(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
recvWithBuffer(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
recvPacket(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
send("x"): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
sendAll("x"): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
readVector([1]): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
readVectorAll([1]): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
writeVector(["x"]): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
writeVectorAll(["x"]): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
sendFile(__FILE__): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
recvfrom($peer): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
sslHandshake(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
accept(): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:5 [status 255]
connect("127.0.0.1", $port): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:10 [status 255]
connect($path): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:10 [status 255]
sendto("127.0.0.1", $port, "x"): PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:10 [status 255]
