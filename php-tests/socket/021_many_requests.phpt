--TEST--
Several requests in one process (php-cgi -T, as php-fpm workers run): each starts clean after the last one left a coroutine suspended and a receive buffer spare
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
$v = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
if (!is_executable("/usr/bin/php-cgi$v")) die("skip /usr/bin/php-cgi$v is not installed (apt-get install php$v-cgi; scripts/test.sh does it as root)");
if (!getenv('COSOCKET_SO')) die('skip COSOCKET_SO is not set (run through scripts/test.sh)');
?>
--FILE--
<?php
$script = tempnam(sys_get_temp_dir(), 'cosocket-req');
file_put_contents($script, <<<'PHP'
<?php
use Swoole\Coroutine;
Coroutine::set(['enable_deadlock_check' => false]);
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () { Coroutine::yield(); echo "never\n"; });   // left suspended
    $a->send("ping " . Coroutine::getCid());
    echo $b->recv(), " alive=", Coroutine::stats()['coroutine_num'], "\n";
});
echo "end of request\n";
PHP);
// The php-cgi of the PHP under test: the module loads into that version only.
$cmd = sprintf('env -i /usr/bin/php-cgi%s -n -q -d extension=%s -T 3 %s 2>&1 </dev/null',
    PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script));
// -T ends with a timing line of its own.
echo preg_replace('/\s*Elapsed time: [0-9.]+ sec\s*$/', "\n", shell_exec($cmd));
unlink($script);
?>
--EXPECT--
ping 1 alive=2
end of request
ping 1 alive=2
end of request
ping 1 alive=2
end of request
