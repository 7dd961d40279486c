--TEST--
Coroutine::set() lasts for its request: in the next request of the same process (php-cgi -T, as php-fpm workers run) getOptions() is null and new sockets get the default timeouts and buffer size, and max_coroutine its default
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
$counter = tempnam(sys_get_temp_dir(), 'cosocket-count');
$script = tempnam(sys_get_temp_dir(), 'cosocket-req');
file_put_contents($script, '<?php $counter = ' . var_export($counter, true) . ";\n" . <<<'PHP'
use Swoole\Coroutine;
$n = (int)file_get_contents($counter);
file_put_contents($counter, $n + 1);
echo "request $n: options=", json_encode(Coroutine::getOptions()), "\n";
if ($n == 0) {
    Coroutine::set(['socket_read_timeout' => 1.5, 'socket_connect_timeout' => 2,
        'socket_buffer_size' => 65536, 'max_coroutine' => 3]);
}
Co\run(function () {
    $s = new Coroutine\Socket(AF_INET, SOCK_DGRAM, 0);
    $t = $s->getOption(SOL_SOCKET, SO_RCVTIMEO);
    // The kernel doubles what was set, within its own limit: 65536 gives 131072.
    echo " read timeout ", $t['sec'] + $t['usec'] / 1e6, ", buffer ",
        $s->getOption(SOL_SOCKET, SO_RCVBUF) <= 131072 ? "64K" : "default", "\n";
    $started = 0;
    for ($i = 0; $i < 5; $i++) {
        $started += @go(function () { Coroutine::sleep(0.001); }) !== false;
    }
    echo " coroutines started: $started\n";
});
PHP);
// The php-cgi of the PHP under test: the module loads into that version only.
$cmd = sprintf('env -i /usr/bin/php-cgi%s -n -q -d extension=%s -T 3 %s 2>&1 </dev/null',
    PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script));
// -T ends with a timing line of its own.
echo preg_replace('/\s*Elapsed time: [0-9.]+ sec\s*$/', "\n", shell_exec($cmd));
unlink($script);
unlink($counter);
?>
--EXPECT--
request 0: options=null
 read timeout 1.5, buffer 64K
 coroutines started: 2
request 1: options=null
 read timeout 60, buffer default
 coroutines started: 5
request 2: options=null
 read timeout 60, buffer default
 coroutines started: 5
