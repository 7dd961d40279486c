#!/usr/bin/env bash
# Fuzzes each framing parser and proxy handshake (src/protocol) for a fixed time with
# cargo-fuzz (libFuzzer, nightly Rust); no PHP needed. Usage: scripts/fuzz.sh [seconds
# per target] (default 60) [targets...] (default: length eof mqtt fastcgi socks5
# http_connect). Prints executions and crashes per target; fails on a crash.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-60}
shift || true
targets=("${@:-length eof mqtt fastcgi socks5 http_connect}")
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
status=0
for t in ${targets[@]}; do
    log=$(mktemp) work=$(mktemp -d)
    # New inputs go to a scratch corpus; the committed seeds in corpus/ stay as they are.
    if cargo +nightly fuzz run "$t" "$work" "corpus/$t" -- -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        crash=0
    else
        crash=1; status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz $t: ${execs:-?} executions in ${secs}s, $crash crashes"
    [ $crash -eq 0 ] || tail -40 "$log"
    rm -rf "$log" "$work"
done
exit $status
