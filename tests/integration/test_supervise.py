"""政府办、人大督, its first part (issue 12): when a round enters 实施 the candidates its vote selected become projects
under delivery — keeping the candidate and the poll that chose them — and the rest go to the congress's reserve pool
(储备库), from which a later round takes one as a new candidate, traceable both ways. The move is refused while a poll
is open or when no poll has a valid result, and then changes nothing."""
from client import Session
from harness import (admin_session, build_world, cast, check, close_poll, create_congress, create_user, dep_session,
                     expect, list_all, login_session, make_cycle)  # noqa: F401


def _phase(sess, cycle, phase, status=200, code=None):
    return expect(sess.post("/api/v1/cycles/%d/phase" % cycle, {"phase": phase}), status, code,
                  what="phase -> %s" % phase)


def test_projects_from_the_vote(ctx):
    """entering 实施: the selected candidates become projects (candidate, poll, lead unit kept; planning, green),
    public; the others go to the reserve pool, with why; refused while the poll is open, and nothing changes"""
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400), on_ballot=3)
    srv = w.srv
    for i in range(5):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    r = _phase(w.clerk, w.cycle, "implement", 409, "poll_still_open")
    check("尚未结束" in r["error"]["message_zh"], "the refusal names the open poll", r)
    check(expect(w.clerk.get("/api/v1/cycles/%d" % w.cycle), 200)["phase"] == "vote", "the round moved anyway")
    close_poll(w.clerk, w.poll)
    cy = _phase(w.clerk, w.cycle, "implement")
    check(cy["phase"] == "implement", "the round is in implement", cy)
    anon = Session(srv.base)
    projects, total = list_all(anon, "/api/v1/cycles/%d/projects" % w.cycle)
    check(total == 2 and sorted(p["candidate_id"] for p in projects) == sorted(w.cands[:2]),
          "the two selected candidates are the projects", projects)
    for p in projects:
        check(p["poll_id"] == w.poll and p["state"] == "planning" and p["light"] == "green"
              and p["percent_done"] == 0 and p["lead_unit_id"] and p["lead_unit_name"],
              "a new project keeps its poll and unit, planning, green", p)
        one = expect(anon.get("/api/v1/projects/%d" % p["id"]), 200, what="one project, anonymously")
        check(one == p, "the project alone is the one in the list", one, p)
    reserve, _ = list_all(anon, "/api/v1/congresses/%d/reserve" % w.congress)
    got = sorted((e["candidate_id"], e["reason"], e["taken_by"]) for e in reserve)
    check(got == [(w.cands[2], "not_selected", None), (w.cands[3], "not_voted", None)],
          "the other candidates wait in the reserve pool, with why", reserve)
    everything, _ = list_all(anon, "/api/v1/congresses/%d/projects" % w.congress)
    check(sorted(p["id"] for p in everything) == sorted(p["id"] for p in projects), "the congress's projects")
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    made = [a for a in audit if a.get("action") == "cycle.projects"]
    check(len(made) == 1 and made[0]["detail"] == {"projects": 2, "reserve": 2}, "the audit records it", made)
    expect(anon.get("/api/v1/projects/999999"), 404, "not_found", what="no such project")
    # entering again (after evaluate → no: phases only move forward) — the hook ran once: the next phase adds nothing
    _phase(w.clerk, w.cycle, "evaluate")
    check(list_all(anon, "/api/v1/cycles/%d/projects" % w.cycle)[1] == 2, "still two projects")


def test_no_vote_result_refuses(ctx):
    """a round without a closed poll cannot enter 实施 (409 no_vote_result) and stays where it was"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    congress = create_congress(admin)
    create_user(admin, "nv-clerk", "nv-clerk-pass", "秘书", ["clerk"], congress)
    clerk = login_session(srv, "nv-clerk", "nv-clerk-pass")
    cycle, _ = make_cycle(clerk, congress, [10, 20, 30])
    _phase(clerk, cycle, "implement", 409, "no_vote_result")
    check(expect(clerk.get("/api/v1/cycles/%d" % cycle), 200)["phase"] == "vote", "the round stayed in vote")
    check(expect(clerk.get("/api/v1/congresses/%d/reserve" % congress), 200)["total"] == 0, "nothing in the pool")


def test_reserve_into_next_round(ctx):
    """a later round takes a reserve candidate: a new candidate with its fields and origin_id; the pool names it;
    taken once; a project or another congress's candidate is not in the pool; only while collecting or compiling;
    only staff"""
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400))
    for i in range(5):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    _phase(w.clerk, w.cycle, "implement")
    old = expect(w.clerk.get("/api/v1/candidates/%d" % w.cands[2]), 200)
    nxt, _ = make_cycle(w.clerk, w.congress, [50], to_phase="collect")
    new = expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": w.cands[2]}), 201,
                 what="take from the reserve")
    check(new["origin_id"] == w.cands[2] and new["cycle_id"] == nxt, "the new candidate names its origin", new)
    for k in ("title", "title_en", "description", "category", "cost", "unit_id", "location"):
        check(new[k] == old[k], "%s carried over" % k, new, old)
    entry = [e for e in list_all(w.clerk, "/api/v1/congresses/%d/reserve" % w.congress)[0]
             if e["candidate_id"] == w.cands[2]][0]
    check(entry["taken_by"] == new["id"] and entry["taken_cycle_id"] == nxt, "the pool names who took it", entry)
    r = expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": w.cands[2]}), 409,
               "reserve_taken", what="taken twice")
    check(str(entry["taken_year"]) in r["error"]["message_zh"], "the refusal says which year took it", r)
    expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": w.cands[0]}), 422,
           "not_in_reserve", what="a project is not in the pool")
    expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": "x"}), 400,
           "invalid_field", what="not an id")
    _phase(w.clerk, nxt, "compile")
    _phase(w.clerk, nxt, "vote")
    expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": w.cands[3]}), 409,
           "wrong_phase", what="a round that votes takes nothing")
    expect(dep_session(w, 1).post("/api/v1/cycles/%d/candidates/from-reserve" % nxt, {"candidate_id": w.cands[3]}),
           403, "forbidden", what="a deputy")
    # another congress's round cannot take this congress's reserve (its clerk: 403; the admin: not in its pool)
    b = create_congress(w.admin)
    bc, _ = make_cycle(w.admin, b, [5], to_phase="collect")
    expect(w.clerk.post("/api/v1/cycles/%d/candidates/from-reserve" % bc, {"candidate_id": w.cands[3]}), 403,
           "forbidden", what="the clerk in another congress's round")
    expect(w.admin.post("/api/v1/cycles/%d/candidates/from-reserve" % bc, {"candidate_id": w.cands[3]}), 422,
           "not_in_reserve", what="another congress's reserve")
    left = [e for e in list_all(w.clerk, "/api/v1/congresses/%d/reserve" % w.congress)[0]
            if e["candidate_id"] == w.cands[3]][0]
    check(left["taken_by"] is None, "the refused takes changed nothing", left)
