--TEST--
Hooks, the peer going away in the middle of a request: MariaDB killed (SIGKILL) during a PDO query and redis-server killed during a BLPOP end those calls with the clients' own errors at once, and a reconnect is refused; a line server that resets the connection (RST: data left unread when it closes) makes fread return false and feof true; other coroutines run meanwhile
--EXTENSIONS--
cosocket
mysqlnd
pdo
pdo_mysql
igbinary
redis
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('mariadb', 'redis'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
// "hold": reads its line, waits 0.4 s and closes without reading what came after it:
// the kernel answers that close with an RST.
$addr = srv_fork_server(function ($c) {
    fgets($c);
    usleep(400000);
    fclose($c);
});
$db = srv_mariadb();
$rs = srv_redis();
Co\run(function () use ($addr, $db, $rs) {
    $pdo = new PDO($db['dsn'], 'u', 'p', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    // Kills the server in 0.3 s; pop() waits until it is gone (reaped: its sockets closed).
    $killer = function ($server): Swoole\Coroutine\Channel {
        $gone = new Swoole\Coroutine\Channel(1);
        go(function () use ($server, $gone) {
            Swoole\Coroutine::sleep(0.3);
            srv_kill($server);
            $gone->push(true);
        });
        return $gone;
    };
    $gone = $killer($db);
    $stop = ticker();
    $t = microtime(true);
    try {
        $pdo->query('SELECT SLEEP(5)')->fetchAll();
        show('MariaDB killed mid-query', 'no error?!');
    } catch (PDOException $e) {
        show('MariaDB killed mid-query', [$e->getCode(), $e->getMessage(), took($t, 0.25, 3)]);
    }
    echo $stop(), "\n";
    $gone->pop(5);
    try {
        new PDO($db['dsn'], 'u', 'p');
    } catch (PDOException $e) {
        show('reconnect', $e->getMessage());
    }

    $r = new Redis();
    $r->connect('127.0.0.1', $rs['port']);
    $gone = $killer($rs);
    $t = microtime(true);
    try {
        show('redis-server killed during BLPOP', $r->blPop(['q'], 5));
    } catch (RedisException $e) {
        show('redis-server killed during BLPOP', [str_replace((string) $rs['port'], 'PORT', $e->getMessage()), took($t, 0.25, 3)]);
    }
    $gone->pop(5);
    try {
        show('reconnect', (new Redis())->connect('127.0.0.1', $rs['port']));
    } catch (RedisException $e) {
        show('reconnect', $e->getMessage());
    }

    $c = stream_socket_client($addr, $errno, $errstr, 5);
    stream_set_timeout($c, 3);
    fwrite($c, "hold\n");
    Swoole\Coroutine::sleep(0.1);
    fwrite($c, "left unread\n");
    $stop = ticker();
    $t = microtime(true);
    show('reset by the peer', [fread($c, 100), feof($c), took($t, 0.2, 2)]);
    echo $stop(), "\n";
});
echo "done\n";
?>
--EXPECT--
MariaDB killed mid-query: ["HY000","SQLSTATE[HY000]: General error: 2006 MySQL server has gone away","in [0.25, 3] s"]
other coroutines ran
reconnect: 'SQLSTATE[HY000] [2002] Connection refused'
redis-server killed during BLPOP: ["read error on connection to 127.0.0.1:PORT","in [0.25, 3] s"]
reconnect: 'Connection refused'
reset by the peer: [false,true,"in [0.2, 2] s"]
other coroutines ran
done
