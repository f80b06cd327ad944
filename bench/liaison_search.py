#!/usr/bin/env python3
"""Search and near-duplicate clustering of demands at the size of a city: a million demands in Chinese.

usage: python3 bench/liaison_search.py [--build build] [--demands 1000000] [--rounds 5] [--like-rounds 1]
                                       [--only sqlite|postgresql] [--db FILE] [--pg URI] [--inserts]
                                       [--no-cluster]

With bench_liaison_data, on SQLite and then on a throwaway PostgreSQL 15 (scripts/pg-test-server.sh, fsync on):

  build    DEMANDS generated demands (a realistic vocabulary: 电梯, 停车, 路灯, 垃圾分类, 加装电梯, 老旧小区改造 …
           in varied sentences, some with full-width digits) in one congress, and their search documents (token
           strings, ms_search_tokens), written out as COPY text by the generator (`dump`) and bulk loaded: COPY on
           PostgreSQL (with search_doc's secondary indexes dropped), one transaction of INSERTs on SQLite;
           --inserts builds them the slow way instead: an INSERT per demand (`build`) and ms_search_reindex (a put
           per demand, `reindex`), as the application writes them;
  index    the search index built over the loaded documents: PostgreSQL CREATE INDEX of each index dropped for the
           load (their definitions read from the catalogue, so they are the migrations' own) and VACUUM ANALYZE;
           SQLite the FTS5 table's 'rebuild': seconds; then the database's size and the index's;
  search   each query of five classes (two characters; four; six or more; several terms; rare or absent) ROUNDS times through
           ms_search_find as the route runs it (the 20 newest and the total up to 1000), and the same queries once
           (--like-rounds) as a plain LIKE '%…%' over title and text (newest 20, count up to 1000) in the same run:
           p50 and p99, and how many times faster the index is;
  cluster  every demand read, shingled and clustered (cluster.h): seconds (wall and CPU), clusters of two or more,
           their demands, the largest, sizes (2, 3-9, 10+), agreement with the generator's titles, and 20 clusters
           drawn at random for the eye. `bench_liaison_data - cluster-generated N` does the same on the same N texts
           generated in memory (no database: the clustering alone).

--db FILE keeps the SQLite data set in FILE (reused when it exists); --pg URI uses that PostgreSQL database instead
of a throwaway server, loading it only when it holds no demand yet (so a million is loaded once and measured
again after a change of code). Prints figures, tests nothing. Use a release build: `meson setup build
-Dbuildtype=release -Dwerror=false && ninja -C build bench_liaison_data`. The machine's cores are shared: the
figures are the whole system's.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMAND_COLS = "id, congress_id, channel, title, text, status, created_at"
DOC_COLS = "id, kind, doc_id, congress_id, tokens"


def run(data, db, *args):
    t = time.monotonic()
    out = subprocess.run([data, db] + list(args), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("bench_liaison_data %s failed: %s" % (" ".join(args), out.stderr))
    print(out.stdout.rstrip(), "(%.1f s wall)" % (time.monotonic() - t), flush=True)


def psql(uri, sql):
    out = subprocess.run(["psql", uri, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True,
                         text=True)
    if out.returncode != 0:
        sys.exit("psql failed: %s\n%s" % (sql, out.stderr))
    return out.stdout.strip()


def mib(n):
    return "%.0f MiB" % (int(n) / 1048576)


def drop_dump(tmp):
    for f in ("demand.tsv", "search_doc.tsv"):
        os.remove(os.path.join(tmp, f))


def load_pg(data, uri, n, tmp):
    run(data, uri, "dump", str(n), tmp)
    # search_doc's secondary indexes (not those behind a constraint), as the migrations made them
    idx = psql(uri, "SELECT string_agg(pg_get_indexdef(i.indexrelid), ';' ORDER BY i.indexrelid) FROM pg_index i "
               "WHERE i.indrelid = 'search_doc'::regclass AND NOT EXISTS "
               "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")
    names = psql(uri, "SELECT string_agg(i.indexrelid::regclass::text, ',') FROM pg_index i "
                 "WHERE i.indrelid = 'search_doc'::regclass AND NOT EXISTS "
                 "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")
    t = time.monotonic()
    if names:
        psql(uri, "DROP INDEX %s" % names)
    for table, cols, f in (("demand", DEMAND_COLS, "demand.tsv"), ("search_doc", DOC_COLS, "search_doc.tsv")):
        psql(uri, "\\copy %s(%s) FROM '%s'" % (table, cols, os.path.join(tmp, f)))
        psql(uri, "SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))" % (table, table))
    print("loaded (COPY): %d demands and their search documents in %.1f s" % (n, time.monotonic() - t), flush=True)
    drop_dump(tmp)
    t = time.monotonic()
    for d in filter(None, (idx or "").split(";")):
        t1 = time.monotonic()
        psql(uri, d)
        print("  %s: %.1f s" % (d, time.monotonic() - t1), flush=True)
    psql(uri, "VACUUM ANALYZE search_doc")
    psql(uri, "VACUUM ANALYZE demand")
    print("index built: %.1f s (CREATE INDEX and VACUUM ANALYZE)" % (time.monotonic() - t), flush=True)


def load_sqlite(data, db, n, tmp):
    run(data, db, "dump", str(n), tmp)
    t = time.monotonic()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for table, cols, f in (("demand", DEMAND_COLS, "demand.tsv"), ("search_doc", DOC_COLS, "search_doc.tsv")):
        k = cols.count(",") + 1
        with open(os.path.join(tmp, f), encoding="utf-8") as fh:
            con.executemany("INSERT INTO %s(%s) VALUES (%s)" % (table, cols, ",".join("?" * k)),
                            (line.rstrip("\n").split("\t") for line in fh))
    con.execute("COMMIT")
    drop_dump(tmp)
    print("loaded (INSERTs, one transaction): %d demands and their search documents in %.1f s"
          % (n, time.monotonic() - t), flush=True)
    t = time.monotonic()
    con.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    con.execute("ANALYZE")
    print("index built: %.1f s (FTS5 'rebuild' and ANALYZE)" % (time.monotonic() - t), flush=True)
    con.close()


def sizes_pg(uri):
    db, doc, rel = psql(uri, "SELECT pg_database_size(current_database()), pg_table_size('search_doc'), "
                        "pg_indexes_size('search_doc')").split("|")
    each = psql(uri, "SELECT string_agg(c.relname || ' ' || pg_relation_size(c.oid), ',' ORDER BY c.relname) "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'search_doc'::regclass")
    print("size: database %s, search_doc %s, its indexes %s (%s)" % (
        mib(db), mib(doc), mib(rel), ", ".join("%s %s" % (x.split()[0], mib(x.split()[1])) for x in each.split(","))),
        flush=True)


def sizes_sqlite(db):
    con = sqlite3.connect(db)
    fts = doc = None
    try:
        fts = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'").fetchone()[0]
        doc = con.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'search_doc' OR name LIKE "
                          "'sqlite_autoindex_search_doc%' OR name = 'search_doc_congress'").fetchone()[0]
    except sqlite3.Error:
        pass
    con.close()
    print("size: database %s%s" % (mib(os.path.getsize(db)),
                                   ", search_doc %s, FTS5 index %s" % (mib(doc), mib(fts)) if fts else ""), flush=True)


def bench(data, db, args, tmp, loader, sizes, fresh):
    if fresh and args.inserts:
        run(data, db, "build", str(args.demands))
        run(data, db, "reindex")
    elif fresh:
        loader(data, db, args.demands, tmp)
    sizes(db)
    run(data, db, "search", str(args.rounds), str(args.like_rounds))
    if not args.no_cluster:
        run(data, db, "cluster")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--demands", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--like-rounds", type=int, default=1)
    ap.add_argument("--only", choices=("sqlite", "postgresql"))
    ap.add_argument("--db", help="reuse (or keep) the SQLite data set in this file")
    ap.add_argument("--pg", help="reuse (or load once) this PostgreSQL database instead of a throwaway server")
    ap.add_argument("--inserts", action="store_true", help="build through the application's INSERTs and puts")
    ap.add_argument("--no-cluster", action="store_true", help="leave the clustering out")
    args = ap.parse_args()
    data = os.path.join(args.build, "bench_liaison_data")
    tmp = tempfile.mkdtemp(prefix="minsheng-bench-liaison-")
    os.chmod(tmp, 0o755)
    if args.only != "postgresql":
        db = args.db or os.path.join(tmp, "city.db")
        print("== SQLite (%d demands) ==" % args.demands, flush=True)
        bench(data, db, args, tmp, load_sqlite, sizes_sqlite, not os.path.exists(db))
    if args.only == "sqlite":
        return
    if args.pg:
        print("== PostgreSQL 15 (%d demands) ==" % args.demands, flush=True)
        fresh = psql(args.pg, "SELECT count(*) FROM pg_class WHERE relname = 'demand'") == "0" or \
            psql(args.pg, "SELECT count(*) FROM (SELECT 1 FROM demand LIMIT 1) AS d") == "0"
        bench(data, args.pg, args, tmp, load_pg, sizes_pg, fresh)
        return
    pgdir = os.path.join(tmp, "pg")
    env = dict(os.environ, MINSHENG_PG_FSYNC="on")
    uri = subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", pgdir], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    try:
        psql(uri, "CREATE DATABASE city TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'")
        print("== PostgreSQL 15 (%d demands) ==" % args.demands, flush=True)
        bench(data, uri.rsplit("/", 1)[0] + "/city", args, tmp, load_pg, sizes_pg, True)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", pgdir])


if __name__ == "__main__":
    main()
