--TEST--
Hooks: after exit() in a coroutine, destructors close hooked streams that other coroutines are parked in (a reader and a writer): the closes succeed and the parked coroutines never run again (drained later, they would return into PHP's stream code on the freed streams; valgrind saw those invalid reads and writes before)
--EXTENSIONS--
cosocket
--FILE--
<?php
// A reader and a writer parked in hooked streams when exit() ends the script; destructors then
// close both streams (as a client library's __destruct does). Nothing of the parked coroutines runs.
$srv = stream_socket_server('tcp://127.0.0.1:0', $e, $es);
$addr = stream_socket_get_name($srv, false);
class Holder {
    public $s;
    function __construct(public string $name) {}
    function __destruct() { echo "{$this->name}: destructor closes its stream: ", var_export(fclose($this->s), true), "\n"; }
}
$r = new Holder('reader');
$w = new Holder('writer');
Co\run(function () use ($addr, $r, $w, $srv) {
    $r->s = stream_socket_client("tcp://$addr", $e, $es, 2);
    $w->s = stream_socket_client("tcp://$addr", $e, $es, 2);
    stream_set_timeout($w->s, 30);
    go(function () use ($r) { echo "reader parks\n"; $x = fread($r->s, 10); echo "reader resumed: ", var_export($x, true), "\n"; });
    go(function () use ($w) { echo "writer parks\n"; $x = fwrite($w->s, str_repeat('x', 64 << 20)); echo "writer resumed: ", var_export($x, true), "\n"; });
    echo "exit\n";
    exit(0);
});
?>
--EXPECT--
reader parks
writer parks
exit
reader: destructor closes its stream: true
writer: destructor closes its stream: true
