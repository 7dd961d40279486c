--TEST--
Hooks: a hooked tcp/udp address reads its port as PHP does (atoi: whatever follows the digits is ignored), so "host:port/name" connects (Predis' named persistent connections, "persistent" => "name") and "host:port/a" and "host:port/b" are two persistent connections
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) { echo "  [$no] ", preg_replace('/:\d+/', ':P', $str), "\n"; return true; });
Co\run(function () {
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $addr = stream_socket_get_name($srv, false);
    echo 'server: ', stream_get_meta_data($srv)['stream_type'], "\n";
    $n = 0;
    go(function () use ($srv, &$n) {
        // the 7 tcp connections below
        for ($i = 0; $i < 7 && ($c = stream_socket_accept($srv, 5)); $i++) {
            $id = ++$n;
            go(function () use ($c, $id) {
                while (($l = fgets($c)) !== false) {
                    fwrite($c, "conn$id " . $l);
                }
            });
        }
    });
    $ask = function ($s, $what) {
        fwrite($s, "$what\n");
        return rtrim(fgets($s));
    };
    foreach (["tcp://$addr/name", "tcp://$addr:5", "tcp://{$addr}x", "tcp://$addr abc"] as $a) {
        $s = stream_socket_client($a, $errno, $errstr, 1);
        echo str_replace($addr, 'ADDR', $a), ' => ', $s ? stream_get_meta_data($s)['stream_type'] . ' ' . $ask($s, 'hi') : "false $errno $errstr", "\n";
    }
    $s = fsockopen("tcp://$addr/x", -1, $errno, $errstr, 1);
    echo 'fsockopen => ', $s ? $ask($s, 'hi') : "false $errno $errstr", "\n";
    $p = [];
    foreach (['a', 'b', 'a'] as $k) {
        $p[] = $s = stream_socket_client("tcp://$addr/$k", $errno, $errstr, 1, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
        echo "persistent /$k => ", $s ? $ask($s, $k) : "false $errno $errstr", "\n";
    }
    echo 'persistent /a twice is one stream: ', json_encode($p[0] === $p[2]), "\n";
    // The digits end the port: "127.0.0.1:/x" is port 0, as in PHP.
    $s = stream_socket_client('tcp://127.0.0.1:/x', $errno, $errstr, 1);
    echo 'port 0 => ', $s ? 'connected' : "false $errno $errstr", "\n";
    $u = stream_socket_server('udp://127.0.0.1:0/x', $errno, $errstr, STREAM_SERVER_BIND);
    $ua = stream_socket_get_name($u, false);
    echo 'udp: ', stream_get_meta_data($u)['stream_type'], "\n";
    $c = stream_socket_client("udp://$ua/z");
    fwrite($c, 'datagram');
    echo 'udp => ', stream_socket_recvfrom($u, 100), "\n";
    fclose($p[0]);
    fclose($p[1]);
    fclose($srv);
});
echo "done\n";
?>
--EXPECT--
server: socket/coroutine
tcp://ADDR/name => socket/coroutine conn1 hi
tcp://ADDR:5 => socket/coroutine conn2 hi
tcp://ADDRx => socket/coroutine conn3 hi
tcp://ADDR abc => socket/coroutine conn4 hi
fsockopen => conn5 hi
persistent /a => conn6 a
persistent /b => conn7 b
persistent /a => conn6 a
persistent /a twice is one stream: true
  [2] stream_socket_client(): Unable to connect to tcp://127.0.0.1:/x (Connection refused)
port 0 => false 111 Connection refused
udp: socket/coroutine
udp => datagram
done
