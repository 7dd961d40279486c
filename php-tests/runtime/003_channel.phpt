--TEST--
Channel: direct hand-off to a waiting consumer, timeouts, close, errCode, stats
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;
Co\run(function () {
    $ch = new Channel(2);
    var_dump($ch->capacity, $ch->errCode, $ch->isEmpty(), $ch->isFull(), $ch->length());
    go(function () use ($ch) {
        echo "consumer waits\n";
        $v = $ch->pop();
        echo "consumer got $v\n";
    });
    echo "producer pushes\n";
    var_dump($ch->push("a"));
    echo "producer goes on\n";
    $ch->push(1);
    $ch->push([2]);
    var_dump($ch->isFull(), $ch->length(), $ch->stats());
    $t = microtime(true);
    var_dump($ch->push(3, 0.05), $ch->errCode === SWOOLE_CHANNEL_TIMEOUT, microtime(true) - $t >= 0.04);
    var_dump($ch->pop(), $ch->pop());
    var_dump($ch->pop(0.01), $ch->errCode === SWOOLE_CHANNEL_TIMEOUT);
    go(function () use ($ch) {
        var_dump($ch->pop());
        var_dump($ch->errCode === SWOOLE_CHANNEL_CLOSED);
    });
    var_dump($ch->close(), $ch->close());
    var_dump($ch->push(9), $ch->errCode);
    $small = new Channel(-5);
    var_dump($small->capacity);
    var_dump(SWOOLE_CHANNEL_OK, SWOOLE_CHANNEL_TIMEOUT, SWOOLE_CHANNEL_CLOSED, SWOOLE_CHANNEL_CANCELED);
});
?>
--EXPECT--
int(2)
int(0)
bool(true)
bool(false)
int(0)
consumer waits
producer pushes
consumer got a
bool(true)
producer goes on
bool(true)
int(2)
array(3) {
  ["consumer_num"]=>
  int(0)
  ["producer_num"]=>
  int(0)
  ["queue_num"]=>
  int(2)
}
bool(false)
bool(true)
bool(true)
int(1)
array(1) {
  [0]=>
  int(2)
}
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(false)
int(-2)
int(1)
int(0)
int(-1)
int(-2)
int(-3)
