"""Test harness: the server process, the CLI, per-test contexts, the
databases (SQLite files or databases on the run's throwaway PostgreSQL
server) and backend-neutral inspection of them, assertions, API helpers that
build a congress / cycle / poll, and the independent implementation of the
counting rule used to check results."""
import concurrent.futures
import csv
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.parse

import client
import contract
from client import Session
from scrutineers import SHARES, fetch_shares, name_scrutineers, post_close, post_open  # noqa: F401 (re-exported)

BINARY = None           # set by run.py
DB_KIND = "sqlite"      # set by run.py: "sqlite" or "postgresql"
PG_URI = None           # set by run.py for postgresql: the admin URI of the run's server (database postgres)
PSQL = "psql"
START_TIMEOUT = 15.0    # seconds for the server to print its listening line
STOP_TIMEOUT = 20.0     # seconds for SIGTERM to take effect
CLI_TIMEOUT = 60.0

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin-pass-1234"

# Every server / CLI run that ended badly (filled when stopped; run.py reports it).
PROCESS_PROBLEMS = []
PROCESS_COUNT = [0]
KILLED_COUNT = [0]      # servers killed on purpose (SIGKILL): not held to a clean exit
LIVE = []               # every process started and not yet reaped (killed when the run is aborted)
_lock = threading.Lock()

SANITIZER_PATTERNS = [
    r"ERROR: AddressSanitizer",
    r"ERROR: LeakSanitizer",
    r"SUMMARY: AddressSanitizer",
    r"SUMMARY: UndefinedBehaviorSanitizer",
    r"runtime error:",
    r"WARNING: ThreadSanitizer",
    r"ERROR: MemorySanitizer",
]


def sanitizer_report(text):
    for pat in SANITIZER_PATTERNS:
        m = re.search(pat, text)
        if m:
            return m.group(0)
    return None


def test_env(extra=None):
    env = os.environ.copy()
    env["MINSHENG_PWHASH_COST"] = "min"
    # leaks inside system libraries, each reproduced without Minsheng
    env.setdefault("LSAN_OPTIONS", "suppressions=" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                                  "lsan.supp"))
    env.pop("MINSHENG_WEB", None)  # servers get a web directory only when a test asks
    env.update(extra or {})
    return env


class Failure(AssertionError):
    """A test failure with diagnostic lines."""

    def __init__(self, msg, *details):
        super().__init__(msg)
        self.details = [str(d) for d in details]


def check(cond, msg, *details):
    if not cond:
        raise Failure(msg, *details)


def tail(text, n=30):
    lines = text.splitlines()
    return "\n".join(lines[-n:])


# ---------------------------------------------------------------- the contract

_contract = []


