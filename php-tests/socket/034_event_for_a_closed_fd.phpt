--TEST--
Socket: an event fetched for a socket that is closed while the loop handles it never reaches the socket that takes its place (here: a connect() to a refused port, made by the reader the event woke, must fail with ECONNREFUSED, not succeed on the old socket's writability)
--EXTENSIONS--
cosocket
--FILE--
<?php
function free_port(): int {
    $s = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
    fclose($s);
    return $port;
}
$dead = free_port();
Co\run(function () use ($dead) {
    $l = new Co\Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $port = $l->getsockname()['port'];
    go(function () use ($l) {
        while ($c = $l->accept()) {
            go(function () use ($c) { $c->recv(); $c->send('x'); $c->close(); });
        }
    });
    for ($i = 0; $i < 5; $i++) {
        // The server's reply and close come as one event (readable and writable): its
        // reader closes the socket and connects a new one under the same key.
        $c = new Co\Socket(AF_INET, SOCK_STREAM, 0);
        $c->connect('127.0.0.1', $port, 2);
        $c->send('hi');
        $c->recv(10, 1);
        $c->close();
        $d = new Co\Socket(AF_INET, SOCK_STREAM, 0);
        $r = $d->connect('127.0.0.1', $dead, 2);
        echo "round $i: ", var_export($r, true), " ", $d->errCode, "\n";
        $d->close();
    }
    $l->close();
});
?>
--EXPECT--
round 0: false 111
round 1: false 111
round 2: false 111
round 3: false 111
round 4: false 111
