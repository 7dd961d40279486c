--TEST--
A script that ends with coroutines parked (a deadlock), some inside a generator, a Fiber or a class load: they are unwound at the end without running any code of theirs (no catch, finally, defer or buffered output), so nothing of theirs stays allocated (scripts/valgrind.sh fails on a definitely lost block of ours; resuming a coroutine in a generator that PHP's shutdown destructors had closed would read freed memory)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(strtr(<<<'PHP'
<?php
require 'DIR/055_parked.inc';
register_shutdown_function(function () { echo "shutdown function ran\n"; });
Co::set(['enable_deadlock_check' => false]);
Co\run(function () {
    $GLOBALS['keep'] = park_everywhere(false);
    go(function () {
        try {
            Co::yield();
        } catch (Throwable $e) {
            echo "caught ", get_class($e), "\n";
        } finally {
            echo "finally ran\n";
        }
    });
    echo "parked\n";
});
echo "after run: ", Co::stats()['coroutine_num'], " coroutines parked\n";
PHP, ['DIR' => __DIR__]));
echo $out, "--- stderr\n", $err, "--- status $status\n";
?>
--EXPECT--
parked
after run: 11 coroutines parked
shutdown function ran
destructed pusher
destructed yielder
--- stderr
--- status 0
