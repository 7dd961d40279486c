--TEST--
Where Swoole crashes or loses data, cosocket does not: Event::defer('nofunc') warns and returns false (Swoole: true, then a segfault), a failed Event::add() leaves the caller's fd open (Swoole closes it a turn later), Event::write() beyond the socket buffer sends everything in order (Swoole: a segfault, or the rest never sent)
--EXTENSIONS--
cosocket
--INI--
error_reporting=-1
--FILE--
<?php
// Where Swoole 6.2.1 crashes or loses data (see the README's differences), cosocket does not.
use Swoole\Event; use Swoole\Timer;
// 1. Event::defer() of something not callable: Swoole warns, returns true, then segfaults in the loop.
var_dump(Event::defer('nofunc'));
// cycle() of one: the same warning and true, as Swoole (nothing runs).
var_dump(Event::cycle('nofunc'), Event::cycle(null));
// 2. A failed Event::add() (epoll refuses a regular file): Swoole closes the file's fd a turn later.
$f = fopen(__FILE__, 'r');
var_dump(Event::add($f, function () {}));
Event::defer(function () {});
Event::wait();
var_dump(fread($f, 5));
// 3. Event::write() of more than the socket buffer takes: Swoole segfaults (no write callback) or
// never sends the rest; here all of it arrives, in order, and the loop ends once it is sent.
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0); stream_set_blocking($b, false);
var_dump(Event::add($a, function ($s) { echo "a readable\n"; }) > 0);
$data = '';
for ($i = 0; $i < 65536; $i++) $data .= pack('N', $i);
var_dump(Event::write($a, $data), Event::write($a, "end"));
var_dump(Event::isset($a, SWOOLE_EVENT_WRITE));
$got = '';
Event::add($b, function ($s) use (&$got, $a, $b) {
    while (($d = fread($s, 65536)) !== '' && $d !== false) $got .= $d;
    if (strlen($got) >= 262147) { Event::del($a); Event::del($b); }
});
Event::wait();
var_dump(strlen($got), $got === $data . "end");
--EXPECTF--

Warning: Swoole\Event::defer(): function 'nofunc' is not callable in %s on line 5
bool(false)

Warning: Swoole\Event::cycle(): function 'nofunc' is not callable in %s on line 7
bool(true)
bool(true)

Warning: Swoole\Event::add(): swoole_event_add failed in %s on line 10
bool(false)
string(5) "<?php"
bool(true)
bool(true)
bool(true)
bool(false)
int(262147)
bool(true)
