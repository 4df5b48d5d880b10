#!/usr/bin/env bash
# scripts/peers/keystone.sh — a real Keystone 22 (Debian python3-keystone) under uwsgi on 127.0.0.1,
# with the fixtures test/integration/ needs. Every verb is idempotent.
#
# usage: keystone.sh install|setup|start|check|env|stop|status|clean
#   install  apt-get only what is missing (package scripts may not start services)
#   setup    config, db, fernet keys, bootstrap, then the fixtures below (server not needed)
#   start    uwsgi on 127.0.0.1:${STRATO_KEYSTONE_PORT:-5000} (runs setup first when never done)
#   check    demo password token, application-credential token and catalog against the live server
#   env      the fixtures as `export KEY=value` lines (also in $STRATO_PEERS_DIR/keystone/env.sh)
#   stop     TERM the recorded uwsgi master, KILL after 10 s;  status: running or not;  clean: stop + wipe
#
# Fixtures: admin/secret (project admin), demo/demo-secret (role member on project demo), swift/
# swiftpass and glance/glancepass (role admin on project service: the services' users), all in
# domain Default; an
# application credential of demo; catalog entries object-store (swift,
# http://127.0.0.1:8080/v1/AUTH_%(project_id)s) and image (glance, http://127.0.0.1:9292) in
# RegionOne, public/internal/admin. Nothing listens on 8080/9292 unless swift/glance peers run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=keystone
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/keystone
RUN=$BASE/run LOG=$BASE/log
CONF=$BASE/etc/keystone.conf
ENV_FILE=$BASE/env.sh
PORT=${STRATO_KEYSTONE_PORT:-5000}
if ! [[ $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then die "STRATO_KEYSTONE_PORT='$PORT' is no TCP port"; fi
URL=http://127.0.0.1:$PORT/v3
# Bump when the fixtures change: setup then re-runs them on an existing database.
FIXTURES_VERSION=4

install() { apt_need python3-keystone uwsgi-core uwsgi-plugin-python3 curl; }

write_conf() {
  mkdir -p "$BASE/etc" "$RUN" "$LOG"
  cat > "$CONF.tmp" <<CONF
# written by scripts/peers/keystone.sh: a test rig, not a deployment
[DEFAULT]
use_stderr = true
[database]
connection = sqlite:///$BASE/keystone.sqlite
[token]
provider = fernet
# long enough for any test run; tests force an expiry by revoking (DELETE /v3/auth/tokens)
expiration = 86400
[fernet_tokens]
key_repository = $BASE/fernet-keys
[fernet_receipts]
key_repository = $BASE/fernet-keys
[credential]
key_repository = $BASE/credential-keys
[cache]
# Without a cache one token validation runs hundreds of SQL queries (~0.8 s). The in-process
# memory backend is coherent because uwsgi runs exactly one worker process.
enabled = true
backend = dogpile.cache.memory
[identity]
# bcrypt cost 4 instead of 12: a password login takes ~10 ms instead of ~0.7 s (test rig only)
password_hash_rounds = 4
CONF
  mv -f "$CONF.tmp" "$CONF"
}

# provision : bootstrap (once) and the fixtures, in ONE python process: every keystone-manage run
# spends ~3 s importing keystone, so four of them plus the fixtures took ~19 s; this takes ~5 s.
# The fixtures go over HTTP when the server runs (so its in-process cache sees every change),
# else through the same WSGI app in-process (no port needed). Prints KEY=value lines on stdout;
# progress and keystone's own log go to stderr.
provision() {
  local mode=inprocess
  if [ ! -f "$BASE/.bootstrapped" ]; then
    alive keystone && die "a keystone runs on a database that was never bootstrapped: run '$0 clean'"
    mode=bootstrap
  elif alive keystone; then
    mode=http
  fi
  OS_KEYSTONE_CONFIG_FILES=$CONF $DEB_PY - "$mode" "$URL" "$CONF" "$BASE" \
    "$(env_get "$ENV_FILE" STRATO_KEYSTONE_APPCRED_ID)" "$(env_get "$ENV_FILE" STRATO_KEYSTONE_APPCRED_SECRET)" <<'PY'
import json, os, sqlite3, sys, urllib.error, urllib.request

mode, url, conf_path, base, cred_id, cred_secret = sys.argv[1:7]
sys.argv[1:] = []  # oslo.config parses sys.argv when keystone loads in-process

if mode == "bootstrap":
    print("keystone: bootstrapping " + base, file=sys.stderr)
    # WAL before the schema exists: a read transaction left open by one uwsgi thread no longer
    # makes another thread's write fail with "database is locked" (and db_sync runs faster).
    sqlite3.connect(os.path.join(base, "keystone.sqlite")).execute("PRAGMA journal_mode=WAL").close()
    from keystone import conf as ks_conf
    from keystone.cmd import cli

    def manage(*args):  # keystone-manage ARGS, in this process
        ks_conf.CONF.clear()
        cli.main(argv=["keystone-manage", "--config-file", conf_path, *args])

    manage("db_sync")
    manage("fernet_setup", "--keystone-user", "root", "--keystone-group", "root")
    manage("credential_setup", "--keystone-user", "root", "--keystone-group", "root")
    manage("bootstrap", "--bootstrap-username", "admin", "--bootstrap-password", "secret",
           "--bootstrap-project-name", "admin", "--bootstrap-role-name", "admin",
           "--bootstrap-region-id", "RegionOne", "--bootstrap-admin-url", url + "/",
           "--bootstrap-internal-url", url + "/", "--bootstrap-public-url", url + "/")
    open(os.path.join(base, ".bootstrapped"), "w").close()
    # Let the WSGI app below configure keystone afresh in this process.
    ks_conf.CONF.clear()
    ks_conf.CONF.unregister_opt(cli.command_opt)
    from keystone.common import provider_api
    provider_api.ProviderAPIs._clear_registry_instances()

if mode == "http":
    def call(method, path, token=None, body=None):
        req = urllib.request.Request(url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **({"X-Auth-Token": token} if token else {})})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), json.loads(e.read() or b"null")
else:
    from werkzeug.test import Client
    from keystone.server.wsgi import initialize_public_application
    client = Client(initialize_public_application())

    def call(method, path, token=None, body=None):
        r = client.open("/v3" + path, method=method, json=body, headers={"X-Auth-Token": token} if token else {})
        return r.status_code, dict(r.headers), json.loads(r.get_data() or b"null")

def ok(method, path, token=None, body=None, want=(200, 201, 204)):
    status, headers, data = call(method, path, token, body)
    if status not in want:
        sys.exit("keystone fixtures: %s %s -> %s %s" % (method, path, status, data))
    return headers, data

def login(identity, scope=None):
    auth = {"identity": identity}
    if scope:
        auth["scope"] = scope
    return call("POST", "/auth/tokens", body={"auth": auth})

def password(user, pw):
    return {"methods": ["password"], "password": {"user": {"name": user, "domain": {"id": "default"}, "password": pw}}}

def project_scope(name):
    return {"project": {"name": name, "domain": {"id": "default"}}}

def token_of(result, what):
    status, headers, data = result
    if status != 201:
        sys.exit("keystone fixtures: %s login -> %s %s" % (what, status, data))
    return headers["X-Subject-Token"], data["token"]

admin, _ = token_of(login(password("admin", "secret"), project_scope("admin")), "admin")

def ensure(collection, key, query, body):
    _, found = ok("GET", "/%s?%s" % (collection, query), admin)
    if found[collection]:
        return found[collection][0]
    print("keystone fixtures: creating %s %s" % (key, body.get("name", body.get("url"))), file=sys.stderr)
    return ok("POST", "/" + collection, admin, {key: body})[1][key]

demo_project = ensure("projects", "project", "name=demo&domain_id=default",
                      {"name": "demo", "domain_id": "default", "description": "strato integration tests"})
# No default_project_id: with one, a login without a scope would come back scoped to it, and the
# tests need a truly unscoped token from demo.
demo_user = ensure("users", "user", "name=demo&domain_id=default",
                   {"name": "demo", "domain_id": "default", "password": "demo-secret"})
if demo_user.get("default_project_id"):
    ok("PATCH", "/users/" + demo_user["id"], admin, {"user": {"default_project_id": None}})
if login(password("demo", "demo-secret"))[0] != 201:  # an old run may have changed it
    ok("PATCH", "/users/" + demo_user["id"], admin, {"user": {"password": "demo-secret"}})
member = ensure("roles", "role", "name=member", {"name": "member"})
ok("PUT", "/projects/%s/users/%s/roles/%s" % (demo_project["id"], demo_user["id"], member["id"]), admin)

# The service user of Swift's authtoken middleware (scripts/peers/swift.sh, proxy on :8080): it
# validates the users' tokens, which Keystone's policy allows to the admin role.
service_project = ensure("projects", "project", "name=service&domain_id=default",
                         {"name": "service", "domain_id": "default", "description": "service users"})
admin_role = ensure("roles", "role", "name=admin", {"name": "admin"})
# Glance's authtoken middleware (scripts/peers/glance.sh, :9292) logs in as glance/glancepass.
for svc_name, svc_pw in (("swift", "swiftpass"), ("glance", "glancepass")):
    svc_user = ensure("users", "user", "name=%s&domain_id=default" % svc_name,
                      {"name": svc_name, "domain_id": "default", "password": svc_pw})
    if login(password(svc_name, svc_pw))[0] != 201:
        ok("PATCH", "/users/" + svc_user["id"], admin, {"user": {"password": svc_pw}})
    ok("PUT", "/projects/%s/users/%s/roles/%s" % (service_project["id"], svc_user["id"], admin_role["id"]), admin)

def ensure_service(stype, name, endpoint):
    svc = ensure("services", "service", "type=" + stype, {"type": stype, "name": name, "enabled": True})
    for iface in ("public", "internal", "admin"):
        ep = ensure("endpoints", "endpoint", "service_id=%s&interface=%s" % (svc["id"], iface),
                    {"service_id": svc["id"], "interface": iface, "url": endpoint, "region_id": "RegionOne"})
        if ep["url"] != endpoint or ep.get("region_id") != "RegionOne":  # e.g. another port than last time
            ok("PATCH", "/endpoints/" + ep["id"], admin, {"endpoint": {"url": endpoint, "region_id": "RegionOne"}})

ensure_service("identity", "keystone", url + "/")
ensure_service("object-store", "swift", "http://127.0.0.1:8080/v1/AUTH_%(project_id)s")
ensure_service("image", "glance", "http://127.0.0.1:9292")

# Application credentials are made by their owner, with a token scoped to the project they serve.
app_ok = bool(cred_id and cred_secret) and login(
    {"methods": ["application_credential"], "application_credential": {"id": cred_id, "secret": cred_secret}})[0] == 201
if not app_ok:
    demo, _ = token_of(login(password("demo", "demo-secret"), project_scope("demo")), "demo")
    base = "/users/%s/application_credentials" % demo_user["id"]
    for old in ok("GET", base + "?name=strato-integration", demo)[1]["application_credentials"]:
        ok("DELETE", "%s/%s" % (base, old["id"]), demo)  # names are unique per user
    print("keystone fixtures: creating application credential strato-integration", file=sys.stderr)
    cred = ok("POST", base, demo, {"application_credential": {
        "name": "strato-integration", "description": "strato integration tests"}})[1]["application_credential"]
    cred_id, cred_secret = cred["id"], cred["secret"]

for k, v in (("URL", url), ("REGION", "RegionOne"), ("DOMAIN", "Default"),
             ("ADMIN_USERNAME", "admin"), ("ADMIN_PASSWORD", "secret"), ("ADMIN_PROJECT", "admin"),
             ("DEMO_USERNAME", "demo"), ("DEMO_PASSWORD", "demo-secret"), ("DEMO_PROJECT", "demo"),
             ("DEMO_USER_ID", demo_user["id"]), ("DEMO_PROJECT_ID", demo_project["id"]),
             ("APPCRED_ID", cred_id), ("APPCRED_SECRET", cred_secret)):
    print("STRATO_KEYSTONE_%s=%s" % (k, v))
PY
}

