"""A deputy's history of votes (GET /me/history): every poll and evaluation the deputy was due to vote in, whatever
the round's phase — that it voted (cast), never how — with the published result, each candidate's outcome and what
became of the projects (their state, light and evaluation verdict). A deputy who did not vote sees cast false; a deputy
of another congress and a clerk see nothing of it; nothing in the answer or in the database links a ballot to its
deputy (the answer carries no choices and none of the trackers on the bulletin)."""
import json

from client import Session
from harness import (build_world, check, checkin, create_user, dep_session, expect, import_deputies, login_session,
                     make_deputies, name_scrutineers, post_open, close_poll, db_columns, db_foreign_keys,
                     create_congress)
from scrutineers import SHARES

ENTRY_KEYS = {"poll_id", "kind", "cycle_id", "cycle_title", "cycle_title_en", "cycle_year", "cycle_phase", "title",
              "status", "ballot_form", "opened_at", "closed_at", "present", "cast", "result", "candidates", "review_id"}
TRACKERS = ["7KQ2M9XW4D", "H3N8PQ2RT5", "ZZ12AB34CD"]


def _history(sess, **q):
    qs = "&".join("%s=%s" % kv for kv in q.items())
    return expect(sess.get("/api/v1/me/history" + ("?" + qs if qs else "")), 200, what="history")


def _entry(hist, poll):
    found = [e for e in hist["items"] if e["poll_id"] == poll]
    check(len(found) == 1, "poll %d is in the history once" % poll, hist)
    e = found[0]
    check(set(e) == ENTRY_KEYS, "an entry has exactly the documented fields", sorted(e))
    return e


