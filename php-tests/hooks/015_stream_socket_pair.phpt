--TEST--
SWOOLE_HOOK_STREAM_FUNCTION: stream_socket_pair() in a coroutine gives two hooked streams (socket/coroutine) that wait in the coroutine: ping-pong while another coroutine runs, read timeout, default_socket_timeout at creation, EOF, fclose() from another coroutine, stream_select, datagrams; PHP's errors for bad arguments; PHP's own function outside a coroutine or with the flag off
--EXTENSIONS--
cosocket
--FILE--
<?php
set_error_handler(function ($no, $str) { echo "  [$no] $str\n"; return true; });
function meta($s) { $m = stream_get_meta_data($s); ksort($m); return json_encode($m); }
function attempt($f) { try { var_dump($f()); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; } }
function since($t, $lo, $hi) { $d = microtime(true) - $t; return $d >= $lo && $d < $hi ? "in [$lo, $hi) s" : sprintf('%.2f s', $d); }
function pair($type = STREAM_SOCK_STREAM) { return stream_socket_pair(STREAM_PF_UNIX, $type, 0); }

echo "--- outside a coroutine\n";
$p = pair();
echo meta($p[0]), "\n";
fwrite($p[0], "a\n");
var_dump(fgets($p[1]));

Co\run(function () {
    echo "--- in Co\\run\n";
    $p = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    var_dump(array_keys($p));
    echo meta($p[0]), "\n";
    var_dump(stream_socket_get_name($p[0], false), stream_socket_get_name($p[0], true));

    echo "--- ping-pong while another coroutine ticks\n";
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { while (!$done) { Co::sleep(0.01); $ticks++; } });
    go(function () use ($p) {
        for ($i = 0; $i < 5; $i++) {
            $l = fgets($p[1]);
            Co::sleep(0.02);
            fwrite($p[1], 'pong ' . trim($l) . "\n");
        }
    });
    for ($i = 0; $i < 5; $i++) {
        fwrite($p[0], "$i\n");
        echo trim(fgets($p[0])), "\n";
    }
    $done = true;
    var_dump($ticks > 4);

    echo "--- read timeout\n";
    stream_set_timeout($p[0], 0, 300000);
    $t = microtime(true);
    var_dump(fread($p[0], 10), since($t, 0.25, 2), stream_get_meta_data($p[0])['timed_out']);
    var_dump(fgets($p[0]), stream_get_meta_data($p[0])['timed_out']);
    stream_set_blocking($p[0], false);
    var_dump(fread($p[0], 10));
    stream_set_blocking($p[0], true);

    echo "--- stream_select\n";
    $r = [$p[1]];
    $w = $e = null;
    var_dump(stream_select($r, $w, $e, 0, 100000));
    fwrite($p[0], 'x');
    $r = [$p[1]];
    var_dump(stream_select($r, $w, $e, 1), fread($p[1], 10));

    echo "--- 1 MiB written while another coroutine reads\n";
    go(function () use ($p) {
        $n = 0;
        while ($n < 1048576 && ($d = fread($p[1], 65536)) !== false && $d !== '') {
            $n += strlen($d);
        }
        echo "read $n\n";
    });
    var_dump(fwrite($p[0], str_repeat('y', 1048576)));
    Co::sleep(0.1);

    echo "--- fclose() from another coroutine wakes the reader\n";
    $q = pair();
    go(function () use ($q) { Co::sleep(0.2); var_dump(fclose($q[0])); });
    $t = microtime(true);
    var_dump(fread($q[0], 10), since($t, 0.15, 2));
    fclose($q[1]);
    Co::sleep(0.01); // the closer's fclose() returns

    echo "--- EOF after the other end closes\n";
    $q = pair();
    go(function () use ($q) { Co::sleep(0.1); fwrite($q[1], 'last'); fclose($q[1]); });
    var_dump(fread($q[0], 10), feof($q[0]), fread($q[0], 10), feof($q[0]), fgets($q[0]));
    var_dump(fwrite($q[0], 'zz'));
    fclose($q[0]);

    echo "--- default_socket_timeout when the pair is made\n";
    ini_set('default_socket_timeout', 1);
    $q = pair();
    ini_set('default_socket_timeout', 60);
    go(function () use ($q) { Co::sleep(1.5); fclose($q[1]); });
    $t = microtime(true);
    var_dump(fgets($q[0]), since($t, 0.9, 1.45), stream_get_meta_data($q[0])['timed_out']);

    echo "--- datagrams, seqpacket\n";
    $d = pair(STREAM_SOCK_DGRAM);
    echo meta($d[0]), "\n";
    fwrite($d[0], 'm1');
    fwrite($d[0], 'm22');
    var_dump(fread($d[1], 100), fread($d[1], 100));
    fwrite($d[0], 'm3');
    var_dump(stream_socket_recvfrom($d[1], 10, 0, $from), $from);
    $sp = stream_socket_pair(STREAM_PF_UNIX, 5 /* SOCK_SEQPACKET */, 0);
    fwrite($sp[0], 'rec');
    var_dump(stream_get_meta_data($sp[1])['stream_type'], fread($sp[1], 10));

    echo "--- bad arguments\n";
    attempt(fn () => stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0));
    attempt(fn () => stream_socket_pair(STREAM_PF_UNIX, 12345, 0));
    attempt(fn () => stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 99));
    attempt(fn () => stream_socket_pair(-1, STREAM_SOCK_STREAM, 0));
    attempt(fn () => stream_socket_pair('a', 1, 0));
    attempt(fn () => stream_socket_pair(1, 1));
    attempt(fn () => array_map('meta', stream_socket_pair('1', 1.0, null)));
});

