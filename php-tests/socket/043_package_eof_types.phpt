--TEST--
Socket: setProtocol() converts a package_eof of another type to a string as PHP (and Swoole) does (0, 12, true, 1.5, an array with PHP's warning, a Stringable); null counts as not given; only an empty or over-8-byte result is refused
--EXTENSIONS--
cosocket
--FILE--
<?php
class Marker { function __toString(): string { return "|"; } }

// package_eof of another type is converted to a string as PHP converts it; only an
// empty (or over 8 bytes) result is refused, and null counts as not given.
Co\run(function () {
    $values = ['int 0' => 0, 'int 12' => 12, 'true' => true, 'float' => 1.5, 'negative' => -7,
        'array' => ['x'], 'Stringable' => new Marker, 'string' => "\n"];
    foreach ($values as $name => $v) {
        [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
        echo "$name: ";
        $r = $b->setProtocol(['open_eof_split' => true, 'package_eof' => $v]);
        $eof = is_array($v) ? 'Array' : (string) $v;
        $a->send("ab{$eof}cd{$eof}");
        echo var_export($r, true), " ", json_encode($b->recvPacket(0.5)), " ", json_encode($b->recvPacket(0.5)), "\n";
    }
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_eof_split' => true, 'package_eof' => '|']);
    echo "null: ", var_export($b->setProtocol(['package_eof' => null]), true);
    $a->send("ab|cd|");
    echo " ", json_encode($b->recvPacket(0.5)), "\n";
    foreach (['false' => false, 'empty' => '', 'float of 10 chars' => 12345678.5] as $name => $v) {
        echo "$name: ";
        var_dump($b->setProtocol(['package_eof' => $v]));
    }
    // An object that cannot be a string: PHP's Error (Swoole: a fatal error).
    try {
        $b->setProtocol(['package_eof' => new stdClass]);
    } catch (Error $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    $a->send("ef|");
    echo "still '|': ", json_encode($b->recvPacket(0.5)), " ", json_encode($b->recvPacket(0.5)), "\n";
});
?>
--EXPECTF--
int 0: true "ab0" "cd0"
int 12: true "ab12" "cd12"
true: true "ab1" "cd1"
float: true "ab1.5" "cd1.5"
negative: true "ab-7" "cd-7"
array: 
Warning: Array to string conversion in %s on line 12
true "abArray" "cdArray"
Stringable: true "ab|" "cd|"
string: true "ab\n" "cd\n"
null: true "ab|"
false: 
Warning: Swoole\Coroutine\Socket::setProtocol(): package_eof cannot be an empty string in %s on line 24
bool(false)
empty: 
Warning: Swoole\Coroutine\Socket::setProtocol(): package_eof cannot be an empty string in %s on line 24
bool(false)
float of 10 chars: 
Warning: Swoole\Coroutine\Socket::setProtocol(): package_eof max length is 8 in %s on line 24
bool(false)
Error: Object of class stdClass could not be converted to string
still '|': "cd|" "ef|"
