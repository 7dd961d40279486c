--TEST--
Coroutine-only APIs outside a coroutine: Swoole's fatal "API must be called in the coroutine" (even under try/catch)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
foreach ([
    'Co::sleep(0.1);',
    'try { Co::yield(); } catch (Throwable $e) { echo "caught\n"; }',
    'Co::defer(fn() => 1);',
    'Co::join([1]);',
    '(new Co\Channel())->pop();',
    '(new Co\Channel())->push(1);',
    'Co\System::gethostbyname("localhost");',
] as $code) {
    [$out, $err, $status] = run_child("<?php\necho 'start', PHP_EOL;\n$code\necho 'not reached', PHP_EOL;");
    echo $out, strtok($err, "\n"), " [status $status]\n";
}
var_dump(Co::sleep(-1));
var_dump(Co::sleep(0));
var_dump(Swoole\Error::class, get_parent_class(new Swoole\Error), get_parent_class(new Swoole\Exception));
?>
--EXPECTF--
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]
start
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in FILE:3 [status 255]

Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)

Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)
string(12) "Swoole\Error"
string(5) "Error"
string(9) "Exception"
