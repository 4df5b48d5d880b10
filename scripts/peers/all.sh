#!/usr/bin/env bash
# scripts/peers/all.sh — start|stop|status|check every real server the integration suite needs.
# Adding a peer is one word in PEERS. `start` installs and sets up what is missing, then checks;
# it fails (non-zero) when any peer cannot start. The peers' variables end up in $STRATO_PEERS_DIR/env.sh.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEERS_DIR=${STRATO_PEERS_DIR:-/tmp/strato-peers}
PEERS=(keystone)

run() { local peer=$1; shift; for verb in "$@"; do bash "$HERE/$peer.sh" "$verb" || return 1; done; }

case "${1:-}" in
  start)
    mkdir -p "$PEERS_DIR"
    : > "$PEERS_DIR/env.sh"
    for p in "${PEERS[@]}"; do
      t0=$(date +%s)
      if ! run "$p" install setup start check; then echo "peer $p failed to start" >&2; exit 1; fi
      bash "$HERE/$p.sh" env >> "$PEERS_DIR/env.sh"
      echo "peer $p ready in $(( $(date +%s) - t0 )) s"
    done ;;
  stop) for p in "${PEERS[@]}"; do bash "$HERE/$p.sh" stop; done ;;
  status|check) rc=0; for p in "${PEERS[@]}"; do bash "$HERE/$p.sh" "$1" || rc=1; done; exit $rc ;;
  *) echo "usage: $0 start|stop|status|check" >&2; exit 2 ;;
esac
