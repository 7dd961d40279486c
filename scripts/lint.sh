#!/usr/bin/env bash
# The code gates CI holds, each failing the run: rustfmt, clippy (every target, with
# and without the PHP layer), rustdoc, all with warnings denied, and no import cycle
# between sibling modules (scripts/module-cycles.py). shim.c is compiled
# with -Wall -Wextra -Werror by every build (build.rs); the stub is generated from the
# declarations (scripts/gen-stub.sh --check, in .ci/run) and checked against
# Reflection by the phpt suite (php-tests/stub/reflection.phpt), on each PHP version.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
ensure_deps python3
for c in rustfmt clippy; do
    if ! cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1; then
        rustup component add "$c"
    fi
done
echo "== cargo fmt --check"
cargo fmt --check
(cd fuzz && cargo fmt --check)
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --all-targets --no-default-features -- -D warnings
echo "== cargo doc (warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --document-private-items
echo "== no import cycles between sibling modules"
python3 scripts/module-cycles.py
echo "lint: clean"
