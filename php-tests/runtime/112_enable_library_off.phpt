--TEST--
swoole.enable_library=Off leaves undefined what swoole/library defines (Swoole\Coroutine\run/go/defer, Co\run/go/defer, Swoole\Coroutine\WaitGroup, Co\WaitGroup, SWOOLE_LIBRARY), so its files can declare them; the native API stays
--EXTENSIONS--
cosocket
--INI--
swoole.enable_library=Off
--FILE--
<?php
echo "ini swoole.enable_library=", var_export(ini_get('swoole.enable_library'), true), "\n";
foreach (['Swoole\Coroutine\run', 'Swoole\Coroutine\go', 'Swoole\Coroutine\defer', 'Co\run', 'Co\go', 'Co\defer', 'go', 'defer', 'swoole_coroutine_create'] as $f) {
    echo "function $f: ", function_exists($f) ? 'yes' : 'no', "\n";
}
foreach (['Swoole\Coroutine\WaitGroup', 'Co\WaitGroup', 'Swoole\Coroutine\Channel', 'Co\Channel', 'Swoole\Coroutine\Socket', 'Swoole\Coroutine'] as $c) {
    echo "class $c: ", class_exists($c) ? 'yes' : 'no', "\n";
}
echo "SWOOLE_LIBRARY: ", defined('SWOOLE_LIBRARY') ? 'defined' : 'undefined', "\n";
// What the library's files do, in miniature: define SWOOLE_LIBRARY (its constants.php:
// Swoole, with Off, loads its own copy at the first coroutine unless it is defined),
// declare the functions, a WaitGroup class over Channel, and alias it.
define('SWOOLE_LIBRARY', true);
eval('namespace Swoole\Coroutine { function run(callable $fn, ...$args) { $s = new Scheduler(); $s->add($fn, ...$args); return $s->start(); }
    class WaitGroup { private $chan; private $count = 0; function __construct() { $this->chan = new Channel(1); }
        function add(int $d = 1) { $this->count += $d; } function done() { if (--$this->count === 0) { $this->chan->push(true); } }
        function wait() { return $this->count === 0 || $this->chan->pop(); } } }
    namespace Co { function run(callable $fn, ...$args) { return \Swoole\Coroutine\run($fn, ...$args); } }');
var_dump(class_alias('Swoole\Coroutine\WaitGroup', 'Co\WaitGroup'));
var_dump(Co\run(function () {
    $wg = new Co\WaitGroup();
    $done = [];
    foreach ([2, 1] as $n) {
        $wg->add();
        go(function () use ($wg, $n, &$done) { Co::sleep($n / 100); $done[] = "done $n"; $wg->done(); });
    }
    var_dump($wg->wait());
    sort($done);
    echo implode("\n", $done), "\n";
}));
?>
--EXPECT--
ini swoole.enable_library=''
function Swoole\Coroutine\run: no
function Swoole\Coroutine\go: no
function Swoole\Coroutine\defer: no
function Co\run: no
function Co\go: no
function Co\defer: no
function go: yes
function defer: yes
function swoole_coroutine_create: yes
class Swoole\Coroutine\WaitGroup: no
class Co\WaitGroup: no
class Swoole\Coroutine\Channel: yes
class Co\Channel: yes
class Swoole\Coroutine\Socket: yes
class Swoole\Coroutine: yes
SWOOLE_LIBRARY: undefined
bool(true)
bool(true)
done 1
done 2
bool(true)
