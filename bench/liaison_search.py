#!/usr/bin/env python3
"""Search and near-duplicate clustering of demands at the size of a city: a million demands in Chinese.

usage: python3 bench/liaison_search.py [--build build] [--demands 1000000] [--rounds 5] [--like-rounds 1]
                                       [--only sqlite|postgresql] [--db FILE]

With bench_liaison_data, on SQLite and then on a throwaway PostgreSQL 15 (scripts/pg-test-server.sh, fsync on):

  build    DEMANDS generated demands (a realistic vocabulary: 电梯, 停车, 路灯, 垃圾分类, 加装电梯, 老旧小区改造 …
           in varied sentences, some with full-width digits) in one congress: seconds;
  index    the search index built from them (ms_search_reindex, one transaction): seconds;
  search   each query of four classes (two characters; four; six or more; rare or absent) ROUNDS times through
           ms_search_find as the route runs it (the 20 newest and the total up to 1000), and the same queries once
           (--like-rounds) as a plain LIKE '%…%' over title and text (newest 20, count up to 1000) in the same run:
           p50 and p99;
  cluster  every demand read, shingled and clustered (cluster.h): seconds (wall and CPU), clusters of two or more,
           their demands, the largest, sizes (2, 3-9, 10+), agreement with the generator's titles, and 20 clusters
           drawn at random for the eye. `bench_liaison_data - cluster-generated N` does the same on the same N texts
           generated in memory (no database: the clustering alone).

Prints figures, tests nothing. Use a release build: `meson setup build -Dbuildtype=release && ninja -C build
bench_liaison_data`. The machine's cores are shared: the figures are the whole system's.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(data, db, *args):
    t = time.monotonic()
    out = subprocess.run([data, db] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("bench_liaison_data %s failed: %s" % (" ".join(args), out.stderr))
    print(out.stdout.rstrip(), "(%.1f s wall)" % (time.monotonic() - t), flush=True)


def bench(data, db, n, rounds, like_rounds, fresh=True):
    if fresh:
        run(data, db, "build", str(n))
        run(data, db, "reindex")
    run(data, db, "search", str(rounds), str(like_rounds))
    run(data, db, "cluster")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--demands", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--like-rounds", type=int, default=1)
    ap.add_argument("--only", choices=("sqlite", "postgresql"))
    ap.add_argument("--db", help="reuse (or keep) the SQLite data set in this file")
    args = ap.parse_args()
    data = os.path.join(args.build, "bench_liaison_data")
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-liaison-")
    os.chmod(tmp, 0o755)
    if args.only != "postgresql":
        db = args.db or os.path.join(tmp, "city.db")
        print("== SQLite (%d demands) ==" % args.demands, flush=True)
        bench(data, db, args.demands, args.rounds, args.like_rounds, fresh=not os.path.exists(db))
    if args.only != "sqlite":
        pgdir = os.path.join(tmp, "pg")
        env = dict(os.environ, MINSHENG_PG_FSYNC="on")
        uri = subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pgdir], env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
        try:
            subprocess.run(["psql", uri, "-qc", "CREATE DATABASE city TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"],
                           check=True)
            print("== PostgreSQL 15 (%d demands) ==" % args.demands, flush=True)
            bench(data, uri.rsplit("/", 1)[0] + "/city", args.demands, args.rounds, args.like_rounds)
        finally:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pgdir])


if __name__ == "__main__":
    main()
