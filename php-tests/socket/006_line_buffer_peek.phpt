--TEST--
Socket: recvLine keeps surplus bytes, recvWithBuffer serves many small reads, peek does not consume
--EXTENSIONS--
cosocket
--FILE--
<?php
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    var_dump($b->peek(), $b->errCode === SOCKET_EAGAIN);
    $a->send("first line\nsecond\r\nthird");
    Co::sleep(0.01);
    var_dump($b->peek(5), $b->errCode);
    echo json_encode([$b->recvLine(), $b->recvLine(), $b->recvLine(), $b->recvLine(3)]), "\n";
    go(function () use ($a) { Co::sleep(0.01); $a->send(" part\n"); });
    echo json_encode($b->recvLine()), "\n";
    $a->send("0123456789");
    $parts = [];
    while (count($parts) < 5) { $parts[] = $b->recvWithBuffer(2); }
    var_dump(implode('|', $parts));
    $a->send("tail");
    $a->close();
    var_dump($b->recvLine(), $b->recvLine(), $b->errCode);
    var_dump($b->recvWithBuffer(), $b->recv());
});
?>
--EXPECT--
bool(false)
bool(true)
string(5) "first"
int(0)
["first line\n","second\r","\n","thi"]
"rd part\n"
string(14) "01|23|45|67|89"
string(4) "tail"
string(0) ""
int(0)
string(0) ""
string(0) ""
