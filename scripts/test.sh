#!/usr/bin/env bash
# Builds cosocket and runs every test: the PHP-free core's cargo tests, then the .phpt
# suite twice, with the system php.ini and with -n (no ext-sockets, no php.ini).
# Usage: scripts/test.sh [phpt dirs or files...]   (default: php-tests/)
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# What the tests start as real peers, besides PHP itself (the proxies: microsocks and
# dante-server for SOCKS5, tinyproxy for HTTP CONNECT; MariaDB and redis for the hook
# tests' PDO, mysqli and phpredis clients, php-tests/include/servers.inc; each test
# starts its own on a free port, so the packages' own services need not run, and
# Debian's policy-rc.d may keep them from starting).
v=$(php_version)
ensure_deps "php$v-cgi" iproute2 "php$v-fpm" mosquitto curl openssl microsocks dante-server tinyproxy \
    mariadb-server redis-server "php$v-mysql" "php$v-redis"
build
echo "== cargo test (core, without PHP)"
log="$(cargo_target_dir)/cargo-test.log"
if ! cargo test --quiet --no-default-features >"$log" 2>&1; then
    cat "$log"; echo "cargo test failed"; exit 1
fi
grep -E "^test result" "$log"

RUN_TESTS=$(run_tests_php)
targets=("${@:-php-tests}")
passed=0 failed=0 skipped=0
for mode in "" "-n"; do
    echo "== phpt ${mode:-(with php.ini)}"
    out=$(TEST_PHP_EXECUTABLE=$(command -v "$PHP") NO_INTERACTION=1 \
        "$PHP" "$RUN_TESTS" $mode -q -j2 --no-color -d "extension=$SO" --show-diff "${targets[@]}" 2>&1) || true
    echo "$out" | grep -E "^(FAIL|SKIP|BORK|LEAK)|^[0-9]{3}[+-] |Tests (passed|failed|skipped)" || true
    p=$(echo "$out" | sed -n 's/^Tests passed *: *\([0-9]*\).*/\1/p')
    f=$(echo "$out" | sed -n 's/^Tests failed *: *\([0-9]*\).*/\1/p')
    s=$(echo "$out" | sed -n 's/^Tests skipped *: *\([0-9]*\).*/\1/p')
    b=$(echo "$out" | grep -c "^BORK" || true)
    passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0} + b)) skipped=$((skipped + ${s:-0}))
    if [ -z "$p" ]; then echo "$out" | tail -20; failed=$((failed + 1)); fi
done
echo
echo "phpt: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
