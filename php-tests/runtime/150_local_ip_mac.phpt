--TEST--
swoole_get_local_ip() and swoole_get_local_mac() in a private network namespace: addresses of interfaces that are up, loopback ones left out, keyed by name (labels included); MACs of the interfaces with an IPv4 address
--EXTENSIONS--
cosocket
--SKIPIF--
<?php
if (trim((string) shell_exec('id -u')) !== '0') die('skip needs root (a private network namespace)');
if (!is_executable('/usr/bin/unshare') || !is_executable('/usr/sbin/ip')) die('skip needs unshare (util-linux) and ip (iproute2)');
if (!getenv('COSOCKET_SO')) die('skip COSOCKET_SO is not set (run through scripts/test.sh)');
exec('/usr/bin/unshare -n ip link add b0 type bridge 2>&1', $out, $rc);
if ($rc !== 0) die('skip unshare -n with bridge interfaces is not allowed here: ' . implode(' ', $out));
?>
--FILE--
<?php
$script = tempnam(sys_get_temp_dir(), 'cosocket-ip');
file_put_contents($script, <<<'PHP'
<?php
var_dump(swoole_get_local_ip(), swoole_get_local_ip(AF_INET6), swoole_get_local_ip(17), swoole_get_local_mac());
$r = new ReflectionFunction('swoole_get_local_ip');
echo $r->getParameters()[0], " ", $r->getReturnType(), "\n";
PHP);
// b0 up with IPv4 and IPv6, b1 down, b2 up with a loopback address and a labelled second one.
$setup = 'ip link set lo up'
    . ' && ip link add b0 address 02:00:00:00:00:aa type bridge && ip link set b0 up'
    . ' && ip addr add 10.1.2.3/24 dev b0 && ip addr add fd00::5/64 dev b0 nodad'
    . ' && ip link add b1 address 02:00:00:00:00:bb type bridge && ip addr add 10.9.9.9/24 dev b1'
    . ' && ip link add b2 address 02:00:00:00:00:cc type bridge && ip link set b2 up'
    . ' && ip addr add 10.2.0.1/24 dev b2 && ip addr add 10.2.0.2/24 dev b2 label b2:x'
    . ' && ip addr add 127.0.0.5/8 dev b2';
$cmd = sprintf('/usr/bin/unshare -n sh -c %s 2>&1', escapeshellarg(sprintf('%s && exec %s -n -d extension=%s %s',
    $setup, escapeshellarg(PHP_BINARY), escapeshellarg(getenv('COSOCKET_SO')), escapeshellarg($script))));
echo shell_exec($cmd);
unlink($script);
?>
--EXPECT--
array(3) {
  ["b0"]=>
  string(8) "10.1.2.3"
  ["b2"]=>
  string(8) "10.2.0.1"
  ["b2:x"]=>
  string(8) "10.2.0.2"
}
array(1) {
  ["b0"]=>
  string(7) "fd00::5"
}
array(0) {
}
array(4) {
  ["b0"]=>
  string(17) "02:00:00:00:00:AA"
  ["b1"]=>
  string(17) "02:00:00:00:00:BB"
  ["b2"]=>
  string(17) "02:00:00:00:00:CC"
  ["b2:x"]=>
  string(17) "02:00:00:00:00:CC"
}
Parameter #0 [ <optional> int $family = 2 ] array
