--TEST--
Hooks, PDO (mysqlnd) over TLS to a private MariaDB (mysqlnd turns the hooked tcp stream's crypto on in the middle of the protocol): verified against the test CA, the session is encrypted (Ssl_cipher), queries wait in their coroutine; a CA that did not sign the server's certificate fails with mysqlnd's own error
--EXTENSIONS--
cosocket
mysqlnd
pdo
pdo_mysql
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('mariadb', 'openssl'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require __DIR__ . '/../tls/certs.inc';
$d = make_certs();
$db = srv_mariadb(["--ssl-cert=$d/server.pem", "--ssl-key=$d/server.key", "--ssl-ca=$d/ca.pem"]);
Co\run(function () use ($db, $d) {
    $tls = [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::MYSQL_ATTR_SSL_CA => "$d/ca.pem",
        PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,
    ];
    $pdo = new PDO($db['dsn'], 'u', 'p', $tls);
    $cipher = $pdo->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")->fetch(PDO::FETCH_NUM)[1];
    show('encrypted', $cipher !== '');
    show('SELECT', $pdo->query('SELECT "over tls"')->fetchColumn());
    $stop = ticker();
    show('SLEEP(0.3)', $pdo->query('SELECT SLEEP(0.3)')->fetchColumn());
    echo $stop(), "\n";
    $big = $pdo->query('SELECT REPEAT("t", 200000)')->fetchColumn();
    show('200 kB value', $big === str_repeat('t', 200000));

    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $n = 0;
    for ($i = 0; $i < 5; $i++) {
        $wg->add();
        go(function () use ($db, $tls, $wg, &$n) {
            $p = new PDO($db['dsn'], 'u', 'p', $tls);
            $n += 1 + (int) $p->query('SELECT SLEEP(0.3)')->fetchColumn();
            $wg->done();
        });
    }
    $wg->wait();
    show('5 TLS connections x SLEEP(0.3)', [$n, took($t, 0.29, 1.4)]);

    try {
        new PDO($db['dsn'], 'u', 'p', [PDO::MYSQL_ATTR_SSL_CA => "$d/self.pem", PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true]);
        show('wrong CA', 'connected?!');
    } catch (PDOException $e) {
        show('wrong CA', $e->getCode());
    }
});
echo "done\n";
?>
--EXPECT--
encrypted: true
SELECT: 'over tls'
SLEEP(0.3): 0
other coroutines ran
200 kB value: true
5 TLS connections x SLEEP(0.3): [5,"in [0.29, 1.4] s"]
wrong CA: 2002
done
