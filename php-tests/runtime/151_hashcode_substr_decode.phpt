--TEST--
swoole_hashcode() (PHP's string hash, one-at-a-time), swoole_substr_unserialize() and swoole_substr_json_decode(): offset and length rules, errors, options, JSON error state, signatures
--EXTENSIONS--
cosocket
--FILE--
<?php
// swoole_hashcode: 0 is PHP's string hash (top bit set), 1 one-at-a-time (bytes as signed char), else false.
var_dump(swoole_hashcode("hello"), swoole_hashcode(""), swoole_hashcode("hello", 1), swoole_hashcode("", 1),
    swoole_hashcode("abcdefghijklmnop", 1), swoole_hashcode("\xff\x80abc", 1), swoole_hashcode("\xff\x80abc"),
    swoole_hashcode("a", 2), swoole_hashcode("a", -1));
$s = serialize(['a' => 1, 'b' => [2, 3]]);
$n = strlen($s);
echo "-- unserialize\n";
var_dump(swoole_substr_unserialize("xx{$s}yy", 2, $n) === ['a' => 1, 'b' => [2, 3]]);
var_dump(swoole_substr_unserialize("xx$s", -$n)['b'], swoole_substr_unserialize($s, 0, 0)['a'], swoole_substr_unserialize($s, 0, -5)['a'], swoole_substr_unserialize($s, 0, 1000)['a']);
var_dump(swoole_substr_unserialize($s, -$n - 1), swoole_substr_unserialize($s, $n), swoole_substr_unserialize("", 0));
var_dump(swoole_substr_unserialize("xx$s", 0));
var_dump(swoole_substr_unserialize($s, 0, 5));
var_dump(swoole_substr_unserialize("i:1;i:2;", 4));
class Foo { public $x = 1; }
$o = serialize(new Foo);
var_dump(get_class(swoole_substr_unserialize($o, 0)), get_class(swoole_substr_unserialize($o, 0, 0, ['allowed_classes' => false])),
    get_class(swoole_substr_unserialize($o, 0, 0, ['allowed_classes' => ['Foo']])));
foreach ([['allowed_classes' => 5], ['max_depth' => -1]] as $opt) {
    try { var_dump(swoole_substr_unserialize($o, 0, 0, $opt)); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
}
try { swoole_substr_unserialize($s); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
try { swoole_substr_unserialize($s, 0, 0, null); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
echo "-- json\n";
$j = '{"a":1,"b":[1,2]}';
// The JSON must run to the end of the string: the scanner reads on to the NUL.
var_dump(swoole_substr_json_decode("12{$j}34", 2, strlen($j)), json_last_error_msg());
var_dump(swoole_substr_json_decode("12$j", 2));
var_dump(swoole_substr_json_decode("12$j", -strlen($j), 0, true));
var_dump(swoole_substr_json_decode("[1,[2]]", 3, 0, false));
var_dump(swoole_substr_json_decode($j, 0, 0, false, 512, JSON_OBJECT_AS_ARRAY) instanceof stdClass);
var_dump(is_array(swoole_substr_json_decode($j, 0, 0, null, 512, JSON_OBJECT_AS_ARRAY)));
var_dump(swoole_substr_json_decode("", 0));
var_dump(swoole_substr_json_decode($j, -100));
var_dump(swoole_substr_json_decode($j, strlen($j)));
var_dump(swoole_substr_json_decode($j, 0, 0, true, 0));
var_dump(swoole_substr_json_decode($j, 0, 0, true, PHP_INT_MAX));
var_dump(swoole_substr_json_decode($j, 0, 0, true, 1), json_last_error(), json_last_error_msg());
var_dump(swoole_substr_json_decode("[1]", 0), json_last_error());
var_dump(swoole_substr_json_decode("{bad", 0), json_last_error_msg());
try { var_dump(swoole_substr_json_decode("{bad", 0, 0, true, 512, JSON_THROW_ON_ERROR)); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), " ", $e->getCode(), "\n"; }
var_dump(json_last_error());
var_dump(swoole_substr_json_decode("1", 0, 0, true, 512, JSON_THROW_ON_ERROR), json_last_error());
var_dump(swoole_substr_json_decode('"\u00e9"', 0), swoole_substr_json_decode('123456789012345678901234567890', 0, 0, false, 512, JSON_BIGINT_AS_STRING));
try { swoole_substr_json_decode($j, "x"); } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
foreach (['swoole_hashcode', 'swoole_substr_unserialize', 'swoole_substr_json_decode'] as $fn) {
    $r = new ReflectionFunction($fn);
    echo $fn, "(", implode(', ', array_map(fn($p) => substr((string) $p, strpos((string) $p, '<')), $r->getParameters())), "): ", $r->getReturnType(), "\n";
}
--EXPECTF--
int(-9223371826140139367)
int(-9223372036854770427)
int(3372029979)
int(0)
int(2879070911)
int(3926978745)
int(-9223371826272902966)
bool(false)
bool(false)
-- unserialize
bool(true)
array(2) {
  [0]=>
  int(2)
  [1]=>
  int(3)
}
int(1)
int(1)
int(1)
bool(false)
bool(false)
bool(false)

%s: swoole_substr_unserialize(): Error at offset 0 of 50 bytes in %s on line 12
bool(false)

%s: swoole_substr_unserialize(): Error at offset 5 of 5 bytes in %s on line 13
bool(false)
int(2)
string(3) "Foo"
string(22) "__PHP_Incomplete_Class"
string(3) "Foo"
TypeError: swoole_ext_unserialize(): Option "allowed_classes" must be of type array|bool, int given
ValueError: swoole_ext_unserialize(): Option "max_depth" must be greater than or equal to 0
ArgumentCountError: swoole_substr_unserialize() expects at least 2 arguments, 1 given
TypeError: swoole_substr_unserialize(): Argument #4 ($options) must be of type array, null given
-- json
NULL
string(12) "Syntax error"
object(stdClass)#1 (2) {
  ["a"]=>
  int(1)
  ["b"]=>
  array(2) {
    [0]=>
    int(1)
    [1]=>
    int(2)
  }
}
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  array(2) {
    [0]=>
    int(1)
    [1]=>
    int(2)
  }
}
NULL
bool(true)
bool(true)

Warning: swoole_substr_json_decode(): Non-empty string required in %s on line 33
NULL

Warning: swoole_substr_json_decode(): Offset must be not less than the negative length of the string in %s on line 34
NULL

Warning: swoole_substr_json_decode(): Offset must be less than the length of the string in %s on line 35
NULL

Warning: swoole_substr_json_decode(): Depth must be greater than zero in %s on line 36
NULL

Warning: swoole_substr_json_decode(): Depth must be lower than 2147483647 in %s on line 37
NULL
NULL
int(1)
string(28) "Maximum stack depth exceeded"
array(1) {
  [0]=>
  int(1)
}
int(0)
NULL
string(12) "Syntax error"
JsonException: Syntax error 4
int(4)
int(1)
int(4)
string(2) "é"
string(30) "123456789012345678901234567890"
TypeError: swoole_substr_json_decode(): Argument #2 ($offset) must be of type int, string given
swoole_hashcode(<required> string $data ], <optional> int $type = 0 ]): int|false
swoole_substr_unserialize(<required> string $str ], <required> int $offset ], <optional> int $length = 0 ], <optional> array $options = [] ]): mixed
swoole_substr_json_decode(<required> string $str ], <required> int $offset ], <optional> int $length = 0 ], <optional> bool $associative = false ], <optional> int $depth = 512 ], <optional> int $flags = 0 ]): mixed
