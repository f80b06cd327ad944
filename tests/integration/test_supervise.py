"""政府办、人大督, its first part (issue 12): when a round enters 实施 the candidates its vote selected become projects
under delivery — keeping the candidate and the poll that chose them — and the rest go to the congress's reserve pool
(储备库), from which a later round takes one as a new candidate, traceable both ways. The move is refused while a poll
is open or when no poll has a valid result, and then changes nothing."""
from urllib.parse import quote

from client import Session
from harness import (admin_session, build_world, cast, check, checkin, close_poll, create_congress, create_user,
                     dep_session, expect, list_all, login_session, make_cycle)  # noqa: F401
from scrutineers import name_scrutineers, post_open


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
    check(len(made) == 1 and made[0]["detail"] == {"projects": 2, "reserve": 2, "decision": "ballot"}, "the audit records it", made)
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


def _voted_round(w, specs):
    """Another round of w's congress (the next year the harness gives) whose candidates are specs (category,
    location, unit id), all selected by every deputy, and one more no deputy approves (江南区, to the reserve pool),
    in 实施; returns (cycle id, its year)."""
    cycle, _ = make_cycle(w.clerk, w.congress, [], to_phase="collect")
    year = expect(w.clerk.get("/api/v1/cycles/%d" % cycle), 200)["year"]
    cands = []
    for i, (category, location, unit) in enumerate(specs + [("其他", "江南区", specs[0][2])]):
        cands.append(expect(w.clerk.post("/api/v1/cycles/%d/candidates" % cycle, {
            "title": "筛选项目%d" % i, "title_en": "Filtered %d" % i, "description": "说明", "category": category,
            "cost": 100 + i, "unit_id": unit, "location": location}), 201, what="candidate")["id"])
    for ph in ("compile", "vote"):
        _phase(w.clerk, cycle, ph)
    poll = expect(w.clerk.post("/api/v1/cycles/%d/polls" % cycle, {"slots": len(specs)}), 201, what="poll")["id"]
    checkin(w.clerk, poll, [d["id"] for d in w.deputies])
    name_scrutineers(w.clerk, poll, [(w.deputies[0]["id"], dep_session(w, 0))])
    expect(post_open(w.clerk, poll), 200, what="open")
    for i in range(len(w.deputies)):
        cast(dep_session(w, i), poll, cands[:-1])
    close_poll(w.clerk, poll)
    _phase(w.clerk, cycle, "implement")
    return cycle, year


