<?php
/**
 * A few coroutines sleeping and handing values to each other through a Channel:
 * the output shows how they interleave on one thread.
 *
 *   php -d extension=target/release/libcosocket.so examples/channel_pipeline.php
 */
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;

Co\run(function () {
    $jobs = new Channel(2);
    $results = new Channel(8);

    // A producer that takes its time.
    go(function () use ($jobs) {
        foreach (['apple', 'kiwi', 'banana', 'fig'] as $fruit) {
            printf("[%.2fs] producer: pushing %s\n", elapsed(), $fruit);
            $jobs->push($fruit);
            Coroutine::sleep(0.05);
        }
        $jobs->close();
    });

    // Two workers, each sleeping as long as its word is long.
    foreach (['w1', 'w2'] as $name) {
        go(function () use ($name, $jobs, $results) {
            while (($fruit = $jobs->pop()) !== false) {
                printf("[%.2fs] %s: working on %s\n", elapsed(), $name, $fruit);
                Coroutine::sleep(strlen($fruit) / 50);
                $results->push("$fruit by $name");
            }
            printf("[%.2fs] %s: no more work\n", elapsed(), $name);
        });
    }

    for ($i = 0; $i < 4; $i++) {
        $result = $results->pop();
        printf("[%.2fs] main: got %s\n", elapsed(), $result);
    }
});

function elapsed(): float
{
    static $t0;
    $t0 ??= microtime(true);
    return microtime(true) - $t0;
}
