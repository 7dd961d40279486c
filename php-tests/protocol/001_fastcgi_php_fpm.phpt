--TEST--
FastCGI client on Co\Socket (open_fastcgi_protocol) against a real php-fpm started by the test: two requests on one kept connection, response records read with recvPacket
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
$v = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
if (!is_executable("/usr/sbin/php-fpm$v")) die("skip /usr/sbin/php-fpm$v is not installed (apt-get install php$v-fpm; scripts/test.sh does it as root)");
?>
--FILE--
<?php
require __DIR__ . '/peer.inc';
use Swoole\Coroutine\Socket;

const FCGI_BEGIN_REQUEST = 1, FCGI_END_REQUEST = 3, FCGI_PARAMS = 4, FCGI_STDIN = 5, FCGI_STDOUT = 6, FCGI_STDERR = 7;
const NAMES = [1 => 'BEGIN_REQUEST', 3 => 'END_REQUEST', 4 => 'PARAMS', 5 => 'STDIN', 6 => 'STDOUT', 7 => 'STDERR'];

$dir = peer_dir('fpm');
$port = free_port();
$user = is_root() ? "user = nobody\ngroup = nogroup\n" : '';
file_put_contents("$dir/php-fpm.conf", <<<CONF
[global]
error_log = $dir/fpm.log
pid = $dir/fpm.pid
daemonize = no

[t]
listen = 127.0.0.1:$port
{$user}pm = static
pm.max_children = 1
clear_env = no

CONF);
// The script: something computed from the query, the body and a long parameter, and
// more output than one record holds (a record carries at most 65535 bytes).
file_put_contents("$dir/t.php", <<<'PHP'
<?php
header('X-Sum: ' . array_sum(range(1, (int) $_GET['n'])));
$in = file_get_contents('php://input');
echo "method=", $_SERVER['REQUEST_METHOD'], " n=", $_GET['n'], "\n";
echo "body=", strtoupper(substr($in, 0, 12)), " (", strlen($in), " bytes)\n";
echo "long param=", strlen($_SERVER['HTTP_X_LONG'] ?? ''), " bytes\n";
echo "filler=", md5(str_repeat('x', (int) $_GET['fill'])), "\n";
echo str_repeat('x', (int) $_GET['fill']), "\n";
PHP);

$fpm = start_peer(['/usr/sbin/php-fpm' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION, '-n', '-y', "$dir/php-fpm.conf", '-F'] , "$dir/fpm.out");
if (!wait_accepting("tcp://127.0.0.1:$port", $fpm, "$dir/fpm.out")) exit(1);

