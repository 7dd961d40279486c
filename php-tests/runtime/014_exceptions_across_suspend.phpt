--TEST--
An exception thrown and caught across a suspension; finally blocks run; state is per coroutine
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
function risky($name, $delay) {
    try {
        Coroutine::sleep($delay);
        throw new LogicException("$name failed");
    } finally {
        echo "$name finally\n";
    }
}
Co\run(function () {
    go(function () {
        try {
            risky("a", 0.2);
        } catch (LogicException $e) {
            echo "a caught: ", $e->getMessage(), "\n";
        }
    });
    go(function () {
        try {
            risky("b", 0.1);
        } catch (LogicException $e) {
            echo "b caught: ", $e->getMessage(), "\n";
            Coroutine::sleep(0.2);
            echo "b still has: ", $e->getMessage(), "\n";
        }
    });
    try {
        throw new Exception("outer");
    } catch (Exception $e) {
        Coroutine::sleep(0.005);
        echo "main caught after sleep: ", $e->getMessage(), "\n";
    }
});
?>
--EXPECT--
main caught after sleep: outer
b finally
b caught: b failed
a finally
a caught: a failed
b still has: b failed
