--TEST--
swoole.use_shortname=Off leaves out Co, Co\*, chan, go(), defer(), Co\run(), Co\go() and sets SWOOLE_USE_SHORTNAME false, as Swoole (the long names stay); a program may then declare its own go() and defer()
--EXTENSIONS--
cosocket
--INI--
swoole.use_shortname=Off
--FILE--
<?php
echo "ini swoole.use_shortname=", var_export(ini_get('swoole.use_shortname'), true), " SWOOLE_USE_SHORTNAME=", var_export(SWOOLE_USE_SHORTNAME, true), "\n";
foreach (['Co', 'Co\System', 'Co\Channel', 'chan', 'Co\WaitGroup', 'Co\Socket', 'Co\Context', 'Co\Iterator', 'Co\Scheduler',
          'Swoole\Coroutine', 'Swoole\Coroutine\Channel', 'Swoole\Coroutine\Socket', 'Swoole\Coroutine\WaitGroup'] as $c) {
    echo "class $c: ", class_exists($c) ? 'yes' : 'no', "\n";
}
foreach (['go', 'defer', 'Co\run', 'Co\go', 'Co\defer', 'Swoole\Coroutine\defer', 'swoole_coroutine_create', 'swoole_coroutine_defer', 'Swoole\Coroutine\run', 'Swoole\Coroutine\go'] as $f) {
    echo "function $f: ", function_exists($f) ? 'yes' : 'no', "\n";
}
// Laravel's and Hyperf's own defer()/go() can be declared (at run time: a top-level
// declaration would be bound before the checks above).
if (true) {
    function defer($cb) { return 'user defer'; }
    function go($cb) { return 'user go'; }
}
echo defer(null), ', ', go(null), "\n";
Swoole\Coroutine\run(function () {
    swoole_coroutine_defer(function () { echo "deferred\n"; });
    echo "in coroutine ", Swoole\Coroutine::getCid(), "\n";
});
?>
--EXPECT--
ini swoole.use_shortname='' SWOOLE_USE_SHORTNAME=false
class Co: no
class Co\System: no
class Co\Channel: no
class chan: no
class Co\WaitGroup: no
class Co\Socket: no
class Co\Context: no
class Co\Iterator: no
class Co\Scheduler: no
class Swoole\Coroutine: yes
class Swoole\Coroutine\Channel: yes
class Swoole\Coroutine\Socket: yes
class Swoole\Coroutine\WaitGroup: yes
function go: no
function defer: no
function Co\run: no
function Co\go: no
function Co\defer: no
function Swoole\Coroutine\defer: yes
function swoole_coroutine_create: yes
function swoole_coroutine_defer: yes
function Swoole\Coroutine\run: yes
function Swoole\Coroutine\go: yes
user defer, user go
in coroutine 1
deferred
