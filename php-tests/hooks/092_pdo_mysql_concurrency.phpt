--TEST--
Hooks, PDO (mysqlnd) concurrency: 10 coroutines each running SELECT SLEEP(0.2) on their own connection all finish in about 0.2 s, not 2 s (asserted loosely: under 1.2 s); a second coroutine on a connection busy in another one gets mysqlnd's own error (2014), and the first one's result is intact
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
Co\run(function () use ($db) {
    // Connect first: the figure is about the queries.
    $conns = [];
    for ($i = 0; $i < 10; $i++) $conns[] = new PDO($db['dsn'], 'u', 'p', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $got = [];
    foreach ($conns as $i => $pdo) {
        $wg->add();
        go(function () use ($pdo, $i, $wg, &$got) {
            $got[$i] = $pdo->query("SELECT SLEEP(0.2), $i")->fetch(PDO::FETCH_NUM)[1];
            $wg->done();
        });
    }
    $wg->wait();
    ksort($got);
    show('10 x SLEEP(0.2)', [implode(',', $got), took($t, 0.19, 1.2)]);

    $pdo = $conns[0];
    $done = new Swoole\Coroutine\Channel(1);
    go(function () use ($pdo, $done) {
        $done->push($pdo->query('SELECT SLEEP(0.3), "A"')->fetchAll(PDO::FETCH_NUM));
    });
    try {
        show('B on the busy connection', $pdo->query('SELECT "B"')->fetchAll(PDO::FETCH_NUM));
    } catch (PDOException $e) {
        show('B on the busy connection', [$e->getCode(), $e->errorInfo[1]]);
    }
    show('A', $done->pop(5));
    show('the connection afterwards', $pdo->query('SELECT "C"')->fetchColumn());
});
echo "done\n";
?>
--EXPECT--
10 x SLEEP(0.2): ["0,1,2,3,4,5,6,7,8,9","in [0.19, 1.2] s"]
B on the busy connection: ["HY000",2014]
A: [[0,"A"]]
the connection afterwards: 'C'
done
