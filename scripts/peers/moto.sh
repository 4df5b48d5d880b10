#!/usr/bin/env bash
# scripts/peers/moto.sh — moto 5.2.1 in server mode on 127.0.0.1: the AWS Auto Scaling Query API
# (and every other moto service) in one process, state in memory only. Every verb is idempotent.
#
# usage: moto.sh install|setup|start|check|env|stop|status|clean
#   install  moto[server]==5.2.1 (with flask, flask-cors, boto3) in the pyenv `python3` on PATH,
#            from PyPI, only when it is missing or another version
#   setup    state dir and env file under $STRATO_PEERS_DIR/moto (no server needed)
#   start    moto's server (what `moto_server` runs) on 127.0.0.1:${STRATO_MOTO_PORT:-5055}
#   check    waits (30 s at most) until a SigV4-signed DescribeAutoScalingGroups answers
#   env      the STRATO_MOTO_* variables as `export KEY=value` lines
#   stop     TERM the recorded PID and its process group, KILL after 10 s;  status: running or
#            not;  clean: stop + wipe
#
# Requests must be SigV4-signed: moto routes by the service in the Authorization header's
# credential scope (.../us-east-1/autoscaling/aws4_request); an unsigned POST is taken for S3.
# Any access key and secret are accepted (the signature is not verified); the env uses
# testing/testing in us-east-1.
# Reset: `curl -s -X POST "$STRATO_MOTO_URL/moto-api/reset"` answers 200 {"status": "ok"} and
# wipes every backend (groups, launch configurations, instances, ...): tests call it between files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=moto
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/moto
RUN=$BASE/run LOG=$BASE/log
ENV_FILE=$BASE/env.sh
PORT=${STRATO_MOTO_PORT:-5055}
if ! [[ $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then die "STRATO_MOTO_PORT='$PORT' is no TCP port"; fi
URL=http://127.0.0.1:$PORT
REGION=us-east-1
MOTO_VERSION=5.2.1

# The interpreter behind the pyenv `python3` shim: started through the shim, the server's command
# line would be pyenv's and not the one `alive` compares against.
real_py() {
  command -v python3 >/dev/null || die "no python3 on PATH"
  python3 -c 'import sys; print(sys.executable)'
}

have_moto() {
  "$1" - "$MOTO_VERSION" 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import boto3, flask, flask_cors, moto.server  # moto_server needs flask and flask-cors
sys.exit(version("moto") != sys.argv[1])
PY
}

install() {
  local py
  py=$(real_py)
  have_moto "$py" && return 0
  mkdir -p "$LOG"
  echo "moto: installing moto[server]==$MOTO_VERSION into $py (pip output in $LOG/install.log)"
  python3 -m pip install --disable-pip-version-check "moto[server]==$MOTO_VERSION" >>"$LOG/install.log" 2>&1 ||
    { tail -15 "$LOG/install.log" >&2; die "pip install moto[server]==$MOTO_VERSION failed, see $LOG/install.log"; }
  if command -v pyenv >/dev/null; then pyenv rehash || true; fi  # the moto_server shim
  have_moto "$py" || die "moto $MOTO_VERSION with flask, flask-cors and boto3 still not importable by $py"
}

setup() {
  mkdir -p "$RUN" "$LOG"
  write_env "$ENV_FILE" "STRATO_MOTO_URL=$URL" "STRATO_MOTO_REGION=$REGION" \
    "STRATO_MOTO_ACCESS_KEY=testing" "STRATO_MOTO_SECRET_KEY=testing"
  echo "moto: set up in $BASE"
}

start() {
  local t0 py cmd
  t0=$(date +%s%N)
  py=$(real_py)
  # `python -m moto.server` is what the moto_server entry point runs
  cmd=("$py" -m moto.server -H 127.0.0.1 -p "$PORT")
  if alive moto; then
    [ "$(cat "$RUN/moto.cmd")" = "$(printf '%s' "${cmd[*]}" | cut -c1-80)" ] ||
      die "a moto of this state dir runs with other options (pid $(cat "$RUN/moto.pid"): $(cat "$RUN/moto.cmd")); run '$0 stop' first"
    echo "moto: already running (pid $(cat "$RUN/moto.pid")) on $URL"
    return 0
  fi
  have_moto "$py" || die "moto $MOTO_VERSION is not installed in $py: run '$0 install' first"
  setup >/dev/null
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by a process this script did not start (set STRATO_MOTO_PORT)"
  launch moto "${cmd[@]}"
  await_http "$URL/moto-api/" 30 moto || { tail -20 "$LOG/moto.log" >&2; stop >/dev/null; die "moto did not start, see $LOG/moto.log"; }
  echo "moto: up on $URL (pid $(cat "$RUN/moto.pid")) in $(elapsed_ms "$t0") ms"
}

check() {
  alive moto || die "not running (start it with '$0 start')"
  "$(real_py)" - "$URL" "$REGION" "$(cat "$RUN/moto.pid")" <<'PY'
import os, sys, time
import boto3
from botocore.config import Config
url, region, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.monotonic()
client = boto3.client("autoscaling", endpoint_url=url, region_name=region,
                      aws_access_key_id="testing", aws_secret_access_key="testing",
                      config=Config(retries={"max_attempts": 1}, connect_timeout=2, read_timeout=10))
last = None
while time.monotonic() - t0 < 30:
    try:
        groups = client.describe_auto_scaling_groups()["AutoScalingGroups"]
        break
    except Exception as e:  # connection refused while it starts, or a moto error
        last = e
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("moto check: the server (pid %d) exited; see its log" % pid)
    time.sleep(0.1)
else:
    sys.exit("moto check: no answer to a signed DescribeAutoScalingGroups from %s within 30 s: %s" % (url, last))
print("moto: ok on %s: DescribeAutoScalingGroups (SigV4, %s) lists %d group(s) (%d ms)"
      % (url, region, len(groups), (time.monotonic() - t0) * 1000))
PY
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

# group_live PGID : some process of that process group is still there (zombies aside)
group_live() {
  local p
  for p in $(pgrep -g "$1" 2>/dev/null); do pid_live "$p" && return 0; done
  return 1
}

# launch ran the server under setsid, so it leads a process group of its own: TERM the group (the
# server and any child it forked), KILL what is left after 10 s.
stop() {
  local pid i
  if ! alive moto; then rm -f "$RUN/moto.pid" "$RUN/moto.cmd"; echo "moto: not running"; return 0; fi
  pid=$(cat "$RUN/moto.pid")
  if [ "$(awk '{print $5}' "/proc/$pid/stat" 2>/dev/null)" != "$pid" ]; then
    halt moto  # not a group leader (cannot happen with launch): the recorded PID alone
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do group_live "$pid" || break; sleep 0.1; done
  if group_live "$pid"; then
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "moto: pid $pid ignored TERM for 10 s, killed"
  else
    echo "moto: stopped (pid $pid)"
  fi
  rm -f "$RUN/moto.pid" "$RUN/moto.cmd"
}

status() {
  if alive moto; then echo "moto: running (pid $(cat "$RUN/moto.pid")) on $URL"; else echo "moto: stopped"; return 3; fi
}

clean() { stop; rm -rf "$BASE"; echo "moto: removed $BASE"; }

verb=${1:-}
case "$verb" in
  install | setup | start | check | stop | status | clean) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
