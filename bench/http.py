#!/usr/bin/env python3
"""HTTP under load, driven by wrk with Lua scripts, against nginx measured in the same run (issue 18).

usage: python3 bench/http.py [--bin build/minsheng] [--deputies 6000] [--only sqlite-1,pg-1,pg-2]
                             [--seconds 10] [--read-connections 200] [--intake-connections 64]

The reference: nginx serving a 200-byte static file, measured with wrk first at the same connection counts
as Minsheng's rows (the machine is noisy: compare ratios, not figures).

For each set-up (as bench/backends.py makes them: sqlite-1, one node on a SQLite file; pg-1, one node on a
throwaway PostgreSQL with fsync on; pg-2, two nodes on it behind nginx) a congress with DEPUTIES deputies, a
poll with all of them checked in and open, and every deputy logged in (one session each; the servers hash passwords
at the cheapest cost, MINSHENG_PWHASH_COST=min, since the logins are set-up, not what is measured); then

  intake   wrk, INTAKE connections, Lua: each request one deputy's ballot (its session cookie and CSRF token),
           each deputy once, from one wrk thread (with two, the thread done first sent its last ballot again
           and again, a 409 each, while the other still had ballots to send: up to four refused requests to
           each ballot, which slowed the ballots it measured). Throughput is the deputies' ballots over the
           time until the last one was stored (the poll's ballots_cast, read every 50 ms), so the run's tail
           of refused extra requests does not count; every 201 is durable (SQLite with group commit,
           PostgreSQL fsync on). p99 is wrk's over every request. The servers' processor time over the run
           (/proc: user + system, the poll's reads included) is given a stored ballot: a figure that moves
           less than the throughput when the machine's speed swings.
  mixed    the next third of the deputies vote while the others read the poll's page: nine reads of
           GET /polls/{id} (live turnout) to one ballot, READ connections.
  reads    the poll closed with the scrutineer's share; READ connections read its published result
           (GET /polls/{id}/result) for SECONDS seconds.

Prints one table, each figure beside nginx's and its ratio. Use a release build (`ninja -C build`). wrk and
the servers share this machine's two cores.
"""
import sys
# this file's name is the standard library's http: take that one first, then look here for the set-ups
sys.path.pop(0)
import http.client  # noqa: E402,F401
import argparse  # noqa: E402
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "bench"))
import backends  # noqa: E402  the set-ups: nodes, the proxy, the congress, the logins
from supervise import Nginx as StaticNginx  # noqa: E402  nginx on a 200-byte file

LUA_HEAD = """
local sessions = {%s}
local bodies = {%s}
local first, step = %d, %d
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  me = wrk.thread:get("id")
  next_i = first + me
  created, refused, reads = 0, 0, 0
  -- wrk calls thread 0's request() once before the run to check what it makes, and never sends that request
  verified = me ~= 0
end
"""

# every request one deputy's ballot; a thread whose deputies have all voted sends its last one again (409) until
# the run is stopped, as soon as every ballot is stored (wrk's check of request() before the run uses up no
# deputy: see init)
LUA_INTAKE = LUA_HEAD + """
function request()
  local i = next_i
  if i > #sessions then i = #sessions end
  if not verified then
    verified = true  -- the check's request: this deputy's ballot is sent later, for real
  else
    next_i = next_i + step
  end
  local s = sessions[i]
  return wrk.format("POST", "%s", {["Cookie"] = s[1], ["X-CSRF-Token"] = s[2],
                    ["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else refused = refused + 1 end
end
""" + """
function done(summary, latency, requests)
  local c, r = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); r = r + t:get("refused") end
  io.write(string.format("LUA created=%%d refused=%%d\\n", c, r))
end
"""

# nine reads of the poll's page to one ballot
LUA_MIXED = LUA_HEAD + """
local k = 0
function request()
  k = k + 1
  if k %% 10 == 0 and next_i <= #sessions then
    local i = next_i
    next_i = next_i + step
    local s = sessions[i]
    return wrk.format("POST", "%s", {["Cookie"] = s[1], ["X-CSRF-Token"] = s[2],
                      ["Content-Type"] = "application/json"}, bodies[i])
  end
  return wrk.format("GET", "%s")
end
function response(status, headers, body)
  if status == 201 then created = created + 1 elseif status == 200 then reads = reads + 1
  else refused = refused + 1 end
end
function done(summary, latency, requests)
  local c, r, g = 0, 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); r = r + t:get("refused"); g = g + t:get("reads") end
  io.write(string.format("LUA created=%%d refused=%%d reads=%%d\\n", c, r, g))
end
"""