def test_history_after_the_round_moves_on(ctx):
    # five deputies, all checked in; 0, 1 and 2 vote for candidates 0 and 1 (two places); 3 and 4 do not
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400))
    for i, t in enumerate(TRACKERS):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % w.poll,
                                      {"choices": [w.cands[0], w.cands[1]], "tracker": t}), 201, what="ballot %d" % i)
    # while open: the poll is there, cast for the voter, no result yet
    e = _entry(_history(dep_session(w, 0)), w.poll)
    check(e["status"] == "open" and e["cast"] is True and e["result"] is None and e["candidates"] == [],
          "an open poll: cast, no result", e)
    check(_entry(_history(dep_session(w, 3)), w.poll)["cast"] is False, "a deputy who has not voted: cast false")

    close_poll(w.clerk, w.poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="to implement")
    projects = expect(w.clerk.get("/api/v1/cycles/%d/projects?per_page=200" % w.cycle), 200)["items"]
    by_cand = {p["candidate_id"]: p for p in projects}
    check(set(by_cand) == {w.cands[0], w.cands[1]}, "the two selected candidates became projects", projects)

    # the round has left 票决: the voter still has the poll, cast, with the result and the projects' fates
    hist = _history(dep_session(w, 0))
    e = _entry(hist, w.poll)
    check(e["kind"] == "poll" and e["status"] == "closed" and e["cycle_phase"] == "implement", "closed, 实施", e)
    check(e["cast"] is True and e["present"] is True, "the voter: cast and present", e)
    r = e["result"]
    check(r is not None and r["status"] == "final" and r["ballots_returned"] == 3 and r["valid"] == 3
          and r["n_selected"] == 2 and r["deputies_all"] == 5 and r["bulletin_hash"], "the result's counts", r)
    lines = {c["candidate_id"]: c for c in e["candidates"]}
    check(set(lines) == set(w.cands), "every candidate is listed", e["candidates"])
    for cid in (w.cands[0], w.cands[1]):
        c = lines[cid]
        check(c["outcome"] == "selected" and c["approvals"] == 3, "selected with 3 approvals", c)
        p = by_cand[cid]
        check(c["project_id"] == p["id"] and c["state"] == p["state"] == "planning" and c["light"] == p["light"],
              "the project's state and light as supervise reads them", (c, p))
    for cid in (w.cands[2], w.cands[3]):
        c = lines[cid]
        check(c["outcome"] in ("not_selected", "failed") and c["approvals"] == 0 and c["project_id"] is None
              and c["state"] is None, "not selected: no project", c)

    # a deputy who did not vote: cast false, the same result
    e3 = _entry(_history(dep_session(w, 3)), w.poll)
    check(e3["cast"] is False and e3["present"] is True and e3["result"] == r, "the non-voter: cast false", e3)

    # nothing of the ballot: no choices, none of the trackers on the bulletin, no receipt
    bulletin = expect(w.clerk.get("/api/v1/polls/%d/bulletin" % w.poll), 200)
    trackers = {b["tracker"] for b in bulletin["ballots"]}
    check(set(TRACKERS) <= trackers, "the trackers are on the bulletin", trackers)
    for i in range(5):
        text = json.dumps(_history(dep_session(w, i)), ensure_ascii=False)
        for t in trackers:
            check(t not in text, "deputy %d's history carries no tracker" % i, text)
        for word in ("tracker", "choices", "receipt", "ballot_id", "opposes"):
            check('"%s"' % word not in text, "deputy %d's history has no %s" % (i, word), text)

    # nothing in the database links a ballot to a deputy: the ballot names no one, nothing points to it
    cols = set(db_columns(w.srv.db, "ballot"))
    check(cols <= {"id", "poll_id", "choices", "paper", "tracker"}, "a ballot row names no deputy", cols)
    fks = db_foreign_keys(w.srv.db)
    check([b for a, b in fks if a == "ballot"] == ["poll"], "a ballot refers only to its poll", fks)
    check(not [a for a, b in fks if b == "ballot"], "nothing refers to a ballot", fks)
    check(set(db_columns(w.srv.db, "participation")) == {"poll_id", "user_id"}, "participation: who, never what")
    for table in ("attendance", "poll_roster"):
        cols = db_columns(w.srv.db, table)
        check(not [c for c in cols if any(k in c for k in ("ballot", "tracker", "choice", "receipt"))],
              "%s holds nothing of a ballot" % table, cols)

    # a deputy of another congress, and the clerk, see nothing of it
    other = create_congress(w.admin)
    clerk_b = "hclerk%d" % other
    create_user(w.admin, clerk_b, "clerk-pass-h", "别处秘书", ["clerk"], other)
    cb = login_session(w.srv, clerk_b, "clerk-pass-h")
    dep_b = import_deputies(cb, other, make_deputies(1))[0]
    sb = login_session(w.srv, dep_b["login"], dep_b["password"])
    hb = _history(sb)
    check(hb["items"] == [] and hb["total"] == 0, "a deputy of another congress sees nothing", hb)
    check(_history(w.clerk)["items"] == [], "a clerk has no history")
    expect(Session(w.srv.base).get("/api/v1/me/history"), 401, what="anonymous")

    # the year-end evaluation: the deputies rate both projects; the verdict shows on the evaluation's entry and
    # as the projects' latest verdict on the vote's
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "evaluate"}), 200, what="to evaluate")
    ev = expect(w.clerk.post("/api/v1/cycles/%d/evaluations" % w.cycle, {}), 201, what="evaluation")["poll"]
    checkin(w.clerk, ev["id"], [d["id"] for d in w.deputies])
    name_scrutineers(w.clerk, ev["id"], [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(post_open(w.clerk, ev["id"]), 200, what="open the evaluation")
    for i in (0, 1, 2):
        expect(dep_session(w, i).post("/api/v1/polls/%d/ballot" % ev["id"],
                                      {"ratings": {str(c["id"]): "satisfied" for c in ev["candidates"]}}), 201)
    expect(w.clerk.post("/api/v1/evaluations/%d/close" % ev["id"], {"shares": SHARES[(w.clerk.base, ev["id"])]}),
           200, what="close the evaluation")
    hist = _history(dep_session(w, 1))
    check(hist["total"] == 2 and hist["items"][0]["poll_id"] == ev["id"], "newest first: the evaluation", hist)
    ee = _entry(hist, ev["id"])
    check(ee["kind"] == "evaluation" and ee["cast"] is True and ee["result"]["n_selected"] is None,
          "the evaluation's entry", ee)
    for c in ee["candidates"]:
        check(c["verdict"] == "satisfied" and c["project_id"] in {p["id"] for p in projects}
              and c["outcome"] is None, "a rated project: its verdict and project", c)
    ve = _entry(hist, w.poll)
    for cid in (w.cands[0], w.cands[1]):
        c = next(x for x in ve["candidates"] if x["candidate_id"] == cid)
        check(c["latest_verdict"] == "satisfied", "the vote's project carries its latest verdict", c)
    check(_entry(_history(dep_session(w, 4)), ev["id"])["cast"] is False, "deputy 4 did not rate")

    # paged: one at a time
    p1 = _history(dep_session(w, 1), per_page=1, page=2)
    check(p1["total"] == 2 and len(p1["items"]) == 1 and p1["items"][0]["poll_id"] == w.poll, "page 2 of 1", p1)