def _check_contract(resp):
    """Every answer keeps the API's own document (contract.py): a test that
    receives one that does not fails there."""
    with _lock:
        if not _contract:
            p = subprocess.run([BINARY, "api-schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=test_env(), timeout=CLI_TIMEOUT)
            _contract.append(contract.Contract(json.loads(p.stdout)))
    problems = _contract[0].check(resp.method, resp.path, resp.status, resp.json)
    if problems:
        raise Failure("the answer breaks the API's own document (minsheng api-schema): " + "; ".join(problems[:6]),
                      resp.describe())


client.Session.on_response = _check_contract


# ---------------------------------------------------------------- processes

def cli(args, what=None, timeout=CLI_TIMEOUT, expect_ok=True, env=None):
    """Run the minsheng CLI (env: extra environment variables); a sanitizer
    report or (when expect_ok) a non-zero exit is a test failure."""
    cmd = [BINARY] + list(args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=test_env(env), timeout=timeout)
    err = p.stderr.decode("utf-8", "replace")
    out = p.stdout.decode("utf-8", "replace")
    rep = sanitizer_report(err)
    with _lock:
        PROCESS_COUNT[0] += 1
        if rep:
            PROCESS_PROBLEMS.append("CLI %s: sanitizer report (%s)\n%s" % (" ".join(args[:2]), rep, tail(err)))
    if rep:
        raise Failure("CLI %s printed a sanitizer report: %s" % (" ".join(cmd), rep), tail(err))
    if expect_ok and p.returncode != 0:
        raise Failure("CLI %s exited %d" % (" ".join(cmd), p.returncode),
                      "stdout: " + tail(out), "stderr: " + tail(err))
    return p


class Server:
    """One `minsheng serve` process on a free port."""

    def __init__(self, db, workdir, label, args=(), env=None, name=None):
        """db: the --db string (a SQLite path or a postgresql:// URI);
        args: extra `serve` arguments; env: extra environment variables;
        name: names the stderr file (default: the database's name).
        The server runs in workdir, so a web/dist of the caller's directory
        is never picked up by default."""
        self.db = db
        self.label = label
        self.workdir = workdir
        self.args = list(args)
        self.env = env
        base = name or db_name(db)
        self.errpath = os.path.join(workdir, "server-%s.stderr" % base)
        k = 2
        while os.path.exists(self.errpath):
            self.errpath = os.path.join(workdir, "server-%s-%d.stderr" % (base, k))
            k += 1
        self.outlines = []
        self.proc = None
        self.port = None
        self.stopped = False
        self.killed = False
        self.problem = None

    def start(self):
        self._errf = open(self.errpath, "wb")
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--db", self.db, "--listen", "127.0.0.1:0"] + self.args,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._errf,
            env=test_env(self.env), cwd=self.workdir)
        with _lock:
            PROCESS_COUNT[0] += 1
            LIVE.append(self.proc)
        first = []
        got = threading.Event()

        def reader():
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.outlines.append(line)
                if not got.is_set() and "listening on" in line:
                    first.append(line)
                    got.set()
            got.set()

        self._reader = threading.Thread(target=reader, daemon=True)
        self._reader.start()
        got.wait(START_TIMEOUT)
        if not first:
            try:
                self.proc.wait(2)
            except subprocess.TimeoutExpired:
                pass
            rc = self.proc.poll()
            if rc is not None:
                why = "exited with status %s without printing" % rc
            else:
                why = "did not print within %.0f s" % START_TIMEOUT
            self.stop(check_only=True)
            raise Failure("server %s 'minsheng: listening on http://127.0.0.1:PORT'" % why,
                          "command: %s serve --db %s --listen 127.0.0.1:0 %s" % (BINARY, self.db,
                                                                                   " ".join(self.args)),
                          "stdout: " + "\n".join(self.outlines[-10:]),
                          "stderr: " + self.stderr_tail())
        m = re.search(r"listening on http://([0-9.]+):(\d+)", first[0])
        if not m:
            self.stop(check_only=True)
            raise Failure("cannot read the port from the server's line: %r" % first[0])
        self.port = int(m.group(2))
        self.base = "http://127.0.0.1:%d" % self.port
        return self

    def stderr_text(self):
        try:
            with open(self.errpath, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stderr_tail(self, n=30):
        return tail(self.stderr_text(), n)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL on purpose (a node dying mid-request): the exit status is
        not held against it, its stderr is still scanned for sanitizer
        reports when it is stopped."""
        if self.proc is None or self.killed:
            return
        self.killed = True
        with _lock:
            KILLED_COUNT[0] += 1
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self, check_only=False):
        """SIGTERM, wait, and record a problem for a non-zero exit or a
        sanitizer report (a killed server: the sanitizer report only)."""
        if self.stopped or self.proc is None:
            return self.problem
        self.stopped = True
        problems = []
        if self.killed:
            pass
        elif self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                problems.append("did not exit within %.0f s of SIGTERM (killed)" % STOP_TIMEOUT)
                self.proc.kill()
                self.proc.wait(10)
        else:
            problems.append("had already exited before SIGTERM")
        rc = self.proc.returncode
        try:
            self._reader.join(5)
        except Exception:
            pass
        self._errf.close()
        with _lock:
            if self.proc in LIVE:
                LIVE.remove(self.proc)
        if rc != 0 and not self.killed:
            problems.append("exit status %s (want 0)" % rc)
        err = self.stderr_text()
        rep = sanitizer_report(err)
        if rep:
            problems.append("sanitizer report on stderr: %s" % rep)
        if problems and not check_only:
            self.problem = "server for %s (%s%s): %s\n%s" % (self.label, self.db, ", killed on purpose" if self.killed
                                                              else "", "; ".join(problems), tail(err, 40))
            with _lock:
                PROCESS_PROBLEMS.append(self.problem)
        return self.problem


class Ctx:
    """Per-test context: a temporary directory and the servers started in it."""

    def __init__(self, label):
        self.label = label
        self.dir = tempfile.mkdtemp(prefix="minsheng-it-%s-" % re.sub(r"\W", "_", label)[:40])
        self.servers = []
        self.databases = []     # PostgreSQL databases made for this context
        self.finalizers = []    # called first at cleanup (e.g. stop a balancer)
        self.failed = False

    def new_db(self, name="db"):
        """A fresh, empty database and its --db string: a SQLite file in the
        context's directory, or a new database on the run's PostgreSQL server."""
        if DB_KIND == "sqlite":
            return os.path.join(self.dir, "%s.sqlite" % name)
        db = pg_create_database()
        self.databases.append(db)
        return db

    def new_server(self, name="db", args=(), env=None):
        """Fresh database (init + admin user) and a server on it; args and env
        are extra `serve` arguments and environment variables."""
        db = self.new_db(name)
        cli(["init", "--db", db])
        cli(["user", "add", "--db", db, "--login", ADMIN_LOGIN, "--password", ADMIN_PASSWORD,
             "--name", "管理员", "--role", "admin"])
        return self.add_server(db, args, env)

    def add_server(self, db, args=(), env=None, name=None):
        """Another server on an existing database (e.g. a second node)."""
        srv = Server(db, self.dir, self.label, args, env, name)
        self.servers.append(srv)
        srv.start()
        return srv

    def diagnostics(self):
        out = []
        for s in self.servers:
            if s.proc is not None and s.proc.poll() is not None and not s.stopped and not s.killed:
                out.append("server %s exited during the test with status %s" % (s.db, s.proc.returncode))
                out.append("server stderr: " + s.stderr_tail(20))
        if self.databases:
            out.append("PostgreSQL database(s) kept: %s" % " ".join(self.databases))
        return out

    def cleanup(self):
        errors = []
        for fn in self.finalizers:
            try:
                fn()
            except Exception as e:
                errors.append("%s: %s" % (type(e).__name__, e))
        for s in self.servers:
            s.stop()
        keep = self.failed or os.environ.get("MINSHENG_IT_KEEP")
        if not keep:
            for db in self.databases:
                pg_drop_database(db)
            shutil.rmtree(self.dir, ignore_errors=True)
        if errors:
            raise Failure("cleanup: " + "; ".join(errors))


def abort_all():
    """The run is being aborted (Ctrl-C, SIGTERM): kill whatever still runs."""
    with _lock:
        procs = list(LIVE)
    for p in procs:
        try:
            if p.poll() is None:
                p.kill()
                p.wait(5)
        except Exception:
            pass


# ---------------------------------------------------------------- assertions

def check_error_shape(r):
    js = r.json
    ok = (isinstance(js, dict) and isinstance(js.get("error"), dict)
          and isinstance(js["error"].get("code"), str) and js["error"].get("code")
          and isinstance(js["error"].get("message"), str))
    check(ok, "error body is not {\"error\":{\"code\",\"message\"}}", r.describe())
    ct = r.header("Content-Type") or ""
    check("application/json" in ct, "error response Content-Type is %r, want application/json" % ct, r.describe())


def expect(r, status, code=None, what=""):
    """Assert status (int or tuple) and, for errors, the JSON error shape and code."""
    statuses = status if isinstance(status, tuple) else (status,)
    label = (what + ": ") if what else ""
    if r.status not in statuses:
        raise Failure("%sexpected HTTP %s%s, got %s%s" % (
            label, "/".join(map(str, statuses)), (" " + code) if code else "", r.status,
            (" " + str(r.code)) if r.code else ""), r.describe())
    if r.status >= 400:
        check_error_shape(r)
        if code is not None:
            codes = code if isinstance(code, tuple) else (code,)
            check(r.code in codes, "%sexpected error code %s, got %r" % (label, "/".join(codes), r.code),
                  r.describe())
    else:
        check(r.json is not None, "%sresponse is not JSON" % label, r.describe())
    return r.json


# ---------------------------------------------------------------- API helpers

def admin_session(srv):
    s = Session(srv.base)
    expect(s.login(ADMIN_LOGIN, ADMIN_PASSWORD), 200, what="admin login")
    check(s.csrf, "login answered no csrf_token")
    return s


_counter = [0]


def uniq():
    with _lock:
        _counter[0] += 1
        return _counter[0]


def create_congress(admin, name=None, level="city", parent_id=None):
    n = uniq()
    body = {"name": name or ("测试市人民代表大会%d" % n), "name_en": "Test Congress %d" % n,
            "level": level, "parent_id": parent_id}
    js = expect(admin.post("/api/v1/congresses", body), 201, what="create congress")
    check(isinstance(js.get("id"), int), "congress has no integer id", js)
    return js["id"]


def activate(base, login, code, password):
    """The user's first login (POST /activate): chooses password with the one-time code; the session."""
    s = Session(base)
    r = s.post("/api/v1/activate", {"login": login, "code": code, "new_password": password})
    js = expect(r, 200, what="activate %s" % login)
    s.csrf, s.user = js.get("csrf_token"), js.get("user")
    return s


def create_user(sess, login, password, name, roles, congress_id=None, unit_id=None, status=201):
    """POST /users (no password: the answer carries a one-time activation code); when created and a
    password is given, the user activates the account with it, as its owner would."""
    body = {"login": login, "name": name, "roles": roles, "congress_id": congress_id, "unit_id": unit_id}
    r = sess.post("/api/v1/users", body)
    js = expect(r, status, what="create user %s" % login)
    if status == 201 and password:
        check(isinstance(js.get("activation_code"), str), "a new user came without an activation code", js)
        activate(sess.base, login, js["activation_code"], password)
    return js


def login_session(srv, login, password):
    s = Session(srv.base)
    expect(s.login(login, password), 200, what="login %s" % login)
    return s


def list_all(sess, path, per_page=200):
    items = []
    page = 1
    sep = "&" if "?" in path else "?"
    while True:
        js = expect(sess.get("%s%spage=%d&per_page=%d" % (path, sep, page, per_page)), 200, what="list " + path)
        check(isinstance(js.get("items"), list) and isinstance(js.get("total"), int),
              "list answer lacks items/total", js)
        items.extend(js["items"])
        if len(items) >= js["total"] or not js["items"]:
            return items, js["total"]
        page += 1


def roster_csv(deputies, bom=False):
    lines = ["name,login,password"]
    for d in deputies:
        lines.append("%s,%s,%s" % (d["name"], d["login"], d["password"]))
    text = "\n".join(lines) + "\n"
    return ("\ufeff" + text) if bom else text


def make_deputies(n, prefix=None):
    prefix = prefix or ("d%d" % uniq())
    return [{"name": "代表%s%03d" % (prefix, i), "login": "%s_%03d" % (prefix, i),
             "password": "pw-%s-%03d" % (prefix, i)} for i in range(n)]


def import_deputies(clerk, congress_id, deputies, activate_all=True):
    """Import via the CSV endpoint; fills in each deputy's id and one-time activation code ("code"); then
    (activate_all) each deputy chooses its "password" with the code, as on its first login; returns the
    deputies."""
    r = clerk.post("/api/v1/congresses/%d/deputies/import" % congress_id, {"csv": roster_csv(deputies)},
                   timeout=120)
    js = expect(r, 201, what="import %d deputies" % len(deputies))
    check(js.get("created") == len(deputies), "import created %r, want %d" % (js.get("created"), len(deputies)),
          r.describe(600))
    codes = {row.get("login"): row.get("activation_code") for row in js.get("rows", [])}
    for d in deputies:
        check(isinstance(codes.get(d["login"]), str), "imported deputy %s has no activation code" % d["login"],
              r.describe(600))
        d["code"] = codes[d["login"]]
    if activate_all:
        def one(d):
            activate(clerk.base, d["login"], d["code"], d["password"])
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
            list(ex.map(one, deputies))
    items, _ = list_all(clerk, "/api/v1/congresses/%d/deputies" % congress_id)
    by_login = {it["login"]: it["id"] for it in items}
    for d in deputies:
        check(d["login"] in by_login, "imported deputy %s missing from the deputies list" % d["login"])
        d["id"] = by_login[d["login"]]
    return deputies


_year = [2026]


def make_cycle(sess, congress_id, costs, unit_id=None, to_phase="vote"):
    """Create a cycle with one candidate per cost and move it to to_phase.
    Returns (cycle_id, [candidate ids])."""
    with _lock:
        _year[0] += 1
        year = 2000 + (_year[0] - 2000) % 101  # years 2000…2100: a run makes more cycles than that, each congress few
    js = expect(sess.post("/api/v1/congresses/%d/cycles" % congress_id,
                          {"year": year, "title": "%d年民生实事项目" % year,
                           "title_en": "%d livelihood projects" % year}), 201, what="create cycle")
    cycle = js["id"]
    check(js.get("phase") == "collect", "a new cycle is in phase %r, want collect" % js.get("phase"), js)
    if unit_id is None:
        u = expect(sess.post("/api/v1/congresses/%d/units" % congress_id,
                             {"name": "市交通运输局%d" % uniq(), "name_en": "Transport Bureau"}), 201,
                   what="create unit")
        unit_id = u["id"]
    cands = []
    for i, cost in enumerate(costs):
        c = expect(sess.post("/api/v1/cycles/%d/candidates" % cycle,
                             {"title": "项目%d" % (i + 1), "title_en": "Project %d" % (i + 1),
                              "description": "说明", "description_en": "description",
                              "category": "住房", "cost": cost, "unit_id": unit_id, "location": "江北区"}),
                   201, what="create candidate")
        cands.append(c["id"])
    phases = ["collect", "compile", "vote", "implement", "evaluate", "closed"]
    for ph in phases[1:phases.index(to_phase) + 1]:
        expect(sess.post("/api/v1/cycles/%d/phase" % cycle, {"phase": ph}), 200, what="phase -> " + ph)
    return cycle, cands


class World:
    """A congress with a clerk, imported deputies, a cycle, candidates and a poll."""
    pass


def build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400), poll=None, present=None,
                open_poll=True, srv=None, admin=None, on_ballot=None):
    """on_ballot: only the first N candidates stand on the poll's ballot (default: all)."""
    w = World()
    w.srv = srv or ctx.new_server()
    w.admin = admin or admin_session(w.srv)
    w.congress = create_congress(w.admin)
    n = uniq()
    w.clerk_login, w.clerk_password = "clerk%d" % n, "clerk-pass-%d" % n
    create_user(w.admin, w.clerk_login, w.clerk_password, "王秘书%d" % n, ["clerk"], w.congress)
    w.clerk = login_session(w.srv, w.clerk_login, w.clerk_password)
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(n_deputies)) if n_deputies else []
    w.cycle, w.cands = make_cycle(w.clerk, w.congress, list(costs))
    body = {"slots": 2}
    body.update(poll or {})
    if on_ballot is not None:
        body["candidate_ids"] = w.cands[:on_ballot]
    js = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, body), 201, what="create poll")
    w.poll = js["id"]
    w.poll_json = js
    w.sessions = {}
    if present is None:
        present = n_deputies
    if present:
        checkin(w.clerk, w.poll, [d["id"] for d in w.deputies[:present]])
    if n_deputies:
        # The first deputy is the scrutineer who holds the key (k = 1 of 1).
        name_scrutineers(w.clerk, w.poll, [(w.deputies[0]["id"], dep_session(w, 0))])
    if open_poll:
        expect(post_open(w.clerk, w.poll), 200, what="open poll")
    return w


