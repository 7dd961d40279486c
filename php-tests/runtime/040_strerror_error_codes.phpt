--TEST--
swoole_strerror() knows every one of Swoole's own codes, each with its SWOOLE_ERROR_* constant
--EXTENSIONS--
cosocket
--FILE--
<?php
$codes = array_filter(get_defined_constants(), fn($k) => str_starts_with($k, 'SWOOLE_ERROR_'), ARRAY_FILTER_USE_KEY);
var_dump(count($codes));
$unknown = array_filter($codes, fn($v) => str_starts_with(swoole_strerror($v), 'Unknown error'));
var_dump($unknown);
foreach (['MALLOC_FAIL', 'NAME_TOO_LONG', 'INVALID_PARAMS', 'WRONG_OPERATION', 'FOR_TEST', 'DIR_NOT_EXIST',
          'BAD_HOST_ADDR', 'SESSION_CLOSED_BY_SERVER', 'SSL_HANDSHAKE_FAILED', 'PACKAGE_MALFORMED_DATA',
          'SOCKET_CLOSED', 'SOCKS5_CONNECT_FAILED', 'HTTP_PROXY_BAD_RESPONSE', 'SERVER_WORKER_UNPROCESSED_DATA',
          'CO_HAS_BEEN_DISCARDED', 'CO_GETCONTEXT_FAILED', 'CO_SOCKET_CLOSE_WAIT'] as $name) {
    $v = constant("SWOOLE_ERROR_$name");
    printf("%s %d %s | %s\n", $name, $v, swoole_strerror($v), swoole_strerror($v, SWOOLE_STRERROR_SWOOLE));
}
var_dump(swoole_strerror(500), swoole_strerror(10020), swoole_strerror(110), swoole_strerror(110, SWOOLE_STRERROR_SWOOLE));
?>
--EXPECT--
int(130)
array(0) {
}
MALLOC_FAIL 501 Malloc fail | Malloc fail
NAME_TOO_LONG 504 Name too long | Name too long
INVALID_PARAMS 505 Invalid params | Invalid params
WRONG_OPERATION 509 Wrong operation | Wrong operation
FOR_TEST 511 For test | For test
DIR_NOT_EXIST 703 Dir not exist | Dir not exist
BAD_HOST_ADDR 722 Bad host addr | Bad host addr
SESSION_CLOSED_BY_SERVER 1001 Session closed by server | Session closed by server
SSL_HANDSHAKE_FAILED 1018 SSL handshake failed | SSL handshake failed
PACKAGE_MALFORMED_DATA 1204 Package malformed data | Package malformed data
SOCKET_CLOSED 6001 Socket closed | Socket closed
SOCKS5_CONNECT_FAILED 7006 Socks5 connect failed | Socks5 connect failed
HTTP_PROXY_BAD_RESPONSE 7104 Http proxy bad response | Http proxy bad response
SERVER_WORKER_UNPROCESSED_DATA 9103 Server worker unprocessed data | Server worker unprocessed data
CO_HAS_BEEN_DISCARDED 10003 Coroutine has been discarded | Coroutine has been discarded
CO_GETCONTEXT_FAILED 10008 Coroutine getcontext failed | Coroutine getcontext failed
CO_SOCKET_CLOSE_WAIT 10019 Coroutine socket close wait | Coroutine socket close wait
string(17) "Unknown error 500"
string(19) "Unknown error 10020"
string(20) "Connection timed out"
string(20) "Connection timed out"
