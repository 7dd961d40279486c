--TEST--
Coroutine::getContext(): per-coroutine storage, released when the coroutine ends
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
class Probe { function __destruct() { echo "context released\n"; } }
Co\run(function () {
    $cid = go(function () {
        $ctx = Coroutine::getContext();
        $ctx['user'] = 'alice';
        $ctx['probe'] = new Probe;
        var_dump($ctx instanceof Swoole\Coroutine\Context, $ctx instanceof ArrayObject, Coroutine::getContext() === $ctx);
        Coroutine::sleep(0.01);
        echo "child ends\n";
    });
    var_dump(Coroutine::getContext($cid)['user']);
    var_dump(isset(Coroutine::getContext()['user']));
    var_dump(Coroutine::getContext(99999), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS);
    Coroutine::sleep(0.05);
    echo "parent ends\n";
});
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
string(5) "alice"
bool(false)
NULL
bool(true)
child ends
context released
parent ends