def dep_session(w, i):
    if i not in w.sessions:
        d = w.deputies[i]
        w.sessions[i] = login_session(w.srv, d["login"], d["password"])
    return w.sessions[i]


def checkin(sess, poll, ids):
    return expect(sess.post("/api/v1/polls/%d/checkin" % poll, {"deputy_ids": ids}), 200, what="checkin")


def cast(sess, poll, choices, status=201, code=None):
    r = sess.post("/api/v1/polls/%d/ballot" % poll, {"choices": choices})
    expect(r, status, code, what="ballot %r" % (choices,))
    return r


def get_poll(sess, poll):
    return expect(sess.get("/api/v1/polls/%d" % poll), 200, what="get poll")


def close_poll(sess, poll):
    return expect(post_close(sess, poll), 200, what="close poll")


def login_many(srv, deputies, workers=48):
    def one(d):
        # As the web app does: a login turned away while the hashing queue is full (503 login_busy) is sent
        # again after Retry-After.
        s = Session(srv.base)
        for _ in range(20):
            r = s.login(d["login"], d["password"])
            if r.status != 503 or (r.json or {}).get("error", {}).get("code") != "login_busy":
                break
            time.sleep(float(r.header("Retry-After") or 1))
        return d, s, r
    out = {}
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        for d, s, r in ex.map(one, deputies):
            expect(r, 200, what="login %s" % d["login"])
            out[d["login"]] = s
    return out


