--TEST--
Hooks: stream_socket_server/accept in coroutines (peer name, accept timeout, bind errors, context options), udp and udg datagrams, unix streams
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    $srv = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
        stream_context_create(['socket' => ['tcp_nodelay' => true, 'backlog' => 16]]));
    $addr = stream_socket_get_name($srv, false);
    var_dump(stream_get_meta_data($srv)['stream_type'], $en, $es);
    go(function () use ($srv) {
        $a = stream_socket_accept($srv, 2, $peer);
        var_dump((bool) preg_match('/^127\.0\.0\.1:\d+$/', $peer));
        var_dump(stream_context_get_options($a)['socket']['tcp_nodelay']);
        fwrite($a, 'got ' . fgets($a));
        fclose($a);
    });
    $c = stream_socket_client("tcp://$addr", $en, $es, 2, STREAM_CLIENT_CONNECT,
        stream_context_create(['socket' => ['bindto' => '127.0.0.1:0']]));
    fwrite($c, "ping\n");
    var_dump(fgets($c), stream_socket_get_name($c, true) === $addr);
    fclose($c);
    // A bindto address we do not own: PHP warns and still connects.
    go(function () use ($srv) { fclose(stream_socket_accept($srv, 2)); });
    $c = stream_socket_client("tcp://$addr", $en, $es, 2, STREAM_CLIENT_CONNECT,
        stream_context_create(['socket' => ['bindto' => '1.2.3.4:0']]));
    var_dump(is_resource($c));
    // Accept timeout.
    $t = microtime(true);
    var_dump(stream_socket_accept($srv, 0.3), microtime(true) - $t > 0.2);
    // Bind in use.
    var_dump(stream_socket_server("tcp://$addr", $en, $es), $en, $es);

    // udp
    $u = stream_socket_server('udp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND);
    $ua = stream_socket_get_name($u, false);
    $uc = stream_socket_client("udp://$ua");
    var_dump(fwrite($uc, 'dgram1'));
    var_dump(stream_socket_recvfrom($u, 100, 0, $from), $from === stream_socket_get_name($uc, false));
    var_dump(stream_socket_sendto($u, 'reply', 0, $from), fread($uc, 100));
    stream_socket_sendto($uc, 'peek');
    var_dump(stream_socket_recvfrom($u, 100, STREAM_PEEK), stream_socket_recvfrom($u, 100));
    // A datagram that comes later: the receiver waits in its coroutine.
    go(function () use ($ua) {
        Co::sleep(0.1);
        $s = stream_socket_client("udp://$ua");
        fwrite($s, 'late');
    });
    var_dump(stream_socket_recvfrom($u, 100));

    // unix stream
    $path = sys_get_temp_dir() . '/cosocket-hook-033.sock';
    @unlink($path);
    $us = stream_socket_server("unix://$path", $en, $es);
    var_dump(stream_socket_get_name($us, false) === $path);
    go(function () use ($us) {
        $a = stream_socket_accept($us, 2, $peer);
        var_dump($peer);
        fwrite($a, strtoupper(fgets($a)));
    });
    $c = stream_socket_client("unix://$path", $en, $es, 1);
    fwrite($c, "unixline\n");
    var_dump(fgets($c), stream_socket_get_name($c, true) === $path);
    fclose($c);
    fclose($us);
    @unlink($path);

    // udg
    $gp = sys_get_temp_dir() . '/cosocket-hook-033g.sock';
    @unlink($gp);
    $g = stream_socket_server("udg://$gp", $en, $es, STREAM_SERVER_BIND);
    $gc = stream_socket_client("udg://$gp", $en, $es);
    var_dump(fwrite($gc, 'gram'), stream_socket_recvfrom($g, 100, 0, $from), $from);
    @unlink($gp);
});
?>
--EXPECTF--
string(16) "socket/coroutine"
int(0)
string(0) ""
bool(true)
bool(true)
string(9) "got ping
"
bool(true)

Warning: stream_socket_client(): Failed to bind to '1.2.3.4:0', system said: Cannot assign requested address in %s on line %d
bool(true)

Warning: stream_socket_accept(): Accept failed: Connection timed out in %s on line %d
bool(false)
bool(true)

Warning: stream_socket_server(): Unable to connect to tcp://127.0.0.1:%d (Address already in use) in %s on line %d
bool(false)
int(0)
string(22) "Address already in use"
int(6)
string(6) "dgram1"
bool(true)
int(5)
string(5) "reply"
string(4) "peek"
string(4) "peek"
string(4) "late"
bool(true)
string(0) ""
string(9) "UNIXLINE
"
bool(true)
int(4)
string(4) "gram"
string(0) ""
