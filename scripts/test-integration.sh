#!/usr/bin/env bash
# Starts the real servers, runs the integration suite (extra args go to vitest), stops what it started.
# A peer that cannot start is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/peers/all.sh start; then
  echo "integration: a real server could not be started" >&2
  bash scripts/peers/all.sh stop >/dev/null 2>&1
  exit 1
fi
. "${STRATO_PEERS_DIR:-/tmp/strato-peers}/env.sh"
node_modules/.bin/vitest run --project integration "$@"
rc=$?
bash scripts/peers/all.sh stop
exit $rc
