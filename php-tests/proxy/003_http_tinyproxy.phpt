--TEST--
HTTP CONNECT through real tinyproxy instances started by the test (open, with Basic auth, with a dead upstream): round trips to an IPv4, IPv6 and named target (the target speaks first: its bytes may come with the proxy's reply), TLS inside the tunnel, auth success and failure (407 without a login, 401 with a wrong one), a forbidden port (403), an unreachable target (500), a dead upstream (502), a refused proxy, a stalled proxy (timeout, cancel, close)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/bin/tinyproxy')) die('skip /usr/bin/tinyproxy is not installed (apt-get install tinyproxy; scripts/test.sh does it as root)');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed');
?>
--FILE--
<?php
require __DIR__ . '/proxy.inc';

$dir = peer_dir('tinyproxy');
$certs = make_certs();
$tls = tls_target($certs, $dir);
// The target's port is known before tinyproxy starts: the open instance allows
// CONNECT to it, the TLS target and a dead port only.
$made = loopback_listeners();
$port = $made[0];
[$open, $login, $chained, $dead] = [free_port(), free_port(), free_port(), free_port()];
$common = "Listen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nDisableViaHeader Yes\nLogLevel Info\n";
$configs = [
    'open' => "Port $open\nConnectPort $port\nConnectPort $tls\nConnectPort $dead\n",
    'login' => "Port $login\nBasicAuth alice s3cret\n",
    'chained' => "Port $chained\nUpstream http 127.0.0.1:$dead\n",
];
$procs = [];
foreach ($configs as $name => $conf) {
    file_put_contents("$dir/$name.conf", $common . $conf . "LogFile \"$dir/$name.log\"\n");
    $procs[$name] = start_peer(['/usr/bin/tinyproxy', '-d', '-c', "$dir/$name.conf"], "$dir/$name.out");
}
foreach (['open' => $open, 'login' => $login, 'chained' => $chained] as $name => $p) {
    if (!wait_accepting("tcp://127.0.0.1:$p", $procs[$name], "$dir/$name.out")) exit(1);
}

Co\run(function () use ($made, $open, $login, $chained, $dead, $certs, $tls, $procs) {
    [$port, $stop] = target_server($made);
    $via = fn(int $p, array $extra = []) => ['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $p] + $extra;

    echo "-- open proxy\n";
    foreach (['127.0.0.1', '::1', 'localhost'] as $target) {
        round_trip("to $target", $via($open), $target, $port);
    }
    tls_round_trip('tls to localhost', $via($open), $certs, $tls);
    tls_round_trip('tls to 127.0.0.1', $via($open), $certs, $tls, '127.0.0.1');

    echo "-- proxy with a login\n";
    round_trip('right password', $via($login, ['http_proxy_username' => 'alice', 'http_proxy_password' => 's3cret']), 'localhost', $port);
    round_trip('http_proxy_user', $via($login, ['http_proxy_user' => 'alice', 'http_proxy_password' => 's3cret']), 'localhost', $port);
    tls_round_trip('tls, right password', $via($login, ['http_proxy_user' => 'alice', 'http_proxy_password' => 's3cret']), $certs, $tls);
    attempt('wrong password', $via($login, ['http_proxy_username' => 'alice', 'http_proxy_password' => 'nope']), '127.0.0.1', $port);
    attempt('no login', $via($login), '127.0.0.1', $port);

    echo "-- failures\n";
    attempt('forbidden port', $via($open), '127.0.0.1', $chained);
    attempt('unreachable target', $via($open), '127.0.0.1', $dead);
    attempt('dead upstream', $via($chained), '127.0.0.1', $port);
    attempt('refused proxy', $via($dead), '127.0.0.1', $port);
    proc_terminate($procs['open'], 19);           // SIGSTOP
    times_out('stalled proxy', $via($open), '127.0.0.1', $port, 0.5);
    cancel_and_close('stalled proxy', $via($open), '127.0.0.1', $port);
    proc_terminate($procs['open'], 18);           // SIGCONT
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
-- proxy with a login
right password: connected
  greeting: "hello from the target\n", echo: "ping through localhost\n"
http_proxy_user: connected
  greeting: "hello from the target\n", echo: "ping through localhost\n"
tls, right password: connected
  s_server answered: "slt dellennut\n"
wrong password: false, errCode 7103: Http proxy handshake failed: the proxy answered 401 Unauthorized
no login: false, errCode 7103: Http proxy handshake failed: the proxy answered 407 Proxy Authentication Required
-- failures
forbidden port: false, errCode 7103: Http proxy handshake failed: the proxy answered 403 Access violation
unreachable target: false, errCode 7103: Http proxy handshake failed: the proxy answered 500 Unable to connect
dead upstream: false, errCode 7103: Http proxy handshake failed: the proxy answered 502 Unable to connect to upstream proxy
refused proxy: false, errCode 111: Connection refused
stalled proxy: false, errCode 110: Connection timed out
  after the timeout, not long after: true
stalled proxy, cancel from another coroutine (true): false, errCode 125: Operation canceled
stalled proxy, close from another coroutine (true): false, errCode 125: Operation canceled
woken proxy: connected
  greeting: "hello from the target\n", echo: "ping through 127.0.0.1\n"
