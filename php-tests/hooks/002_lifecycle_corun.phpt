--TEST--
Runtime hooks life cycle (default): Co\run turns every hook on unless hook_flags was set; the hooks come off when the loop ends and come back with the next coroutine, the flags stay
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'default';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
before: SLEEP flag off, options null
in Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":2143285247}
nested go: sleep hooked, SLEEP flag on, options {"hook_flags":2143285247}
after Co\run: SLEEP flag on, options {"hook_flags":2143285247}
plain go() after Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":2143285247}
second Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":2143285247}
end: SLEEP flag on, options {"hook_flags":2143285247}
