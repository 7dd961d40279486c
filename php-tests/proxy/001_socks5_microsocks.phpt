--TEST--
SOCKS5 through a real microsocks started by the test (one open, one with a username and password): round trips to an IPv4, IPv6 and named target (resolved by the proxy), TLS inside the tunnel (SNI and verification with the target's name), auth success and failure, an unreachable target, a refused proxy, a stalled proxy (timeout, cancel, close)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/bin/microsocks')) die('skip /usr/bin/microsocks is not installed (apt-get install microsocks; scripts/test.sh does it as root)');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';

$dir = peer_dir('socks5');
$certs = make_certs();
[$open, $auth, $dead] = [free_port(), free_port(), free_port()];
$p1 = start_peer(['/usr/bin/microsocks', '-i', '127.0.0.1', '-p', (string) $open], "$dir/open.log");
$p2 = start_peer(['/usr/bin/microsocks', '-i', '127.0.0.1', '-p', (string) $auth, '-u', 'alice', '-P', 's3cret'], "$dir/auth.log");
if (!wait_accepting("tcp://127.0.0.1:$open", $p1, "$dir/open.log") || !wait_accepting("tcp://127.0.0.1:$auth", $p2, "$dir/auth.log")) exit(1);
$tls = tls_target($certs, $dir);

Co\run(function () use ($open, $auth, $dead, $certs, $tls, $p1) {
    [$port, $stop] = target_server();
    $via = fn(int $p, array $extra = []) => ['socks5_host' => '127.0.0.1', 'socks5_port' => $p] + $extra;
    $login = ['socks5_username' => 'alice', 'socks5_password' => 's3cret'];

    echo "-- open proxy\n";
    foreach (['127.0.0.1', '::1', 'localhost'] as $target) {
        round_trip("to $target", $via($open), $target, $port);
    }
    tls_round_trip('tls to localhost', $via($open), $certs, $tls);
    // An IP literal is no SNI name: s_server shows its self-signed certificate.
    tls_round_trip('tls to 127.0.0.1', $via($open), $certs, $tls, '127.0.0.1');
    tls_round_trip('tls to localhost, name checked', $via($open, ['ssl_host_name' => 'localhost']), $certs, $tls);
    // The socket's peer is the proxy.
    $c = attempt('peer is the proxy', $via($open), '127.0.0.1', $port);
    echo "  getpeername port is the proxy's: ", var_export($c->getpeername()['port'] === $open, true), "\n";
    $c->close();

    echo "-- proxy with a login\n";
    round_trip('right password', $via($auth, $login), 'localhost', $port);
    tls_round_trip('tls, right password', $via($auth, $login), $certs, $tls);
    attempt('wrong password', $via($auth, ['socks5_password' => 'nope'] + $login), '127.0.0.1', $port);
    attempt('no login', $via($auth), '127.0.0.1', $port);

    echo "-- failures\n";
    attempt('unreachable target', $via($open), '127.0.0.1', $dead);
    attempt('refused proxy', $via($dead), '127.0.0.1', $port);
    proc_terminate($p1, 19);                       // SIGSTOP: the proxy accepts (the kernel does) and never answers
    times_out('stalled proxy', $via($open), '127.0.0.1', $port, 0.5);
    cancel_and_close('stalled proxy', $via($open), '127.0.0.1', $port);
    proc_terminate($p1, 18);                       // SIGCONT
    round_trip('woken proxy', $via($open), '127.0.0.1', $port);
    $stop();
});
?>
--EXPECT--
-- open proxy
to 127.0.0.1: connected
  greeting: "hello from the target\n", echo: "ping through 127.0.0.1\n"
to ::1: connected
  greeting: "hello from the target\n", echo: "ping through ::1\n"
to localhost: connected
  greeting: "hello from the target\n", echo: "ping through localhost\n"
tls to localhost: connected
  s_server answered: "slt dellennut\n"
tls to 127.0.0.1: false, errCode 1014: SSL verify failed: self-signed certificate
tls to localhost, name checked: connected
  s_server answered: "slt dellennut\n"
peer is the proxy: connected
  getpeername port is the proxy's: true
-- proxy with a login
right password: connected
  greeting: "hello from the target\n", echo: "ping through localhost\n"
tls, right password: connected
  s_server answered: "slt dellennut\n"
wrong password: false, errCode 7003: Socks5 auth failed: the proxy rejected the username and password (status 2)
no login: false, errCode 7002: Socks5 unsupport method: the proxy accepts none of the offered authentication methods
-- failures
unreachable target: false, errCode 7004: Socks5 server error: connection refused (reply 5)
refused proxy: false, errCode 111: Connection refused
stalled proxy: false, errCode 110: Connection timed out
  after the timeout, not long after: true
stalled proxy, cancel from another coroutine (true): false, errCode 125: Operation canceled
stalled proxy, close from another coroutine (true): false, errCode 125: Operation canceled
woken proxy: connected
  greeting: "hello from the target\n", echo: "ping through 127.0.0.1\n"
