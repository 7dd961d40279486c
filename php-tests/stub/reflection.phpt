--TEST--
stubs/cosocket.stub.php matches the extension as Reflection sees it (names, parameters, types, defaults)
--EXTENSIONS--
cosocket
--FILE--
<?php
require __DIR__ . '/../include/child.inc';
require __DIR__ . '/../include/api_dump.inc';
$stub = dirname(__DIR__, 2) . '/stubs/cosocket.stub.php';

// Load the stub in a php without cosocket and describe what it declares.
[$out, $err] = run_child('<?php
require ' . var_export(__DIR__ . '/../include/api_dump.inc', true) . ';
require ' . var_export($stub, true) . ';
$classes = array_values(array_filter(get_declared_classes(), fn($c) => (new ReflectionClass($c))->isUserDefined()));
$functions = array_map(fn($f) => (new ReflectionFunction($f))->getName(), get_defined_functions()["user"]);
$functions = array_values(array_filter($functions, fn($f) => !in_array($f, ["describe_params", "describe_api"])));
$constants = get_defined_constants(true)["user"];
// JSON_PRESERVE_ZERO_FRACTION: a whole float (SWOOLE_TIMER_MAX_SEC) stays a float.
echo json_encode(["names" => [$classes, $functions, $constants], "api" => describe_api($classes, $functions, $constants)], JSON_PRESERVE_ZERO_FRACTION);
', false);
$fromStub = json_decode($out, true) ?? exit("stub did not load: $err\n");
[$classes, $functions, $constants] = $fromStub['names'];
$fromExt = describe_api($classes, $functions, array_map(fn($n) => constant($n), array_combine(array_keys($constants), array_keys($constants))));

$diff = 0;
foreach ($fromStub['api'] as $k => $v) {
    if (($fromExt[$k] ?? null) !== $v) {
        echo "differs: $k\n  stub: ", json_encode($v), "\n  ext:  ", json_encode($fromExt[$k] ?? null), "\n";
        $diff++;
    }
}
// Everything the extension registers is in the stub (platform socket constants aside).
$ext = new ReflectionExtension('cosocket');
$lower = fn($a) => array_map('strtolower', $a);
foreach ($ext->getClassNames() as $c) {
    $real = (new ReflectionClass($c))->getName();
    if (!in_array(strtolower($real), $lower($classes))) { echo "class missing from stub: $real\n"; $diff++; }
}
foreach (array_keys($ext->getFunctions()) as $f) {
    if (!in_array(strtolower($f), $lower($functions))) { echo "function missing from stub: $f\n"; $diff++; }
}
foreach (array_keys($ext->getConstants()) as $c) {
    if (!preg_match('/^(AF|SOCK|MSG|SO|SOL|SOMAXCONN|TCP|MCAST|IP|IPV6|IPPROTO|SCM|SOCKET)_?/', $c) || in_array($c, ['SOCKET_ECANCELED', 'TCP_INFO'])) {
        if (!array_key_exists($c, $constants)) { echo "constant missing from stub: $c\n"; $diff++; }
    }
}
echo count($fromStub['api']), " entries compared, $diff differences\n";
?>
--EXPECTF--
%d entries compared, 0 differences
