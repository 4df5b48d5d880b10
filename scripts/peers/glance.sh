#!/usr/bin/env bash
# scripts/peers/glance.sh — a real OpenStack Glance 25 (Debian python3-glance, Zed) on
# 127.0.0.1:9292, sqlite and two file stores (fs, the default, and fs2, so copy-image has
# somewhere to copy to), Keystone auth through keystonemiddleware (service user glance/
# glancepass from keystone.sh), import methods glance-direct, web-download (from 127.0.0.1, any port) and copy-image.
# Every verb is idempotent.
#
# usage: glance.sh install|setup|start|check|env|stop|status|clean
#   install  apt-get only what is missing (python3-glance alone: glance-api/glance-common would
#            run dbconfig/debconf logic, so this script writes the two entry points itself)
#   setup    config, paste pipeline, policy, db_sync under $STRATO_PEERS_DIR/glance
#   start    glance-api (runs setup first when never done); needs keystone.sh started
#   check    demo token from Keystone: create, upload, GET, download, delete of an image
#   env      the STRATO_GLANCE_* variables as `export KEY=value` lines
#   stop     TERM the recorded PID, KILL after 10 s;  status: running or not;  clean: stop + wipe
#   STRATO_GLANCE_AUTH=noauth runs it without Keystone (every request is admin, no token).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=glance
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/glance
RUN=$BASE/run LOG=$BASE/log ETC=$BASE/etc
ENV_FILE=$BASE/env.sh
# Fixed port: keystone.sh's catalog names :9292.
PORT=9292
URL=http://127.0.0.1:$PORT
AUTH=${STRATO_GLANCE_AUTH:-keystone}
case $AUTH in keystone | noauth) ;; *) die "STRATO_GLANCE_AUTH='$AUTH': keystone or noauth" ;; esac
KS_ENV=$PEERS_DIR/keystone/env.sh
KS_URL=$(env_get "$KS_ENV" STRATO_KEYSTONE_URL)
KS_URL=${KS_URL:-http://127.0.0.1:${STRATO_KEYSTONE_PORT:-5000}/v3}
KS_URL=${KS_URL%/}
KS_ROOT=${KS_URL%/v3}

install() { apt_need python3-glance python3-keystonemiddleware curl; }

put() { cat > "$1.tmp" && mv -f "$1.tmp" "$1"; }

write_conf() {
  local flavor=''
  [ "$AUTH" = keystone ] && flavor=keystone
  put "$ETC/glance-api.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $PORT
# one process, the one we record: no forked workers to miss at stop
workers = 0
use_stderr = true
enabled_backends = fs:file, fs2:file
enabled_import_methods = [glance-direct,web-download,copy-image]
# image data needs no size cap here beyond the disk's
image_size_cap = 10995116277760
[database]
connection = sqlite:///$BASE/glance.sqlite
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $BASE/images/
[fs2]
filesystem_store_datadir = $BASE/images2/
[os_glance_staging_store]
filesystem_store_datadir = $BASE/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $BASE/tasks/
# web-download from a server the tests start on 127.0.0.1 (loopback is refused unless listed)
[import_filtering_opts]
allowed_schemes = [http]
allowed_hosts = [127.0.0.1]
allowed_ports = []
[oslo_concurrency]
lock_path = $BASE/lock
[oslo_policy]
policy_file = $ETC/policy.yaml
[paste_deploy]
config_file = $ETC/glance-api-paste.ini
flavor = $flavor
[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_ROOT
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = glance
password = glancepass
memcached_servers =
# a revoked token must be refused at once, as the tests check
token_cache_time = -1
EOF
  put "$ETC/glance-api-paste.ini" <<'EOF'
[pipeline:glance-api]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation unauthenticated-context rootapp
[pipeline:glance-api-keystone]
pipeline = cors healthcheck http_proxy_to_wsgi versionnegotiation authtoken context rootapp
[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app
[app:apiversions]
paste.app_factory = glance.api.versions:create_resource
[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory
[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = /nonexistent/healthcheck_disable
[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory
[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory
[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = glance
oslo_config_program = glance-api
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory
EOF
  if [ "$AUTH" = noauth ]; then
    # noauth requests carry no roles: open the rules that have no "rule:default" fallback
    printf '"%s": ""\n' context_is_admin publicize_image copy_image tasks_api_access metadef_admin \
      stores_info_detail manage_image_cache | put "$ETC/policy.yaml"
  else
    printf '{}\n' | put "$ETC/policy.yaml"
  fi
}

setup() {
  local t0
  t0=$(date +%s%N)
  $DEB_PY -c 'import glance.cmd.api, keystonemiddleware' 2>/dev/null ||
    die "python3-glance or keystonemiddleware is not installed: run '$0 install' first"
  mkdir -p "$ETC" "$RUN" "$LOG" "$BASE/bin" "$BASE/images" "$BASE/images2" "$BASE/staging" "$BASE/tasks" "$BASE/lock"
  printf '#!%s\nimport sys\nfrom glance.cmd.api import main\nsys.exit(main())\n' "$DEB_PY" | put "$BASE/bin/glance-api"
  printf '#!%s\nimport sys\nfrom glance.cmd.manage import main\nsys.exit(main())\n' "$DEB_PY" | put "$BASE/bin/glance-manage"
  chmod +x "$BASE/bin/glance-api" "$BASE/bin/glance-manage"
  write_conf
  if [ ! -f "$BASE/.dbsynced" ]; then
    "$BASE/bin/glance-manage" --config-file "$ETC/glance-api.conf" db_sync >>"$LOG/setup.log" 2>&1 ||
      { tail -5 "$LOG/setup.log" >&2; die "glance-manage db_sync failed, see $LOG/setup.log"; }
    touch "$BASE/.dbsynced"
  fi
  write_env "$ENV_FILE" "STRATO_GLANCE_URL=$URL" "STRATO_GLANCE_AUTH=$AUTH" "STRATO_GLANCE_STORES=fs,fs2"
  echo "glance: set up in $BASE ($AUTH) in $(elapsed_ms "$t0") ms"
}

start() {
  local t0
  t0=$(date +%s%N)
  [ -f "$BASE/.dbsynced" ] || setup
  if alive glance-api; then
    [ "$(cat "$RUN/conf.sum" 2>/dev/null)" = "$(md5sum < "$ETC/glance-api.conf")" ] ||
      die "glance-api runs with an older configuration; run '$0 stop' first"
    echo "glance: already running on $URL"
    return 0
  fi
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by a process this script did not start"
  md5sum < "$ETC/glance-api.conf" > "$RUN/conf.sum"
  launch glance-api "$BASE/bin/glance-api" --config-file "$ETC/glance-api.conf"
  await_http "$URL/healthcheck" 90 glance-api || { tail -20 "$LOG/glance-api.log" >&2; stop >/dev/null; die "glance-api did not start, see $LOG/glance-api.log"; }
  echo "glance: up on $URL ($AUTH) in $(elapsed_ms "$t0") ms"
}

status_of() { curl -s -m 30 -o /dev/null -w '%{http_code}' "$@" || true; }

demo_token() {
  local user pw project
  [ -s "$KS_ENV" ] || die "check: no $KS_ENV: run keystone.sh setup/start first"
  user=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_USERNAME) pw=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_PASSWORD)
  project=$(env_get "$KS_ENV" STRATO_KEYSTONE_DEMO_PROJECT)
  $DEB_PY -c 'import json, sys; u, p, s = sys.argv[1:]; print(json.dumps({"auth": {
      "identity": {"methods": ["password"], "password": {"user": {"name": u, "domain": {"id": "default"}, "password": p}}},
      "scope": {"project": {"name": s, "domain": {"id": "default"}}}}}))' "$user" "$pw" "$project" |
    curl -s -m 10 -D - -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$KS_URL/auth/tokens" |
    tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
}

check() {
  local t0 tok id code sum got
  t0=$(date +%s%N)
  alive glance-api || die "glance-api is not running (start it with '$0 start')"
  tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
  H=()
  if [ "$AUTH" = keystone ]; then
    tok=$(demo_token)
    [ -n "$tok" ] || die "check: no demo token from $KS_URL (is keystone running?)"
    H=(-H "X-Auth-Token: $tok")
    code=$(status_of -H 'X-Auth-Token: not-a-token' "$URL/v2/images")
    [ "$code" = 401 ] || die "check: a bogus token -> $code, expected 401"
  fi
  id=$(curl -s -m 30 "${H[@]}" -H 'Content-Type: application/json' -X POST "$URL/v2/images" \
    -d '{"name":"strato-check","disk_format":"raw","container_format":"bare"}' |
    $DEB_PY -c 'import json,sys; print(json.load(sys.stdin).get("id", ""))') || true
  [ -n "$id" ] || die "check: POST /v2/images gave no image id"
  head -c 1048576 /dev/urandom > "$tmp/img"
  code=$(status_of "${H[@]}" -X PUT -H 'Content-Type: application/octet-stream' -T "$tmp/img" "$URL/v2/images/$id/file")
  [ "$code" = 204 ] || die "check: PUT file -> $code"
  sum=$(md5sum < "$tmp/img" | cut -c1-32)
  got=$(curl -s -m 30 "${H[@]}" "$URL/v2/images/$id" | $DEB_PY -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["checksum"])')
  [ "$got" = "active $sum" ] || die "check: image after upload is '$got', expected 'active $sum'"
  got=$(curl -s -m 30 "${H[@]}" "$URL/v2/images/$id/file" | md5sum | cut -c1-32)
  [ "$got" = "$sum" ] || die "check: downloaded md5 $got, expected $sum"
  code=$(status_of "${H[@]}" -X DELETE "$URL/v2/images/$id")
  [ "$code" = 204 ] || die "check: DELETE -> $code"
  echo "glance: ok: image create/upload/download/delete on $URL ($AUTH, $(elapsed_ms "$t0") ms)"
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

stop() {
  if alive glance-api; then halt glance-api; else rm -f "$RUN/glance-api.pid" "$RUN/glance-api.cmd"; echo "glance: not running"; fi
  rm -f "$RUN/conf.sum"
}

status() {
  if alive glance-api; then echo "glance: running (pid $(cat "$RUN/glance-api.pid")) on $URL"; else echo "glance: stopped"; return 3; fi
}

clean() { stop; rm -rf "$BASE"; echo "glance: removed $BASE"; }

verb=${1:-}
case "$verb" in
  install | setup | start | check | stop | status | clean) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
