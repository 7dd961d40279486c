--TEST--
Swoole\Coroutine\Lock: re-entrant for its holder, waiters take it in turn, LOCK_NB busy is errCode 16, any coroutine may unlock it, a cancelled waiter gets false and errCode 10017; not clonable, serialisable or unsettable, constructed once, no Co\Lock
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Lock;
function r($label, $fn) {
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', var_export($v, true), "\n";
}
Co\run(function () {
    $l = new Lock();
    r('errCode initially', fn() => $l->errCode);
    r('lock()', fn() => $l->lock());
    r('lock() again same coroutine (re-entrant?)', fn() => $l->lock());
    r('unlock()', fn() => $l->unlock());
    r('unlock() again (not locked)', fn() => $l->unlock());
    r('errCode', fn() => $l->errCode);
    echo "-- two coroutines\n";
    $log = [];
    $wg = new Swoole\Coroutine\WaitGroup();
    foreach (['A', 'B', 'C'] as $n) {
        $wg->add();
        go(function () use ($l, $n, &$log, $wg) {
            $log[] = "$n wants"; $l->lock(); $log[] = "$n got";
            Co::sleep(0.02);
            $log[] = "$n releases"; $l->unlock(); $wg->done();
        });
    }
    $wg->wait();
    echo implode(', ', $log), "\n";
    echo "-- LOCK_NB while held by another coroutine\n";
    go(function () use ($l) { $l->lock(); Co::sleep(0.05); $l->unlock(); });
    r('lock(LOCK_EX|LOCK_NB)', fn() => $l->lock(LOCK_EX | LOCK_NB));
    r('errCode (EBUSY=16?)', fn() => $l->errCode);
    r('lock(LOCK_SH|LOCK_NB) (shared lock while held)', fn() => $l->lock(LOCK_SH | LOCK_NB));
    Co::sleep(0.08);
    r('lock(LOCK_SH) when free', fn() => $l->lock(LOCK_SH));
    echo "-- unlock by a coroutine that does not hold it\n";
    go(function () use ($l) { r('  other coroutine unlock()', fn() => $l->unlock()); });
    go(function () use ($l) { r('  other coroutine lock(LOCK_NB) after that', fn() => $l->lock(LOCK_NB)); });
    Co::sleep(0.01);
    echo "-- cancel a coroutine waiting for the lock\n";
    $l2 = new Lock();
    $l2->lock();
    $cid = go(function () use ($l2) { r('  waiter lock()', fn() => $l2->lock()); r('  waiter errCode', fn() => $l2->errCode); r('  last error', fn() => swoole_last_error()); });
    Co::sleep(0.01);
    r('  cancel(waiter)', fn() => Co::cancel($cid));
    Co::sleep(0.01);
    echo "-- misc\n";
    r('new Lock(true) shared', fn() => get_class(new Lock(true)));
    r('__construct twice', fn() => $l2->__construct());
    r('clone', fn() => clone $l2);
    r('serialize', fn() => serialize($l2));
    r('unset($l->errCode)', function () use ($l2) { unset($l2->errCode); return 'ok'; });
    r('lock("x")', fn() => $l2->lock("x"));
    r('lock(999)', fn() => $l2->lock(999));
    $l3 = new Lock(); $l3->lock();
    r('destroy a locked lock', function () use (&$l3) { $l3 = null; return 'ok'; });
    r('Co\Lock alias exists', fn() => class_exists('Co\Lock'));
});
?>
--EXPECT--
errCode initially => 0
lock() => true
lock() again same coroutine (re-entrant?) => true
unlock() => true
unlock() again (not locked) => true
errCode => 0
-- two coroutines
A wants, A got, B wants, C wants, A releases, B got, B releases, C got, C releases
-- LOCK_NB while held by another coroutine
lock(LOCK_EX|LOCK_NB) => false
errCode (EBUSY=16?) => 16
lock(LOCK_SH|LOCK_NB) (shared lock while held) => false
lock(LOCK_SH) when free => true
-- unlock by a coroutine that does not hold it
  other coroutine unlock() => true
  other coroutine lock(LOCK_NB) after that => true
-- cancel a coroutine waiting for the lock
  waiter lock() => false
  waiter errCode => 10017
  last error => 10017
  cancel(waiter) => true
-- misc
new Lock(true) shared => 'Swoole\\Coroutine\\Lock'
__construct twice => Error: Constructor of Swoole\Coroutine\Lock can only be called once
clone => Error: Trying to clone an uncloneable object of class Swoole\Coroutine\Lock
serialize => Exception: Serialization of 'Swoole\Coroutine\Lock' is not allowed
unset($l->errCode) => Error: Property errCode of class Swoole\Coroutine\Lock cannot be unset
lock("x") => TypeError: Swoole\Coroutine\Lock::lock(): Argument #1 ($operation) must be of type int, string given
lock(999) => true
destroy a locked lock => 'ok'
Co\Lock alias exists => false