def test_congress_project_filters(ctx):
    """the public list of a congress's projects narrowed on the server by year, category, lead unit, district (the
    areas the location names: a project of two districts under each, 全市 the city-wide ones) and light, together
    and with q and pages; a bad value is a 400 invalid_query in both languages naming the argument"""
    w = build_world(ctx, n_deputies=3, costs=(100, 200, 300))
    for i in range(3):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    _phase(w.clerk, w.cycle, "implement")
    anon = Session(w.srv.base)
    first, _ = list_all(anon, "/api/v1/cycles/%d/projects" % w.cycle)
    year_a = first[0]["year"]
    unit_a = first[0]["lead_unit_id"]
    unit_b = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "市教育局%d" % w.congress}),
                    201)["id"]
    cycle_b, year_b = _voted_round(w, [("教育", "江北区、滨江区", unit_b), ("交通", "全市", unit_a),
                                       ("环境", "南湖区", unit_b)])
    second, _ = list_all(anon, "/api/v1/cycles/%d/projects" % cycle_b)
    check(len(first) == 2 and len(second) == 3, "two rounds of projects", first, second)
    by_cat = {p["category"]: p["id"] for p in second}
    base = "/api/v1/congresses/%d/projects" % w.congress

    def ids(query):
        items, total = list_all(anon, base + "?" + quote(query, safe="=&%"))
        check(total == len(items), "the total counts the filtered list", query, total, items)
        return sorted(p["id"] for p in items)

    a_ids = sorted(p["id"] for p in first)
    check(ids("") == sorted(a_ids + list(by_cat.values())), "no filter: every project")
    check(ids("year=%d" % year_a) == a_ids and ids("year=%d" % year_b) == sorted(by_cat.values()), "by year")
    check(ids("year=1999") == [], "a year without projects")
    check(ids("category=教育") == [by_cat["教育"]] and ids("category=住房") == a_ids, "by category (exactly)")
    check(ids("category=教") == [], "a category is matched whole, not in part")
    check(ids("unit=%d" % unit_b) == sorted([by_cat["教育"], by_cat["环境"]]), "by lead unit")
    check(ids("unit=%d" % unit_a) == sorted(a_ids + [by_cat["交通"]]), "the other unit")
    check(ids("district=江北区") == sorted(a_ids + [by_cat["教育"]]), "江北区: its own and the two-district one")
    check(ids("district=滨江区") == [by_cat["教育"]], "滨江区: the two-district one")
    check(ids("district=全市") == [by_cat["交通"]], "全市: the city-wide one")
    check(ids("district=江南区") == [], "a district no project names")
    check(ids("year=%d&district=江北区" % year_b) == [by_cat["教育"]], "year and district together")
    check(ids("unit=%d&category=环境&district=南湖区" % unit_b) == [by_cat["环境"]], "three together")
    check(ids("district=江北区&q=筛选") == [by_cat["教育"]], "with the text search")
    page = expect(anon.get(base + "?district=%s&per_page=1&page=2" % quote("江北区")), 200)
    check(page["total"] == 3 and len(page["items"]) == 1, "pages of a filtered list", page)

    # a published plan whose start has passed with nothing reported moves one project off green
    moved = by_cat["环境"]
    plan = {"targets": "建成", "start_on": "2024-01-05", "finish_on": "2024-06-30", "budget": 102,
            "funding": [{"source": "市级财政", "amount": 102}], "milestones": [],
            "annual_targets": [{"year": 2024, "target": "建成"}]}
    expect(w.clerk.put("/api/v1/projects/%d/plan" % moved, plan), 200, what="draft")
    expect(w.clerk.post("/api/v1/projects/%d/plan/publish" % moved), 200, what="publish")
    got = expect(anon.get("/api/v1/projects/%d" % moved), 200)
    light, why = got["light"], got["light_why"]
    check(light in ("yellow", "red"), "a late project is not green", light)
    check(why and why["light"] == light and why["late"]["light"] == light and why["late"]["amount"] > 300,
          "the project says why: not started, days past its planned start", why)
    check(all(p["light_why"] is None for p in first), "a project never judged has no why yet", first)
    check(ids("light=%s" % light) == [moved], "by light")
    check(moved not in ids("light=green") and len(ids("light=green")) == 4, "green: the others")
    check(ids("light=blue") == [], "no project finished")
    check(ids("light=%s&unit=%d" % (light, unit_a)) == [], "light and unit together")

    for query, field in (("year=abc", "year"), ("year=1800", "year"), ("year=2.5", "year"), ("unit=0", "unit"),
                         ("unit=x", "unit"), ("light=purple", "light"), ("light=GREEN", "light"),
                         ("district=" + "区" * 51, "district"), ("category=" + "类" * 101, "category"),
                         ("district=%FF%FE", "district")):
        r = expect(anon.get(base + "?" + quote(query, safe="=&%")), 400, "invalid_query", what=query)
        check(r["error"].get("field") == field and field in r["error"]["message"]
              and field in r["error"]["message_zh"], "the refusal names the argument in both languages", query, r)
    # another congress's projects are not in this list, whatever the filter
    other = build_world(ctx, n_deputies=3, costs=(50, 60, 70), srv=w.srv, admin=w.admin)
    for i in range(3):
        cast(dep_session(other, i), other.poll, [other.cands[0]])
    close_poll(other.clerk, other.poll)
    _phase(other.clerk, other.cycle, "implement")
    check(ids("district=江北区") == sorted(a_ids + [by_cat["教育"]]), "only this congress's projects")
