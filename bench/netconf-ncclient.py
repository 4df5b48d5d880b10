#!/usr/bin/python3
# bench/netconf-ncclient.py — the ncclient side of bench/netconf.ts (run it with Debian's /usr/bin/python3, whose
# dist-packages hold python3-ncclient 0.6.13 and lxml). One process does one measurement on one fresh session and
# prints one JSON line; connecting (SSH handshake, login, hellos) is never inside the clock.
#
# usage: netconf-ncclient.py MODE VARIANT N HOST PORT USER PASSWORD HOSTKEY_SHA256
#   MODE     seq   N get-config RPCs of running, one after the other (sync mode)
#            pipe  N get-config RPCs all sent at once (manager.async_mode), then every reply awaited
#            big   N get-config RPCs of running (the 10 MB config): each timed end to end, i.e. until
#                  ncclient returns the reply (it parses the whole reply with lxml before it does), and the
#                  parse on its own (a fresh GetReply(raw).parse(), the same lxml work, plus data_ele)
#   VARIANT  stock  ncclient as shipped. Its SSH loop (transport/ssh.py SSHSession.run) only writes
#                   queued requests after select(timeout=TICK=0.1 s) returns, so an idle session waits up
#                   to 0.1 s before a request leaves.
#            floor  the same ncclient with that wait removed: SSHSession.send writes the framed request to
#                   the paramiko channel at once (Channel.sendall is thread-safe) instead of queueing it for
#                   the loop. Reading, framing and parsing are ncclient's own, untouched. This is the server
#                   + SSH floor ncclient can reach.
#            tick   the other way to remove it, for comparison: TICK = 0.0005 s (the loop then spins).
# Output: {"mode", "variant", "n", "totalMs", "perRpcMs", ...}; for big also "e2eMs", "parseMs" (lists), "bytes".
import json
import logging
import sys
import time

from ncclient import manager
from ncclient.operations.retrieve import GetReply
from ncclient.transport import ssh as nc_ssh
from ncclient.transport.session import NetconfBase

logging.disable(logging.CRITICAL)
SYS_NS = "urn:ietf:params:xml:ns:yang:ietf-system"


def remove_poll():
    def send(self, message):
        data = message.encode()
        if self._base == NetconfBase.BASE_11:
            data = b"\n#%d\n%s%s" % (len(data), data, nc_ssh.END_DELIM)
        else:
            data = data + nc_ssh.MSG_DELIM
        self._channel.sendall(data)

    nc_ssh.SSHSession.send = send


def main():
    mode, variant, n, host, port, user, password, want_fp = sys.argv[1:9]
    n, port = int(n), int(port)
    if variant == "floor":
        remove_poll()
    elif variant == "tick":
        nc_ssh.TICK = 0.0005
    elif variant != "stock":
        sys.exit("variant must be stock, floor or tick")
    m = manager.connect(host=host, port=port, username=user, password=password, hostkey_verify=False,
                        allow_agent=False, look_for_keys=False, timeout=600)
    m.huge_tree = True  # lxml refuses text nodes over 10 MB and deep trees otherwise
    import base64
    import hashlib
    fp = m._session._transport.get_remote_server_key().asbytes()
    fp = "SHA256:" + base64.b64encode(hashlib.sha256(fp).digest()).decode().rstrip("=")
    if fp != want_fp:
        sys.exit("host key %s, expected %s" % (fp, want_fp))
    out = {"mode": mode, "variant": variant, "n": n}
    m.get_config(source="running")  # warm-up: the first RPC of a session is not measured
    if mode == "seq":
        t0 = time.perf_counter()
        for _ in range(n):
            r = m.get_config(source="running")
            if not r.ok:
                sys.exit("get-config failed: %s" % r.xml[:300])
        total = (time.perf_counter() - t0) * 1000
        out.update(totalMs=total, perRpcMs=total / n)
    elif mode == "pipe":
        m.async_mode = True
        t0 = time.perf_counter()
        rpcs = [m.get_config(source="running") for _ in range(n)]
        for rpc in rpcs:
            if not rpc.event.wait(600):
                sys.exit("pipelined get-config timed out")
            if rpc.error is not None:
                raise rpc.error
            rpc.reply.parse()  # what sync mode does before it returns
            if not rpc.reply.ok:
                sys.exit("get-config failed: %s" % rpc.reply.xml[:300])
        total = (time.perf_counter() - t0) * 1000
        m.async_mode = False
        out.update(totalMs=total, perRpcMs=total / n)
    elif mode == "big":
        e2e, parse = [], []
        size = 0
        for _ in range(n):
            t0 = time.perf_counter()
            r = m.get_config(source="running")
            e2e.append((time.perf_counter() - t0) * 1000)
            raw = r.xml
            size = len(raw.encode())
            t1 = time.perf_counter()
            again = GetReply(raw, huge_tree=True)
            again.parse()
            users = len(again.data_ele.findall('{%s}system/{%s}authentication/{%s}user' % (SYS_NS, SYS_NS, SYS_NS)))
            parse.append((time.perf_counter() - t1) * 1000)
        out.update(e2eMs=e2e, parseMs=parse, bytes=size, users=users)
    else:
        sys.exit("mode must be seq, pipe or big")
    m.close_session()
    print(json.dumps(out))


main()
