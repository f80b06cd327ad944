"""A run-off in one step from a tie at the cut: POST /polls/{id}/runoff makes a poll among exactly the tied
candidates for the places left, with the first poll's settings and scrutineers, linked both ways; refused
without a tie, twice, on an open poll and to others."""
from client import Session
from harness import build_world, cast, check, checkin, close_poll, dep_session, expect, list_all
from scrutineers import name_scrutineers, post_open


def test_runoff_in_one_step(ctx):
    """the run-off has the tied candidates and the places left, links both ways and is voted to a verdict"""
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40, 50),
                    poll={"slots": 3, "max_approvals": 3, "threshold_num": 1, "threshold_den": 3})
    A, B, C, D, E = w.cands
    for i, ch in enumerate([[A, B, C], [A, C, D], [A, B, D], [A], [A]]):
        cast(dep_session(w, i), w.poll, ch)
    res = close_poll(w.clerk, w.poll)
    st = {c["candidate_id"]: c["status"] for c in res["candidates"]}
    check(res["status"] == "runoff" and res["runoff_slots"] == 2 and
          st == {A: "selected", B: "runoff", C: "runoff", D: "runoff", E: "failed"},
          "test world: A in, B C D tied for 2 places", res.get("runoff_slots"), st)
    expect(dep_session(w, 1).post("/api/v1/polls/%d/runoff" % w.poll, {}), 403, what="a deputy")
    expect(Session(w.srv.base).post("/api/v1/polls/%d/runoff" % w.poll, {}), 401, what="anonymous")
    p2 = expect(w.clerk.post("/api/v1/polls/%d/runoff" % w.poll, {}), 201, what="create the run-off")
    check(sorted(c["id"] for c in p2["candidates"]) == sorted([B, C, D]), "exactly the tied candidates",
          p2["candidates"])
    check(p2["slots"] == 2 and p2["max_approvals"] == 2 and p2["status"] == "draft" and p2["cycle_id"] == w.cycle,
          "the places left, in the same round, a draft", p2)
    for k in ("ballot_form", "threshold_base", "threshold_num", "threshold_den", "threshold_strict", "quorum_num",
              "quorum_den", "voting_mode", "electorate"):
        check(p2[k] == w.poll_json[k], "the run-off keeps %s" % k, p2[k], w.poll_json[k])
    check(p2["title"].endswith("（再次投票）") and p2["runoff_of"] == w.poll, "titled and linked to the first", p2)
    check(p2.get("shares_needed") == 1, "the first poll's scrutineers carry over", p2.get("shares_needed"))
    first = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % w.poll), 200, what="first result")
    check(first.get("runoff_poll_id") == p2["id"] and first.get("status") == "runoff",
          "the first result links to the run-off and keeps its count", first.get("runoff_poll_id"))
    check(expect(w.clerk.get("/api/v1/polls/%d" % w.poll), 200)["runoff_poll_id"] == p2["id"], "the poll links too")
    expect(w.clerk.post("/api/v1/polls/%d/runoff" % w.poll, {}), 409, "runoff_exists", what="a second run-off")
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    ent = [a for a in audit if a.get("action") == "poll.runoff"]
    check(len(ent) == 1 and (ent[0].get("detail") or {}).get("runoff_poll_id") == p2["id"], "audited", ent)
    # vote the run-off: B and C take the two places
    checkin(w.clerk, p2["id"], [d["id"] for d in w.deputies])
    name_scrutineers(w.clerk, p2["id"], [(w.deputies[0]["id"], dep_session(w, 0))])  # a new key for the new poll
    expect(post_open(w.clerk, p2["id"]), 200, what="open the run-off")
    for i, ch in enumerate([[B, C], [B, C], [B, D], [C, B], [D]]):
        cast(dep_session(w, i), p2["id"], ch)
    res2 = close_poll(w.clerk, p2["id"])
    check({c["candidate_id"]: c["status"] for c in res2["candidates"]} == {B: "selected", C: "selected",
                                                                           D: "not_selected"},
          "the run-off decides the tie", res2["candidates"])
    r2 = expect(Session(w.srv.base).get("/api/v1/polls/%d/result" % p2["id"]), 200, what="run-off result")
    check(r2.get("runoff_of") == w.poll, "the run-off's result links back", r2.get("runoff_of"))
    expect(w.clerk.post("/api/v1/polls/%d/runoff" % p2["id"], {}), 409, "no_tie_at_cut", what="no tie in the run-off")


def test_runoff_refused(ctx):
    """no run-off from an open poll, nor from a result without a tie"""
    w = build_world(ctx, n_deputies=3, costs=(10, 20, 30), poll={"slots": 1})
    A, B, C = w.cands
    expect(w.clerk.post("/api/v1/polls/%d/runoff" % w.poll, {}), 409, "poll_not_closed", what="an open poll")
    for i in range(3):
        cast(dep_session(w, i), w.poll, [A])
    res = close_poll(w.clerk, w.poll)
    check(res["status"] == "final", "test world: no tie", res["status"])
    r = w.clerk.post("/api/v1/polls/%d/runoff" % w.poll, {})
    expect(r, 409, "no_tie_at_cut", what="no tie")
    polls = expect(w.clerk.get("/api/v1/cycles/%d/polls" % w.cycle), 200)["items"]
    check(len(polls) == 1, "nothing was created", polls)


def _tie(ctx):
    w = build_world(ctx, n_deputies=5, costs=(10, 20, 30, 40, 50),
                    poll={"slots": 3, "max_approvals": 3, "threshold_num": 1, "threshold_den": 3})
    A, B, C, D, E = w.cands
    for i, ch in enumerate([[A, B, C], [A, C, D], [A, B, D], [A], [A]]):
        cast(dep_session(w, i), w.poll, ch)
    res = close_poll(w.clerk, w.poll)
    check(res["status"] == "runoff", "test world: B C D tied for 2 places", res["status"])
    return w


def test_runoff_or_decision_not_both(ctx):
    """a tie settled by a presidium decision is not voted again (409 tie_decided)"""
    w = _tie(ctx)
    A, B, C, D, E = w.cands
    expect(w.clerk.post("/api/v1/polls/%d/overrides" % w.poll,
                        {"candidate_id": B, "status": "selected", "reason": "主席团决定"}), 200, what="B decided in")
    expect(w.clerk.post("/api/v1/polls/%d/runoff" % w.poll, {}), 409, "tie_decided", what="a run-off after it")


def test_runoff_then_no_decision_on_the_tie(ctx):
    """a tie sent to a run-off is not decided as well (409 tie_goes_to_runoff); a project outside the tie may be"""
    w2 = _tie(ctx)
    A, B, C, D, E = w2.cands
    expect(w2.clerk.post("/api/v1/polls/%d/runoff" % w2.poll, {}), 201, what="the run-off")
    expect(w2.clerk.post("/api/v1/polls/%d/overrides" % w2.poll,
                         {"candidate_id": C, "status": "selected", "reason": "主席团决定"}), 409, "tie_goes_to_runoff",
           what="a decision on a tied project after the run-off")
    expect(w2.clerk.post("/api/v1/polls/%d/overrides" % w2.poll,
                         {"candidate_id": E, "status": "selected", "reason": "主席团决定"}), 200,
           what="a decision outside the tie")
