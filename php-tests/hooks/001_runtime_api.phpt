--TEST--
Swoole\Runtime: Swoole 6.2.1's signatures, not instantiable, SWOOLE_HOOK_* values, enableCoroutine()/setHookFlags() argument forms and results; getHookFlags() reports only implemented flags (README difference; Swoole reports what was asked)
--EXTENSIONS--
cosocket
--FILE--
<?php
$c = new ReflectionClass('Swoole\Runtime');
echo 'final=', json_encode($c->isFinal()), ' instantiable=', json_encode($c->isInstantiable()), "\n";
foreach ($c->getMethods() as $m) {
    echo '  ', implode(' ', Reflection::getModifierNames($m->getModifiers())), ' ', $m->getName(), '(',
        implode(', ', array_map(fn($p) => $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = ' . $p->getDefaultValueConstantName() : ''), $m->getParameters())),
        '): ', $m->getReturnType(), "\n";
}
try { new Swoole\Runtime; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
class MyRuntime extends Swoole\Runtime {}
try { new MyRuntime; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
foreach (['TCP', 'UDP', 'UNIX', 'UDG', 'SSL', 'TLS', 'STREAM_FUNCTION', 'STREAM_SELECT', 'FILE', 'STDIO', 'SLEEP', 'PROC', 'CURL', 'NATIVE_CURL', 'SOCKETS', 'NET_FUNCTION', 'MONGODB', 'ALL'] as $n) {
    echo "SWOOLE_HOOK_$n = ", constant("SWOOLE_HOOK_$n"), "\n";
}
var_dump(defined('SWOOLE_HOOK_BLOCKING_FUNCTION'));
set_error_handler(function ($no, $str) { echo "  [$no] $str\n"; return true; });
$report = function () {
    $f = Swoole\Runtime::getHookFlags();
    // Bits Swoole defines but cosocket does not implement are never reported.
    $never = SWOOLE_HOOK_FILE | SWOOLE_HOOK_STDIO | SWOOLE_HOOK_PROC | SWOOLE_HOOK_CURL | SWOOLE_HOOK_NATIVE_CURL | SWOOLE_HOOK_MONGODB | 1 | (1 << 30);
    return ($f & SWOOLE_HOOK_SLEEP ? 'S' : '-') . ($f & SWOOLE_HOOK_STREAM_FUNCTION ? 'F' : '-') . ($f & SWOOLE_HOOK_NET_FUNCTION ? 'N' : '-')
        . (($f & $never) ? ' UNIMPLEMENTED REPORTED' : '') . ' opts=' . json_encode(Swoole\Coroutine::getOptions());
};
echo 'initial: ', $report(), "\n";
foreach ([[], [true], [false], [0], [SWOOLE_HOOK_SLEEP], [SWOOLE_HOOK_ALL], [-1], [1], [1 << 30], ['abc'], [1.5], [null], [true, SWOOLE_HOOK_TCP]] as $args) {
    echo 'enableCoroutine(', implode(', ', array_map(fn($a) => var_export($a, true), $args)), ') = ';
    try { echo var_export(Swoole\Runtime::enableCoroutine(...$args), true); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(); }
    echo ' -> ', $report(), "\n";
}
foreach ([[0], [SWOOLE_HOOK_STREAM_FUNCTION | SWOOLE_HOOK_NET_FUNCTION], [], ['x'], [true]] as $args) {
    echo 'setHookFlags(', implode(', ', array_map(fn($a) => var_export($a, true), $args)), ') = ';
    try { echo var_export(Swoole\Runtime::setHookFlags(...$args), true); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(); }
    echo ' -> ', $report(), "\n";
}
Swoole\Coroutine::set(['hook_flags' => SWOOLE_HOOK_SLEEP | SWOOLE_HOOK_FILE]);
echo 'Co::set: ', $report(), "\n";
?>
--EXPECT--
final=false instantiable=true
  public static enableCoroutine(int $flags = SWOOLE_HOOK_ALL): bool
  public static getHookFlags(): int
  public static setHookFlags(int $flags): bool
Error: The object of Swoole\Runtime can not be created for security reasons
Error: The object of MyRuntime can not be created for security reasons
SWOOLE_HOOK_TCP = 2
SWOOLE_HOOK_UDP = 4
SWOOLE_HOOK_UNIX = 8
SWOOLE_HOOK_UDG = 16
SWOOLE_HOOK_SSL = 32
SWOOLE_HOOK_TLS = 64
SWOOLE_HOOK_STREAM_FUNCTION = 128
SWOOLE_HOOK_STREAM_SELECT = 128
SWOOLE_HOOK_FILE = 256
SWOOLE_HOOK_STDIO = 32768
SWOOLE_HOOK_SLEEP = 512
SWOOLE_HOOK_PROC = 1024
SWOOLE_HOOK_CURL = 2048
SWOOLE_HOOK_NATIVE_CURL = 4096
SWOOLE_HOOK_SOCKETS = 16384
SWOOLE_HOOK_NET_FUNCTION = 2097152
SWOOLE_HOOK_MONGODB = 4194304
SWOOLE_HOOK_ALL = 2143285247
bool(false)
initial: --- opts=null
enableCoroutine() = true -> SFN opts={"hook_flags":2143285247}
enableCoroutine(true) = true -> --- opts={"hook_flags":1}
enableCoroutine(false) = true -> --- opts={"hook_flags":0}
enableCoroutine(0) = true -> --- opts={"hook_flags":0}
enableCoroutine(512) = true -> S-- opts={"hook_flags":512}
enableCoroutine(2143285247) = true -> SFN opts={"hook_flags":2143285247}
enableCoroutine(-1) = true -> SFN opts={"hook_flags":4294967295}
enableCoroutine(1) = true -> --- opts={"hook_flags":1}
enableCoroutine(1073741824) = true -> --- opts={"hook_flags":1073741824}
enableCoroutine('abc') = TypeError: Swoole\Runtime::enableCoroutine(): Argument #1 ($flags) must be of type int, string given -> --- opts={"hook_flags":1073741824}
enableCoroutine(1.5) =   [8192] Implicit conversion from float 1.5 to int loses precision
true -> --- opts={"hook_flags":1}
enableCoroutine(NULL) =   [8192] Swoole\Runtime::enableCoroutine(): Passing null to parameter #1 ($flags) of type int is deprecated
true -> --- opts={"hook_flags":0}
enableCoroutine(true, 2) = ArgumentCountError: Swoole\Runtime::enableCoroutine() expects at most 1 argument, 2 given -> --- opts={"hook_flags":0}
setHookFlags(0) = true -> --- opts={"hook_flags":0}
setHookFlags(2097280) = true -> -FN opts={"hook_flags":2097280}
setHookFlags() = ArgumentCountError: Swoole\Runtime::setHookFlags() expects exactly 1 argument, 0 given -> -FN opts={"hook_flags":2097280}
setHookFlags('x') = TypeError: Swoole\Runtime::setHookFlags(): Argument #1 ($flags) must be of type int, string given -> -FN opts={"hook_flags":2097280}
setHookFlags(true) = true -> --- opts={"hook_flags":1}
Co::set: S-- opts={"hook_flags":768}
