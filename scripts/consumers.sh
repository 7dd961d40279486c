#!/bin/bash
# Runs real consumers of the Swoole coroutine API (hyperf/engine, hyperf/coroutine, swoole/library, simps/mqtt,
# easyswoole/memcache) against
# an extension .so and prints a pass/fail line per suite. Optional: NOT part of scripts/test.sh or CI.
#
#   scripts/consumers.sh [SRC_DIR]          SRC_DIR: checkouts, one directory per package named owner+name
#                                           (default /work/consumers; cloned from GitHub if absent)
#   COSOCKET_SO=/path/to/x.so               default target/release/libcosocket.so; Swoole's swoole.so works too
#   SUITES="engine coroutine ..."           default: all (see the list below)
#   SHIM_HOOKS=1                            define the SWOOLE_HOOK_* constants where the .so lacks them
#   NO_HOOKS=1                              under Swoole: runtime hooks off (which failures are issue 20's)
#   VERBOSE=1                               print each suite's full PHPUnit output (else: in $LOGDIR)
#
# Suites (each test method runs in its own PHP process; logs in $LOGDIR/SUITE/N.log):
#   engine, engine-lib    hyperf/engine's tests (Barrier, Channel, Constant, Coroutine, Example, Extension,
#                         Signal, Socket) with its TCP packet example server (a Coroutine\Server) as peer, in a
#                         private network namespace; engine with swoole.enable_library=On (as hyperf runs),
#                         engine-lib with Off and swoole/library required the Composer way
#   coroutine, coroutine-lib   hyperf/coroutine's tests, inside Co\run like hyperf's co-phpunit, then its
#                         NonCoroutine group outside; On / Off+swoole/library as above
#   lib-coroutine, lib-fastcgi, lib-other   swoole/library's PHPUnit tests with enable_library=Off, the library
#                         loaded the Composer way (its "files" list in order, then PSR-4); lib-fastcgi against a
#                         php-fpm the script starts, named "php-fpm":9000 with the scripts in /var/www/tests/www
#                         as the tests expect (private network and mount namespace: needs root)
#   lib-server            the library's Coroutine\Server driven by scripts/consumers/ServerTest.php (the
#                         library has no unit test of it)
#   lib-database          the library's tests/unit/Database (PDOPool, RedisPool, PDOStatementProxy...) and
#                         ObjectProxyTest, enable_library=Off: PDO/mysqli/phpredis under the runtime hooks, against
#                         a private MariaDB and redis-server the script starts (php-tests/include/servers.inc;
#                         needs mariadb-server and redis-server) with the database and user of the library's
#                         docker-compose.yml; its PostgreSQL, Oracle (and without pdo_sqlite, SQLite) cases left out
#   mqtt                  simps/mqtt's PHPUnit tests (its MQTT 3.1.1 and 5.0 clients on Coroutine\Client), inside
#                         Co\run as its co-phpunit runs them, against a mosquitto the script starts on 127.0.0.1:1883
#                         in a private network namespace where the tests' broker names (broker.emqx.io,
#                         test.mosquitto.org) are 127.0.0.1; each test file in one process (its methods share a client)
#   memcache              easyswoole/memcache's PHPUnit tests (a memcached binary-protocol client on Coroutine\Client
#                         with length framing) inside Co\run, against a memcached the script starts on 127.0.0.1:11211
#                         in a private network namespace; the file in one process (testGet reads what testSet wrote)
# Tests that need hooks cosocket does not have (curl), servers it does not have (Swoole\Server, Http\Server,
# Process, Thread) or outside services (PostgreSQL, Oracle, httpbin, consul) are not run: the list is printed at
# the end.
# PHPUnit 9.6 (Debian) runs them through scripts/consumers/run-phpunit.php, which reads PHPUnit 10+ attributes.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SRC=${1:-/work/consumers}
SO=${COSOCKET_SO:-$ROOT/target/release/libcosocket.so}
SUITES=${SUITES:-engine engine-lib coroutine coroutine-lib lib-coroutine lib-fastcgi lib-server lib-other lib-database mqtt memcache}
LOGDIR=${LOGDIR:-$(mktemp -d /tmp/consumers.XXXXXX)}
DRIVER=$HERE/consumers/run-phpunit.php
[[ -f $SO ]] || { echo "no extension at $SO (build it, or set COSOCKET_SO)" >&2; exit 2; }
[[ -f /usr/share/php/PHPUnit/Autoload.php ]] || { echo "PHPUnit 9 missing: apt-get install -y phpunit php-mockery php-psr-container php-psr-log" >&2; exit 2; }
[[ -f /usr/share/php/Mockery/autoload.php ]] || { echo "Mockery missing: apt-get install -y php-mockery" >&2; exit 2; }

