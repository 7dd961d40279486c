#!/usr/bin/env bash
# Runs .phpt tests under valgrind (memcheck, USE_ZEND_ALLOC=0). Fails on a failing test
# and on any invalid read, write or free. Usage: scripts/valgrind.sh [phpt dirs/files...]
# (default: php-tests/runtime, socket, protocol, tls and proxy: a few minutes on 2 cores)
# PCRE's JIT is off: its SIMD reads past string ends are a known valgrind false positive.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
build
RUN_TESTS=$(run_tests_php)
if [ $# -gt 0 ]; then targets=("$@"); else targets=(php-tests/runtime php-tests/socket php-tests/protocol php-tests/tls php-tests/proxy); fi
echo "== phpt under valgrind: ${targets[*]}"
find "${targets[@]}" -name '*.mem' -delete 2>/dev/null || true
out=$(TEST_PHP_EXECUTABLE=$(command -v "$PHP") NO_INTERACTION=1 USE_ZEND_ALLOC=0 \
    "$PHP" "$RUN_TESTS" -m -q -j2 --no-color --show-diff -d pcre.jit=0 -d "extension=$SO" "${targets[@]}" 2>&1) || true
echo "$out" | grep -E "^(FAIL|BORK|LEAK)|^[0-9]{3}[+-] " || true
p=$(echo "$out" | sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p')
f=$(echo "$out" | sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p')
l=$(echo "$out" | sed -n 's/^Tests leaked *: *\([0-9]*\).*/\1/p')
b=$(echo "$out" | grep -c "^BORK" || true)
if [ -z "$p" ]; then echo "$out" | tail -20; fi
failed=$(( ${f:-0} + ${l:-0} + b ))
for mem in $(find "${targets[@]}" -name '*.mem' 2>/dev/null); do
    if grep -qE "Invalid (read|write|free)|uninitialised|Jump to the invalid" "$mem"; then
        echo "memory error in $mem:"; grep -E -A8 "Invalid|uninitialised" "$mem" | head -40
        failed=$((failed + 1))
    fi
done
echo "valgrind: ${p:-0} passed, $failed failed"
[ -n "$p" ] && [ "$failed" -eq 0 ]
