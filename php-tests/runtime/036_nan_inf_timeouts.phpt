--TEST--
NAN and INF timeouts: NAN fails at once (last error 505), +INF waits with no timer, -INF as a negative timeout; nothing waits forever by accident
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine as Co;
use Swoole\Coroutine\{Channel, System, WaitGroup};

$t0 = microtime(true);
Co\run(function () {
    // Co::sleep / System::sleep: NAN gets the warning of a too-short timer, at once.
    var_dump(Co::sleep(NAN), swoole_last_error() === SWOOLE_ERROR_INVALID_PARAMS);
    var_dump(System::sleep(NAN), swoole_last_error());
    var_dump(Co::sleep(-INF), swoole_last_error() === SWOOLE_ERROR_PHP_FATAL_ERROR);

    $ch = new Channel(1);
    var_dump($ch->pop(NAN), $ch->errCode === SWOOLE_CHANNEL_TIMEOUT, swoole_last_error());
    $ch->push('queued');
    var_dump($ch->pop(NAN), $ch->length());        // refused even with a value queued
    var_dump($ch->pop());
    var_dump($ch->push('x', NAN), $ch->errCode === SWOOLE_CHANNEL_TIMEOUT, $ch->length());

    // +INF and -INF wait with no timer: the value comes after 50 ms.
    foreach ([INF, -INF] as $inf) {
        go(function () use ($ch) { Co::sleep(0.05); $ch->push('late'); });
        $t = microtime(true);
        var_dump($ch->pop($inf), round(microtime(true) - $t, 1));
    }
    $full = new Channel(1);
    $full->push(1);
    go(function () use ($full) { Co::sleep(0.05); $full->pop(); });
    var_dump($full->push(2, INF));

    $cid = go(function () { Co::sleep(0.05); });
    swoole_clear_error();
    var_dump(Co::join([$cid], NAN), swoole_last_error());
    var_dump(Co::join([$cid], INF), Co::exists($cid));

    $wg = new WaitGroup(1);
    var_dump($wg->wait(NAN), swoole_last_error());
    go(function () use ($wg) { Co::sleep(0.05); $wg->done(); });
    var_dump($wg->wait(INF), $wg->count());

    // Lookups: NAN refused; +INF (no timer) and -INF (the default timeout) resolve.
    swoole_clear_error();
    var_dump(System::gethostbyname('localhost', AF_INET, NAN), swoole_last_error());
    var_dump(System::getaddrinfo('localhost', AF_INET, SOCK_STREAM, 0, null, NAN), swoole_last_error());
    var_dump(System::dnsLookup('localhost', NAN), swoole_last_error());
    var_dump(System::gethostbyname('localhost', AF_INET, INF), System::gethostbyname('localhost', AF_INET, -INF));
    var_dump(System::getaddrinfo('localhost', AF_INET, SOCK_STREAM, 0, null, INF)[0], System::dnsLookup('localhost', INF));
});
var_dump(microtime(true) - $t0 < 2);

// sleep(INF) and pop(INF) with nothing to wake them: the deadlock report, not a 30-year timer.
Co\run(function () {
    go(function () { (new Channel(1))->pop(INF); echo "not reached\n"; });
    Co::sleep(INF);
    echo "not reached\n";
});
echo "done\n";
?>
--EXPECTF--
Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)
bool(true)

Warning: Swoole\Coroutine\System::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)
int(505)

Warning: Swoole\Coroutine::sleep(): Timer must be greater than or equal to 0.001 in %s on line %d
bool(false)
bool(true)
bool(false)
bool(true)
int(505)
bool(false)
int(1)
string(6) "queued"
bool(false)
bool(true)
int(0)
string(4) "late"
float(0.1)
string(4) "late"
float(0.1)
bool(true)
bool(false)
int(505)
bool(true)
bool(false)
bool(false)
int(505)
bool(true)
int(0)
bool(false)
int(505)
bool(false)
int(505)
bool(false)
int(505)
string(9) "127.0.0.1"
string(9) "127.0.0.1"
string(9) "127.0.0.1"
string(9) "127.0.0.1"
bool(true)

 =================================================================
  [FATAL ERROR]: all coroutines (count: 2) are asleep - deadlock!
 =================================================================

  [Coroutine-%d]
 -----------------------------------------------------------------
#0 %s(%d): Swoole\Coroutine\Channel->pop()
#1 [internal function]: {closure%S}()

  [Coroutine-%d]
 -----------------------------------------------------------------
#0 %s(%d): Swoole\Coroutine::sleep()
#1 [internal function]: {closure%S}()

 =================================================================
done
