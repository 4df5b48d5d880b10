#!/usr/bin/env bash
# scripts/peers/all.sh — start|stop|status|check|clean every real server the integration suite needs.
# `start` runs install, setup and start for each peer in order, then check; it stops at the first
# peer that fails, exits non-zero and says which. The peers' `env` lines are gathered in
# $STRATO_PEERS_DIR/env.sh, which scripts/test-integration.sh sources before vitest.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS_DIR=${STRATO_PEERS_DIR:-/tmp/strato-peers}

# One line per peer, in start order (a peer that authenticates against Keystone comes after it).
# Each names scripts/peers/<peer>.sh, which takes install|setup|start|check|env|stop|status|clean.
PEERS=(
  keystone
  swift
  glance
  moto
  netconfd
  redis
)

peer() { bash "$HERE/$1.sh" "$2"; }

start() {
  local p v t0 all0 env_tmp
  all0=$(date +%s%N)
  mkdir -p "$PEERS_DIR"
  for p in "${PEERS[@]}"; do
    t0=$(date +%s%N)
    for v in install setup start check; do
      peer "$p" "$v" || { echo "all.sh: peer '$p' failed at '$v' (see $PEERS_DIR/$p/log/)" >&2; return 1; }
    done
    echo "all.sh: $p ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  done
  env_tmp=$(mktemp "$PEERS_DIR/env.sh.XXXXXX")
  for p in "${PEERS[@]}"; do
    peer "$p" env >> "$env_tmp" || { rm -f "$env_tmp"; echo "all.sh: peer '$p' has no env" >&2; return 1; }
  done
  chmod 600 "$env_tmp" && mv -f "$env_tmp" "$PEERS_DIR/env.sh"
  echo "all.sh: all peers up in $(( ($(date +%s%N) - all0) / 1000000 )) ms; variables in $PEERS_DIR/env.sh"
}

# stop in reverse order, so no peer loses a dependency while it still runs
stop() {
  local i rc=0
  for ((i = ${#PEERS[@]} - 1; i >= 0; i--)); do peer "${PEERS[i]}" stop || rc=1; done
  return $rc
}

# clean: stop and wipe every peer's state, so the next start begins from nothing
clean() {
  stop || true
  each clean || return 1
  rm -f "$PEERS_DIR/env.sh"
}

each() {
  local p rc=0
  for p in "${PEERS[@]}"; do peer "$p" "$1" || rc=1; done
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status | check) each "$1" ;;
  clean) clean ;;
  *) echo "usage: $0 start|stop|status|check|clean" >&2; exit 2 ;;
esac