# ---------------------------------------------------------------- the rule

# ---------------------------------------------------------------- databases

def is_pg(db):
    return db.startswith("postgresql://") or db.startswith("postgres://")


def db_name(db):
    """A short name of a --db string (file name or PostgreSQL database)."""
    if is_pg(db):
        return urllib.parse.urlsplit(db).path.lstrip("/") or "postgres"
    return os.path.basename(db)


def _pg_uri(dbname):
    u = urllib.parse.urlsplit(PG_URI)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + dbname, u.query, u.fragment))


def psql(db, sql, readonly=False, timeout=60):
    """Run sql with psql on a postgresql:// database. Returns the
    CompletedProcess (stdout: CSV rows without a header, NULL as \\N)."""
    env = os.environ.copy()
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    env["PGAPPNAME"] = "minsheng-it"
    if readonly:
        env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + " -c default_transaction_read_only=on").strip()
    cmd = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t", "-P", "null=\\N", "-d", db, "-c", sql]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          env=env, timeout=timeout)


_pg_n = [0]


def pg_create_database():
    """CREATE DATABASE t_<n> on the run's server; returns its URI."""
    with _lock:
        _pg_n[0] += 1
        name = "t_%d" % _pg_n[0]
    p = psql(PG_URI, "CREATE DATABASE %s" % name)
    if p.returncode != 0:
        raise Failure("CREATE DATABASE %s failed" % name, p.stderr.decode("utf-8", "replace"))
    return _pg_uri(name)


