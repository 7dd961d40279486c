--TEST--
HTTP/1.1 keep-alive server on Co\Socket with open_eof_split at "\r\n\r\n", driven by a PHP stream client in a child process: three pipelined requests in one write, then one request cut inside its "\r\n\r\n" with the next one glued to its tail
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/peer.inc';
require __DIR__ . '/http_server.inc';
use Swoole\Coroutine\Socket;

$dir = peer_dir('http');
// The client: plain blocking PHP streams, in its own process so it cannot block our loop.
file_put_contents("$dir/client.php", <<<'PHP'
<?php
$port = (int) $argv[1];
function responses($c): void
{
    $all = stream_get_contents($c);          // the server closes after "Connection: close"
    $i = 0;
    while ($all !== '') {
        $parts = explode("\r\n\r\n", $all, 2);
        if (count($parts) < 2 || !preg_match('/^Content-Length: *(\d+)\r?$/mi', $parts[0], $m)) {
            echo "client: not an HTTP response: ", json_encode($all), "\n";
            return;
        }
        [$head, $rest] = $parts;
        $body = substr($rest, 0, (int) $m[1]);
        $all = substr($rest, (int) $m[1]);
        echo "client: response ", ++$i, ": ", strtok($head, "\r\n"), " | ", $body;
    }
}
$c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5) or die("connect: $errstr\n");
stream_set_timeout($c, 10);
$three = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
    . "GET /b HTTP/1.1\r\nHost: t\r\nX-Extra: yes\r\n\r\n"
    . "GET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
echo "client: wrote ", fwrite($c, $three), " bytes in one write\n";
responses($c);
fclose($c);

$c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5) or die("connect: $errstr\n");
stream_set_timeout($c, 10);
foreach (["GET /d HTTP/1.1\r\nHost: t\r", "\n\r", "\nGET /e HTTP/1.1\r\nConnection: close\r\n\r\n"] as $piece) {
    fwrite($c, $piece);
    usleep(50000);
}
responses($c);
fclose($c);
PHP);

Co\run(function () use ($dir) {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(16);
    $port = $server->getsockname()['port'];
    go(fn() => http_server($server));
    $args = [PHP_BINARY, '-n', "$dir/client.php", (string) $port];
    echo run_client($args, "$dir/client.out");
    $server->close();
});
?>
--EXPECT--
bool(true)
server: connection 1 request 1: GET /a (1 headers)
server: connection 1 request 2: GET /b (2 headers)
server: connection 1 request 3: GET /c (2 headers)
server: connection 1 closed after request 3
bool(true)
server: connection 2 request 1: GET /d (1 headers)
server: connection 2 request 2: GET /e (1 headers)
server: connection 2 closed after request 2
client: wrote 117 bytes in one write
client: response 1: HTTP/1.1 200 OK | hello /a, request 1 on connection 1
client: response 2: HTTP/1.1 200 OK | hello /b, request 2 on connection 1
client: response 3: HTTP/1.1 200 OK | hello /c, request 3 on connection 1
client: response 1: HTTP/1.1 200 OK | hello /d, request 1 on connection 2
client: response 2: HTTP/1.1 200 OK | hello /e, request 2 on connection 2
