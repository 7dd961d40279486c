#!/usr/bin/env bash
# Writes stubs/cosocket.stub.php from the declarations in src/php/ (the extension,
# loaded with COSOCKET_STUB=path, records what it registers and writes the stub).
# Usage: scripts/gen-stub.sh           writes the stub
#        scripts/gen-stub.sh --check   fails (exit 1, with the diff) if the committed
#                                      stub is stale; CI runs this
source "$(dirname "$0")/env.sh"
cd "$ROOT"
build
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# -n: no php.ini, so no ext-sockets (its constants would hide nothing from the stub,
# but its absence is what the platform constants' registration is written for).
COSOCKET_STUB="$out" "$PHP" -n -d "extension=$SO" -r '' >/dev/null
[ -s "$out" ] || { echo "gen-stub: the extension wrote no stub" >&2; exit 1; }
stub=stubs/cosocket.stub.php
if [ "${1:-}" = "--check" ]; then
    if ! diff -u "$stub" "$out"; then
        echo "gen-stub: $stub is stale: run scripts/gen-stub.sh and commit it" >&2
        exit 1
    fi
    echo "gen-stub: $stub is up to date"
else
    cp "$out" "$stub"
    echo "gen-stub: wrote $stub"
fi
