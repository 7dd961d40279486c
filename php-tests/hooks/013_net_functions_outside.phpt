--TEST--
SWOOLE_HOOK_NET_FUNCTION outside any coroutine: PHP's own functions (Swoole: uncatchable 'API must be called in the coroutine')
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) { echo "  [$no] $str\n"; return true; });
function show($label, $v) { echo $label, ': ', json_encode($v), "\n"; }
function attempt($label, $f) { try { show($label, $f()); } catch (Throwable $e) { show($label, get_class($e) . ': ' . $e->getMessage()); } }
$body = function () {
    show('gethostbyname(localhost)', gethostbyname('localhost'));
    show('gethostbyname(127.1)', gethostbyname('127.1'));
    show('gethostbyname(::1)', gethostbyname('::1'));
    show('gethostbyname(no-such-host.invalid)', gethostbyname('no-such-host.invalid'));
    show("gethostbyname('')", gethostbyname(''));
    show('gethostbyname(300 chars) length', strlen(gethostbyname(str_repeat('a', 300))));
    attempt('gethostbyname(NUL)', fn() => gethostbyname("a\0b"));
    attempt('gethostbyname()', fn() => gethostbyname());
    show('gethostbynamel(localhost)', gethostbynamel('localhost'));
    show('gethostbynamel(no-such-host.invalid)', gethostbynamel('no-such-host.invalid'));
    show('gethostbynamel(300 chars)', gethostbynamel(str_repeat('a', 300)));
    show('gethostbyaddr(127.0.0.1)', gethostbyaddr('127.0.0.1'));
    show('gethostbyaddr(bad)', gethostbyaddr('bad'));
    show("gethostbyaddr('')", gethostbyaddr(''));
    attempt('gethostbyaddr(NUL)', fn() => gethostbyaddr("127.0.0.1\0"));
};
$mode = 'outside';
if ($mode === 'plain') { $body(); exit; }
if ($mode === 'outside') { Swoole\Runtime::enableCoroutine(); $body(); exit; }
Co\run(function () use ($body) {
    $body();
    $wg = new Swoole\Coroutine\WaitGroup; $res = [];
    for ($i = 0; $i < 10; $i++) { $wg->add(); go(function () use ($wg, &$res) { $res[] = gethostbyname('localhost'); $wg->done(); }); }
    $wg->wait();
    show('10 lookups at once', array_count_values($res));
});
?>
--EXPECT--
gethostbyname(localhost): "127.0.0.1"
gethostbyname(127.1): "127.0.0.1"
gethostbyname(::1): "::1"
gethostbyname(no-such-host.invalid): "no-such-host.invalid"
gethostbyname(''): ""
  [2] gethostbyname(): Host name cannot be longer than 255 characters
gethostbyname(300 chars) length: 300
gethostbyname(NUL): "ValueError: gethostbyname(): Argument #1 ($hostname) must not contain any null bytes"
gethostbyname(): "ArgumentCountError: gethostbyname() expects exactly 1 argument, 0 given"
gethostbynamel(localhost): ["127.0.0.1"]
gethostbynamel(no-such-host.invalid): false
  [2] gethostbynamel(): Host name cannot be longer than 255 characters
gethostbynamel(300 chars): false
gethostbyaddr(127.0.0.1): "localhost"
  [2] gethostbyaddr(): Address is not a valid IPv4 or IPv6 address
gethostbyaddr(bad): false
  [2] gethostbyaddr(): Address is not a valid IPv4 or IPv6 address
gethostbyaddr(''): false
gethostbyaddr(NUL): "ValueError: gethostbyaddr(): Argument #1 ($ip) must not contain any null bytes"
