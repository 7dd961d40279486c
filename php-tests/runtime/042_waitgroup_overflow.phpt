--TEST--
WaitGroup::add() past PHP_INT_MAX is a misuse (InvalidArgumentException), never a counter that wraps around negative
--EXTENSIONS--
cosocket
--FILE--
<?php
$wg = new Swoole\Coroutine\WaitGroup();
$wg->add(PHP_INT_MAX);
var_dump($wg->count() === PHP_INT_MAX);
foreach ([1, PHP_INT_MAX] as $delta) {
    try {
        $wg->add($delta);
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    var_dump($wg->count() === PHP_INT_MAX);
}
$wg->add(-PHP_INT_MAX);
var_dump($wg->count());
try {
    (new Swoole\Coroutine\WaitGroup(PHP_INT_MAX))->add(2);
} catch (InvalidArgumentException $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
InvalidArgumentException: WaitGroup misuse: counter overflow
bool(true)
InvalidArgumentException: WaitGroup misuse: counter overflow
bool(true)
int(0)
WaitGroup misuse: counter overflow
