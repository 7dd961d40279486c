--TEST--
The loop returns the main script's own state: after Event::wait() resumed coroutines one after another (socket echoes, sleeps, silenced waits, the last one left parked), the caller's locals, backtrace, error_reporting, exceptions and a deep call chain work as before the loop (Swoole's output)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

function level3($n) {
    $local = "kept-$n";
    go(function () {
        // Silenced while it waits, 50 times: the silence is the coroutine's own.
        for ($i = 0; $i < 50; $i++) { @Coroutine::sleep(0.001); }
        $l = new Socket(AF_INET, SOCK_STREAM, 0); $l->bind('127.0.0.1', 0); $l->listen();
        go(function () use ($l) { $c = $l->accept(); while (($d = $c->recv()) !== '' && $d !== false) $c->sendAll($d); });
        $a = new Socket(AF_INET, SOCK_STREAM, 0);
        $a->connect('127.0.0.1', $l->getsockname()['port']);
        for ($i = 0; $i < 200; $i++) { $a->sendAll("m$i"); $a->recvAll(strlen("m$i")); }
        $a->close();
        echo "pingpong done\n";
        try { Coroutine::sleep(0.01); throw new LogicException("in a coroutine"); } catch (LogicException $e) { echo "caught ", $e->getMessage(), "\n"; }
        // Last, resumed by the loop: a silenced wait that nothing ends. The loop
        // returns with it parked (deadlock check off), and main goes on.
        Coroutine::sleep(0.01);
        @Coroutine::yield();
    });
    Swoole\Event::wait();
    $frames = array_map(fn($f) => $f['function'], debug_backtrace());
    return [$local, $n, implode(' < ', $frames), error_reporting() === E_ALL, Coroutine::getCid()];
}
function level2() { return level3(7); }
Coroutine::set(['enable_deadlock_check' => false]);
error_reporting(E_ALL);
var_dump(level2());
trigger_error("main reports its own warnings", E_USER_WARNING);
try { throw new RuntimeException("main still throws"); } catch (RuntimeException $e) { echo $e->getMessage(), "\n"; }
function depth($n) { return $n ? 1 + depth($n - 1) : 0; }
var_dump(depth(50000), Coroutine::getStackUsage(-1) > 0);
--EXPECTF--
pingpong done
caught in a coroutine
array(5) {
  [0]=>
  string(6) "kept-7"
  [1]=>
  int(7)
  [2]=>
  string(15) "level3 < level2"
  [3]=>
  bool(true)
  [4]=>
  int(-1)
}

Warning: main reports its own warnings in %s on line 31
main still throws
int(50000)
bool(true)
