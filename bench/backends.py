#!/usr/bin/env python3
"""Ballot intake and result reads: SQLite vs PostgreSQL, one node vs two.

usage: python3 bench/backends.py [--bin build/minsheng] [--deputies 2000]
                                 [--threads 32] [--reads 5] [--only NAME]

Three set-ups, measured one after the other in one run so that their ratios
compare like with like on this (noisy) machine:

  sqlite-1   one `minsheng serve` on a SQLite file (WAL, synchronous=FULL)
  pg-1       one node on PostgreSQL 15
  pg-2       two nodes on the same PostgreSQL behind nginx (round robin)

PostgreSQL is a throwaway server started by scripts/pg-test-server.sh with
fsync on (MINSHENG_PG_FSYNC=on), so every set-up makes its commits durable.
For each: a congress with N deputies (one CSV import), a poll with all of
them checked in and open, every deputy logged in; then

  intake   every deputy casts one ballot, THREADS clients at once over
           keep-alive connections: ballots/s and latency (p50, p99);
  reads    THREADS clients read the published result for READS seconds:
           requests/s.

Prints one table and each figure's ratio to sqlite-1. Use a release build
(`ninja -C build`), not the sanitizer one. Client and servers share this
machine's cores: the figures are the whole system's, not the server's alone.
"""
import argparse
import base64
import concurrent.futures
import getpass
import http.client
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import sodium  # noqa: E402  libsodium through ctypes, as the tests play the scrutineers
ADMIN = ("bench-admin", "bench-admin-pass")
COSTS = [3000000, 5000000, 8000000, 12000000, 2000000, 7000000, 4000000, 6000000, 9000000, 1000000, 11000000,
         10000000]
SLOTS = 8


class Client:
    """One keep-alive HTTP connection with a session cookie and CSRF token."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(2):
            try:
                self.conn.request(method, "/api/v1" + path, body=data, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        cookie = r.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return r.status, (json.loads(raw) if raw else None)

    def busy_retry(self, path, body):
        """As the web app does: a password hash turned away while the hashing queue is full (503) is sent again."""
        status, answer = None, None
        for attempt in range(200):
            try:
                status, answer = self.call("POST", path, body)
            except (http.client.HTTPException, OSError) as ex:  # a busy server closed the connection: a new one
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                status, answer = 503, repr(ex)
            if status != 503:
                return status, answer
            time.sleep(0.05 * (1 + attempt % 10))
        return status, answer

    def activate(self, login, code, password):
        """The account's first login with its one-time code: chooses the password; the session."""
        status, body = self.busy_retry("/activate", {"login": login, "code": code, "new_password": password})
        if status != 200:
            raise RuntimeError("activate %s: %s %s" % (login, status, body))
        self.csrf = body["csrf_token"]

    def login(self, login, password):
        status, body = self.busy_retry("/login", {"login": login, "password": password})
        if status != 200:
            raise RuntimeError("login %s: %s %s" % (login, status, body))
        self.csrf = body["csrf_token"]

    def must(self, method, path, body=None, status=(200, 201)):
        st, b = self.call(method, path, body)
        if st not in status:
            raise RuntimeError("%s %s: %s %s" % (method, path, st, b))
        return b


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


