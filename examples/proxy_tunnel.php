<?php
/**
 * Connecting through proxies: a client reaches a "database" behind a SOCKS5 proxy (with
 * a login) and behind an HTTP CONNECT proxy, with setProtocol()'s socks5_* and
 * http_proxy_* keys. So that it runs anywhere, both proxies are small ones written here
 * with Co\Socket too; point the keys at a real one (Dante, microsocks, Squid, tinyproxy...)
 * and the client code stays the same.
 *
 *   php -d extension=target/release/libcosocket.so examples/proxy_tunnel.php
 */
use Swoole\Coroutine\Socket;

/** A listener on a free loopback port, each connection served by $serve in a coroutine. */
function serve(callable $serve): array
{
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    go(function () use ($l, $serve) {
        while ($conn = $l->accept()) {
            go(fn() => $serve($conn));
        }
    });
    return [$l, $l->getsockname()['port']];
}

/** Copies bytes both ways between two sockets until either side closes. */
function relay(Socket $a, Socket $b): void
{
    $done = new Co\Channel(2);
    foreach ([[$a, $b], [$b, $a]] as [$from, $to]) {
        go(function () use ($from, $to, $done) {
            while (($data = $from->recv(65536, -1)) !== '' && $data !== false && $to->sendAll($data) !== false);
            $done->push(true);
        });
    }
    $done->pop();
    $a->close();
    $b->close();
}

/** The proxy's own connection to the target it was asked for. */
function dial(string $host, int $port): ?Socket
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    return $s->connect($host, $port, 2) ? $s : null;
}

/** A SOCKS5 proxy (RFC 1928) that lets in alice/s3cret (RFC 1929) and nobody else. */
function socks5_proxy(Socket $c): void
{
    $greeting = $c->recv(257);
    if (!str_contains(substr((string) $greeting, 2), "\x02")) {
        $c->sendAll("\x05\xff");                      // no acceptable method: we want a login
        return;
    }
    $c->sendAll("\x05\x02");
    $auth = $c->recv(513);
    $user = substr($auth, 2, ord($auth[1]));
    $pass = substr($auth, 3 + strlen($user), ord($auth[2 + strlen($user)]));
    $c->sendAll($user === 'alice' && $pass === 's3cret' ? "\x01\x00" : "\x01\x01");
    if ($user !== 'alice' || $pass !== 's3cret') return;
    $req = $c->recv(262);                            // version, CONNECT, 0, address type, address, port
    $host = match ($req[3]) {
        "\x01" => inet_ntop(substr($req, 4, 4)),
        "\x04" => inet_ntop(substr($req, 4, 16)),
        "\x03" => substr($req, 5, ord($req[4])),     // a name: the proxy resolves it
    };
    $port = unpack('n', substr($req, -2))[1];
    echo "socks5 proxy: alice asks for $host:$port\n";
    $target = dial($host, $port);
    // Reply: succeeded (0) or connection refused (5), with the address we connected from.
    $c->sendAll("\x05" . ($target ? "\x00" : "\x05") . "\x00\x01\x7f\x00\x00\x01\x00\x00");
    if ($target) relay($c, $target);
}

/** An HTTP proxy that only tunnels: CONNECT host:port, then "200 Connection established". */
function http_proxy(Socket $c): void
{
    $c->setProtocol(['open_eof_check' => true, 'package_eof' => "\r\n\r\n"]);
    $request = $c->recvPacket();                    // the request line and headers
    if (!preg_match('/^CONNECT (\S+):(\d+) HTTP/', (string) $request, $m)) {
        $c->sendAll("HTTP/1.1 405 Method Not Allowed\r\n\r\n");
        return;
    }
    echo "http proxy: CONNECT to {$m[1]}:{$m[2]}\n";
    $target = dial(trim($m[1], '[]'), (int) $m[2]);
    if (!$target) {
        $c->sendAll("HTTP/1.1 502 Bad Gateway\r\n\r\n");
        return;
    }
    $c->sendAll("HTTP/1.1 200 Connection established\r\n\r\n");
    relay($c, $target);
}

Co\run(function () {
    // The target: a tiny line-based "database" that greets first, then answers queries.
    [$db, $dbPort] = serve(function (Socket $c) {
        $c->sendAll("db ready\n");
        while (($q = $c->recvLine()) !== '' && $q !== false) {
            $c->sendAll("result of " . trim($q) . ": 42\n");
        }
        $c->close();
    });
    [$socks, $socksPort] = serve('socks5_proxy');
    [$http, $httpPort] = serve('http_proxy');

    $ways = [
        'SOCKS5' => ['socks5_host' => '127.0.0.1', 'socks5_port' => $socksPort,
            'socks5_username' => 'alice', 'socks5_password' => 's3cret'],
        'HTTP CONNECT' => ['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $httpPort],
        'SOCKS5, wrong password' => ['socks5_host' => '127.0.0.1', 'socks5_port' => $socksPort,
            'socks5_username' => 'alice', 'socks5_password' => 'guess'],
    ];
    foreach ($ways as $how => $settings) {
        $client = new Socket(AF_INET, SOCK_STREAM, 0);
        $client->setProtocol($settings);
        // connect() is given the target: the socket connects to the proxy, and the
        // target's name goes to the proxy, which resolves it. DNS, TCP and the proxy's
        // handshake (and TLS, with open_ssl) share the timeout.
        if (!$client->connect('localhost', $dbPort, 2)) {
            echo "client via $how: failed, errCode $client->errCode: $client->errMsg\n";
            continue;
        }
        echo "client via $how: ", $client->recvLine();
        $client->sendAll("SELECT answer\n");
        echo "client via $how: ", $client->recvLine();
        $client->close();
    }
    foreach ([$db, $socks, $http] as $l) $l->close();
});
