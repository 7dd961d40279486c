--TEST--
Hooks, fork while hooked streams are open (made in a coroutine, the fork outside any): the child uses the inherited stream and a phpredis client in its own Co\run and exits (once closing them itself, once leaving them to its shutdown); the parent's connections keep working after each child is gone, and still wait in their coroutine
--EXTENSIONS--
cosocket
igbinary
redis
--SKIPIF--
<?php require __DIR__ . '/../include/servers.inc'; srv_skip_unless('redis'); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
$addr = srv_line_server();
$rs = srv_redis();
$c = $r = null;
Co\run(function () use ($addr, $rs, &$c, &$r) {
    $c = stream_socket_client($addr, $errno, $errstr, 5);
    fwrite($c, "echo before\n");
    show('parent before', fgets($c));
    $r = new Redis();
    $r->connect('127.0.0.1', $rs['port']);
    show('redis before', $r->set('k', 'parent'));
});
foreach (['closes them', 'leaves them to its exit'] as $how) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        Co\run(function () use ($c, $r, $how) {
            fwrite($c, "echo child\n");
            show("child ($how)", [fgets($c), $r->get('k')]);
            if ($how === 'closes them') {
                fclose($c);
                $r->close();
            }
        });
        exit(0);
    }
    pcntl_waitpid($pid, $status);
    show('child exit status', pcntl_wexitstatus($status));
    Co\run(function () use ($c, $r, $how) {
        fwrite($c, "sleep 0.3 parent-after-child-$how\n");
        $stop = ticker();
        show('parent after', [fgets($c), $r->get('k')]);
        echo $stop(), "\n";
    });
}
echo "done\n";
?>
--EXPECT--
parent before: 'before
'
redis before: true
child (closes them): ["child\n","parent"]
child exit status: 0
parent after: ["parent-after-child-closes them\n","parent"]
other coroutines ran
child (leaves them to its exit): ["child\n","parent"]
child exit status: 0
parent after: ["parent-after-child-leaves them to its exit\n","parent"]
other coroutines ran
done
