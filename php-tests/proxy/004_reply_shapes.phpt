--TEST--
Proxies scripted in the test, for what real servers seldom send: the bytes each handshake sends (remote resolution, IPv6 in brackets, Basic auth), every SOCKS5 reply code and bound address type, HTTP reason phrases, bare LF and interim responses, the target's first bytes in the same write as the last reply, and malformed, oversized, cut, reset and stalled replies
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/proxy.inc';
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

/**
 * A proxy that answers each message of the client with the next of $replies (after
 * reading it whole: SOCKS5 messages come in one write), prints what it got as hex
 * when $show, then runs $after (by default: act as the target, which speaks first in
 * the same write as the last reply, then echoes a line).
 */
function socks_proxy(array $replies, bool $show = false, ?callable $after = null): array
{
    return scripted_proxy(function (Socket $conn) use ($replies, $show, $after) {
        $last = array_key_last($replies);
        foreach ($replies as $i => $reply) {
            $got = $conn->recv(1024, slack(5));
            if ($show) echo "  proxy got ", bin2hex((string) $got), "\n";
            if ($i === $last && $after === null) {
                $conn->sendAll($reply . "target speaks first\n");
                if (($line = $conn->recvLine(1024, slack(5))) !== false && $line !== '') $conn->sendAll($line);
                return;
            }
            $conn->sendAll($reply);
        }
        if ($after) $after($conn);
    });
}

/** Like socks_proxy() for HTTP: reads the CONNECT request, answers $reply, then $after. */
function http_proxy(string $reply, bool $show = false, ?callable $after = null): array
{
    return scripted_proxy(function (Socket $conn) use ($reply, $show, $after) {
        $req = read_http_request($conn);
        if ($show) echo "  proxy got: ", json_encode($req), "\n";
        if ($after) {
            $conn->sendAll($reply);
            $after($conn);
            return;
        }
        $conn->sendAll($reply . "target speaks first\n");
        if (($line = $conn->recvLine(1024, slack(5))) !== false && $line !== '') $conn->sendAll($line);
    });
}

/** Connects through the proxy at $port ($kind: socks5 or http_proxy), then one round trip. */
function through(string $label, string $kind, int $port, string $host = 'target.invalid', array $extra = [], float $timeout = 5.0): void
{
    $c = attempt($label, ["{$kind}_host" => '127.0.0.1', "{$kind}_port" => $port] + $extra, $host, 4242, $timeout);
    if (!$c) return;
    $first = $c->recvLine(1024, slack(5));
    $c->sendAll("echo me\n");
    echo "  target said: ", json_encode($first), ", echo: ", json_encode($c->recvLine(1024, slack(5))), "\n";
    $c->close();
}

$v4 = "\x05\x00\x00\x01\x7f\x00\x00\x01\x10\x92";

