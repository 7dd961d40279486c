--TEST--
Every class of ours subclassed with declared properties and __get/__set/__isset/__unset (objects sized as the engine expects), cloned, serialized, dumped
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\{Socket, Channel, WaitGroup, Scheduler};

trait Magic {
    public $declared = 'd';
    public int $typed = 7;
    private array $bag = [];
    public function __get($n) { return $this->bag[$n] ?? "magic:$n"; }
    public function __set($n, $v) { $this->bag[$n] = $v; }
    public function __isset($n) { return isset($this->bag[$n]); }
    public function __unset($n) { unset($this->bag[$n]); }
}
class MySocket extends Socket { use Magic; }
class MyChannel extends Channel { use Magic; }
class MyWaitGroup extends WaitGroup { use Magic; }
class MyScheduler extends Scheduler { use Magic; }
class MyEx extends Socket\Exception { use Magic; }

function probe(object $o) {
    $c = get_class($o);
    $o->extra = [1, 2, 3];
    $o->other = str_repeat('x', 100);
    echo "$c: ", json_encode([$o->declared, $o->typed, $o->extra, isset($o->nope), $o->nope]), "\n";
    unset($o->extra);
    var_dump(isset($o->extra));
    try { $x = clone $o; echo "$c cloned\n"; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    try { $s = serialize($o); echo "$c serialized\n"; } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    ob_start(); var_dump($o); print_r($o); var_export($o); $dump = ob_get_clean();
    echo strlen($dump) > 0 ? "dumped\n" : "empty\n";
}
Co\run(function () {
    $objs = [];
    for ($i = 0; $i < 50; $i++) {
        $objs[] = new MySocket(AF_INET, SOCK_STREAM, 0);
        $objs[] = new MyChannel(2);
        $objs[] = new MyWaitGroup();
        $objs[] = new MyScheduler();
        $objs[] = new MyEx("m", 3);
    }
    foreach (array_slice($objs, 0, 5) as $o) probe($o);
    $ch = $objs[1];
    $ch->push(1);
    var_dump($ch->pop(), $ch->errCode, $ch->capacity);
    $s = $objs[0];
    var_dump($s->bind('127.0.0.1', 0), $s->errCode);
    $wg = $objs[2];
    $wg->add(1); go(function () use ($wg) { $wg->done(); }); $wg->wait();
    echo "ok\n";
});
?>
--EXPECT--
MySocket: ["d",7,[1,2,3],false,"magic:nope"]
bool(false)
Error: Trying to clone an uncloneable object of class MySocket
Exception: Serialization of 'MySocket' is not allowed
dumped
MyChannel: ["d",7,[1,2,3],false,"magic:nope"]
bool(false)
Error: Trying to clone an uncloneable object of class MyChannel
Exception: Serialization of 'MyChannel' is not allowed
dumped
MyWaitGroup: ["d",7,[1,2,3],false,"magic:nope"]
bool(false)
Error: Trying to clone an uncloneable object of class MyWaitGroup
Exception: Serialization of 'MyWaitGroup' is not allowed
dumped
MyScheduler: ["d",7,[1,2,3],false,"magic:nope"]
bool(false)
Error: Trying to clone an uncloneable object of class MyScheduler
Exception: Serialization of 'MyScheduler' is not allowed
dumped
MyEx: ["d",7,[1,2,3],false,"magic:nope"]
bool(false)
Error: Trying to clone an uncloneable object of class MyEx
MyEx serialized
dumped
int(1)
int(0)
int(2)
bool(true)
int(0)
ok
