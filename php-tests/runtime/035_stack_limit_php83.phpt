--TEST--
PHP >= 8.3: each coroutine's EG(stack_base)/EG(stack_limit) are its own stack's, so deep recursion through internal callbacks throws PHP's own catchable Error, and a bigger c_stack_size goes deeper
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (PHP_VERSION_ID < 80300) die('skip PHP >= 8.3 only (older PHP has no stack limit check: see 030)');
if (ini_get('zend.max_allowed_stack_size') === '-1') die('skip stack limit check turned off');
?>
--FILE--
<?php
// The depth reached goes to a global: an arrow function captures by value, so a
// reference passed down through one would stop counting at the first level.
function deeper($n) {
    $GLOBALS['max'] = $n;
    return array_map(fn($x) => deeper($n + 1), [1]);
}
function depth_in_coroutine(): int {
    $GLOBALS['max'] = 0;
    Co\run(function () {
        try {
            deeper(1);
        } catch (Error $e) {
            echo get_class($e), ": ", $e->getMessage(), "\n";
        }
    });
    return $GLOBALS['max'];
}
$d2 = depth_in_coroutine();
Swoole\Coroutine::set(['c_stack_size' => 8 * 1024 * 1024]);
$d8 = depth_in_coroutine();
var_dump($d2 > 500, $d8 > 3 * $d2);
// Back on the main stack its own limits are in place again (with a coroutine's left
// behind, the check would never fire there and the recursion would segfault).
try {
    deeper(1);
} catch (Error $e) {
    echo "main: ", get_class($e), "\n";
}
?>
--EXPECTF--
Error: Maximum call stack size of %d bytes %Sreached. Infinite recursion?
Error: Maximum call stack size of %d bytes %Sreached. Infinite recursion?
bool(true)
bool(true)
main: Error
