--TEST--
Hooks, a plain stream_socket_client/fsockopen line protocol against a forked plain-PHP server (tcp:// and unix://): echo, 10 coroutines each waiting 0.3 s for their answer in about 0.3 s, a read timeout (stream_set_timeout) with timed_out, the peer closing (feof), and the connection usable after a timeout
--EXTENSIONS--
cosocket
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless(); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$addr = srv_line_server();
$unix = sys_get_temp_dir() . '/cosocket-095-' . getmypid() . '.sock';
$uaddr = srv_line_server($unix);
register_shutdown_function(fn() => @unlink($unix));
Co\run(function () use ($addr, $uaddr) {
    $c = stream_socket_client($addr, $errno, $errstr, 5);
    fwrite($c, "echo hello world\n");
    show('echo', fgets($c));
    [$host, $port] = explode(':', substr($addr, 6));
    $f = fsockopen($host, (int) $port, $errno, $errstr, 5);
    fwrite($f, "echo via fsockopen\n");
    show('fsockopen', fgets($f));
    $u = stream_socket_client($uaddr, $errno, $errstr, 5);
    fwrite($u, "echo over unix\n");
    show('unix', fgets($u));

    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $got = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($i, $addr, $uaddr, $wg, &$got) {
            $s = stream_socket_client($i % 2 ? $uaddr : $addr, $errno, $errstr, 5);
            fwrite($s, "sleep 0.3 r$i\n");
            $got[$i] = trim(fgets($s));
            $wg->done();
        });
    }
    $wg->wait();
    ksort($got);
    show('10 x "sleep 0.3"', [implode(',', $got), took($t, 0.29, 1.2)]);

    stream_set_timeout($c, 0, 300000);
    fwrite($c, "sleep 0.6 late\n");
    $stop = ticker();
    $t = microtime(true);
    show('read timeout', [fgets($c), stream_get_meta_data($c)['timed_out'], took($t, 0.25, 0.55)]);
    echo $stop(), "\n";
    stream_set_timeout($c, 5);
    show('the late answer', fgets($c));
    show('timed_out after a read', stream_get_meta_data($c)['timed_out']);
    fwrite($c, "echo again\n");
    show('again', fgets($c));

    fwrite($c, "close\n");
    show('peer closed', [fgets($c), feof($c)]);
    fclose($c);
    fclose($f);
    fclose($u);
});
echo "done\n";
?>
--EXPECT--
echo: 'hello world
'
fsockopen: 'via fsockopen
'
unix: 'over unix
'
10 x "sleep 0.3": ["r0,r1,r2,r3,r4,r5,r6,r7,r8,r9","in [0.29, 1.2] s"]
read timeout: [false,true,"in [0.25, 0.55] s"]
other coroutines ran
the late answer: 'late
'
timed_out after a read: false
again: 'again
'
peer closed: [false,true]
done
