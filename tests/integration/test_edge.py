"""Edge cases: garbage input never gives a 5xx, secrecy while a poll is open,
races against close and against duplicate creation, validation of poll
parameters, and failed requests leave no audit trace."""
import concurrent.futures
import http.client
import json
import threading

from client import Session
from harness import (admin_session, build_world, cast, check, checkin, close_poll, create_congress, create_user,
                     dep_session, expect, expected_result, compare_result, get_poll, list_all, login_many,
                     make_deputies, roster_csv, post_open, post_close)


def _no_5xx(r, what):
    check(r.status < 500, "%s answered %d" % (what, r.status), r.describe())
    if r.status >= 400:
        expect(r, r.status, what=what)  # JSON error shape


def test_garbage_no_5xx(ctx):
    """odd but well-formed-HTTP requests never answer 5xx and the server stays up"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    d = dep_session(w, 0)
    P = w.poll
    cases = [
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [1.5]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": ["1"]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [None]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [-1]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [2 ** 63 - 1]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [2 ** 64]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": [[1]]}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": list(range(10000))}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, {"choices": None}),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, "just a string"),
        (d, "POST", "/api/v1/polls/%d/ballot" % P, 42),
        (d, "POST", "/api/v1/polls/99999999999999999999/ballot", {"choices": []}),
        (d, "POST", "/api/v1/polls/-1/ballot", {"choices": []}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 0}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": -1}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 4294967297}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "threshold_den": 0}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "quorum_den": 0}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "threshold_num": 3, "threshold_den": 2}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "threshold_base": "everyone"}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "budget": -5}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "max_approvals": 0}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "candidate_ids": [w.cands[0], w.cands[0]]}),
        (w.clerk, "POST", "/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1, "candidate_ids": []}),
        (w.clerk, "POST", "/api/v1/polls/%d/checkin" % P, {"deputy_ids": "all"}),
        (w.clerk, "POST", "/api/v1/polls/%d/checkin" % P, {"deputy_ids": [None]}),
        (w.clerk, "POST", "/api/v1/polls/%d/paper-ballots" % P, {"ballots": [[999999]]}),
        (w.clerk, "POST", "/api/v1/polls/%d/paper-ballots" % P, {"ballots": "x"}),
        (w.clerk, "POST", "/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": ""}),
        (w.clerk, "POST", "/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": "\ufeff"}),
        (w.clerk, "POST", "/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": '"unterminated,login,password\n'}),
        (w.clerk, "POST", "/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": "name,login,password\n\x00,a\x00b,pass-word-1\n"}),
        (w.clerk, "POST", "/api/v1/congresses/%d/deputies/import" % w.congress, {"csv": 5}),
        (w.admin, "POST", "/api/v1/congresses", {"name": "", "name_en": "", "level": "city", "parent_id": None}),
        (w.admin, "POST", "/api/v1/congresses", {"name": "x", "name_en": "x", "level": "galaxy", "parent_id": None}),
        (w.admin, "POST", "/api/v1/congresses", {"name": "x", "name_en": "x", "level": "town", "parent_id": 424242}),
        (w.admin, "POST", "/api/v1/users", {"login": "", "password": "", "name": "", "roles": [], "congress_id": None, "unit_id": None}),
        (w.admin, "POST", "/api/v1/users", {"login": "shortpw", "password": "short", "name": "x", "roles": ["deputy"], "congress_id": w.congress, "unit_id": None}),
        (w.admin, "POST", "/api/v1/users", {"login": "badrole", "password": "long-enough", "name": "x", "roles": ["emperor"], "congress_id": w.congress, "unit_id": None}),
        (w.admin, "POST", "/api/v1/users", {"login": "nocongress", "password": "long-enough", "name": "x", "roles": ["deputy"], "congress_id": 777777, "unit_id": None}),
        (w.admin, "GET", "/api/v1/congresses?per_page=0", None),
        (w.admin, "GET", "/api/v1/congresses?per_page=100000", None),
        (w.admin, "GET", "/api/v1/congresses?page=-3", None),
        (w.admin, "GET", "/api/v1/congresses?page=99999999999999999999", None),
        (w.admin, "GET", "/api/v1/congresses?per_page=abc", None),
        (w.admin, "GET", "/api/v1/audit?congress_id=abc", None),
        (w.admin, "GET", "/api/v1/congresses/%d/deputies?q=%%25%%27%%22%%5C" % w.congress, None),
        (w.admin, "GET", "/api/v1/congresses/%d/deputies?q=%%" % w.congress, None),
        (w.admin, "GET", "/api/v1/polls/%d" % P + "/" * 50, None),
        (w.admin, "GET", "/api/v1//polls/%d" % P, None),
        (w.admin, "GET", "/api/v1/polls/0", None),
        (w.admin, "GET", "/%2e%2e/%2e%2e/etc/passwd", None),
        (w.admin, "OPTIONS", "/api/v1/congresses", None),
        (w.admin, "PATCH", "/api/v1/candidates/%d" % w.cands[0], {"nope": 1}),
    ]
    for sess, method, path, body in cases:
        if body is None:
            r = sess.request(method, path)
        else:
            r = sess.request(method, path, body)
        _no_5xx(r, "%s %s %s" % (method, path, json.dumps(body)[:80]))
        if "etc/passwd" in path:
            check(b"root:" not in r.body, "path traversal serves /etc/passwd")
        if "per_page=100000" in path and r.status == 200:
            check(r.json.get("per_page", 0) <= 200, "per_page above 200 accepted", r.describe(300))
    raw_cases = [b"{" * 100000, b'{"choices":' + b"[" * 50000 + b"]" * 50000 + b"}", b"\x00\x01\x02",
                 '{"choices": ["\ud800"]}'.encode("utf-8", "surrogatepass")]
    for raw in raw_cases:
        r = d.post("/api/v1/polls/%d/ballot" % P, raw=raw)
        _no_5xx(r, "ballot with raw body %r" % raw[:40])
    p = get_poll(w.clerk, P)
    check(p.get("status") == "open", "the poll is %r after the garbage" % p.get("status"))
    # the deputy can still vote, exactly once
    cast(d, P, [w.cands[0]])
    p = get_poll(w.clerk, P)
    check(p.get("ballots_cast") == 1, "ballots_cast is %r after the garbage, want 1" % p.get("ballots_cast"))


def test_duplicate_keys_ballot(ctx):
    """a ballot body with the same key twice is refused (400), never counted with one of the two lists"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    d = dep_session(w, 0)
    r = d.post("/api/v1/polls/%d/ballot" % w.poll,
               raw='{"choices": [%d], "choices": [%d, %d]}' % (w.cands[0], w.cands[1], w.cands[2]))
    expect(r, 400, what="ballot with duplicate key 'choices'")


