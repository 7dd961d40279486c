--TEST--
SWOOLE_HOOK_STREAM_FUNCTION in a coroutine: stream_select() waits on the loop (10 waits at once end together, other coroutines run meanwhile), with PHP's results: keys of each array kept, buffered data first, pipes, regular files always ready, PHP's argument errors; a cancelled wait returns false
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) { echo "  [$no] $str\n"; return true; });
function show($label, $v) { echo $label, ': ', json_encode($v), "\n"; }
function pair() { return stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); }
function attempt($label, $f) { try { show($label, $f()); } catch (Throwable $e) { show($label, get_class($e) . ': ' . $e->getMessage()); } }
$body = function () {
    [$a, $a2] = pair(); [$b, $b2] = pair();
    $r = ['x' => $a, 'y' => $b]; $w = null; $e = null; $t = microtime(true);
    $n = stream_select($r, $w, $e, 0, 300000);
    show('nothing ready in 0.3 s', [$n, $r, microtime(true) - $t >= 0.25]);
    fwrite($b2, "hi\n");
    $r = ['x' => $a, 'y' => $b]; $w = [$a]; $e = [];
    show('b readable, a writable: keys of each array', [stream_select($r, $w, $e, 1), array_keys($r), array_keys($w), $e]);
    fgets($b);
    fwrite($a2, "l1\nl2\n"); fgets($a);  // l2 stays in PHP's read buffer
    $r = [$a]; $w = [$b]; $e = null;
    show('buffered data counts first, the write array emptied', [stream_select($r, $w, $e, 1), count($r), count($w)]);
    fgets($a);
    $p = popen('sleep 0.2; echo piped', 'r');
    $r = [$a, 'pipe' => $p]; $w = $e = null; $t = microtime(true);
    show('a pipe (not a socket) in the set', [stream_select($r, $w, $e, 5), array_keys($r), microtime(true) - $t >= 0.15]);
    pclose($p);
    $f = fopen(__FILE__, 'r');
    $r = ['file' => $f, $a]; $w = $e = null;
    show('a regular file is always ready', [stream_select($r, $w, $e, 5), array_keys($r)]);
    $r = [$a]; $w = $e = null;
    show('timeout 0, nothing ready', [stream_select($r, $w, $e, 0), count($r)]);
    $r = [$a, $a]; $w = [$a]; $e = null;
    show('same stream twice', [stream_select($r, $w, $e, 0), count($r), count($w)]);
    attempt('all arrays empty', function () { $r = []; $w = []; $e = []; return stream_select($r, $w, $e, 0); });
    attempt('null arrays', function () { $r = null; $w = null; $e = null; return stream_select($r, $w, $e, 0); });
    attempt('negative seconds', function () use ($a) { $r = [$a]; $w = $e = null; return stream_select($r, $w, $e, -1); });
    attempt('negative microseconds', function () use ($a) { $r = [$a]; $w = $e = null; return stream_select($r, $w, $e, 1, -1); });
    attempt('string for an array', function () { $r = 'x'; $w = $e = null; return stream_select($r, $w, $e, 0); });
    attempt('string for seconds', function () use ($a) { $r = [$a]; $w = $e = null; return stream_select($r, $w, $e, 'x'); });
    attempt('array of non-streams', function () { $r = ['not a stream', 1]; $w = $e = null; return stream_select($r, $w, $e, 0); });
    attempt('a memory stream', function () { $r = [fopen('php://memory', 'r+')]; $w = $e = null; return stream_select($r, $w, $e, 0); });
    attempt('a closed stream', function () { [$x] = pair(); fclose($x); $r = [$x]; $w = $e = null; return stream_select($r, $w, $e, 0); });
    attempt('float seconds', function () use ($a) { $r = [$a]; $w = $e = null; return stream_select($r, $w, $e, 0.5); });
};
$mode = 'hooked';
if ($mode === 'outside') { Swoole\Runtime::enableCoroutine(); $body(); exit; }
Co\run(function () use ($body) {
    $body();
    // Data that another coroutine writes later ends a wait without a timeout.
    [$a, $a2] = pair();
    go(function () use ($a2) { Swoole\Coroutine::sleep(0.2); fwrite($a2, "late\n"); });
    $r = ['k' => $a]; $w = $e = null;
    show('no timeout, written by another coroutine 0.2 s later', [stream_select($r, $w, $e, null), array_keys($r), fgets($a)]);
    // Ten coroutines, each waiting 0.5 s on its own silent stream: about 0.5 s in all, and
    // the loop keeps running meanwhile.
    $t = microtime(true); $ticks = 0; $res = []; $keep = [];
    $wg = new Swoole\Coroutine\WaitGroup;
    for ($i = 0; $i < 10; $i++) {
        $keep[] = $p = pair(); $wg->add();
        go(function () use ($p, $wg, &$res) { $r = [$p[0]]; $w = $e = null; $res[] = stream_select($r, $w, $e, 0, 500000); $wg->done(); });
    }
    go(function () use (&$ticks) { for ($i = 0; $i < 4; $i++) { Swoole\Coroutine::sleep(0.05); $ticks++; } });
    $wg->wait();
    $el = microtime(true) - $t;
    show('10 coroutines each waiting 0.5 s', [$res, $ticks]);
    echo 'they ended together in about 0.5 s: ', $el >= 0.45 && $el < 4 ? 'yes' : "no ($el)", "\n";
    // A cancelled wait: false at once.
    $cid = go(function () use ($keep) {
        $r = [$keep[0][0]]; $w = $e = null; $t = microtime(true);
        $n = stream_select($r, $w, $e, null);
        show('cancelled', [$n, microtime(true) - $t < 2, swoole_last_error(), count($r)]);
    });
    Swoole\Coroutine::sleep(0.05);
    Swoole\Coroutine::cancel($cid);
});
?>
--EXPECT--
nothing ready in 0.3 s: [0,[],true]
b readable, a writable: keys of each array: [2,["y"],[0],[]]
buffered data counts first, the write array emptied: [1,1,0]
a pipe (not a socket) in the set: [1,["pipe"],true]
a regular file is always ready: [1,["file"]]
timeout 0, nothing ready: [0,0]
same stream twice: [1,0,1]
all arrays empty: "ValueError: No stream arrays were passed"
null arrays: "ValueError: No stream arrays were passed"
negative seconds: "ValueError: stream_select(): Argument #4 ($seconds) must be greater than or equal to 0"
negative microseconds: "ValueError: stream_select(): Argument #5 ($microseconds) must be greater than or equal to 0"
string for an array: "TypeError: stream_select(): Argument #1 ($read) must be of type ?array, string given"
string for seconds: "TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, string given"
array of non-streams: "ValueError: No stream arrays were passed"
  [2] stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor
a memory stream: "ValueError: No stream arrays were passed"
a closed stream: "ValueError: No stream arrays were passed"
  [8192] Implicit conversion from float 0.5 to int loses precision
float seconds: 0
no timeout, written by another coroutine 0.2 s later: [1,["k"],"late\n"]
10 coroutines each waiting 0.5 s: [[0,0,0,0,0,0,0,0,0,0],4]
they ended together in about 0.5 s: yes
cancelled: [false,true,10017,1]