function record(int $type, int $id, string $content): string
{
    $pad = (8 - strlen($content) % 8) % 8;     // padded as php-fpm pads its own
    return pack('CCnnCx', 1, $type, $id, strlen($content), $pad) . $content . str_repeat("\0", $pad);
}
function pair(string $name, string $value): string
{
    $len = fn($n) => $n < 128 ? chr($n) : pack('N', $n | 0x80000000);
    return $len(strlen($name)) . $len(strlen($value)) . $name . $value;
}
function request(Socket $s, int $id, bool $keep, string $query, string $body): void
{
    global $dir;
    $params = '';
    foreach ([
        'GATEWAY_INTERFACE' => 'FastCGI/1.0', 'SERVER_PROTOCOL' => 'HTTP/1.1',
        'REQUEST_METHOD' => 'POST', 'SCRIPT_FILENAME' => "$dir/t.php", 'SCRIPT_NAME' => '/t.php',
        'REQUEST_URI' => "/t.php?$query", 'QUERY_STRING' => $query,
        'CONTENT_TYPE' => 'text/plain', 'CONTENT_LENGTH' => (string) strlen($body),
        'HTTP_X_LONG' => str_repeat('L', 300),    // > 127: a 4-byte value length
    ] as $k => $v) {
        $params .= pair($k, $v);
    }
    $out = record(FCGI_BEGIN_REQUEST, $id, pack('nCx5', 1, $keep ? 1 : 0))
        . record(FCGI_PARAMS, $id, $params) . record(FCGI_PARAMS, $id, '')
        . record(FCGI_STDIN, $id, $body) . record(FCGI_STDIN, $id, '');
    var_dump($s->sendAll($out) === strlen($out));
}
function response(Socket $s, int $id): void
{
    $stdout = $stderr = '';
    $seen = [];
    $bad = $nout = $npad = 0;
    while (true) {
        $rec = $s->recvPacket(10);
        if ($rec === false || $rec === '') {
            echo "recvPacket: ", var_export($rec, true), " errCode=", $s->errCode, "\n";
            return;
        }
        $h = unpack('Cversion/Ctype/nid/nlen/Cpad', $rec);
        // recvPacket hands over exactly one record: header + content + padding.
        if (strlen($rec) !== 8 + $h['len'] + $h['pad'] || $h['id'] !== $id || $h['version'] !== 1) $bad++;
        if ($h['pad'] > 0) $npad++;
        $content = substr($rec, 8, $h['len']);
        $name = NAMES[$h['type']] ?? "type{$h['type']}";
        if (end($seen) !== $name) $seen[] = $name;
        if ($h['type'] === FCGI_STDOUT) { $stdout .= $content; $nout++; }
        if ($h['type'] === FCGI_STDERR) $stderr .= $content;
        if ($h['type'] === FCGI_END_REQUEST) {
            $end = unpack('NappStatus/CprotocolStatus', $content);
            break;
        }
    }
    echo "records: ", implode(', ', $seen), "; malformed: $bad; STDOUT records: ", $nout > 1 ? 'several' : 'one',
        "; padded: ", $npad > 0 ? 'some' : 'none', "\n";
    echo "end: appStatus={$end['appStatus']} protocolStatus={$end['protocolStatus']}\n";
    if ($stderr !== '') echo "stderr: $stderr\n";
    [$head, $body] = explode("\r\n\r\n", $stdout, 2);
    $lines = explode("\r\n", $head);
    sort($lines);
    echo "headers: ", implode(' | ', array_filter($lines, fn($l) => !str_starts_with($l, 'X-Powered-By'))), "\n";
    $body = explode("\n", $body);
    $filler = $body[4];
    $body[4] = strlen($filler) . ' x, md5 ' . (md5($filler) === substr($body[3], 7) ? 'matches' : 'differs');
    unset($body[3]);
    echo implode("\n", $body);
}

Co\run(function () use ($port) {
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    var_dump($s->setProtocol(['open_fastcgi_protocol' => true]));
    var_dump($s->connect('127.0.0.1', $port, 5));
    echo "-- request 1 (keep the connection)\n";
    request($s, 1, true, 'n=10&fill=100', 'hello fpm');
    response($s, 1);
    echo "-- request 2 on the same connection, 150 kB of output\n";
    request($s, 2, false, 'n=100&fill=150000', str_repeat('ab', 3000));
    response($s, 2);
    echo "-- php-fpm closes (no keep-conn): recvPacket ", var_export($s->recvPacket(5), true), "\n";
    $s->close();
});
stop_peer($fpm);
echo "php-fpm stopped\n";
?>
--EXPECT--
bool(true)
bool(true)
-- request 1 (keep the connection)
bool(true)
records: STDOUT, END_REQUEST; malformed: 0; STDOUT records: one; padded: some
end: appStatus=0 protocolStatus=0
headers: Content-type: text/html; charset=UTF-8 | X-Sum: 55
method=POST n=10
body=HELLO FPM (9 bytes)
long param=300 bytes
100 x, md5 matches
-- request 2 on the same connection, 150 kB of output
bool(true)
records: STDOUT, END_REQUEST; malformed: 0; STDOUT records: several; padded: some
end: appStatus=0 protocolStatus=0
headers: Content-type: text/html; charset=UTF-8 | X-Sum: 5050
method=POST n=100
body=ABABABABABAB (6000 bytes)
long param=300 bytes
150000 x, md5 matches
-- php-fpm closes (no keep-conn): recvPacket ''
php-fpm stopped