Co\run(function () use ($v4) {
    echo "-- SOCKS5: what the client sends\n";
    foreach (['target.invalid', '192.0.2.7', '2001:db8::7', '[2001:db8::8]'] as $host) {
        [$p, $stop] = socks_proxy(["\x05\x00", $v4], true);
        through("to $host", 'socks5', $p, $host);
        $stop();
    }
    [$p, $stop] = socks_proxy(["\x05\x02", "\x01\x00", $v4], true);
    through('with a login', 'socks5', $p, 'target.invalid', ['socks5_username' => 'alice', 'socks5_password' => "pa\x00ss"]);
    $stop();

    echo "-- SOCKS5: every bound address type, the target's bytes right behind\n";
    foreach ([
        'IPv4' => $v4,
        'IPv6' => "\x05\x00\x00\x04" . inet_pton('2001:db8::1') . "\x04\x38",
        'name' => "\x05\x00\x00\x03\x0dproxy.example\x04\x38",
        'empty name' => "\x05\x00\x00\x03\x00\x04\x38",
        '255-byte name' => "\x05\x00\x00\x03\xff" . str_repeat('n', 255) . "\x04\x38",
        'odd reserved byte' => "\x05\x00\x7e\x01\x0a\x00\x00\x01\x00\x00",
    ] as $label => $reply) {
        [$p, $stop] = socks_proxy(["\x05\x00", $reply]);
        through($label, 'socks5', $p);
        $stop();
    }

    echo "-- SOCKS5: each reply code\n";
    foreach ([1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff] as $code) {
        [$p, $stop] = socks_proxy(["\x05\x00", "\x05" . chr($code) . "\x00\x01\x00\x00\x00\x00\x00\x00"], false, fn() => null);
        through("reply $code", 'socks5', $p);
        $stop();
    }

    echo "-- SOCKS5: refusals and malformed replies\n";
    foreach ([
        'no acceptable method' => ["\x05\xff"],
        'GSSAPI chosen' => ["\x05\x01"],
        'login chosen, none set' => ["\x05\x02"],
        'SOCKS4 reply' => ["\x00\x5a\x00\x00\x00\x00\x00\x00"],
        'HTTP reply' => ["HTTP/1.1 400 Bad Request\r\n\r\n"],
        'unknown address type' => ["\x05\x00", "\x05\x00\x00\x05\x00\x00\x00\x00\x00\x00"],
        'version 4 in the CONNECT reply' => ["\x05\x00", "\x04\x00\x00\x01\x00\x00\x00\x00\x00\x00"],
    ] as $label => $replies) {
        [$p, $stop] = socks_proxy($replies, false, fn() => null);
        through($label, 'socks5', $p);
        $stop();
    }
    [$p, $stop] = socks_proxy(["\x05\x02", "\x01\x01"], false, fn() => null);
    through('login rejected', 'socks5', $p, 'h', ['socks5_username' => 'alice', 'socks5_password' => 'x']);
    $stop();
    [$p, $stop] = socks_proxy(["\x05\x02", "\x05\x00"], false, fn() => null);
    through('login answered with version 5', 'socks5', $p, 'h', ['socks5_username' => 'alice', 'socks5_password' => 'x']);
    $stop();

    echo "-- SOCKS5: cut, reset, stalled\n";
    [$p, $stop] = socks_proxy(["\x05\x00", "\x05\x00\x00\x03\x09prox"], false, fn() => null);
    through('closes mid-reply', 'socks5', $p);
    $stop();
    [$p, $stop] = socks_proxy(["\x05\x00", "\x05\x00\x00"], false, function (Socket $conn) {
        $conn->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
    });
    through('resets mid-reply', 'socks5', $p);
    $stop();
    [$p, $stop] = socks_proxy(["\x05\x00", "\x05\x00\x00\x01\x7f"], false, fn() => Coroutine::sleep(slack(2)));
    $t = microtime(true);
    through('stalls mid-reply', 'socks5', $p, 'h', [], 0.5);
    echo "  on time: ", var_export(microtime(true) - $t < slack(1.5), true), "\n";
    $stop();

    echo "-- HTTP: what the client sends\n";
    foreach (['target.invalid' => [], '2001:db8::7' => [], 'db.internal' => ['http_proxy_username' => 'alice', 'http_proxy_password' => 's3cret']] as $host => $extra) {
        [$p, $stop] = http_proxy("HTTP/1.1 200 Connection established\r\n\r\n", true);
        through("to $host", 'http_proxy', $p, $host, $extra);
        $stop();
    }

    echo "-- HTTP: any 2xx, whatever the reason, the target's bytes right behind\n";
    foreach ([
        "HTTP/1.0 200 OK\r\nProxy-Agent: test\r\n\r\n",
        "HTTP/1.1 200\r\n\r\n",
        "HTTP/1.1 200 Tunnel open, go ahead\r\nVia: 1.1 a\r\nVia: 1.1 b\r\n\r\n",
        "HTTP/1.1 200 bare line feeds\nX-A: b\n\n",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
    ] as $reply) {
        [$p, $stop] = http_proxy($reply);
        through(json_encode($reply), 'http_proxy', $p);
        $stop();
    }

    echo "-- HTTP: refusals, malformed and oversized replies\n";
    foreach ([
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden",
        "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\n\r\n",
        "HTTP/1.1 502 Bad Gateway\r\n\r\n",
        "HTTP/1.0 503\r\n\r\n",
        "SSH-2.0-OpenSSH_9.2\r\n",
        "HTTP/1.1 2OO OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nthis is no header\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Pad: " . str_repeat('p', 9000) . "\r\n\r\n",
    ] as $reply) {
        [$p, $stop] = http_proxy($reply, false, fn() => null);
        through(json_encode(strlen($reply) > 80 ? substr($reply, 0, 30) . '...' : $reply), 'http_proxy', $p);
        $stop();
    }

    echo "-- HTTP: cut, reset, stalled\n";
    [$p, $stop] = http_proxy("HTTP/1.1 200 OK\r\nVia: x\r\n", false, fn() => null);
    through('closes mid-headers', 'http_proxy', $p);
    $stop();
    [$p, $stop] = http_proxy("HTTP/1.1 200 OK\r\n", false, function (Socket $conn) {
        $conn->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
    });
    through('resets mid-headers', 'http_proxy', $p);
    $stop();
    [$p, $stop] = http_proxy("HTTP/1.1 200 OK\r\n", false, fn() => Coroutine::sleep(slack(2)));
    $t = microtime(true);
    through('stalls mid-headers', 'http_proxy', $p, 'h', [], 0.5);
    echo "  on time: ", var_export(microtime(true) - $t < slack(1.5), true), "\n";
    cancel_and_close('stalls mid-headers', ['http_proxy_host' => '127.0.0.1', 'http_proxy_port' => $p], 'h', 1);
    $stop();
});
?>
--EXPECTF--
-- SOCKS5: what the client sends
  proxy got 050100
  proxy got 050100030e7461726765742e696e76616c69641092
