--TEST--
A timer pending when the main script calls exit(3) runs at shutdown (the exit status kept), then the shutdown function registered after it; none would after an uncaught exception
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Pending timers / events at script end, with exit() in the main script, and Event::wait() called
// inside a coroutine (fatal error).
use Swoole\Timer;
$mode = 'exit';
Timer::after(5, function () { echo "timer fired at shutdown\n"; });
register_shutdown_function(function () { echo "user shutdown fn (registered after first timer)\n"; });
echo "mode=$mode\n";
if ($mode === 'exit') { echo "calling exit()\n"; exit(3); }
if ($mode === 'throw') { throw new Exception("uncaught in main"); }
if ($mode === 'waitincoro') { go(function () { echo "in coroutine, calling Event::wait()\n"; Swoole\Event::wait(); echo "not reached?\n"; }); }
echo "end of script\n";
--EXPECT--
mode=exit
calling exit()

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
timer fired at shutdown
user shutdown fn (registered after first timer)
