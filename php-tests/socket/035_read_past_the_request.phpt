--TEST--
Socket: recv($n)/recvAll($n) read past the request (one syscall for a message that fills it); what came past is served first and in order by every reading method, and lengths of 0 or below mean the default
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $a->send("abcdefghij\nKLMNOPQRSTUVWXYZ");
    var_dump($b->recv(3));            // "abc": the rest may now wait in the object
    var_dump($b->peek(2));            // "de"
    var_dump($b->readVector([1, 1])); // ["d", "e"]
    var_dump($b->recvAll(2));         // "fg"
    var_dump($b->recvLine());         // "hij\n"
    var_dump($b->recvfrom($peer));    // whatever is left of it, in order
    $a->send(str_repeat('x', 5000) . 'END');
    $all = $b->recvAll(5003);
    var_dump(strlen($all), substr($all, -3));
    $a->send('12345');
    var_dump($b->recv(2), $b->recv(0), $b->recv(-1, 0.1));
    $a->close();
    var_dump($b->recv(10, 0.5));      // peer gone: ''
});

?>
--EXPECT--
string(3) "abc"
string(2) "de"
array(2) {
  [0]=>
  string(1) "d"
  [1]=>
  string(1) "e"
}
string(2) "fg"
string(4) "hij
"
string(16) "KLMNOPQRSTUVWXYZ"
int(5003)
string(3) "END"
string(2) "12"
string(3) "345"
bool(false)
string(0) ""
