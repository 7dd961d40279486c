--TEST--
SOCKS5 through a real Dante server (danted) started by the test: round trips to an IPv4, IPv6 and named target, TLS inside the tunnel, a target its rules forbid (reply 2), an unreachable target (reply 5), a refused proxy, a stalled proxy
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/sbin/danted')) die('skip /usr/sbin/danted is not installed (apt-get install dante-server; scripts/test.sh does it as root)');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';

$dir = peer_dir('dante');
$certs = make_certs();
[$proxy, $dead, $forbidden] = [free_port(), free_port(), free_port()];
// No authentication (Dante's username method checks system accounts); `external: lo`
// gives it 127.0.0.1 and ::1 to connect from. It runs as whoever runs the test.
file_put_contents("$dir/danted.conf", <<<CONF
logoutput: stderr
internal: 127.0.0.1 port = $proxy
external: lo
socksmethod: none
clientmethod: none
client pass {
    from: 127.0.0.0/8 to: 0/0
}
socks block {
    from: 0/0 to: 127.0.0.1/32 port = $forbidden
}
socks pass {
    from: 127.0.0.0/8 to: 0/0
    command: connect
}

CONF);
$danted = start_peer(['/usr/sbin/danted', '-f', "$dir/danted.conf", '-N', '1'], "$dir/danted.log");
if (!wait_accepting("tcp://127.0.0.1:$proxy", $danted, "$dir/danted.log", 20)) exit(1);
$tls = tls_target($certs, $dir);

Co\run(function () use ($proxy, $dead, $forbidden, $certs, $tls, $danted) {
    [$port, $stop] = target_server();
    $via = ['socks5_host' => '127.0.0.1', 'socks5_port' => $proxy];
    foreach (['127.0.0.1', '::1', 'localhost'] as $target) {
        round_trip("to $target", $via, $target, $port);
    }
    tls_round_trip('tls to localhost', $via, $certs, $tls);
    attempt('forbidden target', $via, '127.0.0.1', $forbidden);
    attempt('unreachable target', $via, '127.0.0.1', $dead);
    attempt('refused proxy', ['socks5_port' => $dead] + $via, '127.0.0.1', $port);
    proc_terminate($danted, 19);                   // SIGSTOP: connections wait in its backlog
    times_out('stalled proxy', $via, '127.0.0.1', $port, 0.5);
    proc_terminate($danted, 18);                   // SIGCONT
    $stop();
});
?>
--EXPECT--
to 127.0.0.1: connected
  greeting: "hello from the target\n", echo: "ping through 127.0.0.1\n"
to ::1: connected
  greeting: "hello from the target\n", echo: "ping through ::1\n"
to localhost: connected
  greeting: "hello from the target\n", echo: "ping through localhost\n"
tls to localhost: connected
  s_server answered: "slt dellennut\n"
forbidden target: false, errCode 7004: Socks5 server error: connection not allowed by ruleset (reply 2)
unreachable target: false, errCode 7004: Socks5 server error: connection refused (reply 5)
refused proxy: false, errCode 111: Connection refused
stalled proxy: false, errCode 110: Connection timed out
  after the timeout, not long after: true
