--TEST--
new Channel(PHP_INT_MAX) is a channel that never fills, as in Swoole (nothing is allocated up front); values pass through it as through any other
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Channel;
foreach ([PHP_INT_MAX, 2147483648, 0, -5] as $size) {
    $ch = new Channel($size);
    echo $ch->capacity, "\n";
}
Co\run(function () {
    $ch = new Channel(PHP_INT_MAX);
    for ($i = 0; $i < 1000; $i++) {
        $ch->push($i, 0.001);
    }
    var_dump($ch->length(), $ch->isFull(), $ch->pop(), $ch->stats()['queue_num']);
    while (!$ch->isEmpty()) {
        $last = $ch->pop();
    }
    var_dump($last, memory_get_usage() < 8 << 20);
});
?>
--EXPECT--
9223372036854775807
2147483648
1
1
int(1000)
bool(false)
int(0)
int(999)
int(999)
bool(true)
