--TEST--
Callbacks that yield in the middle of ext/standard calls: usort()/uasort()/uksort() comparators and __serialize()/__unserialize()/__sleep()/__wakeup() in several coroutines at once
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;

Co\run(function () {
    $sorted = [];
    foreach (['usort', 'uasort', 'uksort'] as $n => $sort) {
        for ($c = 0; $c < 2; $c++) {
            go(function () use ($sort, $n, $c, &$sorted) {
                $a = [5 => 'e', 3 => 'c', 1 => 'a', 4 => 'd', 2 => 'b'];
                $dir = $c ? -1 : 1;
                $sort($a, function ($x, $y) use ($dir) {
                    Coroutine::sleep(0.001);              // yields inside the sort
                    return $dir * ($x <=> $y);
                });
                $sorted["$sort $c"] = json_encode($a);
            });
        }
    }
    Coroutine::sleep(0.5);
    ksort($sorted);
    foreach ($sorted as $k => $v) echo "$k: $v\n";
});

class Slow {
    public function __construct(public $v) {}
    public function __serialize(): array { Coroutine::sleep(0.002); return ['v' => $this->v]; }
    public function __unserialize(array $d): void { Coroutine::sleep(0.002); $this->v = $d['v']; }
}
class Sleepy {
    public $v;
    public function __sleep() { Coroutine::sleep(0.002); return ['v']; }
    public function __wakeup() { Coroutine::sleep(0.002); }
}

Co\run(function () {
    $out = [];
    for ($c = 0; $c < 3; $c++) {
        go(function () use ($c, &$out) {
            $o = new Slow($c);
            $shared = new Slow("s$c");
            $z = new Sleepy; $z->v = "z$c";
            // Back-references (r:N) rely on the serializer's state staying this call's.
            $s = serialize([$o, $shared, $shared, [$o], $z, $z]);
            $u = unserialize($s);
            $out[$c] = [$u[1] === $u[2], $u[0] === $u[3][0], $u[4] === $u[5], $u[0]->v, $u[1]->v, $u[4]->v, strlen($s)];
        });
    }
    Coroutine::sleep(0.5);
    ksort($out);
    foreach ($out as $c => $o) echo "$c: ", json_encode($o), "\n";
});
?>
--EXPECT--
uasort 0: {"1":"a","2":"b","3":"c","4":"d","5":"e"}
uasort 1: {"5":"e","4":"d","3":"c","2":"b","1":"a"}
uksort 0: {"1":"a","2":"b","3":"c","4":"d","5":"e"}
uksort 1: {"5":"e","4":"d","3":"c","2":"b","1":"a"}
usort 0: ["a","b","c","d","e"]
usort 1: ["e","d","c","b","a"]
0: [true,true,true,0,"s0","z0",145]
1: [true,true,true,1,"s1","z1",145]
2: [true,true,true,2,"s2","z2",145]
