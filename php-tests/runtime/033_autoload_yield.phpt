--TEST--
An autoloader that yields: a second coroutine asking for the class waits for the load in progress (and takes its outcome) instead of being told the class does not exist, as in Swoole
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
spl_autoload_register(function ($class) {
    echo "autoload $class\n";
    if (Coroutine::getCid() > 0) {
        Coroutine::sleep(0.02);                  // a slow autoloader (it may do I/O)
    }
    if ($class === 'Lazy') {
        eval('class Lazy { const WHO = "lazy"; }');
    }
});
Co\run(function () {
    for ($i = 0; $i < 3; $i++) {
        go(function () use ($i) {
            echo "coroutine $i: " . Lazy::WHO . "\n";
        });
    }
    for ($i = 0; $i < 2; $i++) {
        go(function () use ($i) {
            echo "missing $i: " . var_export(class_exists('Missing'), true) . "\n";
        });
    }
});
// Outside coroutines, nothing changes.
var_dump(class_exists('Lazy'), class_exists('Other'));
?>
--EXPECT--
autoload Lazy
autoload Missing
coroutine 1: lazy
coroutine 2: lazy
coroutine 0: lazy
missing 1: false
missing 0: false
autoload Other
bool(true)
bool(false)