--TEST--
Swoole\Coroutine\Server and Server\Connection natively (swoole.enable_library=On): Reflection, property order and defaults as var_dump/print_r/(array) show them, subclass, clone, serialize, the constructor's address forms (IPv4, IPv6, unix:) and its Swoole\Exception on bind failure, TypeErrors, Connection without a socket
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Server;
use Swoole\Coroutine\Server\Connection;
use Swoole\Coroutine\Socket;

foreach ([Server::class, Connection::class] as $class) {
    $r = new ReflectionClass($class);
    echo $class, $r->isFinal() ? ' final' : '', "\n";
    foreach ($r->getProperties() as $p) {
        echo '  ', implode(' ', Reflection::getModifierNames($p->getModifiers())), ' $', $p->getName(), ' = ', var_export($p->getDefaultValue(), true), "\n";
    }
    foreach ($r->getMethods() as $m) {
        $ps = [];
        foreach ($m->getParameters() as $p) {
            $ps[] = ($p->hasType() ? $p->getType() . ' ' : '') . '$' . $p->getName() . ($p->isDefaultValueAvailable() ? ' = ' . var_export($p->getDefaultValue(), true) : '');
        }
        echo '  ', $m->getName(), '(', implode(', ', $ps), ')', $m->hasReturnType() ? ': ' . $m->getReturnType() : '', "\n";
    }
}
echo "Co\\Server: ", class_exists('Co\Server') ? 'yes' : 'no', ", Co\\Server\\Connection: ", class_exists('Co\Server\Connection') ? 'yes' : 'no', "\n";

class Bare extends Server { public $mine = 'x'; function __construct() {} }
var_dump(new Bare());
print_r(unserialize(serialize(new Bare()))); echo "\n";
var_dump(unserialize('O:34:"Swoole\Coroutine\Server\Connection":0:{}'));

