--TEST--
Socket: SOCK_RAW where the OS allows it (root)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (function_exists('posix_geteuid') && posix_geteuid() !== 0) die('skip needs root'); ?>
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $s = new Socket(AF_INET, SOCK_RAW, 1 /* IPPROTO_ICMP */);
    var_dump($s->type === SOCK_RAW, $s->protocol);
    // An ICMP echo request to 127.0.0.1; the kernel answers it.
    $packet = "\x08\x00\x00\x00\x12\x34\x00\x01ping";
    $sum = 0;
    foreach (unpack('n*', $packet) as $w) $sum += $w;
    $sum = ~(($sum >> 16) + ($sum & 0xffff)) & 0xffff;
    $packet[2] = chr($sum >> 8); $packet[3] = chr($sum & 0xff);
    var_dump($s->sendto('127.0.0.1', 0, $packet));
    $seen = false;
    for ($i = 0; $i < 4 && !$seen; $i++) {
        $reply = $s->recvfrom($peer, 2);
        $seen = $reply !== false && ord($reply[20]) === 0 && substr($reply, -4) === 'ping';
    }
    var_dump($seen, $peer['address']);
});
?>
--EXPECT--
bool(true)
int(1)
int(12)
bool(true)
string(9) "127.0.0.1"