setup() {
  local t0 out lines stamp="$URL $FIXTURES_VERSION"
  t0=$(date +%s%N)
  command -v keystone-manage >/dev/null || die "python3-keystone is not installed: run '$0 install' first"
  write_conf
  if [ "$(cat "$BASE/.fixtures" 2>/dev/null)" = "$stamp" ] && [ -s "$ENV_FILE" ]; then
    echo "keystone: set up in $BASE (fixtures already there)"
    return 0
  fi
  out=$(provision 2>>"$LOG/setup.log") || { tail -5 "$LOG/setup.log" >&2; die "setup failed, see $LOG/setup.log"; }
  mapfile -t lines <<<"$out"
  write_env "$ENV_FILE" "${lines[@]}"
  echo "$stamp" > "$BASE/.fixtures"
  echo "keystone: set up in $BASE in $(elapsed_ms "$t0") ms"
}

# One worker process, so the in-process cache stays coherent, and ONE thread: Swift and Glance bring
# python3-eventlet, oslo_concurrency then imports it, and oslo_log.setup() swaps logging's locks for
# eventlet's green ones, which deadlock ("greenlet.error: cannot switch to a different thread") when
# two native threads log at once; CI hung on its first login that way. Requests are a few ms each,
# so 40 logins from 16 clients take the same ~0.6 s as with 4 threads (GIL, 2 cores).
# Clients talk to uwsgi's HTTP router (--http, keep-alive on), which hands each request to a free
# thread. Not --http11-socket: there a thread stays bound to its client's keep-alive connection
# until it idles out (4 s), so 12 concurrent fetch() calls took 12 s instead of 0.15 s.
# --die-on-term: uwsgi 2.0 treats TERM as "reload" without it. --skip-atexit-teardown: a C++
# extension otherwise aborts during interpreter teardown and litters the log.
# shellcheck disable=SC2054 # "python3,http" is one uwsgi argument
UWSGI=(/usr/bin/uwsgi --plugin python3,http --http "127.0.0.1:$PORT" --http-keepalive
  --wsgi-file /usr/bin/keystone-wsgi-public --master --processes 1 --threads 1
  --die-on-term --skip-atexit-teardown --need-app --buffer-size 65535
  --env "OS_KEYSTONE_CONFIG_FILES=$CONF")

