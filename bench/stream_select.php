<?php
/**
 * Baseline: the bench/socket.php workloads on PHP's own non-blocking stream sockets
 * and stream_select(), no extension. Prints `name value unit` lines.
 *   php bench/stream_select.php [pingpong64 pingpong64all pingpong16k connect udp]
 */
require __DIR__ . '/workloads.inc';

/** $all: the same exchange (a stream_select loop reads whatever is there either way). */
function pingpong(int $size, bool $all = false): float
{
    $ctx = stream_context_create(['socket' => ['backlog' => 1024]]);
    $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    stream_set_blocking($server, false);
    $addr = stream_socket_get_name($server, false);
    $msg = str_repeat('x', $size);
    $clients = $left = $buf = [];
    $t = hrtime(true);
    for ($i = 0; $i < CONNS; $i++) {
        $c = stream_socket_client("tcp://$addr");
        stream_set_blocking($c, false);
        stream_set_write_buffer($c, 0);
        $id = (int)$c;
        $clients[$id] = $c;
        $left[$id] = ROUNDS;
        $buf[$id] = '';
        fwrite($c, $msg);
    }
    $conns = [];
    $done = 0;
    while ($done < CONNS) {
        $r = $clients + $conns;
        $r[] = $server;
        $w = $e = null;
        stream_select($r, $w, $e, 5);
        foreach ($r as $s) {
            if ($s === $server) {
                while ($conn = @stream_socket_accept($server, 0)) {
                    stream_set_blocking($conn, false);
                    stream_set_write_buffer($conn, 0);
                    $conns[(int)$conn] = $conn;
                    $buf[(int)$conn] = '';
                }
                continue;
            }
            $id = (int)$s;
            $buf[$id] .= fread($s, 65536);
            if (strlen($buf[$id]) < $size) {
                continue;
            }
            $buf[$id] = '';
            if (isset($conns[$id])) {
                write_all($s, $msg);
            } elseif (--$left[$id] === 0) {
                $done++;
                unset($clients[$id]);
            } else {
                write_all($s, $msg);
            }
        }
    }
    return (hrtime(true) - $t) / 1e9;
}

function write_all($s, string $data): void
{
    while ($data !== '') {
        $n = fwrite($s, $data);
        $data = (string)substr($data, (int)$n);
    }
}

function connect_accept_close(int $total, int $parallel): float
{
    $ctx = stream_context_create(['socket' => ['backlog' => 1024]]);
    $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
    stream_set_blocking($server, false);
    $addr = stream_socket_get_name($server, false);
    $pending = [];
    $started = $connected = $accepted = 0;
    $t = hrtime(true);
    $open = function () use (&$pending, &$started, $addr) {
        $c = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
        $pending[(int)$c] = $c;
        $started++;
    };
    for ($i = 0; $i < $parallel; $i++) $open();
    while ($connected < $total || $accepted < $total) {
        $r = [$server];
        $w = $pending;
        $e = null;
        stream_select($r, $w, $e, 5);
        foreach ($r as $s) {
            while ($conn = @stream_socket_accept($server, 0)) {
                fclose($conn);
                $accepted++;
            }
        }
        foreach ($w as $c) {
            unset($pending[(int)$c]);
            fclose($c);
            $connected++;
            if ($started < $total) $open();
        }
    }
    return (hrtime(true) - $t) / 1e9;
}

function udp_pingpong(int $pairs, int $rounds): float
{
    $servers = $clients = $left = [];
    for ($i = 0; $i < $pairs; $i++) {
        $s = stream_socket_server('udp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND);
        stream_set_blocking($s, false);
        $c = stream_socket_client('udp://' . stream_socket_get_name($s, false));
        stream_set_blocking($c, false);
        $servers[(int)$s] = $s;
        $clients[(int)$c] = $c;
        $left[(int)$c] = $rounds;
    }
    $msg = str_repeat('u', 64);
    $t = hrtime(true);
    foreach ($clients as $c) fwrite($c, $msg);
    $done = 0;
    while ($done < $pairs) {
        $r = $servers + $clients;
        $w = $e = null;
        stream_select($r, $w, $e, 5);
        foreach ($r as $s) {
            $id = (int)$s;
            if (isset($servers[$id])) {
                while (($d = stream_socket_recvfrom($s, 65536, 0, $peer)) !== false && $d !== '') {
                    stream_socket_sendto($s, $d, 0, $peer);
                }
            } else {
                while (($d = fread($s, 65536)) !== false && $d !== '') {
                    if (--$left[$id] === 0) { $done++; break; }
                    fwrite($s, $msg);
                }
            }
        }
    }
    return (hrtime(true) - $t) / 1e9;
}

report(array_slice($argv, 1), 'pingpong', 'connect_accept_close', 'udp_pingpong');
