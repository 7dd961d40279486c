--TEST--
Socket outside a coroutine: calls that finish at once work; one that must wait is Swoole's fatal error
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
use Swoole\Coroutine\Socket;
[$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
var_dump($a->send('ready'), $b->recv());
$s = new Socket(AF_INET, SOCK_STREAM, 0);
var_dump($s->bind('127.0.0.1', 0), $s->listen(), $s->recv(), $s->errCode === SOCKET_ENOTCONN);
[$out, $err, $status] = run_child('<?php
[$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
echo "waiting\n";
$b->recv();
');
echo $out, strtok($err, "\n"), " [status $status]\n";
?>
--EXPECT--
int(5)
string(5) "ready"
bool(true)
bool(true)
bool(false)
bool(true)
waiting
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:4 [status 255]
