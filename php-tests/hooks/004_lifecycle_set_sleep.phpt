--TEST--
Runtime hooks life cycle (setSleep): Co::set(['hook_flags' => SLEEP]) before Co\run: only those hooks, applied by the first coroutine
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'setSleep';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
before: SLEEP flag on, options {"hook_flags":512}
in Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":512}
nested go: sleep hooked, SLEEP flag on, options {"hook_flags":512}
after Co\run: SLEEP flag on, options {"hook_flags":512}
plain go() after Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":512}
second Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":512}
end: SLEEP flag on, options {"hook_flags":512}
