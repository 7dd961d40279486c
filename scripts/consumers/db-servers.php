<?php
// The services of swoole/library's tests/unit/Database and ObjectProxyTest, for one suite run: a private
// MariaDB and redis-server (php-tests/include/servers.inc) on free ports of 127.0.0.1, with the database and
// user the library's docker-compose.yml gives its MySQL (test, username/password).
//   php db-servers.php ENV_FILE < HOLD
// Writes ENV_FILE (KEY=VALUE lines: the ports, for db-bootstrap.php) once both serve, then waits for EOF on
// stdin; on EOF (or when this process dies) the servers are killed and their directories removed.
declare(strict_types=1);

require dirname(__DIR__, 2) . '/php-tests/include/servers.inc';

$env = $argv[1];
$my = srv_mariadb();
$redis = srv_redis();
// As root (no password: mariadb-install-db's normal authentication) over the unix socket, with the blocking
// mysqli of the plain PHP running this script (no coroutine extension loaded): u may not grant.
$db = new mysqli('localhost', 'root', '', '', 0, $my['socket']);
foreach ([
    "CREATE DATABASE IF NOT EXISTS test",
    "CREATE USER IF NOT EXISTS 'username'@'%' IDENTIFIED BY 'password'",
    "GRANT ALL ON test.* TO 'username'@'%'",
    // KILL CONNECTION_ID() of PDOPoolTest::testPutWhenErrorHappens kills the user's own connection: no
    // privilege needed.
] as $sql) {
    $db->query($sql);
}
$db->close();
file_put_contents("$env.tmp", "CONSUMERS_MYSQL_PORT={$my['port']}\nCONSUMERS_REDIS_PORT={$redis['port']}\n");
rename("$env.tmp", $env);
while (fgets(STDIN) !== false);