to target.invalid: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got 050100
  proxy got 05010001c00002071092
to 192.0.2.7: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got 050100
  proxy got 0501000420010db80000000000000000000000071092
to 2001:db8::7: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got 050100
  proxy got 0501000420010db80000000000000000000000081092
to [2001:db8::8]: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got 05020002
  proxy got 0105616c696365057061007373
  proxy got 050100030e7461726765742e696e76616c69641092
with a login: connected
  target said: "target speaks first\n", echo: "echo me\n"
-- SOCKS5: every bound address type, the target's bytes right behind
IPv4: connected
  target said: "target speaks first\n", echo: "echo me\n"
IPv6: connected
  target said: "target speaks first\n", echo: "echo me\n"
name: connected
  target said: "target speaks first\n", echo: "echo me\n"
empty name: connected
  target said: "target speaks first\n", echo: "echo me\n"
255-byte name: connected
  target said: "target speaks first\n", echo: "echo me\n"
odd reserved byte: connected
  target said: "target speaks first\n", echo: "echo me\n"
-- SOCKS5: each reply code
reply 1: false, errCode 7004: Socks5 server error: general SOCKS server failure (reply 1)
reply 2: false, errCode 7004: Socks5 server error: connection not allowed by ruleset (reply 2)
reply 3: false, errCode 7004: Socks5 server error: network unreachable (reply 3)
reply 4: false, errCode 7004: Socks5 server error: host unreachable (reply 4)
reply 5: false, errCode 7004: Socks5 server error: connection refused (reply 5)
reply 6: false, errCode 7004: Socks5 server error: TTL expired (reply 6)
reply 7: false, errCode 7004: Socks5 server error: command not supported (reply 7)
reply 8: false, errCode 7004: Socks5 server error: address type not supported (reply 8)
reply 9: false, errCode 7004: Socks5 server error: unassigned reply code (reply 9)
reply 255: false, errCode 7004: Socks5 server error: unassigned reply code (reply 255)
-- SOCKS5: refusals and malformed replies
no acceptable method: false, errCode 7002: Socks5 unsupport method: the proxy accepts none of the offered authentication methods
GSSAPI chosen: false, errCode 7002: Socks5 unsupport method: the proxy chose authentication method 1, which was not offered
login chosen, none set: false, errCode 7002: Socks5 unsupport method: the proxy chose authentication method 2, which was not offered
SOCKS4 reply: false, errCode 7001: Socks5 unsupport version: the proxy replied with version 0, not 5
HTTP reply: false, errCode 7001: Socks5 unsupport version: the proxy replied with version 72, not 5
unknown address type: false, errCode 7005: Socks5 handshake failed: the proxy's reply has an unknown address type 5
version 4 in the CONNECT reply: false, errCode 7001: Socks5 unsupport version: the proxy replied with version 4, not 5
login rejected: false, errCode 7003: Socks5 auth failed: the proxy rejected the username and password (status 1)
login answered with version 5: false, errCode 7001: Socks5 unsupport version: the proxy replied with version 5, not 1
-- SOCKS5: cut, reset, stalled
closes mid-reply: false, errCode 7005: Socks5 handshake failed: the proxy closed the connection before the end of its reply
resets mid-reply: false, errCode 7005: Socks5 handshake failed: Connection reset by peer
stalls mid-reply: false, errCode 110: Connection timed out
  on time: true
