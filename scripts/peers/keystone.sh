#!/usr/bin/env bash
# scripts/peers/keystone.sh — a real Keystone (Debian python3-keystone) on 127.0.0.1 for the integration suite.
# usage: keystone.sh install|setup|start|check|env|stop|status|clean   (each verb is idempotent)
# Fixtures: admin/secret (project admin), demo/demo-secret (member of project demo), an application
# credential of demo, and catalog entries for object-store and image (nothing needs to listen there).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
BASE=$PEERS_DIR/keystone RUN=$PEERS_DIR/keystone/run LOG=$PEERS_DIR/keystone/log
PORT=${STRATO_KEYSTONE_PORT:-5000}
URL=http://127.0.0.1:$PORT/v3
CONF=$BASE/etc/keystone.conf

install() { apt_need python3-keystone uwsgi-core uwsgi-plugin-python3 curl; }

setup() {
  mkdir -p "$BASE/etc" "$RUN" "$LOG"
  # The in-process cache matters: without it one token validation costs ~0.8 s of SQL. One uwsgi
  # process keeps it coherent. bcrypt cost 4 keeps password logins at ~10 ms (test rig only).
  cat > "$CONF" <<CONF
[DEFAULT]
use_stderr = true
[database]
connection = sqlite:///$BASE/keystone.sqlite
[token]
provider = fernet
expiration = 86400
[fernet_tokens]
key_repository = $BASE/fernet-keys
[fernet_receipts]
key_repository = $BASE/fernet-keys
[credential]
key_repository = $BASE/credential-keys
[cache]
enabled = true
backend = dogpile.cache.memory
[identity]
password_hash_rounds = 4
CONF
  [ -f "$BASE/.bootstrapped" ] && return 0
  local km=(keystone-manage --config-file "$CONF")
  {
    "${km[@]}" db_sync
    # WAL: a reader left open by one uwsgi thread must not make writers fail with "database is locked".
    $DEB_PY -c "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA journal_mode=WAL')" "$BASE/keystone.sqlite"
    "${km[@]}" fernet_setup --keystone-user root --keystone-group root
    "${km[@]}" credential_setup --keystone-user root --keystone-group root
    "${km[@]}" bootstrap --bootstrap-password secret --bootstrap-region-id RegionOne \
      --bootstrap-admin-url "$URL/" --bootstrap-internal-url "$URL/" --bootstrap-public-url "$URL/"
  } >>"$LOG/setup.log" 2>&1 || { echo "keystone setup failed, see $LOG/setup.log" >&2; tail -20 "$LOG/setup.log" >&2; return 1; }
  touch "$BASE/.bootstrapped"
}

start() {
  [ -f "$BASE/.bootstrapped" ] || setup
  if ! alive keystone && port_taken "$PORT"; then echo "127.0.0.1:$PORT is taken by another process" >&2; return 1; fi
  # uwsgi's async HTTP router holds keep-alive connections; with --http11-socket each idle client
  # connection would pin one of the 4 worker threads for uwsgi's 4 s socket timeout, and concurrent
  # requests would queue behind them. --die-on-term makes TERM a clean stop.
  launch keystone /usr/bin/uwsgi --plugin python3,http --http "127.0.0.1:$PORT" --http-keepalive \
    --wsgi-file /usr/bin/keystone-wsgi-public --master --processes 1 --threads 4 \
    --die-on-term --need-app --buffer-size 65535 --env "OS_KEYSTONE_CONFIG_FILES=$CONF"
  await_http "$URL" 60 || { tail -20 "$LOG/keystone.log" >&2; return 1; }
  fixtures
  echo "keystone up on $URL"
}

# Users, roles, catalog entries and the application credential; stored in $BASE/env.sh.
fixtures() {
  $DEB_PY - "$URL" "$BASE/env.sh" <<'PY'
import json, os, sys, urllib.request, urllib.error
url, env_file = sys.argv[1:]

def call(method, path, token=None, body=None, want_header=None):
    req = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **({"X-Auth-Token": token} if token else {})})
    with urllib.request.urlopen(req) as r:
        data = json.loads(r.read() or b"{}")
        return (data, r.headers.get(want_header)) if want_header else data

