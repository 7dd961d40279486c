#!/usr/bin/env bash
# Builds cosocket (installing what a fresh Debian 12 machine lacks, as root) and runs
# the examples. Usage: scripts/demo.sh [example.php...]   (default: every example)
source "$(dirname "$0")/env.sh"
build
[ $# -gt 0 ] || set -- "$ROOT"/examples/*.php
for f in "$@"; do
    echo "== $(basename "$f")"
    "$PHP" -d "extension=$SO" "$f"
    echo
done