def _keys(js):
    if isinstance(js, dict):
        for k, v in js.items():
            yield k
            yield from _keys(v)
    elif isinstance(js, list):
        for v in js:
            yield from _keys(v)


def test_secret_while_open(ctx):
    """while a poll is open nobody can see running tallies or the ballots"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30), poll={"slots": 2}, present=5)
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[0]])
    for who, s in (("public", Session(w.srv.base)), ("clerk", w.clerk), ("admin", w.admin), ("deputy", dep_session(w, 0))):
        r = s.get("/api/v1/polls/%d/ballots" % w.poll)
        check(r.status >= 400, "%s reads the ballots of an open poll (%d)" % (who, r.status), r.describe(400))
        r = s.get("/api/v1/polls/%d/result" % w.poll)
        expect(r, 409, "poll_not_closed", what="%s reads the result of an open poll" % who)
        p = get_poll(s, w.poll)
        leaked = sorted(k for k in _keys(p) if k in ("approvals", "votes", "tally", "valid", "blank", "void", "choices"))
        check(not leaked, "%s sees running tallies in an open poll: keys %r" % (who, leaked),
              json.dumps(p, ensure_ascii=False)[:800])
    att = list_all(w.clerk, "/api/v1/polls/%d/attendance" % w.poll)[0]
    check("choices" not in json.dumps(att), "attendance shows choices")


def test_ballot_vs_close_race(ctx):
    """ballots racing close: every 201 ballot is in the result, every refused one is not"""
    n = 40
    w = build_world(ctx, n_deputies=n, costs=(10, 20, 30), poll={"slots": 1}, present=n)
    sessions = login_many(w.srv, w.deputies, 40)
    gate = threading.Event()

    def vote(i):
        gate.wait(30)
        return i, sessions[w.deputies[i]["login"]].post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [w.cands[0]]})

    def close():
        gate.wait(30)
        return post_close(w.clerk, w.poll)

    with concurrent.futures.ThreadPoolExecutor(n + 1) as ex:
        futs = [ex.submit(vote, i) for i in range(n)]
        cf = ex.submit(close)
        gate.set()
        votes = [f.result() for f in futs]
        closed = cf.result()
    expect(closed, 200, what="close while voting")
    ok = [i for i, r in votes if r.status == 201]
    bad = [r for i, r in votes if r.status != 201 and not (r.status == 409 and r.code == "poll_not_open")]
    check(not bad, "%d ballots got an answer other than 201 or 409 poll_not_open" % len(bad),
          *[r.describe(300) for r in bad[:5]])
    res = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="result")
    check(res.get("ballots_returned") == len(ok),
          "result counts %r ballots, but %d ballots were accepted (201)" % (res.get("ballots_returned"), len(ok)))
    exp = expected_result(w.cands, [10, 20, 30], [[w.cands[0]]] * len(ok), slots=1, deputies_all=n, present=n)
    compare_result(res, exp)


def test_concurrent_duplicates(ctx):
    """the same roster imported twice at once, the same login created twice at once: exactly one wins"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    roster = make_deputies(30)
    admins = [admin_session(srv) for _ in range(6)]
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        rs = list(ex.map(lambda s: s.post("/api/v1/congresses/%d/deputies/import" % cid,
                                          {"csv": roster_csv(roster)}), admins))
    codes = sorted(r.status for r in rs)
    check(codes.count(201) == 1 and all(r.status in (409, 422) for r in rs if r.status != 201),
          "concurrent imports answered %r, want one 201 and the rest 422/409" % codes,
          *[r.describe(300) for r in rs if r.status not in (201, 409, 422)][:3])
    total = list_all(admin, "/api/v1/congresses/%d/deputies" % cid)[1]
    check(total == 30, "%d deputies after concurrent imports, want 30" % total)
    body = {"login": "twin", "name": "双胞胎", "roles": ["deputy"], "congress_id": cid,
            "unit_id": None}
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        rs = list(ex.map(lambda s: s.post("/api/v1/users", body), admins))
    codes = sorted(r.status for r in rs)
    check(codes.count(201) == 1 and codes.count(409) == 5, "concurrent user creation answered %r, want 201 + 5x409" % codes,
          *[r.describe(300) for r in rs if r.status not in (201, 409)][:3])


