<?php
/**
 * Runtime benchmark: prints one line per figure, `name value unit`.
 *   php -d extension=target/release/libcosocket.so bench/runtime.php
 * Works unchanged on Swoole (php -d extension=swoole.so bench/runtime.php).
 */
use Swoole\Coroutine;

const SPAWN_N = 500000;
const SWITCH_N = 1000000;
const SLEEPERS = 10000;
const BLOCKED = 200000;

function rss_kb(): int
{
    preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/self/status'), $m);
    return (int)$m[1];
}

// 200,000 coroutines alive at once: past Swoole's default max_coroutine (100,000), and
// each holds ~9 KB of Zend memory.
Coroutine::set(['max_coroutine' => BLOCKED + SLEEPERS + 1000]);
ini_set('memory_limit', '-1');

Co\run(function () {
    // spawn + exit: each coroutine returns at once.
    $f = function () {};
    for ($i = 0; $i < 10000; $i++) { go($f); }
    $t = hrtime(true);
    for ($i = 0; $i < SPAWN_N; $i++) { go($f); }
    $dt = (hrtime(true) - $t) / 1e9;
    printf("spawn_exit_per_sec %.0f ops/s\n", SPAWN_N / $dt);

    // suspend/resume round trip: one coroutine yields, the other resumes it.
    $cid = go(function () {
        for ($i = 0; $i < SWITCH_N; $i++) { Coroutine::yield(); }
    });
    $t = hrtime(true);
    for ($i = 0; $i < SWITCH_N; $i++) { Coroutine::resume($cid); }
    $dt = hrtime(true) - $t;
    printf("switch_round_trip %.1f ns\n", $dt / SWITCH_N);
    $switch = $dt / SWITCH_N;

    // channel round trip: a value to the other coroutine and one back, through two
    // channels; the same two switches as above, plus the channels' work.
    $ping = new Coroutine\Channel(1);
    $pong = new Coroutine\Channel(1);
    go(function () use ($ping, $pong) {
        for ($i = 0; $i < SWITCH_N; $i++) { $pong->push($ping->pop()); }
    });
    $t = hrtime(true);
    for ($i = 0; $i < SWITCH_N; $i++) { $ping->push($i); $pong->pop(); }
    $dt = hrtime(true) - $t;
    printf("channel_round_trip %.1f ns\n", $dt / SWITCH_N);
    printf("channel_to_switch_ratio %.2f x\n", $dt / SWITCH_N / $switch);

    // memory per sleeping coroutine.
    gc_collect_cycles();
    $m0 = memory_get_usage();
    $r0 = rss_kb();
    for ($i = 0; $i < SLEEPERS; $i++) {
        go(function () { Coroutine::sleep(0.5); });
    }
    $m1 = memory_get_usage();
    $r1 = rss_kb();
    printf("zend_memory_per_sleeping_coroutine %.0f bytes\n", ($m1 - $m0) / SLEEPERS);
    printf("rss_per_sleeping_coroutine %.0f bytes\n", ($r1 - $r0) * 1024 / SLEEPERS);

    // memory per coroutine with 200,000 blocked on one channel at once (the sleepers
    // above gone first).
    Coroutine::sleep(0.6);
    $ch = new Coroutine\Channel();
    gc_collect_cycles();
    $m0 = memory_get_usage();
    $r0 = rss_kb();
    $t = hrtime(true);
    for ($i = 0; $i < BLOCKED; $i++) {
        go(function () use ($ch) { $ch->pop(); });
    }
    $dt = (hrtime(true) - $t) / 1e9;
    $m1 = memory_get_usage();
    $r1 = rss_kb();
    $alive = Coroutine::stats()['coroutine_num'] - 1; // all but this one
    $ch->close();
    printf("blocked_coroutines_alive %d coroutines\n", $alive);
    printf("blocked_spawn_per_sec %.0f ops/s\n", BLOCKED / $dt);
    printf("zend_memory_per_blocked_coroutine %.0f bytes\n", ($m1 - $m0) / BLOCKED);
    printf("rss_per_blocked_coroutine %.0f bytes\n", ($r1 - $r0) * 1024 / BLOCKED);
});
