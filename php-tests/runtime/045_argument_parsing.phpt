--TEST--
Arguments of the hot methods (push, pop, getCid, yield, resume, send, recv*): values of the declared type take the fast path; anything else is coerced or refused exactly as zend_parse_parameters does (outputs match Swoole 6.2.1)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;
use Swoole\Coroutine\Socket;
function show(callable $f) {
    try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
}
Co\run(function () {
    $ch = new Channel(4);
    show(fn() => $ch->push(1, "0.5"));
    show(fn() => $ch->push(2, 1));
    show(fn() => $ch->push(3, 0.25));
    show(fn() => $ch->push(4, "x"));
    show(fn() => $ch->push(5, null));
    show(fn() => $ch->push());
    show(fn() => $ch->push(6, 1, 2));
    show(fn() => $ch->pop("0.1"));
    show(fn() => $ch->pop(1));
    show(fn() => $ch->pop([]));
    show(fn() => $ch->pop(0.1, 2));
    show(fn() => Co::getCid(1));
    show(fn() => Co::getCid());
    show(fn() => Co::resume("abc"));
    show(fn() => Co::resume(1.0));
    go(function () { show(fn() => Co::yield(1)); }); Co::resume(Co::getCid() + 1);
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    show(fn() => $a->send(12345));
    show(fn() => $a->send("abc", "1"));
    show(fn() => $a->sendAll(1.5, 1));
    show(fn() => $a->send([]));
    show(fn() => $b->recv("3"));
    show(fn() => $b->recv(3.0, 1));
    show(fn() => $b->recvAll(2, "0.5"));
    show(fn() => $b->recv("abc"));
    show(fn() => $b->recv(1, 1, 1));
    show(fn() => $b->recv(true));
    show(fn() => $b->recv(null, 0.01));
});

?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
TypeError: Swoole\Coroutine\Channel::push(): Argument #2 ($timeout) must be of type float, string given

Deprecated: Swoole\Coroutine\Channel::push(): Passing null to parameter #2 ($timeout) of type float is deprecated in %s on line 14
bool(true)
ArgumentCountError: Swoole\Coroutine\Channel::push() expects at least 1 argument, 0 given
ArgumentCountError: Swoole\Coroutine\Channel::push() expects at most 2 arguments, 3 given
int(1)
int(2)
TypeError: Swoole\Coroutine\Channel::pop(): Argument #1 ($timeout) must be of type float, array given
ArgumentCountError: Swoole\Coroutine\Channel::pop() expects at most 1 argument, 2 given
int(1)
int(1)
TypeError: Swoole\Coroutine::resume(): Argument #1 ($cid) must be of type int, string given

Warning: Swoole\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent in %s on line 24
bool(false)
bool(true)
int(5)
int(3)
int(3)
TypeError: Swoole\Coroutine\Socket::send(): Argument #1 ($data) must be of type string, array given
string(3) "123"
string(3) "45a"
string(2) "bc"
TypeError: Swoole\Coroutine\Socket::recv(): Argument #1 ($length) must be of type int, string given
ArgumentCountError: Swoole\Coroutine\Socket::recv() expects at most 2 arguments, 3 given
string(1) "1"

Deprecated: Swoole\Coroutine\Socket::recv(): Passing null to parameter #1 ($length) of type int is deprecated in %s on line 37
string(2) ".5"
