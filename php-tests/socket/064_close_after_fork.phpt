--TEST--
close() never shuts down a connection another process may hold: a forked child that closes (or drops) its copy of a connection with unread input leaves the parent's working, and so does a parent that closes its copy while the child uses it
--EXTENSIONS--
cosocket
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip pcntl needed'); ?>
--FILE--
<?php
use Swoole\Coroutine\Socket;

/** A connected pair: [the accepted side, the client]. */
function connection(): array {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    return [$l->accept(), $c];
}

/** 20 round trips from $client to $server's echo; how many came back right. */
function echoes(Socket $server, Socket $client): int {
    go(function () use ($server) {
        while (($m = $server->recv(1024, 2)) !== '' && $m !== false) {
            $server->send($m);
        }
    });
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        $client->send("echo $i;");
        $ok += $client->recv(1024, 2) === "echo $i;";
    }
    return $ok;
}

foreach (['close()', 'the object freed', 'the process exits'] as $how) {
    $pair = null;
    Co\run(function () use (&$pair) {
        $pair = connection();
        // Input the child's copy will have unread when it closes.
        $pair[1]->send('unread;');
        usleep(20000);
    });
    $pid = pcntl_fork();
    if ($pid === 0) {
        Co\run(function () use (&$pair, $how) {
            if ($how === 'close()') {
                $pair[0]->close();
            } elseif ($how === 'the object freed') {
                $pair[0] = null;
            }
        });
        exit(0);
    }
    pcntl_waitpid($pid, $status);
    Co\run(function () use ($pair, $how) {
        [$server, $client] = $pair;
        echo "child, $how: the parent's connection reads ", var_export($server->recv(7, 1), true), ", echoes ", echoes($server, $client), "/20\n";
    });
}

// The other way round: the parent closes its copy of the server side, the child serves.
$pair = null;
Co\run(function () use (&$pair) {
    $pair = connection();
    $pair[1]->send('unread;');
    usleep(20000);
});
$pid = pcntl_fork();
if ($pid === 0) {
    Co\run(function () use ($pair) {
        $pair[0]->recv(7, 2);
        go(function () use ($pair) {
            while (($m = $pair[0]->recv(1024, 5)) !== '' && $m !== false) {
                $pair[0]->send($m);
            }
        });
    });
    exit(0);
}
Co\run(function () use ($pair) {
    [$server, $client] = $pair;
    $server->close();
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        $client->send("echo $i;");
        $ok += $client->recv(1024, 2) === "echo $i;";
    }
    echo "parent closed its copy: the child echoes $ok/20\n";
    $client->close();
});
pcntl_waitpid($pid, $status);
echo "child exit status: ", pcntl_wexitstatus($status), "\n";
?>
--EXPECT--
child, close(): the parent's connection reads 'unread;', echoes 20/20
child, the object freed: the parent's connection reads 'unread;', echoes 20/20
child, the process exits: the parent's connection reads 'unread;', echoes 20/20
parent closed its copy: the child echoes 20/20
child exit status: 0
