#!/usr/bin/env bash
# Runs .phpt tests under valgrind (memcheck, USE_ZEND_ALLOC=0) and fails on any invalid
# read or write. Usage: scripts/valgrind.sh [phpt dirs...]
# (default: php-tests/runtime and php-tests/socket, about 4 minutes on 2 cores)
# PCRE's JIT is off: its SIMD reads past string ends are a known valgrind false positive.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
build
RUN_TESTS=$(run_tests_php)
if [ $# -gt 0 ]; then targets=("$@"); else targets=(php-tests/runtime php-tests/socket); fi
out=$(TEST_PHP_EXECUTABLE=$(command -v "$PHP") NO_INTERACTION=1 USE_ZEND_ALLOC=0 \
    "$PHP" "$RUN_TESTS" -m -q --no-color -d pcre.jit=0 -d "extension=$SO" "${targets[@]}" 2>&1) || true
echo "$out" | sed -n '/^Tests failed/,$p' | grep -vE "^(=|-)+$"
bad=0
for mem in $(find "${targets[@]}" -name '*.mem' 2>/dev/null); do
    if grep -qE "Invalid (read|write|free)|uninitialised|Jump to the invalid" "$mem"; then
        echo "memory error in $mem:"; grep -E -A8 "Invalid|uninitialised" "$mem" | head -40; bad=1
    fi
done
[ $bad -eq 0 ] && echo "valgrind: no invalid read or write"
exit $bad
