#!/usr/bin/env bash
# Builds and tests cosocket against PHP 8.4 from a Debian 12 machine (whose own PHP is
# 8.2): in a minimal Debian 13 root, made once with debootstrap from the mirror the
# machine's apt sources name and reused afterwards, with this tree and the Rust
# toolchain bind-mounted at the same paths. Inside, the CI run itself (.ci/run: demo,
# tests, valgrind, phpize build) runs with PHP 8.4, building into target/php84 so that
# the 8.2 build in target/ stays warm. Needs root (debootstrap, mounts, chroot).
# Usage: scripts/php-matrix.sh [phpt dirs or files...]   (given: only test.sh and
# valgrind.sh on those)
#        scripts/php-matrix.sh --run COMMAND...   (any command in the tree, on PHP 8.4)
# COSOCKET_PHP84_ROOT: where the Debian 13 root is (default /opt/trixie).
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHROOT=${COSOCKET_PHP84_ROOT:-/opt/trixie}
SUITE=trixie
# What the build needs; scripts/test.sh installs the test peers (php8.4-fpm, mosquitto...).
INCLUDE=php8.4-dev,php8.4-cli,clang,libclang-dev,libssl-dev,pkg-config,gcc,make,git,ca-certificates
CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}

if [ "$(id -u)" -ne 0 ]; then
    echo "php-matrix.sh needs root (debootstrap, mount, chroot): run it with sudo" >&2
    exit 1
fi

# Everything below runs in a mount namespace of its own: the bind mounts vanish with
# the process however it ends (even killed), and other processes never see them.
if [ -z "${COSOCKET_MATRIX_NS:-}" ]; then
    exec env COSOCKET_MATRIX_NS=1 unshare --mount --propagation private bash "$0" "$@"
fi

# The machine's Debian mirror, as its apt sources name it (the main archive, not the
# security one): deb822 files first, then one-line entries.
debian_mirror() {
    apt_uris | grep -v -e security -e '^cdrom:' | head -n 1 || true
}
apt_uris() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        if [ -f "$f" ]; then
            awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
        fi
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        if [ -f "$f" ]; then
            # deb [options] URI suite components
            awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } print $i }' "$f"
        fi
    done
}

make_root() {
    if [ -e "$CHROOT" ]; then
        echo "$CHROOT is there but has no PHP 8.4 (php8.4, php-config8.4): remove it, or set COSOCKET_PHP84_ROOT" >&2
        exit 1
    fi
    echo "== making the Debian 13 root in $CHROOT (about a minute)"
    if ! command -v debootstrap >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    local mirror
    mirror=$(debian_mirror)
    if [ -z "$mirror" ]; then
        echo "no Debian mirror found in /etc/apt/sources.list{,.d}" >&2
        exit 1
    fi
    # Built aside and moved in place when complete: a half-made root is never reused.
    local partial="$CHROOT.partial"
    rm -rf --one-file-system "$partial"
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$partial" "$mirror" >"$CHROOT.log" 2>&1; then
        tail -20 "$CHROOT.log"
        echo "debootstrap failed: see $CHROOT.log" >&2
        exit 1
    fi
    mv "$partial" "$CHROOT"
}

MOUNTS=()
cleanup() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -R -l "${MOUNTS[i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'echo "php-matrix.sh: line $LINENO failed (status $?)" >&2' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# bind SRC DST [ro]
bind() {
    mkdir -p "$2"
    mount --rbind "$1" "$2"
    MOUNTS+=("$2")
    if [ "${3:-}" = ro ]; then
        mount -o remount,bind,ro "$2"
    fi
}

start=$SECONDS
[ -x "$CHROOT/usr/bin/php8.4" ] && [ -x "$CHROOT/usr/bin/php-config8.4" ] || make_root
echo "== PHP $(chroot "$CHROOT" php8.4 -r 'echo PHP_VERSION;') in $CHROOT"

# Dante (the SOCKS5 server php-tests/proxy/002 starts) left Debian 13; its Debian 12
# package runs there. The root's apt may take from Debian 12 only what Debian 13 lacks
# (pinned low), so scripts/test.sh installs it as it does on the machine itself.
if [ ! -f "$CHROOT/etc/apt/sources.list.d/bookworm.list" ]; then
    echo "deb $(debian_mirror) bookworm main" >"$CHROOT/etc/apt/sources.list.d/bookworm.list"
    printf 'Package: *\nPin: release n=bookworm\nPin-Priority: 1\n' >"$CHROOT/etc/apt/preferences.d/bookworm"
fi

# The crates the build needs, fetched on this side: inside, the cargo home is read-only.
(cd "$ROOT" && cargo fetch --quiet)

# Name resolution as on the machine itself (the tests resolve localhost and its name).
cp -L /etc/resolv.conf /etc/hosts "$CHROOT/etc/"
mkdir -p "$CHROOT/proc"
mount -t proc proc "$CHROOT/proc"
MOUNTS+=("$CHROOT/proc")
bind /sys "$CHROOT/sys"
bind /dev "$CHROOT/dev"
bind "$ROOT" "$CHROOT$ROOT"
bind "$CARGO_HOME" "$CHROOT$CARGO_HOME" ro
bind "$RUSTUP_HOME" "$CHROOT$RUSTUP_HOME" ro

if [ "${1:-}" = --run ]; then
    shift
    run='"$@"'
elif [ $# -gt 0 ]; then
    run='bash scripts/test.sh "$@" && bash scripts/valgrind.sh "$@"'
else
    run='bash .ci/run'
fi
rc=0
chroot "$CHROOT" /usr/bin/env -i \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
    PATH="$CARGO_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    CARGO_HOME="$CARGO_HOME" RUSTUP_HOME="$RUSTUP_HOME" CARGO_NET_OFFLINE=true \
    CARGO_TARGET_DIR="$ROOT/target/php84" COSOCKET_MATRIX=php84 \
    bash -c "cd \"\$0\" && $run" "$ROOT" "$@" || rc=$?
echo "php-matrix: PHP 8.4 $([ $rc -eq 0 ] && echo passed || echo FAILED) in $(( (SECONDS - start) / 60 ))m$(( (SECONDS - start) % 60 ))s"
exit $rc
