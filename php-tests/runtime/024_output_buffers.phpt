--TEST--
Output buffers belong to the coroutine that opened them: others' output does not leak into them across switches
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
ob_start();
echo "main buffered\n";
Co\run(function () {
    go(function () {
        ob_start();
        echo "a1 ";
        Coroutine::sleep(0.1);
        echo "a2";
        $a = ob_get_clean();
        echo "a captured [$a]\n";
    });
    go(function () {
        ob_start();
        echo "b1 ";
        Coroutine::sleep(0.02);
        echo "b2";
        $b = ob_get_clean();
        echo "b captured [$b]\n";
    });
    echo "run body, not in any buffer\n";
    go(function () {
        ob_start();
        echo "left open at the end is flushed\n";
    });
});
$main = ob_get_clean();
echo "main captured [", trim($main), "]\n";
?>
--EXPECT--
run body, not in any buffer
left open at the end is flushed
b captured [b1 b2]
a captured [a1 a2]
main captured [main buffered]
