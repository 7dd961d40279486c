--TEST--
Socket: readVector/readVectorAll/writeVector/writeVectorAll, and their bad input
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump($a->writeVector(['hello', 'world']));
    var_dump($b->readVector([5, 5]));
    $a->send('abc');
    var_dump($b->readVector([2, 5, 5]));
    go(function () use ($a) {
        Co::sleep(0.01);
        $a->writeVectorAll(['12345', '6789']);
    });
    var_dump($b->readVectorAll([3, 6]));
    foreach ([[], ['x' => 'a', 1], ['a', ''], [1]] as $vec) {
        try {
            var_dump($a->writeVector($vec));
        } catch (Swoole\Coroutine\Socket\Exception $e) {
            echo get_class($e), " ", $e->getCode(), ": ", $e->getMessage(), "\n";
        }
    }
    foreach ([[5, 'x'], [5, 0], [-1]] as $vec) {
        try {
            var_dump($b->readVector($vec));
        } catch (Swoole\Coroutine\Socket\Exception $e) {
            echo get_class($e), " ", $e->getCode(), ": ", $e->getMessage(), "\n";
        }
    }
    var_dump($a->writeVector(array_fill(0, 1025, 'x')), $a->errCode, $a->errMsg);
    $a->close();
    var_dump($b->readVector([5]));
    var_dump($b->readVector([5], 0.01));
});
?>
--EXPECT--
int(10)
array(2) {
  [0]=>
  string(5) "hello"
  [1]=>
  string(5) "world"
}
array(2) {
  [0]=>
  string(2) "ab"
  [1]=>
  string(1) "c"
}
array(2) {
  [0]=>
  string(3) "123"
  [1]=>
  string(6) "456789"
}
int(0)
Swoole\Coroutine\Socket\Exception 22: Item #[1] must be of type string, int given
Swoole\Coroutine\Socket\Exception 22: Item #[1] cannot be empty string
Swoole\Coroutine\Socket\Exception 22: Item #[0] must be of type string, int given
Swoole\Coroutine\Socket\Exception 22: Item #[1] must be of type int, string given
Swoole\Coroutine\Socket\Exception 22: Item #[1] must be greater than 0
Swoole\Coroutine\Socket\Exception 22: Item #[0] must be greater than 0
bool(false)
int(22)
string(32) "The maximum of iov count is 1024"
array(0) {
}
array(0) {
}
