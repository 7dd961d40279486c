--TEST--
A stack that cannot be mapped (address space limit): go() warns with the cause and the fix, returns false, ENOMEM
--EXTENSIONS--
cosocket
posix
--SKIPIF--
<?php
if (!function_exists('posix_setrlimit')) die('skip posix_setrlimit needed');
// valgrind keeps the address space its own way.
if (getenv('USE_ZEND_ALLOC') === '0') die('skip not under valgrind');
?>
--FILE--
<?php
use Swoole\Coroutine;
// Room for a few 16 MiB stacks and no more.
preg_match('/VmSize:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
posix_setrlimit(POSIX_RLIMIT_AS, ($m[1] + 64 * 1024) * 1024, -1);
Coroutine::set(['c_stack_size' => 16 * 1024 * 1024]);
Co\run(function () {
    $ch = new Coroutine\Channel();
    $n = 0;
    while ($n < 100 && ($cid = go(fn() => $ch->pop())) !== false) {
        $n++;
    }
    var_dump($n > 0 && $n < 100, $cid, swoole_last_error() === SOCKET_ENOMEM);
    $ch->close();
});
echo "done\n";
?>
--EXPECTF--
Warning: go(): failed to allocate a coroutine stack: Cannot allocate memory (too many memory mappings? raise vm.max_map_count: sysctl -w vm.max_map_count=262144, or lower c_stack_size) in %s on line %d
bool(true)
bool(false)
bool(true)
done
