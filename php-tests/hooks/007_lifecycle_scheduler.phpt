--TEST--
Runtime hooks life cycle (scheduler): a bare Scheduler or go()+Event::wait() turns no hook on
--EXTENSIONS--
cosocket
--FILE--
<?php
$mode = 'scheduler';
require __DIR__ . '/lifecycle.inc';
?>
--EXPECT--
before: SLEEP flag off, options null
in Scheduler: sleep plain, SLEEP flag off, options null
in go() + Event::wait: sleep plain, SLEEP flag off, options null
end: SLEEP flag off, options null
