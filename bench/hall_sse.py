#!/usr/bin/env python3
"""The hall screen's live state (server-sent events) fanned out to many viewers.

usage: python3 bench/hall_sse.py [--bin build/minsheng] [--viewers 10000] [--rounds 5] [--only NAME]

VIEWERS loopback clients each hold GET /api/v1/polls/{id}/events open on one poll (one epoll loop in this process,
plain sockets). Then, ROUNDS times, 0.3 s apart, the clerk checks one deputy in (one POST) and the bench times, for every viewer,
the delay from just before that POST to the end of the new `hall` event on its socket: p50, p99 and the slowest, and
every viewer must get it. Server memory (VmRSS of each node) is read before the viewers connect and with all of them
connected.

Set-ups, one after the other in one run:
  sqlite-1   one node on the demo's SQLite database;
  pg-2       two nodes on one PostgreSQL (a throwaway server, scripts/pg-test-server.sh) behind nginx, round robin:
             half the viewers on each node, the clerk's POST on node A, so half of every round crosses nodes
             through LISTEN/NOTIFY.
Reference, measured in the same run (these machines are noisy, so the figures that matter are ratios): nginx
serving the same number of keep-alive clients one static file of the event's size at once — every client sends its
GET in one burst and the delay is from the start of the burst to the end of its answer. The ratio is the hall's p99
over nginx's p99.

Use a release build (`ninja -C build`). Client, servers and nginx share the machine's two cores. Needs nginx
(`scripts/deps.sh bench`) and RLIMIT_NOFILE above the viewers (the bench raises its soft limit to the hard one,
and the servers inherit it).
"""
import argparse
import getpass
import json
import os
import re
import resource
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Client, Node, free_port, pg_database, run  # noqa: E402


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


class Viewers:
    """N open streams on one epoll; each keeps its bytes and the time its last event ended."""

    def __init__(self, port, path, n, request_line=None):
        self.ep = select.epoll()
        self.socks = {}
        self.buf = {}
        self.ends = {}      # fd -> list of times an event (or answer) ended
        req = (request_line or "GET %s HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n" % path).encode()
        self.req = req
        for start in range(0, n, 500):       # in batches: the listen queue holds 4096
            batch = []
            for _ in range(min(500, n - start)):
                s = socket.create_connection(("127.0.0.1", port), timeout=30)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if request_line is None:
                    s.sendall(req)
                s.setblocking(False)
                fd = s.fileno()
                self.socks[fd] = s
                self.buf[fd] = b""
                self.ends[fd] = []
                self.ep.register(fd, select.EPOLLIN)
                batch.append(fd)
            if request_line is None:
                self.wait(batch, 1, 60)

    def pump(self, timeout):
        for fd, _ in self.ep.poll(timeout):
            try:
                data = self.socks[fd].recv(65536)
            except BlockingIOError:
                continue
            if not data:
                self.ep.unregister(fd)
                continue
            now = time.monotonic()
            b = self.buf[fd] + data
            # an SSE event ends with a blank line; a static answer with its body (counted below)
            while b"\n\n" in b:
                ev, _, b = b.partition(b"\n\n")
                if b"data:" in ev:
                    self.ends[fd].append(now)
            self.buf[fd] = b

    def wait(self, fds, count, seconds):
        end = time.monotonic() + seconds
        while any(len(self.ends[fd]) < count for fd in fds):
            if time.monotonic() > end:
                missing = sum(len(self.ends[fd]) < count for fd in fds)
                raise RuntimeError("%d viewers did not get event %d" % (missing, count))
            self.pump(0.05)

    def close(self):
        for s in self.socks.values():
            s.close()
        self.ep.close()


