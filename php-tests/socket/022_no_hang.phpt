--TEST--
sendFile past the file's end, empty vectors: back at once (Swoole's results: false with 502 'sendfile return zero' after sending what the file had; [] and 0)
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\Socket;
function pair(): array {
    $l = new Socket(AF_INET, SOCK_STREAM, 0);
    $l->bind('127.0.0.1', 0); $l->listen();
    $c = new Socket(AF_INET, SOCK_STREAM, 0);
    $c->connect('127.0.0.1', $l->getsockname()['port']);
    $k = $l->accept();
    return [$l, $c, $k];
}
function er($s) { echo "  errCode={$s->errCode} errMsg='{$s->errMsg}'\n"; }
function quick(float $t0): string { return microtime(true) - $t0 < 0.5 ? 'at once' : 'late'; }
Co\run(function () {
    [$l, $c, $k] = pair();
    $file = tempnam(sys_get_temp_dir(), 'co22');
    file_put_contents($file, '0123456789');
    foreach ([[5, 100], [5, PHP_INT_MAX], [0, PHP_INT_MAX], [20, 5]] as [$off, $len]) {
        $t0 = microtime(true);
        echo "sendFile($off, ", $len === PHP_INT_MAX ? 'PHP_INT_MAX' : $len, "): ";
        var_dump($c->sendFile($file, $off, $len));
        echo '  ', quick($t0), "\n"; er($c);
        var_dump($k->recv(100, 0.2));
    }
    var_dump($c->sendFile($file, 3, 4), $k->recv());
    var_dump($c->sendFile(sys_get_temp_dir()));
    echo str_replace((string)$c->fd, 'FD', $c->errMsg), " ", $c->errCode, "\n";
    unlink($file);

    echo "-- empty vectors, after a read timed out\n";
    var_dump($k->recv(10, 0.05)); er($k);
    $t0 = microtime(true);
    var_dump($k->readVector([]), quick($t0)); er($k);
    var_dump($k->readVectorAll([], 1), quick($t0));
    var_dump($c->writeVector([]), $c->writeVectorAll([]), quick($t0));
});
?>
--EXPECT--
sendFile(5, 100): bool(false)
  at once
  errCode=502 errMsg='sendfile return zero'
string(5) "56789"
sendFile(5, PHP_INT_MAX): bool(false)
  at once
  errCode=502 errMsg='sendfile return zero'
string(5) "56789"
sendFile(0, PHP_INT_MAX): bool(false)
  at once
  errCode=502 errMsg='sendfile return zero'
string(10) "0123456789"
sendFile(20, 5): bool(false)
  at once
  errCode=502 errMsg='sendfile return zero'
bool(false)
bool(true)
string(4) "3456"
bool(false)
sendfile(FD, /tmp) failed, Invalid argument 22
-- empty vectors, after a read timed out
bool(false)
  errCode=110 errMsg='Connection timed out'
array(0) {
}
string(7) "at once"
  errCode=0 errMsg=''
array(0) {
}
string(7) "at once"
int(0)
int(0)
string(7) "at once"