PKGS="hyperf/engine hyperf/engine-contract hyperf/coroutine hyperf/context hyperf/contract hyperf/support swoole/library simps/mqtt easy-swoole/memcache"
mkdir -p "$SRC"
# owner/name@tag: the version the root package's composer.json asks for, where the newest is not one (easyswoole/
# memcache requires easyswoole/spl ^1.1; 2.x dropped its SplEnum).
for p in $PKGS easy-swoole/spl@1.4.1; do
  ref=${p#*@}; [[ $ref == "$p" ]] && ref=""; p=${p%@*}
  d=$SRC/${p/\//+}
  [[ -f $d/composer.json ]] || git clone -q --depth 1 ${ref:+--branch "$ref"} "https://github.com/$p" "$d" ||
    { echo "cannot get $p into $d" >&2; exit 2; }
done

# vendor/autoload.php for each root package: the packages it needs, dependencies first.
# hyperf's: with swoole.enable_library=Off, as if swoole/library had been required too (first: no dependency).
shim() { # root dep...
  local root=$1 lib=""
  mkdir -p "$SRC/${root/\//+}/vendor"
  [[ $root == hyperf/* ]] && lib="if (!ini_get('swoole.enable_library')) consumers_autoload(['$SRC/swoole+library']);"
  printf "<?php\nrequire_once '%s/consumers/autoload.php';\n%s\nconsumers_autoload([%s]);\n" "$HERE" "$lib" \
    "$(for p in "${@:2}" "$root"; do printf "'%s', " "$SRC/${p/\//+}"; done)" > "$SRC/${root/\//+}/vendor/autoload.php"
}
shim hyperf/engine hyperf/engine-contract
shim hyperf/coroutine hyperf/engine-contract hyperf/engine hyperf/contract hyperf/context hyperf/support
shim swoole/library
shim simps/mqtt
shim easy-swoole/memcache easy-swoole/spl

PHPX=(php -d "extension=$SO" -d error_reporting=-1 -d display_errors=On -d memory_limit=512M)
[[ -n ${NO_HOOKS:-} ]] && export CONSUMERS_NO_HOOKS=1
[[ -n ${SHIM_HOOKS:-} ]] && PHPX+=(-d "auto_prepend_file=$HERE/consumers/hook-constants.php")
ENG=$SRC/hyperf+engine CO=$SRC/hyperf+coroutine LIB=$SRC/swoole+library

# Runs each test method of FILES in its own process (a fatal error or crash in one test, which ends a
# coroutine program, then costs that test only) and adds the results to the suite's totals.
declare -A T F E S
phpunit() { # suite cmd... -- files...
  local suite=$1 cmd=() files=() id file log n; shift
  # The files are the arguments after the last "--".
  local i last=0 args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do [[ ${args[i]} == -- ]] && last=$i; done
  cmd=("${args[@]:0:last}") files=("${args[@]:last+1}")
  mkdir -p "$LOGDIR/$suite"
  if ! "${cmd[@]}" --list -- "${files[@]}" > "$LOGDIR/$suite/list" 2> "$LOGDIR/$suite/list.err"; then
    echo "  [$suite] cannot load the tests: $(grep -m1 -E 'Fatal|Error' "$LOGDIR/$suite/list.err" | sed 's/^PHP //')"
    T[$suite]=$(( ${T[$suite]:-0} + 1 )) E[$suite]=$(( ${E[$suite]:-0} + 1 ))
    return
  fi
  while IFS=$'\t' read -r file id; do
    run_one "$suite" "$id" "${cmd[@]}" --only "$id" -- "$file"
  done < "$LOGDIR/$suite/list"
}

# Runs each of FILES whole in one process (tests that share state across their methods, through
# @depends or a static client) and adds the results to the suite's totals.
phpunit_files() { # suite cmd... -- files...
  local suite=$1 cmd=() files=() f; shift
  local i last=0 args=("$@")
  for ((i = 0; i < ${#args[@]}; i++)); do [[ ${args[i]} == -- ]] && last=$i; done
  cmd=("${args[@]:0:last}") files=("${args[@]:last+1}")
  mkdir -p "$LOGDIR/$suite"
  for f in "${files[@]}"; do run_one "$suite" "$(basename "$f" .php)" "${cmd[@]}" -- "$f"; done
}

run_one() { # suite id cmd...
  local suite=$1 id=$2 log n; shift 2
  n=$(ls "$LOGDIR/$suite" | grep -c '\.log$'); log=$LOGDIR/$suite/$((n + 1)).log
  echo "== $id" > "$log"
  timeout -k 5 120 "$@" >> "$log" 2>&1 < /dev/null
  local rc=$?
  [[ -n ${VERBOSE:-} ]] && cat "$log"
  # PHPUnit 9 closing line: "OK (N tests, ...)" or "Tests: N, Assertions: N, Errors: N, Failures: N, ...".
  local line t=0 f=0 e=0 s=0
  line=$(grep -E '^(OK \(|Tests: )' "$log" | tail -1)
  if [[ $line =~ ^OK\ \(([0-9]+)\ test ]]; then t=${BASH_REMATCH[1]}
  elif [[ -n $line ]]; then
    [[ $line =~ Tests:\ ([0-9]+) ]] && t=${BASH_REMATCH[1]}
    [[ $line =~ Errors:\ ([0-9]+) ]] && e=${BASH_REMATCH[1]}
    [[ $line =~ Failures:\ ([0-9]+) ]] && f=${BASH_REMATCH[1]}
    [[ $line =~ Skipped:\ ([0-9]+) ]] && s=$((s + BASH_REMATCH[1]))
    [[ $line =~ Incomplete:\ ([0-9]+) ]] && s=$((s + BASH_REMATCH[1]))
    [[ $line =~ Risky:\ ([0-9]+) ]] && true
  else
    t=1 e=1 # died before PHPUnit's summary: fatal error, crash or timeout
    line="died (exit $rc): $(grep -m1 -E 'Fatal error|Segmentation|core dumped|Uncaught' "$log" | sed 's/^PHP //' || true)"
  fi
  if [[ $((f + e)) -gt 0 ]]; then
    echo "  [$suite] FAIL $id: ${line:0:300}"
    grep -m1 -A1 -E '^1\) ' "$log" | tail -1 | sed 's/^/           /' | cut -c1-300
  fi
  T[$suite]=$(( ${T[$suite]:-0} + t )); F[$suite]=$(( ${F[$suite]:-0} + f ))
  E[$suite]=$(( ${E[$suite]:-0} + e )); S[$suite]=$(( ${S[$suite]:-0} + s ))
}

engine() { # suite enable_library
  # The TCP packet server example (a Coroutine\Server on port 9502) is the peer of SocketTest, as in hyperf's
  # CI; the tests that need the HTTP/WebSocket example servers are left out.
  local files=() ini=(-d "swoole.enable_library=$2")
  for t in Barrier Channel Constant Coroutine Example Extension Signal Socket; do
    files+=("$ENG/tests/Cases/${t}Test.php")
  done
  cd "$ENG" && phpunit "$1" unshare -nm bash "$HERE/consumers/netns.sh" 9502 - - "$LOGDIR/$1-peer.log" \
    -- "${PHPX[@]}" "${ini[@]}" examples/tcp_packet_server.php \
    -- "${PHPX[@]}" "${ini[@]}" "$DRIVER" --bootstrap "$ENG/tests/bootstrap.php" -- "${files[@]}"
}
run_engine() { engine engine On; }
run_engine-lib() { engine engine-lib Off; }

coroutine() { # suite enable_library
  # As hyperf's CI does: co-phpunit (inside Co\run) without the NonCoroutine group, then that group outside.
  local run=("${PHPX[@]}" -d "swoole.enable_library=$2" "$DRIVER" --bootstrap "$HERE/consumers/hyperf-bootstrap.php")
  cd "$CO" && phpunit "$1" "${run[@]}" --in-coroutine --exclude-group NonCoroutine -- "$CO/tests"
  cd "$CO" && phpunit "$1" "${run[@]}" --group NonCoroutine -- "$CO/tests"
}
run_coroutine() { coroutine coroutine On; }
run_coroutine-lib() { coroutine coroutine-lib Off; }

lib() { # suite files...
  local suite=$1; shift
  cd "$LIB" && phpunit "$suite" "${PHPX[@]}" -d swoole.enable_library=Off "$DRIVER" --no-convert \
    --bootstrap "$LIB/tests/bootstrap.php" -- "$@"
}

run_lib-coroutine() {
  lib lib-coroutine "$LIB/tests/unit/Coroutine/BarrierTest.php" \
    "$LIB/tests/unit/Coroutine/FunctionTest.php" "$LIB/tests/unit/Coroutine/WaitGroupTest.php"
}

run_lib-other() {
  lib lib-other "$LIB/tests/unit/ArrayObjectTest.php" "$LIB/tests/unit/ConstantsTest.php" \
    "$LIB/tests/unit/FunctionTest.php" "$LIB/tests/unit/MultibyteStringObjectTest.php" \
    "$LIB/tests/unit/StringObjectTest.php"
}

run_lib-fastcgi() {
  local fpm
  fpm=$(ls /usr/sbin/php-fpm8.* 2>/dev/null | head -1)
  [[ -n $fpm ]] || { echo "  [lib-fastcgi] no php-fpm (apt-get install -y php8.2-fpm)"; E[lib-fastcgi]=1; T[lib-fastcgi]=0; return; }
  local dir=$LOGDIR/fpm
  mkdir -p "$dir/www"
  cp "$LIB"/tests/www/*.php "$dir/www/"
  chmod -R a+rX "$dir"
  printf '127.0.0.1 localhost\n127.0.0.1 php-fpm\n' > "$dir/hosts"
  cat > "$dir/php-fpm.conf" <<CONF
[global]
error_log = $dir/fpm.log
pid = $dir/fpm.pid
daemonize = no
[t]
listen = 127.0.0.1:9000
user = nobody
group = nogroup
pm = static
pm.max_children = 2
CONF
  local files=()
  for f in "$LIB"/tests/unit/FastCGI/*Test.php "$LIB"/tests/unit/FastCGI/Record/*Test.php; do files+=("$f"); done
  # In a private network and mount namespace: "php-fpm":9000 and /var/www/tests/www are the tests' fixed names.
  cd "$LIB" && phpunit lib-fastcgi unshare -nm bash "$HERE/consumers/netns.sh" 9000 "$dir/hosts" "$dir/www" \
    "$dir/fpm.out" -- "$fpm" -n -y "$dir/php-fpm.conf" -F -R \
    -- "${PHPX[@]}" -d swoole.enable_library=Off "$DRIVER" --no-convert --bootstrap "$LIB/tests/bootstrap.php" \
    -- "${files[@]}"
}

run_lib-server() {
  cd "$LIB" && phpunit lib-server "${PHPX[@]}" -d swoole.enable_library=Off "$DRIVER" \
    --no-convert --bootstrap "$LIB/tests/bootstrap.php" -- "$HERE/consumers/ServerTest.php"
}

run_mqtt() {
  local dir=$LOGDIR/mqtt-broker M=$SRC/simps+mqtt
  mkdir -p "$dir"
  printf '127.0.0.1 localhost\n127.0.0.1 broker.emqx.io\n127.0.0.1 test.mosquitto.org\n' > "$dir/hosts"
  printf 'listener 1883 127.0.0.1\nallow_anonymous true\n' > "$dir/mosquitto.conf"
  local files=()
  # Not the WebSocket tests (Coroutine\Http\Client) nor ClientTest::testGetClient (Swoole\Client): classes
  # cosocket does not have. V3\PacketTest::testPublish expects the PUBACK before the broker's PUBLISH of the
  # message to its own subscription, which EMQX sends in that order and mosquitto does not (under Swoole too).
  for f in "$M"/tests/Unit/*Test.php "$M"/tests/V3/PacketTest.php "$M"/tests/V5/PacketTest.php; do files+=("$f"); done
  cd "$M" && phpunit_files mqtt unshare -nm bash "$HERE/consumers/netns.sh" 1883 "$dir/hosts" - "$dir/mosquitto.out" \
    -- /usr/sbin/mosquitto -c "$dir/mosquitto.conf" \
    -- "${PHPX[@]}" "$DRIVER" --bootstrap "$M/tests/bootstrap.php" --in-coroutine --filter '/^(?!.*::testGetClient$)/' \
    -- "${files[@]}"
}

run_memcache() {
  local dir=$LOGDIR/memcached M=$SRC/easy-swoole+memcache
  command -v memcached > /dev/null || { echo "  [memcache] no memcached (apt-get install -y memcached)"; E[memcache]=1; T[memcache]=0; return; }
  mkdir -p "$dir"
  cd "$M" && phpunit_files memcache unshare -nm bash "$HERE/consumers/netns.sh" 11211 - - "$dir/memcached.out" \
    -- memcached -u nobody -l 127.0.0.1 -p 11211 -U 0 \
    -- "${PHPX[@]}" "$DRIVER" --bootstrap "$M/vendor/autoload.php" --in-coroutine -- "$M/tests/MemcacheTest.php"
}

run_lib-database() {
  # tests/unit/Database and ObjectProxyTest against a private MariaDB and redis-server for the run
  # (scripts/consumers/db-servers.php, through php-tests/include/servers.inc), their ports handed to the
  # library's bootstrap by scripts/consumers/db-bootstrap.php. No PostgreSQL or Oracle service (nor pdo_pgsql,
  # pdo_oci here): their tests and data-provider rows are left out, and SQLite's where pdo_sqlite is missing.
  local dir=$LOGDIR/db hold srv exclude='/Pgsql|Postgres|Oracle'
  php -r 'exit(extension_loaded("pdo_sqlite") ? 0 : 1);' || exclude+='|Sqlite'
  mkdir -p "$dir" && rm -f "$dir/env" "$dir/hold" && mkfifo "$dir/hold"
  # The servers live until the helper reads EOF on the fifo (the fd closed below, or this script gone).
  php "$HERE/consumers/db-servers.php" "$dir/env" < "$dir/hold" > "$dir/servers.log" 2>&1 &
  srv=$!
  exec {hold}> "$dir/hold"
  for _ in $(seq 600); do [[ -f $dir/env ]] && break; kill -0 $srv 2> /dev/null || break; sleep 0.1; done
  if [[ ! -f $dir/env ]]; then
    echo "  [lib-database] the servers did not start: $(tail -3 "$dir/servers.log")"
    T[lib-database]=$(( ${T[lib-database]:-0} + 1 )) E[lib-database]=$(( ${E[lib-database]:-0} + 1 ))
  else
    local files=("$LIB"/tests/unit/Database/*Test.php "$LIB/tests/unit/ObjectProxyTest.php")
    # $(cat env): its KEY=VALUE lines as words for env.
    cd "$LIB" && phpunit lib-database env $(cat "$dir/env") "${PHPX[@]}" -d swoole.enable_library=Off "$DRIVER" \
      --no-convert --bootstrap "$HERE/consumers/db-bootstrap.php" --exclude "$exclude/" -- "${files[@]}"
  fi
  exec {hold}>&-
  wait $srv
}

echo "extension: $SO   logs: $LOGDIR"
for s in $SUITES; do "run_$s"; done
total_bad=0
for s in $SUITES; do
  t=${T[$s]:-0} f=${F[$s]:-0} e=${E[$s]:-0} sk=${S[$s]:-0}
  bad=$((f + e)); total_bad=$((total_bad + bad))
  printf '%-14s %3d tests: %3d passed, %3d failed, %2d skipped\n' "$s" "$t" $((t - f - e - sk)) "$bad" "$sk"
done
cat <<'OUT'
Not run (need curl hooks, servers cosocket does not have, or outside services):
  hyperf/engine: ClientTest, HttpServerTest, HttpTest, Http2ClientTest, WebSocketTest (example HTTP/WebSocket/
    TCP servers on Swoole\Server and Coroutine\Http\Client)
  swoole/library: Coroutine/HttpFunctionTest, Coroutine/Http2/MultiplexClientTest, Curl/HandlerTest (httpbin,
    curl hooks), NameResolverTest (consul/nacos), Process/ProcessManagerTest (Swoole\Process), Thread/PoolTest
    (ZTS threads), RemoteObjectTest (Swoole\Server); in lib-database: PDOPoolTest::testPostgres/testOracle and
    ObjectProxyTest's pgsql/oracle rows (PostgreSQL/Oracle servers, pdo_pgsql/pdo_oci), and testSqlite and the
    sqlite rows where pdo_sqlite is not loaded (Debian: php8.2-sqlite3)
  simps/mqtt: V3/WebSocketTest, V5/WebSocketTest (Coroutine\Http\Client), ClientTest::testGetClient (Swoole\Client)
OUT
[[ $total_bad -eq 0 ]]