def pg_drop_database(db):
    psql(PG_URI, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db_name(db))


def _pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "'\\x%s'::bytea" % bytes(v).hex()
    return "'%s'" % str(v).replace("'", "''")


def _pg_substitute(sql, params):
    """`?` placeholders (outside quotes) → literals."""
    params = list(params)
    out, q, k = [], None, 0
    for ch in sql:
        if q:
            q = None if ch == q else q
            out.append(ch)
        elif ch in ("'", '"'):
            q = ch
            out.append(ch)
        elif ch == "?":
            if k >= len(params):
                raise ValueError("too few parameters for %r" % sql)
            out.append(_pg_literal(params[k]))
            k += 1
        else:
            out.append(ch)
    if k != len(params):
        raise ValueError("too many parameters for %r" % sql)
    return "".join(out)


def db_query(db, sql, params=()):
    """Rows of a read-only query, on either backend (`?` placeholders).
    SQLite gives Python values; PostgreSQL gives every value as text (NULL
    as None, bytea as '\\x<hex>' — see db_bytes)."""
    if is_pg(db):
        p = psql(db, _pg_substitute(sql, params), readonly=True)
        if p.returncode != 0:
            raise Failure("psql query failed: %s" % sql, p.stderr.decode("utf-8", "replace"))
        rows = csv.reader(io.StringIO(p.stdout.decode("utf-8")))
        return [tuple(None if v == "\\N" else v for v in r) for r in rows]
    conn = open_ro(db)
    try:
        return conn.execute(sql, tuple(params)).fetchall()
    finally:
        conn.close()


