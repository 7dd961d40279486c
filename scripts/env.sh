# Shared by the scripts: where things are. Source it, don't run it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PHP=${PHP:-php}
SO=${COSOCKET_SO:-$ROOT/target/release/libcosocket.so}
export COSOCKET_SO=$SO

build() {
    (cd "$ROOT" && cargo build --release --quiet)
}

run_tests_php() {
    local d
    for d in "$(php-config --extension-dir 2>/dev/null)/build" "$(php-config --prefix 2>/dev/null)/lib/php/build"; do
        if [ -f "$d/run-tests.php" ]; then echo "$d/run-tests.php"; return; fi
    done
    echo "run-tests.php not found: install php8.x-dev" >&2
    return 1
}
