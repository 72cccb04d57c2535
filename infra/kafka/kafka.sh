#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft, combined broker+controller) from pinned Maven Central jars, so dev runs
# and integration tests need no Docker engine. Usage: kafka.sh {jars|up|down|status|logs [-f]}
#
# Environment:
#   TOCSIN_KAFKA_PORT             client listener port (default 9092)
#   TOCSIN_KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   TOCSIN_KAFKA_DIR              state dir: data/, logs/, cluster.id, server.properties, kafka.pid
#                                 (default <repo>/.cache/kafka)
#   TOCSIN_KAFKA_LIBS             jar dir, shared by all brokers (default <repo>/.cache/kafka/libs)
#   TOCSIN_KAFKA_HEAP             JVM heap flags (default "-Xmx512m -Xms512m")
#   TOCSIN_KAFKA_START_TIMEOUT    seconds to wait for readiness (default 120)
#   TOCSIN_KAFKA_STOP_TIMEOUT     seconds between SIGTERM and SIGKILL (default 30)
#   TOCSIN_KAFKA_SASL_USERS       dev/test only: "user:password[,user:password...]" makes the client listener
#                                 SASL_PLAINTEXT with mechanism PLAIN and these users (the first one is also the
#                                 broker's own identity); names and passwords: letters, digits, . _ -
#                                 Unset or empty: PLAINTEXT, no authentication (the default).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
POM="$HERE/pom.xml"
TEMPLATE="$HERE/server.properties"
SASL_OVERLAY="$HERE/server-sasl.properties"
LOG4J="$HERE/log4j.properties"

PORT="${TOCSIN_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${TOCSIN_KAFKA_CONTROLLER_PORT:-9093}"
KDIR="${TOCSIN_KAFKA_DIR:-$REPO/.cache/kafka}"
LIBS="${TOCSIN_KAFKA_LIBS:-$REPO/.cache/kafka/libs}"
HEAP="${TOCSIN_KAFKA_HEAP:--Xmx512m -Xms512m}"
START_TIMEOUT="${TOCSIN_KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${TOCSIN_KAFKA_STOP_TIMEOUT:-30}"
SASL_USERS="${TOCSIN_KAFKA_SASL_USERS:-}"

DATA="$KDIR/data"
LOGS="$KDIR/logs"
CFG="$KDIR/server.properties"
PIDFILE="$KDIR/kafka.pid"
CLUSTER_ID_FILE="$KDIR/cluster.id"
STAMP="$LIBS/.pom.sha256"

# The flags kafka-server-start.sh / kafka-run-class.sh (3.9) use, with a smaller heap.
# shellcheck disable=SC2206
JVM_OPTS=($HEAP -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true
  "-Dkafka.logs.dir=$LOGS" "-Dlog4j.configuration=file:$LOG4J")

say() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid in the pid file, if it is alive and really our broker (pids get recycled).
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid cmd
  pid="$(cat "$PIDFILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *kafka.Kafka*"$CFG"* ]] || return 1
  echo "$pid"
}

