--TEST--
Co\Client: the class as Swoole 6.2 declares it (alias, constants, properties and their defaults, method signatures), var_dump, no clone/serialize/unset, subclasses (one without the parent constructor still connects)
--EXTENSIONS--
cosocket
--FILE--
<?php
$rc = new ReflectionClass('Swoole\Coroutine\Client');
echo $rc->getName(), " final=", var_export($rc->isFinal(), true), " parent=", var_export($rc->getParentClass(), true), "\n";
echo "alias: ", (new ReflectionClass('Co\Client'))->getName(), "\n";
foreach ($rc->getConstants() as $k => $v) echo "const $k = $v\n";
foreach ($rc->getProperties() as $p) {
    echo "prop ", implode(' ', Reflection::getModifierNames($p->getModifiers())), " \$", $p->getName(),
      " = ", var_export($p->getDefaultValue(), true), "\n";
}
foreach ($rc->getMethods() as $m) {
    $ps = [];
    foreach ($m->getParameters() as $p) {
        $s = ($p->getType() ?? '') . ' ' . ($p->isPassedByReference() ? '&' : '') . '$' . $p->getName();
        if ($p->isOptional()) $s .= ' = ' . var_export($p->getDefaultValue(), true);
        $ps[] = trim($s);
    }
    echo $m->getName(), "(", implode(', ', $ps), ")", $m->hasReturnType() ? ': ' . $m->getReturnType() : '', "\n";
}
$c = new Co\Client(SWOOLE_SOCK_TCP);
var_dump($c);
try { $d = clone $c; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { serialize($c); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { unset($c->errCode); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
class MyClient extends Swoole\Coroutine\Client { public $extra = 5; function __construct() { parent::__construct(SWOOLE_SOCK_UDP); } }
$m = new MyClient;
var_dump($m->type, $m->extra, $m instanceof Co\Client);
class NoCtor extends Co\Client { function __construct() {} }
$n = new NoCtor;
var_dump($n->type, $n->fd);
Co\run(function () use ($n) {
    $srv = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    var_dump($n->connect('127.0.0.1', $srv->getsockname()['port']), $n->isConnected());
    $n->close();
    $srv->close();
});
?>
--EXPECTF--
Swoole\Coroutine\Client final=false parent=false
alias: Swoole\Coroutine\Client
const MSG_OOB = 1
const MSG_PEEK = 2
const MSG_DONTWAIT = 64
const MSG_WAITALL = 256
prop public $errCode = 0
prop public $errMsg = ''
prop public $fd = -1
prop public $socket = NULL
prop public $type = 1
prop public $setting = NULL
prop public $connected = false
__construct(int $type)
__destruct()
set(array $settings): bool
connect(string $host, int $port = 0, float $timeout = 0, int $sock_flag = 0): bool
recv(float $timeout = 0): string|false
peek(int $length = 65535): string|false
send(string $data, float $timeout = 0): int|false
sendfile(string $filename, int $offset = 0, int $length = 0): bool
sendto(string $address, int $port, string $data): bool
recvfrom(int $length, mixed &$address, mixed &$port = 0): string|false
enableSSL(): bool
getPeerCert(): string|false
verifyPeerCert(bool $allow_self_signed = false): bool
isConnected(): bool
getsockname(): array|false
getpeername(): array|false
close(): bool
exportSocket(): Swoole\Coroutine\Socket|false
object(Swoole\Coroutine\Client)#%d (7) {
  ["errCode"]=>
  int(0)
  ["errMsg"]=>
  string(0) ""
  ["fd"]=>
  int(-1)
  ["socket"]=>
  NULL
  ["type"]=>
  int(1)
  ["setting"]=>
  NULL
  ["connected"]=>
  bool(false)
}
Error: Trying to clone an uncloneable object of class Swoole\Coroutine\Client
Exception: Serialization of 'Swoole\Coroutine\Client' is not allowed
Error: Property errCode of class Swoole\Coroutine\Client cannot be unset
int(2)
int(5)
bool(true)
int(1)
int(-1)
bool(true)
bool(true)
