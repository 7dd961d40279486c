--TEST--
An exception thrown in a timer callback is a fatal 'Uncaught' error (as in Swoole: no catch around Event::wait() sees it); the shutdown function still runs, later timers do not
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// (mode: timer)
// An exception thrown from an Event read callback, a timer callback, a defer callback.
use Swoole\Event; use Swoole\Timer;
$which = 'timer';
register_shutdown_function(function () { echo "shutdown fn\n"; });
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
if ($which === 'read') { Event::add($a, function ($s) { echo "read cb throws\n"; throw new RuntimeException("from read cb"); }); fwrite($b, "x"); }
if ($which === 'timer') { Timer::after(1, function () { echo "timer cb throws\n"; throw new RuntimeException("from timer cb"); }); }
if ($which === 'defer') { Event::defer(function () { echo "defer cb throws\n"; throw new RuntimeException("from defer cb"); }); }
Timer::after(50, function () { echo "later timer\n"; });
try { Event::wait(); } catch (Throwable $e) { echo "caught around Event::wait: ", $e->getMessage(), "\n"; }
echo "after wait\n";
--EXPECTF--
timer cb throws

Fatal error: Uncaught RuntimeException: from timer cb in %s:9
Stack trace:
#0 [internal function]: {closure%S}()
#1 {main}
  thrown in %s on line 9
shutdown fn
