--TEST--
Co\Client: constructor types (flags kept in $type; unknown types are a TypeError), set() merges into $setting (string keys replace, integer keys append) and only stores before connect(), errCode written through a reference to it
--EXTENSIONS--
cosocket
--FILE--
<?php
// In a coroutine: Swoole's constructor starts its event loop (outside one, a deprecation at shutdown).
Co\run(function () {
foreach ([SWOOLE_SOCK_TCP, SWOOLE_SOCK_TCP6, SWOOLE_SOCK_UDP, SWOOLE_SOCK_UDP6, SWOOLE_SOCK_UNIX_STREAM, SWOOLE_SOCK_UNIX_DGRAM,
          SWOOLE_SOCK_TCP | SWOOLE_SSL, SWOOLE_SOCK_UDP | SWOOLE_SSL, SWOOLE_SOCK_TCP | SWOOLE_KEEP,
          SWOOLE_SOCK_TCP | SWOOLE_SSL | SWOOLE_KEEP | SWOOLE_ASYNC | SWOOLE_SYNC, 0, 7, -1, 100] as $t) {
    try {
        $c = new Co\Client($t);
        echo "type $t: type=", $c->type, " fd=", $c->fd, "\n";
    } catch (Throwable $e) {
        echo "type $t: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
foreach (['2', 'abc', []] as $t) {
    try {
        $c = new Co\Client($t);
        echo var_export($t, true), ": type=", $c->type, "\n";
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
try { new Co\Client(); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }

$c = new Co\Client(SWOOLE_SOCK_TCP);
var_dump($c->set([]), $c->setting);
var_dump($c->set(['timeout' => 1.5, 'open_eof_check' => true]));
var_dump($c->set(['timeout' => 2, 'package_eof' => "\n"]));
// Not checked before connect(): a bad value is only stored.
var_dump($c->set(['package_length_type' => 'Z']));
var_dump($c->set([5 => 'x', 'open_length_check' => 1]));
var_dump($c->setting);
try { $c->set('x'); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
var_dump($c->errCode);
$c->setting = 'not an array';
var_dump($c->set(['a' => 1]), $c->setting);
// Errors are written through a reference the script holds.
$e = &$c->errCode;
var_dump($c->close(), $e);
});
?>
--EXPECT--
type 1: type=1 fd=-1
type 3: type=3 fd=-1
type 2: type=2 fd=-1
type 4: type=4 fd=-1
type 5: type=5 fd=-1
type 6: type=6 fd=-1
type 513: type=513 fd=-1
type 514: type=514 fd=-1
type 4097: type=4097 fd=-1
type 7681: type=7681 fd=-1
type 0: TypeError: Swoole\Coroutine\Client::__construct() expects parameter 1 to be client type, unknown type 0 given
type 7: TypeError: Swoole\Coroutine\Client::__construct() expects parameter 1 to be client type, unknown type 7 given
type -1: TypeError: Swoole\Coroutine\Client::__construct() expects parameter 1 to be client type, unknown type -1 given
type 100: TypeError: Swoole\Coroutine\Client::__construct() expects parameter 1 to be client type, unknown type 100 given
'2': type=2
TypeError: Swoole\Coroutine\Client::__construct(): Argument #1 ($type) must be of type int, string given
TypeError: Swoole\Coroutine\Client::__construct(): Argument #1 ($type) must be of type int, array given
ArgumentCountError: Swoole\Coroutine\Client::__construct() expects exactly 1 argument, 0 given
bool(false)
NULL
bool(true)
bool(true)
bool(true)
bool(true)
array(6) {
  ["timeout"]=>
  int(2)
  ["open_eof_check"]=>
  bool(true)
  ["package_eof"]=>
  string(1) "
"
  ["package_length_type"]=>
  string(1) "Z"
  [0]=>
  string(1) "x"
  ["open_length_check"]=>
  int(1)
}
TypeError: Swoole\Coroutine\Client::set(): Argument #1 ($settings) must be of type array, string given
int(0)
bool(true)
array(1) {
  ["a"]=>
  int(1)
}
bool(false)
int(5001)