cmd_jars() {
  local want have=""
  want="$(sha256sum "$POM" | cut -d' ' -f1)"
  mkdir -p "$(dirname "$LIBS")"
  exec 8>"$LIBS.lock"
  flock 8
  [[ -f "$STAMP" ]] && have="$(cat "$STAMP")"
  if [[ "$have" == "$want" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    exec 8>&-
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Kafka jars from Maven Central)"
  local tmp t0
  tmp="$LIBS.tmp.$$"
  rm -rf "$tmp"
  t0="$(now)"
  say "resolving jars from $POM into $LIBS"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$tmp"; then
    rm -rf "$tmp"
    die "mvn could not resolve the Kafka jars (see the Maven output above)"
  fi
  echo "$want" >"$tmp/.pom.sha256"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  say "$(find "$LIBS" -name '*.jar' | wc -l) jars in $(elapsed "$t0")s"
  exec 8>&-
}

# TOCSIN_KAFKA_SASL_USERS → "name password" lines; dies on a malformed list. The restricted alphabet keeps the
# values safe inside the JAAS string, the sed replacement and the properties file without any quoting.
sasl_pairs() {
  local entry name pw
  local -a entries
  IFS=',' read -r -a entries <<<"$SASL_USERS"
  for entry in "${entries[@]}"; do
    [[ -z "${entry// /}" ]] && continue
    name="${entry%%:*}"
    pw="${entry#*:}"
    [[ "$entry" == *:* && "$name" =~ ^[A-Za-z0-9._-]+$ && "$pw" =~ ^[A-Za-z0-9._-]+$ ]] \
      || die "TOCSIN_KAFKA_SASL_USERS: expected user:password[,user:password...] (letters, digits, . _ -)"
    echo "$name $pw"
  done
}

jaas_config() {
  local name pw first=1 out="org.apache.kafka.common.security.plain.PlainLoginModule required"
  while read -r name pw; do
    if ((first)); then
      out+=" username=\"$name\" password=\"$pw\""
      first=0
    fi
    out+=" user_$name=\"$pw\""
  done < <(sasl_pairs)
  echo "$out;"
}

render_config() {
  mkdir -p "$DATA" "$LOGS"
  if [[ -z "$SASL_USERS" ]]; then
    sed -e "s#@KAFKA_PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@LOG_DIR@#$DATA#g" \
      "$TEMPLATE" >"$CFG.tmp"
  else
    local jaas
    jaas="$(jaas_config)" || exit 1
    install -m 600 /dev/null "$CFG.tmp" # it holds the test passwords: owner only
    # The base template minus the keys the overlay redefines, then the overlay.
    awk -F= 'NR == FNR { if ($0 !~ /^[[:space:]]*(#|$)/) over[$1] = 1; next }
             /^[[:space:]]*(#|$)/ || !($1 in over)' "$SASL_OVERLAY" "$TEMPLATE" \
      | cat - "$SASL_OVERLAY" \
      | sed -e "s#@KAFKA_PORT@#$PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@LOG_DIR@#$DATA#g" \
        -e "s#@JAAS@#$jaas#g" >"$CFG.tmp"
  fi
  mv "$CFG.tmp" "$CFG"
}

# The client settings (clients/security.py) the readiness probe needs for the broker rendered above, as an `env`
# command line in PROBE_ENV: the first SASL user, or explicitly none, whatever TOCSIN_KAFKA_SECURITY_PROTOCOL,
# _SASL_* or _SSL_* the caller exported.
probe_env() {
  PROBE_ENV=(env -u TOCSIN_KAFKA_SASL_MECHANISM -u TOCSIN_KAFKA_SASL_USERNAME -u TOCSIN_KAFKA_SASL_PASSWORD
    -u TOCSIN_KAFKA_SSL_CAFILE -u TOCSIN_KAFKA_SSL_CERTFILE -u TOCSIN_KAFKA_SSL_KEYFILE
    -u TOCSIN_KAFKA_SSL_KEY_PASSWORD -u TOCSIN_KAFKA_SSL_CHECK_HOSTNAME)
  if [[ -z "$SASL_USERS" ]]; then
    PROBE_ENV+=(TOCSIN_KAFKA_SECURITY_PROTOCOL=PLAINTEXT)
  else
    local name pw
    read -r name pw < <(sasl_pairs)
    PROBE_ENV+=(TOCSIN_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT TOCSIN_KAFKA_SASL_MECHANISM=PLAIN
      "TOCSIN_KAFKA_SASL_USERNAME=$name" "TOCSIN_KAFKA_SASL_PASSWORD=$pw")
  fi
}

cluster_id() {
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    # Same shape as StorageTool random-uuid (16 random bytes, URL-safe base64, 22 chars) without a JVM start;
    # a leading '-' would be read as an option, so draw again.
    local id="-"
    while [[ "$id" == -* ]]; do
      id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)"
    done
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  cat "$CLUSTER_ID_FILE"
}

python_bin() {
  if [[ -x "$REPO/.venv/bin/python" ]]; then echo "$REPO/.venv/bin/python"; else echo ""; fi
}

cmd_up() {
  local mode=""
  if [[ -n "$SASL_USERS" ]]; then
    # Validated here, in this shell: a die inside the process substitutions below would go unnoticed.
    local pairs
    pairs="$(sasl_pairs)" || exit 1
    [[ -n "$pairs" ]] || die "TOCSIN_KAFKA_SASL_USERS lists no user"
    mode=", SASL_PLAINTEXT/PLAIN"
  fi
  cmd_jars
  mkdir -p "$KDIR"
  exec 9>"$KDIR/.lock"
  flock 9
  local pid
  if pid="$(running_pid)"; then
    say "already running on 127.0.0.1:$PORT (pid $pid, dir $KDIR)"
    return 0
  fi
  rm -f "$PIDFILE"
  port_open "$PORT" && die "port $PORT is already in use by another process"
  port_open "$CONTROLLER_PORT" && die "controller port $CONTROLLER_PORT is already in use by another process"

  local t0
  t0="$(now)"
  render_config
  if [[ ! -f "$DATA/meta.properties" ]]; then
    java -cp "$LIBS/*" "-Dkafka.logs.dir=$LOGS" "-Dlog4j.configuration=file:$LOG4J" \
      kafka.tools.StorageTool format -t "$(cluster_id)" -c "$CFG" --ignore-formatted 9>&- >"$LOGS/format.out" 2>&1 \
      || { cat "$LOGS/format.out" >&2; die "storage format failed"; }
  fi

  # setsid: the broker outlives this shell and is not hit by the caller's Ctrl-C; 9>&- so it does not hold the lock.
  setsid java "${JVM_OPTS[@]}" -cp "$LIBS/*" kafka.Kafka "$CFG" </dev/null >"$LOGS/kafka.out" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PIDFILE"

  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      tail -n 30 "$LOGS/kafka.out" "$LOGS/server.log" >&2 2>/dev/null || true
      die "broker exited during startup (logs in $LOGS)"
    fi
    if ((SECONDS >= deadline)); then
      fail_start "$pid" "port $PORT not open after ${START_TIMEOUT}s"
    fi
    sleep 0.2
  done

  local py remaining=$((deadline - SECONDS))
  py="$(python_bin)"
  if [[ -n "$py" ]]; then
    ((remaining > 5)) || remaining=5
    probe_env
    "${PROBE_ENV[@]}" PYTHONPATH="$REPO/services${PYTHONPATH:+:$PYTHONPATH}" "$py" -m tocsin.devkafka wait \
      --bootstrap "127.0.0.1:$PORT" --timeout "$remaining" 9>&- \
      || fail_start "$pid" "metadata request did not succeed"
  else
    say "warning: no $REPO/.venv; readiness checked by open port only"
  fi
  say "up on 127.0.0.1:$PORT (pid $pid, dir $KDIR$mode) in $(elapsed "$t0")s"
}

fail_start() {
  local pid="$1"
  shift
  tail -n 30 "$LOGS/server.log" >&2 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  die "$* (logs in $LOGS)"
}

cmd_down() {
  mkdir -p "$KDIR"
  exec 9>"$KDIR/.lock"
  flock 9
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PIDFILE"
    say "not running (dir $KDIR)"
    return 0
  fi
  local t0
  t0="$(now)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "no exit ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$PIDFILE"
  say "stopped pid $pid in $(elapsed "$t0")s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    say "running on 127.0.0.1:$PORT (pid $pid, dir $KDIR)"
  else
    say "not running (dir $KDIR)"
    return 3
  fi
}

cmd_logs() {
  [[ -f "$LOGS/server.log" ]] || die "no log yet at $LOGS/server.log"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n 100 -F "$LOGS/server.log"
  fi
  tail -n 100 "$LOGS/server.log"
}

case "${1:-}" in
  jars) cmd_jars ;;
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  *)
    echo "usage: $0 {jars|up|down|status|logs [-f]}" >&2
    exit 2
    ;;
esac
