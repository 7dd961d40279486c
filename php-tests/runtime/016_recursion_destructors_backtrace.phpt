--TEST--
10,000-deep recursion in a coroutine; destructors run when it ends; debug_backtrace() shows its own frames
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
class Res { function __construct(public string $n) {} function __destruct() { echo "destruct {$this->n}\n"; } }
function depth($n) { return $n === 0 ? 0 : 1 + depth($n - 1); }
function where() { return array_map(fn($f) => $f['function'], debug_backtrace()); }
Co\run(function () {
    go(function () {
        $r = new Res("a");
        Coroutine::sleep(0.1);
        echo "depth ", depth(10000), "\n";
        echo implode(" < ", where()), "\n";
    });
    echo "after go\n";
    go(function () {
        $r = new Res("b");
        Coroutine::sleep(0.001);
    });
});
echo "end\n";
?>
--EXPECTF--
after go
destruct b
depth 10000
where < {closure%S}
destruct a
end
