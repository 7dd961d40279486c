--TEST--
Timer callbacks clearing themselves and other timers (removed shown until the callback returns), clearAll() from a tick then a new timer, Event::cycle() replaced from a callback, Event::exit() in a tick with an fd and a defer pending, PHP_INT_MAX timers cleared from a callback; no fd left behind
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Timer callbacks that clear themselves and others, clearAll() from a tick, Event::cycle()
// replaced from a callback, Event::exit() in a tick with an fd and a defer pending, and a
// PHP_INT_MAX timer cleared from a callback (else the loop would wait for it forever).
use Swoole\Timer;
use Swoole\Event;
function fds() { return count(scandir('/proc/self/fd')) - 2; }
$a = Timer::after(5, function () use (&$a) {
    echo "after cb: exists=", var_export(Timer::exists($a), true), " clear=", var_export(Timer::clear($a), true),
        " again=", var_export(Timer::clear($a), true), " exists=", var_export(Timer::exists($a), true),
        " info=", json_encode(array_diff_key(Timer::info($a), ['exec_msec' => 0])), " list=", json_encode(iterator_to_array(Timer::list())), " num=", Timer::stats()['num'], "\n";
});
$other = Timer::after(1000, function () { echo "never\n"; });
Timer::tick(20, function ($id) use ($other, $a) {
    echo "tick: clear(other)=", var_export(Timer::clear($other), true), " exists(a)=", var_export(Timer::exists($a), true),
        " info(a)=", var_export(Timer::info($a), true), " clear(self)=", var_export(Timer::clear($id), true),
        " info(self).removed=", var_export(Timer::info($id)['removed'], true), "\n";
    $turns = 0;
    Event::cycle(function () use (&$turns) { $turns++; if ($turns == 1) echo "cycle A\n"; });
    echo "cycle replace => ", var_export(Event::cycle(function () { echo "cycle B\n"; Event::cycle(null); }), true), "\n";
});
Event::wait();
echo "after wait: cycle(null) => ", var_export(Event::cycle(null), true), " stats=", json_encode(Timer::stats()), "\n";

echo "-- clearAll() from a tick, then a timer made after it\n";
$n = 0;
Timer::tick(3, function ($id) use (&$n) {
    $n++;
    echo "tick $n: clearAll=", var_export(Timer::clearAll(), true), " exists=", var_export(Timer::exists($id), true), " list=", json_encode(iterator_to_array(Timer::list())), "\n";
    Timer::after(1, function () { echo "after made after clearAll fired\n"; });
});
Timer::after(10, function () { echo "never\n"; });
Event::wait();
echo "after wait: stats=", json_encode(Timer::stats()), "\n";

echo "-- Event::exit() in a tick, with an fd and a defer pending\n";
$base = fds();
[$x, $y] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
fwrite($y, "z");
Event::add($x, function ($s) { echo "read cb: ", fread($s, 10), "\n"; });
Timer::tick(5, function ($id) {
    echo "tick2 then Event::exit\n";
    Event::defer(function () { echo "defer after exit\n"; });
    Event::exit();
    echo "after exit in cb: exists=", var_export(Timer::exists($id), true), "\n";
});
Timer::after(50, function () { echo "never2\n"; });
Event::wait();
echo "after wait 2: isset(x)=", var_export(Event::isset($x), true), " stats=", json_encode(Timer::stats()), "\n";
Event::del($x);
fclose($x); fclose($y);
echo "fds delta ", fds() - $base, "\n";

echo "-- PHP_INT_MAX timers cleared from a callback\n";
$id = Timer::after(PHP_INT_MAX, function () { echo "never\n"; });
$t = Timer::tick(PHP_INT_MAX - 1, function () { echo "never tick\n"; });
echo json_encode(array_diff_key(Timer::info($id), ['exec_msec' => 0])), "\n";
Timer::after(20, function () use ($id, $t) { echo "clearing: ", var_export(Timer::clear($id), true), " ", var_export(Timer::clear($t), true), "\n"; });
Event::wait();
echo "end\n";
--EXPECTF--
after cb: exists=true clear=true again=false exists=false info={"exec_count":0,"interval":0,"round":0,"removed":true} list=[3,2,1] num=3
tick: clear(other)=true exists(a)=false info(a)=NULL clear(self)=true info(self).removed=true
cycle replace => true
cycle B
after wait: cycle(null) => false stats={"initialized":false,"num":0,"round":0}
-- clearAll() from a tick, then a timer made after it
tick 1: clearAll=true exists=false list=[1]
after made after clearAll fired
after wait: stats={"initialized":false,"num":0,"round":0}
-- Event::exit() in a tick, with an fd and a defer pending
read cb: z
tick2 then Event::exit
after exit in cb: exists=false
defer after exit
after wait 2: isset(x)=false stats={"initialized":false,"num":0,"round":0}

Warning: Swoole\Event::del(): reactor is not ready, cannot call swoole_event_del in %s on line 50
fds delta 0
-- PHP_INT_MAX timers cleared from a callback
{"exec_count":0,"interval":0,"round":0,"removed":false}
clearing: true true
end
