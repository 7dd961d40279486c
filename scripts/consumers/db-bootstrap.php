<?php
// swoole/library's tests/bootstrap.php with its service addresses pointed at the servers db-servers.php
// started (the bootstrap defines its docker-compose names only where these constants are not defined yet).
declare(strict_types=1);

foreach (['CONSUMERS_MYSQL_PORT', 'CONSUMERS_REDIS_PORT'] as $v) {
    if (!getenv($v)) {
        fwrite(STDERR, "$v is not set: run this through scripts/consumers.sh (SUITES=lib-database)\n");
        exit(2);
    }
}
define('MYSQL_SERVER_HOST', '127.0.0.1');
define('MYSQL_SERVER_PORT', (int) getenv('CONSUMERS_MYSQL_PORT'));
define('MYSQL_SERVER_USER', 'username');
define('MYSQL_SERVER_PWD', 'password');
define('MYSQL_SERVER_DB', 'test');
define('REDIS_SERVER_HOST', '127.0.0.1');
define('REDIS_SERVER_PORT', (int) getenv('CONSUMERS_REDIS_PORT'));
require getcwd() . '/tests/bootstrap.php';
