"""Polls on small congresses: quorum, ballot errors, counting variants
(run-off, paper void, returned > issued, budget, threshold bases)."""
import urllib.parse

from client import Session
from harness import (admin_session, build_world, cast, check, checkin, close_poll, compare_result, create_congress,
                     create_user, login_session,
                     dep_session, expect, expected_result, get_poll, import_deputies, list_all,
                     make_cycle, make_deputies, post_open, post_close, name_scrutineers)


def test_poll_defaults(ctx):
    """a poll with only slots gets the documented defaults"""
    w = build_world(ctx, n_deputies=7, costs=(10, 20, 30, 40), poll={"slots": 3}, present=0, open_poll=False)
    p = w.poll_json
    want = {"status": "draft", "slots": 3, "max_approvals": 3, "threshold_base": "all", "threshold_num": 1,
            "threshold_den": 2, "threshold_strict": True, "quorum_num": 1, "quorum_den": 2, "budget": None,
            "deputies_all": 7, "deputies_present": 0, "ballots_cast": 0, "quorum_met": False,
            "cycle_id": w.cycle, "congress_id": w.congress}
    diffs = ["%s: got %r, want %r" % (k, p.get(k), v) for k, v in want.items() if p.get(k) != v]
    check(not diffs, "poll defaults differ", *(diffs + [str(p)]))
    check(sorted(c.get("id") for c in p.get("candidates") or []) == sorted(w.cands),
          "the poll does not list every candidate of the cycle", p.get("candidates"))
    rt = p.get("rule_text") or {}
    check(rt.get("zh") and rt.get("en"), "rule_text lacks zh/en", p)
    # deputies_all is live while draft
    create_user(w.clerk, "late-dep", "late-dep-pass", "迟到", ["deputy"], w.congress)
    p = get_poll(Session(w.srv.base), w.poll)
    check(p.get("deputies_all") == 8, "deputies_all is %r after adding a deputy to a draft poll, want 8"
          % p.get("deputies_all"))
    js = expect(Session(w.srv.base).get("/api/v1/cycles/%d/polls" % w.cycle), 200, what="list polls")
    check([it.get("id") for it in js.get("items", [])] == [w.poll], "cycle poll list is %r" % js.get("items"))


