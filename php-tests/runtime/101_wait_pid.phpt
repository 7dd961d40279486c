--TEST--
System::waitPid() and wait(): {pid, code, signal} for exits and signals, timeout (110), not a child or no children (false at once), the later of two waiters on one child gets it
--EXTENSIONS--
cosocket
--FILE--
<?php
use Swoole\Coroutine\System;
function r($label, $fn) {
    swoole_clear_error();
    $v = $fn();
    echo $label, ' => ', str_replace("\n", ' ', var_export($v, true)), ' last_error=', swoole_last_error(), "\n";
}
// Children that wait for a line on stdin before they end: no timing involved.
$procs = [];
function child(string $then): array {
    global $procs;
    $p = proc_open(['/bin/sh', '-c', "read x; $then"], [0 => ['pipe', 'r']], $pipes);
    $procs[] = $p;
    return [proc_get_status($p)['pid'], $pipes[0]];
}
function release(array $c): int { fwrite($c[1], "\n"); return $c[0]; }
function same($v, $pid) { return is_array($v) && $v['pid'] === $pid ? ['pid' => 'same', 'code' => $v['code'], 'signal' => $v['signal']] : $v; }
$exit3 = child('exit 3'); $kill9 = child('kill -9 $$'); $slow = child('exit 0');
Co\run(function () use ($exit3, $kill9, $slow) {
    r('exit 3', fn() => same(System::waitPid(release($exit3)), $exit3[0]));
    r('SIGKILL', fn() => same(System::waitPid(release($kill9), 10), $kill9[0]));
    r('timeout', fn() => System::waitPid($slow[0], 0.05));
    r('then no timeout', fn() => same(System::waitPid(release($slow)), $slow[0]));
    r('reaped already', fn() => System::waitPid($slow[0], 0.1));
    r('init, not a child', fn() => System::waitPid(1, 0.1));
    r('no children: wait()', fn() => System::wait());
    r('no children: waitPid(-5)', fn() => System::waitPid(-5, 0.1));
});
$p1 = child('exit 1'); $p2 = child('exit 2');
Co\run(function () use ($p1, $p2) {
    $name = fn($v) => $v ? ['pid' => $v['pid'] === $p2[0] ? 'p2' : ($v['pid'] === $p1[0] ? 'p1' : $v['pid']), 'code' => $v['code']] : $v;
    release($p2);
    r('wait(10)', fn() => $name(System::wait(10)));
    release($p1);
    r('wait(10)', fn() => $name(System::wait(10)));
});
$p = child('exit 5');
Co\run(function () use ($p) {
    echo "-- two coroutines waitPid the same child: the later one gets it, the other waits on (cancelled here)\n";
    $a = go(function () use ($p) { r('  A', fn() => ($v = System::waitPid($p[0], 30)) ? $v['code'] : $v); });
    go(function () use ($p, $a) { r('  B', fn() => ($v = System::waitPid($p[0], 30)) ? $v['code'] : $v); Co::cancel($a); });
    release($p);
});
--EXPECTF--
exit 3 => array (   'pid' => 'same',   'code' => 3,   'signal' => 0, ) last_error=0
SIGKILL => array (   'pid' => 'same',   'code' => 0,   'signal' => 9, ) last_error=0
timeout => false last_error=110
then no timeout => array (   'pid' => 'same',   'code' => 0,   'signal' => 0, ) last_error=0
reaped already => false last_error=0
init, not a child => false last_error=0
no children: wait() => false last_error=0
no children: waitPid(-5) => false last_error=0
wait(10) => array (   'pid' => 'p2',   'code' => 2, ) last_error=0
wait(10) => array (   'pid' => 'p1',   'code' => 1, ) last_error=0
-- two coroutines waitPid the same child: the later one gets it, the other waits on (cancelled here)
  B => 5 last_error=0
  A => false last_error=10017
