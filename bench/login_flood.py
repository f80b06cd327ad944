#!/usr/bin/env python3
"""Ballot latency under a login flood, and the guesses per second a server allows (issue 11, defect 4).

usage: python3 bench/login_flood.py [--bin build/minsheng] [--deputies 300] [--voters 4]
                                    [--flood 32] [--seconds 8]

One `minsheng serve` on a SQLite file, 8 HTTP workers, argon2id at the
default cost (MINSHENG_PWHASH_COST=interactive). The congress, 3×N deputies
and an open poll are made at the cost `min` (fast), every deputy logs in
(sessions are in the database), and the server is started again at the
cost `interactive`. Then, in one run:

  unloaded  N deputies cast their ballot, VOTERS clients at once over
            keep-alive connections: ballot latency p50, p99;
  flood     the other N deputies do the same while FLOOD anonymous clients
            post logins with wrong passwords as fast as they are answered
            (a new made-up login each time, and no limit per address —
            MINSHENG_LOGIN_ADDRESS_FAILURES=0 —, so the flood is all
            hashing, as from many addresses): ballot p50, p99, the ratio of
            the two p99s, and the flood's answers (401: guesses checked, 429,
            503 login_busy) per second;
  control   the last N deputies the same while FLOOD clients post logins
            with an empty password, refused by the field check (422) before
            any hash: what the flood's requests cost without hashing;
  guessing  one client guesses the password of an account made at the
            cost interactive as fast as it is
            answered, with the default limits (10 failures per account and
            100 per address in 900 s): guesses checked per second over
            SECONDS.

Run it against an older binary (--bin) for the "before" figures; an
older binary has no limits, so its flood is the same. Client and server
share this machine's cores.
"""
import argparse
import concurrent.futures
import os
import random
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from backends import ADMIN, SLOTS, Client, Node, run, setup  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def login_all(port, n, threads):
    """Every deputy logs in; a login answered 503 login_busy (every hashing slot taken) is tried again."""
    def one(i):
        c = Client(port)
        while True:
            st, body = c.call("POST", "/login", {"login": "b%05d" % i, "password": "pass-%05d" % i})
            if st == 200:
                c.csrf = body["csrf_token"]
                return c
            if st != 503:
                raise RuntimeError("login b%05d: %s %s" % (i, st, body))
            time.sleep(0.05)
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        return list(ex.map(one, range(n)))


def cast(deputies, poll, voters):
    """Every deputy casts one ballot, voters clients at once: latencies in ms, sorted."""
    cand = [c["id"] for c in poll["candidates"]]
    rnd = random.Random(len(deputies))
    todo = list(range(len(deputies)))
    lat = []
    lock = threading.Lock()

    def worker():
        mine = []
        while True:
            with lock:
                if not todo:
                    break
                i = todo.pop()
            choice = sorted(rnd.sample(cand, rnd.randint(0, SLOTS)))
            t0 = time.perf_counter()
            st, b = deputies[i].call("POST", "/polls/%d/ballot" % poll["id"], {"choices": choice})
            mine.append(1000 * (time.perf_counter() - t0))
            if st != 201:
                raise RuntimeError("ballot: %s %s" % (st, b))
        with lock:
            lat.extend(mine)

    with concurrent.futures.ThreadPoolExecutor(voters) as ex:
        for f in [ex.submit(worker) for _ in range(voters)]:
            f.result()
    return sorted(lat)


def p(lat, q):
    return lat[min(len(lat) - 1, int(q * (len(lat) - 1)))]


