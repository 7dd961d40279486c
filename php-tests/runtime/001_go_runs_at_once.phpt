--TEST--
go() runs the new coroutine at once until it first waits; Co\run() drives the loop
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
echo "main start\n";
$ret = Co\run(function () {
    echo "run: cid=", Coroutine::getCid(), "\n";
    $cid = go(function () {
        echo "child: cid=", Coroutine::getCid(), " pcid=", Coroutine::getPcid(), "\n";
        Coroutine::sleep(0.1);
        echo "child: woke\n";
    });
    echo "run: go returned $cid\n";
    Coroutine::sleep(0.02);
    echo "run: woke first\n";
});
var_dump($ret);
var_dump(Coroutine::getCid(), Coroutine::getPcid());
echo "main end\n";
?>
--EXPECT--
main start
run: cid=1
child: cid=2 pcid=1
run: go returned 2
run: woke first
child: woke
bool(true)
int(-1)
bool(false)
main end
