#!/usr/bin/env python3
"""Supervision at the size of a province: lights recomputed, public pages read.

usage: python3 bench/supervise.py [--build build] [--congresses 200] [--projects 20]
                                  [--reports 50] [--connections 200] [--seconds 10]
                                  [--relights 3] [--db FILE]

Builds (or reuses, with --db) a data set with bench_supervise_data: CONGRESSES
congresses, each with a round that selected PROJECTS projects, each with a
published plan and REPORTS weekly progress reports (200 × 20 × 50: 4,000
projects, about 190,000 reports) — written through the domains' own
functions. Then, in one run so that the ratios compare like with like on this
noisy machine:

  relight   `minsheng supervise relight` over every congress, RELIGHTS times:
            seconds per run and per project (each run also escalates tasks);
  reads     wrk, CONNECTIONS connections for SECONDS seconds each, against
              nginx       a 200-byte static file (the reference),
              list        GET /api/v1/congresses/{random}/projects (the public
                          congress page's list: 20 projects with their lights),
              project     GET /api/v1/projects/{random} (the project page's head),
              reports     GET /api/v1/projects/{random}/reports (its reports,
                          with milestones and files: the page's largest read);
            requests/s and p99 latency, each as a ratio to nginx's.

Use a release build (`ninja -C build`). wrk, the client, shares the machine's
two cores with the server: the figures are the whole system's. Needs wrk and
nginx (`scripts/deps.sh bench` installs them).
"""
import argparse
import getpass
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import Node, free_port  # noqa: E402


def wait_port(port, proc, what):
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    raise RuntimeError("%s did not start" % what)


class Nginx:
    """nginx serving one 200-byte file, as issue 18's reference."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "nginx")
        os.makedirs(os.path.join(self.dir, "www"), exist_ok=True)
        with open(os.path.join(self.dir, "www", "static.json"), "w") as f:
            f.write(("{\"ok\": true, \"pad\": \"%s\"}" % ("x" * 200))[:199] + "\n")
        self.port = free_port()
        user = ("user %s;\n" % getpass.getuser()) if os.geteuid() == 0 else ""
        temps = "".join("  %s_temp_path %s/%s;\n" % (t, self.dir, t)
                        for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        conf = (user + "worker_processes 2;\nevents { worker_connections 4096; }\n"
                "http {\n  access_log off;\n" + temps +
                "  server {\n    listen 127.0.0.1:%d;\n    root %s/www;\n  }\n}\n") % (self.port, self.dir)
        path = os.path.join(self.dir, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.proc = subprocess.Popen([nginx, "-p", self.dir, "-c", path, "-g",
                                      "daemon off; pid %s/nginx.pid; error_log %s/error.log;" % (self.dir, self.dir)])
        wait_port(self.port, self.proc, "nginx")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


# Each connection asks for a random congress's or project's page.
LUA = """
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) %% 1000)
request = function()
  local path = string.format("%s", math.random(%d, %d))
  return wrk.format("GET", path)
end
"""


def wrk(port, path, seconds, connections, tmp, lo=None, hi=None):
    """requests/s, p99 ms, non-2xx count of one wrk run."""
    args = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % seconds, "--latency"]
    if lo is not None:
        script = os.path.join(tmp, "req.lua")
        with open(script, "w") as f:
            f.write(LUA % (path, lo, hi))
        args += ["-s", script]
        url = "http://127.0.0.1:%d/" % port
    else:
        url = "http://127.0.0.1:%d%s" % (port, path)
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, p99, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--congresses", type=int, default=200)
    ap.add_argument("--projects", type=int, default=20)
    ap.add_argument("--reports", type=int, default=50)
    ap.add_argument("--connections", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--relights", type=int, default=3)
    ap.add_argument("--db", help="reuse (or keep) the data set in this SQLite file")
    args = ap.parse_args()
    binary = os.path.join(args.build, "minsheng")
    data = os.path.join(args.build, "bench_supervise_data")
    for tool in ("wrk",):
        if not shutil.which(tool):
            sys.exit("bench/supervise.py needs %s: scripts/deps.sh bench" % tool)
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-supervise-")
    db = args.db or os.path.join(tmp, "province.db")
    try:
        if not os.path.exists(db):
            t = time.monotonic()
            subprocess.run([data, db, str(args.congresses), str(args.projects), str(args.reports)], check=True)
            print("data set built in %.1f s (%s, %.0f MB)" % (time.monotonic() - t, db, os.path.getsize(db) / 1e6))
        n_projects = args.congresses * args.projects
        times = []
        for _ in range(args.relights):
            t = time.monotonic()
            out = subprocess.run([binary, "supervise", "relight", "--db", db], capture_output=True, text=True,
                                 check=True).stdout.strip()
            times.append(time.monotonic() - t)
        print("relight, every congress (%d projects): median %.2f s of %d runs (%s), %.2f ms a project; last: %s"
              % (n_projects, statistics.median(times), len(times), ", ".join("%.2f" % x for x in times),
                 1000 * statistics.median(times) / n_projects, out))

        nginx = Nginx(tmp)
        srv = Node(binary, db, dict(os.environ))
        try:
            rows = []
            ref = wrk(nginx.port, "/static.json", args.seconds, args.connections, tmp)
            rows.append(("nginx static (200 B)", ref))
            rows.append(("list   /congresses/{id}/projects",
                         wrk(srv.port, "/api/v1/congresses/%d/projects", args.seconds, args.connections, tmp,
                             1, args.congresses)))
            rows.append(("project /projects/{id}",
                         wrk(srv.port, "/api/v1/projects/%d", args.seconds, args.connections, tmp, 1, n_projects)))
            rows.append(("reports /projects/{id}/reports",
                         wrk(srv.port, "/api/v1/projects/%d/reports", args.seconds, args.connections, tmp, 1,
                             n_projects)))
        finally:
            srv.stop()
            nginx.stop()
        print("\n%d connections, %d s each (wrk -t2):" % (args.connections, args.seconds))
        print("%-34s %10s %9s %10s %9s %8s" % ("", "req/s", "× nginx", "p99 ms", "× nginx", "non-2xx"))
        for name, (rps, p99, bad, errors) in rows:
            print("%-34s %10.0f %9.3f %10.1f %9.1f %8d%s" % (name, rps, rps / ref[0], p99, p99 / ref[1], bad,
                                                           ("  socket errors: " + errors) if errors else ""))
    finally:
        if not args.db:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            shutil.rmtree(os.path.join(tmp, "nginx"), ignore_errors=True)


if __name__ == "__main__":
    main()
