--TEST--
Hooks, phpredis against a private redis-server: set/get, lists, a server error reply, TCP and unix socket, refused, a stalled server and a BLPOP longer than read_timeout ending with phpredis's own exceptions, 10 coroutines blocked in BLPOP at once (5 fed by another coroutine, 5 timing out) in about the BLPOP timeout, pconnect
--EXTENSIONS--
cosocket
igbinary
redis
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('redis'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$rs = srv_redis();
[$stalled, $sp] = srv_stalled();
$nobody = srv_free_port();
Co\run(function () use ($rs, $sp, $nobody) {
    $port = $rs['port'];
    $r = new Redis();
    show('connect', $r->connect('127.0.0.1', $port, 1.0));
    show('set/get', [$r->set('k', 'v'), $r->get('k'), $r->get('missing')]);
    show('list', [$r->rPush('l', 'a', 'b', 'c'), $r->lRange('l', 0, -1)]);
    show('wrong type', [$r->lPush('k', 'x'), rtrim($r->getLastError(), "\0")]);
    $big = str_repeat('0123456789', 50000);
    show('500 kB value', [$r->set('big', $big), $r->get('big') === $big]);
    $u = new Redis();
    show('unix socket', [$u->connect($rs['socket']), $u->get('k')]);
    try {
        (new Redis())->connect('127.0.0.1', $nobody, 1.0);
    } catch (RedisException $e) {
        show('refused', $e->getMessage());
    }

    $stop = ticker();
    $t = microtime(true);
    try {
        $s = new Redis();
        $s->connect('127.0.0.1', $sp, 1.0, null, 0, 1.0);
        show('stalled server', $s->ping());
    } catch (RedisException $e) {
        show('stalled server, read_timeout 1', [$e->getMessage(), took($t, 0.8, 2.5)]);
    }
    echo $stop(), "\n";

    $b = new Redis();
    $b->connect('127.0.0.1', $port, 1.0, null, 0, 1.0);
    $t = microtime(true);
    try {
        show('BLPOP 3, read_timeout 1', $b->blPop(['nokey'], 3));
    } catch (RedisException $e) {
        show('BLPOP 3, read_timeout 1', [str_replace((string) $port, 'PORT', $e->getMessage()), took($t, 0.8, 2.5)]);
    }

    $t = microtime(true);
    $wg = new Swoole\Coroutine\WaitGroup();
    $got = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($port, $i, $wg, &$got) {
            $c = new Redis();
            $c->connect('127.0.0.1', $port);
            $got[$i] = $c->blPop(["q$i"], 1);
            $wg->done();
        });
    }
    go(function () use ($port) {
        $p = new Redis();
        $p->connect('127.0.0.1', $port);
        Swoole\Coroutine::sleep(0.1);
        for ($i = 0; $i < 10; $i += 2) $p->rPush("q$i", "item$i");
    });
    $wg->wait();
    ksort($got);
    show('10 x BLPOP 1', [$got, took($t, 0.9, 2.5)]);

    $p = new Redis();
    show('pconnect', [$p->pconnect('127.0.0.1', $port), $p->get('k')]);
});
echo "done\n";
?>
--EXPECT--
connect: true
set/get: [true,"v",false]
list: [3,["a","b","c"]]
wrong type: [false,"WRONGTYPE Operation against a key holding the wrong kind of value"]
500 kB value: [true,true]
unix socket: [true,"v"]
refused: 'Connection refused'
stalled server, read_timeout 1: ["socket error on read socket","in [0.8, 2.5] s"]
other coroutines ran
BLPOP 3, read_timeout 1: ["read error on connection to 127.0.0.1:PORT","in [0.8, 2.5] s"]
10 x BLPOP 1: [[["q0","item0"],[],["q2","item2"],[],["q4","item4"],[],["q6","item6"],[],["q8","item8"],[]],"in [0.9, 2.5] s"]
pconnect: [true,"v"]
done
