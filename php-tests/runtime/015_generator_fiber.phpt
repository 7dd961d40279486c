--TEST--
A Generator and a PHP Fiber used inside a coroutine, suspended across coroutine switches
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
function gen() {
    for ($i = 1; $i <= 3; $i++) {
        Coroutine::sleep(0.005);
        yield $i;
    }
}
Co\run(function () {
    go(function () {
        foreach (gen() as $v) {
            echo "gen $v\n";
        }
    });
    go(function () {
        $fiber = new Fiber(function (string $x) {
            Coroutine::sleep(0.008);
            $y = Fiber::suspend($x . " suspended");
            Coroutine::sleep(0.008);
            return "fiber got $y";
        });
        echo $fiber->start("f"), "\n";
        Coroutine::sleep(0.004);
        $fiber->resume("value");
        echo $fiber->getReturn(), "\n";
    });
});
?>
--EXPECT--
gen 1
f suspended
gen 2
gen 3
fiber got value
