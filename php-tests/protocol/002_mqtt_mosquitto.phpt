--TEST--
MQTT client on Co\Socket (open_mqtt_protocol) against a real mosquitto started by the test: CONNECT, SUBSCRIBE, PUBLISH at QoS 0 and 1 with 1-, 2- and 3-byte remaining lengths, packets read with recvPacket
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/sbin/mosquitto')) die('skip /usr/sbin/mosquitto is not installed (apt-get install mosquitto; scripts/test.sh does it as root)');
?>
--FILE--
<?php
require __DIR__ . '/peer.inc';
use Swoole\Coroutine\Socket;

const TYPES = [1 => 'CONNECT', 2 => 'CONNACK', 3 => 'PUBLISH', 4 => 'PUBACK', 8 => 'SUBSCRIBE',
    9 => 'SUBACK', 12 => 'PINGREQ', 13 => 'PINGRESP', 14 => 'DISCONNECT'];

$dir = peer_dir('mqtt');
$port = free_port();
// As root, mosquitto drops to `nobody`; not under valgrind (run-tests traces children),
// whose broker, no longer root, could not remove its root-owned vgdb pipes and says so
// in the .mem log, failing the test as a leak.
$user = !is_root() ? '' : (getenv('USE_ZEND_ALLOC') === '0' ? "user root\n" : "user nobody\n");
file_put_contents("$dir/mosquitto.conf", "listener $port 127.0.0.1\nallow_anonymous true\npersistence false\n"
    . "log_dest stderr\nlog_type all\n$user");
$broker = start_peer(['/usr/sbin/mosquitto', '-c', "$dir/mosquitto.conf"], "$dir/mosquitto.log");
if (!wait_accepting("tcp://127.0.0.1:$port", $broker, "$dir/mosquitto.log")) exit(1);

function remaining(int $n): string      // MQTT's variable-length integer, 1 to 4 bytes
{
    $out = '';
    do {
        $b = $n % 128;
        $n = intdiv($n, 128);
        $out .= chr($n > 0 ? $b | 0x80 : $b);
    } while ($n > 0);
    return $out;
}
function packet(int $first, string $body): string
{
    return chr($first) . remaining(strlen($body)) . $body;
}
function str16(string $s): string
{
    return pack('n', strlen($s)) . $s;
}
/** One packet from recvPacket, checked against its own header: [type, flags, body, length bytes]. */
function read(Socket $s): ?array
{
    $p = $s->recvPacket(5);
    if ($p === false || $p === '') {
        echo "recvPacket: ", var_export($p, true), " errCode=", $s->errCode, "\n";
        return null;
    }
    $len = 0;
    $mul = 1;
    $i = 1;
    do {
        $b = ord($p[$i++]);
        $len += ($b & 0x7f) * $mul;
        $mul *= 128;
    } while ($b & 0x80);
    if (strlen($p) !== $i + $len) echo "recvPacket returned ", strlen($p), " bytes for a packet of ", $i + $len, "\n";
    return [TYPES[ord($p[0]) >> 4] ?? 'type' . (ord($p[0]) >> 4), ord($p[0]) & 15, substr($p, $i), $i - 1];
}
function show(array $pk): string
{
    [$type, $flags, $body, $lenBytes] = $pk;
    $s = "$type (remaining length in $lenBytes byte" . ($lenBytes > 1 ? 's' : '') . ')';
    if ($type === 'PUBLISH') {
        $qos = ($flags >> 1) & 3;
        $topic = substr($body, 2, unpack('n', $body)[1]);
        $payload = substr($body, 2 + strlen($topic) + ($qos ? 2 : 0));
        $s .= " qos=$qos topic=$topic payload=" . (strlen($payload) > 20
            ? strlen($payload) . ' bytes md5 ' . substr(md5($payload), 0, 8) : $payload);
    } elseif ($type === 'CONNACK' || $type === 'SUBACK' || $type === 'PUBACK') {
        $s .= ' ' . bin2hex($body);
    }
    return $s;
}

Co\run(function () use ($port) {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($s->setProtocol(['open_mqtt_protocol' => true, 'package_max_length' => 1 << 20]));
    var_dump($s->connect('127.0.0.1', $port, 5));

    // CONNECT: MQTT 3.1.1, clean session, keep-alive 60 s.
    $s->sendAll(packet(0x10, str16('MQTT') . "\x04\x02" . pack('n', 60) . str16('cosocket-test')));
    echo show(read($s)), "\n";
    // SUBSCRIBE (packet id 1) to t/# at QoS 1.
    $s->sendAll(packet(0x82, pack('n', 1) . str16('t/#') . "\x01"));
    echo show(read($s)), "\n";

    echo "-- QoS 0: three small messages in one write, back as three packets\n";
    $s->sendAll(packet(0x30, str16('t/a') . 'one') . packet(0x30, str16('t/b') . 'two') . packet(0x30, str16('t/c') . 'three'));
    for ($i = 0; $i < 3; $i++) echo show(read($s)), "\n";

    echo "-- QoS 1, payloads of 200 and 20000 bytes\n";
    $pid = 10;
    foreach ([200, 20000] as $n) {
        $payload = substr(str_repeat(hash('sha256', "payload $n"), intdiv($n, 64) + 1), 0, $n);
        echo "sent ", strlen($payload), " bytes md5 ", substr(md5($payload), 0, 8), "\n";
        $s->sendAll(packet(0x32, str16('t/big') . pack('n', ++$pid) . $payload));
        // The broker's PUBACK and our own message coming back may arrive in either order.
        $got = [];
        for ($i = 0; $i < 2 && ($pk = read($s)); $i++) {
            $got[] = show($pk);
            if ($pk[0] === 'PUBLISH') {
                $s->sendAll(packet(0x40, substr($pk[2], 2 + unpack('n', $pk[2])[1], 2)));   // our PUBACK
            }
        }
        sort($got);
        echo implode("\n", $got), "\n";
    }

    echo "-- ping, then disconnect\n";
    $s->sendAll(packet(0xC0, ''));
    echo show(read($s)), "\n";
    $s->sendAll(packet(0xE0, ''));
    echo "after DISCONNECT recvPacket: ", var_export($s->recvPacket(5), true), "\n";
    $s->close();
});
stop_peer($broker);
echo "mosquitto stopped\n";
?>
--EXPECT--
bool(true)
bool(true)
CONNACK (remaining length in 1 byte) 0000
SUBACK (remaining length in 1 byte) 000101
-- QoS 0: three small messages in one write, back as three packets
PUBLISH (remaining length in 1 byte) qos=0 topic=t/a payload=one
PUBLISH (remaining length in 1 byte) qos=0 topic=t/b payload=two
PUBLISH (remaining length in 1 byte) qos=0 topic=t/c payload=three
-- QoS 1, payloads of 200 and 20000 bytes
sent 200 bytes md5 18dbeebb
PUBACK (remaining length in 1 byte) 000b
PUBLISH (remaining length in 2 bytes) qos=1 topic=t/big payload=200 bytes md5 18dbeebb
sent 20000 bytes md5 dd97a627
PUBACK (remaining length in 1 byte) 000c
PUBLISH (remaining length in 3 bytes) qos=1 topic=t/big payload=20000 bytes md5 dd97a627
-- ping, then disconnect
PINGRESP (remaining length in 1 byte)
after DISCONNECT recvPacket: ''
mosquitto stopped
