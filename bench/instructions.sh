#!/usr/bin/env bash
# Instructions per operation of the hot paths, under callgrind: a run of N=3000 round
# trips minus a run of N=1000, divided by 2000, so that start-up and teardown cancel
# out. Instruction counts are what to compare on a noisy machine, not wall time.
# Usage: bench/instructions.sh [workload...]   (default: chan tcp packet udp connect)
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
build
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
total() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$PHP" -n -d "extension=$SO" bench/instructions.php "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
for w in "${@:-chan tcp packet udp connect}"; do
    for one in $w; do
        a=$(total "$one" 1000) b=$(total "$one" 3000)
        echo "$one $(( (b - a) / 2000 )) instructions/op"
    done
done
