#!/usr/bin/env python3
"""Minsheng integration tests: start the real server and talk HTTP.

usage: python3 tests/integration/run.py /path/to/minsheng [-k PATTERN]... [-v]

Prints TAP. Each test_* function of each test_*.py module here is one test
point; it gets a fresh context (temporary directory, fresh database, its own
server unless the module shares one). A last test point checks that every
server stopped cleanly on SIGTERM (exit 0, no sanitizer report). Exit status
0 iff every test point passed. MINSHENG_IT_KEEP=1 keeps temporary directories.
"""
import argparse
import importlib
import inspect
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    sys.stdout.reconfigure(encoding="utf-8", line_buffering=True)
except AttributeError:
    pass


def discover():
    tests = []
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        modname = fn[:-3]
        mod = importlib.import_module(modname)
        funcs = [f for name, f in vars(mod).items()
                 if name.startswith("test_") and inspect.isfunction(f) and f.__module__ == modname]
        funcs.sort(key=lambda f: f.__code__.co_firstlineno)
        for f in funcs:
            tests.append((mod, f))
    return tests


def test_name(mod, f):
    short = mod.__name__[len("test_"):]
    doc = (f.__doc__ or "").strip().splitlines()
    desc = doc[0].strip() if doc else ""
    return "%s.%s%s" % (short, f.__name__[len("test_"):], (" - " + desc) if desc else "")


def diag(lines):
    for ln in lines:
        for sub in str(ln).splitlines() or [""]:
            print("# " + sub)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?")
    ap.add_argument("-k", action="append", default=[],
                    help="run only tests whose id (module.test, e.g. secrecy.audit_log) contains this")
    ap.add_argument("-v", action="store_true", help="print timings")
    args = ap.parse_args()

    print("TAP version 13")
    binary = args.binary
    if not binary or not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        print("1..1")
        print("not ok 1 - minsheng binary not found: %s" % (binary or "(no path given)"))
        diag(["build it first (meson setup build && ninja -C build), then run",
              "python3 tests/integration/run.py build/minsheng"])
        return 1
    binary = os.path.abspath(binary)

    import harness
    harness.BINARY = binary

    try:
        tests = discover()
    except Exception:
        print("1..1")
        print("not ok 1 - importing the test modules")
        diag(traceback.format_exc().splitlines())
        return 1
    if args.k:
        tests = [(m, f) for m, f in tests if any(k in test_name(m, f).split(" ")[0] for k in args.k)]
    print("1..%d" % (len(tests) + 1))

    failed = 0
    n = 0
    mods_done = []
    for mod, f in tests:
        n += 1
        name = test_name(mod, f)
        ctx = harness.Ctx(name.split(" ")[0])
        t0 = time.monotonic()
        lines = None
        try:
            f(ctx)
        except harness.Failure as e:
            lines = [str(e)] + e.details
        except Exception as e:  # includes timeouts and connection errors
            lines = ["%s: %s" % (type(e).__name__, e)] + traceback.format_exc().splitlines()[-12:]
        dt = time.monotonic() - t0
        if lines is not None:
            ctx.failed = True
            lines += ctx.diagnostics()
            lines.append("temporary directory kept: %s" % ctx.dir)
        try:
            ctx.cleanup()
        except Exception as e:
            lines = (lines or []) + ["cleanup failed: %s" % e]
        if lines is None:
            print("ok %d - %s%s" % (n, name, (" (%.1f s)" % dt) if args.v else ""))
        else:
            failed += 1
            print("not ok %d - %s" % (n, name))
            diag(lines)
        if mod not in mods_done:
            mods_done.append(mod)
        # end of a module's tests: let it release shared servers
        nxt = tests[n][0] if n < len(tests) else None
        if nxt is not mod and hasattr(mod, "teardown_module"):
            try:
                mod.teardown_module()
            except Exception as e:
                diag(["teardown of %s failed: %s" % (mod.__name__, e)])

    # last point: every server stopped cleanly
    n += 1
    probs = list(harness.PROCESS_PROBLEMS)
    if probs:
        failed += 1
        print("not ok %d - every server exits 0 on SIGTERM with no sanitizer report (%d processes, %d bad)"
              % (n, harness.PROCESS_COUNT[0], len(probs)))
        for p in probs:
            diag(p.splitlines()[:60])
    else:
        print("ok %d - every server exits 0 on SIGTERM with no sanitizer report (%d processes)"
              % (n, harness.PROCESS_COUNT[0]))
    print("# %d of %d test points failed" % (failed, n))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
