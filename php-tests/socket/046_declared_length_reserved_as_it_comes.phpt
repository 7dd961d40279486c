--TEST--
Socket: a declared packet length takes memory only as its bytes come: a peer declaring 3 GiB (within package_max_length) and sending 3 bytes leaves a reader limited to 1 GB of address space waiting, then ending as its read does (timeout, close), for the length field and a length function alike (it used to abort)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip needs sh'); ?>
--FILE--
<?php
// A peer declares a 3 GiB packet (within package_max_length) and sends 3 bytes: the
// reader, in a process limited to 1 GB of address space, waits with little memory
// held and ends as the read does (closed: '', a timeout: false 110); it used to
// reserve the whole declared size at once and abort.
$child = <<<'PHP'
<?php
$framings = [
    'length field' => ['open_length_check' => true, 'package_length_type' => 'N', 'package_body_offset' => 4],
    'length function' => ['open_length_check' => true, 'package_length_func' => fn($d) => strlen($d) < 4 ? 0 : unpack('N', $d)[1]],
];
Co\run(function () use ($framings) {
    foreach ($framings as $name => $settings) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        $b->setProtocol($settings + ['package_max_length' => '4G']);
        $a->sendAll(pack('N', 3 << 30) . 'abc');
        go(function () use ($a) {
            Co::sleep(0.3);
            $a->close();
        });
        $r = $b->recvPacket(0.1);
        echo "$name, stalled: ", var_export($r, true), " {$b->errCode}\n";
        $r = $b->recvPacket(5);
        echo "$name, closed: ", var_export($r, true), " {$b->errCode}\n";
    }
});
echo "done\n";
PHP;
$script = tempnam(sys_get_temp_dir(), 'cosocket-ulimit');
file_put_contents($script, $child);
$so = getenv('COSOCKET_SO') ?: dirname(__DIR__, 2) . '/target/release/libcosocket.so';
$cmd = sprintf('ulimit -v 1000000 && exec %s -n -d extension=%s %s', escapeshellarg(PHP_BINARY), escapeshellarg($so), escapeshellarg($script));
$p = proc_open(['sh', '-c', $cmd], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$status = proc_close($p);
unlink($script);
echo "exit status $status", $err === '' ? '' : ", stderr: " . strtok($err, "\n"), "\n";
?>
--EXPECT--
length field, stalled: false 110
length field, closed: '' 0
length function, stalled: false 110
length function, closed: '' 0
done
exit status 0
