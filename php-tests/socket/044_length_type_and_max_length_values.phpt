--TEST--
Socket: setProtocol() names a non-string package_length_type by its first byte as a string (as Swoole), keeps the previous type when refused, ignores null; package_max_length strings are read as PHP reads ini sizes (0x10, 017, 0o17, 0b101, 1k, ' 1 M '), one that is not a size warns with PHP's reason and returns false (Swoole: a fatal error)
--EXTENSIONS--
cosocket
--FILE--
<?php
// package_length_type of another type: its first byte as a string names it (as in
// Swoole), null counts as not given. package_max_length strings are read as PHP reads
// ini sizes (as Swoole's php_swoole_parse_to_size does).
Co\run(function () {
    [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
    $b->setProtocol(['open_length_check' => true, 'package_length_type' => 'C', 'package_body_offset' => 1]);
    foreach (['int 78' => 78, 'float' => 1.5, 'true' => true, 'false' => false, 'array' => ['N'], 'empty' => '', 'xN' => 'xN', 'null' => null] as $name => $v) {
        echo "$name: ";
        var_dump($b->setProtocol(['package_length_type' => $v]));
    }
    $a->send("\x02ab");
    echo "still 'C': ", json_encode($b->recvPacket(0.5)), "\n";
    var_dump($b->setProtocol(['package_length_type' => 'Nx', 'package_body_offset' => 4]));
    $a->send("\0\0\0\2cd");
    echo "now 'N': ", json_encode($b->recvPacket(0.5)), "\n";

    // The largest packet taken: $max bytes are, $max + 1 are refused (1201). The length
    // function reads a packet's length from its first 8 bytes.
    $limit = function ($v, int $max) {
        $r = [];
        foreach ($max > 0 ? [$max, $max + 1] : [1] as $len) {
            [$a, $b] = swoole_coroutine_socketpair(AF_UNIX, SOCK_STREAM, 0);
            $ok = $b->setProtocol(['open_length_check' => true, 'package_max_length' => $v,
                'package_length_func' => fn($d) => strlen($d) < 8 ? 0 : unpack('J', $d)[1]]);
            go(fn() => $a->sendAll(substr(pack('J', $len) . str_repeat('x', max(0, $len - 8)), 0, max($len, 8))));
            $p = $b->recvPacket(2);
            $r[] = "$len: " . (is_string($p) ? strlen($p) . " bytes" : "false {$b->errCode}");
        }
        return var_export($ok, true) . ", " . implode(", ", $r);
    };
    foreach ([['0x10', 16], ['16', 16], ['017', 15], ['0o17', 15], ['0b101', 5], ['1k', 1024], [' 1 M ', 1 << 20], ['16 ', 16],
        [1.9, 1], [true, 1], ['', 0], [-5, 0], ['abc', 0], ['1.5M', 1 << 20], ['5x', 5], [null, 2 << 20]] as [$v, $max]) {
        echo json_encode($v), ": ", $limit($v, $max), "\n";
    }
});
?>
--EXPECTF--
int 78: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name '7', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
float: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name '1', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
true: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name '1', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
false: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name '', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
array: 
Warning: Array to string conversion in %s on line 10

Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name 'A', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
empty: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name '', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
xN: 
Warning: Swoole\Coroutine\Socket::setProtocol(): Unknown package_length_type name 'x', see pack(). Link: https://php.net/pack in %s on line 10
bool(false)
null: bool(true)
still 'C': "\u0002ab"
bool(true)
now 'N': "\u0000\u0000\u0000\u0002cd"
"0x10": true, 16: 16 bytes, 17: false 1201
"16": true, 16: 16 bytes, 17: false 1201
"017": true, 15: 15 bytes, 16: false 1201
"0o17": true, 15: 15 bytes, 16: false 1201
"0b101": true, 5: 5 bytes, 6: false 1201
"1k": true, 1024: 1024 bytes, 1025: false 1201
" 1 M ": true, 1048576: 1048576 bytes, 1048577: false 1201
"16 ": true, 16: 16 bytes, 17: false 1201
1.9: true, 1: 1 bytes, 2: false 1201
true: true, 1: 1 bytes, 2: false 1201
"": true, 1: false 1201
-5: true, 1: false 1201
"abc": 
Warning: Swoole\Coroutine\Socket::setProtocol(): failed to parse 'abc' to size, Error: Invalid quantity "abc": no valid leading digits, interpreting as "0" for backwards compatibility in %s on line 24
false, 1: false 1201
"1.5M": 
Warning: Swoole\Coroutine\Socket::setProtocol(): failed to parse '1.5M' to size, Error: Invalid quantity "1.5M", interpreting as "1M" for backwards compatibility in %s on line 24

Warning: Swoole\Coroutine\Socket::setProtocol(): failed to parse '1.5M' to size, Error: Invalid quantity "1.5M", interpreting as "1M" for backwards compatibility in %s on line 24
false, 1048576: 1048576 bytes, 1048577: false 1201
"5x": 
Warning: Swoole\Coroutine\Socket::setProtocol(): failed to parse '5x' to size, Error: Invalid quantity "5x": unknown multiplier "x", interpreting as "5" for backwards compatibility in %s on line 24

Warning: Swoole\Coroutine\Socket::setProtocol(): failed to parse '5x' to size, Error: Invalid quantity "5x": unknown multiplier "x", interpreting as "5" for backwards compatibility in %s on line 24
false, 5: 5 bytes, 6: false 1201
null: true, 2097152: 2097152 bytes, 2097153: false 1201
