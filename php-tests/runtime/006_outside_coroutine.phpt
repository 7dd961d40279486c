--TEST--
Waiting APIs outside a coroutine throw Swoole\Error; bad values give Swoole's warnings
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
foreach ([
    fn() => Coroutine::sleep(0.1),
    fn() => Coroutine::yield(),
    fn() => Coroutine::defer(fn() => 1),
    fn() => Coroutine::join([1]),
    fn() => (new Coroutine\Channel())->pop(),
    fn() => Coroutine\System::gethostbyname('localhost'),
] as $f) {
    try {
        $f();
        echo "no exception\n";
    } catch (Swoole\Error $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
var_dump(Coroutine::sleep(-1));
var_dump(Coroutine::sleep(0));
// A push that does not have to wait works anywhere.
$ch = new Coroutine\Channel(1);
var_dump($ch->push(1), $ch->pop());
var_dump(Swoole\Error::class, get_parent_class(new Swoole\Error), get_parent_class(new Swoole\Exception));
?>
--EXPECTF--
Swoole\Error: API must be called in the coroutine
Swoole\Error: API must be called in the coroutine
Swoole\Error: API must be called in the coroutine
Swoole\Error: API must be called in the coroutine
Swoole\Error: API must be called in the coroutine
Swoole\Error: API must be called in the coroutine

Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)

Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)
bool(true)
int(1)
string(12) "Swoole\Error"
string(5) "Error"
string(9) "Exception"
