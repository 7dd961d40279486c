--TEST--
swoole_version(), swoole_cpu_num(), swoole_errno() (C errno), swoole_error_log(_ex)() and swoole_ignore_error() write Swoole's log lines to stdout by level, Co::set(['log_level']) filters; Coroutine\Lock outside a coroutine logs and fails with 10001; TimeoutException exists
--EXTENSIONS--
cosocket
--FILE--
<?php
function r($label, $fn) {
    try { $v = $fn(); } catch (Throwable $e) { echo "$label => ", get_class($e), ': ', $e->getMessage(), "\n"; return; }
    echo $label, ' => ', var_export($v, true), "\n";
}
echo "-- Coroutine\\Lock outside a coroutine\n";
$l = new Swoole\Coroutine\Lock();
r('lock() outside coroutine', fn() => $l->lock());
r('errCode', fn() => $l->errCode);
r('unlock() outside coroutine', fn() => $l->unlock());
r('errCode', fn() => $l->errCode);
r('last error', fn() => swoole_last_error());
echo "-- functions\n";
r('swoole_version()', fn() => swoole_version());
r('swoole_version() === SWOOLE_VERSION', fn() => swoole_version() === SWOOLE_VERSION);
r('swoole_cpu_num() === nproc', fn() => swoole_cpu_num() === (int) trim(shell_exec('nproc')));
@file_get_contents('/nonexistent/i19');
r('swoole_errno() after failed file_get_contents (C errno)', fn() => swoole_errno());
r('TimeoutException', fn() => [(new ReflectionClass('Swoole\Coroutine\TimeoutException'))->isFinal(), get_parent_class('Swoole\Coroutine\TimeoutException')]);
r('new TimeoutException("m", 3)', fn() => [($e = new Swoole\Coroutine\TimeoutException("m", 3))->getMessage(), $e->getCode()]);
echo "-- swoole_error_log(level, msg) for each level (default log level)\n";
foreach (['SWOOLE_LOG_DEBUG', 'SWOOLE_LOG_TRACE', 'SWOOLE_LOG_INFO', 'SWOOLE_LOG_NOTICE', 'SWOOLE_LOG_WARNING', 'SWOOLE_LOG_ERROR', 'SWOOLE_LOG_NONE'] as $c) {
    echo "$c=", constant($c), ": ";
    swoole_error_log(constant($c), "message at $c");
    echo "|\n";
}
r('swoole_error_log(99, "x")', fn() => swoole_error_log(99, "level 99"));
r('swoole_error_log(-1, "x")', fn() => swoole_error_log(-1, "level -1"));
r('swoole_error_log(SWOOLE_LOG_WARNING, "a\nb") ', fn() => swoole_error_log(SWOOLE_LOG_WARNING, "multi\nline"));
swoole_clear_error();
r('swoole_error_log_ex(SWOOLE_LOG_WARNING, 1234, "with code")', fn() => swoole_error_log_ex(SWOOLE_LOG_WARNING, 1234, "with code"));
r('last error', fn() => swoole_last_error());
r('swoole_ignore_error(505)', fn() => swoole_ignore_error(505));
swoole_error_log_ex(SWOOLE_LOG_WARNING, 505, "error_log_ex with ignored code 505");
swoole_error_log_ex(SWOOLE_LOG_WARNING, 506, "error_log_ex with code 506");
r('last error', fn() => swoole_last_error());
r('swoole_ignore_error("x")', fn() => swoole_ignore_error("x"));
echo "-- Co::set(['log_level' => SWOOLE_LOG_ERROR]) then a WARNING\n";
Co::set(['log_level' => SWOOLE_LOG_ERROR]);
swoole_error_log(SWOOLE_LOG_WARNING, "warning after log_level=ERROR");
swoole_error_log(SWOOLE_LOG_ERROR, "error after log_level=ERROR");
echo "end\n";
?>
--EXPECTF--
-- Coroutine\Lock outside a coroutine
[%s]	WARNING	CoroutineLock::lock_impl(): The coroutine lock can only be used in a coroutine environment
lock() outside coroutine => false
errCode => 10001
[%s]	WARNING	CoroutineLock::unlock(): The coroutine lock can only be used in a coroutine environment
unlock() outside coroutine => false
errCode => 10001
last error => 0
-- functions
swoole_version() => '6.2.1'
swoole_version() === SWOOLE_VERSION => true
swoole_cpu_num() === nproc => true
swoole_errno() after failed file_get_contents (C errno) => 2
TimeoutException => array (
  0 => true,
  1 => 'Exception',
)
new TimeoutException("m", 3) => array (
  0 => 'm',
  1 => 3,
)
-- swoole_error_log(level, msg) for each level (default log level)
SWOOLE_LOG_DEBUG=0: |
SWOOLE_LOG_TRACE=1: |
SWOOLE_LOG_INFO=2: [%s]	INFO	message at SWOOLE_LOG_INFO
|
SWOOLE_LOG_NOTICE=3: [%s]	NOTICE	message at SWOOLE_LOG_NOTICE
|
SWOOLE_LOG_WARNING=4: [%s]	WARNING	message at SWOOLE_LOG_WARNING
|
SWOOLE_LOG_ERROR=5: [%s]	ERROR	message at SWOOLE_LOG_ERROR
|
SWOOLE_LOG_NONE=6: [%s]	INFO	message at SWOOLE_LOG_NONE
|
[%s]	INFO	level 99
swoole_error_log(99, "x") => NULL
swoole_error_log(-1, "x") => NULL
[%s]	WARNING	multi
line
swoole_error_log(SWOOLE_LOG_WARNING, "a\nb")  => NULL
[%s]	WARNING	zif_swoole_error_log_ex() (ERRNO 1234): with code
swoole_error_log_ex(SWOOLE_LOG_WARNING, 1234, "with code") => NULL
last error => 1234
swoole_ignore_error(505) => NULL
[%s]	WARNING	zif_swoole_error_log_ex() (ERRNO 506): error_log_ex with code 506
last error => 506
swoole_ignore_error("x") => TypeError: swoole_ignore_error(): Argument #1 ($error) must be of type int, string given
-- Co::set(['log_level' => SWOOLE_LOG_ERROR]) then a WARNING
[%s]	ERROR	error after log_level=ERROR
end
