#!/usr/bin/env bash
# scripts/peers/redis.sh — a private redis-server (Debian redis-server) on 127.0.0.1 for the
# RedisStore integration tests: its own config and dir under $STRATO_PEERS_DIR/redis, no
# persistence (no RDB, no AOF: the data is test data), no password. Every verb is idempotent.
#
# usage: redis.sh install|setup|start|check|env|stop|status|clean
#   install  apt-get redis-server (and redis-tools for redis-cli) only when missing; the package's
#            own service is not started (apt_need forbids maintainer scripts to start services)
#   setup    config, data dir and env file under $STRATO_PEERS_DIR/redis (no server needed)
#   start    redis-server --daemonize no in the background on 127.0.0.1:${STRATO_REDIS_PORT:-6390},
#            PID recorded (runs setup first)
#   check    waits (30 s at most) until PING answers PONG, then SET/GET/DEL of a scratch key
#   env      the STRATO_REDIS_URL variable as an `export KEY=value` line
#   stop     TERM the recorded PID, KILL after 10 s;  status: running or not;  clean: stop + wipe
#
# Tests share this one server: each test file uses its own key prefix and deletes its keys,
# so nobody needs FLUSHALL.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=redis
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/redis
RUN=$BASE/run LOG=$BASE/log ETC=$BASE/etc DATA=$BASE/data
ENV_FILE=$BASE/env.sh
PORT=${STRATO_REDIS_PORT:-6390}
if ! [[ $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then die "STRATO_REDIS_PORT='$PORT' is no TCP port"; fi
URL=redis://127.0.0.1:$PORT
SERVER=/usr/bin/redis-server
CLI=/usr/bin/redis-cli

install() {
  apt_need redis-server redis-tools
  [ -x "$SERVER" ] && [ -x "$CLI" ] || die "$SERVER or $CLI missing after install"
}

put() { cat > "$1.tmp" && mv -f "$1.tmp" "$1"; }

setup() {
  mkdir -p "$RUN" "$LOG" "$ETC" "$DATA"
  chmod 700 "$BASE"
  # `save ""` and `appendonly no`: nothing is written to disk, so a restart starts empty.
  # `daemonize no`: the PID that launch records is the server's own, which stop can end.
  # `set-proc-title no`: redis would rewrite its cmdline to "redis-server 127.0.0.1:PORT", and
  # `alive` (lib.sh) compares the cmdline with the command launch recorded.
  put "$ETC/redis.conf" <<EOF
bind 127.0.0.1
port $PORT
protected-mode yes
daemonize no
supervised no
set-proc-title no
dir $DATA
save ""
appendonly no
logfile ""
loglevel notice
databases 16
EOF
  write_env "$ENV_FILE" "STRATO_REDIS_URL=$URL"
  echo "redis: set up in $BASE"
}

cli() { "$CLI" -h 127.0.0.1 -p "$PORT" "$@"; }

start() {
  local t0 i
  t0=$(date +%s%N)
  [ -x "$SERVER" ] || die "redis-server is not installed: run '$0 install' first"
  setup >/dev/null
  if alive redis; then
    [ "$(cat "$RUN/conf.sum" 2>/dev/null)" = "$(md5sum < "$ETC/redis.conf")" ] ||
      die "redis-server runs with an older configuration (pid $(cat "$RUN/redis.pid")); run '$0 stop' first"
    echo "redis: already running (pid $(cat "$RUN/redis.pid")) on $URL"
    return 0
  fi
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by a process this script did not start (set STRATO_REDIS_PORT)"
  md5sum < "$ETC/redis.conf" > "$RUN/conf.sum"
  launch redis "$SERVER" "$ETC/redis.conf"
  for ((i = 0; i < 30 * 20; i++)); do
    [ "$(cli ping 2>/dev/null)" = PONG ] && break
    alive redis || { tail -20 "$LOG/redis.log" >&2; stop >/dev/null; die "redis-server exited during start, see $LOG/redis.log"; }
    sleep 0.05
  done
  [ "$(cli ping 2>/dev/null)" = PONG ] || { tail -20 "$LOG/redis.log" >&2; stop >/dev/null; die "no PONG from $URL after 30 s"; }
  echo "redis: up on $URL (pid $(cat "$RUN/redis.pid")) in $(elapsed_ms "$t0") ms"
}

check() {
  local t0 i key got
  t0=$(date +%s%N)
  alive redis || die "not running (start it with '$0 start')"
  for ((i = 0; i < 30 * 20; i++)); do
    [ "$(cli ping 2>/dev/null)" = PONG ] && break
    alive redis || die "check: redis-server (pid $(cat "$RUN/redis.pid")) exited; see $LOG/redis.log"
    sleep 0.05
  done
  [ "$(cli ping 2>/dev/null)" = PONG ] || die "check: no PONG from $URL within 30 s"
  key="strato-check:$$"
  [ "$(cli set "$key" ok PX 10000)" = OK ] || die "check: SET $key failed"
  got=$(cli get "$key")
  [ "$got" = ok ] || die "check: GET $key -> '$got', expected 'ok'"
  [ "$(cli del "$key")" = 1 ] || die "check: DEL $key did not delete it"
  echo "redis: ok on $URL: PING, SET/GET/DEL ($(cli info server | tr -d '\r' | awk -F: '$1=="redis_version"{print "redis " $2}'), $(elapsed_ms "$t0") ms)"
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

stop() {
  if alive redis; then halt redis; else rm -f "$RUN/redis.pid" "$RUN/redis.cmd"; echo "redis: not running"; fi
  rm -f "$RUN/conf.sum"
}

status() {
  if alive redis; then echo "redis: running (pid $(cat "$RUN/redis.pid")) on $URL"; else echo "redis: stopped"; return 3; fi
}

clean() { stop; rm -rf "$BASE"; echo "redis: removed $BASE"; }

verb=${1:-}
case "$verb" in
  install | setup | start | check | stop | status | clean) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
