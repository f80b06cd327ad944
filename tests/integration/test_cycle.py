"""The whole cycle at scale, over HTTP, on one shared server: a congress of
200 deputies imported from CSV, check-in and quorum, a race of 10 ballots
from one deputy, 200 deputies voting at once, close, and the result checked
against an independent count of what this test cast."""
import concurrent.futures
import threading
import time

from client import Session
from harness import (Ctx, Failure, admin_session, check, checkin, close_poll, compare_result, create_congress,
                     create_user, expect, expected_result, get_poll, import_deputies, list_all, login_many,
                     login_session, make_cycle, make_deputies, post_open, name_scrutineers)

N_DEP = 200
SLOTS = 6
MAX_APPROVALS = 8
# approvals each candidate should get; 101 passes (> 100 = half of 200), 100 fails
TARGETS = [180, 170, 160, 150, 140, 130, 120, 101, 100, 60, 40, 20]
COSTS = [1000000 * (i + 1) for i in range(len(TARGETS))]
BLANK = {50, 100, 150, 199}
WORKERS = 48
RACE_THREADS = 10


class _State:
    def __init__(self):
        self.ctx = None
        self.done = {}
        self.errors = {}
        self.obs = {}


S = _State()


def _stage(name, fn):
    """Run fn once; later callers get its value or a failure naming it."""
    if name in S.errors:
        raise Failure("shared stage %r failed earlier: %s" % (name, S.errors[name][0]), *S.errors[name][1])
    if name in S.done:
        return S.done[name]
    try:
        S.done[name] = fn()
        return S.done[name]
    except Failure as e:
        S.errors[name] = (str(e), e.details)
        raise
    except Exception as e:
        S.errors[name] = ("%s: %s" % (type(e).__name__, e), [])
        raise


def _plan(cands):
    """Deterministic ballots: candidate j approved by TARGETS[j] voters, taken cyclically."""
    voters = [i for i in range(N_DEP) if i not in BLANK]
    choices = {i: [] for i in range(N_DEP)}
    pos = 0
    for j, t in enumerate(TARGETS):
        for k in range(t):
            choices[voters[(pos + k) % len(voters)]].append(cands[j])
        pos = (pos + t) % len(voters)
    assert all(len(c) <= MAX_APPROVALS for c in choices.values())
    assert all(len(set(c)) == len(c) for c in choices.values())
    assert choices[0]
    return choices


def _setup():
    S.ctx = Ctx("cycle-shared")
    ctx = S.ctx
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin, name="江州市人民代表大会")
    create_user(admin, "big-clerk", "big-clerk-pass", "王秘书", ["clerk"], cid)
    clerk = login_session(srv, "big-clerk", "big-clerk-pass")
    deputies = make_deputies(N_DEP, prefix="jz")
    t0 = time.monotonic()
    import_deputies(clerk, cid, deputies)
    S.obs["import_seconds"] = time.monotonic() - t0
    S.obs["deputies_total"] = list_all(clerk, "/api/v1/congresses/%d/deputies" % cid)[1]
    S.obs["congress"] = expect(Session(srv.base).get("/api/v1/congresses/%d" % cid), 200, what="get congress")
    return {"srv": srv, "admin": admin, "clerk": clerk, "congress": cid, "deputies": deputies}


