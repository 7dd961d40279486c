--TEST--
Hooks, PDO (mysqlnd) against a private MariaDB over TCP and a unix socket: results, prepared statements, a transaction, the client's own exceptions (SQL error, wrong password, refused, missing socket); a query waits in its coroutine, not in the process
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
$nobody = srv_free_port();
Co\run(function () use ($db, $nobody) {
    $pdo = new PDO($db['dsn'], 'u', 'p', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    show('tcp', $pdo->query('SELECT 1 AS a, "x" AS b')->fetchAll(PDO::FETCH_ASSOC));
    $pu = new PDO($db['dsn_unix'], 'u', 'p', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    show('unix socket', $pu->query('SELECT 2 + 3')->fetchColumn());
    $pdo->exec('CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB');
    $st = $pdo->prepare('INSERT INTO kv VALUES (?, ?)');
    for ($i = 0; $i < 3; $i++) $st->execute([$i, "v$i"]);
    show('prepared + fetch', $pdo->query('SELECT * FROM kv ORDER BY k')->fetchAll(PDO::FETCH_NUM));
    $pdo->beginTransaction();
    $pdo->exec("UPDATE kv SET v = 'changed'");
    $pdo->rollBack();
    show('after rollback', $pu->query('SELECT GROUP_CONCAT(v ORDER BY k) FROM kv')->fetchColumn());
    $big = $pdo->query('SELECT REPEAT("z", 300000)')->fetchColumn();
    show('300 kB value', [strlen($big), $big === str_repeat('z', 300000)]);
    try { $pdo->query('SELECT * FROM nope'); } catch (PDOException $e) { show('bad table', [$e->getCode(), $e->getMessage()]); }
    try { $pdo->query('SELEC 1'); } catch (PDOException $e) { show('syntax', [$e->getCode(), $e->errorInfo[1]]); }
    try { new PDO($db['dsn'], 'u', 'wrong'); } catch (PDOException $e) { show('wrong password', [$e->getCode(), $e->getMessage()]); }
    try { new PDO("mysql:host=127.0.0.1;port=$nobody", 'u', 'p'); } catch (PDOException $e) { show('refused', [$e->getCode(), $e->getMessage()]); }
    try { new PDO("mysql:unix_socket={$db['dir']}/none.sock", 'u', 'p'); } catch (PDOException $e) { show('no socket', [$e->getCode(), $e->getMessage()]); }
    show('still usable', $pdo->query('SELECT COUNT(*) FROM kv')->fetchColumn());
    // The query waits in its coroutine: the others run meanwhile.
    $stop = ticker();
    show('SLEEP(0.3)', $pdo->query('SELECT SLEEP(0.3)')->fetchColumn());
    echo $stop(), "\n";
    $stop = ticker();
    show('SLEEP(0.3) over the unix socket', $pu->query('SELECT SLEEP(0.3)')->fetchColumn());
    echo $stop(), "\n";
});
echo "done\n";
?>
--EXPECT--
tcp: [{"a":1,"b":"x"}]
unix socket: 5
prepared + fetch: [[0,"v0"],[1,"v1"],[2,"v2"]]
after rollback: 'v0,v1,v2'
300 kB value: [300000,true]
bad table: ["42S02","SQLSTATE[42S02]: Base table or view not found: 1146 Table 't.nope' doesn't exist"]
syntax: ["42000",1064]
wrong password: [1045,"SQLSTATE[HY000] [1045] Access denied for user 'u'@'127.0.0.1' (using password: YES)"]
refused: [2002,"SQLSTATE[HY000] [2002] Connection refused"]
no socket: [2002,"SQLSTATE[HY000] [2002] No such file or directory"]
still usable: 3
SLEEP(0.3): 0
other coroutines ran
SLEEP(0.3) over the unix socket: 0
other coroutines ran
done
