--TEST--
setProtocol(['socket_buffer_size' => ...]): a size (an int, "64K", "128k") sets both buffers; 0, a negative value or one that is not a size leaves them alone, and the call still returns true
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    foreach ([65536, '64K', ' 128k ', '100000', 50000.7, 0, -1, '-64K', 'abc', '1.5M', '', null, true, []] as $v) {
        $s = new Socket(AF_INET, SOCK_STREAM, 0);
        $before = [$s->getOption(SOL_SOCKET, SO_RCVBUF), $s->getOption(SOL_SOCKET, SO_SNDBUF)];
        $r = $s->setProtocol(['socket_buffer_size' => $v]);
        $after = [$s->getOption(SOL_SOCKET, SO_RCVBUF), $s->getOption(SOL_SOCKET, SO_SNDBUF)];
        // The kernel reports twice what was set.
        $what = $after === $before ? 'left alone' : 'both set to ' . ($after[0] === $after[1] ? $after[0] / 2 : json_encode($after));
        echo json_encode($v), ": ", var_export($r, true), ", $what\n";
    }
});
?>
--EXPECT--
65536: true, both set to 65536
"64K": true, both set to 65536
" 128k ": true, both set to 131072
"100000": true, both set to 100000
50000.7: true, both set to 50000
0: true, left alone
-1: true, left alone
"-64K": true, left alone
"abc": true, left alone
"1.5M": true, left alone
"": true, left alone
null: true, left alone
true: true, left alone
[]: true, left alone