def test_not_competitive(ctx):
    """a poll needs more candidates than slots (422 not_competitive, nothing created)"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 2}, present=0, open_poll=False)
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 3}), 422, "not_competitive",
           what="3 slots for 3 candidates")
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 2, "candidate_ids": w.cands[:2]}), 422,
           "not_competitive", what="2 slots for 2 chosen candidates")
    total = list_all(w.clerk, "/api/v1/cycles/%d/polls" % w.cycle)[1]
    check(total == 1, "%d polls in the cycle after refused creations, want 1" % total)


def test_phases(ctx):
    """cycle phases move one step at a time (409 not_next_phase); candidates only in collect/compile (409 wrong_phase)"""
    w = build_world(ctx, n_deputies=0, costs=(10, 20), poll={"slots": 1}, present=0, open_poll=False)
    r = expect(w.clerk.post("/api/v1/congresses/%d/cycles" % w.congress,
                            {"year": 2099, "title": "跳步", "title_en": "skip"}), 201, what="create cycle")
    cyc = r["id"]
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % cyc, {"phase": "vote"}), 409, "not_next_phase",
           what="collect -> vote")
    expect(w.clerk.post("/api/v1/cycles/%d/polls" % cyc, {"slots": 1}), 409, what="poll in phase collect")
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % cyc, {"phase": "compile"}), 200, what="collect -> compile")
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % cyc, {"phase": "collect"}), 409, "not_next_phase",
           what="compile -> collect")
    c = expect(Session(w.srv.base).get("/api/v1/cycles/%d" % cyc), 200, what="get cycle")
    check(c.get("phase") == "compile", "phase is %r, want compile" % c.get("phase"))
    # w.cycle is in phase vote: no new candidates, no edits
    expect(w.clerk.post("/api/v1/cycles/%d/candidates" % w.cycle, {"title": "迟到项目", "cost": 5}), 409,
           what="candidate in phase vote")
    expect(w.clerk.patch("/api/v1/candidates/%d" % w.cands[0], {"cost": 1}), 409, what="edit candidate in vote")
    cand = expect(Session(w.srv.base).get("/api/v1/candidates/%d" % w.cands[0]), 200, what="get candidate")
    check(cand.get("cost") == 10, "candidate cost is %r after a refused edit, want 10" % cand.get("cost"))
    # candidate with a unit of another congress
    other = expect(w.admin.post("/api/v1/congresses", {"name": "他市", "name_en": "Other", "level": "city",
                                                       "parent_id": None}), 201, what="other congress")
    unit = expect(w.admin.post("/api/v1/congresses/%d/units" % other["id"], {"name": "他局", "name_en": "x"}),
                  201, what="unit of the other congress")
    expect(w.clerk.post("/api/v1/cycles/%d/candidates" % cyc, {"title": "错单位", "cost": 5, "unit_id": unit["id"]}),
           422, what="candidate with another congress's unit")
    expect(w.clerk.post("/api/v1/cycles/%d/candidates" % cyc, {"title": "负数", "cost": -5}), 422,
           what="negative cost")
    total = list_all(Session(w.srv.base), "/api/v1/cycles/%d/candidates" % cyc)[1]
    check(total == 0, "%d candidates after refused creations, want 0" % total)


def test_quorum(ctx):
    """opening needs more than half of all deputies present (409 no_quorum); check-in is idempotent"""
    w = build_world(ctx, n_deputies=6, costs=(10, 20, 30), poll={"slots": 2}, present=0, open_poll=False)
    ids = [d["id"] for d in w.deputies]
    js = checkin(w.clerk, w.poll, ids[:3])
    check(js.get("deputies_present") == 3 and js.get("deputies_all") == 6 and js.get("quorum_met") is False,
          "checkin of 3 of 6 answered %r" % js)
    js = checkin(w.clerk, w.poll, ids[:3])
    check(js.get("deputies_present") == 3, "repeating a checkin changed deputies_present to %r" % js)
    expect(post_open(w.clerk, w.poll), 409, "no_quorum", what="open with exactly half")
    p = get_poll(w.clerk, w.poll)
    check(p.get("status") == "draft", "the poll is %r after a refused open, want draft" % p.get("status"))
    # a batch with one non-deputy is refused as a whole
    r = w.clerk.post("/api/v1/polls/%d/checkin" % w.poll, {"deputy_ids": [ids[3], w.clerk.user["id"]]})
    expect(r, 422, "not_a_deputy", what="checkin of a non-deputy")
    p = get_poll(w.clerk, w.poll)
    check(p.get("deputies_present") == 3, "deputies_present is %r after a refused checkin, want 3"
          % p.get("deputies_present"))
    expect(w.clerk.post("/api/v1/polls/%d/checkin" % w.poll, {"deputy_ids": [999999]}), 422, "not_a_deputy",
           what="checkin of a missing user")
    js = checkin(w.clerk, w.poll, [ids[3]])
    check(js.get("deputies_present") == 4 and js.get("quorum_met") is True, "checkin of 4 of 6 answered %r" % js)
    js = expect(post_open(w.clerk, w.poll), 200, what="open with 4 of 6")
    check(js.get("status") == "open", "open answered status %r" % js.get("status"))
    expect(post_open(w.clerk, w.poll), 409, "poll_not_draft", what="open twice")
    # deputies_all is frozen once open; check-in still allowed while open
    import_deputies(w.clerk, w.congress, make_deputies(2))
    js = checkin(w.clerk, w.poll, [ids[4]])
    check(js.get("deputies_present") == 5, "checkin while open answered %r" % js)
    p = get_poll(w.clerk, w.poll)
    check(p.get("deputies_all") == 6, "deputies_all is %r after adding deputies to an open poll, want 6 (frozen)"
          % p.get("deputies_all"))
    att = list_all(w.clerk, "/api/v1/polls/%d/attendance" % w.poll)[0]
    present = sorted(a["id"] for a in att if a.get("present"))
    check(present == sorted(ids[:5]), "attendance present %r, want %r" % (present, sorted(ids[:5])))


def test_ballot_errors(ctx):
    """ballot errors: 409 not open / not checked in / already voted, 422 too many / unknown / duplicate"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2}, present=4, open_poll=False)
    # the cycle has another candidate outside the poll? make a second cycle's candidate
    _, foreign = make_cycle(w.clerk, w.congress, [5, 6], to_phase="compile")
    A, B, C, D = w.cands
    d0, d1, d2, d4 = (dep_session(w, i) for i in (0, 1, 2, 4))
    cast(d0, w.poll, [A], 409, "poll_not_open")
    expect(w.clerk.get("/api/v1/polls/%d/result" % w.poll), 409, "poll_not_closed", what="result of a draft")
    expect(post_open(w.clerk, w.poll), 200, what="open")
    me = get_poll(d0, w.poll).get("me")
    check(me.get("present") is True and me.get("voted") is False, "me is %r before voting, want present, not voted"
          % (me,))
    cast(d4, w.poll, [A], 409, "not_checked_in")
    # 422s leave the deputy able to vote
    r = cast(d0, w.poll, [A, B, C], 422, "too_many_approvals")
    cast(d0, w.poll, [A, 999999], 422, "unknown_candidate")
    cast(d0, w.poll, [A, foreign[0]], 422, "unknown_candidate")
    cast(d0, w.poll, [A, A], 422, "duplicate_choice")
    p = get_poll(d0, w.poll)
    check(p.get("ballots_cast") == 0 and p.get("me", {}).get("voted") is False,
          "after refused ballots: ballots_cast %r, me %r (want 0, not voted)" % (p.get("ballots_cast"), p.get("me")))
    r = cast(d0, w.poll, [B, A])
    rc = r.json.get("receipt")
    check(isinstance(rc, str) and len(rc) >= 16 and r.json.get("poll_id") == w.poll,
          "ballot answer lacks a receipt / poll_id", r.describe())
    cast(d0, w.poll, [C], 409, "already_voted")
    cast(d0, w.poll, [], 409, "already_voted")
    r1 = cast(d1, w.poll, [])       # blank
    check(r1.json.get("receipt") != rc, "two deputies got the same receipt")
    cast(d2, w.poll, [C])
    p = get_poll(d0, w.poll)
    check(p.get("ballots_cast") == 3 and p.get("me", {}).get("voted") is True,
          "ballots_cast %r / me %r, want 3 / voted" % (p.get("ballots_cast"), p.get("me")))
    att = {a["id"]: a for a in list_all(w.clerk, "/api/v1/polls/%d/attendance" % w.poll)[0]}
    voted = sorted(i for i, a in att.items() if a.get("voted"))
    want = sorted(w.deputies[i]["id"] for i in (0, 1, 2))
    check(voted == want, "attendance voted %r, want %r" % (voted, want))
    expect(w.clerk.get("/api/v1/polls/%d/result" % w.poll), 409, "poll_not_closed", what="result while open")
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, [10, 20, 30, 40], [[A, B], [], [C]], slots=2, deputies_all=5, present=4)
    compare_result(res, exp)
    got = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="public result")
    compare_result(got, exp)
    cast(d2, w.poll, [A], 409, ("poll_not_open", "already_voted"))
    cast(dep_session(w, 3), w.poll, [A], 409, "poll_not_open")
    expect(post_close(w.clerk, w.poll), 409, "poll_not_open", what="close twice")
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": [[A]]}), 409,
           what="paper ballots after close")
    again = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="result again")
    compare_result(again, exp)


