--TEST--
All coroutines waiting on channels with nothing left in the loop: the deadlock report, then the script ends
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    $ch = new Co\Channel();
    go(function () use ($ch) { $ch->pop(); });
    $ch->pop();
});
echo "script goes on\n";
Co::set(['enable_deadlock_check' => false]);
Co\run(function () { (new Co\Channel())->pop(); });
echo "silent when disabled\n";
?>
--EXPECTF--
 =================================================================
  [FATAL ERROR]: all coroutines (count: 2) are asleep - deadlock!
 =================================================================

  [Coroutine-2]
 -----------------------------------------------------------------
#0 %s(4): Swoole\Coroutine\Channel->pop()
#1 [internal function]: {closure%S}()

  [Coroutine-1]
 -----------------------------------------------------------------
#0 %s(5): Swoole\Coroutine\Channel->pop()
#1 [internal function]: {closure%S}()

 =================================================================
script goes on
silent when disabled
