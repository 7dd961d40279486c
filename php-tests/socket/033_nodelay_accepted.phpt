--TEST--
Socket: TCP_NODELAY is on for every TCP socket made or accepted (as Swoole), whatever the listener's own setting (an accepted socket inherits the listener's, and only needs setting when that is off)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    foreach ([1, 0] as $listenerNodelay) {
        $l = new Socket(AF_INET, SOCK_STREAM, 0);
        $made = $l->getOption(SOL_TCP, TCP_NODELAY);
        $l->setOption(SOL_TCP, TCP_NODELAY, $listenerNodelay);
        $l->bind('127.0.0.1', 0);
        $l->listen();
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $l->getsockname()['port']);
        $a = $l->accept();
        echo "listener set to $listenerNodelay: made $made, listener ", $l->getOption(SOL_TCP, TCP_NODELAY),
            ", client ", $c->getOption(SOL_TCP, TCP_NODELAY), ", accepted ", $a->getOption(SOL_TCP, TCP_NODELAY);
        $a->setOption(SOL_TCP, TCP_NODELAY, 0);
        echo ", accepted turned off ", $a->getOption(SOL_TCP, TCP_NODELAY), "\n";
    }
});
?>
--EXPECT--
listener set to 1: made 1, listener 1, client 1, accepted 1, accepted turned off 0
listener set to 0: made 1, listener 0, client 1, accepted 1, accepted turned off 0