echo "--- after Co\\run\n";
$p = pair();
echo meta($p[0]), "\n";
attempt(fn () => stream_socket_pair(STREAM_PF_INET, STREAM_SOCK_STREAM, 0));
Co::set(['hook_flags' => SWOOLE_HOOK_ALL & ~SWOOLE_HOOK_STREAM_FUNCTION]);
Co\run(function () { echo "--- hooks but STREAM_FUNCTION\n"; echo meta(pair()[0]), "\n"; });
Co::set(['hook_flags' => SWOOLE_HOOK_STREAM_FUNCTION]);
Co\run(function () { echo "--- STREAM_FUNCTION only\n"; echo meta(pair()[0]), "\n"; });
Swoole\Runtime::enableCoroutine(SWOOLE_HOOK_ALL);
echo "--- outside a coroutine, hooks on\n";
$p = pair();
echo meta($p[0]), "\n";
fwrite($p[0], "out\n");
var_dump(fgets($p[1]));
stream_set_timeout($p[1], 0, 200000);
var_dump(fread($p[1], 5), stream_get_meta_data($p[1])['timed_out']);
?>
--EXPECT--
--- outside a coroutine
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"generic_socket","timed_out":false,"unread_bytes":0}
string(2) "a
"
--- in Co\run
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(1)
}
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"socket\/coroutine","timed_out":false,"unread_bytes":0}
bool(false)
bool(false)
--- ping-pong while another coroutine ticks
pong 0
pong 1
pong 2
pong 3
pong 4
bool(true)
--- read timeout
bool(false)
string(14) "in [0.25, 2) s"
bool(true)
bool(false)
bool(true)
string(0) ""
--- stream_select
int(0)
int(1)
string(1) "x"
--- 1 MiB written while another coroutine reads
int(1048576)
read 1048576
--- fclose() from another coroutine wakes the reader
bool(false)
string(14) "in [0.15, 2) s"
bool(true)
--- EOF after the other end closes
string(4) "last"
bool(true)
string(0) ""
bool(true)
bool(false)
  [8] fwrite(): Send of 2 bytes failed with errno=32 Broken pipe
bool(false)
--- default_socket_timeout when the pair is made
bool(false)
string(16) "in [0.9, 1.45) s"
bool(true)
--- datagrams, seqpacket
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"socket\/coroutine","timed_out":false,"unread_bytes":0}
string(2) "m1"
string(3) "m22"
string(2) "m3"
string(0) ""
string(16) "socket/coroutine"
string(3) "rec"
--- bad arguments
  [2] stream_socket_pair(): Failed to create sockets: [95]: Operation not supported
bool(false)
  [2] stream_socket_pair(): Failed to create sockets: [22]: Invalid argument
bool(false)
  [2] stream_socket_pair(): Failed to create sockets: [93]: Protocol not supported
bool(false)
  [2] stream_socket_pair(): Failed to create sockets: [97]: Address family not supported by protocol
bool(false)
TypeError: stream_socket_pair(): Argument #1 ($domain) must be of type int, string given
ArgumentCountError: stream_socket_pair() expects exactly 3 arguments, 2 given
  [8192] stream_socket_pair(): Passing null to parameter #3 ($protocol) of type int is deprecated
array(2) {
  [0]=>
  string(126) "{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"socket\/coroutine","timed_out":false,"unread_bytes":0}"
  [1]=>
  string(126) "{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"socket\/coroutine","timed_out":false,"unread_bytes":0}"
}
--- after Co\run
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"generic_socket","timed_out":false,"unread_bytes":0}
  [2] stream_socket_pair(): Failed to create sockets: [95]: Operation not supported
bool(false)
--- hooks but STREAM_FUNCTION
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"generic_socket","timed_out":false,"unread_bytes":0}
--- STREAM_FUNCTION only
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"socket\/coroutine","timed_out":false,"unread_bytes":0}
--- outside a coroutine, hooks on
{"blocked":true,"eof":false,"mode":"r+","seekable":false,"stream_type":"generic_socket","timed_out":false,"unread_bytes":0}
string(4) "out
"
bool(false)
bool(true)
