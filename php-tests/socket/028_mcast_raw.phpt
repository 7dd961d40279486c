--TEST--
Multicast options as ext-sockets (interface by name or index, read back as the index; loop as bool; TTL/hops ranges; IPV6_PKTINFO); a raw socket connects without a port (Swoole's results)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    echo "-- multicast options as ext-sockets\n";
    $u = new Socket(AF_INET, SOCK_DGRAM, 0);
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_IF, 'lo'), $u->getOption(IPPROTO_IP, IP_MULTICAST_IF));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_IF, 1), $u->getOption(IPPROTO_IP, IP_MULTICAST_IF));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_IF, 'nosuchif'));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_LOOP, 'no'), $u->getOption(IPPROTO_IP, IP_MULTICAST_LOOP));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_LOOP, 0), $u->getOption(IPPROTO_IP, IP_MULTICAST_LOOP));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_TTL, 300), $u->setOption(IPPROTO_IP, IP_MULTICAST_TTL, '200'), $u->getOption(IPPROTO_IP, IP_MULTICAST_TTL));
    $u6 = new Socket(AF_INET6, SOCK_DGRAM, 0);
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, 'lo'), $u6->getOption(IPPROTO_IPV6, IPV6_MULTICAST_IF));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 2), $u6->getOption(IPPROTO_IPV6, IPV6_MULTICAST_LOOP));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 300));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_PKTINFO, ['addr' => '::1', 'ifindex' => 1]));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_PKTINFO, ['addr' => '::1', 'ifindex' => 'lo']));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_PKTINFO, ['addr' => '::1']));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_PKTINFO, []));
    var_dump($u6->setOption(IPPROTO_IPV6, IPV6_PKTINFO, 1));
    if (trim(shell_exec("id -u")) === "0") {
        echo "-- raw ICMP socket: connect() without a port\n";
        $r = new Socket(AF_INET, SOCK_RAW, 1);
        var_dump($r->connect('127.0.0.1'));
        $pkt = "\x08\x00\x00\x00\x12\x34\x00\x01echo";
        $sum = 0; foreach (unpack('n*', $pkt) as $w) $sum += $w;
        $sum = ~(($sum >> 16) + ($sum & 0xffff)) & 0xffff;
        $pkt = substr_replace($pkt, pack('n', $sum), 2, 2);
        var_dump($r->send($pkt), strlen($r->recv(1024, 2)) >= 12);
    }
});
?>
--EXPECTF--
-- multicast options as ext-sockets
bool(true)
int(1)
bool(true)
int(1)

Warning: Swoole\Coroutine\Socket::setOption(): no interface with name "nosuchif" could be found in %s on line 8
bool(false)
bool(true)
int(1)
bool(true)
int(0)

Warning: Swoole\Coroutine\Socket::setOption(): Expected a value between 0 and 255 in %s on line 11
bool(false)
bool(true)
int(200)
bool(true)
int(1)
bool(true)
int(1)

Warning: Swoole\Coroutine\Socket::setOption(): Expected a value between -1 and 255 in %s on line 15
bool(false)
bool(true)
bool(true)

Warning: Swoole\Coroutine\Socket::setOption(): error converting user data (path: in6_pktinfo): The key 'ifindex' is required in %s on line 18
bool(false)

Warning: Swoole\Coroutine\Socket::setOption(): error converting user data (path: in6_pktinfo): The key 'addr' is required in %s on line 19
bool(false)

Warning: Swoole\Coroutine\Socket::setOption(): error converting user data (path: in6_pktinfo): expected an array here in %s on line 20
bool(false)
-- raw ICMP socket: connect() without a port
bool(true)
int(12)
bool(true)
