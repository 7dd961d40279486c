--TEST--
Coroutine::stats(): Swoole's keys in its order, with real values: event_num counts the fds coroutines wait on, coroutine_* the coroutines, c_stack_size the stack size in force
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Socket;

function stats(string $when): void {
    echo str_pad("$when:", 28);
    foreach (Coroutine::stats() as $k => $v) {
        echo " $k=$v";
    }
    echo "\n";
}

stats('before');
Co\run(function () {
    stats('in run');
    $udp = new Socket(AF_INET, SOCK_DGRAM, 0);
    $udp->bind('127.0.0.1', 0);
    go(function () use ($udp) { $udp->recvfrom($peer, 0.1); });
    stats('a reader waits');
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    go(function () use ($a) { $a->recv(1024, 0.1); });
    // A writer on the same fd (its peer reads nothing): one fd, counted once.
    go(function () use ($a) { $a->sendAll(str_repeat('x', 8 << 20), 0.1); });
    stats('two fds, three waits');
    $ch = new Coroutine\Channel();
    go(function () use ($ch) { $ch->pop(); });
    go(function () { Coroutine::sleep(0.05); });
    stats('channel and sleep too');
    $ch->push(1);
    Coroutine::sleep(0.2);
    stats('all done');
    Coroutine::set(['c_stack_size' => 1 << 20]);
    stats('c_stack_size 1M');
});
stats('after');
?>
--EXPECT--
before:                      event_num=0 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=0 coroutine_peak_num=0 coroutine_last_cid=0
in run:                      event_num=0 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=1 coroutine_peak_num=1 coroutine_last_cid=1
a reader waits:              event_num=1 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=2 coroutine_peak_num=2 coroutine_last_cid=2
two fds, three waits:        event_num=2 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=4 coroutine_peak_num=4 coroutine_last_cid=4
channel and sleep too:       event_num=2 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=6 coroutine_peak_num=6 coroutine_last_cid=6
all done:                    event_num=0 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=2097152 coroutine_num=1 coroutine_peak_num=6 coroutine_last_cid=6
c_stack_size 1M:             event_num=0 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=1048576 coroutine_num=1 coroutine_peak_num=6 coroutine_last_cid=6
after:                       event_num=0 signal_listener_num=0 aio_task_num=0 aio_worker_num=0 aio_queue_size=0 c_stack_size=1048576 coroutine_num=0 coroutine_peak_num=6 coroutine_last_cid=6
