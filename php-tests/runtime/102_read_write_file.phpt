--TEST--
System::readFile() and writeFile(): FILE_APPEND, LOCK_EX, truncation, 0644, binary data, missing files, directories, empty and NUL names, symlinks refused for writing, concurrent locked appends
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
function r($label, $fn) {
    swoole_clear_error();
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', var_export($v, true), ' last_error=', swoole_last_error(), "\n";
}
$dir = sys_get_temp_dir() . '/cosocket_102_' . getmypid();
@mkdir($dir);
$f = "$dir/a.txt";
Co\run(function () use ($dir, $f) {
    r('write new', fn() => System::writeFile($f, "hello"));
    r('read', fn() => System::readFile($f));
    r('write truncates', fn() => System::writeFile($f, "hi"));
    r('append', fn() => System::writeFile($f, " world", FILE_APPEND));
    r('append|lock', fn() => System::writeFile($f, "!", FILE_APPEND | LOCK_EX));
    r('read', fn() => System::readFile($f));
    r('read LOCK_EX', fn() => System::readFile($f, LOCK_EX));
    r('12345 flags append', fn() => System::writeFile($f, "x", 12345));
    r('read', fn() => System::readFile($f));
    r('write ""', fn() => System::writeFile($f, ""));
    r('read empty', fn() => System::readFile($f));
    r('mode', fn() => sprintf('%o', fileperms($f) & 0777));
    r('write 1 MiB with NUL bytes', fn() => System::writeFile($f, str_repeat("z\0", 1 << 19)));
    r('read 1 MiB', fn() => md5(System::readFile($f)) === md5(str_repeat("z\0", 1 << 19)));
    r('read missing', fn() => System::readFile("$dir/missing"));
    r('read dir', fn() => System::readFile($dir));
    r('read ""', fn() => System::readFile(""));
    r('read NUL', fn() => System::readFile("a\0b"));
    r('write ""', fn() => System::writeFile("", "x"));
    r('write dir', fn() => System::writeFile($dir, "x"));
    r('write missing dir', fn() => System::writeFile("$dir/nodir/x", "x"));
    symlink($f, "$dir/link");
    r('write symlink', fn() => System::writeFile("$dir/link", "x"));
    r('read symlink', fn() => strlen(System::readFile("$dir/link")));
    r('read /proc/self/status', fn() => str_starts_with(System::readFile('/proc/self/status'), 'Name:'));
    echo "-- concurrent appends\n";
    @unlink($f);
    $wg = new Swoole\Coroutine\WaitGroup();
    for ($i = 0; $i < 5; $i++) { $wg->add(); go(function () use ($f, $i, $wg) { System::writeFile($f, str_repeat((string)$i, 1000), FILE_APPEND | LOCK_EX); $wg->done(); }); }
    $wg->wait();
    r('size', fn() => (clearstatcache() ?: filesize($f)));
});
array_map('unlink', glob("$dir/*"));
rmdir($dir);
--EXPECTF--
write new => 5 last_error=0
read => 'hello' last_error=0
write truncates => 2 last_error=0
append => 6 last_error=0
append|lock => 1 last_error=0
read => 'hi world!' last_error=0
read LOCK_EX => 'hi world!' last_error=0
12345 flags append => 1 last_error=0
read => 'hi world!x' last_error=0
write "" => 0 last_error=0
read empty => '' last_error=0
mode => '644' last_error=0
write 1 MiB with NUL bytes => 1048576 last_error=0
read 1 MiB => true last_error=0
read missing => false last_error=0
read dir => '' last_error=0
read "" => ValueError: Filename cannot be empty
read NUL => ValueError: Swoole\Coroutine\System::readFile(): Argument #1 ($filename) must not contain any null bytes
write "" => ValueError: Filename cannot be empty
write dir => false last_error=0
write missing dir => false last_error=0
write symlink => false last_error=0
read symlink => 1048576 last_error=0
read /proc/self/status => true last_error=0
-- concurrent appends
size => 5000 last_error=0
