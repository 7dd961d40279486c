--TEST--
Runtime hooks life cycle (enableTrue): enableCoroutine(true) is flags 1 (no hook), and Co\run keeps it
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'enableTrue';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
bool(true)
before: SLEEP flag off, options {"hook_flags":1}
in Co\run: sleep plain, SLEEP flag off, options {"hook_flags":1}
nested go: sleep plain, SLEEP flag off, options {"hook_flags":1}
after Co\run: SLEEP flag off, options {"hook_flags":1}
plain go() after Co\run: sleep plain, SLEEP flag off, options {"hook_flags":1}
second Co\run: sleep plain, SLEEP flag off, options {"hook_flags":1}
end: SLEEP flag off, options {"hook_flags":1}