class StaticViewers(Viewers):
    """Keep-alive clients of nginx: one GET each, all at once; an answer ends when its body is complete."""

    def __init__(self, port, n, size):
        self.size = size
        super().__init__(port, "/f.txt", n, request_line="GET /f.txt HTTP/1.1\r\nHost: x\r\n\r\n")

    def pump(self, timeout):
        for fd, _ in self.ep.poll(timeout):
            try:
                data = self.socks[fd].recv(65536)
            except BlockingIOError:
                continue
            b = self.buf[fd] + data
            head, sep, body = b.partition(b"\r\n\r\n")
            if sep and len(body) >= self.size:
                self.ends[fd].append(time.monotonic())
                b = b""
            self.buf[fd] = b

    def burst(self):
        t0 = time.monotonic()
        for s in self.socks.values():
            s.send(self.req)
        self.wait(list(self.socks), 1, 60)
        return [(self.ends[fd][0] - t0) * 1000 for fd in self.socks]


def nginx_conf(d, port, body):
    user = ("user %s;\n" % getpass.getuser()) if os.geteuid() == 0 else ""
    temps = "".join("  %s_temp_path %s/%s;\n" % (t, d, t) for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (user + "worker_processes 2;\nworker_rlimit_nofile 40000;\nevents { worker_connections 16000; }\n"
            "http {\n  access_log off;\n  keepalive_requests 100000;\n" + temps + body % port + "}\n")


def start_nginx(d, conf):
    for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "www"):
        os.makedirs(os.path.join(d, t), exist_ok=True)
    path = os.path.join(d, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    p = subprocess.Popen([nginx, "-p", d + "/", "-c", path, "-g",
                          "daemon off; pid %s/nginx.pid; error_log %s/error.log;" % (d, d)])
    return p


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("port %d did not open" % port)


def pcts(xs):
    xs = sorted(xs)
    return {"p50": statistics.median(xs), "p99": xs[min(len(xs) - 1, int(len(xs) * 0.99))], "max": xs[-1]}


def measure(name, binary, db, nodes, a, tmp):
    # every viewer comes from 127.0.0.1: no per-address caps
    env = dict(os.environ, MINSHENG_PWHASH_COST="min", MINSHENG_CONNECTIONS_PER_IP="0", MINSHENG_STREAMS_PER_IP="0",
               MINSHENG_STREAMS="0")
    run([binary, "demo", "--db", db], env=env)
    servers = [Node(binary, db, env) for _ in range(nodes)]
    ng = None
    try:
        port = servers[0].port
        if nodes > 1:
            d = os.path.join(tmp, "nginx-" + name)
            port = free_port()
            ups = "".join("    server 127.0.0.1:%d;\n" % s.port for s in servers)
            ng = start_nginx(d, nginx_conf(d, port, "  upstream minsheng {\n" + ups + "    keepalive 64;\n  }\n"
                                           "  server {\n    listen 127.0.0.1:%d;\n    location / {\n"
                                           "      proxy_pass http://minsheng;\n      proxy_http_version 1.1;\n"
                                           "      proxy_set_header Connection \"\";\n      proxy_read_timeout 1h;\n"
                                           "    }\n  }\n"))
            wait_port(port)
        clerk = Client(servers[0].port)
        clerk.login("clerk", "clerk-demo")
        deputies = [d["id"] for d in clerk.must("GET", "/congresses/1/deputies?per_page=200")["items"]]
        poll = clerk.must("POST", "/cycles/1/polls", {"title": "大屏压测", "slots": 2})["id"]
        before = [rss_kib(s.proc.pid) for s in servers]
        t = time.monotonic()
        v = Viewers(port, "/api/v1/polls/%d/events" % poll, a.viewers)
        connect_s = time.monotonic() - t
        during = [rss_kib(s.proc.pid) for s in servers]
        delays = []
        for r in range(a.rounds):
            time.sleep(0.3)  # an isolated change (a burst's later changes wait up to MS_FEED_SETTLE_MS, feed.h)
            t0 = time.monotonic()
            clerk.must("POST", "/polls/%d/checkin" % poll, {"deputy_ids": [deputies[r]]})
            v.wait(list(v.socks), r + 2, 30)
            delays += [(v.ends[fd][r + 1] - t0) * 1000 for fd in v.socks]
        v.close()
        state = Client(servers[0].port).must("GET", "/polls/%d/hall" % poll)
        size = len(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()) + 60  # id and event lines
        return {"delays": pcts(delays), "n": len(delays), "connect_s": connect_s,
                "rss_before_mib": sum(before) / 1024, "rss_during_mib": sum(during) / 1024, "event_bytes": size}
    finally:
        for s in servers:
            s.stop()
        if ng:
            ng.terminate()
            ng.wait(10)


def reference(a, tmp, size):
    d = os.path.join(tmp, "nginx-static")
    port = free_port()
    os.makedirs(os.path.join(d, "www"), exist_ok=True)
    with open(os.path.join(d, "www", "f.txt"), "w") as f:
        f.write("x" * size)
    ng = start_nginx(d, nginx_conf(d, port, "  server {\n    listen 127.0.0.1:%d;\n    root " + d + "/www;\n  }\n"))
    try:
        wait_port(port)
        v = StaticViewers(port, a.viewers, size)
        delays = []
        for _ in range(a.rounds):
            for fd in v.socks:
                v.ends[fd] = []
            delays += v.burst()
        v.close()
        return {"delays": pcts(delays), "n": len(delays)}
    finally:
        ng.terminate()
        ng.wait(10)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "minsheng"))
    ap.add_argument("--viewers", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", action="append", help="sqlite-1 or pg-2 (repeatable)")
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < a.viewers + 200:  # each process: the client holds every viewer, a node at most as many
        sys.exit("RLIMIT_NOFILE %d is too low for %d viewers" % (hard, a.viewers))
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-hall-")
    os.chmod(tmp, 0o755)
    pgdir = os.path.join(tmp, "pg")
    want = a.only or ["sqlite-1", "pg-2"]
    results = {}
    admin_uri = None
    try:
        if "pg-2" in want:
            admin_uri = run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pgdir]).stdout.strip()
        for name in want:
            db = os.path.join(tmp, "hall.db") if name == "sqlite-1" else pg_database(admin_uri, "hall_bench")
            print("bench: %s …" % name, file=sys.stderr, flush=True)
            results[name] = measure(name, a.bin, db, 2 if name == "pg-2" else 1, a, tmp)
        size = max(r["event_bytes"] for r in results.values())
        print("bench: nginx reference …", file=sys.stderr, flush=True)
        ref = reference(a, tmp, size)
    finally:
        if admin_uri:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pgdir])
        shutil.rmtree(tmp, ignore_errors=True)
    print("hall events — %d viewers, %d updates each, one run" % (a.viewers, a.rounds))
    print("%-14s %9s %9s %9s %10s %12s %12s %10s" % ("set-up", "p50 ms", "p99 ms", "max ms", "p99 ratio",
                                                     "RSS before", "RSS 10k on", "connect s"))
    for name, r in list(results.items()) + [("nginx static", ref)]:
        d = r["delays"]
        ratio = "%.2fx" % (d["p99"] / ref["delays"]["p99"])
        rb = "%.0f MiB" % r["rss_before_mib"] if "rss_before_mib" in r else "-"
        rd = "%.0f MiB" % r["rss_during_mib"] if "rss_during_mib" in r else "-"
        cs = "%.1f" % r["connect_s"] if "connect_s" in r else "-"
        print("%-14s %9.1f %9.1f %9.1f %10s %12s %12s %10s" % (name, d["p50"], d["p99"], d["max"], ratio, rb, rd, cs))
    print("(delays from just before the clerk's POST to the end of each viewer's event; nginx: from the start of one "
          "burst of GETs to the end of each answer of %d bytes)" % size)


if __name__ == "__main__":
    main()
