--TEST--
Recursion through internal callbacks (array_map) that overflows a coroutine's C stack ends the script with a fatal error naming the cause and c_stack_size (status 255, no segfault); a bigger c_stack_size goes deeper
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
// run-tests' valgrind follows the children. It does not know MADV_GUARD_INSTALL guard
// pages, takes them for stack memory, and after the handler has reported the overflow
// it crashes itself reading one ("VALGRIND INTERNAL ERROR: ... SIGSEGV", for some
// stack sizes): not something this test can check under it.
if (getenv('USE_ZEND_ALLOC') === '0') die('skip not under valgrind (it crashes on MADV_GUARD_INSTALL guard pages)');
?>
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
// Each level is array_map -> closure -> deeper(): C frames on the coroutine's stack.
$deeper = <<<'PHP'
<?php
function deeper($n) {
    if ($n % 100 == 0) echo "$n\n";
    return array_map(fn($x) => deeper($n + 1), [1]);
}
class Noisy { function __destruct() { echo "destructor ran\n"; } }
register_shutdown_function(function () { echo "shutdown function ran\n"; });

PHP;
// PHP >= 8.3 checks the depth itself against EG(stack_limit), which cosocket sets to
// each coroutine's stack, and throws its own Error before the guard page (see 035);
// with that check off, as on PHP 8.2, the guard-page handler reports the overflow.
$run = fn(string $code) => run_child($code, true, ['zend.max_allowed_stack_size' => '-1']);
// The deepest level a child printed before it ended.
$reached = fn(string $out) => (int) preg_replace('/.*\n(\d+)\n$/s', '$1', $out);

// Coroutine 1 starts coroutine 2, which parks, then overflows: the report names 1.
[$out, $err, $status] = $run($deeper . <<<'PHP'
$keep = new Noisy;
echo "start\n";
Co\run(function () {
    go(fn() => Co::sleep(10));
    deeper(1);
});
echo "never printed\n";
PHP);
echo strtok($out, "\n"), "\n";
$d2 = $reached($out);
var_dump($d2 > 500, str_contains($out, "ran"), str_contains($out, "never"));
echo $err, "--- status $status\n";

// 8 MiB stacks: the overflow in coroutine 2 comes about four times deeper.
[$out, $err, $status] = $run($deeper . <<<'PHP'
Swoole\Coroutine::set(['c_stack_size' => 8 * 1024 * 1024]);
Co\run(function () {
    go(fn() => deeper(1));
});
PHP);
$d8 = $reached($out);
var_dump($d8 > 3 * $d2);
echo $err, "--- status $status\n";

// At the largest c_stack_size the message says so instead of asking for more.
[$out, $err, $status] = $run($deeper . <<<'PHP'
Swoole\Coroutine::set(['c_stack_size' => 64 * 1024 * 1024]);
Co\run(fn() => deeper(1));
PHP);
echo $err, "--- status $status\n";
?>
--EXPECTF--
start
bool(true)
bool(false)
bool(false)
PHP Fatal error:  Maximum call stack size of 2097152 bytes reached in coroutine 1: its C stack overflowed (infinite recursion, or deep recursion through callbacks?). Raise it with Swoole\Coroutine::set(['c_stack_size' => 4194304]) (now 2097152 bytes, at most 16777216)
--- status 255
bool(true)
PHP Fatal error:  Maximum call stack size of 8388608 bytes reached in coroutine 2: its C stack overflowed (infinite recursion, or deep recursion through callbacks?). Raise it with Swoole\Coroutine::set(['c_stack_size' => 16777216]) (now 8388608 bytes, at most 16777216)
--- status 255
PHP Fatal error:  Maximum call stack size of 16777216 bytes reached in coroutine 1: its C stack overflowed (infinite recursion, or deep recursion through callbacks?). c_stack_size is already at its maximum of 16777216 bytes: recurse less deeply
--- status 255
