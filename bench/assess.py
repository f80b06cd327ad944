#!/usr/bin/env python3
"""The unit assessment at the size of a province: league tables recomputed, the league-table route read.

usage: python3 bench/assess.py [--build build] [--congresses 200] [--units 50] [--recomputes 3]
                               [--connections 200] [--seconds 10] [--db FILE]

Builds (or reuses, with --db) a data set with bench_assess_data: CONGRESSES congresses of UNITS responsible units,
each unit leading one project of the congress's 2025 round with a published plan of twelve monthly milestones and
six published progress reports marking them reached (some a few days late), two in three accepted (half of those
after their planned finish) — 200 × 50: 10,000 units, 120,000 milestones, 60,000 reports — written through the
domains' own functions. Then, in one run so that the ratios compare like with like on this noisy machine:

  recompute  every congress's assessment for 2025 and each of its 12 months (the league table's own code:
             ms_assess_recompute_year, one read transaction per congress), RECOMPUTES times: seconds;
  reads      wrk, CONNECTIONS connections for SECONDS seconds each, against
               nginx    a 200-byte static file (the reference),
               league   GET /api/v1/congresses/{random}/assessment?year=2025 (the league-table page's read: 50
                        units scored, classed and ranked from the records on each request),
               month    the same for one month (?month=6);
             requests/s and p99 latency, each as a ratio to nginx's.

The satisfaction verdicts and penalties are not in the data set (an evaluation is a secret ballot of its own):
the satisfaction component has no data here, and the score is made of on_time and delivery.

Use a release build (`ninja -C build minsheng bench_assess_data`). wrk, the client, shares the machine's two cores
with the server: the figures are the whole system's. Needs wrk and nginx (`scripts/deps.sh bench`).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Node  # noqa: E402
from supervise import Nginx, wrk  # noqa: E402

YEAR = 2025


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--congresses", type=int, default=200)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--recomputes", type=int, default=3)
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--db", help="reuse (or keep) the data set in this SQLite file")
    args = ap.parse_args()
    binary = os.path.join(args.build, "minsheng")
    data = os.path.join(args.build, "bench_assess_data")
    if not shutil.which("wrk"):
        sys.exit("bench/assess.py needs wrk: scripts/deps.sh bench")
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-assess-")
    db = args.db or os.path.join(tmp, "province.db")
    try:
        if not os.path.exists(db):
            t = time.monotonic()
            subprocess.run([data, db, "build", str(args.congresses), str(args.units)], check=True)
            print("data set built in %.1f s (%s, %.0f MB)" % (time.monotonic() - t, db, os.path.getsize(db) / 1e6))
        times, cpu, out = [], [], ""
        for _ in range(args.recomputes):
            t = time.monotonic()
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([data, db, "recompute", str(YEAR)], capture_output=True, text=True,
                                 check=True).stdout.strip()
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(time.monotonic() - t)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        n = args.congresses * args.units
        print("recompute, %d congresses × %d units × (the year + 12 months): median %.2f s of %d runs (%s), "
              "%.3f ms a unit; last: %s" % (args.congresses, args.units, statistics.median(times), len(times),
                                            ", ".join("%.2f" % x for x in times),
                                            1000 * statistics.median(times) / n, out))
        print("  CPU time (user + system): median %.2f s (%s); load average %.1f on %d cores"
              % (statistics.median(cpu), ", ".join("%.2f" % x for x in cpu), os.getloadavg()[0], os.cpu_count()))

        nginx = Nginx(tmp)
        srv = Node(binary, db, dict(os.environ))
        try:
            rows = []
            ref = wrk(nginx.port, "/static.json", args.seconds, args.connections, tmp)
            rows.append(("nginx static (200 B)", ref))
            rows.append(("league /congresses/{id}/assessment",
                         wrk(srv.port, "/api/v1/congresses/%%d/assessment?year=%d" % YEAR, args.seconds,
                             args.connections, tmp, 1, args.congresses)))
            rows.append(("month  …/assessment?month=6",
                         wrk(srv.port, "/api/v1/congresses/%%d/assessment?year=%d&month=6" % YEAR, args.seconds,
                             args.connections, tmp, 1, args.congresses)))
        finally:
            srv.stop()
            nginx.stop()
        print("\n%d connections, %d s each (wrk -t2):" % (args.connections, args.seconds))
        print("%-36s %10s %9s %10s %9s %8s" % ("", "req/s", "× nginx", "p99 ms", "× nginx", "non-2xx"))
        for name, (rps, p99, bad, errors) in rows:
            print("%-36s %10.0f %9.3f %10.1f %9.1f %8d%s" % (name, rps, rps / ref[0], p99, p99 / ref[1], bad,
                                                           ("  socket errors: " + errors) if errors else ""))
    finally:
        if not args.db:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            shutil.rmtree(os.path.join(tmp, "nginx"), ignore_errors=True)


if __name__ == "__main__":
    main()