def test_concurrent_close_and_open(ctx):
    """two clerks close (or open) at once: exactly one succeeds"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=3, open_poll=False)
    others = [admin_session(w.srv) for _ in range(5)]
    with concurrent.futures.ThreadPoolExecutor(5) as ex:
        rs = list(ex.map(lambda s: post_open(s, w.poll), others))
    codes = sorted(r.status for r in rs)
    check(codes == [200, 409, 409, 409, 409], "concurrent opens answered %r" % codes)
    cast(dep_session(w, 0), w.poll, [w.cands[0]])
    with concurrent.futures.ThreadPoolExecutor(5) as ex:
        rs = list(ex.map(lambda s: post_close(s, w.poll), others))
    codes = sorted(r.status for r in rs)
    check(codes == [200, 409, 409, 409, 409], "concurrent closes answered %r" % codes)
    audit = list_all(w.admin, "/api/v1/audit")[0]
    acts = [a.get("action") for a in audit]
    check(acts.count("poll.open") == 1 and acts.count("poll.close") == 1,
          "audit has %d poll.open and %d poll.close, want 1 each" % (acts.count("poll.open"), acts.count("poll.close")))


def test_failed_requests_leave_no_audit(ctx):
    """refused mutations (409/422/403/400) add no audit entry"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    d = dep_session(w, 0)
    cast(d, w.poll, [w.cands[0]])
    dep_session(w, 1), dep_session(w, 3)  # log in now: logins are audited
    before = list_all(w.admin, "/api/v1/audit")[1]
    cast(d, w.poll, [w.cands[1]], 409, "already_voted")
    cast(dep_session(w, 1), w.poll, [w.cands[0], w.cands[1], w.cands[2]], 422, "too_many_approvals")
    cast(dep_session(w, 3), w.poll, [w.cands[0]], 409, "not_checked_in")
    expect(post_open(w.clerk, w.poll), 409, "poll_not_draft", what="open twice")
    expect(w.clerk.post("/api/v1/polls/%d/checkin" % w.poll, {"deputy_ids": [w.clerk.user["id"]]}), 422,
           "not_a_deputy", what="checkin of the clerk")
    expect(w.clerk.post("/api/v1/congresses/%d/deputies/import" % w.congress,
                        {"csv": "name,login,password\n甲,%s,pass-again-1\n" % w.deputies[0]["login"]}), 422,
           "invalid_csv", what="import of a taken login")
    expect(w.clerk.post("/api/v1/congresses", {"name": "x", "name_en": "x", "level": "city", "parent_id": None}),
           403, "forbidden", what="clerk creates a congress")
    after = list_all(w.admin, "/api/v1/audit")
    check(after[1] == before, "audit grew from %d to %d entries after refused requests" % (before, after[1]),
          *["new: %s" % json.dumps(a, ensure_ascii=False) for a in after[0][:after[1] - before]])


