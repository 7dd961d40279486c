--TEST--
Co\Client with open_mqtt_protocol against a real mosquitto started by the test: CONNECT/CONNACK, SUBSCRIBE/SUBACK, a QoS 1 PUBLISH from a second client (PUBACK) delivered whole to the subscriber (a 200 KB payload, a 3-byte remaining length), PINGREQ/PINGRESP, DISCONNECT
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!is_executable('/usr/sbin/mosquitto')) die('skip /usr/sbin/mosquitto is not installed (apt-get install mosquitto)'); ?>
--FILE--
<?php
require __DIR__ . '/../protocol/peer.inc';
$dir = peer_dir('client-mqtt');
$port = free_port();
file_put_contents("$dir/mosquitto.conf", "listener $port 127.0.0.1\nallow_anonymous true\n");
$broker = start_peer(['/usr/sbin/mosquitto', '-c', "$dir/mosquitto.conf"], "$dir/mosquitto.log");
if (!wait_accepting("tcp://127.0.0.1:$port", $broker, "$dir/mosquitto.log")) exit(1);

function str16(string $s): string { return pack('n', strlen($s)) . $s; }
function remaining(int $n): string {
    $out = '';
    do {
        $b = $n % 128;
        $n = intdiv($n, 128);
        $out .= chr($n > 0 ? $b | 0x80 : $b);
    } while ($n > 0);
    return $out;
}
function packet(int $head, string $body): string { return chr($head) . remaining(strlen($body)) . $body; }
function connect_packet(string $id): string {
    return packet(0x10, str16('MQTT') . "\x04\x02" . pack('n', 30) . str16($id));
}
function client(int $port, string $id): Co\Client {
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    $c->set(['open_mqtt_protocol' => true, 'package_max_length' => 2 * 1024 * 1024, 'read_timeout' => 5]);
    $c->connect('127.0.0.1', $port, 5) || exit("connect: $c->errCode\n");
    $c->send(connect_packet($id));
    echo "$id CONNACK: ", bin2hex($c->recv()), "\n";
    return $c;
}

Co\run(function () use ($port) {
    $sub = client($port, 'cosocket-sub');
    $sub->send(packet(0x82, pack('n', 1) . str16('cosocket/t') . "\x01"));
    echo "SUBACK: ", bin2hex($sub->recv()), "\n";
    $pub = client($port, 'cosocket-pub');
    $payload = str_repeat('0123456789', 20000);
    $pub->send(packet(0x32, str16('cosocket/t') . pack('n', 7) . $payload));
    echo "PUBACK: ", bin2hex($pub->recv()), "\n";
    $p = $sub->recv();
    $len = strlen($p);
    // Type and flags, then 3 bytes of remaining length.
    printf("PUBLISH: type %02x, %d bytes, payload intact: %s\n", ord($p[0]), $len, var_export(substr($p, -200000) === $payload, true));
    $sub->send(packet(0xc0, ''));
    echo "PINGRESP: ", bin2hex($sub->recv()), "\n";
    $sub->send(packet(0xe0, ''));
    var_dump($sub->recv());
    $pub->close();
    $sub->close();
});
?>
--EXPECT--
cosocket-sub CONNACK: 20020000
SUBACK: 9003000101
cosocket-pub CONNACK: 20020000
PUBACK: 40020007
PUBLISH: type 32, 200018 bytes, payload intact: true
PINGRESP: d000
string(0) ""
