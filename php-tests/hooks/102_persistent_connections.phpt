--TEST--
Hooks, persistent connections outlive a Co\run: a PDO ATTR_PERSISTENT connection, a phpredis pconnect() and a pfsockopen() stream made in one Co\run are reused (same connection) in a second Co\run and outside any coroutine, where they work as plain PHP; each still waits in its coroutine in the second run; the process ends cleanly with them open
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
$db = srv_mariadb();
$rs = srv_redis();
$addr = srv_line_server();
[$host, $port] = explode(':', substr($addr, 6));
$ids = [];
$conn = function () use ($db, $rs, $host, $port) {
    $pdo = new PDO($db['dsn'], 'u', 'p', [PDO::ATTR_PERSISTENT => true, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $r = new Redis();
    $r->pconnect('127.0.0.1', $rs['port']);
    $s = pfsockopen($host, (int) $port, $errno, $errstr, 5);
    fwrite($s, "pid\n");
    return [$pdo, $r, $s, [$pdo->query('SELECT CONNECTION_ID()')->fetchColumn(), $r->client('id'), trim(fgets($s))]];
};
Co\run(function () use ($conn, &$ids) {
    [, , , $ids] = $conn();
    echo "first run: connected\n";
});
Co\run(function () use ($conn, $ids) {
    [$pdo, $r, $s, $again] = $conn();
    show('second run: same connections', $again === $ids);
    $stop = ticker();
    show('PDO', $pdo->query('SELECT SLEEP(0.2)')->fetchColumn());
    echo $stop(), "\n";
    $stop = ticker();
    show('redis', $r->blPop(['nothing'], 1));
    echo $stop(), "\n";
    $stop = ticker();
    fwrite($s, "sleep 0.2 stream\n");
    show('stream', fgets($s));
    echo $stop(), "\n";
});
[$pdo, $r, $s, $again] = $conn();
show('outside a coroutine: same connections', $again === $ids);
show('PDO', $pdo->query('SELECT 3')->fetchColumn());
show('redis', $r->ping());
fwrite($s, "echo plain\n");
show('stream', fgets($s));
echo "done\n";
?>
--EXPECT--
first run: connected
second run: same connections: true
PDO: 0
other coroutines ran
redis: []
other coroutines ran
stream: 'stream
'
other coroutines ran
outside a coroutine: same connections: true
PDO: 3
redis: true
stream: 'plain
'
done
