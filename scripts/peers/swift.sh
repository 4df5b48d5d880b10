#!/usr/bin/env bash
# scripts/peers/swift.sh — a real OpenStack Swift 2.30 (Debian python3-swift) on 127.0.0.1: one
# memcached, one account/container/object server set on one-replica rings, and TWO proxies that
# share them (and memcached, so each sees the other's cached account/container info and tokens):
#   :8080  Keystone auth (authtoken + keystoneauth): the object-store URL of keystone.sh's catalog,
#          http://127.0.0.1:8080/v1/AUTH_<project_id>; roles admin, member, swiftoperator operate
#   :8081  tempauth, /auth/v1.0: test:tester/testing (.admin), test:tester3/testing3,
#          test2:tester2/testing2 (.admin), admin:admin/admin (.reseller_admin)
# Every verb is idempotent.
#
# usage: swift.sh install|setup|start|check|env|stop|status|clean|update-accounts
#   install  apt-get only what is missing (package scripts may not start services)
#   setup    configs, rings, device dir under $STRATO_PEERS_DIR/swift (no server needed)
#   start    memcached, account, container, object, both proxies (runs setup first when never done);
#            the Keystone proxy needs keystone.sh's service user swift/swiftpass at request time
#   check    curl smoke test on both proxies: token, PUT/GET/DELETE of an object
#   env      the STRATO_SWIFT_* variables as `export KEY=value` lines
#   stop     TERM the recorded PIDs in reverse start order, KILL after 10 s;  status: which run
#   clean    stop + wipe the state (and /etc/swift/swift.conf only when this script wrote it)
#   update-accounts  one container-updater sweep: the account listings' object counts and bytes
#            are refreshed only by it, and the daemon is not run (a sweep costs CPU for nothing)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=swift
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/swift
RUN=$BASE/run LOG=$BASE/log
ETC=$BASE/etc DEVS=$BASE/srv/node
ENV_FILE=$BASE/env.sh
# Fixed ports: keystone.sh's catalog names :8080, the tests name :8081 through `env`.
KS_PROXY_PORT=8080 TA_PROXY_PORT=8081
MEMCACHE_PORT=11211 OBJ_PORT=6200 CON_PORT=6201 ACC_PORT=6202
# Swift reads its hash prefix/suffix, policies and constraints from this path, whatever swift_dir says.
SWIFT_CONF=/etc/swift/swift.conf
KS_ENV=$PEERS_DIR/keystone/env.sh
KS_URL=$(env_get "$KS_ENV" STRATO_KEYSTONE_URL)
KS_URL=${KS_URL:-http://127.0.0.1:${STRATO_KEYSTONE_PORT:-5000}/v3}
KS_URL=${KS_URL%/}

# start order; stop goes the other way
SERVERS=(memcached account container object proxy-keystone proxy-tempauth)
declare -A PORT_OF=([memcached]=$MEMCACHE_PORT [account]=$ACC_PORT [container]=$CON_PORT
  [object]=$OBJ_PORT [proxy-keystone]=$KS_PROXY_PORT [proxy-tempauth]=$TA_PROXY_PORT)
# cmd NAME : the command line of server NAME. workers = 0 in every config: the server runs in the
# process we record (no forked workers to miss at stop); -v logs to stdout, i.e. $LOG/NAME.log
# (Swift's default, syslog on /dev/log, goes nowhere here).
cmd() {
  case $1 in
    memcached) CMD=(/usr/bin/memcached -l 127.0.0.1 -p "$MEMCACHE_PORT" -U 0 -u root -m 64) ;;
    proxy-*) CMD=(/usr/bin/swift-proxy-server "$ETC/$1.conf" -v) ;;
    *) CMD=("/usr/bin/swift-$1-server" "$ETC/$1-server.conf" -v) ;;
  esac
}

install() {
  apt_need swift swift-proxy swift-account swift-container swift-object python3-swiftclient \
    memcached python3-keystonemiddleware curl
}

