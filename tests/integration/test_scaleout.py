"""Scale-out on PostgreSQL (issue 5): two `minsheng serve` nodes sharing one
PostgreSQL database behind nginx, and one node killed with SIGKILL while 500
deputies vote through the balancer.

nginx balances round robin and retries on the other node for `error timeout
http_502` — but only requests nginx may repeat: by default it never passes a
POST on once the request reached a node, so the balancer never sends a ballot
twice. A ballot in flight on the killed node therefore fails (502 or a reset)
and its deputy retries once through nginx: 201 when the first attempt did not
commit, 409 already_voted when it did and only the answer was lost.

Run on PostgreSQL only: left out of the SQLite run (SQLite has one machine,
no nodes to balance).
"""
import concurrent.futures
import getpass
import http.client
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time

import harness
from client import Session
from harness import (Failure, admin_session, check, checkin, compare_result, create_congress, create_user,
                     db_query, expect, expected_result, find_table, import_deputies, login_session, make_cycle,
                     make_deputies, tail, post_open, post_close, name_scrutineers)

BACKENDS = ("postgresql",)

N_DEP = 500
WORKERS = 32
KILL_AT = N_DEP // 3          # SIGKILL one node when this many ballots have been answered
COSTS = [100, 200, 300, 400, 500, 600, 700, 800]
SLOTS = 3
MAX_APPROVALS = 4
SAMPLE_AGAIN = 20             # deputies who try a second ballot (→ 409)
NGINX_START = 10.0


