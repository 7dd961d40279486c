--TEST--
swoole.use_shortname=Off: Swoole\Coroutine\Server and Server\Connection exist, their short names Co\Server and Co\Server\Connection do not
--EXTENSIONS--
cosocket
--INI--
swoole.use_shortname=Off
--FILE--
<?php
// swoole.use_shortname=Off: the classes are there, their short names are not.
foreach (['Swoole\Coroutine\Server', 'Swoole\Coroutine\Server\Connection', 'Co\Server', 'Co\Server\Connection'] as $c) {
    echo "$c: ", class_exists($c, false) ? 'defined' : 'undefined', "\n";
}
Swoole\Coroutine\run(function () {
    $s = new Swoole\Coroutine\Server('127.0.0.1', 0);
    echo get_class($s), ' ', $s->type, "\n";
});
--EXPECT--
Swoole\Coroutine\Server: defined
Swoole\Coroutine\Server\Connection: defined
Co\Server: undefined
Co\Server\Connection: undefined
Swoole\Coroutine\Server 2