def lua_str(s):
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""


def script(path, template, clients, bodies, first, step, *fmt):
    sessions = ",".join("{%s,%s}" % (lua_str(c.cookie), lua_str(c.csrf)) for c in clients)
    with open(path, "w") as f:
        f.write(template % ((sessions, ",".join(lua_str(b) for b in bodies), first, step) + fmt))
    return path


def parse(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else float("nan")
    lua = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", (re.search(r"LUA (.*)", out) or [""])[0]))
    return rps, p99, lua


def wrk(url, connections, seconds, lua=None, until=None, threads=2):
    """One wrk run; with until (a function), it is stopped (SIGINT) as soon as until() is true and the time it
    gives (seconds from the start) is returned beside the output."""
    args = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "--timeout", "30s"]
    if lua:
        args += ["-s", lua]
    p = subprocess.Popen(args + [url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t0 = time.perf_counter()
    done_at = None
    if until:
        while p.poll() is None:
            done_at = until(t0)
            if done_at is not None:
                p.send_signal(signal.SIGINT)
                break
            time.sleep(0.05)
    out = p.communicate()[0]
    if p.returncode not in (0, -signal.SIGINT):
        raise RuntimeError("wrk failed: %s" % out)
    return out, done_at


def ballots_cast(clerk, poll_id):
    return clerk.must("GET", "/polls/%d" % poll_id)["ballots_cast"]


def measure(name, binary, db, nodes, a, tmp, ref):
    # the set-up's thousands of first logins are not what is measured: the cheapest password hash for them
    env = dict(os.environ, MINSHENG_PWHASH_COST="min")
    procs = [backends.Node(binary, db, env) for _ in range(nodes)]
    proxy = backends.Nginx([p.port for p in procs], tmp) if nodes > 1 else None
    port = proxy.port if proxy else procs[0].port
    rows = []
    try:
        print("%s: %d deputies activate, log in …" % (name, a.deputies), file=sys.stderr, flush=True)
        clerk, poll, share = backends.setup(port, a.deputies)
        # every deputy's session (each connection closed once logged in: the server limits open connections)
        def login(i):
            c = backends.Client(port)
            c.login("b%05d" % i, "pass-%05d" % i)
            c.conn.close()
            return c
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            clients = list(ex.map(login, range(a.deputies)))
        cand = [c["id"] for c in poll["candidates"]]
        rnd = random.Random(1)
        bodies = [json.dumps({"choices": sorted(rnd.sample(cand, rnd.randint(0, backends.SLOTS)))}) for _ in clients]
        base = "http://127.0.0.1:%d" % port
        ballot = "/api/v1/polls/%d/ballot" % poll["id"]
        cut = 2 * len(clients) // 3
        # intake: the first two thirds of the deputies, each once
        lua = script(os.path.join(tmp, "intake.lua"), LUA_INTAKE, clients[:cut], bodies[:cut], 1, 1, ballot)
        # done when every ballot is stored, or when none has been stored for two seconds (a ballot refused with
        # a 5xx is not sent again): the time of the last one stored
        seen = {"n": 0, "at": 0.0}

        def stored(t0):
            n, now = ballots_cast(clerk, poll["id"]), time.perf_counter() - t0
            if n != seen["n"]:
                seen["n"], seen["at"] = n, now
            return seen["at"] if n >= cut or (n and now - seen["at"] > 2) else None
        cpu0 = sum(p.cpu() for p in procs)
        out, took = wrk(base + ballot, a.intake_connections, 600, lua, stored, threads=1)
        cpu = sum(p.cpu() for p in procs) - cpu0
        rps, p99, lua_counts = parse(out)
        if took is None:
            raise RuntimeError("intake: no ballot stored")
        rows.append(("intake, %d connections (ballots/s)" % a.intake_connections, seen["n"] / took, p99,
                     ref[a.intake_connections], "%d of %d stored, %d answers 201, %d other; server CPU %.0f µs a ballot" % (
                         seen["n"], cut, lua_counts.get("created", 0), lua_counts.get("refused", 0),
                         cpu / max(seen["n"], 1) * 1e6)))
        # mixed: the last third vote among nine reads of the poll's page to a ballot
        rest = clients[cut:]
        lua = script(os.path.join(tmp, "mixed.lua"), LUA_MIXED, rest, bodies[cut:], 1, 2, ballot,
                     "/api/v1/polls/%d" % poll["id"])
        out, _ = wrk(base + "/", a.read_connections, a.seconds, lua)
        rps, p99, lc = parse(out)
        rows.append(("mixed 9 reads : 1 ballot, %d connections (req/s)" % a.read_connections, rps, p99,
                     ref[a.read_connections], "%d 201, %d reads, %d other" % (lc.get("created", 0), lc.get("reads", 0),
                                                                             lc.get("refused", 0))))
        clerk.must("POST", "/polls/%d/close" % poll["id"], {"shares": [share]})
        # reads: the published result
        out, _ = wrk(base + "/api/v1/polls/%d/result" % poll["id"], a.read_connections, a.seconds)
        rps, p99, _ = parse(out)
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        rows.append(("published result, %d connections (req/s)" % a.read_connections, rps, p99,
                     ref[a.read_connections], "%s non-2xx" % (bad.group(1) if bad else "0")))
    finally:
        if proxy:
            proxy.stop()
        for p in procs:
            p.stop()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "minsheng"))
    ap.add_argument("--deputies", type=int, default=6000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--read-connections", type=int, default=200)
    ap.add_argument("--intake-connections", type=int, default=64)
    ap.add_argument("--only", default="sqlite-1,pg-1,pg-2")
    a = ap.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("bench/http.py needs %s: scripts/deps.sh bench" % tool)
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-http-")
    os.chmod(tmp, 0o755)  # run as root, PostgreSQL's server runs as postgres and keeps its data in here
    results = []
    try:
        static = StaticNginx(tmp)
        # nginx at each measure's connections, from as many wrk threads as that measure uses (intake: one)
        ref = {}
        for c, threads in sorted({(a.read_connections, 2), (a.intake_connections, 1)}):
            out, _ = wrk("http://127.0.0.1:%d/static.json" % static.port, c, a.seconds, threads=threads)
            ref.setdefault(c, parse(out)[:2])
        static.stop()
        pg = None
        for name in a.only.split(","):
            if name == "sqlite-1":
                db, nodes = os.path.join(tmp, "bench.db"), 1
            else:
                if pg is None:
                    env = dict(os.environ, MINSHENG_PG_FSYNC="on")
                    pg = backends.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start",
                                       os.path.join(tmp, "pg")], env=env).stdout.strip().splitlines()[-1]
                db, nodes = backends.pg_database(pg, "bench_" + name.replace("-", "_")), int(name[-1])
            backends.run([a.bin, "init", "--db", db])
            backends.run([a.bin, "user", "add", "--db", db, "--login", backends.ADMIN[0], "--password",
                          backends.ADMIN[1], "--name", "基准管理员", "--role", "admin"])
            results.append((name, measure(name, a.bin, db, nodes, a, tmp, ref)))
            for row in results[-1][1]:  # as measured, in case a later set-up fails
                print("%s: %s: %.0f (p99 %.1f ms) %s" % (name, row[0], row[1], row[2], row[4]), file=sys.stderr,
                      flush=True)
            shutil.rmtree(os.path.join(tmp, "nginx"), ignore_errors=True)
    finally:
        if os.path.exists(os.path.join(tmp, "pg")):
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", os.path.join(tmp, "pg")],
                           capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nnginx static (200 B): %s" % ", ".join("%d connections %.0f req/s, p99 %.1f ms" % (c, r[0], r[1])
                                                  for c, r in sorted(ref.items())))
    print("%-8s %-52s %10s %9s %9s %9s  %s" % ("set-up", "measure", "figure", "× nginx", "p99 ms", "× nginx",
                                               "requests"))
    for name, rows in results:
        for what, fig, p99, (nrps, np99), note in rows:
            print("%-8s %-52s %10.0f %9.3f %9.1f %9.1f  %s" % (name, what, fig, fig / nrps, p99, p99 / np99, note))


if __name__ == "__main__":
    main()
