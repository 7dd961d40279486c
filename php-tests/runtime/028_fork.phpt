--TEST--
pcntl_fork after the runtime ran (DNS, sockets): the child works as a fresh process, keeps sockets made before the fork, and the parent carries on
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
use Swoole\Coroutine\Socket;
use Swoole\Coroutine\System;

/** A listening socket on a free loopback port. */
function listener(): array
{
    $s = new Socket(AF_INET, SOCK_STREAM, 0);
    $s->bind('127.0.0.1', 0);
    $s->listen(16);
    return [$s, $s->getsockname()['port']];
}

/** One connection to $server echoes $msg back (server side accepts once). */
function echo_once(Socket $server, int $port, string $msg): string
{
    go(function () use ($server) {
        $conn = $server->accept(5);
        $conn->send($conn->recv(1024, 5));
        $conn->close();
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $port, 5);
    $c->send($msg);
    $got = $c->recv(1024, 5);
    $c->close();
    return $got;
}

// The parent uses the runtime first: a lookup (its worker threads start) and sockets.
[$kept, $keptPort] = listener();
Co\run(function () {
    echo "parent dns: ", System::gethostbyname('localhost'), "\n";
    [$s, $port] = listener();
    echo "parent echo: ", echo_once($s, $port, 'before fork'), "\n";
    $s->close();
});

$pid = pcntl_fork();
if ($pid === 0) {
    Co\run(function () use ($kept, $keptPort) {
        $t = microtime(true);
        $ip = System::gethostbyname('localhost', AF_INET, 5);
        echo "child dns: ", var_export($ip, true), ", at once: ", var_export(microtime(true) - $t < 1, true), "\n";
        [$s, $port] = listener();
        echo "child echo: ", echo_once($s, $port, 'new socket'), "\n";
        echo "child echo on the socket made before fork: ", echo_once($kept, $keptPort, 'inherited'), "\n";
    });
    exit(3);
}
// The parent keeps working while the child runs: its own loop, its own epoll.
Co\run(function () use ($pid) {
    [$s, $port] = listener();
    $ok = true;
    do {
        $ok = $ok && echo_once($s, $port, 'meanwhile') === 'meanwhile';
        Co::sleep(0.002);
    } while (pcntl_waitpid($pid, $status, WNOHANG) === 0);
    echo "child exit status: ", pcntl_wexitstatus($status), "\n";
    echo "parent echoed while the child ran: ", var_export($ok, true), "\n";
});
Co\run(function () use ($kept, $keptPort) {
    echo "parent dns after: ", System::gethostbyname('localhost', AF_INET, 5), "\n";
    echo "parent echo after: ", echo_once($kept, $keptPort, 'after child'), "\n";
});
?>
--EXPECT--
parent dns: 127.0.0.1
parent echo: before fork
child dns: '127.0.0.1', at once: true
child echo: new socket
child echo on the socket made before fork: inherited
child exit status: 3
parent echoed while the child ran: true
parent dns after: 127.0.0.1
parent echo after: after child
