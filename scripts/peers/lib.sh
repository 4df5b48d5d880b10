# scripts/peers/lib.sh — helpers shared by the peer scripts; source it, then set PEER, RUN and LOG.
# Every peer listens on 127.0.0.1 only and keeps its state under $PEERS_DIR/<peer>; `stop` ends
# only the PID a script recorded itself, never a process found by name.
# shellcheck shell=bash disable=SC2034 # the variables below are read by the scripts that source this

PEERS_DIR=${STRATO_PEERS_DIR:-/tmp/strato-peers}
# Debian's python3-* packages live in /usr/lib/python3/dist-packages: the pyenv `python3` on PATH
# cannot import them.
DEB_PY=/usr/bin/python3

# die MESSAGE : a clear one-line reason on stderr, then exit 1
die() { echo "${PEER:-peer}: $*" >&2; exit 1; }

# apt_need PKG... : installs the packages that are missing, and only those. Package maintainer
# scripts may not start system services (policy-rc.d answers 101 "action forbidden"), so an
# install never leaves a second keystone/swift/redis running on the default ports.
apt_need() {
  local missing=() p rc=0 saved=''
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "${PEER:-peer}: installing ${missing[*]} (apt output in $LOG/install.log)"
  mkdir -p "$LOG"
  # A fresh machine may have empty package lists; refresh them only when apt knows no candidate.
  for p in "${missing[@]}"; do
    apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]' || { apt-get update -qq >>"$LOG/install.log" 2>&1; break; }
  done
  if [ -e /usr/sbin/policy-rc.d ] && ! cmp -s /usr/sbin/policy-rc.d <(printf '#!/bin/sh\nexit 101\n'); then
    saved=$(mktemp) && cp -p /usr/sbin/policy-rc.d "$saved"
  fi
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q \
    --no-install-recommends "${missing[@]}" >>"$LOG/install.log" 2>&1 || rc=$?
  if [ -n "$saved" ]; then cp -p "$saved" /usr/sbin/policy-rc.d && rm -f "$saved"
  else rm -f /usr/sbin/policy-rc.d; fi
  if [ $rc != 0 ]; then
    tail -15 "$LOG/install.log" >&2
    echo "${PEER:-peer}: apt-get install ${missing[*]} failed ($rc), see $LOG/install.log" >&2
  fi
  return $rc
}

# alive NAME : the PID recorded in $RUN/NAME.pid runs and is still the program we started
# (a PID can be reused by an unrelated process after a crash or a reboot).
alive() {
  local pid
  [ -f "$RUN/$1.pid" ] && [ -f "$RUN/$1.cmd" ] || return 1
  pid=$(cat "$RUN/$1.pid")
  [ -r "/proc/$pid/cmdline" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$(cat "$RUN/$1.cmd")"
}

# launch NAME CMD... : CMD in a session of its own (signals sent to the caller's process group
# do not reach it), output appended to $LOG/NAME.log, PID and a cmdline fingerprint recorded.
launch() {
  local name=$1; shift
  alive "$name" && return 0
  mkdir -p "$RUN" "$LOG"
  printf '%s' "$*" | cut -c1-80 > "$RUN/$name.cmd"
  setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
  echo $! > "$RUN/$name.pid"
}

# pid_live PID : PID exists and is no zombie. The peers are reparented to PID 1, which may reap
# them only seconds after they exit; kill -0 alone would count those seconds as still running.
pid_live() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# halt NAME [SECONDS] : TERM the recorded PID, KILL it when it is still there after SECONDS (10)
halt() {
  local name=$1 grace=${2:-10} pid i
  if alive "$name"; then
    pid=$(cat "$RUN/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do pid_live "$pid" || break; sleep 0.1; done
    if pid_live "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "${PEER:-peer}: $name (pid $pid) ignored TERM for ${grace} s, killed"
    else
      echo "${PEER:-peer}: stopped (pid $pid)"
    fi
  fi
  rm -f "$RUN/$name.pid" "$RUN/$name.cmd"
}

# await_http URL SECONDS [NAME] : until URL answers with any HTTP status; gives up early when
# the process NAME has died (its log says why)
await_http() {
  local url=$1 secs=$2 name=${3:-} i
  for ((i = 0; i < secs * 20; i++)); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url")" != 000 ] && return 0
    if [ -n "$name" ] && ! alive "$name"; then echo "${PEER:-peer}: $name exited during start" >&2; return 1; fi
    sleep 0.05
  done
  echo "${PEER:-peer}: no answer from $url after $secs s" >&2
  return 1
}

# port_taken PORT : something already accepts connections on 127.0.0.1:PORT
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# write_env FILE KEY=VALUE... : FILE holds one `export KEY='VALUE'` line per pair, replaced
# atomically so a reader never sees half a file
write_env() {
  local file=$1 kv tmp; shift
  tmp=$(mktemp "$file.XXXXXX")
  for kv in "$@"; do
    printf "export %s='%s'\n" "${kv%%=*}" "$(printf '%s' "${kv#*=}" | sed "s/'/'\\\\''/g")" >> "$tmp"
  done
  chmod 600 "$tmp" && mv -f "$tmp" "$file"
}

# env_get FILE KEY : the value of KEY in FILE written by write_env (empty when absent)
# shellcheck source=/dev/null
env_get() { if [ -f "$1" ]; then (. "$1" && printf '%s' "${!2:-}"); fi; }

# elapsed_ms T0_NS : milliseconds since T0_NS (from `date +%s%N`)
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
