#!/usr/bin/env python3
"""Minsheng integration tests: start the real server and talk HTTP.

usage: python3 tests/integration/run.py /path/to/minsheng [--db sqlite|postgresql]
                                        [-k PATTERN]... [-v]

Prints TAP. Each test_* function of each test_*.py module here is one test
point; it gets a fresh context (temporary directory, fresh database, its own
server unless the module shares one). A last test point checks that every
server stopped cleanly on SIGTERM (exit 0, no sanitizer report; servers a
test killed on purpose are only checked for sanitizer reports). Exit status
0 iff every test point passed. MINSHENG_IT_KEEP=1 keeps temporary directories.

--db postgresql: one throwaway PostgreSQL server for the whole run
(scripts/pg-test-server.sh, in a temporary directory, stopped at the end even
on failure or Ctrl-C); each database a test asks for is a new
`CREATE DATABASE t_<n>` on it. A module (BACKENDS = (...)) or a test
function (@harness.only(...)) limited to other backends is left out: no test
point.
"""
import argparse
import atexit
import importlib
import inspect
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PG_SCRIPT = os.path.join(ROOT, "scripts", "pg-test-server.sh")
sys.path.insert(0, HERE)

try:
    sys.stdout.reconfigure(encoding="utf-8", line_buffering=True)
except AttributeError:
    pass


def discover(kind):
    tests = []
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        modname = fn[:-3]
        mod = importlib.import_module(modname)
        if kind not in getattr(mod, "BACKENDS", (kind,)):
            continue
        funcs = [f for name, f in vars(mod).items()
                 if name.startswith("test_") and inspect.isfunction(f) and f.__module__ == modname
                 and kind in getattr(f, "backends", (kind,))]
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


class PgServer:
    """The run's throwaway PostgreSQL server (scripts/pg-test-server.sh)."""

    def __init__(self):
        self.dir = None
        self.uri = None
        self.started = False

    def start(self):
        """Returns None, or the lines explaining why it did not start."""
        if not shutil.which("psql"):
            return ["psql not found: install postgresql-client (scripts/deps.sh test)"]
        if not os.access(PG_SCRIPT, os.X_OK):
            return ["%s is missing or not executable" % PG_SCRIPT]
        self.dir = tempfile.mkdtemp(prefix="minsheng-it-pg-")
        self.started = True  # from here on, stop() runs the script's stop
        try:
            p = subprocess.run([PG_SCRIPT, "start", self.dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=180)
        except subprocess.TimeoutExpired:
            return ["%s start %s did not finish within 180 s" % (PG_SCRIPT, self.dir)]
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        lines = [ln.strip() for ln in out.splitlines() if ln.strip().startswith("postgresql://")]
        if p.returncode != 0 or len(lines) != 1:
            return ["%s start %s exited %d" % (PG_SCRIPT, self.dir, p.returncode),
                    "stdout: " + out[-2000:], "stderr: " + err[-3000:]]
        self.uri = lines[0]
        return None

    def stop(self):
        """Stop the server and remove its directory (the script's stop);
        with MINSHENG_IT_KEEP=1 it is left running for a look at the kept
        databases."""
        if not self.started:
            return
        self.started = False
        if os.environ.get("MINSHENG_IT_KEEP") and self.uri:
            print("# PostgreSQL test server left running (MINSHENG_IT_KEEP): %s; stop it with %s stop %s"
                  % (self.uri, PG_SCRIPT, self.dir))
            return
        try:
            subprocess.run([PG_SCRIPT, "stop", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, timeout=120)
        except Exception as e:
            print("# stopping the PostgreSQL test server failed: %s" % e)
        shutil.rmtree(self.dir, ignore_errors=True)


def _on_signal(signum, frame):
    # unwind through the finally blocks (stop servers, stop PostgreSQL)
    raise KeyboardInterrupt("signal %d" % signum)


def main():
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    pg = PgServer()
    atexit.register(pg.stop)
    try:
        return run(pg)
    except KeyboardInterrupt as e:
        print("# interrupted (%s): stopping" % (e or "Ctrl-C"))
        return 130
    finally:
        try:
            import harness
            harness.abort_all()
        except Exception:
            pass
        pg.stop()


def run(pg):
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?")
    ap.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite",
                    help="the backend every test runs on (default sqlite)")
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
    harness.DB_KIND = args.db

    try:
        tests = discover(args.db)
    except Exception:
        print("1..1")
        print("not ok 1 - importing the test modules")
        diag(traceback.format_exc().splitlines())
        return 1
    if args.db == "postgresql":
        why = pg.start()
        if why:
            print("1..1")
            print("not ok 1 - the PostgreSQL test server starts (scripts/pg-test-server.sh)")
            diag(why)
            return 1
        harness.PG_URI = pg.uri
        print("# PostgreSQL test server: %s (data in %s)" % (pg.uri, pg.dir))
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
        except KeyboardInterrupt:
            ctx.failed = True
            print("not ok %d - %s" % (n, name))
            diag(["interrupted; temporary directory kept: %s" % ctx.dir])
            for s in ctx.servers:
                s.kill()
            raise
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
    killed = (", %d killed on purpose" % harness.KILLED_COUNT[0]) if harness.KILLED_COUNT[0] else ""
    if probs:
        failed += 1
        print("not ok %d - every server exits 0 on SIGTERM with no sanitizer report (%d processes%s, %d bad)"
              % (n, harness.PROCESS_COUNT[0], killed, len(probs)))
        for p in probs:
            diag(p.splitlines()[:60])
    else:
        print("ok %d - every server exits 0 on SIGTERM with no sanitizer report (%d processes%s)"
              % (n, harness.PROCESS_COUNT[0], killed))
    print("# %d of %d test points failed" % (failed, n))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
