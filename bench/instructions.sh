#!/usr/bin/env bash
# Cost per operation of the hot paths, in what does not move on a noisy machine:
# user-space instructions (callgrind) and system calls (strace). Each figure is a run of
# a large N minus a run of a small N, divided by the difference, so start-up and
# teardown cancel out. Workloads are in bench/instructions.php.
# Usage: bash bench/instructions.sh [--swoole] [workload...]
#   default workloads: chan tcp tcp100 packet udp udp50 connect recvpacket sleepers
#   recvpacket also prints its ratio to recvall68 (the same bytes read with recvAll);
#   client (not in the default list) also runs packet and prints client/packet (Co\Client's
#   framed round trip against Co\Socket's);
#   sleepers prints memory system calls (mmap, munmap, mprotect, madvise, brk) per
#   coroutine, 99,999 live coroutines minus 19,999.
#   --swoole: the same scripts under Swoole ($SWOOLE_SO, default /opt/swoole/modules/swoole.so).
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
if [ "${1:-}" = --swoole ]; then
    shift
    EXT=(-d extension=sockets -d extension=curl -d "extension=${SWOOLE_SO:-/opt/swoole/modules/swoole.so}")
else
    build
    EXT=(-d "extension=$SO")
fi
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$PHP" -n "${EXT[@]}" bench/instructions.php "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
per_op() {   # workload small large
    local a b
    a=$(instructions "$1" "$2") b=$(instructions "$1" "$3")
    echo $(( (b - a) / ($3 - $2) ))
}
memory_syscalls() {
    strace -f -c -e trace=mmap,munmap,mprotect,madvise,brk -o /tmp/instructions.strace.$$ \
        "$PHP" -n -d memory_limit=-1 "${EXT[@]}" bench/instructions.php sleepers "$1" >/dev/null
    awk '$NF ~ /^(mmap|munmap|mprotect|madvise|brk)$/ { n += ($4 ~ /^[0-9]+$/ ? $4 : $3) } END { print n }' \
        /tmp/instructions.strace.$$
    rm -f /tmp/instructions.strace.$$
}
for w in ${@:-chan tcp tcp100 packet udp udp50 connect recvpacket sleepers}; do
    case $w in
    sleepers)
        command -v strace >/dev/null || { echo "strace is needed" >&2; exit 1; }
        a=$(memory_syscalls 19999) b=$(memory_syscalls 99999)
        awk -v a="$a" -v b="$b" 'BEGIN { printf "sleepers %.2f memory syscalls/coroutine\n", (b - a) / 80000 }'
        ;;
    client)
        c=$(per_op client 1000 3000) p=$(per_op packet 1000 3000)
        echo "client $c instructions/op"
        echo "packet $p instructions/op"
        awk -v c="$c" -v p="$p" 'BEGIN { printf "client/packet %.3f\n", c / p }'
        ;;
    recvpacket)
        p=$(per_op recvpacket 2000 6000) r=$(per_op recvall68 2000 6000)
        echo "recvpacket $p instructions/op"
        echo "recvall68 $r instructions/op"
        awk -v p="$p" -v r="$r" 'BEGIN { printf "recvpacket/recvall68 %.2f\n", p / r }'
        ;;
    *)
        echo "$w $(per_op "$w" 1000 3000) instructions/op"
        ;;
    esac
done
