--TEST--
The deadlock report is swoole/library's Swoole\Coroutine\deadlock_check(): callable directly (the caller's own trace included), with deadlock_check_limit, _depth and _disable_trace
--EXTENSIONS--
cosocket
--FILE--
<?php
// The deadlock report is swoole/library's deadlock_check(): callable directly, and
// honouring deadlock_check_limit / _depth / _disable_trace.
Swoole\Coroutine\deadlock_check();
Co\run(function () {
    go(function () { Co::sleep(0.01); });
    Swoole\Coroutine\deadlock_check();
});
Co::set(['deadlock_check_limit' => 1, 'deadlock_check_depth' => 1]);
Co\run(function () {
    go(function () { (function () { Co::yield(); })(); });
    Co::yield();
});
Co::set(['deadlock_check_disable_trace' => true]);
Co\run(function () { Co::yield(); });
echo "end\n";
--EXPECTF--

 =================================================================
  [FATAL ERROR]: all coroutines (count: 0) are asleep - deadlock!
 =================================================================

 =================================================================

 =================================================================
  [FATAL ERROR]: all coroutines (count: 2) are asleep - deadlock!
 =================================================================

  [Coroutine-2]
 -----------------------------------------------------------------
#0 %s(6): Swoole\Coroutine::sleep()
#1 [internal function]: {closure%S}()

  [Coroutine-1]
 -----------------------------------------------------------------
#0 %s(7): Swoole\Coroutine\deadlock_check()
#1 [internal function]: {closure%S}()

 =================================================================

 =================================================================
  [FATAL ERROR]: all coroutines (count: 2) are asleep - deadlock!
 =================================================================

  [Coroutine-4]
 -----------------------------------------------------------------
#0 %s(11): Swoole\Coroutine::yield()

 =================================================================

 =================================================================
  [FATAL ERROR]: all coroutines (count: 3) are asleep - deadlock!
 =================================================================

 =================================================================
end
