--TEST--
exit() inside a coroutine ends the script as exit does: output flushed, shutdown functions run, status kept
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(<<<'PHP'
<?php
register_shutdown_function(function () { echo "shutdown function ran\n"; });
ob_start();
Co\run(function () {
    go(function () {
        Co::sleep(0.01);
        echo "buffered output survives\n";
        exit(3);
    });
    go(function () { Co::sleep(0.2); echo "never\n"; });
    echo "run body\n";
});
echo "never after run\n";
PHP);
echo $out, "--- stderr\n", $err, "--- status $status\n";

[$out, $err, $status] = run_child('<?php go(function () { echo "bye\n"; exit(); }); echo "not reached\n";');
echo $out, "--- status $status\n";
?>
--EXPECT--
run body
buffered output survives
shutdown function ran
--- stderr
--- status 3
bye
--- status 0