def _vote(w, choices_by_deputy):
    for i, ch in choices_by_deputy:
        cast(dep_session(w, i), w.poll, ch)


def test_runoff(ctx):
    """a tie at the cut gives result status runoff with the tied projects marked runoff"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3})
    A, B, C, D = w.cands
    ballots = [[A, B, C]] * 4 + [[A]]
    _vote(w, enumerate(ballots))
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, [10, 20, 30, 40], ballots, slots=2, max_approvals=3, deputies_all=5, present=5)
    check(exp["status"] == "runoff" and exp["runoff_slots"] == 1, "test bug: expected no run-off")
    compare_result(res, exp)
    st = {c["candidate_id"]: c["status"] for c in res["candidates"]}
    check(st == {A: "selected", B: "runoff", C: "runoff", D: "failed"}, "statuses %r" % st)


def test_runoff_followup(ctx):
    """the tied projects go to a new poll in the same cycle for the run-off places"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3})
    A, B, C, D = w.cands
    _vote(w, enumerate([[A, B, C]] * 4 + [[A]]))
    res = close_poll(w.clerk, w.poll)
    check(res.get("status") == "runoff", "first poll status %r, want runoff" % res.get("status"), res)
    js = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle,
                             {"title": "决选", "slots": res.get("runoff_slots") or 1, "candidate_ids": [B, C]}),
                201, what="create the run-off poll")
    poll2 = js["id"]
    check(sorted(c["id"] for c in js.get("candidates", [])) == sorted([B, C]),
          "run-off poll candidates %r" % js.get("candidates"))
    checkin(w.clerk, poll2, [d["id"] for d in w.deputies])
    name_scrutineers(w.clerk, poll2, [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(post_open(w.clerk, poll2), 200, what="open the run-off")
    ballots = [[B], [B], [B], [C], [C]]
    for i, ch in enumerate(ballots):
        cast(dep_session(w, i), poll2, ch)
    cast(dep_session(w, 0), poll2, [A], 409, "already_voted")
    res2 = close_poll(w.clerk, poll2)
    exp = expected_result([B, C], [20, 30], ballots, slots=1, deputies_all=5, present=5)
    compare_result(res2, exp)
    check({c["candidate_id"]: c["status"] for c in res2["candidates"]} == {B: "selected", C: "failed"},
          "run-off statuses %r" % res2["candidates"])
    first = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="first result")
    check(first.get("status") == "runoff", "the first result changed to %r" % first.get("status"))


def test_paper_ballots_void(ctx):
    """paper ballots: over max_approvals is stored and void; blank and valid counted"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 2},
                    present=5)
    A, B, C, D = w.cands
    e_ballots = [[A, B], [A, C], []]
    _vote(w, enumerate(e_ballots))
    paper = [[A, B, C], [A, D]]
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % w.poll, {"deputy_ids": [w.deputies[3]["id"],
                                                                                 w.deputies[4]["id"]]}),
           200, what="issue paper ballots")
    js = expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": paper}), 201,
                what="record paper ballots")
    check(js.get("recorded") == 2, "recorded %r, want 2" % js.get("recorded"))
    d = dep_session(w, 0)
    expect(d.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": [[A]]}), 403, "forbidden",
           what="deputy records paper ballots")
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, [10, 20, 30, 40], e_ballots + paper, slots=2, max_approvals=2,
                          deputies_all=5, present=5)
    check(exp["void"] == 1 and exp["blank"] == 1 and exp["valid"] == 3, "test bug")
    compare_result(res, exp)
    items = list_all(w.clerk, "/api/v1/polls/%d/ballots" % w.poll)[0]
    got = sorted((sorted(it["choices"]), bool(it.get("paper"))) for it in items)
    want = sorted([(sorted(b), False) for b in e_ballots] + [(sorted(b), True) for b in paper])
    check(got == want, "stored ballots %r, want %r" % (got, want))


def test_paper_ballots_issued(ctx):
    """issue 11 defect 9: the desk records which present deputies were issued a paper ballot; no one votes both
    ways, and no more paper ballots are recorded than were issued (the vote is never made invalid by them)"""
    w = build_world(ctx, n_deputies=6, costs=(10, 20, 30), poll={"slots": 1}, present=5)
    A, B, C = w.cands
    ids = [d["id"] for d in w.deputies]
    issue = "/api/v1/polls/%d/paper-issue" % w.poll
    paper = "/api/v1/polls/%d/paper-ballots" % w.poll
    _vote(w, [(0, [A]), (1, [A]), (2, [B])])
    # Three deputies voted electronically of five present: before, the desk could enter paper ballots at will.
    expect(w.clerk.post(paper, {"ballots": [[A]]}), 409, "paper_over_issued", what="a paper ballot none was issued for")
    expect(w.clerk.post(issue, {"deputy_ids": [ids[1]]}), 409, "paper_voted", what="issue to a deputy who voted")
    expect(w.clerk.post(issue, {"deputy_ids": [ids[5]]}), 409, "paper_not_present", what="issue to a deputy absent")
    expect(w.clerk.post(issue, {"deputy_ids": [ids[3], ids[3]]}), 409, "paper_already_issued", what="issue twice")
    js = expect(w.clerk.post(issue, {"deputy_ids": [ids[3]]}), 200, what="issue a paper ballot")
    check(js == {"paper_issued": 1, "paper_recorded": 0}, "paper counts after one issue", js)
    expect(w.clerk.post(issue, {"deputy_ids": [ids[3]]}), 409, "paper_already_issued", what="issue again")
    cast(dep_session(w, 3), w.poll, [C], 409, "paper_issued_cast")
    att = expect(w.clerk.get("/api/v1/polls/%d/attendance?per_page=100" % w.poll), 200, what="attendance")["items"]
    got = {a["id"]: (a["present"], a["voted"], a["paper"]) for a in att}
    want = {ids[0]: (True, True, False), ids[1]: (True, True, False), ids[2]: (True, True, False),
            ids[3]: (True, False, True), ids[4]: (True, False, False), ids[5]: (False, False, False)}
    check(got == want, "the attendance list does not show who was issued a paper ballot", got, want)
    expect(w.clerk.post(paper, {"ballots": [[A], [B]]}), 409, "paper_over_issued", what="two paper ballots, one issued")
    js = expect(w.clerk.post(paper, {"ballots": [[A]]}), 201, what="the issued paper ballot")
    expect(w.clerk.post(paper, {"ballots": [[B]]}), 409, "paper_over_issued", what="a second paper ballot")
    cast(dep_session(w, 4), w.poll, [A])
    expect(w.clerk.post(issue, {"deputy_ids": [ids[4]]}), 409, "paper_voted", what="issue after voting")
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, [10, 20, 30], [[A], [A], [B], [A], [A]], slots=1, deputies_all=6, present=5)
    compare_result(res, exp)
    check(res["status"] != "invalid" and res["ballots_returned"] == 5, "the vote is invalid or miscounted", res)
    expect(w.clerk.post(issue, {"deputy_ids": [ids[4]]}), 409, "poll_closed", what="issue after the close")


def test_budget(ctx):
    """with a budget, a project that no longer fits is over_budget and the next one that fits is taken"""
    costs = [60, 50, 30, 10]
    w = build_world(ctx, n_deputies=5, costs=costs, poll={"slots": 2, "max_approvals": 3, "budget": 100})
    check(w.poll_json.get("budget") == 100, "poll budget is %r, want 100" % w.poll_json.get("budget"))
    A, B, C, D = w.cands
    ballots = [[A, B, C], [A, B, C], [A, B, C], [A, B, D], [A]]
    _vote(w, enumerate(ballots))
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, costs, ballots, slots=2, max_approvals=3, budget=100, deputies_all=5, present=5)
    check([exp["candidates"][c]["status"] for c in w.cands] == ["selected", "over_budget", "selected", "failed"]
          and exp["cost_selected"] == 90, "test bug: %r" % exp)
    compare_result(res, exp)


# Threshold bases: 10 deputies, 6 present, 5 ballots cast (one blank).
# Approvals A=4, B=3, C=2, D=0.
_TB_BALLOTS = [[0, 1, 2], [0, 1, 2], [0, 1], [0], []]


def _threshold_case(ctx, poll, want_selected):
    w = build_world(ctx, n_deputies=10, costs=(10, 20, 30, 40), poll=dict({"slots": 2, "max_approvals": 3}, **poll),
                    present=6)
    ballots = [[w.cands[i] for i in b] for b in _TB_BALLOTS]
    _vote(w, enumerate(ballots))
    res = close_poll(w.clerk, w.poll)
    exp = expected_result(w.cands, [10, 20, 30, 40], ballots, slots=2, max_approvals=3,
                          base=poll.get("threshold_base", "all"), num=poll.get("threshold_num", 1),
                          den=poll.get("threshold_den", 2), strict=poll.get("threshold_strict", True),
                          deputies_all=10, present=6)
    sel = [w.cands.index(c) for c, e in exp["candidates"].items() if e["status"] == "selected"]
    check(sorted(sel) == want_selected, "test bug: expected selection %r" % sel)
    compare_result(res, exp)


def test_threshold_all(ctx):
    """threshold base all: more than half of all 10 deputies (6) - nothing passes"""
    _threshold_case(ctx, {"threshold_base": "all"}, [])


def test_threshold_present(ctx):
    """threshold base present: more than half of 6 present (4) - A passes"""
    _threshold_case(ctx, {"threshold_base": "present"}, [0])


def test_threshold_cast(ctx):
    """threshold base cast: more than half of 5 ballots cast (3) - A and B pass"""
    _threshold_case(ctx, {"threshold_base": "cast"}, [0, 1])


def test_threshold_non_strict(ctx):
    """non-strict threshold: at least 2/3 of the ballots cast (4) - A passes"""
    _threshold_case(ctx, {"threshold_base": "cast", "threshold_num": 2, "threshold_den": 3,
                          "threshold_strict": False}, [0])


def test_roster_frozen_at_open(ctx):
    """the roster is frozen when the poll opens: a deputy added later is not checked in and the count holds"""
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30), poll={"slots": 2}, present=3)
    late = create_user(w.clerk, "late-%d" % w.poll, "late-pass-123", "迟到代表", ["deputy"], w.congress)
    r = expect(w.clerk.post("/api/v1/polls/%d/checkin" % w.poll, {"deputy_ids": [late["id"]]}), 422,
               "not_on_roster", what="check in a deputy added after open")
    p = get_poll(Session(w.srv.base), w.poll)
    check(p.get("deputies_all") == 4 and p.get("deputies_present") == 3,
          "after a refused late check-in: all %r present %r, want 4 and 3" % (p.get("deputies_all"),
                                                                          p.get("deputies_present")), r)
    # a deputy on the roster who was absent can still arrive late
    checkin(w.clerk, w.poll, [w.deputies[3]["id"]])
    for i in range(4):
        cast(dep_session(w, i), w.poll, [w.cands[0]])
    res = close_poll(w.clerk, w.poll)
    check(res.get("deputies_all") == 4 and res.get("ballots_issued") == 4 and res.get("ballots_returned") == 4,
          "result counts differ from the frozen roster of 4", res)
    check([c["status"] for c in res["candidates"] if c["candidate_id"] == w.cands[0]] == ["selected"],
          "the project approved by all 4 deputies is not selected", res)


def test_approve_oppose_form(ctx):
    """an approve / oppose / abstain poll: marks per project, counts of each, threshold per project, errors"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40), poll={"slots": 2, "ballot_form": "approve_oppose"})
    check(w.poll_json.get("ballot_form") == "approve_oppose", "the poll does not keep its ballot form", w.poll_json)
    rt = w.poll_json["rule_text"]
    check("approve, oppose or abstain" in rt["en"] and "逐项表决" in rt["zh"], "the rule text does not describe the form",
          rt)
    a, b, c_, d = w.cands
    # no cap on approvals in this form; marks must not repeat
    cast(dep_session(w, 0), w.poll, [a, b, c_, d])
    r = dep_session(w, 1).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [a], "oppose": [a]})
    expect(r, 422, "duplicate_choice", what="approve and oppose the same project")
    r = dep_session(w, 1).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [a], "oppose": [999999]})
    expect(r, 422, "unknown_candidate", what="oppose an unknown project")
    expect(dep_session(w, 1).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [a, b], "oppose": [c_]}), 201,
           what="approve two, oppose one")
    cast(dep_session(w, 2), w.poll, [a])  # no oppose field: the rest abstain
    expect(dep_session(w, 3).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [], "oppose": [a, b]}), 201,
           what="oppose only")
    # a paper ballot in object form, issued at the desk to the deputy who has not voted
    expect(w.clerk.post("/api/v1/polls/%d/paper-issue" % w.poll, {"deputy_ids": [w.deputies[4]["id"]]}), 200,
           what="issue a paper ballot")
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll,
                        {"ballots": [{"approve": [a, c_], "oppose": [d]}]}), 201, what="paper approve/oppose ballot")
    expect(w.clerk.post("/api/v1/polls/%d/paper-ballots" % w.poll, {"ballots": [[a]]}), 400, "invalid_paper_ballot",
           what="a pick-form paper ballot in an approve/oppose poll")
    res = close_poll(w.clerk, w.poll)
    by = {x["candidate_id"]: x for x in res["candidates"]}
    want = {a: (4, 1, 0), b: (2, 1, 2), c_: (2, 1, 2), d: (1, 1, 3)}  # approvals, opposes, abstains of 5 valid
    got = {k: (by[k]["approvals"], by[k]["opposes"], by[k]["abstains"]) for k in want}
    check(got == want, "approve/oppose/abstain counts differ", got, want)
    check(res["valid"] == 5 and res["ballot_form"] == "approve_oppose", "result header differs", res)
    # 5 deputies: more than half is 3 approvals; only a passes
    check(by[a]["status"] == "selected" and all(by[k]["status"] == "failed" for k in (b, c_, d)),
          "selection differs", res["candidates"])
    expect(w.clerk.get("/api/v1/polls/%d/ballots.pb" % w.poll), 409, "unsupported_form",
           what="export of an approve/oppose poll")
    # a pick poll refuses oppose marks
    w2 = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1}, srv=w.srv, admin=w.admin)
    r = dep_session(w2, 0).post("/api/v1/polls/%d/ballot" % w2.poll, {"choices": [w2.cands[0]], "oppose": []})
    expect(r, 422, "no_oppose_marks", what="oppose marks on a pick ballot")
    expect(w2.clerk.post("/api/v1/cycles/%d/polls" % w2.cycle, {"slots": 1, "ballot_form": "borda"}), 422,
           "invalid_value", what="an unknown ballot form")


