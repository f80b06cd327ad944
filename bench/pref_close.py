#!/usr/bin/env python3
"""bench/pref_close.py — a public preference poll's close at millions of residents' ballots (issue 18, counting at
close): for each size N, a database `minsheng demo` made whose open poll gets N ballots (bench_pref_close_data build),
then, in the same run on the same file:

  compute   the close's computation (the counts read from pref_tally, the election built, greedy and Equal Shares
            counted, the measures when within their bounds): median of 5
  scan      the reference: every ballot row read and nothing counted, the floor of any close that reads the
            ballots one by one (as the close did before pref_tally, and as the .pb export does): median of 3
  close     the close itself, in its one transaction (once: it closes the poll)

and the ratio scan / compute. Prints figures, never a verdict: these machines are noisy. Writing ten million ballots
takes some minutes; --keep DIR keeps the databases for the next run (they are rebuilt when missing).

Usage: python3 bench/pref_close.py [--build build] [--sizes 1000000,10000000] [--keep DIR]
Needs a build with bench_pref_close_data (`ninja -C build`).
"""
import argparse
import os
import shutil
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
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--keep", help="a directory to keep the databases in between runs")
    a = ap.parse_args()
    data = os.path.join(a.build, "bench_pref_close_data")
    minsheng = os.path.join(a.build, "minsheng")
    for b in (data, minsheng):
        if not os.access(b, os.X_OK):
            sys.exit("%s is missing: ninja -C %s" % (b, a.build))
    work = a.keep or tempfile.mkdtemp(prefix="ms-pref-close-")
    os.makedirs(work, exist_ok=True)
    print("%12s %12s %12s %12s %10s" % ("ballots", "compute s", "scan s", "close s", "scan/compute"))
    try:
        for n in (int(x) for x in a.sizes.split(",")):
            keep = os.path.join(work, "pref-%d.db" % n)
            if not os.path.exists(keep):
                tmp = keep + ".new"
                for f in (tmp, tmp + "-wal", tmp + "-shm"):
                    if os.path.exists(f):
                        os.remove(f)
                run([minsheng, "demo", "--db", tmp])
                run([data, tmp, "build", str(n)])
                if os.path.exists(tmp + "-wal") and os.path.getsize(tmp + "-wal") > 0:
                    sys.exit("%s-wal is left after the build: the database was not closed cleanly" % tmp)
                os.replace(tmp, keep)
            db = os.path.join(work, "run.db")
            shutil.copyfile(keep, db)
            compute = statistics.median(seconds(run([data, db, "compute", "5"]), "compute"))
            scan = statistics.median(seconds(run([data, db, "scan", "3"]), "scan"))
            close = seconds(run([data, db, "close"]), "close")[0]
            os.remove(db)
            print("%12d %12.3f %12.3f %12.3f %9.0fx" % (n, compute, scan, close, scan / compute))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
