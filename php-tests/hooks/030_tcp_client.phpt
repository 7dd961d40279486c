--TEST--
Hooks: a tcp:// client stream in a coroutine: reads, lines, EOF, names, blocking mode, shutdown, fsockopen, persistent
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/peer.inc';
[$peer, $addr] = peer_start();
Co\run(function () use ($addr) {
    $c = stream_socket_client($addr, $en, $es, 2);
    var_dump(get_resource_type($c), $en, $es);
    $md = stream_get_meta_data($c);
    unset($md['uri']); // PHP 8.4 reports the address a socket stream was opened with
    ksort($md);
    var_dump($md);
    var_dump((bool) preg_match('/^127\.0\.0\.1:\d+$/', stream_socket_get_name($c, false)));
    var_dump('tcp://' . stream_socket_get_name($c, true) === $addr);
    var_dump(fwrite($c, "echo hello\n"), fgets($c));
    fwrite($c, "echo abcdefghij\n");
    var_dump(fread($c, 4));
    // PHP < 8.4's fread keeps reading until the timeout once it has part of the length;
    // 8.4's returns what came at once.
    stream_set_timeout($c, 0, 300000);
    $t = microtime(true);
    $d = fread($c, 100);
    $waited = microtime(true) - $t > 0.2;
    $timed_out = stream_get_meta_data($c)['timed_out'];
    var_dump($d, PHP_VERSION_ID < 80400 ? $waited && $timed_out : !$waited && !$timed_out);
    stream_set_timeout($c, 5);
    var_dump(stream_get_meta_data($c)['timed_out']);
    fwrite($c, "echo l1\necho l2\n");
    var_dump(fgets($c), fgets($c));
    fwrite($c, "big 300000\n");
    $n = 0;
    while ($n < 300000 && ($d = fread($c, 65536)) !== false && $d !== '') {
        $n += strlen($d);
    }
    var_dump($n);
    var_dump(stream_set_blocking($c, false), fread($c, 10), stream_get_meta_data($c)['blocked']);
    stream_set_blocking($c, true);
    var_dump(stream_get_meta_data($c)['blocked']);
    var_dump(stream_socket_shutdown($c, STREAM_SHUT_WR));
    var_dump(fgets($c), feof($c));
    $md = stream_get_meta_data($c);
    var_dump($md['eof'], $md['timed_out']);
    var_dump(fwrite($c, "x\n"));
    var_dump(fclose($c));

    $c = fsockopen('127.0.0.1', peer_port($addr), $en, $es, 2);
    var_dump($en, $es);
    fwrite($c, "close\n");
    var_dump(fread($c, 10), feof($c), fgets($c));
    fclose($c);

    $c = stream_socket_client(substr($addr, 6));
    fwrite($c, "echo noscheme\n");
    var_dump(fgets($c));
    fclose($c);

    $c = stream_socket_client($addr, $en, $es, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
    fwrite($c, "echo async\n");
    var_dump(fgets($c));
    fclose($c);

    $p = stream_socket_client($addr, $en, $es, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
    var_dump(get_resource_type($p));
    fwrite($p, "echo persist\n");
    var_dump(fgets($p));
    $GLOBALS['p'] = $p;
});
// A persistent stream made in a coroutine still works outside one (waiting as PHP does).
$p2 = stream_socket_client($addr, $en, $es, 2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_PERSISTENT);
var_dump($p2 === $p);
fwrite($p2, "sleep 0.2 outside\n");
var_dump(fgets($p2));
peer_stop($peer);
?>
--EXPECTF--
string(6) "stream"
int(0)
string(0) ""
array(7) {
  ["blocked"]=>
  bool(true)
  ["eof"]=>
  bool(false)
  ["mode"]=>
  string(2) "r+"
  ["seekable"]=>
  bool(false)
  ["stream_type"]=>
  string(16) "socket/coroutine"
  ["timed_out"]=>
  bool(false)
  ["unread_bytes"]=>
  int(0)
}
bool(true)
bool(true)
int(11)
string(6) "hello
"
string(4) "abcd"
string(7) "efghij
"
bool(true)
bool(false)
string(3) "l1
"
string(3) "l2
"
int(300000)
bool(true)
string(0) ""
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)

Notice: fwrite(): Send of 2 bytes failed with errno=32 Broken pipe in %s on line %d
bool(false)
bool(true)
int(0)
string(0) ""
string(0) ""
bool(true)
bool(false)
string(9) "noscheme
"
string(6) "async
"
string(17) "persistent stream"
string(8) "persist
"
bool(true)
string(8) "outside
"
