--TEST--
A burst of 2,000 datagrams of 1 KiB to an idle UDP receiver all arrive (its 8 MiB receive buffer holds them until it reads)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
// 2,000 datagrams of 1 KiB take about 4.6 MB of receive buffer (the kernel counts
// each one's bookkeeping too); the buffer asked for is capped at rmem_max.
if ((int) @file_get_contents('/proc/sys/net/core/rmem_max') < (4 << 20)) die('skip needs net.core.rmem_max of 4 MiB or more');
?>
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $receiver = new Socket(AF_INET, SOCK_DGRAM, 0);
    $receiver->bind('127.0.0.1', 0);
    $port = $receiver->getsockname()['port'];
    $sender = new Socket(AF_INET, SOCK_DGRAM, 0);
    $sent = 0;
    for ($i = 0; $i < 2000; $i++) {
        if ($sender->sendto('127.0.0.1', $port, str_pad("$i:", 1024, 'x')) === 1024) {
            $sent++;
        }
    }
    $got = [];
    while (($d = $receiver->recvfrom($peer, 0.2)) !== false) {
        $got[] = (int) $d;
    }
    echo "sent $sent, received ", count($got), ", lost ", $sent - count($got), ", in order: ", var_export($got === range(0, 1999), true), "\n";
});
?>
--EXPECT--
sent 2000, received 2000, lost 0, in order: true
