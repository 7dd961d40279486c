--TEST--
swoole.enable_library=Off leaves every name swoole/library declares undefined (batch, parallel, map, deadlock_check, Barrier too): stand-ins of those names declare without error; SWOOLE_HOOK_* exist and Scheduler::set() takes hook_flags; the deadlock report is the library's deadlock_check() when the INI is On again, Swoole's short header when Off
--EXTENSIONS--
cosocket
--INI--
swoole.enable_library=Off
--FILE--
<?php
// swoole.enable_library=Off: every name swoole/library declares is free, so its files
// can declare them (here tiny stand-ins of the same names, not the library's code).
echo "ini swoole.enable_library=", var_export(ini_get('swoole.enable_library'), true), "\n";
$functions = ['Swoole\Coroutine\run', 'Swoole\Coroutine\go', 'Swoole\Coroutine\defer', 'Swoole\Coroutine\batch',
    'Swoole\Coroutine\parallel', 'Swoole\Coroutine\map', 'Swoole\Coroutine\deadlock_check', 'Co\run', 'Co\go', 'Co\defer'];
$classes = ['Swoole\Coroutine\WaitGroup', 'Co\WaitGroup', 'Swoole\Coroutine\Barrier'];
foreach ($functions as $f) echo "function $f: ", function_exists($f) ? 'defined' : 'undefined', "\n";
foreach ($classes as $c) echo "class $c: ", class_exists($c, false) ? 'defined' : 'undefined', "\n";
foreach (['Swoole\Coroutine\Server', 'Swoole\Coroutine\Server\Connection', 'Co\Server', 'Co\Server\Connection'] as $c) {
    echo "class $c: ", class_exists($c, false) ? 'defined' : 'undefined', "\n";
}
echo "SWOOLE_LIBRARY: ", defined('SWOOLE_LIBRARY') ? 'defined' : 'undefined', "\n";
echo "SWOOLE_HOOK_ALL=", SWOOLE_HOOK_ALL, " SWOOLE_HOOK_TCP=", SWOOLE_HOOK_TCP, " SWOOLE_HOOK_NATIVE_CURL=", SWOOLE_HOOK_NATIVE_CURL, "\n";
// As the library's constants.php (Swoole, with Off, loads its embedded copy at the
// first coroutine unless SWOOLE_LIBRARY is defined).
define('SWOOLE_LIBRARY', true);
eval('namespace Swoole\Coroutine {
    function run(callable $fn, ...$args) { $s = new Scheduler(); $s->set(["hook_flags" => SWOOLE_HOOK_TCP | SWOOLE_HOOK_SLEEP]); $s->add($fn, ...$args); return $s->start(); }
    function go(callable $fn, ...$args) { return \Swoole\Coroutine::create($fn, ...$args); }
    function defer(callable $fn) { \Swoole\Coroutine::defer($fn); }
    function batch(array $tasks, float $timeout = -1): array { $wg = new WaitGroup(); $out = []; foreach ($tasks as $k => $t) { $wg->add(); go(function () use ($wg, &$out, $k, $t) { $out[$k] = $t(); $wg->done(); }); } $wg->wait($timeout); return $out; }
    function parallel(int $n, callable $fn): void { while ($n-- > 0) $fn(); }
    function map(array $list, callable $fn, float $timeout = -1): array { return array_map($fn, $list); }
    function deadlock_check() { echo "stand-in deadlock_check, ", \Swoole\Coroutine::stats()["coroutine_num"], " coroutines\n"; }
    class WaitGroup { private $chan; private $n = 0; function __construct() { $this->chan = new Channel(1); }
        function add(int $d = 1): void { $this->n += $d; } function done(): void { if (--$this->n === 0) $this->chan->push(true); }
        function wait(float $t = -1): bool { return $this->n === 0 || $this->chan->pop($t); } }
    class Barrier { public static function make(): self { return new self(); } public static function wait(Barrier &$b, float $t = -1): void { $b = null; } }
}
namespace Co {
    function run(callable $fn, ...$args) { return \Swoole\Coroutine\run($fn, ...$args); }
    function go(callable $fn, ...$args) { return \Swoole\Coroutine\go($fn, ...$args); }
    function defer(callable $fn) { \Swoole\Coroutine\defer($fn); }
}');
var_dump(class_alias('Swoole\Coroutine\WaitGroup', 'Co\WaitGroup', true));
foreach ($functions as $f) echo "function $f: ", (new ReflectionFunction($f))->isUserDefined() ? 'user' : 'internal', "\n";
foreach ($classes as $c) echo "class $c: ", (new ReflectionClass($c))->isUserDefined() ? 'user' : 'internal', "\n";
var_dump(Co\run(function () {
    var_dump(Swoole\Coroutine::getOptions());
    var_dump(Swoole\Coroutine\batch(['a' => function () { Co::sleep(0.01); return 1; }, 'b' => fn() => 2]));
    $b = Swoole\Coroutine\Barrier::make();
    Swoole\Coroutine\Barrier::wait($b);
    var_dump($b);
}));
echo "-- the library's vendor_init.php turns swoole.enable_library On: a deadlock is reported by its deadlock_check()\n";
ini_set('swoole.enable_library', 'On');
Co\run(function () { Co::yield(); });
ini_set('swoole.enable_library', 'Off');
echo "-- with Off, a deadlock gets Swoole's short header\n";
Co\run(function () { Co::yield(); });
--EXPECT--
ini swoole.enable_library=''
function Swoole\Coroutine\run: undefined
function Swoole\Coroutine\go: undefined
function Swoole\Coroutine\defer: undefined
function Swoole\Coroutine\batch: undefined
function Swoole\Coroutine\parallel: undefined
function Swoole\Coroutine\map: undefined
function Swoole\Coroutine\deadlock_check: undefined
function Co\run: undefined
function Co\go: undefined
function Co\defer: undefined
class Swoole\Coroutine\WaitGroup: undefined
class Co\WaitGroup: undefined
class Swoole\Coroutine\Barrier: undefined
class Swoole\Coroutine\Server: undefined
class Swoole\Coroutine\Server\Connection: undefined
class Co\Server: undefined
class Co\Server\Connection: undefined
SWOOLE_LIBRARY: undefined
SWOOLE_HOOK_ALL=2143285247 SWOOLE_HOOK_TCP=2 SWOOLE_HOOK_NATIVE_CURL=4096
bool(true)
function Swoole\Coroutine\run: user
function Swoole\Coroutine\go: user
function Swoole\Coroutine\defer: user
function Swoole\Coroutine\batch: user
function Swoole\Coroutine\parallel: user
function Swoole\Coroutine\map: user
function Swoole\Coroutine\deadlock_check: user
function Co\run: user
function Co\go: user
function Co\defer: user
class Swoole\Coroutine\WaitGroup: user
class Co\WaitGroup: user
class Swoole\Coroutine\Barrier: user
array(1) {
  ["hook_flags"]=>
  int(514)
}
array(2) {
  ["b"]=>
  int(2)
  ["a"]=>
  int(1)
}
NULL
bool(true)
-- the library's vendor_init.php turns swoole.enable_library On: a deadlock is reported by its deadlock_check()
stand-in deadlock_check, 1 coroutines
-- with Off, a deadlock gets Swoole's short header

 ===================================================================
  [FATAL ERROR]: all coroutines (count: 2) are asleep - deadlock! 
 ===================================================================
