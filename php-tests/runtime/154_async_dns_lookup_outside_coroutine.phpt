--TEST--
swoole_async_dns_lookup_coro() outside a coroutine: Swoole's fatal error; its signature
--EXTENSIONS--
cosocket
--FILE--
<?php
$r = new ReflectionFunction('swoole_async_dns_lookup_coro');
echo implode(', ', array_map('strval', $r->getParameters())), ": ", $r->getReturnType(), "\n";
// Outside a coroutine: Swoole's fatal error, whatever the argument.
try { swoole_async_dns_lookup_coro(123); } catch (Throwable $e) { echo "caught\n"; }
echo "not reached\n";
--EXPECTF--
Parameter #0 [ <required> string $domain_name ], Parameter #1 [ <optional> float $timeout = 60 ], Parameter #2 [ <optional> int $type = AF_INET ]: string|false

Fatal error: Uncaught Swoole\Error: API must be called in the coroutine in %s:5
Stack trace:
#0 %s(5): swoole_async_dns_lookup_coro(123)
#1 {main}
  thrown in %s on line 5
