--TEST--
HTTP/1.1 keep-alive server on Co\Socket with open_eof_split at "\r\n\r\n", driven by curl: two URLs in one curl run reuse one connection
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!is_executable('/usr/bin/curl')) die('skip /usr/bin/curl is not installed (apt-get install curl; scripts/test.sh does it as root)');
?>
--FILE--
<?php
require __DIR__ . '/peer.inc';
require __DIR__ . '/http_server.inc';
use Swoole\Coroutine\Socket;

$dir = peer_dir('curl');
Co\run(function () use ($dir) {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(16);
    $port = $server->getsockname()['port'];
    go(fn() => http_server($server));
    // curl keeps the connection for the second URL (no pipelining: one after the other).
    $out = run_client(['/usr/bin/curl', '-sS', '--http1.1', '--max-time', '10', '-H', 'X-From: curl',
        '-w', "[%{http_code} %{size_download} bytes, %{num_connects} new connection(s)]\n",
        "http://127.0.0.1:$port/one", "http://127.0.0.1:$port/two"], "$dir/curl.out");
    // curl has exited and its close is in the server's socket: a turn of the loop lets the
    // server's connection coroutine see it (under load this poller could print first).
    Co::sleep(0.1);
    echo "curl:\n", $out;
    $server->close();
});
?>
--EXPECT--
bool(true)
server: connection 1 request 1: GET /one (4 headers)
server: connection 1 request 2: GET /two (4 headers)
server: connection 1 ended after 2 requests ('')
curl:
hello /one, request 1 on connection 1
[200 38 bytes, 1 new connection(s)]
hello /two, request 2 on connection 1
[200 38 bytes, 0 new connection(s)]
