<?php
// What hyperf's test bootstrap does for a component: Composer's autoloader, errors on, runtime hooks on
// (Swoole\Runtime is issue 20's: where it is absent the tests run without hooks).
declare(strict_types=1);

error_reporting(E_ALL);
date_default_timezone_set('Asia/Shanghai');
!defined('BASE_PATH') && define('BASE_PATH', getcwd());
require_once getcwd() . '/vendor/autoload.php';
if (class_exists(Swoole\Runtime::class)) {
    Swoole\Runtime::enableCoroutine(SWOOLE_HOOK_ALL);
}
