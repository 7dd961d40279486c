#!/usr/bin/env bash
# Builds cosocket and runs the examples.
# Usage: scripts/demo.sh [example.php]   (default: every example)
source "$(dirname "$0")/env.sh"
build
# The glob must expand: inside "${@:-...}" it stayed a literal "*.php".
[ $# -gt 0 ] || set -- "$ROOT"/examples/*.php
for f in "$@"; do
    echo "== $(basename "$f")"
    "$PHP" -d "extension=$SO" "$f"
    echo
done
