--TEST--
close() of a connection with input left unread shuts it down first: the peer reads what was sent, then EOF (''), not ECONNRESET (TCP and Unix stream, either side); SO_LINGER {1, 0} still resets; a socket freed without close() resets, as in Swoole
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;

/** [the side that will close, its peer] of a fresh connection. */
function connection(bool $unix, bool $accepted): array {
    if ($unix) {
        $path = sys_get_temp_dir() . '/co63-' . getmypid() . '.sock';
        @unlink($path);
        $l = new Socket(AF_UNIX, SOCK_STREAM, 0);
        $l->bind($path);
        $l->listen();
        $c = new Socket(AF_UNIX, SOCK_STREAM, 0);
        $c->connect($path);
    } else {
        $l = new Socket(AF_INET, SOCK_STREAM, 0);
        $l->bind('127.0.0.1', 0);
        $l->listen();
        $c = new Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $l->getsockname()['port']);
    }
    $a = $l->accept();
    if ($unix) {
        unlink($path);
    }
    return $accepted ? [$a, $c] : [$c, $a];
}

Co\run(function () {
    foreach (['tcp' => false, 'unix' => true] as $kind => $unix) {
        foreach (['accepted' => true, 'connected' => false] as $side => $accepted) {
            foreach (['close()', 'SO_LINGER {1, 0}, close()', 'shutdown(), close()', 'freed'] as $how) {
                [$closing, $peer] = connection($unix, $accepted);
                $peer->send(str_repeat('q', 1000));      // never read
                $closing->send('last words');
                usleep(20000);
                if ($how === 'SO_LINGER {1, 0}, close()') {
                    $closing->setOption(SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
                }
                if ($how === 'shutdown(), close()') {
                    $closing->shutdown();
                }
                if ($how === 'freed') {
                    $closing = null;
                } else {
                    $closing->close();
                }
                usleep(20000);
                $first = $peer->recv(1024, 1);
                $firstErr = $peer->errCode;
                $then = $peer->recv(1024, 1);
                echo "$kind, $side side, $how: ", var_export($first, true), " ($firstErr), then ", var_export($then, true), " ({$peer->errCode})\n";
            }
        }
    }
});
?>
--EXPECT--
tcp, accepted side, close(): 'last words' (0), then '' (0)
tcp, accepted side, SO_LINGER {1, 0}, close(): 'last words' (0), then false (104)
tcp, accepted side, shutdown(), close(): 'last words' (0), then '' (0)
tcp, accepted side, freed: 'last words' (0), then false (104)
tcp, connected side, close(): 'last words' (0), then '' (0)
tcp, connected side, SO_LINGER {1, 0}, close(): 'last words' (0), then false (104)
tcp, connected side, shutdown(), close(): 'last words' (0), then '' (0)
tcp, connected side, freed: 'last words' (0), then false (104)
unix, accepted side, close(): 'last words' (0), then '' (0)
unix, accepted side, SO_LINGER {1, 0}, close(): 'last words' (0), then false (104)
unix, accepted side, shutdown(), close(): 'last words' (0), then '' (0)
unix, accepted side, freed: 'last words' (0), then false (104)
unix, connected side, close(): 'last words' (0), then '' (0)
unix, connected side, SO_LINGER {1, 0}, close(): 'last words' (0), then false (104)
unix, connected side, shutdown(), close(): 'last words' (0), then '' (0)
unix, connected side, freed: 'last words' (0), then false (104)
