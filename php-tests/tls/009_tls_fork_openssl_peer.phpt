--TEST--
A forked child leaves its parent's TLS connection to `openssl s_server` alone: after a child that exits, one that closes the inherited socket and one that returns from Co\run, the parent's 20 line echoes each come back
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed');
?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;
$d = make_certs();

$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
fclose($s);
// -rev: each line comes back reversed, one connection after another.
$server = proc_open(['openssl', 's_server', '-accept', "127.0.0.1:$port", '-cert', "$d/server.pem", '-key', "$d/server.key", '-rev', '-quiet'],
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'a'], 2 => ['file', '/dev/null', 'a']], $pipes);
$parent = getmypid();
register_shutdown_function(function () use ($server, $parent) {
    if (getmypid() === $parent) {
        proc_terminate($server, 9);
        proc_close($server);
    }
});

function connect(int $port): Socket {
    for ($i = 0; $i < 100; $i++) {
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->setProtocol(['open_ssl' => true, 'open_eof_check' => true, 'package_eof' => "\n"]);
        if ($c->connect('127.0.0.1', $port, 5)) {
            return $c;
        }
        Coroutine::sleep(0.05);                    // s_server still starting
    }
    die("connect: $c->errMsg\n");
}

function echoes(Socket $c): string {
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        if ($c->sendAll("echo $i\n") && $c->recvPacket(5) === strrev("echo $i") . "\n") {
            $ok++;
        }
    }
    $last = $ok < 20 ? " (last: errCode=$c->errCode $c->errMsg)" : "";
    $c->close();
    return "$ok/20$last";
}

foreach (['exits' => false, 'closes the socket' => true] as $label => $close) {
    Co\run(function () use ($port) {
        $GLOBALS['c'] = connect($port);
        echo "before the fork: ", $GLOBALS['c']->sendAll("hello\n") ? $GLOBALS['c']->recvPacket(5) : "send failed\n";
    });
    $pid = pcntl_fork();
    if ($pid === 0) {
        if ($close) {
            $GLOBALS['c']->close();
        }
        exit(0);
    }
    pcntl_waitpid($pid, $status);
    Co\run(function () use ($label) {
        echo "the child $label: ", echoes($GLOBALS['c']), "\n";
    });
}

$child = false;
Co\run(function () use ($port, &$child) {
    $c = connect($port);
    $pid = pcntl_fork();
    if ($pid === 0) {
        $child = true;
        return;
    }
    pcntl_waitpid($pid, $status);
    echo "the child returns from Co\\run: ", echoes($c), "\n";
});
if ($child) {
    exit(0);
}
?>
--EXPECT--
before the fork: olleh
the child exits: 20/20
before the fork: olleh
the child closes the socket: 20/20
the child returns from Co\run: 20/20
