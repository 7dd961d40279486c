--TEST--
The proxy keys of setProtocol() as Swoole's clients read them: warnings for a missing port or password, an exception on a socket that is not TCP, socks5 before http_proxy, http_proxy_user, an empty host turning the proxy off, settings kept across calls; a proxy named by host name, an IPv6 socket, limits on names and credentials, and packets read through the tunnel
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/proxy.inc';
use Swoole\Coroutine\Socket;

/** A scripted SOCKS5 proxy that prints what the client offered and lets it through. */
function socks_ok(string $listen = '127.0.0.1'): array
{
    $domain = str_contains($listen, ':') ? AF_INET6 : AF_INET;
    $l = new Socket($domain, SOCK_STREAM, 0);
    $l->bind($listen, 0);
    $l->listen();
    go(function () use ($l) {
        while ($conn = $l->accept()) {
            $greeting = $conn->recv(64, slack(5));
            echo "  socks5 proxy: greeting ", bin2hex($greeting), "\n";
            if ($greeting === "\x05\x02\x00\x02") {
                $conn->sendAll("\x05\x02");
                echo "  socks5 proxy: login ", json_encode($conn->recv(600, slack(5))), "\n";
                $conn->sendAll("\x01\x00");
            } else {
                $conn->sendAll("\x05\x00");
            }
            $req = $conn->recv(600, slack(5));
            echo "  socks5 proxy: request for ", json_encode(substr($req, 5, -2)), "\n";
            $conn->sendAll("\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00hello through socks5\n");
            $conn->close();
        }
    });
    return [$l->getsockname()['port'], fn() => $l->close()];
}

/** A scripted HTTP proxy that prints the request line (and login) and lets it through. */
function http_ok(): array
{
    return scripted_proxy(function (Socket $conn) {
        $req = read_http_request($conn);
        preg_match('/Proxy-Authorization: Basic (\S+)/', $req, $m);
        echo "  http proxy: ", strtok($req, "\r\n"), isset($m[1]) ? ' login ' . base64_decode($m[1]) : '', "\n";
        // The target's lines come in the same write as the reply.
        $conn->sendAll("HTTP/1.1 200 OK\r\n\r\nline one\r\nline two\r\n");
    });
}

function show(string $label, Socket $c, string $host, int $port): void
{
    $r = $c->connect($host, $port, slack(5));
    echo "$label: ", $r ? 'connected, read ' . json_encode($c->recv(100, slack(5))) : "false, errCode $c->errCode: $c->errMsg", "\n";
    $c->close();
}

