--TEST--
Socket: accept with the fd table full (ulimit -n 64) gives false with EMFILE; the server serves again once fds are freed
--EXTENSIONS--
cosocket
posix
--SKIPIF--
<?php
if (!function_exists('posix_setrlimit')) die('skip posix_setrlimit needed');
// valgrind keeps fds of its own and virtualises the limit.
if (getenv('USE_ZEND_ALLOC') === '0') die('skip not under valgrind');
?>
--FILE--
<?php
use Swoole\Coroutine\Socket;
posix_setrlimit(POSIX_RLIMIT_NOFILE, 64, 64);
Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(128);
    $port = $server->getsockname()['port'];
    // The client is another process (this one will have no fd to spare); it connects
    // once the fd table here is full.
    $client = proc_open([PHP_BINARY, '-n', '-r', 'usleep(300000); $c = stream_socket_client("tcp://127.0.0.1:' . $port . '"); fwrite($c, "hi"); echo fread($c, 10);'], [1 => ['pipe', 'w']], $pipes);
    $hog = [];
    while ($s = @stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0)) {
        $hog[] = $s;
    }
    while ($f = @fopen('/dev/null', 'r')) {
        $hog[] = $f;
    }
    Co::sleep(0.6);
    var_dump($server->accept(1), $server->errCode === SOCKET_EMFILE, $server->errMsg);
    $hog = [];
    $conn = $server->accept(5);
    var_dump($conn instanceof Socket, $conn->recv(), $conn->send('served'));
    $conn->close();
    var_dump(stream_get_contents($pipes[1]));
    proc_close($client);
});
?>
--EXPECT--
bool(false)
bool(true)
string(19) "Too many open files"
bool(true)
string(2) "hi"
int(6)
string(6) "served"
