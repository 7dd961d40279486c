--TEST--
Fibers in coroutines: fibers that yield the coroutine in several coroutines at once, a fiber handed to another coroutine, Fiber::suspend() in a coroutine started inside a fiber
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;

echo "-- two coroutines, each driving a fiber that sleeps\n";
Co\run(function () {
    for ($i = 0; $i < 2; $i++) {
        go(function () use ($i) {
            $f = new Fiber(function () use ($i) {
                for ($k = 0; $k < 2; $k++) {
                    // Far apart: under valgrind, a first pass through the code takes tens of ms.
                    Coroutine::sleep(0.01 + 0.1 * $i);
                    $x = Fiber::suspend("$i.$k");
                    echo "fiber $i got $x\n";
                }
                return "done $i";
            });
            $v = $f->start();
            while (!$f->isTerminated()) {
                echo "coroutine $i got $v\n";
                $v = $f->resume("r$i");
            }
            echo "coroutine $i: ", $f->getReturn(), "\n";
        });
    }
});

echo "-- a coroutine started inside a fiber is not in that fiber\n";
Co\run(function () {
    $f = new Fiber(function () {
        go(function () {
            try {
                Fiber::suspend(1);
            } catch (FiberError $e) {
                echo get_class($e), ": ", $e->getMessage(), "\n";
            }
            Coroutine::sleep(0.01);
            echo "inner coroutine done\n";
        });
        echo "fiber goes on\n";
        Fiber::suspend(2);
        echo "fiber resumed\n";
    });
    var_dump($f->start());
    Coroutine::sleep(0.02);
    $f->resume();
});

echo "-- a fiber resumed by another coroutine, and one resumed while it runs\n";
Co\run(function () {
    $ch = new Channel(1);
    go(function () use ($ch) {
        $f = new Fiber(function () {
            $x = Fiber::suspend('first');
            echo "fiber runs in ", $x === 'from ' . Coroutine::getCid() ? "the coroutine that resumed it" : "another coroutine", "\n";
            Coroutine::sleep(0.02);
            return 'finished';
        });
        echo "started: ", $f->start(), "\n";
        $ch->push($f);
        Coroutine::sleep(0.01);           // the fiber now runs (asleep) in the other coroutine
        try {
            $f->resume('again');
        } catch (FiberError $e) {
            echo "FiberError: ", $e->getMessage(), "\n";
        }
    });
    go(function () use ($ch) {
        $f = $ch->pop();
        $f->resume('from ' . Coroutine::getCid());
        echo "returned: ", $f->getReturn(), "\n";
    });
});
?>
--EXPECT--
-- two coroutines, each driving a fiber that sleeps
coroutine 0 got 0.0
fiber 0 got r0
coroutine 0 got 0.1
fiber 0 got r0
coroutine 0: done 0
coroutine 1 got 1.0
fiber 1 got r1
coroutine 1 got 1.1
fiber 1 got r1
coroutine 1: done 1
-- a coroutine started inside a fiber is not in that fiber
FiberError: Cannot suspend outside of a fiber
fiber goes on
int(2)
inner coroutine done
fiber resumed
-- a fiber resumed by another coroutine, and one resumed while it runs
started: first
fiber runs in the coroutine that resumed it
FiberError: Cannot resume a fiber that is not suspended
returned: finished