Co\run(function () {
    [$port, $stop] = target_server();
    [$sp, $sstop] = socks_ok();
    [$hp, $hstop] = http_ok();

    echo "-- only TCP sockets take proxies\n";
    foreach ([[AF_INET, SOCK_DGRAM, 'socks5_host'], [AF_UNIX, SOCK_STREAM, 'http_proxy_host'], [AF_INET6, SOCK_DGRAM, 'http_proxy_host']] as [$d, $t, $key]) {
        $c = new Socket($d, $t, 0);
        try {
            var_dump($c->setProtocol([$key => '127.0.0.1', 'socks5_port' => 1, 'http_proxy_port' => 1]));
        } catch (Swoole\Exception $e) {
            echo get_class($e), " ", $e->getCode(), ": ", $e->getMessage(), "\n";
        }
    }

    echo "-- warnings, as Swoole's\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->setProtocol(['socks5_host' => '127.0.0.1']));
    show('no port: no proxy', $c, '127.0.0.1', $port);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->setProtocol(['socks5_host' => '127.0.0.1', 'socks5_port' => $sp, 'socks5_username' => 'alice']));
    show('username, no password: the proxy without the login', $c, 'target.invalid', 80);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp, 'http_proxy_user' => 'bob']));
    show('http user, no password', $c, 'target.invalid', 80);

    echo "-- which proxy, and for how long\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp, 'socks5_host' => '127.0.0.1', 'socks5_port' => $sp]));
    show('both: socks5 wins', $c, 'target.invalid', 80);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp, 'http_proxy_user' => 'bob', 'http_proxy_password' => 'pw']);
    var_dump($c->setProtocol(['open_eof_check' => true, 'socks5_host' => null]));
    show('other keys later: the proxy stays', $c, 'target.invalid', 80);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp]);
    var_dump($c->setProtocol(['http_proxy_host' => '']));
    show('an empty host: no proxy', $c, '127.0.0.1', $port);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['socks5_host' => 'localhost', 'socks5_port' => (string) $sp, 'socks5_username' => 'u', 'socks5_password' => 1234]);
    show('a proxy named by host name, values converted', $c, 'target.invalid', 80);
    [$sp6, $sstop6] = socks_ok('::1');
    $c = new Socket(AF_INET6, SOCK_STREAM, 0);
    $c->setProtocol(['socks5_host' => '::1', 'socks5_port' => $sp6]);
    show('an IPv6 socket to a proxy on ::1', $c, '192.0.2.1', 80);
    $sstop6();

    echo "-- limits\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['socks5_host' => '127.0.0.1', 'socks5_port' => 70000]);
    show('proxy port out of range', $c, '127.0.0.1', $port);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['socks5_host' => '127.0.0.1', 'socks5_port' => $sp, 'socks5_username' => str_repeat('u', 256), 'socks5_password' => 'p']);
    show('a 256-byte username', $c, 'target.invalid', 80);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['socks5_host' => '127.0.0.1', 'socks5_port' => $sp]);
    show('a 256-byte target name', $c, str_repeat('n', 252) . '.com', 80);
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp]);
    show('a target name with a line break', $c, "evil\r\nX-Injected: 1", 80);

    echo "-- packets through the tunnel: the target's bytes read with the reply are the first packets\n";
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->setProtocol(['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $hp, 'open_eof_split' => true, 'package_eof' => "\r\n"]);
    var_dump($c->connect('target.invalid', 80, slack(5)), $c->recvPacket(slack(5)), $c->recvPacket(slack(5)), $c->recvPacket(slack(5)));
    $c->close();

    $stop();
    $sstop();
    $hstop();
});
?>
--EXPECTF--
-- only TCP sockets take proxies
Swoole\Exception 507: Only tcp socket supports socks5 proxy settings
Swoole\Exception 507: Only tcp socket supports http proxy settings
Swoole\Exception 507: Only tcp socket supports http proxy settings
-- warnings, as Swoole's

Warning: Swoole\Coroutine\Socket::setProtocol(): socks5_port should not be null in %s on line %d
bool(false)
no port: no proxy: connected, read "hello from the target\n"

Warning: Swoole\Coroutine\Socket::setProtocol(): socks5_password should not be null in %s on line %d
bool(false)
  socks5 proxy: greeting 050100
  socks5 proxy: request for "target.invalid"
username, no password: the proxy without the login: connected, read "hello through socks5\n"

Warning: Swoole\Coroutine\Socket::setProtocol(): http_proxy_password should not be null in %s on line %d
bool(false)
  http proxy: CONNECT target.invalid:80 HTTP/1.1
http user, no password: connected, read "line one\r\nline two\r\n"
-- which proxy, and for how long
bool(true)
  socks5 proxy: greeting 050100
  socks5 proxy: request for "target.invalid"
both: socks5 wins: connected, read "hello through socks5\n"
bool(true)
  http proxy: CONNECT target.invalid:80 HTTP/1.1 login bob:pw
other keys later: the proxy stays: connected, read "line one\r\nline two\r\n"
bool(true)
an empty host: no proxy: connected, read "hello from the target\n"
  socks5 proxy: greeting 05020002
  socks5 proxy: login "\u0001\u0001u\u00041234"
  socks5 proxy: request for "target.invalid"
a proxy named by host name, values converted: connected, read "hello through socks5\n"
  socks5 proxy: greeting 050100
  socks5 proxy: request for "\u0000\u0002\u0001"
an IPv6 socket to a proxy on ::1: connected, read "hello through socks5\n"
-- limits
proxy port out of range: false, errCode 723: Bad port
a 256-byte username: false, errCode 7003: Socks5 auth failed: the username and the password are 255 bytes at most
a 256-byte target name: false, errCode 7005: Socks5 handshake failed: the target host name must be 1 to 255 bytes
a target name with a line break: false, errCode 7101: Http proxy handshake error: the target host holds characters a CONNECT request cannot carry
-- packets through the tunnel: the target's bytes read with the reply are the first packets
  http proxy: CONNECT target.invalid:80 HTTP/1.1
bool(true)
string(10) "line one
"
string(10) "line two
"
string(0) ""