# put FILE : stdin becomes FILE, rewritten only when it differs (its checksum tells start whether
# running servers still use the current config)
put() {
  cat > "$1.tmp"
  if cmp -s "$1.tmp" "$1"; then rm -f "$1.tmp"; else mv -f "$1.tmp" "$1"; fi
}

common_conf() { # PORT LOG_NAME
  cat <<CONF
# written by scripts/peers/swift.sh: a test rig, not a deployment
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
# 0: serve in the launched process itself (no fork), so the recorded PID is the whole server
workers = 0
user = root
swift_dir = $ETC
devices = $DEVS
mount_check = false
log_level = INFO
log_name = $2
recon_cache_path = $BASE/cache
CONF
}

backend_conf() { # NAME PORT [EXTRA_APP_LINES]
  common_conf "$2" "$1-server"
  cat <<CONF
[pipeline:main]
pipeline = healthcheck $1-server
[app:$1-server]
use = egg:swift#$1
${3:-}
[filter:healthcheck]
use = egg:swift#healthcheck
CONF
}

proxy_conf() { # PORT LOG_NAME AUTH_FILTERS AUTH_SECTIONS
  common_conf "$1" "$2"
  cat <<CONF
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit formpost $3 staticweb copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
allow_account_management = true
account_autocreate = true
$4
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHE_PORT
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:formpost]
use = egg:swift#formpost
[filter:staticweb]
use = egg:swift#staticweb
[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true
[filter:symlink]
use = egg:swift#symlink
CONF
}

KEYSTONE_AUTH="[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = $KS_URL
auth_url = ${KS_URL%/v3}
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = swift
password = swiftpass
# anonymous requests (public containers, temp URLs, form posts) reach keystoneauth, which decides
delay_auth_decision = true
service_token_roles_required = true
# -1: no token cache, every request is validated by Keystone, so a token revoked there is refused
# at once (the re-authentication tests revoke one mid-upload; a cache would accept it for 300 s)
token_cache_time = -1
# Swift has no use for the catalog; validating without it is cheaper
include_service_catalog = false
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member, swiftoperator
reseller_admin_role = ResellerAdmin"

TEMPAUTH="[filter:tempauth]
use = egg:swift#tempauth
user_admin_admin = admin .admin .reseller_admin
user_test_tester = testing .admin
user_test_tester3 = testing3
user_test2_tester2 = testing2 .admin"

