--TEST--
Socket: getOption/setOption like ext-sockets (ints, SO_LINGER, SO_RCVTIMEO/SO_SNDTIMEO, TCP_INFO, multicast), and their errors
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($s->setOption(SOL_SOCKET, SO_REUSEADDR, 1), $s->getOption(SOL_SOCKET, SO_REUSEADDR));
    var_dump($s->setOption(SOL_SOCKET, SO_RCVBUF, 65536), $s->getOption(SOL_SOCKET, SO_RCVBUF) >= 65536);
    var_dump($s->getOption(SOL_SOCKET, SO_TYPE) === SOCK_STREAM);
    var_dump($s->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 3]), $s->getOption(SOL_SOCKET, SO_LINGER));
    var_dump($s->setOption(SOL_SOCKET, SO_SNDTIMEO, ['sec' => 2, 'usec' => 500000]), $s->getOption(SOL_SOCKET, SO_SNDTIMEO));
    var_dump($s->getOption(SOL_SOCKET, SO_RCVTIMEO));
    var_dump($s->setOption(SOL_TCP, TCP_NODELAY, 0), $s->getOption(SOL_TCP, TCP_NODELAY));
    $info = $s->getOption(SOL_TCP, TCP_INFO);
    var_dump(is_array($info), isset($info['state'], $info['rtt'], $info['snd_cwnd'], $info['total_retrans']));
    var_dump(@$s->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1]));
    try { $s->setOption(SOL_SOCKET, SO_RCVTIMEO, 5); } catch (TypeError $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    try { $s->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => -1]); } catch (ValueError $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    var_dump($s->getOption(SOL_SOCKET, 9999));
    var_dump($s->setOption(9999, 9999, 1));
    $u = new Socket(AF_INET, SOCK_DGRAM, 0);
    $u->bind('0.0.0.0', 0);
    var_dump($u->setOption(IPPROTO_IP, MCAST_JOIN_GROUP, ['group' => '239.255.0.1', 'interface' => 'lo']));
    var_dump($u->setOption(IPPROTO_IP, MCAST_LEAVE_GROUP, ['group' => '239.255.0.1', 'interface' => 'lo']));
    var_dump($u->setOption(IPPROTO_IP, IP_MULTICAST_TTL, 4), $u->getOption(IPPROTO_IP, IP_MULTICAST_TTL));
});
?>
--EXPECTF--
bool(true)
int(1)
bool(true)
bool(true)
bool(true)
bool(true)
array(2) {
  ["l_onoff"]=>
  int(1)
  ["l_linger"]=>
  int(3)
}
bool(true)
array(2) {
  ["sec"]=>
  int(2)
  ["usec"]=>
  int(500000)
}
array(2) {
  ["sec"]=>
  int(60)
  ["usec"]=>
  int(0)
}
bool(true)
int(0)
bool(true)
bool(true)
bool(false)
TypeError: Swoole\Coroutine\Socket::setOption(): Argument #3 ($opt_value) must be of type array when argument $option is SO_RCVTIMEO, int given
ValueError: Swoole\Coroutine\Socket::setOption(): Argument #3 ($opt_value) "l_linger" must be between 0 and 65535

Warning: Swoole\Coroutine\Socket::getOption(): getsockopt(%d, 1, 9999), Error: Protocol not available[92] in %s on line %d
bool(false)

Warning: Swoole\Coroutine\Socket::setOption(): setsockopt(%d) failed, Error: Protocol not available[92] in %s on line %d
bool(false)
bool(true)
bool(true)
bool(true)
int(4)
