--TEST--
WaitGroup: wait() returns when every add() has its done(); misuse throws like Swoole's
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\WaitGroup;
Co\run(function () {
    $wg = new WaitGroup();
    foreach ([3, 1, 2] as $n) {
        $wg->add();
        go(function () use ($wg, $n) {
            Coroutine::sleep($n / 20);
            echo "worker $n\n";
            $wg->done();
        });
    }
    var_dump($wg->count());
    var_dump($wg->wait());
    echo "all done\n";
    $wg->add(1);
    var_dump($wg->wait(0.02));
    $wg->done();
    try { $wg->done(); } catch (BadMethodCallException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    try { $wg->add(-5); } catch (InvalidArgumentException $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    var_dump((new WaitGroup(2))->count());
});
?>
--EXPECT--
int(3)
worker 1
worker 2
worker 3
bool(true)
all done
bool(false)
BadMethodCallException: WaitGroup misuse: negative counter
InvalidArgumentException: WaitGroup misuse: negative counter
int(2)
