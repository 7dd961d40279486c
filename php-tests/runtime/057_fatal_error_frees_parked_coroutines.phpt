--TEST--
A fatal error proper (E_USER_ERROR) in a coroutine ends the script as PHP does (status 255, shutdown functions, no destructor after it) while others are parked: those are unwound at the end; what stays allocated is PHP's own (what it leaves of the frames a fatal error bails out of), none of ours (scripts/valgrind.sh)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
[$out, $err, $status] = run_child(strtr(<<<'PHP'
<?php error_reporting(E_ALL & ~E_DEPRECATED); // PHP 8.4 deprecates E_USER_ERROR, still a fatal error
require 'DIR/055_parked.inc';
register_shutdown_function(function () { echo "shutdown function ran\n"; });
$g = new Held('global');
Co\run(function () {
    $keep = park_everywhere(true);
    echo "parked\n";
    go(function () {
        Co::sleep(0.01);
        trigger_error('a fatal error', E_USER_ERROR);
    });
    Co::sleep(5);
    echo "not reached\n";
});
echo "not reached either\n";
PHP, ['DIR' => __DIR__]));
echo $out, "--- stderr\n", $err, "--- status $status\n";
?>
--EXPECT--
parked
shutdown function ran
--- stderr
PHP Fatal error:  a fatal error in FILE on line 10
--- status 255
