#!/usr/bin/env bash
# Runs .phpt tests under valgrind (memcheck, USE_ZEND_ALLOC=0). Fails on a failing test,
# on any invalid read, write or free, and on a definitely lost block of ours.
# Usage: scripts/valgrind.sh [phpt dirs/files...]
# (default: php-tests/runtime, socket, protocol, tls, proxy, client and hooks: a few minutes on 2 cores)
# PCRE's JIT is off: its SIMD reads past string ends are a known valgrind false positive.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
build
RUN_TESTS=$(run_tests_php)
if [ $# -gt 0 ]; then targets=("$@"); else targets=(php-tests/runtime php-tests/socket php-tests/protocol php-tests/tls php-tests/proxy php-tests/client php-tests/hooks); fi
echo "== phpt under valgrind: ${targets[*]}"
# The valgrind logs run-tests leaves, one per test that logged anything.
mem_logs() {
    local t
    for t in "${targets[@]}"; do
        if [ -d "$t" ]; then find "$t" -name '*.mem'; elif [ -f "${t%.phpt}.mem" ]; then echo "${t%.phpt}.mem"; fi
    done
}
mem_logs | xargs -r rm -f
# run-tests' -m runs valgrind with -q and its default --leak-check=summary, which prints
# nothing: on its own it never reports a leak. Every definitely lost block is logged
# (for the PHP children the tests start too: -m traces children); those of ours fail
# the run, the others are PHP's own (what a fatal error's bailout strands, a script's
# reference cycle) or other programs' (the tests' peers), and are only counted.
# --fair-sched=yes: valgrind runs one thread at a time, and its default lock lets a
# thread that spins (a test's busy coroutine) starve the others (a DNS worker).
# The daemons the hook tests start (through setpriv, php-tests/include/servers.inc) and
# the openssl command (certificates, s_server) run natively: MariaDB under valgrind takes
# minutes to start, an RSA key half a minute, and their memory is not ours.
export VALGRIND_OPTS="--trace-children-skip=*/true,*/setpriv,*/openssl,*/mariadb-install-db,*/mysql_install_db,*/mariadbd,*/mysqld,*/redis-server --fair-sched=yes --leak-check=full --show-leak-kinds=definite --num-callers=60 --suppressions=$ROOT/scripts/valgrind.supp ${VALGRIND_OPTS:-}"
out=$(TEST_PHP_EXECUTABLE=$(command -v "$PHP") NO_INTERACTION=1 USE_ZEND_ALLOC=0 \
    "$PHP" "$RUN_TESTS" -m -q -j2 --no-color --show-diff -d pcre.jit=0 -d "extension=$SO" "${targets[@]}" 2>&1) || true
echo "$out" | grep -E "^(FAIL|BORK|LEAK&FAIL)|^[0-9]{3}[+-] " || true
p=$(echo "$out" | sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p')
f=$(echo "$out" | sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p')
l=$(echo "$out" | sed -n 's/^Tests leaked *: *\([0-9]*\).*/\1/p')
lf=$(echo "$out" | grep -c "^LEAK&FAIL" || true)
b=$(echo "$out" | grep -c "^BORK" || true)
if [ -z "$p" ]; then echo "$out" | tail -20; fi
failed=$(( ${f:-0} + b + lf ))
# A test with a .mem log is "leaked" for run-tests, not passed: whose leak it is
# decides below.
p=$(( ${p:-0} + ${l:-0} - lf ))

# A definitely lost block is ours when, going down its allocation stack past the
# allocators (PHP's object allocation too: whoever asked for the object decides),
# cosocket's code comes before PHP's executor: cosocket allocated it, or had PHP
# allocate it. A value a script made is PHP's: it leaks only if a bailout strands it
# (or through a reference of ours that leaked, which shows as a leak of ours).
ours_leaks() {
    awk '/definitely lost in loss record/ { rec = 1; decided = 0; start = NR; next }
         rec && /^==[0-9]+== *$/ { rec = 0; next }
         rec && !decided && / (at|by) 0x/ {
             if ($0 ~ /cosocket|ext_php_rs/ && $0 !~ /create_object|zend_object_alloc/) { print start; decided = 1 }
             else if ($0 ~ /execute_ex|zend_execute|zend_call_function|compile_file|php_request_shutdown/) { decided = 1 }
         }' "$1"
}
others=0
for mem in $(mem_logs); do
    if grep -qE "Invalid (read|write|free)|uninitialised|Jump to the invalid" "$mem"; then
        echo "memory error in $mem:"; grep -E -A8 "Invalid|uninitialised" "$mem" | head -40
        failed=$((failed + 1))
    fi
    ours=$(ours_leaks "$mem")
    all=$(grep -c "definitely lost in loss record" "$mem" || true)
    if [ -n "$ours" ]; then
        echo "leak of ours in $mem (its first records):"
        for line in $(echo "$ours" | head -3); do
            sed -n "${line},$((line + 30))p" "$mem" | sed '/^==[0-9]*== *$/q'
        done
        failed=$((failed + 1))
    fi
    others=$((others + all - $(echo -n "$ours" | grep -c '^' || true)))
done
echo "valgrind: $p passed, $failed failed ($others definitely lost blocks of PHP's own or of other programs, not counted: see the .mem files)"
[ "$p" -gt 0 ] && [ "$failed" -eq 0 ]
