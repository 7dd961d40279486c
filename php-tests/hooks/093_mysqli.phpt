--TEST--
Hooks, mysqli (mysqlnd) against a private MariaDB: results, a SQL error, refused and stalled-server warnings (connect and read timeouts end with mysqlnd's 2006), a SLEEP longer than MYSQLI_OPT_READ_TIMEOUT, 10 coroutines x SLEEP(0.2) on their own connections in about 0.2 s; other coroutines run during a query
--EXTENSIONS--
cosocket
mysqlnd
mysqli
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('mariadb'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$db = srv_mariadb();
[$stalled, $sp] = srv_stalled();
$nobody = srv_free_port();
Co\run(function () use ($db, $sp, $nobody) {
    mysqli_report(MYSQLI_REPORT_OFF);
    $m = new mysqli('127.0.0.1', 'u', 'p', 't', $db['port']);
    show('connect_errno', $m->connect_errno);
    show('SELECT', $m->query('SELECT 1 AS a, NULL AS b')->fetch_all(MYSQLI_ASSOC));
    show('SQL error', [$m->query('SELEC'), $m->errno, $m->sqlstate]);
    $st = $m->prepare('SELECT ? + 1');
    $v = 41;
    $st->bind_param('i', $v);
    $st->execute();
    show('prepared', $st->get_result()->fetch_row());
    $x = new mysqli('localhost', 'u', 'p', 't', 0, $db['socket']);
    show('unix socket', [$x->connect_errno, $x->query('SELECT 5')->fetch_row()]);
    $x = new mysqli('127.0.0.1', 'u', 'p', 't', $nobody);
    show('refused', [$x->connect_errno, $x->connect_error]);

    $stop = ticker();
    $x = mysqli_init();
    $x->options(MYSQLI_OPT_CONNECT_TIMEOUT, 1);
    $x->options(MYSQLI_OPT_READ_TIMEOUT, 1);
    $t = microtime(true);
    show('stalled server', [$x->real_connect('127.0.0.1', 'u', 'p', 't', $sp), $x->connect_errno, $x->connect_error, took($t, 0.8, 2.5)]);
    echo $stop(), "\n";

    $y = mysqli_init();
    $y->options(MYSQLI_OPT_READ_TIMEOUT, 1);
    $y->real_connect('127.0.0.1', 'u', 'p', 't', $db['port']);
    $stop = ticker();
    $t = microtime(true);
    show('SLEEP(3), read timeout 1', [@$y->query('SELECT SLEEP(3)'), $y->errno, $y->error, took($t, 0.8, 2.5)]);
    echo $stop(), "\n";

    $conns = [];
    for ($i = 0; $i < 10; $i++) $conns[] = new mysqli('127.0.0.1', 'u', 'p', 't', $db['port']);
    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $n = 0;
    foreach ($conns as $c) {
        $wg->add();
        go(function () use ($c, $wg, &$n) {
            $n += $c->query('SELECT SLEEP(0.2)')->num_rows;
            $wg->done();
        });
    }
    $wg->wait();
    show('10 x SLEEP(0.2)', [$n, took($t, 0.19, 1.2)]);
    show('the first connection', $m->query('SELECT "still here"')->fetch_row());
});
echo "done\n";
?>
--EXPECTF--
connect_errno: 0
SELECT: [{"a":"1","b":null}]
SQL error: [false,1064,"42000"]
prepared: [42]
unix socket: [0,["5"]]

Warning: mysqli::__construct(): (HY000/2002): Connection refused in %s on line %d
refused: [2002,"Connection refused"]

Warning: mysqli::real_connect(): Error while reading greeting packet. PID=%d in %s on line %d

Warning: mysqli::real_connect(): (HY000/2006): MySQL server has gone away in %s on line %d
stalled server: [false,2006,"MySQL server has gone away","in [0.8, 2.5] s"]
other coroutines ran
SLEEP(3), read timeout 1: [false,2006,"MySQL server has gone away","in [0.8, 2.5] s"]
other coroutines ran
10 x SLEEP(0.2): [10,"in [0.19, 1.2] s"]
the first connection: ["still here"]
done
