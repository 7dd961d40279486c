--TEST--
An uncaught exception in a coroutine is reported as PHP reports one and ends the script with status 255
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(<<<'PHP'
<?php
echo "before\n";
go(function () {
    echo "in coroutine\n";
    Co::sleep(0.01);
    throw new RuntimeException("boom", 7);
});
go(function () { Co::sleep(0.5); echo "never printed\n"; });
echo "after go\n";
PHP);
echo $out, "--- stderr\n", $err, "--- status $status\n";
?>
--EXPECTF--
before
in coroutine
after go
--- stderr
PHP Deprecated:  swoole_event_rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
PHP Fatal error:  Uncaught RuntimeException: boom in FILE:6
Stack trace:
#0 [internal function]: {closure%S}()
#1 {main}
  thrown in FILE on line 6
--- status 255