def test_ranked_form(ctx):
    """a ranked poll: Borda points by position, the order of each ballot kept, too many ranks refused, export as ordinal"""
    import json as _json
    import os as _os
    from harness import cli
    w = build_world(ctx, n_deputies=4, costs=(10, 20, 30, 40), poll={"slots": 2, "max_approvals": 3,
                                                                     "ballot_form": "ranked"})
    check(w.poll_json.get("ballot_form") == "ranked" and "order of priority" in w.poll_json["rule_text"]["en"],
          "the poll does not keep or describe its ranked form", w.poll_json)
    a, b, c_, d = w.cands
    expect(dep_session(w, 0).post("/api/v1/polls/%d/ballot" % w.poll, {"choices": [a, b, c_, d]}), 422,
           "too_many_approvals", what="rank 4 of at most 3")
    cast(dep_session(w, 0), w.poll, [c_, a, b])  # c 4, a 3, b 2
    cast(dep_session(w, 1), w.poll, [a, c_])     # a 4, c 3
    cast(dep_session(w, 2), w.poll, [b])         # b 4
    cast(dep_session(w, 3), w.poll, [])          # blank
    res = close_poll(w.clerk, w.poll)
    pts = {x["candidate_id"]: x["points"] for x in res["candidates"]}
    check(pts == {a: 7, b: 6, c_: 7, d: 0}, "Borda points differ", pts)
    st = {x["candidate_id"]: x["status"] for x in res["candidates"]}
    check(st[a] == "selected" and st[c_] == "selected" and st[b] == "not_selected" and st[d] == "failed",
          "ranked selection differs", st)
    check(res["ballot_form"] == "ranked" and res["valid"] == 3 and res["blank"] == 1, "result header differs", res)
    r = w.clerk.get("/api/v1/polls/%d/ballots.pb" % w.poll)
    check(r.status == 200, "ranked export answered %s" % r.status, r.describe())
    text = r.body.decode("utf-8")
    check("vote_type;ordinal" in text and "%d,%d,%d" % (c_, a, b) in text,
          "the export is not ordinal or lost the order of a ballot", text)
    path = _os.path.join(ctx.dir, "ranked.pb")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    t = _json.loads(cli(["tally", "--rule", "ranked", "--json", "--slots", "2", path]).stdout)
    check(t["selected"] == sorted([str(a), str(c_)]), "tally ranked on the export differs from the poll", t)


