--TEST--
A fatal error in a coroutine after it was suspended and resumed ends the script cleanly with 255
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(<<<'PHP'
<?php
register_shutdown_function(function () { echo "shutdown function ran\n"; });
Co\run(function () {
    go(function () {
        Co::sleep(0.01);
        echo "resumed\n";
        undefined_function_here();
    });
    $ch = new Co\Channel();
    go(function () use ($ch) { $ch->push(1); });
    echo "main coroutine waits\n";
    Co::sleep(1);
    echo "never\n";
});
echo "never after run\n";
PHP);
echo $out, "--- stderr\n", $err, "--- status $status\n";
?>
--EXPECTF--
main coroutine waits
resumed
shutdown function ran
--- stderr
PHP Fatal error:  Uncaught Error: Call to undefined function undefined_function_here() in FILE:7
Stack trace:
#0 [internal function]: {closure%S}()
#1 {main}
  thrown in FILE on line 7
--- status 255