class Node:
    def __init__(self, binary, db, env):
        self.proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--web", ""],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line or "")
            if m:
                self.port = int(m.group(1))
                break
            if not line and self.proc.poll() is not None:
                break
        if not self.port:
            raise RuntimeError("minsheng serve did not start")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def cpu(self):
        """The processor time the server has used so far (user + system, seconds)."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Nginx:
    """Round robin over the nodes, and the published answers kept for a second, as in docs/deploy.md."""

    def __init__(self, ports, tmp):
        self.dir = os.path.join(tmp, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        user = ("user %s;\n" % getpass.getuser()) if os.geteuid() == 0 else ""
        servers = "".join("    server 127.0.0.1:%d;\n" % p for p in ports)
        conf = (user + "worker_processes 2;\nevents { worker_connections 2048; }\n"
                "http {\n  access_log off;\n"
                "  upstream minsheng {\n" + servers + "    keepalive 64;\n  }\n"
                "  proxy_cache_path " + os.path.join(self.dir, "cache") +
                " keys_zone=minsheng_published:10m max_size=256m inactive=10m;\n"
                "  server {\n    listen 127.0.0.1:%d;\n    client_max_body_size 1m;\n"
                # docs/deploy.md's published location: nginx keeps a closed vote's result for a second
                "    location ~ ^/api/v1/(polls|evaluations|reviews)/[0-9]+/(result|bulletin)$ {\n"
                "      proxy_pass http://minsheng;\n      proxy_http_version 1.1;\n"
                "      proxy_set_header Connection \"\";\n      proxy_set_header Host $host;\n"
                "      proxy_next_upstream error timeout http_502 http_503;\n"
                "      proxy_cache minsheng_published;\n      proxy_cache_valid 200 1s;\n"
                "      proxy_ignore_headers Cache-Control;\n      proxy_cache_background_update on;\n"
                "      proxy_cache_use_stale updating;\n    }\n"
                "    location / {\n      proxy_pass http://minsheng;\n      proxy_http_version 1.1;\n"
                "      proxy_set_header Connection \"\";\n      proxy_set_header Host $host;\n"
                "      proxy_next_upstream error timeout http_502 http_503;\n    }\n  }\n}\n") % self.port
        for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        conf = conf.replace("http {\n", "http {\n  client_body_temp_path %s/client_body;\n  proxy_temp_path %s/proxy;\n"
                            "  fastcgi_temp_path %s/fastcgi;\n  uwsgi_temp_path %s/uwsgi;\n  scgi_temp_path %s/scgi;\n"
                            % ((self.dir,) * 5), 1)
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", self.dir, "-c", os.path.join(self.dir, "nginx.conf"), "-g",
                                      "daemon off; pid %s/nginx.pid; error_log %s/error.log;" % (self.dir, self.dir)])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def setup(port, n_deputies, threads=8):
    """Congress, clerk, deputies (each activates its account, choosing the password pass-NNNNN), cycle,
    candidates, poll; everyone checked in; one scrutineer (deputy b00000, with a one-time key pair made as
    the web app makes it); open. Returns the clerk, the poll and the scrutineer's opened share."""
    admin = Client(port)
    admin.login(*ADMIN)
    cong = admin.must("POST", "/congresses", {"name": "基准测试人大", "level": "city"})["id"]
    code = admin.must("POST", "/users", {"login": "bench-clerk", "name": "工作人员", "roles": ["clerk"],
                                         "congress_id": cong})["activation_code"]
    clerk = Client(port)
    clerk.activate("bench-clerk", code, "bench-clerk-pass")
    rows = ["name,login"] + ["代表%d,b%05d" % (i, i) for i in range(n_deputies)]
    res = clerk.must("POST", "/congresses/%d/deputies/import" % cong, {"csv": "\n".join(rows) + "\n"})

    def activate(row):
        c = Client(port)
        c.activate(row["login"], row["activation_code"], "pass-" + row["login"][1:])
        if row["login"] != "b00000":
            c.conn.close()
            return None
        return c
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        scrutineer = list(ex.map(activate, res["rows"]))[0]
    cycle = clerk.must("POST", "/congresses/%d/cycles" % cong, {"year": 2030, "title": "基准"})["id"]
    for i, c in enumerate(COSTS):
        clerk.must("POST", "/cycles/%d/candidates" % cycle, {"title": "项目%d" % i, "cost": c})
    for phase in ("compile", "vote"):
        clerk.must("POST", "/cycles/%d/phase" % cycle, {"phase": phase})
    poll = clerk.must("POST", "/cycles/%d/polls" % cycle, {"title": "基准票决", "slots": SLOTS})
    ids = []
    page = 1
    while True:
        r = clerk.must("GET", "/congresses/%d/deputies?per_page=200&page=%d" % (cong, page))
        ids += [d["id"] for d in r["items"]]
        if len(ids) >= r["total"]:
            break
        page += 1
    for k in range(0, len(ids), 500):
        clerk.must("POST", "/polls/%d/checkin" % poll["id"], {"deputy_ids": ids[k:k + 500]})
    first = clerk.must("GET", "/congresses/%d/deputies?q=b00000" % cong)["items"][0]
    clerk.must("PUT", "/polls/%d/scrutineers" % poll["id"], {"scrutineer_ids": [first["id"]], "shares_needed": 1})
    pk, sk = sodium.keypair()
    scrutineer.must("PUT", "/polls/%d/scrutineers/me/key" % poll["id"],
                    {"public_key": base64.urlsafe_b64encode(pk).decode().rstrip("=")})
    clerk.must("POST", "/polls/%d/open" % poll["id"], {})
    sealed = scrutineer.must("GET", "/polls/%d/scrutineers/me/share" % poll["id"])["sealed_share"]
    share = sodium.seal_open(base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4)), pk, sk).decode()
    return clerk, poll, share


def login_all(port, n, threads):
    def one(i):
        c = Client(port)
        c.login("b%05d" % i, "pass-%05d" % i)
        return c
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        return list(ex.map(one, range(n)))


def intake(deputies, poll, threads):
    cand = [c["id"] for c in poll["candidates"]]
    rnd = random.Random(1)
    choices = [sorted(rnd.sample(cand, rnd.randint(0, SLOTS))) for _ in deputies]
    lat = []
    lock = threading.Lock()
    todo = list(range(len(deputies)))

    def worker():
        mine = []
        while True:
            with lock:
                if not todo:
                    break
                i = todo.pop()
            t0 = time.perf_counter()
            st, b = deputies[i].call("POST", "/polls/%d/ballot" % poll["id"], {"choices": choices[i]})
            mine.append(time.perf_counter() - t0)
            if st != 201:
                raise RuntimeError("ballot: %s %s" % (st, b))
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        for f in [ex.submit(worker) for _ in range(threads)]:
            f.result()
    wall = time.perf_counter() - t0
    lat.sort()
    return {"ballots_per_s": len(deputies) / wall, "p50_ms": 1000 * statistics.median(lat),
            "p99_ms": 1000 * lat[int(0.99 * (len(lat) - 1))]}


