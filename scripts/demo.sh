#!/usr/bin/env bash
# Builds cosocket and runs the examples.
# Usage: scripts/demo.sh [example.php]   (default: every example)
source "$(dirname "$0")/env.sh"
build
for f in "${@:-$ROOT/examples/*.php}"; do
    echo "== $(basename "$f")"
    "$PHP" -d "extension=$SO" "$f"
    echo
done
