--TEST--
SWOOLE_HOOK_SOCKETS: UDP sendto/recvfrom (lengths, flags, stream sockets refused, timeout), connected UDP, multicast options (source-specific ones included), Unix datagrams, socket_create_pair, socket_import_stream, as Swoole 6.2.1
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!extension_loaded('sockets')) die('skip ext-sockets not loaded'); ?>
--FILE--
<?php
function show($label, $v) { echo $label, ': ', is_string($v) ? var_export($v, true) : json_encode($v, JSON_UNESCAPED_SLASHES), "\n"; }
function t($label, $f) { try { show($label, $f()); } catch (Throwable $e) { echo $label, ': ', get_class($e), ': ', $e->getMessage(), "\n"; } }
set_error_handler(function ($no, $str) { echo "  [", $no == E_WARNING ? 'Warning' : $no, "] $str\n"; return true; });
Co\run(function () {
    $u = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    t('udp bind', fn() => socket_bind($u, '127.0.0.1', 0));
    socket_getsockname($u, $ua, $up);
    $v = socket_create(AF_INET, SOCK_DGRAM, 0);
    t('sendto', fn() => socket_sendto($v, 'datagram', 8, 0, '127.0.0.1', $up));
    t('recvfrom 6 args', function () use ($u, $v) { $n = socket_recvfrom($u, $buf, 100, 0, $from, $port); socket_getsockname($v, $va, $vp); return [$n, $buf, $from, $port === $vp]; });
    t('sendto with length', fn() => socket_sendto($v, 'abcdef', 3, 0, '127.0.0.1', $up));
    t('recvfrom 5 args, shorter length', function () use ($u) { $port = 'untouched'; $n = socket_recvfrom($u, $buf, 2, 0, $from); return [$n, $buf, $from, $port]; });
    t('recvfrom length 0', function () use ($u) { $buf = 'untouched'; return [socket_recvfrom($u, $buf, 0, 0, $from), $buf, socket_last_error($u)]; });
    t('recvfrom flags', fn() => socket_recvfrom($u, $buf, 10, MSG_PEEK, $from));
    t('sendto flags', fn() => socket_sendto($v, 'x', 1, MSG_DONTROUTE, '127.0.0.1', $up));
    $t = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
    t('sendto on stream', fn() => socket_sendto($t, 'x', 1, 0, '127.0.0.1', $up));
    t('recvfrom on stream', fn() => socket_recvfrom($t, $buf, 1, 0, $from));
    t('connected udp', function () use ($up) { $w = socket_create(AF_INET, SOCK_DGRAM, 0); return [socket_connect($w, '127.0.0.1', $up), socket_send($w, 'via send', 8, 0)]; });
    t('read it', fn() => socket_read($u, 100));
    socket_set_option($u, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 0, 'usec' => 100000]);
    t('recvfrom timeout', function () use ($u) { $buf = 'untouched'; return [socket_recvfrom($u, $buf, 10, 0, $from), $buf, socket_last_error($u)]; });
    t('IP_MULTICAST_TTL', fn() => [socket_set_option($u, IPPROTO_IP, IP_MULTICAST_TTL, 9), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_TTL)]);
    t('IP_MULTICAST_LOOP', fn() => [socket_set_option($u, IPPROTO_IP, IP_MULTICAST_LOOP, 0), socket_get_option($u, IPPROTO_IP, IP_MULTICAST_LOOP)]);
    $m = socket_create(AF_INET, SOCK_DGRAM, SOL_UDP);
    socket_bind($m, '0.0.0.0', 0);
    $g = ['group' => '224.0.0.23', 'interface' => 'lo'];
    t('MCAST_JOIN_GROUP', fn() => socket_set_option($m, IPPROTO_IP, MCAST_JOIN_GROUP, $g));
    t('MCAST_BLOCK_SOURCE', fn() => socket_set_option($m, IPPROTO_IP, MCAST_BLOCK_SOURCE, $g + ['source' => '127.0.0.1']));
    t('MCAST_UNBLOCK_SOURCE', fn() => socket_set_option($m, IPPROTO_IP, MCAST_UNBLOCK_SOURCE, $g + ['source' => '127.0.0.1']));
    t('MCAST_BLOCK_SOURCE without source', fn() => socket_set_option($m, IPPROTO_IP, MCAST_BLOCK_SOURCE, $g));
    t('MCAST_LEAVE_GROUP', fn() => socket_set_option($m, IPPROTO_IP, MCAST_LEAVE_GROUP, $g));
    t('MCAST_JOIN_SOURCE_GROUP', fn() => socket_set_option($m, IPPROTO_IP, MCAST_JOIN_SOURCE_GROUP, $g + ['source' => '127.0.0.1']));
    t('MCAST_LEAVE_SOURCE_GROUP', fn() => socket_set_option($m, IPPROTO_IP, MCAST_LEAVE_SOURCE_GROUP, $g + ['source' => '127.0.0.1']));
    // Unix datagrams
    $path1 = sys_get_temp_dir() . '/cosocket-072-' . getmypid() . '-a.sock';
    $path2 = sys_get_temp_dir() . '/cosocket-072-' . getmypid() . '-b.sock';
    $x = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    $y = socket_create(AF_UNIX, SOCK_DGRAM, 0);
    t('unix bind', fn() => [socket_bind($x, $path1), socket_bind($y, $path2)]);
    t('unix sendto', fn() => socket_sendto($x, 'Ping!', 5, 0, $path2));
    t('unix recvfrom', function () use ($y, $path1) { $n = socket_recvfrom($y, $buf, 100, 0, $from); return [$n, $buf, $from === $path1]; });
    t('unix getsockname', fn() => [socket_getsockname($x, $a), $a === $path1]);
    socket_close($x); socket_close($y); unlink($path1); unlink($path2);
    // pairs
    $p = [];
    $ok = socket_create_pair(AF_UNIX, SOCK_DGRAM, 0, $p);
    t('pair dgram', fn() => [$ok, count($p)]);
    go(function () use ($p) { foreach ([1, 2] as $i) socket_write($p[0], "to 1, #$i\n"); });
    t('pair reads', fn() => [socket_read($p[1], 100), socket_read($p[1], 100)]);
    t('pair getpeername', fn() => [socket_getpeername($p[0], $a, $port), $port]);
    t('pair, undefined variable', fn() => socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $undefined));
    $q = 'str';
    t('pair, string variable', fn() => socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $q));
    $q = [];
    t('pair, bad domain', function () use (&$q) { return [socket_create_pair(12345, SOCK_STREAM, 0, $q), $q]; });
    t('import memory stream', fn() => socket_import_stream(fopen('php://memory', 'r')));
    t('import non-resource', fn() => socket_import_stream('nope'));
});
echo "done\n";
--EXPECT--
udp bind: true
sendto: 8
recvfrom 6 args: [8,"datagram","127.0.0.1",true]
sendto with length: 3
recvfrom 5 args, shorter length: [2,"ab","127.0.0.1","untouched"]
recvfrom length 0: [false,"untouched",11]
recvfrom flags: RuntimeException: $flags[2] is not supported
sendto flags: RuntimeException: $flags[4] is not supported
sendto on stream: RuntimeException: only supports dgram type socket
recvfrom on stream: RuntimeException: only supports dgram type socket
connected udp: [true,8]
read it: 'via send'
recvfrom timeout: [false,"untouched",110]
IP_MULTICAST_TTL: [true,9]
IP_MULTICAST_LOOP: [true,0]
MCAST_JOIN_GROUP: true
MCAST_BLOCK_SOURCE: true
MCAST_UNBLOCK_SOURCE: true
  [Warning] Swoole\Coroutine\Socket::setOption(): no key "source" passed in optval
MCAST_BLOCK_SOURCE without source: false
MCAST_LEAVE_GROUP: true
MCAST_JOIN_SOURCE_GROUP: true
MCAST_LEAVE_SOURCE_GROUP: true
unix bind: [true,true]
unix sendto: 5
unix recvfrom: [5,"Ping!",true]
unix getsockname: [true,true]
pair dgram: [true,2]
pair reads: ["to 1, #1\n","to 1, #2\n"]
pair getpeername: [true,0]
pair, undefined variable: TypeError: swoole_socket_create_pair(): Argument #4 ($pair) must be of type array, null given
pair, string variable: TypeError: swoole_socket_create_pair(): Argument #4 ($pair) must be of type array, string given
  [Warning] swoole_coroutine_socketpair(): failed to create socket, Error: Address family not supported by protocol[97]
pair, bad domain: [false,[]]
  [Warning] Swoole\Coroutine\Socket::import(): Cannot represent a stream of type MEMORY as a Socket Descriptor
import memory stream: false
import non-resource: TypeError: Swoole\Coroutine\Socket::import(): Argument #1 ($stream) must be of type resource, string given
done
