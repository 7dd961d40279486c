--TEST--
System::statvfs() (also outside a coroutine) and exec(): code, signal, output, stderr captured or passed through, 127, NUL bytes, 1 MiB, other coroutines run meanwhile
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
function r($label, $fn) {
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', str_replace("\n", '\n', var_export($v, true)), "\n";
}
$s = System::statvfs('/');
echo 'statvfs("/nonexistent") => ', var_export(System::statvfs('/nonexistent'), true), "\n";
echo "outside a coroutine: ", implode(',', array_keys($s)), ' ', $s['bsize'] > 0 && $s['blocks'] > 0 && $s['namemax'] === 255 ? 'ok' : 'bad', "\n";
Co\run(function () {
    r('statvfs types', fn() => implode(',', array_map('get_debug_type', System::statvfs('/'))));
    r('statvfs("")', fn() => System::statvfs(''));
    r('exec echo', fn() => System::exec('echo hi'));
    r('exec exit 3', fn() => System::exec('exit 3'));
    r('exec kill -9', fn() => System::exec('kill -9 $$'));
    r('exec stderr through', fn() => System::exec('echo out; echo err >&2'));
    r('exec stderr captured', fn() => System::exec('echo out; echo err >&2', true));
    r('exec missing', fn() => System::exec('nonexistent_cmd_xyz 2>/dev/null'));
    r('exec ""', fn() => System::exec(''));
    r('exec NUL', fn() => System::exec("printf 'a\\0b'"));
    r('exec 1 MiB', fn() => strlen(System::exec('head -c 1048576 /dev/zero')['output']));
    go(function () { echo "  [another coroutine runs meanwhile]\n"; Co::sleep(0.05); echo "  [and again]\n"; });
    r('exec sleep', fn() => System::exec('sleep 0.2; echo done'));
});
--EXPECTF--
statvfs("/nonexistent") => false
outside a coroutine: bsize,frsize,blocks,bfree,bavail,files,ffree,favail,fsid,flag,namemax ok
statvfs types => 'int,int,int,int,int,int,int,int,int,int,int'
statvfs("") => ValueError: Path cannot be empty
exec echo => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => 'hi\n',\n)
exec exit 3 => array (\n  'code' => 3,\n  'signal' => 0,\n  'output' => '',\n)
exec kill -9 => array (\n  'code' => 0,\n  'signal' => 9,\n  'output' => '',\n)
err
exec stderr through => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => 'out\n',\n)
exec stderr captured => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => 'out\nerr\n',\n)
exec missing => array (\n  'code' => 127,\n  'signal' => 0,\n  'output' => '',\n)
exec "" => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => '',\n)
exec NUL => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => 'a' . "\0" . 'b',\n)
exec 1 MiB => 1048576
  [another coroutine runs meanwhile]
  [and again]
exec sleep => array (\n  'code' => 0,\n  'signal' => 0,\n  'output' => 'done\n',\n)