-- HTTP: what the client sends
  proxy got: "CONNECT target.invalid:4242 HTTP\/1.1\r\nHost: target.invalid:4242\r\nUser-Agent: cosocket\/%s\r\nProxy-Connection: Keep-Alive\r\n\r\n"
to target.invalid: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got: "CONNECT [2001:db8::7]:4242 HTTP\/1.1\r\nHost: [2001:db8::7]:4242\r\nUser-Agent: cosocket\/%s\r\nProxy-Connection: Keep-Alive\r\n\r\n"
to 2001:db8::7: connected
  target said: "target speaks first\n", echo: "echo me\n"
  proxy got: "CONNECT db.internal:4242 HTTP\/1.1\r\nHost: db.internal:4242\r\nUser-Agent: cosocket\/%s\r\nProxy-Connection: Keep-Alive\r\nProxy-Authorization: Basic YWxpY2U6czNjcmV0\r\n\r\n"
to db.internal: connected
  target said: "target speaks first\n", echo: "echo me\n"
-- HTTP: any 2xx, whatever the reason, the target's bytes right behind
"HTTP\/1.0 200 OK\r\nProxy-Agent: test\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 200\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 200 Tunnel open, go ahead\r\nVia: 1.1 a\r\nVia: 1.1 b\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 200 bare line feeds\nX-A: b\n\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 204 No Content\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 100 Continue\r\n\r\nHTTP\/1.1 200 OK\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
"HTTP\/1.1 200 OK\r\nContent-Length: 3\r\n\r\n": connected
  target said: "target speaks first\n", echo: "echo me\n"
-- HTTP: refusals, malformed and oversized replies
"HTTP\/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\nforbidden": false, errCode 7103: Http proxy handshake failed: the proxy answered 403 Forbidden
"HTTP\/1.1 407 Proxy Authenticat...": false, errCode 7103: Http proxy handshake failed: the proxy answered 407 Proxy Authentication Required
"HTTP\/1.1 502 Bad Gateway\r\n\r\n": false, errCode 7103: Http proxy handshake failed: the proxy answered 502 Bad Gateway
"HTTP\/1.0 503\r\n\r\n": false, errCode 7103: Http proxy handshake failed: the proxy answered 503 Service Unavailable
"SSH-2.0-OpenSSH_9.2\r\n": false, errCode 7104: Http proxy bad response: the reply is not an HTTP response
"HTTP\/1.1 2OO OK\r\n\r\n": false, errCode 7104: Http proxy bad response: bad status line
"HTTP\/1.1 200 OK\r\nthis is no header\r\n\r\n": false, errCode 7104: Http proxy bad response: a header line without a colon
"HTTP\/1.1 200 OK\r\nX-Pad: pppppp...": false, errCode 7104: Http proxy bad response: the response headers are over 8192 bytes
-- HTTP: cut, reset, stalled
closes mid-headers: false, errCode 7101: Http proxy handshake error: the proxy closed the connection before the end of its reply
resets mid-headers: false, errCode 7101: Http proxy handshake error: Connection reset by peer
stalls mid-headers: false, errCode 110: Connection timed out
  on time: true
stalls mid-headers, cancel from another coroutine (true): false, errCode 125: Operation canceled
stalls mid-headers, close from another coroutine (true): false, errCode 125: Operation canceled
