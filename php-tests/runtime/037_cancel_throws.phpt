--TEST--
Co::cancel($cid, true) throws Swoole\Coroutine\CanceledException in the target where it waits; uncaught, it is PHP's fatal error
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
use Swoole\Coroutine as Co;

$r = new ReflectionClass(Swoole\Coroutine\CanceledException::class);
var_dump($r->getParentClass()->getName(), $r->isFinal());

Co\run(function () {
    $cid = go(function () {
        try {
            Co::sleep(10);
            echo "not reached\n";
        } catch (Swoole\Coroutine\CanceledException $e) {
            var_dump($e->getMessage(), $e->getCode(), $e->getLine() === 11, $e->getTrace()[0]['function']);
            var_dump(Co::isCanceled());
        }
    });
    var_dump(Co::cancel($cid, true), swoole_last_error() === SWOOLE_ERROR_CO_CANCELED);

    $ch = new Co\Channel();
    $cid = go(function () use ($ch) {
        try {
            $ch->pop();
        } catch (Swoole\Coroutine\CanceledException $e) {
            echo "pop: ", get_class($e), "\n";
        }
    });
    var_dump(Co::cancel($cid, true));

    // The target resumes at once, from inside cancel(), and catches it there.
    $cid = go(function () {
        try { Co::sleep(10); } catch (Exception $e) { echo "caught: ", get_class($e), "\n"; }
        echo "target ends\n";
    });
    var_dump(Co::cancel($cid, true), Co::exists($cid));
    var_dump(Co::cancel(99999, true), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
    var_dump(Co::cancel(Co::getCid(), true), swoole_last_error() === SWOOLE_ERROR_CO_CANNOT_CANCEL);
    // Without throwing: the wait just fails, as before.
    $cid = go(function () { var_dump(Co::sleep(10), Co::isCanceled()); });
    var_dump(Co::cancel($cid));
});

[$out, $err, $status] = run_child(<<<'PHP'
<?php
Co\run(function () {
    $cid = go(function () { Co::sleep(10); echo "not reached\n"; });
    Co::cancel($cid, true);
    echo "not reached either\n";
});
PHP);
echo $out, $err, "status $status\n";
?>
--EXPECTF--
string(9) "Exception"
bool(true)
string(0) ""
int(0)
bool(true)
string(5) "sleep"
bool(true)
bool(true)
bool(true)
pop: Swoole\Coroutine\CanceledException
bool(true)
caught: Swoole\Coroutine\CanceledException
target ends
bool(true)
bool(false)
bool(false)
bool(true)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
%AFatal error:  Uncaught Swoole\Coroutine\CanceledException in %s:3
Stack trace:
#0 %s(3): Swoole\Coroutine::sleep(%A)
#1 [internal function]: {closure%S}()
#2 {main}
  thrown in %s on line 3
%Astatus 255
