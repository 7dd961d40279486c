# Shared by the scripts: where things are, and the set-up every entry point does
# first. Source it, don't run it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PHP=${PHP:-php}
# The module under test: $COSOCKET_SO, else cargo's artifact (set by build()).
SO=${COSOCKET_SO:-}

# The PHP version whose Debian packages are installed: the installed PHP's, else the
# Debian release's own (8.2 on Debian 12, 8.4 on 13).
php_version() {
    if command -v php-config >/dev/null 2>&1; then
        php-config --version | cut -d. -f1,2
    elif grep -q '^VERSION_ID="13"' /etc/os-release 2>/dev/null; then
        echo 8.4
    else
        echo 8.2
    fi
}

# Installs the Debian packages that are missing (as root), or prints the exact
# apt-get line and stops (as anyone else). Extra packages may be named as arguments.
ensure_deps() {
    local need=()
    local v; v=$(php_version)
    command -v php >/dev/null 2>&1 || need+=("php$v-cli")
    command -v php-config >/dev/null 2>&1 || need+=("php$v-dev")
    ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || need+=(libclang-dev)
    command -v clang >/dev/null 2>&1 || need+=(clang)
    { dpkg -s libssl-dev && dpkg -s pkg-config; } >/dev/null 2>&1 || need+=(libssl-dev pkg-config)
    # valgrind.h is built in (fiber stacks are registered when running under valgrind).
    [ -f /usr/include/valgrind/valgrind.h ] || need+=(valgrind)
    local p
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
    done
    if [ ${#need[@]} -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "missing packages; install them with:" >&2
            echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
            exit 1
        fi
        echo "== installing ${need[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # The tests start their own daemons (mosquitto, danted, tinyproxy) on free ports:
        # keep the packages' services from starting. danted's default configuration
        # names an interface that may not exist, and a failed start fails the install.
        local policy=/usr/sbin/policy-rc.d made=""
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made=1
        fi
        local rc=0
        apt-get install -y -qq "${need[@]}" >/dev/null || rc=$?
        [ -z "$made" ] || rm -f "$policy"
        [ "$rc" -eq 0 ] || exit "$rc"
    fi
    if ! command -v cargo >/dev/null 2>&1; then
        echo "cargo not found: install Rust (https://rustup.rs), then run this again" >&2
        exit 1
    fi
}

# Where cargo puts its build output: target/ unless CARGO_TARGET_DIR (or cargo's
# configuration) says otherwise.
cargo_target_dir() {
    (cd "$ROOT" && cargo metadata --format-version 1 --no-deps) |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}

# Builds the module and checks that PHP loads it: a module that does not load would
# leave every script to fail later with "Call to undefined function Co\run()".
build() {
    ensure_deps
    (cd "$ROOT" && cargo build --release --quiet)
    if [ -z "$SO" ]; then
        SO="$(cargo_target_dir)/release/libcosocket.so"
    fi
    export COSOCKET_SO=$SO
    local out
    if ! out=$("$PHP" -n -d "extension=$SO" -r 'echo extension_loaded("cosocket") ? "ok" : "not loaded";' 2>&1) \
        || [ "$out" != ok ]; then
        echo "$out" >&2
        echo "PHP ($(command -v "$PHP")) could not load the module $SO" >&2
        exit 1
    fi
}

run_tests_php() {
    local d
    for d in "$(php-config --extension-dir 2>/dev/null)/build" "$(php-config --prefix 2>/dev/null)/lib/php/build"; do
        if [ -f "$d/run-tests.php" ]; then echo "$d/run-tests.php"; return; fi
    done
    echo "run-tests.php not found: install php8.x-dev" >&2
    return 1
}