def reads(port, poll_id, threads, seconds):
    stop = time.perf_counter() + seconds
    counts = []
    lock = threading.Lock()

    def worker():
        c = Client(port)
        n = 0
        while time.perf_counter() < stop:
            st, _ = c.call("GET", "/polls/%d/result" % poll_id)
            if st != 200:
                raise RuntimeError("result: %s" % st)
            n += 1
        with lock:
            counts.append(n)

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        for f in [ex.submit(worker) for _ in range(threads)]:
            f.result()
    return {"reads_per_s": sum(counts) / (time.perf_counter() - t0)}


def pg_database(admin_uri, name):
    run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin_uri, "-c",
         "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'" % name])
    return admin_uri.rsplit("/", 1)[0] + "/" + name


def measure(name, binary, db, nodes, a, tmp):
    # All load comes from loopback, one client address: no per-address cap.
    env = dict(os.environ, MINSHENG_PWHASH_COST="min", MINSHENG_THREADS=str(max(8, a.threads // nodes)),
               MINSHENG_CONNECTIONS_PER_IP="0")
    run([binary, "init", "--db", db], env=env)
    run([binary, "user", "add", "--db", db, "--login", ADMIN[0], "--password", ADMIN[1], "--name", "管理员",
         "--role", "admin"], env=env)
    servers = [Node(binary, db, env) for _ in range(nodes)]
    lb = Nginx([s.port for s in servers], tmp) if nodes > 1 else None
    port = lb.port if lb else servers[0].port
    try:
        clerk, poll, share = setup(port, a.deputies, a.threads)
        deputies = login_all(port, a.deputies, a.threads)
        r = intake(deputies, poll, a.threads)
        res = clerk.must("POST", "/polls/%d/close" % poll["id"], {"shares": [share]})
        if res["ballots_returned"] != a.deputies:
            raise RuntimeError("%s: %d ballots counted, %d cast" % (name, res["ballots_returned"], a.deputies))
        r.update(reads(port, poll["id"], a.threads, a.reads))
        return r
    finally:
        if lb:
            lb.stop()
        for s in servers:
            s.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "minsheng"))
    ap.add_argument("--deputies", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=32)
    ap.add_argument("--reads", type=float, default=5.0, help="seconds of result reads")
    ap.add_argument("--only", action="append", help="sqlite-1, pg-1 or pg-2 (repeatable)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-")
    os.chmod(tmp, 0o755)
    pgdir = os.path.join(tmp, "pg")
    want = a.only or ["sqlite-1", "pg-1", "pg-2"]
    results = {}
    admin_uri = None
    try:
        if any(w.startswith("pg") for w in want):
            admin_uri = run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pgdir],
                            env=dict(os.environ, MINSHENG_PG_FSYNC="on")).stdout.strip()
        for name in want:
            if name == "sqlite-1":
                db = "sqlite:" + os.path.join(tmp, "bench.db")
            else:
                db = pg_database(admin_uri, name.replace("-", "_"))
            print("bench: %s …" % name, file=sys.stderr, flush=True)
            results[name] = measure(name, a.bin, db, 2 if name == "pg-2" else 1, a, tmp)
    finally:
        if admin_uri:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pgdir])
        shutil.rmtree(tmp, ignore_errors=True)

    print("ballot intake and result reads — %d deputies, %d client threads, %g s of reads, one run"
          % (a.deputies, a.threads, a.reads))
    print("%-9s %12s %9s %9s %12s %14s %12s" % ("set-up", "ballots/s", "p50 ms", "p99 ms", "reads/s",
                                                 "intake ratio", "reads ratio"))
    base = results.get("sqlite-1")
    for name, r in results.items():
        ir = "%.2fx" % (r["ballots_per_s"] / base["ballots_per_s"]) if base else "-"
        rr = "%.2fx" % (r["reads_per_s"] / base["reads_per_s"]) if base else "-"
        print("%-9s %12.0f %9.1f %9.1f %12.0f %14s %12s" % (name, r["ballots_per_s"], r["p50_ms"], r["p99_ms"],
                                                          r["reads_per_s"], ir, rr))
    if "pg-1" in results and "pg-2" in results:
        print("two nodes vs one on PostgreSQL: intake %.2fx, reads %.2fx"
              % (results["pg-2"]["ballots_per_s"] / results["pg-1"]["ballots_per_s"],
                 results["pg-2"]["reads_per_s"] / results["pg-1"]["reads_per_s"]))


if __name__ == "__main__":
    main()