function attempt(string $host, int $port = 0) {
    try {
        $s = new Server($host, $port);
        echo "$host: type=$s->type host=$s->host port>0=", var_export($s->port > 0, true), " fd>0=", var_export($s->fd > 0, true), "\n";
        return $s;
    } catch (Swoole\Exception $e) {
        echo get_class($e), ': ', $e->getMessage(), ' code=', $e->getCode(), "\n";
    }
}
Co\run(function () {
    $s = attempt('127.0.0.1');
    $a = (array) $s;
    unset($a["\0*\0socket"]);
    $a['port'] = $a['port'] > 0;
    $a['fd'] = $a['fd'] > 0;
    foreach ($a as $k => $v) echo str_replace("\0", '\0', $k), ' => ', json_encode($v), "\n";
    $c = clone $s;
    var_dump($c->fd === $s->fd, $c->port === $s->port);
    try { serialize($s); } catch (Exception $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
    ob_start();
    attempt('127.0.0.1', $s->port);
    echo str_replace((string) $s->port, 'PORT', ob_get_clean());
    attempt('abc');
    attempt('localhost');
    attempt('');
    attempt('192.0.2.1');
    attempt('[::1]');
    attempt('127.0.0.1', -1);
    attempt('127.0.0.1', 65536);
    attempt('::1');
    $path = sys_get_temp_dir() . '/cosocket-140-' . getmypid() . '.sock';
    @unlink($path);
    ob_start();
    $u = attempt("unix:$path");
    var_dump($u->host === $path, $u->port, file_exists($path));
    attempt("unix:$path");
    echo str_replace($path, 'PATH', ob_get_clean());
    attempt('unix:/nonexistent-dir/x.sock');
    attempt('unix:relative.sock');
    unlink($path);
    $t = new Server('127.0.0.1', 0, true, true);
    var_dump($t->setting);
    try {
        new Server('127.0.0.1', 'x');
    } catch (TypeError $e) {
        echo preg_replace('/, called in.*/', '', $e->getMessage()), "\n";
    }
    try {
        new Connection(1);
    } catch (TypeError $e) {
        echo preg_replace('/, called in.*/', '', $e->getMessage()), "\n";
    }
    $conn = new Connection(new Socket(AF_INET, SOCK_STREAM, 0));
    var_dump(get_class($conn->exportSocket()));
    $bare = unserialize('O:34:"Swoole\Coroutine\Server\Connection":0:{}');
    foreach (['recv', 'send', 'close', 'exportSocket'] as $m) {
        try {
            $m === 'send' ? $bare->send('x') : $bare->$m();
        } catch (Error $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
});
--EXPECT--
Swoole\Coroutine\Server
  public $host = ''
  public $port = 0
  public $type = 2
  public $fd = -1
  public $errCode = 0
  public $setting = array (
)
  protected $running = false
  protected $fn = NULL
  protected $socket = NULL
  __construct(string $host, int $port = 0, bool $ssl = false, bool $reuse_port = false)
  set(array $setting): void
  handle(callable $fn): void
  shutdown(): bool
  start(): bool
Swoole\Coroutine\Server\Connection
  protected $socket = NULL
  __construct(Swoole\Coroutine\Socket $conn)
  recv(float $timeout = 0.0)
  send(string $data)
  close(): bool
  exportSocket(): Swoole\Coroutine\Socket
Co\Server: yes, Co\Server\Connection: yes
object(Bare)#9 (10) {
  ["host"]=>
  string(0) ""
  ["port"]=>
  int(0)
  ["type"]=>
  int(2)
  ["fd"]=>
  int(-1)
  ["errCode"]=>
  int(0)
  ["setting"]=>
  array(0) {
  }
  ["running":protected]=>
  bool(false)
  ["fn":protected]=>
  NULL
  ["socket":protected]=>
  NULL
  ["mine"]=>
  string(1) "x"
}
Bare Object
(
    [host] => 
    [port] => 0
    [type] => 2
    [fd] => -1
    [errCode] => 0
    [setting] => Array
        (
        )

    [running:protected] => 
    [fn:protected] => 
    [socket:protected] => 
    [mine] => x
)

object(Swoole\Coroutine\Server\Connection)#9 (1) {
  ["socket":protected]=>
  NULL
}
127.0.0.1: type=2 host=127.0.0.1 port>0=true fd>0=true
host => "127.0.0.1"
port => true
type => 2
fd => true
errCode => 0
setting => {"open_ssl":false}
\0*\0running => false
\0*\0fn => null
bool(true)
bool(true)
Exception: Serialization of 'Swoole\Coroutine\Socket' is not allowed
Swoole\Exception: bind(127.0.0.1:PORT) failed code=98
Swoole\Exception: bind(abc:0) failed code=722
Swoole\Exception: bind(localhost:0) failed code=722
Swoole\Exception: bind(:0) failed code=722
Swoole\Exception: bind(192.0.2.1:0) failed code=99
Swoole\Exception: bind([::1]:0) failed code=722
Swoole\Exception: bind(127.0.0.1:-1) failed code=723
Swoole\Exception: bind(127.0.0.1:65536) failed code=723
::1: type=10 host=::1 port>0=true fd>0=true
unix:PATH: type=1 host=PATH port>0=false fd>0=true
bool(true)
int(0)
bool(true)
Swoole\Exception: bind(PATH:0) failed code=98
Swoole\Exception: bind(/nonexistent-dir/x.sock:0) failed code=2
Swoole\Exception: bind(unix:relative.sock:0) failed code=722
array(1) {
  ["open_ssl"]=>
  bool(true)
}
Swoole\Coroutine\Server::__construct(): Argument #2 ($port) must be of type int, string given
Swoole\Coroutine\Server\Connection::__construct(): Argument #1 ($conn) must be of type Swoole\Coroutine\Socket, int given
string(23) "Swoole\Coroutine\Socket"
Error: Call to a member function recvPacket() on null
Error: Call to a member function sendAll() on null
Error: Call to a member function close() on null
TypeError: Swoole\Coroutine\Server\Connection::exportSocket(): Return value must be of type Swoole\Coroutine\Socket, null returned