def db_exec(db, sql):
    """Run one writing statement in its own transaction; None when it
    succeeded, else the database's error text."""
    if is_pg(db):
        p = psql(db, sql)
        if p.returncode == 0:
            return None
        return p.stderr.decode("utf-8", "replace").strip() or ("psql exited %d" % p.returncode)
    for _ in range(50):
        conn = sqlite3.connect(db, timeout=10)
        try:
            conn.execute(sql)
            conn.commit()
            return None
        except sqlite3.Error as e:
            msg = str(e)
            if "locked" in msg or "busy" in msg:
                time.sleep(0.1)
                continue
            return msg
        finally:
            conn.close()
    raise Failure("the database stayed locked: cannot try %s" % sql)


def db_bytes(v):
    """A blob / bytea value from db_query as bytes."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    v = str(v)
    return bytes.fromhex(v[2:] if v.startswith("\\x") else v)


def db_tables(db):
    if is_pg(db):
        return [r[0] for r in db_query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema "
                                           "NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'")]
    return [r[0] for r in db_query(db, "SELECT name FROM sqlite_master WHERE type='table'")]


def db_columns(db, table):
    """The table's column names in order."""
    if is_pg(db):
        return [r[0] for r in db_query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                           "AND table_schema NOT IN ('pg_catalog', 'information_schema') "
                                           "ORDER BY ordinal_position", (table,))]
    return [r[1] for r in db_query(db, "SELECT * FROM pragma_table_info(?)", (table,))]


def db_foreign_keys(db):
    """Every foreign key as (table, referenced table)."""
    if is_pg(db):
        rows = db_query(db, "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
                            "WHERE c.contype = 'f'")
        return [(a.split(".")[-1], b.split(".")[-1]) for a, b in rows]
    out = []
    for t in db_tables(db):
        for r in db_query(db, "SELECT * FROM pragma_foreign_key_list(?)", (t,)):
            out.append((t, r[2]))
    return out


def find_table(db, names):
    have = db_tables(db)
    for n in names:
        if n in have:
            return n
    raise Failure("no table named %s in the database" % " or ".join(names), "tables: %s" % ", ".join(have))


def open_ro(db):
    """A read-only sqlite3 connection (SQLite-only checks)."""
    return sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)


def only(*kinds):
    """Decorator: run this test only on these backends ("sqlite",
    "postgresql"); on the others it is left out (no test point)."""
    def deco(f):
        f.backends = kinds
        return f
    return deco


# The independent counting rule (tally.py) is reached through this module too.
from tally import compare_result, expected_result, threshold_votes  # noqa: E402,F401
