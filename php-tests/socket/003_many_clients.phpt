--TEST--
Socket: 1,000 concurrent client coroutines echoing through one server socket
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    $server = new Socket(AF_INET, SOCK_STREAM, 0);
    $server->bind('127.0.0.1', 0);
    $server->listen(1024);
    $port = $server->getsockname()['port'];
    go(function () use ($server) {
        for ($i = 0; $i < 1000; $i++) {
            $conn = $server->accept();
            go(function () use ($conn) {
                while (($d = $conn->recv()) !== '' && $d !== false) {
                    $conn->send($d);
                }
            });
        }
    });
    $wg = new Co\WaitGroup();
    $ok = 0;
    for ($i = 0; $i < 1000; $i++) {
        $wg->add();
        go(function () use ($port, $i, $wg, &$ok) {
            $c = new Socket(AF_INET, SOCK_STREAM, 0);
            if ($c->connect("127.0.0.1", $port, 30)) {
                for ($j = 0; $j < 3; $j++) {
                    $msg = "client $i round $j";
                    $c->send($msg);
                    if ($c->recv(1024, 30) === $msg) $ok++;
                }
            }
            $c->close();
            $wg->done();
        });
    }
    $wg->wait(60);
    var_dump($ok);
});
?>
--EXPECT--
int(3000)
