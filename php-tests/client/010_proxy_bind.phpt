--TEST--
Co\Client through real proxies started by the test (microsocks, tinyproxy): SOCKS5 to a named target, SOCKS5 + TLS verified against the target's name, a missing socks5_port (warning, direct connection), HTTP CONNECT (the target's first bytes kept); bind_address/bind_port; socket_buffer_size and open_tcp_nodelay
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/bin/microsocks')) die('skip /usr/bin/microsocks is not installed');
if (!is_executable('/usr/bin/tinyproxy')) die('skip /usr/bin/tinyproxy is not installed');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed');
?>
--FILE--
<?php
require __DIR__ . '/../proxy/proxy.inc';
function show($c, $what) { echo "$what: errCode=", $c->errCode, " errMsg=", var_export($c->errMsg, true), " connected=", var_export($c->connected, true), "\n"; }
$dir = peer_dir('client-proxy');
$certs = make_certs();
$tls = tls_target($certs, $dir);
$made = loopback_listeners();
[$socks, $http, $bindPort] = [free_port(), free_port(), free_port()];
$p1 = start_peer(['/usr/bin/microsocks', '-i', '127.0.0.1', '-p', (string) $socks], "$dir/socks.log");
file_put_contents("$dir/tp.conf", "Port $http\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nDisableViaHeader Yes\nConnectPort {$made[0]}\nLogFile \"$dir/tp.log\"\n");
$p2 = start_peer(['/usr/bin/tinyproxy', '-d', '-c', "$dir/tp.conf"], "$dir/tp.out");
if (!wait_accepting("tcp://127.0.0.1:$socks", $p1, "$dir/socks.log") || !wait_accepting("tcp://127.0.0.1:$http", $p2, "$dir/tp.out")) exit(1);

Co\run(function () use ($made, $tls, $certs, $socks, $http, $bindPort) {
    [$port, $stop] = target_server($made);
    echo "-- socks5\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->set(['socks5_host' => '127.0.0.1', 'socks5_port' => $socks]));
    var_dump($c->connect('localhost', $port, slack(5)));
    var_dump($c->recv(slack(2)), $c->send("line\n"), $c->recv(slack(2)));
    var_dump($c->getpeername()['port'] === $socks);
    $c->close();
    $c = new Co\Client(SWOOLE_SOCK_TCP | SWOOLE_SSL);
    $c->set(['socks5_host' => '127.0.0.1', 'socks5_port' => $socks, 'ssl_verify_peer' => true, 'ssl_cafile' => "$certs/ca.pem"]);
    var_dump($c->connect('localhost', $tls, slack(5)));
    var_dump($c->send("olleh\n"), $c->recv(slack(2)));
    $c->close();
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->set(['socks5_host' => '127.0.0.1']));
    var_dump($c->connect('127.0.0.1', $port, slack(5)));
    var_dump($c->getpeername()['port'] === $port);
    $c->close();
    echo "-- http proxy\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->set(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $http]));
    var_dump($c->connect('127.0.0.1', $port, slack(5)));
    var_dump($c->recv(slack(2)), $c->send("line2\n"), $c->recv(slack(2)));
    $c->close();
    echo "-- bind_address, bind_port\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->set(['bind_address' => '127.0.0.1', 'bind_port' => $bindPort]));
    var_dump($c->connect('127.0.0.1', $port, slack(5)));
    var_dump($c->getsockname()['port'] === $bindPort);
    $c2 = new Co\Client(SWOOLE_SOCK_TCP);
    $c2->set(['bind_address' => '127.0.0.1', 'bind_port' => $bindPort]);
    var_dump($c2->connect('127.0.0.1', $port, slack(5)));
    show($c2, "the same address and port again");
    $c->close();
    echo "-- socket_buffer_size, open_tcp_nodelay\n";
    $c = new Co\Client(SWOOLE_SOCK_TCP);
    var_dump($c->set(['socket_buffer_size' => 0]));
    var_dump($c->connect('127.0.0.1', $port, slack(5)));
    var_dump($c->set(['socket_buffer_size' => -1]));
    var_dump($c->set(['socket_buffer_size' => '1M', 'open_tcp_nodelay' => false]));
    $s = $c->exportSocket();
    var_dump($s->getOption(SOL_SOCKET, SO_RCVBUF) >= 1048576, $s->getOption(SOL_TCP, TCP_NODELAY));
    $c->close();
    $stop();
});
?>
--EXPECTF--
-- socks5
bool(true)
bool(true)
string(22) "hello from the target
"
int(5)
string(5) "line
"
bool(true)
bool(true)
int(6)
string(6) "hello
"
bool(true)

Warning: Swoole\Coroutine\Client::connect(): socks5_port should not be null in %s on line %d
bool(true)
bool(true)
-- http proxy
bool(true)
bool(true)
string(22) "hello from the target
"
int(6)
string(6) "line2
"
-- bind_address, bind_port
bool(true)
bool(true)
bool(true)
bool(false)
the same address and port again: errCode=99 errMsg='Cannot assign requested address' connected=false
-- socket_buffer_size, open_tcp_nodelay
bool(true)

Warning: Swoole\Coroutine\Client::connect(): socket buffer size must be greater than 0, got 0 in %s on line %d
bool(true)

Warning: Swoole\Coroutine\Client::set(): socket buffer size must be greater than 0, got -1 in %s on line %d
bool(false)
bool(true)
bool(true)
int(0)
