#!/usr/bin/env bash
# Runs the benchmarks; prints one `name value unit` line per figure.
# Usage: bash bench/run.sh            (figures go to stdout; see RESULTS.md for the record)
source "$(dirname "$0")/../scripts/env.sh"
build
echo "# runtime ($(date -u +%F), $(nproc) cores, $("$PHP" -r 'echo PHP_VERSION;'))"
"$PHP" -d "extension=$SO" "$ROOT/bench/runtime.php"
