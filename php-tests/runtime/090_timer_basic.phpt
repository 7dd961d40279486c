--TEST--
Swoole\Timer outside coroutines: ids, callback arguments (a tick's id first), a coroutine per call, info/stats/list/exists/clear shapes before and after, pending timers run at script end (after the shutdown function Swoole registers with its loop, before later ones)
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Timer API outside any coroutine: return values, callback arguments, coroutine context of callbacks,
// exists/info/list/stats shapes, clear, and that pending timers run at script end (no Event::wait()).
use Swoole\Timer;
echo "stats before any timer: "; var_export(Timer::stats()); echo "\n";
echo "info(1) before any timer: "; var_export(Timer::info(1)); echo "\n";
echo "exists(1) before any timer: "; var_export(Timer::exists(1)); echo "\n";
echo "clear(1) before any timer: "; var_export(Timer::clear(1)); echo "\n";
echo "list before any timer: "; var_export(iterator_to_array(Timer::list())); echo "\n";
$a = Timer::after(300, function (...$args) { echo "after cb args=", json_encode($args), " cid=", Co::getCid(), "\n"; }, 'x', 42);
var_dump($a);
$n = 0;
$t = Timer::tick(10, function (...$args) use (&$n) { $n++; echo "tick cb args=", json_encode($args), " cid=", Co::getCid(), " n=$n\n"; if ($n == 2) { var_dump(Timer::clear($args[0])); } }, 'p');
var_dump($t);
echo "exists(a)="; var_export(Timer::exists($a)); echo " exists(999)="; var_export(Timer::exists(999)); echo "\n";
// exec_msec: when it fires, in ms since the timers began (later under a slow run: valgrind
// on a loaded machine took 108 ms between the two timers below).
function info($id, $ms) { $i = Timer::info($id); $i['exec_msec'] = $i['exec_msec'] >= $ms && $i['exec_msec'] < $ms + 250 ? "$ms+" : $i['exec_msec']; return $i; }
echo "info(a)="; var_export(info($a, 300)); echo "\n";
echo "info(t)="; var_export(info($t, 10)); echo "\n";
echo "info(999)="; var_export(Timer::info(999)); echo "\n";
echo "stats="; var_export(Timer::stats()); echo "\n";
$l = Timer::list();
echo "list class=", get_class($l), " count=", count($l), " items=", json_encode(iterator_to_array($l)), "\n";
echo "clear(999)="; var_export(Timer::clear(999)); echo " clear(-1)="; var_export(Timer::clear(-1)); echo "\n";
$c = Timer::after(5, function () { echo "never\n"; });
echo "clear(c)="; var_export(Timer::clear($c)); echo " again="; var_export(Timer::clear($c)); echo " exists(c)="; var_export(Timer::exists($c)); echo "\n";
register_shutdown_function(function () { echo "shutdown function, stats=", json_encode(Timer::stats()), "\n"; });
echo "end of script\n";
--EXPECT--
stats before any timer: array (
  'initialized' => false,
  'num' => 0,
  'round' => 0,
)
info(1) before any timer: false
exists(1) before any timer: false
clear(1) before any timer: false
list before any timer: array (
)
int(1)
int(2)
exists(a)=true exists(999)=false
info(a)=array (
  'exec_msec' => '300+',
  'exec_count' => 0,
  'interval' => 0,
  'round' => 0,
  'removed' => false,
)
info(t)=array (
  'exec_msec' => '10+',
  'exec_count' => 0,
  'interval' => 10,
  'round' => 0,
  'removed' => false,
)
info(999)=NULL
stats=array (
  'initialized' => true,
  'num' => 2,
  'round' => 0,
)
list class=Swoole\Timer\Iterator count=2 items=[2,1]
clear(999)=false clear(-1)=false
clear(c)=true again=false exists(c)=false
end of script

Deprecated: swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
tick cb args=[2,"p"] cid=1 n=1
tick cb args=[2,"p"] cid=2 n=2
bool(true)
after cb args=["x",42] cid=3
shutdown function, stats={"initialized":false,"num":0,"round":0}
