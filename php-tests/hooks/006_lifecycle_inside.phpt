--TEST--
Runtime hooks life cycle (inside): inside a coroutine Co::set(['hook_flags']) only stores the flags; enableCoroutine()/setHookFlags() apply them at once
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'inside';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
before: SLEEP flag off, options null
in Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":2143285247}
nested go: sleep hooked, SLEEP flag off, options {"hook_flags":2}
after Co::set([hook_flags => TCP]) inside: sleep hooked, SLEEP flag off, options {"hook_flags":2}
after enableCoroutine(TCP) inside: sleep plain, SLEEP flag off, options {"hook_flags":2}
after setHookFlags(SLEEP) inside: sleep hooked, SLEEP flag on, options {"hook_flags":512}
after Co\run: SLEEP flag on, options {"hook_flags":512}
plain go() after Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":512}
second Co\run: sleep hooked, SLEEP flag on, options {"hook_flags":512}
end: SLEEP flag on, options {"hook_flags":512}
