--TEST--
swoole_async_set() (log_level and socket settings before the loop, other keys accepted, fatal in the loop), swoole_clear_dns_cache(), swoole_set_process_name(), swoole_async_dns_lookup_coro() argument checks
--EXTENSIONS--
cosocket
--FILE--
<?php
// swoole_async_set: process-wide settings before the loop runs; unknown keys accepted.
var_dump(swoole_async_set([]), swoole_async_set(['aio_core_worker_num' => 2, 'dns_cache_refresh_time' => 1, 'enable_coroutine' => true, 'no_such_key' => 1]));
var_dump(swoole_async_set(['log_level' => SWOOLE_LOG_ERROR]));
swoole_error_log(SWOOLE_LOG_WARNING, "hidden at log_level ERROR");
var_dump(swoole_async_set(['log_level' => SWOOLE_LOG_INFO]));
swoole_error_log(SWOOLE_LOG_WARNING, "shown at log_level INFO");
try { swoole_async_set(5); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
var_dump(swoole_clear_dns_cache());
// swoole_set_process_name is cli_set_process_title.
var_dump(swoole_set_process_name("cosocket-152"), cli_get_process_title());
try { swoole_set_process_name([]); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { swoole_set_process_name(); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
// swoole_async_dns_lookup_coro: a coroutine API; its argument checks.
Co\run(function () {
    var_dump(swoole_async_dns_lookup_coro(""), swoole_last_error());
    var_dump(swoole_async_dns_lookup_coro(123), swoole_last_error());
    var_dump(swoole_async_dns_lookup_coro(null));
    var_dump(swoole_async_dns_lookup_coro("name.invalid", 5, 99), swoole_last_error());
    echo "async_set in the loop\n";
    swoole_async_set(['socket_dns_timeout' => 1]);
    echo "not reached\n";
});
echo "not reached\n";
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
[%s]	WARNING	shown at log_level INFO
TypeError: swoole_async_set(): Argument #1 ($settings) must be of type array, int given
NULL
bool(true)
string(12) "cosocket-152"
TypeError: swoole_set_process_name(): Argument #1 ($process_name) must be of type string, array given
ArgumentCountError: swoole_set_process_name() expects exactly 1 argument, 0 given

Warning: swoole_async_dns_lookup_coro(): domain name empty in %s on line 16
bool(false)
int(503)

Warning: swoole_async_dns_lookup_coro(): invalid domain name in %s on line 17
bool(false)
int(503)

Warning: swoole_async_dns_lookup_coro(): invalid domain name in %s on line 18
bool(false)
bool(false)
int(711)
async_set in the loop

Fatal error: swoole_async_set(): eventLoop has already been created. unable to change settings in %s on line 21
