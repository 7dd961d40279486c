--TEST--
swoole/library's Swoole\Coroutine\defer() and Co\defer() are there natively while swoole.enable_library is On, with its signature; last registered runs first
--EXTENSIONS--
cosocket
--FILE--
<?php
// swoole/library's defer() under both names, provided natively while swoole.enable_library is On.
foreach (['Swoole\Coroutine\defer', 'Co\defer'] as $f) {
    $r = new ReflectionFunction($f);
    echo $f, '(', implode(', ', array_map(fn($p) => $p->getType() . ' $' . $p->getName(), $r->getParameters())), ")\n";
}
Co\run(function () {
    Swoole\Coroutine\defer(function () { echo "defer 1 (registered first, runs last)\n"; });
    Co\defer(function () { echo "defer 2\n"; });
    go(function () {
        Co\defer(fn() => print("inner defer\n"));
        echo "inner body\n";
    });
    echo "outer body\n";
});
?>
--EXPECT--
Swoole\Coroutine\defer(callable $fn)
Co\defer(callable $fn)
inner body
inner defer
outer body
defer 2
defer 1 (registered first, runs last)
