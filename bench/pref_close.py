#!/usr/bin/env python3
"""bench/pref_close.py — a public preference poll's close at millions of residents' ballots (issue 18, counting at
close). For each case P:N, a database `minsheng demo` made, with a poll of P candidates (12: the demo's own; any
other: a new round and poll, bench_pref_close_data setup P) that gets N ballots (bench_pref_close_data build: each
resident approves each candidate with a probability of its own), then, in the same run on the same file:

  distinct  the ballots' distinct sets of choices: the rows the close reads (pref_tally)
  compute   the close's computation (the counts read, the election built, greedy and Equal Shares counted, the
            measures when within their bounds): median of 5
  scan      the reference: every ballot row read and nothing counted, the floor of any close that reads the
            ballots one by one (as the close did before pref_tally, and as the .pb export does): median of 3
  close     the close itself, in its one transaction (once: it closes the poll)

With 12 candidates the ballots repeat (at most 4,095 distinct); with 30, nearly every ballot differs, and the close
costs what its distinct ballots cost. Prints figures, never a verdict: these machines are noisy. Writing ten million
ballots takes minutes; --keep DIR keeps the databases for the next run (rebuilt when missing).

Usage: python3 bench/pref_close.py [--build build] [--cases 12:1000000,12:10000000,30:1000000] [--keep DIR]
Needs a build with bench_pref_close_data (`ninja -C build`).
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile


def run(args):
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(args), out.stderr.strip()))
    return out.stdout


def seconds(text, key):
    return [float(line.split("\t")[1]) for line in text.splitlines() if line.startswith(key + "\t")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--cases", default="12:1000000,12:10000000,30:1000000")
    ap.add_argument("--keep", help="a directory to keep the databases in between runs")
    a = ap.parse_args()
    data = os.path.join(a.build, "bench_pref_close_data")
    minsheng = os.path.join(a.build, "minsheng")
    for b in (data, minsheng):
        if not os.access(b, os.X_OK):
            sys.exit("%s is missing: ninja -C %s" % (b, a.build))
    work = a.keep or tempfile.mkdtemp(prefix="ms-pref-close-")
    os.makedirs(work, exist_ok=True)
    print("%10s %12s %10s %11s %9s %9s %12s" % ("candidates", "ballots", "distinct", "compute s", "scan s", "close s",
                                                "scan/compute"))
    try:
        for case in a.cases.split(","):
            p, n = (int(x) for x in case.split(":"))
            keep = os.path.join(work, "pref-%d-%d.db" % (p, n))
            if not os.path.exists(keep):
                tmp = keep + ".new"
                for f in (tmp, tmp + "-wal", tmp + "-shm"):
                    if os.path.exists(f):
                        os.remove(f)
                run([minsheng, "demo", "--db", tmp])
                if p != 12:
                    run([data, tmp, "setup", str(p)])
                run([data, tmp, "build", str(n)])
                if os.path.exists(tmp + "-wal") and os.path.getsize(tmp + "-wal") > 0:
                    sys.exit("%s-wal is left after the build: the database was not closed cleanly" % tmp)
                os.replace(tmp, keep)
            db = os.path.join(work, "run.db")
            shutil.copyfile(keep, db)
            con = sqlite3.connect(db)
            distinct = con.execute("SELECT count(*) FROM pref_tally WHERE pref_id = "
                                   "(SELECT max(id) FROM pref_poll WHERE status = 'open')").fetchone()[0]
            con.close()
            compute = statistics.median(seconds(run([data, db, "compute", "5"]), "compute"))
            scan = statistics.median(seconds(run([data, db, "scan", "3"]), "scan"))
            close = seconds(run([data, db, "close"]), "close")[0]
            os.remove(db)
            print("%10d %12d %10d %11.3f %9.3f %9.3f %11.1fx" % (p, n, distinct, compute, scan, close, scan / compute))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
