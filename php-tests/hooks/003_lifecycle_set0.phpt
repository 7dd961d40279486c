--TEST--
Runtime hooks life cycle (set0): Co::set(['hook_flags' => 0]) before Co\run keeps every hook off
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'set0';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
before: SLEEP flag off, options {"hook_flags":0}
in Co\run: sleep plain, SLEEP flag off, options {"hook_flags":0}
nested go: sleep plain, SLEEP flag off, options {"hook_flags":0}
after Co\run: SLEEP flag off, options {"hook_flags":0}
plain go() after Co\run: sleep plain, SLEEP flag off, options {"hook_flags":0}
second Co\run: sleep plain, SLEEP flag off, options {"hook_flags":0}
end: SLEEP flag off, options {"hook_flags":0}
