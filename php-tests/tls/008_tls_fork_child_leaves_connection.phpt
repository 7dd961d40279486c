--TEST--
A forked child never ends its parent's TLS connections: whether it exits, returns from Co\run, closes the sockets it inherited (with input unread) or is killed, the parent's 20 echoes over the connection all come back (the child's copy of the session sends no close_notify); plain sockets alike (the child's close() is a close(2) only)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (!function_exists('pcntl_fork')) die('skip pcntl needed');
if (!is_executable('/usr/bin/openssl')) die('skip the openssl command is needed to make certificates');
?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
use Swoole\Coroutine\Socket;
$d = make_certs();

/** Both ends of a connection, TLS or plain, handshake done. */
function pair(string $d, bool $tls): array {
    $srv = new Socket(AF_INET, SOCK_STREAM, 0);
    if ($tls) {
        $srv->setProtocol(['open_ssl' => true, 'ssl_cert_file' => "$d/server.pem", 'ssl_key_file' => "$d/server.key"]);
    }
    $srv->bind('127.0.0.1', 0);
    $srv->listen();
    $server = new Swoole\Coroutine\Channel(1);
    go(function () use ($srv, $server, $tls) {
        $a = $srv->accept(5);
        if ($tls && !$a->sslHandshake()) die("server handshake: $a->errMsg\n");
        $server->push($a);
    });
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    if ($tls) {
        $c->setProtocol(['open_ssl' => true]);
    }
    $c->connect('127.0.0.1', $srv->getsockname()['port'], 5) or die("connect: $c->errMsg\n");
    $s = $server->pop(5);
    $srv->close();
    return [$c, $s];
}

/** 20 echoes through the server end; how many came back right. */
function echoes(Socket $c, Socket $s): string {
    go(function () use ($s) {
        while (($m = $s->recv(100, 5)) !== '' && $m !== false) {
            $s->sendAll($m);
        }
        $s->close();
    });
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        if ($c->sendAll("echo $i") && $c->recv(100, 5) === "echo $i") {
            $ok++;
        }
    }
    $last = $ok < 20 ? " (last: errCode=$c->errCode $c->errMsg)" : "";
    $c->close();
    return "$ok/20$last";
}

function wait_child(int $pid): void {
    pcntl_waitpid($pid, $status);
}

$variants = [
    'the child exits' => function () {},
    'the child closes the sockets' => function ($c, $s) { $c->close(); $s->close(); },
    'the child is killed' => function () { exec('kill -9 ' . getmypid()); },
];
foreach ([true, false] as $tls) {
    foreach ($variants as $label => $inChild) {
        $unread = $label === 'the child closes the sockets';
        Co\run(function () use ($d, $tls, $unread) {
            [$GLOBALS['c'], $GLOBALS['s']] = pair($d, $tls);
            if ($unread) {
                // Input the server end has not read when the child closes its copy.
                $GLOBALS['c']->sendAll('pending');
                Swoole\Coroutine::sleep(0.05);
            }
        });
        $pid = pcntl_fork();
        if ($pid === 0) {
            $inChild($GLOBALS['c'], $GLOBALS['s']);
            exit(0);
        }
        wait_child($pid);
        Co\run(function () use ($label, $tls, $unread) {
            echo $tls ? "TLS" : "plain", ", $label", $unread ? " (input unread)" : "", ": ";
            if ($unread) {
                echo var_export($GLOBALS['s']->recvAll(7, 5), true), ", ";
            }
            echo echoes($GLOBALS['c'], $GLOBALS['s']), "\n";
        });
        unset($GLOBALS['c'], $GLOBALS['s']);
    }
}

// The fork inside a coroutine; the child returns from Co\run (its copies of the
// sockets are freed as its coroutine ends).
$child = false;
Co\run(function () use ($d, &$child) {
    [$c, $s] = pair($d, true);
    $pid = pcntl_fork();
    if ($pid === 0) {
        $child = true;
        return;
    }
    wait_child($pid);
    echo "TLS, the child returns from Co\\run: ", echoes($c, $s), "\n";
});
if ($child) {
    exit(0);
}
?>
--EXPECT--
TLS, the child exits: 20/20
TLS, the child closes the sockets (input unread): 'pending', 20/20
TLS, the child is killed: 20/20
plain, the child exits: 20/20
plain, the child closes the sockets (input unread): 'pending', 20/20
plain, the child is killed: 20/20
TLS, the child returns from Co\run: 20/20
