--TEST--
recvfrom() from senders in turn fills $peer with each one's address; $peer becomes a new [address, port] array whatever it held, and copies, references and literals of the old one are left alone
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function sender(int $domain, string $host): Socket {
    $s = new Socket($domain, SOCK_DGRAM, 0);
    $s->bind($host, 0);
    return $s;
}
Co\run(function () {
    $srv = new Socket(AF_INET, SOCK_DGRAM, 0);
    $srv->bind('127.0.0.1', 0);
    $port = $srv->getsockname()['port'];
    $senders = ['p1' => sender(AF_INET, '127.0.0.1'), 'p2' => sender(AF_INET, '127.0.0.2'), 'p3' => sender(AF_INET, '127.0.0.1')];
    $names = [];
    foreach ($senders as $n => $s) $names[json_encode($s->getsockname())] = $n;
    $who = fn($peer) => is_array($peer) ? ($names[json_encode($peer)] ?? json_encode($peer)) : var_export($peer, true);
    $recv = function (string $from, string $msg, &$peer) use ($srv, $port, $senders) {
        $senders[$from]->sendto('127.0.0.1', $port, $msg);
        return $srv->recvfrom($peer, 1);
    };
    echo "-- senders in turn: two ports on one address, and another address\n";
    foreach (['p1', 'p2', 'p1', 'p3', 'p3', 'p2', 'p1'] as $i => $from) {
        $d = $recv($from, "m$i", $peer);
        echo "$d from ", $who($peer), "\n";
    }
    echo "-- a copy of \$peer keeps the sender it had\n";
    $recv('p1', 'x', $peer);
    $kept = $peer;
    $recv('p2', 'x', $peer);
    echo $who($kept), ' ', $who($peer), "\n";
    $recv('p2', 'x', $peer);
    echo $who($kept), ' ', $who($peer), "\n";
    echo "-- so does a copy of its address\n";
    $addr = $peer['address'];
    $recv('p1', 'x', $peer);
    echo $addr, ' ', $peer['address'], "\n";
    echo "-- a reference to its address, or to its port, is left behind\n";
    $r = &$peer['address'];
    $recv('p2', 'x', $peer);
    $r = 'changed';
    echo $r, ' ', $who($peer), "\n";
    unset($r);
    $r = &$peer['port'];
    $recv('p1', 'x', $peer);
    $r = -1;
    echo $r, ' ', $who($peer), "\n";
    unset($r);
    echo "-- whatever \$peer held, it becomes exactly [address, port]\n";
    foreach ([['address' => 'x', 'port' => 1, 'extra' => 2], ['port' => 1, 'address' => 'x'],
              ['address' => 1, 'port' => 'x'], [1, 2], 'text', null, new ArrayObject([])] as $old) {
        $peer = $old;
        $recv('p3', 'x', $peer);
        echo json_encode(array_keys($peer)), ' ', $who($peer), "\n";
    }
    echo "-- a literal array passed in is not changed\n";
    for ($i = 0; $i < 2; $i++) {
        $peer = ['address' => 'x', 'port' => 1];
        $recv('p1', 'x', $peer);
        echo json_encode(['address' => 'x', 'port' => 1]), ' ', $who($peer), "\n";
    }
    echo "-- the next integer key and the internal pointer start again, as in a new array\n";
    $recv('p1', 'x', $peer);
    $peer[5] = 'z';
    unset($peer[5]);
    $recv('p2', 'x', $peer);
    $peer[] = 'next';
    echo json_encode(array_keys($peer)), "\n";
    $recv('p1', 'x', $peer);
    $recv('p1', 'x', $peer);
    next($peer);
    $recv('p3', 'x', $peer);
    echo key($peer), ' ', $who($peer), "\n";
    echo "-- an empty datagram leaves \$peer alone\n";
    $senders['p2']->sendto('127.0.0.1', $port, '');
    var_dump($srv->recvfrom($peer, 1), $who($peer));
    echo "-- IPv6 senders in turn\n";
    $srv6 = new Socket(AF_INET6, SOCK_DGRAM, 0);
    $srv6->bind('::1', 0);
    $port6 = $srv6->getsockname()['port'];
    $q1 = sender(AF_INET6, '::1'); $q2 = sender(AF_INET6, '::1');
    foreach ([$q1, $q2, $q2, $q1] as $q) {
        $q->sendto('::1', $port6, 'x');
        $srv6->recvfrom($peer, 1);
        echo $peer['address'], ' ', $peer == $q->getsockname() ? 'its port' : json_encode($peer), "\n";
    }
    // An unnamed sender has no address (065); Swoole shows the last named sender's here.
    echo "-- Unix senders in turn: named, unnamed, another named\n";
    $dir = sys_get_temp_dir();
    $path = "$dir/co81-" . getmypid() . '.sock';
    $n1 = "$dir/co81a-" . getmypid() . '.sock'; $n2 = "$dir/co81b-" . getmypid() . '.sock';
    $u = new Socket(AF_UNIX, SOCK_DGRAM, 0); $u->bind($path);
    $a = new Socket(AF_UNIX, SOCK_DGRAM, 0); $a->bind($n1);
    $b = new Socket(AF_UNIX, SOCK_DGRAM, 0); $b->bind($n2);
    $c = new Socket(AF_UNIX, SOCK_DGRAM, 0);
    foreach (['a' => $a, 'c' => $c, 'b' => $b, 'a2' => $a, 'b2' => $b] as $n => $s) {
        $s->sendto($path, 0, $n);
        $d = $u->recvfrom($peer, 1);
        echo "$d: ", str_replace([$n1, $n2], ['n1', 'n2'], json_encode($peer, JSON_UNESCAPED_SLASHES)), "\n";
    }
    unlink($path); unlink($n1); unlink($n2);
});
?>
--EXPECT--
-- senders in turn: two ports on one address, and another address
m0 from p1
m1 from p2
m2 from p1
m3 from p3
m4 from p3
m5 from p2
m6 from p1
-- a copy of $peer keeps the sender it had
p1 p2
p1 p2
-- so does a copy of its address
127.0.0.2 127.0.0.1
-- a reference to its address, or to its port, is left behind
changed p2
-1 p1
-- whatever $peer held, it becomes exactly [address, port]
["address","port"] p3
["address","port"] p3
["address","port"] p3
["address","port"] p3
["address","port"] p3
["address","port"] p3
["address","port"] p3
-- a literal array passed in is not changed
{"address":"x","port":1} p1
{"address":"x","port":1} p1
-- the next integer key and the internal pointer start again, as in a new array
["address","port",0]
address p3
-- an empty datagram leaves $peer alone
string(0) ""
string(2) "p3"
-- IPv6 senders in turn
::1 its port
::1 its port
::1 its port
::1 its port
-- Unix senders in turn: named, unnamed, another named
a: {"address":"n1","port":0}
c: {"address":"","port":0}
b: {"address":"n2","port":0}
a2: {"address":"n1","port":0}
b2: {"address":"n2","port":0}
