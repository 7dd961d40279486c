--TEST--
Socket: connect() to a peer that never answers times out, also when the loop ran between new Socket() and connect() (the fresh socket's hang-up report must not pass for a finished handshake)
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (trim((string) shell_exec('id -u')) !== '0') die('skip needs root (a private network namespace)');
if (!is_executable('/usr/bin/unshare') || !is_executable('/usr/sbin/ip')) die('skip needs unshare (util-linux) and ip (iproute2)');
if (!getenv('COSOCKET_SO')) die('skip COSOCKET_SO is not set (run through scripts/test.sh)');
exec('/usr/bin/unshare -n true 2>&1', $out, $rc);
if ($rc !== 0) die('skip unshare -n is not allowed here: ' . implode(' ', $out));
?>
--FILE--
<?php
// In a network namespace of its own, 10.9.9.0/24 is routed to the loopback, where no
// address of it exists: a SYN sent there is dropped, and connect() never completes.
$script = tempnam(sys_get_temp_dir(), 'cosocket-connect');
file_put_contents($script, <<<'PHP'
<?php
use Swoole\Coroutine\Socket;
Co\run(function () {
    foreach (['at once' => 0, 'after a pause' => 0.05] as $when => $pause) {
        $s = new Socket(AF_INET, SOCK_STREAM, 0);
        if ($pause) {
            Co::sleep($pause);
        }
        $t = microtime(true);
        $ok = $s->connect('10.9.9.2', 80, 0.3);
        $took = microtime(true) - $t;
        echo "$when: ", var_export($ok, true), " ", $s->errCode, " ", $took >= 0.29 && $took < 2 ? "after the timeout" : "after $took s", "\n";
    }
    // A peer that does answer still connects, after a pause too.
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0);
    $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    Co::sleep(0.05);
    var_dump($c->connect('127.0.0.1', $l->getsockname()['port'], 1), $c->send('hi'), $l->accept()->recv());
});
PHP);
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1',
    escapeshellarg(sprintf('ip link set lo up && ip route add 10.9.9.0/24 dev lo && exec %s -n -d extension=%s %s',
        escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script))));
echo shell_exec($cmd);
unlink($script);
?>
--EXPECT--
at once: false 110 after the timeout
after a pause: false 110 after the timeout
bool(true)
int(2)
string(2) "hi"