start() {
  local t0
  t0=$(date +%s%N)
  if alive keystone; then
    # launch records the first 80 characters of the command line, port included
    [ "$(cat "$RUN/keystone.cmd")" = "$(printf '%s' "${UWSGI[*]}" | cut -c1-80)" ] ||
      die "a keystone of this state dir runs with other options (pid $(cat "$RUN/keystone.pid"): $(cat "$RUN/keystone.cmd")...); run '$0 stop' first"
    echo "keystone: already running (pid $(cat "$RUN/keystone.pid")) on $URL"
    return 0
  fi
  [ -f "$BASE/.fixtures" ] || setup
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by a process this script did not start"
  launch keystone "${UWSGI[@]}"
  await_http "$URL" 60 keystone || { tail -20 "$LOG/keystone.log" >&2; halt keystone; die "did not start, see $LOG/keystone.log"; }
  echo "keystone: up on $URL (pid $(cat "$RUN/keystone.pid")) in $(elapsed_ms "$t0") ms"
}

check() {
  alive keystone || die "not running (start it with '$0 start')"
  [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"
  $DEB_PY - "$URL" "$ENV_FILE" <<'PY'
import json, os, shlex, sys, time, urllib.error, urllib.request
url, env_file = sys.argv[1:]
env = dict(shlex.split(line)[1].split("=", 1) for line in open(env_file) if line.startswith("export "))
t0 = time.monotonic()

def login(identity, scope=None):
    auth = {"identity": identity, **({"scope": scope} if scope else {})}
    req = urllib.request.Request(url + "/auth/tokens", data=json.dumps({"auth": auth}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)["token"]
    except urllib.error.HTTPError as e:
        return e.code, None
    except OSError as e:
        sys.exit("keystone check: %s unreachable: %s" % (url, e))

status, tok = login({"methods": ["password"], "password": {"user": {"name": "demo", "domain": {"id": "default"}, "password": "demo-secret"}}},
                    {"project": {"name": "demo", "domain": {"id": "default"}}})
if status != 201:
    sys.exit("keystone check: demo password login -> %s" % status)
roles = sorted(r["name"] for r in tok["roles"])
types = sorted(s["type"] for s in tok["catalog"])
missing = {"identity", "object-store", "image"} - set(types)
if "member" not in roles or missing:
    sys.exit("keystone check: demo has roles %s, catalog lacks %s" % (roles, sorted(missing)))
status, app = login({"methods": ["application_credential"], "application_credential":
                     {"id": env["STRATO_KEYSTONE_APPCRED_ID"], "secret": env["STRATO_KEYSTONE_APPCRED_SECRET"]}})
if status != 201 or app["project"]["name"] != "demo":
    sys.exit("keystone check: application credential login -> %s (remove %s, then run setup)"
             % (status, os.path.join(os.path.dirname(env_file), ".fixtures")))
print("keystone: ok on %s: demo roles %s, catalog %s, application credential ok (%d ms)"
      % (url, roles, types, (time.monotonic() - t0) * 1000))
PY
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

stop() { if alive keystone; then halt keystone; else rm -f "$RUN/keystone.pid" "$RUN/keystone.cmd"; echo "keystone: not running"; fi; }

status() {
  if alive keystone; then
    echo "keystone: running (pid $(cat "$RUN/keystone.pid")) on $URL"
  else
    echo "keystone: stopped"
    return 3  # LSB: program is not running
  fi
}

clean() { stop; rm -rf "$BASE"; echo "keystone: removed $BASE"; }

verb=${1:-}
case "$verb" in
  install|setup|start|check|stop|status|clean) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
