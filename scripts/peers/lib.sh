# scripts/peers/lib.sh — shared by the peer scripts (source it after setting NAME_DIR, RUN and LOG).
# Every server listens on 127.0.0.1 only; stop ends only the PID a script recorded.
PEERS_DIR=${STRATO_PEERS_DIR:-/tmp/strato-peers}
DEB_PY=/usr/bin/python3   # Debian's python packages live there, not in the pyenv python3 on PATH

# apt_need PKG... : installs the missing packages; package scripts may not start system services
apt_need() {
  local missing=() p rc=0 own_policy=0
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt-cache policy "${missing[0]}" 2>/dev/null | grep -q 'Candidate: [0-9]' || apt-get update -qq
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" || rc=$?
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

# alive NAME : the recorded PID runs, and is still the command we started (PIDs get reused)
alive() {
  local pid
  [ -f "$RUN/$1.pid" ] || return 1
  pid=$(cat "$RUN/$1.pid")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$(cat "$RUN/$1.cmd")"
}

# launch NAME CMD... : CMD in its own session, output to $LOG/NAME.log, PID recorded
launch() {
  local name=$1; shift
  alive "$name" && return 0
  mkdir -p "$RUN" "$LOG"
  printf '%s' "$1" > "$RUN/$name.cmd"
  setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
  echo $! > "$RUN/$name.pid"
}

# halt NAME : TERM the recorded PID, KILL it after 10 s
halt() {
  local pid i
  if alive "$1"; then
    pid=$(cat "$RUN/$1.pid")
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    echo "stopped $1 (pid $pid)"
  fi
  rm -f "$RUN/$1.pid" "$RUN/$1.cmd"
}

# await_http URL SECONDS : until URL answers with any status
await_http() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0
    sleep 0.1
  done
  echo "no answer from $1 after $2 s" >&2
  return 1
}

# port_taken PORT : something already listens on 127.0.0.1:PORT
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
