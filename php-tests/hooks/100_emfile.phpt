--TEST--
Hooks, EMFILE (RLIMIT_NOFILE lowered): stream_socket_client fails with PHP's own warning (PHP says "Unknown error", errno 0; "Too many open files", 24 is as good), PDO with mysqlnd's 2002 error; after the streams are closed (the limit restored) both connect again, a connection made before works meanwhile and waits in its coroutine, and no descriptor was leaked
--EXTENSIONS--
cosocket
posix
mysqlnd
pdo
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('mariadb'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$addr = srv_line_server();
$db = srv_mariadb();
function fds(): int { return count(scandir('/proc/self/fd')) - 2; }
Co\run(function () use ($addr, $db) {
    $c = stream_socket_client($addr, $errno, $errstr, 5);   // the runtime's own descriptors are there now
    fclose($c);
    $before = fds();
    $limit = posix_getrlimit();
    posix_setrlimit(POSIX_RLIMIT_NOFILE, $before + 20, (int) $limit['hard openfiles']);
    $keep = [];
    $err = null;
    for ($i = 0; $i < 40; $i++) {
        $s = @stream_socket_client($addr, $errno, $errstr, 5);
        if (!$s) {
            $err = [$errno, $errstr, error_get_last()['message'] ?? null];
            break;
        }
        $keep[] = $s;
    }
    show('connections before EMFILE', count($keep) >= 10 && count($keep) <= 30 ? true : count($keep));
    // PHP itself says "(Unknown error)", errno 0 (its socket() failure is not reported);
    // errno 24 with its text is as good. Swoole reports a garbage errno.
    show('EMFILE', [in_array($err[0], [0, 24], true), str_replace($addr, 'ADDR', (string) $err[2])]);
    $s = stream_socket_client($addr, $errno, $errstr, 5);
    show('again', [$s, in_array($errno, [0, 24], true)]);
    try {
        new PDO($db['dsn'], 'u', 'p');
    } catch (PDOException $e) {
        show('PDO', $e->getCode());
    }
    // The connections made before still work, waiting in their coroutine.
    fwrite($keep[0], "sleep 0.3 still\n");
    $stop = ticker();
    show('an open connection at EMFILE', fgets($keep[0]));
    echo $stop(), "\n";
    $keep = [];
    posix_setrlimit(POSIX_RLIMIT_NOFILE, (int) $limit['soft openfiles'], (int) $limit['hard openfiles']);
    $c = stream_socket_client($addr, $errno, $errstr, 5);
    fwrite($c, "echo after\n");
    show('stream after', fgets($c));
    fclose($c);
    $pdo = new PDO($db['dsn'], 'u', 'p');
    show('PDO after', $pdo->query('SELECT 1')->fetchColumn());
    $pdo = null;
    show('descriptors leaked', fds() - $before);
});
echo "done\n";
?>
--EXPECTF--
connections before EMFILE: true
EMFILE: [true,"stream_socket_client(): Unable to connect to ADDR (%s)"]

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:%d (%s) in %s on line %d
again: [false,true]
PDO: 2002
an open connection at EMFILE: 'still
'
other coroutines ran
stream after: 'after
'
PDO after: 1
descriptors leaked: 0
done