def login(user, password, project):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": user, "domain": {"id": "default"}, "password": password}}},
                     "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}
    data, token = call("POST", "/auth/tokens", body=body, want_header="X-Subject-Token")
    return token, data["token"]

admin, _ = login("admin", "secret", "admin")
def ensure(coll, key, match, body):
    found = [x for x in call("GET", "/" + coll, admin)[coll] if all(x.get(k) == v for k, v in match.items())]
    return found[0] if found else call("POST", "/" + coll, admin, {key: body})[key]

project = ensure("projects", "project", {"name": "demo"}, {"name": "demo", "domain_id": "default"})
user = ensure("users", "user", {"name": "demo"}, {"name": "demo", "domain_id": "default", "password": "demo-secret"})
member = ensure("roles", "role", {"name": "member"}, {"name": "member"})
call("PUT", "/projects/%s/users/%s/roles/%s" % (project["id"], user["id"], member["id"]), admin)
for stype, name, endpoint in (("object-store", "swift", "http://127.0.0.1:8080/v1/AUTH_%(project_id)s"), ("image", "glance", "http://127.0.0.1:9292")):
    svc = ensure("services", "service", {"type": stype}, {"type": stype, "name": name})
    for iface in ("public", "internal", "admin"):
        ensure("endpoints", "endpoint", {"service_id": svc["id"], "interface": iface},
               {"service_id": svc["id"], "interface": iface, "url": endpoint, "region_id": "RegionOne"})

env = {}
if os.path.exists(env_file):
    for line in open(env_file):
        if line.startswith("export ") and "=" in line:
            k, v = line[7:].strip().split("=", 1)
            env[k] = v.strip("'")
demo_token, _ = login("demo", "demo-secret", "demo")
cred_ok = False
if env.get("STRATO_KEYSTONE_APPCRED_ID"):
    try:
        call("POST", "/auth/tokens", body={"auth": {"identity": {"methods": ["application_credential"], "application_credential":
             {"id": env["STRATO_KEYSTONE_APPCRED_ID"], "secret": env["STRATO_KEYSTONE_APPCRED_SECRET"]}}}})
        cred_ok = True
    except urllib.error.HTTPError:
        pass
if not cred_ok:
    creds = call("GET", "/users/%s/application_credentials?name=strato-ci" % user["id"], demo_token)["application_credentials"]
    for c in creds:
        call("DELETE", "/users/%s/application_credentials/%s" % (user["id"], c["id"]), demo_token)
    c = call("POST", "/users/%s/application_credentials" % user["id"], demo_token, {"application_credential": {"name": "strato-ci"}})["application_credential"]
    env["STRATO_KEYSTONE_APPCRED_ID"], env["STRATO_KEYSTONE_APPCRED_SECRET"] = c["id"], c["secret"]
env["STRATO_KEYSTONE_URL"] = url
with open(env_file, "w") as f:
    for k in sorted(env):
        f.write("export %s='%s'\n" % (k, env[k]))
print("fixtures ready: demo user, member role, catalog (identity, object-store, image), application credential")
PY
}

check() {
  curl -sf "$URL" >/dev/null || { echo "keystone does not answer on $URL" >&2; return 1; }
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "$URL/auth/tokens" -d '{"auth":{"identity":{"methods":["password"],
    "password":{"user":{"name":"demo","domain":{"id":"default"},"password":"demo-secret"}}},"scope":{"project":{"name":"demo","domain":{"id":"default"}}}}}')
  [ "$code" = 201 ] || { echo "keystone refused the demo login ($code)" >&2; return 1; }
  echo "keystone ok: demo login 201"
}

env() { cat "$BASE/env.sh"; }
stop() { halt keystone; }
status() { if alive keystone; then echo "keystone running (pid $(cat "$RUN/keystone.pid")) on $URL"; else echo "keystone stopped"; fi; }
clean() { stop; rm -rf "$BASE"; }

verb=${1:-}
case "$verb" in
  install|setup|start|check|env|stop|status|clean) "$verb" ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
