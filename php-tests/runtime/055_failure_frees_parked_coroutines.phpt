--TEST--
exit(), an uncaught exception and an Error in a coroutine end the script as before while others are parked in every kind of wait; the parked ones are unwound at the end, not abandoned, so nothing of theirs stays allocated (scripts/valgrind.sh fails on a definitely lost block of ours)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
$script = <<<'PHP'
<?php
require 'DIR/055_parked.inc';
register_shutdown_function(function () { echo "shutdown function ran\n"; });
$g = new Held('global');
Co\run(function () {
    $keep = park_everywhere(true);
    echo "parked\n";
    go(function () {
        $held = new Held('failing');
        Co::sleep(0.01);
        END;
    });
    Co::sleep(5);
    echo "not reached\n";
});
echo "not reached either\n";
PHP;
foreach (['exit(4)', "throw new RuntimeException('boom')", 'undefined_function()'] as $end) {
    [$out, $err, $status] = run_child(strtr($script, ['DIR' => __DIR__, 'END' => $end]));
    echo "== $end\n", $out, "--- stderr\n", $err, "--- status $status\n";
}
?>
--EXPECTF--
== exit(4)
parked
destructed failing
shutdown function ran
destructed global
destructed pusher
destructed yielder
destructed sleeper
--- stderr
--- status 4
== throw new RuntimeException('boom')
parked
destructed failing
shutdown function ran
destructed global
destructed pusher
destructed yielder
destructed sleeper
--- stderr
PHP Fatal error:  Uncaught RuntimeException: boom in FILE:11
Stack trace:
#0 [internal function]: {closure%S}()
#1 {main}
  thrown in FILE on line 11
--- status 255
== undefined_function()
parked
destructed failing
shutdown function ran
destructed global
destructed pusher
destructed yielder
destructed sleeper
--- stderr
PHP Fatal error:  Uncaught Error: Call to undefined function undefined_function() in FILE:11
Stack trace:
#0 [internal function]: {closure%S}()
#1 {main}
  thrown in FILE on line 11
--- status 255
