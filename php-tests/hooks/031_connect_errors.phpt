--TEST--
Hooks: connect failures of hooked tcp/udp/unix streams give PHP's warnings, errno and errstr; connect timeouts wait in the coroutine
--EXTENSIONS--
cosocket
--FILE--
<?php
// A listener whose accept queue is full: further SYNs are dropped, so connect() waits for its timeout.
$full = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 0]]));
$fa = stream_socket_get_name($full, false);
$keep = [];
for ($i = 0; $i < 3; $i++) {
    $keep[] = @stream_socket_client("tcp://$fa", $e1, $e2, 0.2);
}
$s = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(stream_socket_get_name($s, false), 10);
fclose($s);

Co\run(function () use ($port, $fa) {
    $cases = [
        "tcp://127.0.0.1:$port",
        'tcp://no-such-host.invalid:80',
        'tcp://127.0.0.1',
        'tcp://[::1:80',
        'tcp://127.0.0.1:0',
        'unix:///tmp/cosocket-no-such.sock',
        'udg:///tmp/cosocket-no-such.sock',
        "tcp://[::1]:$port",
    ];
    foreach ($cases as $a) {
        $c = stream_socket_client($a, $en, $es, 2);
        var_dump($c, $en, $es);
    }
    $c = fsockopen('127.0.0.1', $port, $en, $es, 2);
    var_dump($c, $en, $es);
    // udp "connects" at once; the refusal shows on the first read.
    $c = stream_socket_client("udp://127.0.0.1:$port", $en, $es, 2);
    var_dump(get_resource_type($c), fwrite($c, "x"), fread($c, 10), feof($c));
    $ctx = stream_context_create(['socket' => ['bindto' => 5]]);
    var_dump(stream_socket_client("tcp://127.0.0.1:$port", $en, $es, 2, STREAM_CLIENT_CONNECT, $ctx), $en, $es);

    // Three connect timeouts of 0.5 s at once end together.
    $t = microtime(true);
    $wg = new Co\WaitGroup(3);
    $r = [];
    for ($i = 0; $i < 3; $i++) {
        go(function () use ($fa, $wg, &$r) {
            $c = @stream_socket_client("tcp://$fa", $en, $es, 0.5);
            $r[] = [$c, $en, $es];
            $wg->done();
        });
    }
    $wg->wait();
    $el = microtime(true) - $t;
    var_dump($r[0], count($r), $el > 0.4 && $el < 1.3 ? 'concurrent' : $el);
});
?>
--EXPECTF--
Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:%d (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"

Warning: stream_socket_client(): php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s in %s on line %d

Warning: stream_socket_client(): Unable to connect to tcp://no-such-host.invalid:80 (php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s) in %s on line %d
bool(false)
int(0)
string(%d) "php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s"

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1 (Failed to parse address "127.0.0.1") in %s on line %d
bool(false)
int(0)
string(35) "Failed to parse address "127.0.0.1""

Warning: stream_socket_client(): Unable to connect to tcp://[::1:80 (Failed to parse IPv6 address "[::1:80") in %s on line %d
bool(false)
int(0)
string(38) "Failed to parse IPv6 address "[::1:80""

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:0 (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"

Warning: stream_socket_client(): Unable to connect to unix:///tmp/cosocket-no-such.sock (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"

Warning: stream_socket_client(): Unable to connect to udg:///tmp/cosocket-no-such.sock (No such file or directory) in %s on line %d
bool(false)
int(2)
string(25) "No such file or directory"

Warning: stream_socket_client(): Unable to connect to tcp://[::1]:%d (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"

Warning: fsockopen(): Unable to connect to 127.0.0.1:%d (Connection refused) in %s on line %d
bool(false)
int(111)
string(18) "Connection refused"
string(6) "stream"
int(1)
bool(false)
bool(true)

Warning: stream_socket_client(): Unable to connect to tcp://127.0.0.1:%d (local_addr context option is not a string.) in %s on line %d
bool(false)
int(0)
string(42) "local_addr context option is not a string."
array(3) {
  [0]=>
  bool(false)
  [1]=>
  int(110)
  [2]=>
  string(20) "Connection timed out"
}
int(3)
string(10) "concurrent"
