#!/usr/bin/env bash
# scripts/peers/netconfd.sh — a real NETCONF server: Debian's yuma123 netconfd 2.13, run as an
# unprivileged user behind a private OpenSSH sshd on 127.0.0.1 (its `netconf` subsystem; /etc/ssh
# is never used). Password and public-key login. Every verb is idempotent.
#
# usage: netconfd.sh install|setup|start|check|env|stop|status|clean
#   install  apt-get only what is missing: netconfd, openssh-server, python3-ncclient (for check)
#   setup    state dir $STRATO_PEERS_DIR/netconfd, the login user ${STRATO_NETCONF_USER:-ncuser}
#            (password ${STRATO_NETCONF_PASSWORD:-ncpass}), host and client ed25519 keys,
#            known_hosts, sshd_config, the SIL allow-list, env file
#   start    netconfd (Unix socket sock/ncxserver.sock) and sshd on 127.0.0.1:${STRATO_NETCONF_PORT:-8830};
#            every start of netconfd begins from an empty configuration (commits are persisted
#            to yuma/data/startup-cfg.xml, which start resets)
#   check    waits (30 s at most) until ncclient (/usr/bin/python3) logs in with the password and
#            with the key, checks the host key, exchanges hellos and does get-config of running
#   env      the STRATO_NETCONF_* variables as `export KEY=value` lines
#   stop     TERM sshd (and its session processes), then netconfd, KILL after 10 s;
#            status: running or not;  clean: stop + wipe (and remove the user if setup created it)
#
# Datastores: candidate (--target=candidate) and running, startup; the user is netconfd's
# --superuser (NACM enforces, any other user gets access-denied on edits). Modules: toaster (the
# only SIL loaded: make-toast gives a toastDone notification) and ietf-system as YANG only (no
# SIL: the stock one runs `hostname`, sets the clock, can reboot), so
# <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>…</hostname></system> is
# a harmless leaf to edit. The Unix socket is mode 0666 with a public magic: local users only.
#
# Quirks (both reproduced against this peer with paramiko and ncclient 0.6.13):
#   - the client <hello> must be its own write: hello + first <rpc> in one write get no answer;
#   - <validate> of the candidate then <commit> answers <ok/> but drops the edit (candidate
#     reset, running unchanged): edit again and commit without validating;
#   - a confirmed commit is never reverted on confirm-timeout (only when its session ends unconfirmed);
#   - netconfd exits ~1 s after SIGTERM, so `stop` takes about that long.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PEER=netconfd
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$HERE/lib.sh"
BASE=$PEERS_DIR/netconfd
RUN=$BASE/run LOG=$BASE/log
ENV_FILE=$BASE/env.sh
SOCK_DIR=$BASE/sock SOCK=$BASE/sock/ncxserver.sock
SSH_DIR=$BASE/ssh
HOSTKEY=$SSH_DIR/host_ed25519 CLIENTKEY=$BASE/client_ed25519 KNOWN_HOSTS=$BASE/known_hosts
SSHD_CONF=$SSH_DIR/sshd_config
STARTUP=$BASE/yuma/data/startup-cfg.xml
PORT=${STRATO_NETCONF_PORT:-8830}
if ! [[ $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then die "STRATO_NETCONF_PORT='$PORT' is no TCP port"; fi
PORT=$((10#$PORT))
NCUSER=${STRATO_NETCONF_USER:-ncuser}
[[ $NCUSER =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] || die "STRATO_NETCONF_USER='$NCUSER' is no plain user name"
[ "$NCUSER" != root ] || die "STRATO_NETCONF_USER may not be root"
NCPASS=${STRATO_NETCONF_PASSWORD:-ncpass}
[[ $NCPASS != *:* && $NCPASS != *$'\n'* && -n $NCPASS ]] || die "STRATO_NETCONF_PASSWORD must be non-empty, without ':' or newline"

install() { apt_need netconfd openssh-server python3-ncclient; }

put() { cat > "$1.tmp" && mv -f "$1.tmp" "$1"; }

have_bins() { [ -x /usr/sbin/netconfd ] && [ -x /usr/sbin/netconf-subsystem ] && [ -x /usr/sbin/sshd ]; }

empty_startup() {
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>\n' | put "$STARTUP"
  rm -f "$BASE/yuma/data/startup-cfg-txid.txt"
  chown "$NCUSER:" "$STARTUP"
}

# the sshd_config for the current settings. netconf-subsystem takes <port>@<socket> (a bare path
# is ignored); netconfd refuses ssh-transport connections whose port is not one of its --port values
sshd_conf() {
  cat <<EOF
# written by scripts/peers/netconfd.sh: a test rig on 127.0.0.1, not a deployment
Port $PORT
ListenAddress 127.0.0.1
HostKey $HOSTKEY
PidFile none
AuthorizedKeysFile $SSH_DIR/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin no
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
AllowUsers $NCUSER
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTTY no
PrintMotd no
Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=$PORT@$SOCK
EOF
}

setup() {
  local t0 sil fp
  t0=$(date +%s%N)
  [ "$(id -u)" = 0 ] || die "setup needs root (it adds a user and runs sshd)"
  have_bins || die "netconfd or openssh-server is not installed: run '$0 install' first"
  mkdir -p "$RUN" "$LOG" "$SOCK_DIR" "$SSH_DIR" "$BASE/home" "$BASE/sil" "$BASE/yuma/data"
  if ! id -u "$NCUSER" >/dev/null 2>&1; then
    # a login shell is needed: sshd runs the subsystem through it
    useradd -M -d "$BASE/home" -s /bin/sh "$NCUSER"
    echo "$NCUSER" > "$BASE/.user-created"
  fi
  echo "$NCUSER:$NCPASS" | chpasswd
  chmod 755 "$BASE" "$SSH_DIR" "$BASE/sil"
  chown "$NCUSER:" "$SOCK_DIR" "$BASE/home" "$BASE/yuma" "$BASE/yuma/data"
  [ -s "$HOSTKEY" ] || ssh-keygen -q -t ed25519 -N '' -C strato-netconfd-host -f "$HOSTKEY"
  [ -s "$CLIENTKEY" ] || ssh-keygen -q -t ed25519 -N '' -C strato-netconfd-client -f "$CLIENTKEY"
  chmod 600 "$HOSTKEY" "$CLIENTKEY"
  # sshd reads authorized_keys as the user; StrictModes is off since it lives under /tmp
  cp "$CLIENTKEY.pub" "$SSH_DIR/authorized_keys.tmp" && chmod 644 "$SSH_DIR/authorized_keys.tmp" &&
    mv -f "$SSH_DIR/authorized_keys.tmp" "$SSH_DIR/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$HOSTKEY.pub")" | put "$KNOWN_HOSTS"
  chmod 644 "$KNOWN_HOSTS"
  [ -s "$STARTUP" ] || empty_startup
  # SIL allow-list: only toaster (netconfd loads SIL libraries from --runpath alone)
  sil=$(ls /usr/lib/*/yuma/libtoaster.so 2>/dev/null | head -1)
  [ -n "$sil" ] || die "no libtoaster.so under /usr/lib/*/yuma (netconfd package incomplete?)"
  find "$BASE/sil" -mindepth 1 -delete
  ln -s "$(dirname "$sil")"/libtoaster.so* "$BASE/sil/"
  sshd_conf | put "$SSHD_CONF"
  fp=$(ssh-keygen -lf "$HOSTKEY.pub" | awk '{print $2}')
  write_env "$ENV_FILE" "STRATO_NETCONF_HOST=127.0.0.1" "STRATO_NETCONF_PORT=$PORT" \
    "STRATO_NETCONF_USER=$NCUSER" "STRATO_NETCONF_PASSWORD=$NCPASS" "STRATO_NETCONF_KEY=$CLIENTKEY" \
    "STRATO_NETCONF_HOSTKEY_SHA256=$fp" "STRATO_NETCONF_KNOWN_HOSTS=$KNOWN_HOSTS" "STRATO_NETCONF_SOCKET=$SOCK"
  echo "netconfd: set up in $BASE (user $NCUSER, port $PORT) in $(elapsed_ms "$t0") ms"
}

# the arguments netconfd runs with (its cmdline, after setpriv has exec'd it)
nd_cmd() {
  ND=(/usr/sbin/netconfd --ncxserver-sockname="$SOCK" --port="$PORT"
    --yuma-home="$BASE/yuma" --startup="$STARTUP" --runpath="$BASE/sil"
    --module=toaster --module=ietf-system --superuser="$NCUSER" --target=candidate --log-level=info)
}

start_netconfd() {
  local i
  nd_cmd
  if alive netconfd; then
    [ "$(cat "$RUN/netconfd.sum" 2>/dev/null)" = "$(printf '%s' "${ND[*]}" | md5sum)" ] && [ -S "$SOCK" ] ||
      die "a netconfd of this state dir runs with other options (pid $(cat "$RUN/netconfd.pid")); run '$0 stop' first"
    return 0
  fi
  rm -f "$SOCK"  # a stale socket makes bind() fail
  printf '%s' "${ND[*]}" | md5sum > "$RUN/netconfd.sum"
  empty_startup
  (
    cd "$BASE/home"
    export HOME=$BASE/home
    launch netconfd setpriv --reuid="$NCUSER" --regid="$NCUSER" --init-groups "${ND[@]}"
  )
  # launch fingerprints the setpriv line; alive must compare against netconfd's own cmdline
  printf '%s' "${ND[*]}" | cut -c1-80 > "$RUN/netconfd.cmd"
  for ((i = 0; i < 300; i++)); do
    [ -S "$SOCK" ] && return 0
    alive netconfd || break
    sleep 0.05
  done
  tail -20 "$LOG/netconfd.log" >&2
  halt netconfd >/dev/null
  die "netconfd did not open $SOCK, see $LOG/netconfd.log"
}

start_sshd() {
  local i
  if alive sshd; then
    [ "$(cat "$RUN/sshd.sum" 2>/dev/null)" = "$(sshd_conf | md5sum)" ] ||
      die "sshd runs with another sshd_config (pid $(cat "$RUN/sshd.pid")); run '$0 stop' first"
    return 0
  fi
  port_taken "$PORT" && die "127.0.0.1:$PORT is taken by a process this script did not start (set STRATO_NETCONF_PORT)"
  mkdir -p /run/sshd && chmod 755 /run/sshd  # privilege-separation dir
  /usr/sbin/sshd -t -f "$SSHD_CONF" 2>>"$LOG/sshd.log" || { tail -5 "$LOG/sshd.log" >&2; die "sshd -t rejects $SSHD_CONF"; }
  sshd_conf | md5sum > "$RUN/sshd.sum"
  launch sshd /usr/sbin/sshd -D -e -f "$SSHD_CONF"
  for ((i = 0; i < 200; i++)); do
    port_taken "$PORT" && return 0
    alive sshd || break
    sleep 0.05
  done
  tail -20 "$LOG/sshd.log" >&2
  halt sshd >/dev/null
  die "sshd did not listen on 127.0.0.1:$PORT, see $LOG/sshd.log"
}

start() {
  local t0
  t0=$(date +%s%N)
  have_bins || die "netconfd or openssh-server is not installed: run '$0 install' first"
  if alive netconfd && alive sshd; then
    start_netconfd && start_sshd  # only verifies they run with this configuration
    echo "netconfd: already running (netconfd pid $(cat "$RUN/netconfd.pid"), sshd pid $(cat "$RUN/sshd.pid")) on 127.0.0.1:$PORT"
    return 0
  fi
  setup >/dev/null
  start_netconfd
  start_sshd
  echo "netconfd: up on 127.0.0.1:$PORT (netconfd pid $(cat "$RUN/netconfd.pid"), sshd pid $(cat "$RUN/sshd.pid")) in $(elapsed_ms "$t0") ms"
}

check() {
  alive netconfd || die "netconfd is not running (start it with '$0 start')"
  alive sshd || die "sshd is not running (start it with '$0 start')"
  [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"
  $DEB_PY -c 'import ncclient' 2>/dev/null || die "python3-ncclient is not installed: run '$0 install' first"
  $DEB_PY - "$PORT" "$NCUSER" "$NCPASS" "$CLIENTKEY" "$(env_get "$ENV_FILE" STRATO_NETCONF_HOSTKEY_SHA256)" \
    "$(cat "$RUN/netconfd.pid")" "$(cat "$RUN/sshd.pid")" <<'PY'
import base64, hashlib, logging, os, sys, time
from ncclient import manager
logging.disable(logging.CRITICAL)  # ncclient/paramiko log tracebacks of refused attempts
port, user, password, key, want_fp = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
pids = {"netconfd": int(sys.argv[6]), "sshd": int(sys.argv[7])}
t0 = time.monotonic()

def session(**auth):
    return manager.connect(host="127.0.0.1", port=port, username=user, hostkey_verify=False,
                           allow_agent=False, look_for_keys=False, timeout=5, **auth)

def probe(m, how):
    fp = m._session._transport.get_remote_server_key().asbytes()
    fp = "SHA256:" + base64.b64encode(hashlib.sha256(fp).digest()).decode().rstrip("=")
    if fp != want_fp:
        sys.exit("netconfd check: host key %s, env says %s" % (fp, want_fp))
    caps = list(m.server_capabilities)
    for c in ("urn:ietf:params:netconf:base:1.1", "urn:ietf:params:netconf:capability:candidate:1.0"):
        if c not in caps:
            sys.exit("netconfd check (%s): the server hello lacks %s" % (how, c))
    reply = m.get_config(source="running")
    if not reply.ok or "<data" not in reply.xml:
        sys.exit("netconfd check (%s): get-config running gave %s" % (how, reply.xml[:300]))
    return m.session_id, len(caps)

last = None
while True:
    try:
        with session(password=password) as m:
            sid, ncaps = probe(m, "password")
        break
    except SystemExit:
        raise
    except Exception as e:  # refused while sshd starts, or the subsystem cannot reach netconfd yet
        last = e
    for name, pid in pids.items():
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit("netconfd check: %s (pid %d) exited; see its log" % (name, pid))
    if time.monotonic() - t0 > 30:
        sys.exit("netconfd check: no NETCONF session (password login as %s) on 127.0.0.1:%d within 30 s: %r"
                 % (user, port, last))
    time.sleep(0.2)
try:
    with session(key_filename=key) as m:
        probe(m, "key")
except SystemExit:
    raise
except Exception as e:
    sys.exit("netconfd check: password login works but key login (%s) fails: %r" % (key, e))
print("netconfd: ok on 127.0.0.1:%d: password and key login as %s, host key %s, %d capabilities, "
      "get-config running (%d ms)" % (port, user, want_fp, ncaps, (time.monotonic() - t0) * 1000))
PY
}

print_env() { [ -s "$ENV_FILE" ] || die "no $ENV_FILE (run '$0 setup')"; cat "$ENV_FILE"; }

# descendants PID : the PIDs of every process below PID (sshd's per-connection children and the
# netconf-subsystem processes they run), deepest last
descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done
}

stop() {
  local any=0 kids=() k i
  if alive sshd; then
    any=1
    mapfile -t kids < <(descendants "$(cat "$RUN/sshd.pid")")
    PEER="netconfd sshd" halt sshd
    # open sessions outlive the listener: end them too (they are its children, so ours)
    if [ ${#kids[@]} -gt 0 ]; then
      kill -TERM "${kids[@]}" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do
        for k in "${kids[@]}"; do pid_live "$k" && break; k=''; done
        [ -z "$k" ] && break
        sleep 0.1
      done
      for k in "${kids[@]}"; do pid_live "$k" && kill -KILL "$k" 2>/dev/null || true; done
    fi
  else
    rm -f "$RUN/sshd.pid" "$RUN/sshd.cmd"
  fi
  rm -f "$RUN/sshd.sum"
  if alive netconfd; then any=1; PEER="netconfd netconfd" halt netconfd; else rm -f "$RUN/netconfd.pid" "$RUN/netconfd.cmd"; fi
  rm -f "$RUN/netconfd.sum"
  rm -f "$SOCK"
  [ $any = 1 ] || echo "netconfd: not running"
}

status() {
  local n=0
  alive netconfd && { n=$((n + 1)); echo "netconfd: netconfd running (pid $(cat "$RUN/netconfd.pid")), socket $SOCK"; }
  alive sshd && { n=$((n + 1)); echo "netconfd: sshd running (pid $(cat "$RUN/sshd.pid")) on 127.0.0.1:$PORT"; }
  [ $n = 2 ] && return 0
  [ $n = 0 ] && { echo "netconfd: stopped"; return 3; }
  echo "netconfd: only one of netconfd and sshd runs"
  return 1
}

clean() {
  stop
  local u
  u=$(cat "$BASE/.user-created" 2>/dev/null || true)
  if [ -n "$u" ] && id -u "$u" >/dev/null 2>&1; then
    userdel "$u" 2>/dev/null || echo "netconfd: could not remove user $u" >&2
  fi
  rm -rf "$BASE"
  echo "netconfd: removed $BASE"
}

verb=${1:-}
case "$verb" in
  install | setup | start | check | stop | status | clean) "$verb" ;;
  env) print_env ;;
  *) echo "usage: $0 install|setup|start|check|env|stop|status|clean" >&2; exit 2 ;;
esac