def test_long_title_of_four_byte_characters(ctx):
    """a poll title of the most characters allowed, each four bytes of UTF-8 (CJK Extension B), is kept whole"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1}, present=0, open_poll=False)
    title = "\U00020000" * 200
    p = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 2, "title": title}), 201,
               what="a poll titled with 200 four-byte characters")
    check(p.get("title") == title, "the title came back as %d characters, want 200" % len(p.get("title") or ""))
    p = get_poll(Session(w.srv.base), p["id"])
    check(p.get("title") == title, "the stored title is %d characters, want 200" % len(p.get("title") or ""))


COST_MAX = 10 ** 15          # MS_COST_MAX, the largest cost of a candidate
INT64_MAX = 2 ** 63 - 1


def test_costs_too_large_refused_before_ballots(ctx):
    """issue 11 defect 6: candidates whose costs add up beyond what the count can hold (9,300 at 10^15) are refused
    when the poll is made and when it opens (422 count_costs_too_large), never first at the close with ballots in"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    cid = create_congress(admin)
    deputies = import_deputies(admin, cid, make_deputies(3))
    n = 9300
    cycle, _ = make_cycle(admin, cid, [], to_phase="collect")
    csv_text = "title,cost\n" + "".join("项目%d,%d\n" % (i, COST_MAX) for i in range(n))
    expect(admin.post("/api/v1/cycles/%d/candidates/import" % cycle, {"csv": csv_text}), 201, what="import")
    expect(admin.post("/api/v1/cycles/%d/phase" % cycle, {"phase": "compile"}), 200, what="phase -> compile")
    r = admin.post("/api/v1/cycles/%d/polls" % cycle, {"slots": 2})
    expect(r, 422, "count_costs_too_large", what="a poll whose costs overflow the count")
    check(r.json["error"].get("field") == "candidate_ids", "the error names field %r, want candidate_ids"
          % r.json["error"].get("field"), r.json)
    # Just below the limit: made; a cost raised before the vote pushes it over, and the open refuses it.
    cycle2, _ = make_cycle(admin, cid, [], to_phase="collect")
    each = (INT64_MAX - 1) // (n - 1)
    csv_text = "title,cost\n" + "".join("项目%d,%d\n" % (i, each) for i in range(n - 1)) + "最后一项,1\n"
    expect(admin.post("/api/v1/cycles/%d/candidates/import" % cycle2, {"csv": csv_text}), 201, what="import")
    expect(admin.post("/api/v1/cycles/%d/phase" % cycle2, {"phase": "compile"}), 200, what="phase -> compile")
    poll = expect(admin.post("/api/v1/cycles/%d/polls" % cycle2, {"slots": 2}), 201, what="a poll that fits")["id"]
    last = [c for c in list_all(admin, "/api/v1/cycles/%d/candidates?q=%s" % (cycle2, urllib.parse.quote("最后一项")))[0] if c["title"] == "最后一项"][0]
    expect(admin.patch("/api/v1/candidates/%d" % last["id"], {"cost": COST_MAX}), 200, what="raise a cost")
    expect(admin.post("/api/v1/cycles/%d/phase" % cycle2, {"phase": "vote"}), 200, what="phase -> vote")
    checkin(admin, poll, [d["id"] for d in deputies])
    name_scrutineers(admin, poll, [(deputies[0]["id"], login_session(srv, deputies[0]["login"],
                                                                     deputies[0]["password"]))])
    expect(post_open(admin, poll), 422, "count_costs_too_large", what="open a poll whose costs overflow the count")
    check(get_poll(admin, poll)["status"] == "draft", "the refused poll is no longer a draft")
