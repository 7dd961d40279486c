#!/bin/bash
# Runs a command in a private network namespace (and mount namespace) with a peer started first:
#   unshare -nm bash netns.sh PORT HOSTS_FILE WWW_DIR PEER_LOG -- PEER_CMD... -- CMD...
# PORT: the peer is waited for on 127.0.0.1:PORT. HOSTS_FILE (or -) is bound on /etc/hosts, WWW_DIR (or -) on
# /var/www/tests/www: the consumers' tests use fixed ports, host names and paths.
set -e
port=$1 hosts=$2 www=$3 plog=$4; shift 4
[[ $1 == -- ]] && shift
peer=()
while [[ $1 != -- ]]; do peer+=("$1"); shift; done
shift
ip link set lo up
# A default route into lo, which drops packets for addresses not its own: a connect elsewhere times out as
# on a real network, where an empty namespace would fail it at once with ENETUNREACH.
ip route add default dev lo
[[ $hosts == - ]] || mount --bind "$hosts" /etc/hosts
if [[ $www != - ]]; then
  mkdir -p /var/www/tests 2>/dev/null || mount -t tmpfs tmpfs /var/www
  mkdir -p /var/www/tests/www && mount --bind "$www" /var/www/tests/www
fi
"${peer[@]}" >> "$plog" 2>&1 < /dev/null &
PEER=$!
for _ in $(seq 100); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  kill -0 $PEER 2> /dev/null || { echo "peer died: $(tail -3 "$plog")" >&2; break; }
  sleep 0.05
done
set +e
"$@"
rc=$?
kill $PEER 2> /dev/null
wait $PEER 2> /dev/null
exit $rc
