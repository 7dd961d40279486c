--TEST--
Loop: a wait whose data, EOF, connection or value came while another coroutine held the CPU past its deadline gets it, not a timeout (recv, recvAll, recvLine, recvfrom, accept, connect, Channel::pop; as Swoole)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine;
use Swoole\Coroutine\Channel;
use Swoole\Coroutine\Socket;

// One coroutine holds the CPU (a PHP loop that never yields) past another one's
// deadline; what that one waited for came before the deadline (or, last case, after
// it but before the loop ran again). The loop looks at ready I/O before it declares
// the wait timed out.
function busy(float $until): void
{
    while (microtime(true) < $until) {
    }
}

function tcp_pair(): array
{
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port'], 1);
    return [$c, $l->accept(1), $l];
}

// $wait runs in one coroutine (and prints what it got); $act runs in another that
// starts busy, does its part 0.1 s in and stays busy until 0.6 s, well past the
// waiter's 0.3 s deadline (0.2 s with $late, and the part comes at 0.4 s).
function scenario(string $name, callable $wait, callable $act, bool $late = false): void
{
    $wg = new Coroutine\WaitGroup(2);
    $t0 = microtime(true);
    go(function () use ($name, $wait, $wg) {
        echo "$name: ", $wait(), "\n";
        $wg->done();
    });
    go(function () use ($act, $t0, $wg, $late) {
        busy($t0 + ($late ? 0.4 : 0.1));
        $act();
        busy($t0 + 0.6);
        $wg->done();
    });
    $wg->wait();
}

Co\run(function () {
    [$c, $s] = tcp_pair();
    scenario('recv', function () use ($s) {
        $r = $s->recv(100, 0.3);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => $c->send('hello'));

    scenario('recvAll', function () use ($s) {
        $r = $s->recvAll(5, 0.3);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => $c->send('world'));

    scenario('recvLine', function () use ($s) {
        $r = $s->recvLine(100, 0.3);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => $c->send("line\n"));

    scenario('recv after the deadline, the loop later still', function () use ($s) {
        $r = $s->recv(100, 0.2);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => $c->send('late'), true);

    scenario('EOF', function () use ($s) {
        $r = $s->recv(100, 0.3);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => $c->close());

    $path = sys_get_temp_dir() . '/cosocket-050-' . getmypid() . '.sock';
    @unlink($path);
    $l = new Socket(AF_UNIX, SOCK_STREAM, 0);
    $l->bind($path);
    $l->listen();
    $conn = null;
    scenario('accept', function () use ($l) {
        $r = $l->accept(0.3);
        return ($r instanceof Socket ? 'a socket' : var_export($r, true)) . " " . $l->errCode;
    }, function () use ($path, &$conn) {
        // A Unix stream connect completes at once: no wait.
        $conn = new Socket(AF_UNIX, SOCK_STREAM, 0);
        $conn->connect($path);
    });
    @unlink($path);

    $u = new Socket(AF_INET, SOCK_DGRAM, 0);
    $u->bind('127.0.0.1', 0);
    $port = $u->getsockname()['port'];
    $v = new Socket(AF_INET, SOCK_DGRAM, 0);
    scenario('recvfrom', function () use ($u) {
        $r = $u->recvfrom($peer, 0.3);
        return var_export($r, true) . " " . $u->errCode;
    }, fn () => $v->sendto('127.0.0.1', $port, 'datagram'));

    $ch = new Channel(1);
    scenario('Channel::pop', function () use ($ch) {
        $r = $ch->pop(0.3);
        return var_export($r, true) . " " . $ch->errCode;
    }, fn () => $ch->push('value'));

    scenario('Channel::pop, pushed after the deadline', function () use ($ch) {
        $r = $ch->pop(0.2);
        return var_export($r, true) . " " . $ch->errCode;
    }, fn () => $ch->push('late value'), true);

    // The handshake ends in the kernel at once, while the other coroutine is busy.
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $x = new Socket(AF_INET, SOCK_STREAM, 0);
    scenario('connect', function () use ($x, $l) {
        $r = $x->connect('127.0.0.1', $l->getsockname()['port'], 0.3);
        return var_export($r, true) . " " . $x->errCode;
    }, fn () => null);

    // Nothing came: still a timeout, once the loop runs.
    [$c, $s] = tcp_pair();
    scenario('recv of nothing', function () use ($s) {
        $r = $s->recv(100, 0.3);
        return var_export($r, true) . " " . $s->errCode;
    }, fn () => null);
});
?>
--EXPECT--
recv: 'hello' 0
recvAll: 'world' 0
recvLine: 'line
' 0
recv after the deadline, the loop later still: 'late' 0
EOF: '' 0
accept: a socket 0
recvfrom: 'datagram' 0
Channel::pop: 'value' 0
Channel::pop, pushed after the deadline: 'late value' 0
connect: true 0
recv of nothing: false 110
