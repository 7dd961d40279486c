--TEST--
sendto() to destinations in turn: each datagram reaches the address and port it names (ports, addresses that differ only in their text's end, an IP then a name, IPv6 texts of one address, bad ports, Unix paths)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function rx(int $domain, string $host, int $port = 0): Socket {
    $s = new Socket($domain, SOCK_DGRAM, 0);
    if (!$s->bind($host, $port)) { echo "bind $host:$port failed: {$s->errMsg}\n"; }
    return $s;
}
/** What a receiver got, in order, until nothing more comes. */
function drain(Socket $s): string {
    $got = [];
    while (($d = $s->recvfrom($peer, 0.05)) !== false) $got[] = $d;
    return implode(' ', $got);
}
Co\run(function () {
    echo "-- IPv4: two ports on one address, and one port on two addresses (only the text differs)\n";
    $a = rx(AF_INET, '127.0.0.1'); $pa = $a->getsockname()['port'];
    $b = rx(AF_INET, '127.0.0.1'); $pb = $b->getsockname()['port'];
    $c = rx(AF_INET, '127.0.0.12', $pa);
    $tx = new Socket(AF_INET, SOCK_DGRAM, 0);
    foreach ([['127.0.0.1', $pa, 'a1'], ['127.0.0.1', $pb, 'b1'], ['127.0.0.12', $pa, 'c1'],
              ['127.0.0.1', $pa, 'a2'], ['localhost', $pb, 'b2'], ['localhost', $pa, 'a3'],
              ['127.0.0.1', $pb, 'b3'], ['127.0.0.12', $pa, 'c2'], ['127.0.0.1', $pa, 'a4']] as [$h, $p, $m]) {
        if ($tx->sendto($h, $p, $m) !== 2) echo "sendto($h) failed: {$tx->errMsg}\n";
    }
    echo "a: ", drain($a), "\nb: ", drain($b), "\nc: ", drain($c), "\n";
    echo "-- a bad port after the same address with a good one\n";
    var_dump($tx->sendto('127.0.0.1', $pa + 65536, 'x'), $tx->errCode);
    var_dump($tx->sendto('127.0.0.1', -1, 'x'), $tx->errCode);
    var_dump($tx->sendto('127.0.0.1', $pa, 'a5'), $tx->errCode);
    echo "-- a text that only starts like the last address\n";
    var_dump($tx->sendto('127.0.0.12', $pa, 'c3'), $tx->sendto('127.0.0.1', $pa, 'a6'));
    echo "a: ", drain($a), "\nc: ", drain($c), "\n";
    echo "-- IPv6: one address written two ways, two ports\n";
    $d = rx(AF_INET6, '::1'); $pd = $d->getsockname()['port'];
    $e = rx(AF_INET6, '::1'); $pe = $e->getsockname()['port'];
    $tx6 = new Socket(AF_INET6, SOCK_DGRAM, 0);
    foreach ([['::1', $pd, 'd1'], ['0::1', $pe, 'e1'], ['::1', $pe, 'e2'], ['0:0:0:0:0:0:0:1', $pd, 'd2'], ['::1', $pd, 'd3']] as [$h, $p, $m]) {
        if ($tx6->sendto($h, $p, $m) !== 2) echo "sendto($h) failed: {$tx6->errMsg}\n";
    }
    echo "d: ", drain($d), "\ne: ", drain($e), "\n";
    echo "-- an IPv4 text on an IPv6 socket is not its literal\n";
    var_dump($tx6->sendto('127.0.0.1', $pd, 'x') === 1 ? 'sent' : $tx6->errCode);
    echo "-- Unix datagram paths in turn\n";
    $dir = sys_get_temp_dir();
    $p1 = "$dir/co80a-" . getmypid() . '.sock'; $p2 = "$dir/co80b-" . getmypid() . '.sock';
    $u1 = rx(AF_UNIX, $p1); $u2 = rx(AF_UNIX, $p2);
    $ux = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    foreach ([[$p1, 'u1'], [$p2, 'v1'], [$p1, 'u2'], [$p2, 'v2']] as [$p, $m]) $ux->sendto($p, 0, $m);
    echo "u1: ", drain($u1), "\nu2: ", drain($u2), "\n";
    unlink($p1); unlink($p2);
});
?>
--EXPECT--
-- IPv4: two ports on one address, and one port on two addresses (only the text differs)
a: a1 a2 a3 a4
b: b1 b2 b3
c: c1 c2
-- a bad port after the same address with a good one
bool(false)
int(723)
bool(false)
int(723)
int(2)
int(0)
-- a text that only starts like the last address
int(2)
int(2)
a: a5 a6
c: c3
-- IPv6: one address written two ways, two ports
d: d1 d2 d3
e: e1 e2
-- an IPv4 text on an IPv6 socket is not its literal
int(711)
-- Unix datagram paths in turn
u1: u1 u2
u2: v1 v2