def test_keep_alive(ctx):
    """several requests on one keep-alive connection all get their own answer"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        for i in range(5):
            conn.request("GET", "/api/v1/congresses/%d" % cid)
            r = conn.getresponse()
            body = r.read()
            check(r.status == 200 and json.loads(body).get("id") == cid, "request %d on one connection: %d %r"
                  % (i, r.status, body[:200]))
            conn.request("GET", "/api/v1/nope")
            r = conn.getresponse()
            body = r.read()
            check(r.status == 404, "404 on a kept-alive connection answered %d" % r.status)
    finally:
        conn.close()


def test_admin_everywhere(ctx):
    """an admin manages any congress; a user with deputy+clerk roles can do both in its congress"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=0, open_poll=False)
    create_user(w.admin, "both-roles", "both-roles-pass", "两栖", ["deputy", "clerk"], w.congress)
    checkin(w.admin, w.poll, [d["id"] for d in w.deputies])
    expect(post_open(w.admin, w.poll), 200, what="admin opens")
    both = Session(w.srv.base)
    expect(both.login("both-roles", "both-roles-pass"), 200, what="login deputy+clerk")
    check(sorted(both.user.get("roles") or []) == ["clerk", "deputy"], "roles %r" % both.user.get("roles"))
    cast(both, w.poll, [w.cands[0]], 409, "not_checked_in")
    checkin(both, w.poll, [both.user["id"]])
    cast(both, w.poll, [w.cands[0]])
    res = close_poll(w.admin, w.poll)
    check(res.get("ballots_returned") == 1 and res.get("deputies_all") == 4 and res.get("deputies_present") == 4,
          "returned %r deputies_all %r present %r (want 1, 4, 4)"
          % (res.get("ballots_returned"), res.get("deputies_all"), res.get("deputies_present")))
