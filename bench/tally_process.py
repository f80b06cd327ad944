#!/usr/bin/env python3
"""`minsheng tally` as a whole process against pabutools (issue 18's start-up goal: at least 100x on every Pabulib
instance with 10,000 voters or more).

usage: python3 bench/tally_process.py [--bin build/minsheng ...] [--pabulib ../shared/pabulib] [--min-voters 10000]
                                      [--runs 7]

For every instance of the directory with at least MIN_VOTERS voters and every rule pabutools has a time for
(expected/NAME.json: pabutools_parse_s, and rules.KEY.pabutools_time_s, measured on a machine like this one), runs
`minsheng tally --rule KEY FILE.pb` RUNS times (three when a run takes over a second) for each binary given, the
binaries alternating so that a noisy moment weighs on each alike, and prints the median wall time (start of the
process to its exit: loading the program and its libraries, reading and parsing the file, counting, printing) beside
the ratio of pabutools' parse + rule to it; then each binary's worst ratio per rule. Give two binaries (e.g. a build
of the commit before) to compare them in one run; the machine is noisy, so compare ratios measured together.
"""
import argparse
import json
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = ["greedy_cost", "greedy_card", "mes_cost", "mes_cost_exh1pct_greedy", "mes_cost_add1_greedy", "seq_phragmen"]


def voters(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("num_votes;"):
                return int(line.split(";")[1])
            if line.strip() == "PROJECTS":
                break
    return 0


def wall(binary, rule, path, runs):
    """Median wall time of the runs in seconds; None when the command fails."""
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run([binary, "tally", "--rule", rule, path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            return None
        if times[-1] > 1 and i >= 2:
            break
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", action="append", help="a minsheng binary (repeat to compare; default build/minsheng)")
    ap.add_argument("--pabulib", default=os.path.join(ROOT, "..", "shared", "pabulib"))
    ap.add_argument("--min-voters", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    bins = a.bin or [os.path.join(ROOT, "build", "minsheng")]
    worst = {b: {} for b in bins}
    print("%-40s %-24s %-28s %10s %8s" % ("instance", "rule", "binary", "wall_ms", "ratio"))
    for name in sorted(os.listdir(a.pabulib)):
        path = os.path.join(a.pabulib, name)
        exp = os.path.join(a.pabulib, "expected", name[:-3] + ".json")
        if not name.endswith(".pb") or not os.path.exists(exp) or voters(path) < a.min_voters:
            continue
        with open(exp, encoding="utf-8") as f:
            e = json.load(f)
        parse = e.get("pabutools_parse_s")
        for rule in RULES:
            t = (e.get("rules", {}).get(rule) or {}).get("pabutools_time_s")
            if not t or not parse:
                continue
            for b in bins:
                w = wall(b, rule, path, a.runs)
                if w is None:
                    print("%-40.40s %-24s %-28.28s %10s %8s" % (name, rule, b, "error", "-"))
                    continue
                ratio = (parse + t) / w
                print("%-40.40s %-24s %-28.28s %10.2f %7.0fx" % (name, rule, b, w * 1e3, ratio), flush=True)
                if rule not in worst[b] or ratio < worst[b][rule][0]:
                    worst[b][rule] = (ratio, name)
    print("\nworst ratio per rule on instances with >= %d voters (goal >= 100x):" % a.min_voters)
    for b in bins:
        print(b)
        for rule in RULES:
            if rule in worst[b]:
                print("  %-24s %6.0fx  %s" % (rule, worst[b][rule][0], worst[b][rule][1]))


if __name__ == "__main__":
    main()