def _open():
    w = _stage("setup", _setup)
    clerk = w["clerk"]
    cycle, cands = make_cycle(clerk, w["congress"], COSTS)
    p = expect(clerk.post("/api/v1/cycles/%d/polls" % cycle,
                          {"title": "2027年民生实事项目票决", "slots": SLOTS, "max_approvals": MAX_APPROVALS}),
               201, what="create poll")
    poll = p["id"]
    ids = [d["id"] for d in w["deputies"]]
    half = checkin(clerk, poll, ids[:N_DEP // 2])
    S.obs["checkin_half"] = half
    name_scrutineers(clerk, poll, [(d["id"], login_session(w["srv"], d["login"], d["password"]))
                                   for d in w["deputies"][:3]], k=2)
    S.obs["open_half"] = post_open(clerk, poll)
    S.obs["checkin_101"] = checkin(clerk, poll, ids[N_DEP // 2:N_DEP // 2 + 1])
    S.obs["checkin_all"] = checkin(clerk, poll, ids)
    opened = expect(post_open(clerk, poll), 200, what="open poll with 200 present")
    S.obs["opened"] = opened
    sessions = login_many(w["srv"], w["deputies"], WORKERS)
    w.update({"cycle": cycle, "cands": cands, "poll": poll, "plan": _plan(cands), "sessions": sessions,
              "cast": {}, "receipts": {}})
    return w


def _vote_one(w, i):
    d = w["deputies"][i]
    r = w["sessions"][d["login"]].post("/api/v1/polls/%d/ballot" % w["poll"], {"choices": w["plan"][i]})
    return i, r


def _race():
    w = _stage("open", _open)
    d = w["deputies"][0]
    sess = w["sessions"][d["login"]]
    before = get_poll(w["clerk"], w["poll"]).get("ballots_cast")
    barrier = threading.Barrier(RACE_THREADS)

    def shoot(_):
        barrier.wait(30)
        return sess.post("/api/v1/polls/%d/ballot" % w["poll"], {"choices": w["plan"][0]})

    with concurrent.futures.ThreadPoolExecutor(RACE_THREADS) as ex:
        rs = list(ex.map(shoot, range(RACE_THREADS)))
    after = get_poll(w["clerk"], w["poll"]).get("ballots_cast")
    ok = [r for r in rs if r.status == 201]
    if ok:
        w["cast"][0] = w["plan"][0]
        w["receipts"][0] = ok[0].json.get("receipt")
    return {"responses": rs, "before": before, "after": after}


def _vote_all():
    w = _stage("open", _open)
    # when the race did not run (-k), deputy 0 votes with the others
    todo = [i for i in range(N_DEP) if i not in w["cast"]]
    failures = []
    gate = threading.Event()

    def one(i):
        gate.wait(30)
        return _vote_one(w, i)

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as ex:
        futs = [ex.submit(one, i) for i in todo]
        gate.set()
        for fu in futs:
            i, r = fu.result()
            if r.status == 201:
                w["cast"][i] = w["plan"][i]
                w["receipts"][i] = r.json.get("receipt")
            else:
                failures.append(r)
    return {"failures": failures, "n": len(todo)}


def _close():
    w = _stage("open", _open)
    _stage("vote_all", _vote_all)
    res = close_poll(w["clerk"], w["poll"])
    return res


def teardown_module():
    if S.ctx is not None:
        if S.errors:
            S.ctx.failed = True
        S.ctx.cleanup()


# ---------------------------------------------------------------- test points

def test_import_200(ctx):
    """a roster of 200 deputies imports in one CSV request"""
    _stage("setup", _setup)
    check(S.obs["deputies_total"] == N_DEP, "%d deputies listed after import, want %d" % (S.obs["deputies_total"], N_DEP))
    check(S.obs["congress"].get("deputies") == N_DEP, "the congress shows %r deputies, want %d"
          % (S.obs["congress"].get("deputies"), N_DEP))
    check(S.obs["import_seconds"] < 120, "import took %.1f s" % S.obs["import_seconds"])


def test_quorum_200(ctx):
    """100 of 200 present is no quorum (409 no_quorum); 101 is"""
    _stage("open", _open)
    half = S.obs["checkin_half"]
    check(half.get("deputies_present") == 100 and half.get("deputies_all") == N_DEP and half.get("quorum_met") is False,
          "checkin of 100 answered %r" % half)
    expect(S.obs["open_half"], 409, "no_quorum", what="open with 100 of 200 present")
    c101 = S.obs["checkin_101"]
    check(c101.get("deputies_present") == 101 and c101.get("quorum_met") is True, "checkin of 101 answered %r" % c101)
    o = S.obs["opened"]
    check(o.get("status") == "open" and o.get("deputies_present") == N_DEP and o.get("deputies_all") == N_DEP,
          "open answered status %r present %r all %r" % (o.get("status"), o.get("deputies_present"),
                                                         o.get("deputies_all")))


def test_race_one_deputy(ctx):
    """one deputy sends 10 ballots at once: one 201, nine 409 already_voted, ballots_cast +1"""
    r = _stage("race", _race)
    rs = r["responses"]
    statuses = sorted(x.status for x in rs)
    n201 = statuses.count(201)
    n409 = [x for x in rs if x.status == 409 and x.code == "already_voted"]
    details = [x.describe(300) for x in rs if x.status != 201]
    check(n201 == 1 and len(n409) == RACE_THREADS - 1,
          "race answers %r, want one 201 and %d x 409 already_voted" % (statuses, RACE_THREADS - 1), *details[:5])
    check(r["after"] - r["before"] == 1, "ballots_cast went from %r to %r, want +1" % (r["before"], r["after"]))


def test_vote_200_concurrently(ctx):
    """200 deputies vote at once (thread pool of 48): every ballot accepted once"""
    w = _stage("open", _open)
    r = _stage("vote_all", _vote_all)
    f = r["failures"]
    check(not f, "%d of %d ballots refused" % (len(f), r["n"]), *[x.describe(300) for x in f[:8]])
    check(len(w["cast"]) == N_DEP, "%d deputies voted, want %d" % (len(w["cast"]), N_DEP))
    rec = list(w["receipts"].values())
    check(len(set(rec)) == N_DEP, "%d distinct receipts for %d ballots" % (len(set(rec)), N_DEP))
    p = get_poll(w["clerk"], w["poll"])
    check(p.get("ballots_cast") == N_DEP, "ballots_cast is %r, want %d" % (p.get("ballots_cast"), N_DEP))
    att = list_all(w["clerk"], "/api/v1/polls/%d/attendance" % w["poll"])[0]
    check(len(att) == N_DEP and all(a.get("present") and a.get("voted") for a in att),
          "attendance does not show all 200 present and voted",
          "present %d voted %d of %d" % (sum(1 for a in att if a.get("present")),
                                         sum(1 for a in att if a.get("voted")), len(att)))
    # a second ballot from anyone is still refused
    d = w["deputies"][7]
    r2 = w["sessions"][d["login"]].post("/api/v1/polls/%d/ballot" % w["poll"], {"choices": []})
    expect(r2, 409, "already_voted", what="a second ballot after the rush")


def test_result_200(ctx):
    """the result matches an independent count of the cast ballots"""
    w = _stage("open", _open)
    res = _stage("close", _close)
    ballots = [w["cast"][i] for i in sorted(w["cast"])]
    exp = expected_result(w["cands"], COSTS, ballots, slots=SLOTS, max_approvals=MAX_APPROVALS,
                          deputies_all=N_DEP, present=N_DEP)
    compare_result(res, exp)
    check(res.get("ballots_returned") == N_DEP and res.get("blank") == len(BLANK),
          "returned %r blank %r" % (res.get("ballots_returned"), res.get("blank")))
    sel = sorted(c["candidate_id"] for c in res["candidates"] if c.get("status") == "selected")
    check(sel == sorted(w["cands"][:SLOTS]), "selected %r, want the first %d candidates %r" % (sel, SLOTS, w["cands"][:SLOTS]))
    pub = expect(Session(w["srv"].base).get("/api/v1/polls/%d/result" % w["poll"]), 200, what="public result")
    compare_result(pub, exp)
    check(pub.get("counted_at") == res.get("counted_at"), "counted_at changed between close and GET result")
    p = get_poll(Session(w["srv"].base), w["poll"])
    check(p.get("status") not in ("open", "draft"), "the poll status is %r after close" % p.get("status"))


def test_ballots_list_200(ctx):
    """the anonymous ballots list holds exactly the cast ballots"""
    w = _stage("open", _open)
    _stage("close", _close)
    items, total = list_all(w["clerk"], "/api/v1/polls/%d/ballots" % w["poll"])
    got = sorted(tuple(sorted(it.get("choices") or [])) for it in items)
    want = sorted(tuple(sorted(c)) for c in w["cast"].values())
    check(total == N_DEP and got == want, "the ballots list (%d) differs from the %d cast ballots" % (total, len(want)))
    check(not any(k in it for it in items for k in ("user_id", "deputy_id", "login", "at")),
          "ballot items carry deputy or time fields", items[:2])
