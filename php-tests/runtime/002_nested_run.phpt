--TEST--
Co\run() inside a coroutine runs its function, then is Swoole's fatal error; sequential runs at top level work
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
var_dump(Co\run(function () { echo "first run\n"; }));
go(function () { echo "go before run\n"; });
var_dump(Swoole\Coroutine\run(function () { Co::sleep(0.01); echo "second run drives the pending coroutines too\n"; }));
[$out, $err, $status] = run_child(<<<'PHP'
<?php
Co\run(function () {
    Co\run(function () { echo "inner runs at once\n"; });
    echo "never\n";
});
PHP);
echo $out, strtok($err, "\n"), " [status $status]\n";
[$out, $err, $status] = run_child('<?php go(function () { Swoole\Event::wait(); });');
echo $out, strtok($err, "\n"), " [status $status]\n";
?>
--EXPECT--
first run
bool(true)
go before run
second run drives the pending coroutines too
bool(true)
inner runs at once
PHP Fatal error:  Swoole\Coroutine\Scheduler::start(): Unable to call Event::wait() in coroutine in FILE on line 3 [status 255]
PHP Fatal error:  Swoole\Event::wait(): Unable to call Event::wait() in coroutine in FILE on line 1 [status 255]
