--TEST--
Hooks, PDO (mysqlnd) timeouts and a query killed mid-way: a stalled server (accepts, never greets) ends by PDO::ATTR_TIMEOUT / mysqlnd.net_read_timeout with mysqlnd's own 2006 error, a SLEEP longer than net_read_timeout likewise, a KILL from another coroutine ends the query with 2006; other coroutines run during each wait
--EXTENSIONS--
cosocket
mysqlnd
pdo
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('mariadb'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$db = srv_mariadb();
[$stalled, $sp] = srv_stalled();
Co\run(function () use ($db, $sp) {
    $err = PDO::ATTR_ERRMODE;
    $exc = PDO::ERRMODE_EXCEPTION;
    ini_set('mysqlnd.net_read_timeout', '1');
    $stop = ticker();
    $t = microtime(true);
    try {
        new PDO("mysql:host=127.0.0.1;port=$sp;dbname=t", 'u', 'p', [PDO::ATTR_TIMEOUT => 1]);
        show('stalled server', 'connected?!');
    } catch (PDOException $e) {
        show('stalled server', [$e->getCode(), $e->getMessage(), took($t, 0.8, 2.5)]);
    }
    echo $stop(), "\n";

    $pdo = new PDO($db['dsn'], 'u', 'p', [$err => $exc]);
    $stop = ticker();
    $t = microtime(true);
    try {
        $pdo->query('SELECT SLEEP(3)')->fetchAll();
        show('SLEEP(3), net_read_timeout 1', 'no error?!');
    } catch (PDOException $e) {
        show('SLEEP(3), net_read_timeout 1', [$e->getCode(), $e->getMessage(), took($t, 0.8, 2.5)]);
    }
    echo $stop(), "\n";
    ini_set('mysqlnd.net_read_timeout', '60');

    $admin = new PDO($db['dsn'], 'u', 'p', [$err => $exc]);
    $victim = new PDO($db['dsn'], 'u', 'p', [$err => $exc]);
    $id = $victim->query('SELECT CONNECTION_ID()')->fetchColumn();
    $killed = new Swoole\Coroutine\Channel(1);
    go(function () use ($admin, $id, $killed) {
        Swoole\Coroutine::sleep(0.3);
        $killed->push($admin->exec("KILL $id"));
    });
    $t = microtime(true);
    try {
        $victim->query('SELECT SLEEP(5)')->fetchAll();
        show('killed mid-query', 'no error?!');
    } catch (PDOException $e) {
        show('killed mid-query', [$e->getCode(), $e->getMessage(), took($t, 0.2, 3)]);
    }
    show('KILL', $killed->pop(5));
    try {
        $victim->query('SELECT 1');
    } catch (PDOException $e) {
        show('the killed connection afterwards', [$e->getCode(), $e->getMessage()]);
    }
    show('the other connection', $admin->query('SELECT 7')->fetchColumn());
});
echo "done\n";
?>
--EXPECT--
stalled server: [2006,"SQLSTATE[HY000] [2006] MySQL server has gone away","in [0.8, 2.5] s"]
other coroutines ran
SLEEP(3), net_read_timeout 1: ["HY000","SQLSTATE[HY000]: General error: 2006 MySQL server has gone away","in [0.8, 2.5] s"]
other coroutines ran
killed mid-query: ["HY000","SQLSTATE[HY000]: General error: 2006 MySQL server has gone away","in [0.2, 3] s"]
KILL: 0
the killed connection afterwards: ["HY000","SQLSTATE[HY000]: General error: 2006 MySQL server has gone away"]
the other connection: 7
done