class Flood:
    """n clients posting wrong logins until stopped; counts of answers by status."""

    def __init__(self, port, n, login=None, control=False):
        self.port, self.stop_ev, self.counts, self.lock = port, threading.Event(), {}, threading.Lock()
        self.control = control
        self.threads = [threading.Thread(target=self.run, args=(k, login), daemon=True) for k in range(n)]

    def run(self, k, login):
        c = Client(self.port)
        i = 0
        while not self.stop_ev.is_set():
            i += 1
            body = {"login": login or "flood-%d-%d" % (k, i), "password": "guess-%d" % i}
            if self.control:
                body["password"] = ""  # 400 from the field check: no hash, no database
            st, _ = c.call("POST", "/login", body)
            with self.lock:
                self.counts[st] = self.counts.get(st, 0) + 1

    def __enter__(self):
        self.t0 = time.perf_counter()
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        for t in self.threads:
            t.join()
        self.seconds = time.perf_counter() - self.t0

    def rate(self, status):
        return self.counts.get(status, 0) / self.seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "minsheng"))
    ap.add_argument("--deputies", type=int, default=300)
    ap.add_argument("--voters", type=int, default=4)
    ap.add_argument("--flood", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--slots", type=int, default=2, help="MINSHENG_PWHASH_SLOTS")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="minsheng-flood-")
    db = os.path.join(tmp, "flood.db")
    env = dict(os.environ, MINSHENG_PWHASH_COST="min", MINSHENG_THREADS="8", MINSHENG_PWHASH_SLOTS=str(a.slots),
               MINSHENG_CONNECTIONS_PER_IP="0")  # all load comes from loopback
    run([a.bin, "init", "--db", db], env=env)
    run([a.bin, "user", "add", "--db", db, "--login", ADMIN[0], "--password", ADMIN[1], "--name", "管理员",
         "--role", "admin"], env=env)
    node = Node(a.bin, db, env)
    try:
        _, poll, _ = setup(node.port, 3 * a.deputies)
        deputies = login_all(node.port, 3 * a.deputies, 8)
    finally:
        node.stop()
    env.update(MINSHENG_PWHASH_COST="interactive", MINSHENG_LOGIN_ADDRESS_FAILURES="0")
    node = Node(a.bin, db, env)
    try:
        for d in deputies:
            d.port = node.port
            d.conn.close()
            d.conn = __import__("http.client").client.HTTPConnection("127.0.0.1", node.port, timeout=60)
        quiet = cast(deputies[:a.deputies], poll, a.voters)
        with Flood(node.port, a.flood) as fl:
            time.sleep(1)  # the flood under way
            loaded = cast(deputies[a.deputies:2 * a.deputies], poll, a.voters)
        with Flood(node.port, a.flood, control=True) as ctl:
            time.sleep(1)
            control = cast(deputies[2 * a.deputies:], poll, a.voters)
    finally:
        node.stop()
    env.pop("MINSHENG_LOGIN_ADDRESS_FAILURES")
    run([a.bin, "user", "add", "--db", db, "--login", "bench-target", "--password", "target-pass-1", "--name", "目标",
         "--role", "admin"], env=env)  # its hash made at the cost interactive
    node = Node(a.bin, db, env)
    try:
        with Flood(node.port, 1, login="bench-target") as guess:
            time.sleep(a.seconds)
    finally:
        node.stop()
    print("binary: %s, MINSHENG_PWHASH_SLOTS=%d" % (a.bin, a.slots))
    print("ballots, %d voters, unloaded:      p50 %7.1f ms  p99 %7.1f ms  (%d ballots)"
          % (a.voters, statistics.median(quiet), p(quiet, 0.99), len(quiet)))
    print("ballots, %d voters, %d-client login flood: p50 %7.1f ms  p99 %7.1f ms  (%d ballots)"
          % (a.voters, a.flood, statistics.median(loaded), p(loaded, 0.99), len(loaded)))
    print("p99 flood / unloaded: %.2f" % (p(loaded, 0.99) / p(quiet, 0.99)))
    print("control: ballots, %d voters, %d clients posting logins refused before any hash (%.0f answers/s): "
          "p50 %.1f ms  p99 %.1f ms  (ratio to unloaded %.2f)"
          % (a.voters, a.flood, sum(ctl.counts.values()) / ctl.seconds, statistics.median(control), p(control, 0.99),
             p(control, 0.99) / p(quiet, 0.99)))
    print("flood answers per second: 401 %.1f  429 %.1f  503 %.1f  other %.1f"
          % (fl.rate(401), fl.rate(429), fl.rate(503),
             sum(v for k, v in fl.counts.items() if k not in (401, 429, 503)) / fl.seconds))
    print("one account guessed for %.0f s with the default limits: %d checked (401), %d refused (429): "
          "%.2f guesses/s" % (guess.seconds, guess.counts.get(401, 0), guess.counts.get(429, 0), guess.rate(401)))


if __name__ == "__main__":
    main()