def _nginx_binary():
    for b in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if b and os.access(b, os.X_OK):
            return b
    raise Failure("nginx not found (scripts/deps.sh test installs nginx-light)")


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Nginx:
    """nginx in front of the nodes: its own prefix, config, logs and pid in
    DIR, run in the foreground as the invoking user."""

    def __init__(self, ctx, ports):
        self.ctx = ctx
        self.dir = os.path.join(ctx.dir, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.ports = ports
        self.proc = None
        self.port = None

    def conf(self):
        d = self.dir
        user = ("user %s;\n" % getpass.getuser()) if os.geteuid() == 0 else ""
        # The upstream and location blocks of docs/deploy.md, with loopback addresses (keep them in step).
        servers = "".join("        server 127.0.0.1:%d max_fails=1 fail_timeout=5s;\n" % p for p in self.ports)
        # what both locations pass to a node
        proxied = ("            proxy_pass http://minsheng;\n"
                   "            proxy_http_version 1.1;\n"
                   "            proxy_set_header Connection \"\";\n"
                   "            proxy_set_header Host $host;\n"
                   "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                   "            proxy_set_header X-Forwarded-Proto $scheme;\n")
        return (user + "worker_processes 1;\n"
                "events { worker_connections 1024; }\n"
                "http {\n"
                "    log_format up '$remote_addr \"$request\" $status up=$upstream_addr "
                "upstatus=$upstream_status t=$request_time';\n"
                "    access_log %(d)s/access.log up;\n"
                "    client_body_temp_path %(d)s/tmp-body;\n"
                "    proxy_temp_path %(d)s/tmp-proxy;\n"
                "    fastcgi_temp_path %(d)s/tmp-fastcgi;\n"
                "    uwsgi_temp_path %(d)s/tmp-uwsgi;\n"
                "    scgi_temp_path %(d)s/tmp-scgi;\n"
                "    upstream minsheng {\n%(servers)s        keepalive 32;\n    }\n"
                "    proxy_cache_path %(d)s/cache keys_zone=minsheng_published:10m max_size=256m inactive=10m;\n"
                "    server {\n"
                "        listen 127.0.0.1:%(port)d;\n"
                "        client_max_body_size 1m;\n"
                "        location ~ ^/api/v1/(polls|evaluations|reviews)/[0-9]+/(result|bulletin)$ {\n"
                "%(proxied)s"
                "            proxy_next_upstream error timeout http_502 http_503;\n"
                "            proxy_next_upstream_tries 2;\n"
                "            proxy_connect_timeout 2s;\n"
                "            proxy_read_timeout 60s;\n"
                "            proxy_cache minsheng_published;\n"
                "            proxy_cache_valid 200 1s;\n"
                "            proxy_ignore_headers Cache-Control;\n"
                "            proxy_cache_use_stale updating;\n"
                "            proxy_cache_background_update on;\n"
                "            add_header X-Cache-Status $upstream_cache_status always;\n"
                "        }\n"
                "        location / {\n"
                "%(proxied)s"
                "            # the other node on a failure — for idempotent requests only: without\n"
                "            # 'non_idempotent' nginx never passes a POST on once a node got it\n"
                "            proxy_next_upstream error timeout http_502 http_503;\n"
                "            proxy_next_upstream_tries 2;\n"
                "            proxy_connect_timeout 2s;\n"
                "            proxy_read_timeout 60s;\n"
                "        }\n"
                "    }\n"
                "}\n") % {"d": d, "servers": servers, "port": self.port, "proxied": proxied}

    def start(self):
        binary = _nginx_binary()
        d = self.dir
        for attempt in range(3):
            self.port = _free_port()
            with open(os.path.join(d, "nginx.conf"), "w") as f:
                f.write(self.conf())
            errf = open(os.path.join(d, "stderr"), "wb")
            self.proc = subprocess.Popen(
                [binary, "-p", d + "/", "-c", os.path.join(d, "nginx.conf"),
                 "-g", "daemon off; pid %s/nginx.pid; error_log %s/error.log;" % (d, d)],
                stdin=subprocess.DEVNULL, stdout=errf, stderr=errf)
            errf.close()
            with harness._lock:
                harness.LIVE.append(self.proc)
            deadline = time.monotonic() + NGINX_START
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    self.base = "http://127.0.0.1:%d" % self.port
                    return self
                except OSError:
                    time.sleep(0.05)
            self.stop()
            if "Address already in use" not in self.log_text():
                break
        raise Failure("nginx did not start", "config:\n" + self.conf(), "log: " + self.log_text())

    def log_text(self):
        out = []
        for name in ("stderr", "error.log"):
            try:
                with open(os.path.join(self.dir, name), "rb") as f:
                    out.append(f.read().decode("utf-8", "replace"))
            except OSError:
                pass
        return tail("\n".join(out), 30)

    def access_log(self):
        try:
            with open(os.path.join(self.dir, "access.log"), encoding="utf-8", errors="replace") as f:
                return f.read().splitlines()
        except OSError:
            return []

    def stop(self):
        p = self.proc
        if p is None:
            return
        self.proc = None
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        with harness._lock:
            if p in harness.LIVE:
                harness.LIVE.remove(p)


def _two_nodes(ctx):
    a = ctx.new_server("scale")
    b = ctx.add_server(a.db, name="node-b")
    return a, b


def _moved(sess, base):
    """The same user agent (cookie and CSRF token) talking to another node."""
    s = Session(base)
    s.cookies = dict(sess.cookies)
    s.csrf = sess.csrf
    s.user = sess.user
    return s


def test_session_across_nodes(ctx):
    """a session made on node A works on node B (sessions live in the database): /me, a mutation with A's CSRF token, logout on B ends it on A"""
    a, b = _two_nodes(ctx)
    on_a = admin_session(a)
    on_b = _moved(on_a, b.base)
    me = expect(on_b.get("/api/v1/me"), 200, what="/me on node B with node A's session")
    check(me["user"]["login"] == harness.ADMIN_LOGIN, "node B sees another user", me)
    cid = create_congress(on_b)          # node A's CSRF token on node B
    js = expect(on_a.get("/api/v1/congresses/%d" % cid), 200, what="node A reads what node B wrote")
    check(js["id"] == cid, "node A does not see node B's congress", js)
    expect(on_b.post("/api/v1/logout"), (200, 204), what="logout on node B")
    expect(on_a.get("/api/v1/me"), 401, what="/me on node A after logout on node B")


WEIGHTS = [9, 8, 6, 5, 3, 2, 1, 1]   # how popular each candidate is


def _plan(cands):
    """Each deputy's choices: 0..MAX_APPROVALS candidates, the popular ones
    more often, fixed by a seed (a few blank ballots)."""
    rnd = random.Random(5002026)
    out = []
    for i in range(N_DEP):
        k = rnd.choice([0, 1, 2, 3, 3, 4, 4, 4, 4])
        pool, w, pick = list(cands), list(WEIGHTS), []
        for _ in range(k):
            j = rnd.choices(range(len(pool)), weights=w)[0]
            pick.append(pool.pop(j))
            w.pop(j)
        out.append(sorted(pick))
    return out


class _Vote:
    def __init__(self):
        self.lock = threading.Lock()
        self.answered = 0
        self.kill_at = None          # monotonic time of the SIGKILL
        self.killed_evt = threading.Event()
        self.go_kill = threading.Event()
        self.outcome = {}            # deputy index -> "201" | "lost-then-201" | "lost-then-409" | problem text
        self.first = {}              # deputy index -> first attempt's status or error
        self.sessions = {}           # deputy index -> (Session, login time)
        self.after_kill_2xx = 0
        self.login_retries = 0


def _attempt(fn):
    try:
        r = fn()
        return r.status, r
    except (OSError, http.client.HTTPException) as e:
        return "%s: %s" % (type(e).__name__, e), None


def _published_through_nginx(base, clerk, poll, res):
    """docs/deploy.md's published location: nginx keeps a closed poll's result for a second — the same text and
    tag, 304 on the tag, one upstream read for many — and shows a presidium override once its second is over; a
    caller's own answers (the poll, /me) are never kept"""
    path = "/api/v1/polls/%d/result" % poll
    anon = Session(base)
    first = anon.get(path)
    reads = [anon.get(path) for _ in range(5)]
    check(first.status == 200 and all(r.status == 200 and r.body == first.body for r in reads),
          "the result reads the same through nginx", first.describe())
    check(any(r.header("X-Cache-Status") == "HIT" for r in reads), "nginx keeps the published result",
          [r.header("X-Cache-Status") for r in [first] + reads])
    tag = first.header("ETag")
    check(tag and all(r.header("ETag") == tag for r in reads), "the node's tag passes through", first.headers)
    r = anon.get(path, headers={"If-None-Match": tag})
    check(r.status == 304, "304 on the tag through nginx", r.describe())
    for other in ("/api/v1/polls/%d" % poll, "/api/v1/me"):
        r = clerk.get(other)
        check(r.header("X-Cache-Status") is None, "%s is not kept by nginx" % other, r.headers)
    # an override: within a few seconds every read shows it, with a new tag
    cand = next(c for c in res["candidates"] if c.get("outcome") == "selected")
    expect(clerk.post("/api/v1/polls/%d/overrides" % poll,
                      {"candidate_id": cand["candidate_id"], "status": "not_selected", "reason": "主席团决定"}),
           200, what="override via nginx")
    deadline, seen = time.time() + 5, None
    while time.time() < deadline and seen is None:
        r = anon.get(path)
        by = {c["candidate_id"]: c for c in (r.json or {}).get("candidates", [])}
        if r.status == 200 and by.get(cand["candidate_id"], {}).get("outcome") == "not_selected":
            seen = r
        else:
            time.sleep(0.2)
    check(seen is not None and seen.header("ETag") != tag, "the override shows through nginx, newly tagged")


def test_vote_through_nginx_node_killed(ctx):
    """500 deputies vote through nginx over two nodes on one PostgreSQL; one node is SIGKILLed a third of the way: every 2xx ballot counted once, no deputy twice, the survivor serves, the audit chain holds"""
    t_start = time.monotonic()
    a, b = _two_nodes(ctx)
    ngx = Nginx(ctx, [a.port, b.port])
    ctx.finalizers.append(ngx.stop)
    ngx.start()
    base = ngx.base

    # -- the congress, set up through the balancer (so across both nodes)
    admin = Session(base)
    expect(admin.login(harness.ADMIN_LOGIN, harness.ADMIN_PASSWORD), 200, what="admin login via nginx")
    cid = create_congress(admin, name="江州市人民代表大会(分布)")
    create_user(admin, "scale-clerk", "scale-clerk-pass", "王秘书", ["clerk"], cid)
    clerk = Session(base)
    expect(clerk.login("scale-clerk", "scale-clerk-pass"), 200, what="clerk login via nginx")
    deputies = import_deputies(clerk, cid, make_deputies(N_DEP, prefix="sc"))
    cycle, cands = make_cycle(clerk, cid, COSTS)
    poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": SLOTS, "max_approvals": MAX_APPROVALS,
                                                                "threshold_base": "cast"}),
                  201, what="create poll")["id"]
    checkin(clerk, poll, [d["id"] for d in deputies])
    # three scrutineers, two of whose shares open the ballots, each on its own session through nginx
    held = []
    for d in deputies[:3]:
        s = Session(base)
        expect(s.login(d["login"], d["password"]), 200, what="scrutineer login via nginx")
        held.append((d["id"], s))
    name_scrutineers(clerk, poll, held, k=2)
    js = expect(post_open(clerk, poll), 200, what="open poll")
    check(js.get("deputies_present") == N_DEP, "%r deputies present, want %d" % (js.get("deputies_present"), N_DEP))
    plan = _plan(cands)
    t_setup = time.monotonic() - t_start

    # -- 500 deputies log in and vote at once; node B dies a third of the way
    st = _Vote()
    ballot_path = "/api/v1/polls/%d/ballot" % poll

    def vote(i):
        d = deputies[i]
        s = Session(base)
        for k in range(5):       # a login may be repeated: at worst a second session
            status, r = _attempt(lambda: s.login(d["login"], d["password"]))
            if status == 200:
                break
            if isinstance(status, int) and status < 500:
                st.outcome[i] = "login answered %s" % r.describe(300)
                return
            with st.lock:
                st.login_retries += 1
            time.sleep(0.05)
        else:
            st.outcome[i] = "login failed 5 times, last: %s" % status
            return
        st.sessions[i] = (s, time.monotonic())
        first, r1 = _attempt(lambda: s.post(ballot_path, {"choices": plan[i]}))
        st.first[i] = first
        with st.lock:
            st.answered += 1
            if st.answered >= KILL_AT:
                st.go_kill.set()
        if first == 201:
            st.outcome[i] = "201"
        elif isinstance(first, int) and first < 500 and first != 502:
            st.outcome[i] = "first ballot answered %s" % r1.describe(300)
            return
        else:
            # lost: connection error or 5xx. Once more, through nginx (the survivor).
            st.killed_evt.wait(30)
            second, r2 = _attempt(lambda: s.post(ballot_path, {"choices": plan[i]}))
            if second == 201:
                st.outcome[i] = "lost-then-201"
            elif second == 409 and r2.code == "already_voted":
                st.outcome[i] = "lost-then-409"
            else:
                st.outcome[i] = "first ballot %s, the retry %s" % (
                    first, r2.describe(300) if r2 is not None else second)
                return
        if st.killed_evt.is_set():
            with st.lock:
                st.after_kill_2xx += 1

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as ex:
        futs = [ex.submit(vote, i) for i in range(N_DEP)]
        st.go_kill.wait(120)
        with st.lock:
            answered_at_kill = st.answered
        b.kill()
        st.kill_at = time.monotonic()
        st.killed_evt.set()
        for f in futs:
            f.result()
    t_vote = time.monotonic() - t0

    outcomes = [st.outcome.get(i, "no outcome") for i in range(N_DEP)]
    ok201 = [i for i in range(N_DEP) if outcomes[i] == "201"]
    retry201 = [i for i in range(N_DEP) if outcomes[i] == "lost-then-201"]
    retry409 = [i for i in range(N_DEP) if outcomes[i] == "lost-then-409"]
    bad = [(i, o) for i, o in enumerate(outcomes) if o not in ("201", "lost-then-201", "lost-then-409")]
    firsts = {}
    for i, f in st.first.items():
        if f != 201:
            key = f if isinstance(f, int) else f.split(":")[0]
            firsts[key] = firsts.get(key, 0) + 1
    summary = ("ballots: %d answered 201 at once, %d failed and got 201 on the retry, %d failed and got 409 on the "
               "retry (committed, answer lost); failed first attempts by kind %r; %d login retries; %d answered "
               "when node B was killed; %d ballots done after the kill; setup %.1f s, vote %.1f s"
               % (len(ok201), len(retry201), len(retry409), firsts, st.login_retries, answered_at_kill,
                  st.after_kill_2xx, t_setup, t_vote))
    print("# " + summary)
    check(not bad, "%d deputies could not vote through nginx" % len(bad),
          *(["%s: %s" % (deputies[i]["login"], o) for i, o in bad[:15]] + [summary, "nginx: " + ngx.log_text()]))
    check(not b.alive(), "node B survived SIGKILL")
    check(a.alive(), "node A died", a.stderr_tail(20))
    check(st.after_kill_2xx > 0, "no ballot succeeded after the kill", summary)
    check(answered_at_kill < N_DEP - WORKERS, "node B was killed too late (%d of %d answered)"
          % (answered_at_kill, N_DEP))
    # nginx really used both nodes, and the killed one did get ballots
    log = ngx.access_log()
    ups = {}
    for ln in log:
        for p in (a.port, b.port):
            if ("up=127.0.0.1:%d" % p) in ln and ballot_path in ln:
                ups[p] = ups.get(p, 0) + 1
    check(ups.get(a.port) and ups.get(b.port), "nginx did not send ballots to both nodes: %r" % ups)

    # -- the survivor keeps serving: sessions made before the kill (on either node)
    rnd = random.Random(7)
    early = [i for i, (s, t) in st.sessions.items() if t < st.kill_at]
    for i in rnd.sample(early, min(20, len(early))):
        s = st.sessions[i][0]
        me = expect(s.get("/api/v1/me"), 200, what="/me via nginx after the kill (%s)" % deputies[i]["login"])
        check(me["user"]["login"] == deputies[i]["login"], "/me names another user", me)
        me = expect(_moved(s, a.base).get("/api/v1/me"), 200, what="/me on the surviving node")
        check(me["user"]["login"] == deputies[i]["login"], "/me on node A names another user", me)
    # no deputy votes twice: a second ballot → 409 already_voted
    counted = sorted(ok201 + retry201 + retry409)
    for i in rnd.sample(counted, SAMPLE_AGAIN):
        r = st.sessions[i][0].post(ballot_path, {"choices": plan[i]})
        expect(r, 409, "already_voted", what="a second ballot of %s" % deputies[i]["login"])

    js = expect(Session(base).get("/api/v1/polls/%d" % poll), 200, what="poll via nginx")
    check(js.get("ballots_cast") == len(counted), "the poll says %r ballots cast, want %d"
          % (js.get("ballots_cast"), len(counted)), summary)

    # -- the database: one participation row per counted deputy, as many ballots
    db = a.db
    pt = find_table(db, ["participation", "participations"])
    bt = "ballot_box"  # sealed while the poll is open (docs/secrecy.md)
    n_part = int(db_query(db, "SELECT count(*) FROM %s WHERE poll_id = ?" % pt, (poll,))[0][0])
    n_ball = int(db_query(db, "SELECT count(*) FROM %s WHERE poll_id = ?" % bt, (poll,))[0][0])
    dup = db_query(db, "SELECT user_id, count(*) FROM %s WHERE poll_id = ? GROUP BY user_id HAVING count(*) > 1"
                   % pt, (poll,))
    voted_ids = sorted(int(r[0]) for r in db_query(db, "SELECT user_id FROM %s WHERE poll_id = ?" % pt, (poll,)))
    check(not dup, "deputies with two participation rows: %r" % dup[:10])
    check(n_part == len(counted) and n_ball == len(counted),
          "%d participation rows and %d ballots stored, want %d (the deputies answered 201 or 409 after a "
          "failed attempt)" % (n_part, n_ball, len(counted)), summary)
    check(voted_ids == sorted(deputies[i]["id"] for i in counted), "participation names other deputies than "
          "those who got 201 or 409-after-a-failure")

    # -- close through nginx: the result counts exactly those ballots
    res = expect(post_close(clerk, poll), 200, what="close poll via nginx")
    check(res.get("ballots_returned") == len(counted), "ballots_returned %r, want %d"
          % (res.get("ballots_returned"), len(counted)), summary)
    exp = expected_result(cands, COSTS, [plan[i] for i in counted], SLOTS, max_approvals=MAX_APPROVALS,
                          base="cast", deputies_all=N_DEP, present=N_DEP)
    compare_result(res, exp)
    firm = {c: 0 for c in cands}          # the ballots answered 2xx alone: a lower bound
    for i in ok201 + retry201:
        for c in plan[i]:
            firm[c] += 1
    got = {c["candidate_id"]: c["approvals"] for c in res["candidates"]}
    check(all(firm[c] <= got[c] for c in cands), "a candidate has fewer approvals than the 2xx ballots give it",
          firm, got)
    # the result reads the same on both paths
    again = expect(Session(base).get("/api/v1/polls/%d/result" % poll), 200, what="result via nginx")
    check(again == res, "the stored result differs from the close answer", again, res)
    _published_through_nginx(base, clerk, poll, res)
    # two nodes appended to one audit chain, one killed mid-vote: it holds, with the result in it
    out = harness.cli(["audit", "verify", "--db", a.db]).stdout.decode("utf-8", "replace")
    check("results: 1 match" in out, "audit verify checks the result", out)
    print("# scale-out test: %.1f s in all" % (time.monotonic() - t_start))
