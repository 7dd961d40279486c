<?php
/**
 * PDO (mysqlnd) through the runtime hooks against a private MariaDB started here
 * (php-tests/include/servers.inc): prints `name value unit` lines.
 *  - loop1: one process looping `SELECT 1` on one connection, no coroutine (the aim's
 *    reference);
 *  - co100x10: 100 coroutines sharing 10 connections (a Channel as the pool), `SELECT 1`
 *    each, the same number of queries in all;
 *  - sleep100x10: 100 coroutines, each on its own connection, each running 10 x
 *    `SELECT SLEEP(0.01)` one after the other (0.1 s per coroutine; all at once ideally
 *    0.1 s, serially 10 s); the connections are made before the clock starts.
 * Aims (issue 20): co100x10 >= loop1; sleep100x10 well under 1 s.
 *   php -d extension=$PWD/target/release/libcosocket.so bench/hooks_pdo.php [queries]
 *   php -d extension=/opt/swoole/modules/swoole.so bench/hooks_pdo.php [queries]
 * (with php.ini: mysqlnd, pdo, pdo_mysql loaded; under -n load them before the module).
 * Each figure is the best of 3 runs.
 * PIN=1 puts this process on CPU 0 and MariaDB on CPU 1 (taskset): the two no longer
 * share cores, as when the database runs on another machine.
 */
require __DIR__ . '/../php-tests/include/servers.inc';

$n = (int) ($argv[1] ?? 20000);
$pin = getenv('PIN') === '1';
if ($pin) shell_exec('taskset -pc 0 ' . getmypid() . ' >/dev/null');
$db = srv_mariadb();
if ($pin) shell_exec('taskset -a -pc 1 ' . (int) file_get_contents($db['dir'] . '/mysqld.pid') . ' >/dev/null');
$opts = [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION];

$best = fn(array $xs) => max($xs);
$rates = [];
for ($run = 0; $run < 3; $run++) {
    $pdo = new PDO($db['dsn'], 'u', 'p', $opts);
    $t = microtime(true);
    for ($i = 0; $i < $n; $i++) {
        $pdo->query('SELECT 1')->fetchColumn();
    }
    $rates[] = $n / (microtime(true) - $t);
    $pdo = null;
}
printf("loop1 %.0f queries/s\n", $best($rates));

$rates = [];
for ($run = 0; $run < 3; $run++) {
    Co\run(function () use ($db, $opts, $n, &$rates) {
        $pool = new Swoole\Coroutine\Channel(10);
        for ($i = 0; $i < 10; $i++) $pool->push(new PDO($db['dsn'], 'u', 'p', $opts));
        $per = intdiv($n, 100);
        $wg = new Swoole\Coroutine\WaitGroup();
        $t = microtime(true);
        for ($c = 0; $c < 100; $c++) {
            $wg->add();
            go(function () use ($pool, $per, $wg) {
                for ($i = 0; $i < $per; $i++) {
                    $pdo = $pool->pop();
                    $pdo->query('SELECT 1')->fetchColumn();
                    $pool->push($pdo);
                }
                $wg->done();
            });
        }
        $wg->wait();
        $rates[] = $per * 100 / (microtime(true) - $t);
    });
}
printf("co100x10 %.0f queries/s\n", $best($rates));

$times = [];
for ($run = 0; $run < 3; $run++) {
    Co\run(function () use ($db, $opts, &$times) {
        $conns = [];
        for ($i = 0; $i < 100; $i++) $conns[] = new PDO($db['dsn'], 'u', 'p', $opts);
        $wg = new Swoole\Coroutine\WaitGroup();
        $t = microtime(true);
        foreach ($conns as $pdo) {
            $wg->add();
            go(function () use ($pdo, $wg) {
                for ($i = 0; $i < 10; $i++) $pdo->query('SELECT SLEEP(0.01)')->fetchColumn();
                $wg->done();
            });
        }
        $wg->wait();
        $times[] = microtime(true) - $t;
    });
}
printf("sleep100x10 %.3f s\n", min($times));
