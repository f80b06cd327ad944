#!/usr/bin/env python3
"""The public demand form under load: residents' demands taken at 200 connections.

usage: python3 bench/liaison_intake.py [--build build] [--connections 200] [--seconds 10] [--runs 3]

Makes the demo (`minsheng demo`) in a temporary directory and serves it with the congress's proxy trusted
(MINSHENG_TRUSTED_PROXIES=127.0.0.1), as behind nginx in a deployment. Then, in one run so that the ratios compare
like with like on this noisy machine, RUNS times each:

  nginx     wrk GET of a 200-byte static file (the reference, issue 18's);
  form      wrk POST /api/v1/demands: a resident's demand through the public form (title, text, area; no
            contact, no photo), each request from a random client address (X-Forwarded-For, so that the form's
            per-address limit counts each resident, not the benchmark); every 201 is one demand written, its first
            step, its tracking code's hash, the per-address count and the search index, in one durable transaction.

Prints requests/s and p99 latency, each as a ratio to nginx's, the non-2xx answers (429 when two random addresses
collide past the limit), and checks afterwards that the database holds a demand for every 201 (and no more than the
requests still in flight when each run ended). Use a release build
(`ninja -C build`). wrk shares the machine's two cores with the server: the figures are the whole system's. Needs wrk
and nginx (`scripts/deps.sh bench`).
"""
import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Node  # noqa: E402
from supervise import Nginx, wrk  # noqa: E402

POST_LUA = """
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 1000)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local body = [[%s]]
request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%%d.%%d.%%d", math.random(0, 255), math.random(0, 255),
                                                  math.random(1, 254))
  return wrk.format(nil, "/api/v1/demands", nil, body)
end
"""


def wrk_post(port, body, seconds, connections, tmp):
    """requests/s, p99 ms, non-2xx count of one wrk run of the form."""
    script = os.path.join(tmp, "post.lua")
    with open(script, "w") as f:
        f.write(POST_LUA % json.dumps(body, ensure_ascii=False))
    out = subprocess.run(["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency", "-s", script,
                          "http://127.0.0.1:%d/" % port], capture_output=True, text=True, check=True).stdout
    import re
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, p99, int(bad.group(1)) if bad else 0, total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    binary = os.path.join(args.build, "minsheng")
    for tool in ("wrk",):
        if not shutil.which(tool):
            sys.exit("bench/liaison_intake.py needs %s: scripts/deps.sh bench" % tool)
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-intake-")
    db = os.path.join(tmp, "demo.db")
    env = dict(os.environ, MINSHENG_PWHASH_COST="min", MINSHENG_TRUSTED_PROXIES="127.0.0.1")
    try:
        subprocess.run([binary, "demo", "--db", db], check=True, env=env, stdout=subprocess.DEVNULL)
        before = sqlite3.connect(db).execute("SELECT count(*) FROM demand").fetchone()[0]
        nginx = Nginx(tmp)
        srv = Node(binary, db, env)
        try:
            form = json.load(urllib.request.urlopen("http://127.0.0.1:%d/api/v1/intake?congress_id=1" % srv.port))
            area = (form.get("areas") or [""])[0]
            body = {"congress_id": 1, "title": "小区电梯坏了三天没人修", "text": "幸福小区5号楼电梯坏了三天，老人上下楼困难，"
                    "希望尽快修好。", "area": area, "litigation": False}
            ref, got = [], []
            for _ in range(args.runs):
                ref.append(wrk(nginx.port, "/static.json", args.seconds, args.connections, tmp))
                got.append(wrk_post(srv.port, body, args.seconds, args.connections, tmp))
        finally:
            srv.stop()
            nginx.stop()
        taken = sqlite3.connect(db).execute("SELECT count(*) FROM demand").fetchone()[0] - before
        ok = sum(t - bad for _, _, bad, t in got)
        print("%d connections, %d s each, %d runs (wrk -t2); medians:" % (args.connections, args.seconds, args.runs))
        print("%-34s %10s %9s %10s %9s %8s" % ("", "req/s", "× nginx", "p99 ms", "× nginx", "non-2xx"))
        n_rps = statistics.median(r[0] for r in ref)
        n_p99 = statistics.median(r[1] for r in ref)
        print("%-34s %10.0f %9s %10.1f %9s %8d" % ("nginx static (200 B)", n_rps, "1", n_p99, "1",
                                                    sum(r[2] for r in ref)))
        f_rps = statistics.median(r[0] for r in got)
        f_p99 = statistics.median(r[1] for r in got)
        print("%-34s %10.0f %9.3f %10.1f %9.1f %8d" % ("POST /demands (the public form)", f_rps, f_rps / n_rps, f_p99,
                                                        f_p99 / n_p99, sum(r[2] for r in got)))
        print("per run: nginx %s req/s; form %s req/s" % (", ".join("%.0f" % r[0] for r in ref),
                                                          ", ".join("%.0f" % r[0] for r in got)))
        # wrk stops counting at the end of each run while up to CONNECTIONS requests are still being answered: those
        # are written too, so the database holds every 201 wrk saw and at most that many more per run.
        fits = ok <= taken <= ok + args.connections * args.runs
        print("demands written: %d; 201 answers seen by wrk: %d — %s" % (
            taken, ok, "every 201 is a demand" if fits else "MISMATCH"))
        if not fits:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
