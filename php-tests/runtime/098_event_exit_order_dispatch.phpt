--TEST--
Event::exit() in a callback clears the timers and ends the loop after the turn (outside the loop it only clears them); one loop turn in order (cycle before, timers and fd callbacks, the defers they queued, cycle after); a peer's close calls the read callback again and again until del; Event::dispatch() runs one turn (false before any loop)
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Event::exit() from a callback stops the loop and clears all timers (the rest of that loop turn
// still runs); Event::exit() outside the loop; Event::cycle before=true vs false. (dispatch: see 27)
use Swoole\Event; use Swoole\Timer;
Timer::tick(100, function () { echo "tick 100 (should not fire)\n"; });
Timer::after(5000, function () { echo "5s timer (should not fire)\n"; });
Timer::after(5, function () {
    echo "5ms timer: calling Event::exit(), stats before=", json_encode(Timer::stats()), "\n";
    Event::exit();
    echo "after Event::exit() in callback, stats=", json_encode(Timer::stats()), "\n";
});
Event::cycle(function () { static $n = 0; if (++$n <= 2) echo "cycle (after) $n\n"; });
Event::cycle(function () { static $n = 0; if (++$n <= 2) echo "cycle (before) $n\n"; }, true);
$t0 = microtime(true);
Event::wait();
echo "Event::wait returned after ", (microtime(true) - $t0) < 1 ? "<1s" : ">=1s", "\n";
echo "-- Event::exit() outside any callback, then wait\n";
Timer::after(10, function () { echo "10ms timer (cleared by exit, should not fire)\n"; });
Event::exit();
echo "stats after exit: ", json_encode(Timer::stats()), "\n";
Event::wait();
echo "end\n";
echo "-- one turn, in order\n";
$t = 0;
Event::cycle(function () use (&$t) { if ($t++ < 4) echo "cycle-after $t\n"; });
Event::cycle(function () { static $n = 0; if ($n++ < 4) echo "cycle-before $n\n"; }, true);
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
Event::add($a, function ($s) { echo "read ", fread($s, 10), "\n"; Event::defer(fn() => print("defer from read cb\n")); Event::del($s); });
Timer::after(10, function () use ($b) { echo "timer\n"; Event::defer(fn() => print("defer from timer\n")); fwrite($b, "x"); });
Event::wait();
echo "-- peer closes: the read callback sees EOF again and again until del\n";
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$calls = 0;
Event::add($a, function ($s) use (&$calls) {
    $d = fread($s, 10); $calls++;
    echo "read cb #$calls: ", var_export($d, true), " feof=", var_export(feof($s), true), "\n";
    if ($calls >= 3) { echo "del => ", var_export(Event::del($s), true), "\n"; }
});
fwrite($b, "bye"); fclose($b);
Event::wait();
echo "Event::wait returned\n";
echo "-- dispatch\n";
var_dump(Event::dispatch());
function d($k) { echo "dispatch #$k: "; $r = Event::dispatch(); echo " => ", var_export($r, true), "\n"; }
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
Event::add($a, function ($s) { echo "[a readable: ", fread($s, 10), "]"; });
Timer::after(30, function () use ($b) { echo "[30ms timer: writes to b]"; fwrite($b, "ping"); });
Event::defer(function () { echo "[defer]"; });
for ($k = 1; $k <= 3; $k++) d($k);
Event::del($a);
echo "end\n";
--EXPECT--
cycle (before) 1
cycle (after) 1
cycle (before) 2
5ms timer: calling Event::exit(), stats before={"initialized":true,"num":3,"round":1}
after Event::exit() in callback, stats={"initialized":true,"num":1,"round":1}
cycle (after) 2
Event::wait returned after <1s
-- Event::exit() outside any callback, then wait
stats after exit: {"initialized":true,"num":0,"round":0}
end
-- one turn, in order
cycle-before 1
cycle-after 1
cycle-before 2
timer
defer from timer
cycle-after 2
cycle-before 3
read x
defer from read cb
cycle-after 3
-- peer closes: the read callback sees EOF again and again until del
read cb #1: 'bye' feof=true
read cb #2: '' feof=true
read cb #3: '' feof=true
del => true
Event::wait returned
-- dispatch
bool(false)
dispatch #1: [defer] => true
dispatch #2: [30ms timer: writes to b] => true
dispatch #3: [a readable: ping] => true
end

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
