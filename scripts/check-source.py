#!/usr/bin/env python3
"""check-source.py — the source rules of ../shared/ARCHITECTURE.md and STYLE.md
that a compiler does not check, as TAP (one test point per rule):

  1. no source file over 800 lines (src, tests, bench, fuzz, scripts, web/src;
     generated and data files aside);
  2. the folders of src/ depend on each other one way only (ALLOWED below:
     a domain uses the domains it builds on);
  3. SQL lives in the SQL files: only src/store/ and a domain's *_sql.c files
     hold SQL text or include store/query.h, store/sql.h or a *_sql.h file
     (the SQL fragments a domain lends to the SQL files of the domains above);
  4. a domain's rules (x.c) know nothing of HTTP: only *_http.c files (and the
     *_http.h their handlers share) use the request context (struct ms_ctx) or
     include api/csvimport.h;
  5. no banned call (sprintf, strcpy, strcat, atoi, gets, strtok, rand, …);
  6. every error a user can see comes from the catalogue: no ms_error_set with
     a 4xx class (or BUSY) outside src/core (use ms_fail / ms_failf);
  7. every browser test file (tests/web/*.test.mjs) is listed in
     tests/meson.build, so that make test runs it.

usage: scripts/check-source.py [ROOT]   (exit 1 when a rule is broken)
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
MAX_LINES = 800

# src/<folder> may include the folders listed (and itself).
ALLOWED = {
    "core": set(),
    "count": {"core"},
    "store": {"core"},
    "http": {"core"},
    "api": {"core", "store", "http"},
    "audit": {"core", "store", "http", "api"},
    "auth": {"core", "store", "http", "api", "audit"},
    "org": {"core", "store", "http", "api", "audit", "auth"},
    "cycle": {"core", "count", "store", "http", "api", "audit", "auth", "org"},
    "vote": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle"},
    "supervise": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote"},
    "evaluate": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise"},
    "liaison": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote"},
    "assess": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise",
               "evaluate", "liaison", "target"},
    "legislate": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "liaison"},
    # the roll-up only reads, from every domain whose figures it sums
    "target": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise"},
    "rollup": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise",
               "evaluate", "assess", "liaison"},
    "report": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise",
               "evaluate", "assess", "liaison", "legislate", "rollup", "target"},
    "cli": {"core", "count", "store", "http", "api", "audit", "auth", "org", "cycle", "vote", "supervise",
            "evaluate", "assess", "liaison", "legislate", "rollup", "report", "target"},
}
DOMAINS = {"audit", "auth", "org", "cycle", "vote", "supervise", "evaluate", "assess", "liaison", "legislate", "rollup", "target",
           "report"}
BANNED = ["sprintf", "vsprintf", "strcpy", "strcat", "strncat", "atoi", "atol", "atoll", "atof", "gets",
          "strtok", "rand", "srand", "tmpnam", "mktemp"]
SOURCE_EXT = (".c", ".h", ".def", ".py", ".mjs", ".ts", ".vue", ".sh")
SKIP_DIRS = {"node_modules", "dist", "corpus", "out", "__pycache__"}
GENERATED = {"auto-imports.d.ts", "components.d.ts", "schema.d.ts"}


def files(top, exts):
    for d, dirs, names in os.walk(os.path.join(ROOT, top)):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for n in sorted(names):
            if n.endswith(exts) and n not in GENERATED:
                yield os.path.join(d, n)


def rel(p):
    return os.path.relpath(p, ROOT)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def c_files():
    return list(files("src", (".c", ".h"))) + list(files("tests", (".c", ".h"))) + \
        list(files("bench", (".c", ".h"))) + list(files("fuzz", (".c", ".h")))


def rule_sizes():
    bad = []
    for top in ("src", "tests", "bench", "fuzz", "scripts", "web/src"):
        for p in files(top, SOURCE_EXT):
            with open(p, encoding="utf-8", errors="replace") as f:
                n = sum(1 for _ in f)
            if n > MAX_LINES:
                bad.append("%s has %d lines" % (rel(p), n))
    return "no source file over %d lines" % MAX_LINES, bad


def folder_of(p):
    parts = rel(p).split(os.sep)
    return parts[1] if len(parts) > 2 and parts[0] == "src" else None


def includes(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return re.findall(r'#include\s+"([^"]+)"', text), text


def rule_dependencies():
    bad = []
    for p in files("src", (".c", ".h")):
        me = folder_of(p)
        incs, _ = includes(p)
        for inc in incs:
            target = os.path.normpath(os.path.join(os.path.dirname(p), inc))
            other = folder_of(target) if target.startswith(os.path.join(ROOT, "src")) else None
            if other and other != me and other not in ALLOWED.get(me, set()):
                bad.append("%s includes %s: %s may not depend on %s" % (rel(p), inc, me, other))
    return "the folders of src/ depend on each other one way (ARCHITECTURE.md)", bad


def rule_sql_in_sql_files():
    bad = []
    for p in files("src", (".c", ".h")):
        if folder_of(p) not in DOMAINS or p.endswith(("_sql.c", "_sql.h")):
            continue
        incs, text = includes(p)
        for inc in incs:
            if inc.endswith(("store/query.h", "store/sql.h", "_sql.h")):
                bad.append("%s includes %s: SQL belongs in the domain's *_sql.c files" % (rel(p), inc))
        if re.search(r'"\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b', strip_comments(text)):
            bad.append("%s holds SQL text" % rel(p))
    return "SQL only in src/store/ and the domains' *_sql.c files", bad


def rule_rules_know_no_http():
    bad = []
    for p in files("src", (".c", ".h")):
        if folder_of(p) not in DOMAINS or p.endswith(("_http.c", "_http.h")):
            continue
        incs, text = includes(p)
        code = strip_comments(text)
        if re.search(r"\bstruct ms_ctx\b", code) or any(i.endswith(("api/csvimport.h", "_http.h")) for i in incs):
            bad.append("%s uses the HTTP request: that belongs in a *_http.c file" % rel(p))
    return "a domain's rules know nothing of HTTP (struct ms_ctx only in *_http.c and *_http.h)", bad


def rule_banned_calls():
    bad = []
    rx = re.compile(r"(?<![\w.>])(%s)\s*\(" % "|".join(BANNED))
    for p in c_files():
        with open(p, encoding="utf-8", errors="replace") as f:
            code = strip_comments(f.read())
        code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
        for m in rx.finditer(code):
            line = code.count("\n", 0, m.start()) + 1
            bad.append("%s:%d calls %s" % (rel(p), line, m.group(1)))
    return "no banned call (%s)" % ", ".join(BANNED), bad


def rule_catalogue():
    bad = []
    rx = re.compile(r"ms_error_set\s*\([^,]+,\s*(MS_ERR_(INVALID|UNAUTHENTICATED|FORBIDDEN|NOT_FOUND|METHOD|CONFLICT|"
                    r"TOO_LARGE|UNPROCESSABLE|BUSY))\b")
    for p in files("src", (".c", ".h")):
        if folder_of(p) == "core":
            continue
        with open(p, encoding="utf-8", errors="replace") as f:
            code = strip_comments(f.read())
        for m in rx.finditer(code):
            line = code.count("\n", 0, m.start()) + 1
            bad.append("%s:%d raises %s with ms_error_set: use a code of the catalogue (ms_fail)" %
                       (rel(p), line, m.group(1)))
    return "every error a user can see comes from the catalogue (no 4xx ms_error_set outside src/core)", bad


def rule_tests_registered():
    """A browser test file that tests/meson.build does not list never runs in `make test`."""
    bad = []
    with open(os.path.join(ROOT, "tests", "meson.build"), encoding="utf-8") as f:
        build = f.read()
    web = os.path.join(ROOT, "tests", "web")
    for name in sorted(os.listdir(web)) if os.path.isdir(web) else []:
        if name.endswith(".test.mjs") and ("'%s'" % name) not in build:
            bad.append("tests/web/%s is not in tests/meson.build's web_tests: make test never runs it" % name)
    return "every browser test file runs in make test (tests/meson.build lists it)", bad


def main():
    rules = [rule_sizes, rule_dependencies, rule_sql_in_sql_files, rule_rules_know_no_http, rule_banned_calls,
             rule_catalogue, rule_tests_registered]
    print("1..%d" % len(rules))
    failed = 0
    for i, rule in enumerate(rules, 1):
        name, bad = rule()
        print("%s %d - %s" % ("not ok" if bad else "ok", i, name))
        for b in bad:
            print("# " + b)
        failed += bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
