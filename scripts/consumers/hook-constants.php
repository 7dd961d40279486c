<?php
// SHIM_HOOKS=1: defines the SWOOLE_HOOK_* constants (Swoole 6.2.1's values) where the extension lacks them,
// so that the consumers' bootstraps get past `'hook_flags' => SWOOLE_HOOK_ALL` and the rest can be measured.
// It defines names only: no hook is enabled by it.
foreach ([
    'SWOOLE_HOOK_TCP' => 2, 'SWOOLE_HOOK_UDP' => 4, 'SWOOLE_HOOK_UNIX' => 8, 'SWOOLE_HOOK_UDG' => 16,
    'SWOOLE_HOOK_SSL' => 32, 'SWOOLE_HOOK_TLS' => 64, 'SWOOLE_HOOK_STREAM_FUNCTION' => 128,
    'SWOOLE_HOOK_STREAM_SELECT' => 128, 'SWOOLE_HOOK_FILE' => 256, 'SWOOLE_HOOK_STDIO' => 32768,
    'SWOOLE_HOOK_SLEEP' => 512, 'SWOOLE_HOOK_PROC' => 1024, 'SWOOLE_HOOK_CURL' => 2048,
    'SWOOLE_HOOK_NATIVE_CURL' => 4096, 'SWOOLE_HOOK_SOCKETS' => 16384, 'SWOOLE_HOOK_NET_FUNCTION' => 2097152,
    'SWOOLE_HOOK_MONGODB' => 4194304, 'SWOOLE_HOOK_ALL' => 2143285247,
] as $name => $value) {
    if (!defined($name)) {
        define($name, $value);
    }
}
