--TEST--
UDP sockets get socket_buffer_size (8 MiB unless Coroutine::set() changes it) for SO_RCVBUF and SO_SNDBUF when made or imported, as Swoole; Unix and TCP sockets and socketpairs keep the kernel's
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

// The kernel doubles what is asked (for its bookkeeping) and caps it at rmem_max/wmem_max.
$rmax = (int) file_get_contents('/proc/sys/net/core/rmem_max');
$wmax = (int) file_get_contents('/proc/sys/net/core/wmem_max');
$fresh = socket_defaults();

/** The buffers of a socket nobody sized. */
function socket_defaults(): array {
    $s = stream_socket_server('udg://' . sys_get_temp_dir() . '/co60-' . getmypid() . '.sock', $en, $es, STREAM_SERVER_BIND);
    $u = Socket::import($s);
    $r = [$u->getOption(SOL_SOCKET, SO_RCVBUF), $u->getOption(SOL_SOCKET, SO_SNDBUF)];
    fclose($s);
    unlink(sys_get_temp_dir() . '/co60-' . getmypid() . '.sock');
    return $r;
}

function sized(Socket $s, int $asked): string {
    global $rmax, $wmax, $fresh;
    $r = $s->getOption(SOL_SOCKET, SO_RCVBUF);
    $w = $s->getOption(SOL_SOCKET, SO_SNDBUF);
    if ($asked === 0) {
        return ($r === $fresh[0] && $w === $fresh[1]) ? "kernel default" : "changed: $r/$w";
    }
    return ($r === 2 * min($asked, $rmax) && $w === 2 * min($asked, $wmax)) ? "sized to $asked" : "not sized: $r/$w";
}

Co\run(function () {
    echo "udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 8 << 20), "\n";
    echo "udp6: ", sized(new Socket(AF_INET6, SOCK_DGRAM, 0), 8 << 20), "\n";
    echo "udp with IPPROTO_UDP: ", sized(new Socket(AF_INET, SOCK_DGRAM, 17), 8 << 20), "\n";
    $stream = stream_socket_server('udp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND);
    echo "imported udp: ", sized(Socket::import($stream), 8 << 20), "\n";
    echo "unix datagram: ", sized(new Socket(AF_UNIX, SOCK_DGRAM, 0), 0), "\n";
    echo "unix stream: ", sized(new Socket(AF_UNIX, SOCK_STREAM, 0), 0), "\n";
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_DGRAM, 0);
    echo "datagram socketpair: ", sized($a, 0), "\n";
    $tcp = new Socket(AF_INET, SOCK_STREAM, 0);
    $t = [$tcp->getOption(SOL_SOCKET, SO_RCVBUF), $tcp->getOption(SOL_SOCKET, SO_SNDBUF)];
    echo "tcp: ", $t[0] < (8 << 20) && $t[1] < (8 << 20) ? "kernel default" : "sized", "\n";

    Coroutine::set(['socket_buffer_size' => 1 << 20]);
    echo "Co::set 1M, udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 1 << 20), "\n";
    Coroutine::set(['socket_buffer_size' => '96K']);
    echo "Co::set '96K', udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 96 << 10), "\n";
    Coroutine::set(['socket_buffer_size' => 'lots']);
    echo "Co::set 'lots' (ignored), udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 96 << 10), "\n";
    Coroutine::set(['socket_buffer_size' => 0]);
    echo "Co::set 0, udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 0), "\n";
    Coroutine::set(['socket_buffer_size' => -1]);
    echo "Co::set -1, udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 0), "\n";
    Coroutine::set(['socket_buffer_size' => 8 << 20]);
    echo "Co::set 8M, udp: ", sized(new Socket(AF_INET, SOCK_DGRAM, 0), 8 << 20), "\n";
});
?>
--EXPECT--
udp: sized to 8388608
udp6: sized to 8388608
udp with IPPROTO_UDP: sized to 8388608
imported udp: sized to 8388608
unix datagram: kernel default
unix stream: kernel default
datagram socketpair: kernel default
tcp: kernel default
Co::set 1M, udp: sized to 1048576
Co::set '96K', udp: sized to 98304
Co::set 'lots' (ignored), udp: sized to 98304
Co::set 0, udp: kernel default
Co::set -1, udp: kernel default
Co::set 8M, udp: sized to 8388608