# make_rings : one-replica account/container/object rings with the single device d1, built once,
# in one python process (nine swift-ring-builder runs spend ~4 s importing swift)
make_rings() {
  [ -f "$ETC/account.ring.gz" ] && [ -f "$ETC/container.ring.gz" ] && [ -f "$ETC/object.ring.gz" ] && return 0
  $DEB_PY - "$ETC" "account=$ACC_PORT" "container=$CON_PORT" "object=$OBJ_PORT" <<'PY' >>"$LOG/setup.log" 2>&1 ||
import os, sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for arg in sys.argv[2:]:
    name, port = arg.split("=")
    if os.path.exists(os.path.join(etc, name + ".ring.gz")):
        continue
    b = RingBuilder(8, 1, 1)  # 2^8 partitions, 1 replica, 1 h between moves of a partition
    b.add_dev({"region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port), "device": "d1", "weight": 100})
    b.rebalance()
    b.save(os.path.join(etc, name + ".builder"))
    b.get_ring().save(os.path.join(etc, name + ".ring.gz"))
    print("swift: built ring %s (127.0.0.1:%s/d1)" % (name, port))
PY
    { tail -5 "$LOG/setup.log" >&2; die "building the rings failed, see $LOG/setup.log"; }
}

setup() {
  local t0
  t0=$(date +%s%N)
  if ! { [ -x /usr/bin/swift-proxy-server ] && [ -x /usr/bin/memcached ] && $DEB_PY -c 'import keystonemiddleware' 2>/dev/null; }; then
    die "swift, memcached or keystonemiddleware is not installed: run '$0 install' first"
  fi
  mkdir -p "$ETC" "$DEVS/d1" "$RUN" "$LOG" "$BASE/cache"
  # Debian's swift package ships a usable swift.conf (prefix/suffix "changeme"); write one only
  # when there is none, and remember that, so clean removes only what it wrote.
  if ! grep -q '^swift_hash_path_suffix' "$SWIFT_CONF" 2>/dev/null; then
    [ -e "$SWIFT_CONF" ] && die "$SWIFT_CONF has no swift_hash_path_suffix: fix or remove it"
    mkdir -p "$(dirname "$SWIFT_CONF")"
    printf '[swift-hash]\nswift_hash_path_suffix = changeme\nswift_hash_path_prefix = changeme\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n' > "$SWIFT_CONF"
    touch "$BASE/.wrote-swift-conf"
    echo "swift: wrote $SWIFT_CONF"
  fi
  backend_conf account "$ACC_PORT" | put "$ETC/account-server.conf"
  # (X-Versions-Location needs no allow_versions here: the proxy's versioned_writes handles it)
  { backend_conf container "$CON_PORT"; printf '[container-updater]\nconcurrency = 1\n'; } | put "$ETC/container-server.conf"
  backend_conf object "$OBJ_PORT" | put "$ETC/object-server.conf"
  proxy_conf "$KS_PROXY_PORT" proxy-keystone "authtoken keystoneauth" "$KEYSTONE_AUTH" | put "$ETC/proxy-keystone.conf"
  proxy_conf "$TA_PROXY_PORT" proxy-tempauth tempauth "$TEMPAUTH" | put "$ETC/proxy-tempauth.conf"
  make_rings
  write_env "$ENV_FILE" \
    "STRATO_SWIFT_TEMPAUTH_URL=http://127.0.0.1:$TA_PROXY_PORT/auth/v1.0" \
    STRATO_SWIFT_TEMPAUTH_USER=test:tester STRATO_SWIFT_TEMPAUTH_KEY=testing \
    "STRATO_SWIFT_TEMPAUTH_PROXY=http://127.0.0.1:$TA_PROXY_PORT" \
    "STRATO_SWIFT_KEYSTONE_PROXY=http://127.0.0.1:$KS_PROXY_PORT" \
    "STRATO_SWIFT_UPDATE_ACCOUNTS=bash $HERE/swift.sh update-accounts"
  touch "$BASE/.setup"
  echo "swift: set up in $BASE in $(elapsed_ms "$t0") ms (Keystone at $KS_URL)"
}

conf_sum() { cat "$ETC"/*.conf "$SWIFT_CONF" | md5sum | cut -c1-32; }

# await_port PORT SECONDS NAME : until 127.0.0.1:PORT accepts connections (memcached speaks no HTTP)
await_port() {
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    port_taken "$1" && return 0
    alive "$3" || { echo "swift: $3 exited during start" >&2; return 1; }
    sleep 0.05
  done
  echo "swift: nothing listens on 127.0.0.1:$1 after $2 s" >&2
  return 1
}

start() {
  local t0 s up=() down=()
  t0=$(date +%s%N)
  [ -f "$BASE/.setup" ] || setup
  for s in "${SERVERS[@]}"; do if alive "$s"; then up+=("$s"); else down+=("$s"); fi; done
  # Servers read their config once: a config rewritten by setup since they started is not in use.
  if [ ${#up[@]} -gt 0 ] && [ "$(cat "$RUN/conf.sum" 2>/dev/null)" != "$(conf_sum)" ]; then
    die "${up[*]} run with an older configuration; run '$0 stop' first"
  fi
  if [ ${#down[@]} -eq 0 ]; then
    echo "swift: already running on :$KS_PROXY_PORT (keystone) and :$TA_PROXY_PORT (tempauth)"
    return 0
  fi
  for s in "${down[@]}"; do
    if port_taken "${PORT_OF[$s]}"; then die "127.0.0.1:${PORT_OF[$s]} (for $s) is taken by a process this script did not start"; fi
  done
  conf_sum > "$RUN/conf.sum"
  # all at once: each swift server spends ~1.5 s of CPU importing and loading its app (twice),
  # so they start together (~4 s on 2 CPUs instead of ~8 s one after the other)
  for s in "${down[@]}"; do cmd "$s"; launch "$s" "${CMD[@]}"; done
  for s in "${down[@]}"; do
    if [ "$s" = memcached ]; then await_port "$MEMCACHE_PORT" 30 memcached
    else await_http "http://127.0.0.1:${PORT_OF[$s]}/healthcheck" 60 "$s"; fi || {
      tail -20 "$LOG/$s.log" >&2
      stop >/dev/null
      die "$s did not start, see $LOG/$s.log"
    }
  done
  echo "swift: up on :$KS_PROXY_PORT (keystone) and :$TA_PROXY_PORT (tempauth) in $(elapsed_ms "$t0") ms"
}

# status_of CURL_ARGS... : the HTTP status, 000 when there was no answer (never fails: the
# callers turn a bad status into a clear message, where set -e would just exit)
status_of() { curl -s -m 10 -o /dev/null -w '%{http_code}' "$@" || true; }

# smoke TOKEN STORAGE_URL WHAT : container PUT, object PUT/GET/DELETE, container DELETE
smoke() {
  local tok=$1 url=$2 what=$3 c obj body got code
  c="strato-check-$$-$RANDOM" obj="hello.txt" body="hello from swift.sh check ($what)"
  code=$(status_of -X PUT -H "X-Auth-Token: $tok" "$url/$c")
  [[ $code == 20[12] ]] || die "check ($what): PUT container $url/$c -> $code"
  code=$(status_of -X PUT -H "X-Auth-Token: $tok" --data-binary "$body" "$url/$c/$obj")
  [ "$code" = 201 ] || die "check ($what): PUT object $url/$c/$obj -> $code"
  got=$(curl -s -m 10 -H "X-Auth-Token: $tok" "$url/$c/$obj" || true)
  [ "$got" = "$body" ] || die "check ($what): GET $url/$c/$obj returned '$got', expected '$body'"
  code=$(status_of -X DELETE -H "X-Auth-Token: $tok" "$url/$c/$obj")
  [ "$code" = 204 ] || die "check ($what): DELETE object $url/$c/$obj -> $code"
  code=$(status_of -X DELETE -H "X-Auth-Token: $tok" "$url/$c")
  [ "$code" = 204 ] || die "check ($what): DELETE container $url/$c -> $code"
}

check() {
  local t0 s tok url code user pw project
  t0=$(date +%s%N)
  for s in "${SERVERS[@]}"; do alive "$s" || die "$s is not running (start it with '$0 start')"; done
  tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT  # global: die exits from anywhere

  # tempauth (:8081): token and storage URL from /auth/v1.0
  code=$(status_of -D "$tmp/h" -H 'X-Auth-User: test:tester' -H 'X-Auth-Key: testing' "http://127.0.0.1:$TA_PROXY_PORT/auth/v1.0")
  [[ $code == 20? ]] || die "check (tempauth): GET /auth/v1.0 as test:tester -> $code"
  tok=$(tr -d '\r' < "$tmp/h" | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}')
  url=$(tr -d '\r' < "$tmp/h" | awk -F': ' 'tolower($1)=="x-storage-url"{print $2}')
  if [ -z "$tok" ] || [ "$url" != "http://127.0.0.1:$TA_PROXY_PORT/v1/AUTH_test" ]; then
    die "check (tempauth): /auth/v1.0 gave token '${tok:0:8}...', storage URL '$url'"
  fi
  smoke "$tok" "$url" tempauth

  # keystone (:8080): a demo token scoped to project demo, the storage URL from its catalog
  [ -s "$KS_ENV" ] || die "check (keystone): no $KS_ENV: run keystone.sh setup/start first"
  user=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_USERNAME) pw=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_PASSWORD)
  project=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_PROJECT)
  code=$($DEB_PY -c 'import json, sys; u, p, s = sys.argv[1:]; print(json.dumps({"auth": {
      "identity": {"methods": ["password"], "password": {"user": {"name": u, "domain": {"id": "default"}, "password": p}}},
      "scope": {"project": {"name": s, "domain": {"id": "default"}}}}}))' "$user" "$pw" "$project" |
    { curl -s -m 10 -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @- "$KS_URL/auth/tokens" || true; })
  [ "$code" = 201 ] || die "check (keystone): $user login at $KS_URL -> $code (is keystone running?)"
  tok=$(tr -d '\r' < "$tmp/h" | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
  url=$($DEB_PY -c 'import json, sys
t = json.load(open(sys.argv[1]))["token"]
print(next((e["url"] for s in t.get("catalog", []) if s["type"] == "object-store"
            for e in s["endpoints"] if e["interface"] == "public"), ""))' "$tmp/b")
  [[ $url == "http://127.0.0.1:$KS_PROXY_PORT/v1/AUTH_"* ]] || die "check (keystone): catalog object-store URL is '$url'"
  code=$(status_of -H 'X-Auth-Token: not-a-token' "$url")
  [ "$code" = 401 ] || die "check (keystone): a bogus token on $url -> $code, expected 401"
  smoke "$tok" "$url" keystone
  echo "swift: ok: tempauth on :$TA_PROXY_PORT, keystone ($user) on :$KS_PROXY_PORT, object PUT/GET/DELETE on both ($(elapsed_ms "$t0") ms)"
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

stop() {
  local i s any=0
  for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do
    s=${SERVERS[i]}
    if alive "$s"; then any=1; PEER="swift $s" halt "$s"; else rm -f "$RUN/$s.pid" "$RUN/$s.cmd"; fi
  done
  rm -f "$RUN/conf.sum"
  [ $any = 1 ] || echo "swift: not running"
}

status() {
  local s n=0
  for s in "${SERVERS[@]}"; do
    if alive "$s"; then n=$((n + 1)); echo "swift: $s running (pid $(cat "$RUN/$s.pid")) on 127.0.0.1:${PORT_OF[$s]}"; fi
  done
  [ $n = ${#SERVERS[@]} ] && return 0
  [ $n = 0 ] && { echo "swift: stopped"; return 3; }  # LSB: program is not running
  echo "swift: only $n of ${#SERVERS[@]} servers run"
  return 1
}

update-accounts() {
  local out
  if ! alive account || ! alive container; then die "account/container servers are not running (start them with '$0 start')"; fi
  out=$(/usr/bin/swift-container-updater "$ETC/container-server.conf" once -v 2>&1) ||
    { printf '%s\n' "$out" >>"$LOG/container-updater.log"; die "container-updater failed, see $LOG/container-updater.log"; }
  printf '%s\n' "$out" >>"$LOG/container-updater.log"
  # it exits 0 even when an account server refused an update
  grep -q ', 0 failures' <<<"$out" || die "container-updater: $(grep -o 'sweep completed.*' <<<"$out" || echo "no sweep"), see $LOG/container-updater.log"
}

clean() {
  stop
  if [ -f "$BASE/.wrote-swift-conf" ]; then rm -f "$SWIFT_CONF"; echo "swift: removed $SWIFT_CONF"; fi
  rm -rf "$BASE"
  echo "swift: removed $BASE"
}

verb=${1:-}
case "$verb" in
  install|setup|start|check|stop|status|clean|update-accounts) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean|update-accounts" >&2; exit 2 ;;
esac
