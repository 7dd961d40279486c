#!/usr/bin/env bash
# Runs every benchmark: the runtime figures, then the socket workloads on cosocket,
# on PHP's own stream_select loop and on bare mio (the floor). Prints one
# `name value unit` line per figure and each socket figure's ratio to the floor,
# then writes bench/results.tsv and, if matplotlib is there, bench/ratios.png.
# Usage: bash bench/run.sh            (about a minute and a half on 2 cores)
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
build
cargo build --release --quiet --no-default-features --example floor
FLOOR=$(cargo_target_dir)/release/examples/floor
echo "# $(date -u +%F) $(nproc) cores, PHP $("$PHP" -r 'echo PHP_VERSION;')"
echo "## runtime"
rt=$("$PHP" -d "extension=$SO" bench/runtime.php)
echo "$rt"
tsv=bench/results.tsv
: > "$tsv"
# The chart's channel bar: a channel round trip against a bare yield/resume round trip
# (the "floor" of a switch between two coroutines), both as rates.
sw=$(echo "$rt" | awk '$1 == "switch_round_trip" {print $2}')
ch=$(echo "$rt" | awk '$1 == "channel_round_trip" {print $2}')
if [ -n "$sw" ] && [ -n "$ch" ]; then
    awk -v s="$sw" -v c="$ch" 'BEGIN { printf "floor\tchannel_vs_yield\t%.0f\ncosocket\tchannel_vs_yield\t%.0f\n", 1e9 / s, 1e9 / c }' >> "$tsv"
fi
echo "## sockets (ratio to the floor in brackets)"
for w in pingpong64 pingpong64all pingpong16k connect udp; do
    floor=$("$FLOOR" "$w")
    co=$("$PHP" -d "extension=$SO" bench/socket.php "$w")
    ss=$("$PHP" -n bench/stream_select.php "$w")
    f=$(echo "$floor" | awk '{print $2}')
    for pair in "floor:$floor" "cosocket:$co" "stream_select:$ss"; do
        impl=${pair%%:*} line=${pair#*:}
        v=$(echo "$line" | awk '{print $2}')
        printf '%s\t%s\t%s\n' "$impl" "$w" "$v" >> "$tsv"
        printf "%-14s %s [%s]\n" "$impl" "$line" "$(awk -v v="$v" -v f="$f" 'BEGIN { printf "%.2f", v / f }')"
    done
done
echo "## packets (recvPacket framing vs recvAll of the same bytes, best of 3)"
"$PHP" -d "extension=$SO" bench/packets.php
echo "## processes (SO_REUSEPORT workers, best of 3)"
"$PHP" -d "extension=$SO" bench/workers.php
echo "## HTTP keep-alive under wrk (64 connections, SO_REUSEPORT workers, best of 3)"
if command -v wrk >/dev/null; then
    "$PHP" -d "extension=$SO" bench/http.php 64 3
else
    echo "http skipped: apt-get install wrk"
fi
echo "## TLS (50 connections over 127.0.0.1, TLS 1.3, RSA-2048; 3 s per figure)"
"$PHP" -d "extension=$SO" bench/tls.php 2>/dev/null
if python3 -c 'import matplotlib' 2>/dev/null; then
    python3 bench/chart.py "$tsv" bench/ratios.png && echo "chart: bench/ratios.png"
else
    echo "chart skipped: pip install matplotlib"
fi
