#!/usr/bin/env python3
"""Three-level linkage at the size of a province: the roll-up dashboards read.

usage: python3 bench/rollup.py [--build build] [--baseline DIR] [--districts 15] [--towns 200]
                               [--demands 1000000] [--connections 200] [--seconds 10]
                               [--only sqlite|pg] [--db FILE]

Builds (or reuses, with --db) a data set with bench_rollup_data: 1 city,
DISTRICTS districts, TOWNS towns under them, each with five years of rounds
(6 projects each, every light) and DEMANDS residents' demands over the five
years, one in twenty a case with its assignment. The same data is copied into
a throwaway PostgreSQL 15 (`minsheng copy`, scripts/pg-test-server.sh). Then,
in one run so that the ratios compare like with like on this noisy machine,
wrk with CONNECTIONS connections for SECONDS seconds each against

  nginx      a 200-byte static file (the reference, issue 18's);
  city       GET /api/v1/congresses/1/rollup?year=2026 (the whole province:
             1 + DISTRICTS + TOWNS congresses summed);
  district   the same for the first district (itself and its towns);
  town       the same for a town;

on SQLite and on PostgreSQL (one node each): requests/s and p99 latency,
each as a ratio to nginx's. Each target gets a fresh server, read once before
wrk starts: the roll-up's cache (src/rollup/rollup_cache.c) is then warm, as
it is for the dashboards that read the same figures again and again — the
count itself, what a miss costs, is what a build without the cache measures.
The server is stopped after each target once it has answered what was still
queued, so a slow target does not weigh on the next one.

--baseline DIR: also measure the minsheng of another build directory (e.g.
the commit before a change, built in a second directory), on the same data
and the same PostgreSQL copy, each of its rows just before the same row of
--build, marked "before" and "after".

Use a release build (`ninja -C build`). wrk, the client, shares the
machine's two cores with the server: the figures are the whole system's.
Needs wrk and nginx (`scripts/deps.sh bench` installs them).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Node, pg_database, run  # noqa: E402
from supervise import Nginx, wrk  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--baseline", help="also measure this build directory's minsheng, row by row before --build's")
    ap.add_argument("--districts", type=int, default=15)
    ap.add_argument("--towns", type=int, default=200)
    ap.add_argument("--demands", type=int, default=1000000)
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--only", choices=("sqlite", "pg"), action="append")
    ap.add_argument("--db", help="reuse (or keep) the data set in this SQLite file")
    args = ap.parse_args()
    binary = os.path.join(args.build, "minsheng")
    builds = [("before", os.path.join(args.baseline, "minsheng")), ("after", binary)] if args.baseline else \
        [("", binary)]
    data = os.path.join(args.build, "bench_rollup_data")
    if not shutil.which("wrk"):
        sys.exit("bench/rollup.py needs wrk: scripts/deps.sh bench")
    want = args.only or ["sqlite", "pg"]
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-rollup-")
    os.chmod(tmp, 0o755)
    db = args.db or os.path.join(tmp, "province.db")
    pgdir = os.path.join(tmp, "pg")
    admin_uri = None
    env = dict(os.environ, MINSHENG_CONNECTIONS_PER_IP="0")
    try:
        if not os.path.exists(db):
            t = time.monotonic()
            out = run([data, db, str(args.districts), str(args.towns), str(args.demands)]).stdout.strip()
            print("data set built in %.1f s (%s, %.0f MB): %s" % (time.monotonic() - t, db, os.path.getsize(db) / 1e6,
                                                                   out))
        targets = [("city", 1), ("district", 2), ("town", 2 + args.districts)]
        dbs = []
        if "sqlite" in want:
            dbs.append(("SQLite", "sqlite:" + db))
        if "pg" in want:
            admin_uri = run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pgdir]).stdout.strip()
            pg = pg_database(admin_uri, "rollup")
            t = time.monotonic()
            run([binary, "copy", "--from", "sqlite:" + db, "--to", pg], env=env)
            print("copied into PostgreSQL in %.1f s" % (time.monotonic() - t))
            dbs.append(("PostgreSQL", pg))
        nginx = Nginx(tmp)
        print("\n1 city, %d districts, %d towns, %d demands; %d connections, %d s each (wrk -t2):"
              % (args.districts, args.towns, args.demands, args.connections, args.seconds))
        print("%-62s %10s %9s %10s %9s %8s" % ("", "req/s", "× nginx", "p99 ms", "× nginx", "non-2xx"))

        def row(name, r, ref):  # printed as measured: a slow engine's later trouble loses nothing
            rps, p99, bad, errors = r
            print("%-62s %10.1f %9.4f %10.1f %9.1f %8d%s" % (name, rps, rps / ref[0], p99, p99 / ref[1], bad,
                                                           ("  socket errors: " + errors) if errors else ""),
                  flush=True)
        try:
            ref = wrk(nginx.port, "/static.json", args.seconds, args.connections, tmp)
            row("nginx static (200 B)", ref, ref)
            for label, spec in dbs:
                for name, cid in targets:
                    path = "/api/v1/congresses/%d/rollup?year=2026" % cid
                    for mark, exe in builds:
                        srv = Node(exe, spec, env)
                        try:
                            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (srv.port, path), timeout=600) as r:
                                size = len(r.read())
                            row("%-10s %-8s %-6s %s" % (label, name, mark, "/congresses/%d/rollup (%d kB)"
                                                        % (cid, round(size / 1000))),
                                wrk(srv.port, path, args.seconds, args.connections, tmp), ref)
                        finally:
                            # requests still queued when wrk stops are answered before the server exits
                            srv.proc.terminate()
                            try:
                                srv.proc.wait(timeout=300)
                            except subprocess.TimeoutExpired:
                                srv.proc.kill()
                                srv.proc.wait()
        finally:
            nginx.stop()
    finally:
        if admin_uri:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pgdir])
        if not args.db:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            shutil.rmtree(os.path.join(tmp, "nginx"), ignore_errors=True)


if __name__ == "__main__":
    main()
