"""Three-level linkage (issue 16), the rest of it: a street's residents' council deciding its round by show of
hands, its decisions flowing into supervision; the three tiers (projects, small matters, small wishes) in a ballot
round; and guidance from above — a city's or district's categories, ratio and days, adopted by the rounds below and
watched against its days."""
from client import Session
from harness import (admin_session, cast, check, checkin, close_poll, create_congress, create_user, db_exec, db_query,
                     expect, import_deputies, list_all, login_session, make_deputies, uniq)
from scrutineers import name_scrutineers, post_open


def _clerk(srv, admin, congress):
    n = uniq()
    create_user(admin, "lk-clerk%d" % n, "lk-pass-%d" % n, "秘书%d" % n, ["clerk"], congress)
    return login_session(srv, "lk-clerk%d" % n, "lk-pass-%d" % n)


def _round(clerk, congress, year, body=None, status=201, code=None):
    b = {"year": year, "title": "%d年民生实事" % year}
    b.update(body or {})
    return expect(clerk.post("/api/v1/congresses/%d/cycles" % congress, b), status, code, what="a round")


def _cand(clerk, cycle, title, cost=100, tier=None, category="住房", status=201, code=None):
    b = {"title": title, "cost": cost, "category": category}
    if tier:
        b["tier"] = tier
    return expect(clerk.post("/api/v1/cycles/%d/candidates" % cycle, b), status, code, what="candidate " + title)


def _phase(clerk, cycle, phase, status=200, code=None):
    return expect(clerk.post("/api/v1/cycles/%d/phase" % cycle, {"phase": phase}), status, code,
                  what="phase -> " + phase)


def _adopts(members, present, yes, quorum="more_than_half", base="present", share="more_than_half"):
    """The council's rule, computed here on its own (fractions by cross-multiplication)."""
    def reaches(part, whole, s):
        return 2 * part > whole if s == "more_than_half" else (3 * part >= 2 * whole and part > 0)
    return reaches(present, members, quorum) and reaches(yes, members if base == "members" else present, share)


def test_street_council_round(ctx):
    """A street's round is decided by its residents' council: no ballot; a meeting without a quorum, with more
    hands than people, a candidate of another round, a day to come — each refused and nothing kept; the hands
    recorded and each adoption as the rule says (checked here on its own), printed in words; an adopted candidate
    not put again; the record immutable; entering 实施 the adopted candidates of every tier become projects with no
    poll, the others wait in the reserve; the district's roll-up counts them"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    district = create_congress(admin, level="city")
    district = create_congress(admin, level="district", parent_id=district)
    street = create_congress(admin, name="东门街道居民议事会%d" % uniq(), level="street", parent_id=district)
    clerk = _clerk(srv, admin, street)
    cy = _round(clerk, street, 2026)
    check(cy["decision"] == "council" and cy["guidance_id"] is None, "a street's round is its council's", cy)
    other = _round(clerk, street, 2025)
    stray = _cand(clerk, other["id"], "别的年度的项目")["id"]
    cands = {}
    for title, tier in (("老旧小区加装电梯", None), ("口袋公园", "project"), ("修缮楼道灯", "micro"),
                        ("独居老人助餐", "wish"), ("健身步道", None), ("停车棚", None)):
        c = _cand(clerk, cy["id"], title, tier=tier)
        check(c["tier"] == (tier or "project"), "the tier is kept", c)
        cands[title] = c["id"]
    _phase(clerk, cy["id"], "compile")
    expect(clerk.post("/api/v1/cycles/%d/polls" % cy["id"], {"slots": 2}), 409, "council_round",
           what="no ballot in a council's round")
    body = {"held_on": "2026-03-01", "place": "东门街道社区活动中心", "members": 15, "present": 12,
            "minutes": "居民代表逐项协商，意见一致后举手表决。",
            "decisions": [{"candidate_id": cands["老旧小区加装电梯"], "yes": 7, "no": 4, "abstain": 1},
                          {"candidate_id": cands["口袋公园"], "yes": 6, "no": 6, "abstain": 0, "note": "意见分歧"},
                          {"candidate_id": cands["修缮楼道灯"], "yes": 12, "no": 0, "abstain": 0},
                          {"candidate_id": cands["独居老人助餐"], "yes": 10, "no": 1, "abstain": 1}]}
    url = "/api/v1/cycles/%d/council-meetings" % cy["id"]
    expect(clerk.post(url, body), 409, "wrong_phase", what="a meeting before 票决")
    _phase(clerk, cy["id"], "vote")
    bad = [({"present": 7}, 422, "council_quorum"), ({"present": 16}, 422, "council_present"),
           ({"decisions": [{"candidate_id": cands["健身步道"], "yes": 8, "no": 4, "abstain": 1}]}, 422, "council_hands"),
           ({"decisions": [{"candidate_id": stray, "yes": 8, "no": 0, "abstain": 0}]}, 422, "council_candidate"),
           ({"decisions": [body["decisions"][0], body["decisions"][0]]}, 422, "council_twice"),
           ({"held_on": "2099-01-01"}, 422, "council_future"), ({"decisions": []}, 422, "invalid_value"),
           ({"minutes": ""}, 422, "invalid_value")]
    for change, status, code in bad:
        r = expect(clerk.post(url, dict(body, **change)), status, code, what="refused: %s" % code)
        check(r["error"]["message_zh"] and r["error"]["message"], "the refusal is in both languages", r)
    check(expect(Session(srv.base).get(url), 200)["items"] == [], "nothing was kept of the refused meetings")
    m = expect(clerk.post(url, body), 201, what="the meeting")
    check(m["rule"]["zh"] == "实到人数超过应到人数的二分之一方可议决；赞成人数超过实到人数的二分之一为通过",
          "the rule in words", m["rule"])
    for d in m["decisions"]:
        want = _adopts(15, 12, d["yes"])
        check(d["adopted"] == want, "adopted as the rule says (%d of 12 present)" % d["yes"], d)
    check(sorted(d["candidate_id"] for d in m["decisions"] if d["adopted"]) ==
          sorted([cands["老旧小区加装电梯"], cands["修缮楼道灯"], cands["独居老人助餐"]]), "three adopted", m)
    # an adopted candidate is not put again; one not adopted may be, and a stricter rule applies as stated
    again = dict(body, held_on="2026-03-15", present=13,
                 decisions=[{"candidate_id": cands["老旧小区加装电梯"], "yes": 13, "no": 0, "abstain": 0}])
    r = expect(clerk.post(url, again), 409, "council_decided", what="put again")
    check("2026-03-01" in r["error"]["message_zh"], "the refusal names the meeting that adopted it", r)
    expect(clerk.post(url, dict(again, held_on="2026-02-27", decisions=[
        {"candidate_id": cands["口袋公园"], "yes": 9, "no": 3, "abstain": 1}])), 422, "council_order",
           what="a meeting dated before the one recorded")
    expect(clerk.post(url, dict(again, held_on="2024-12-31", decisions=[
        {"candidate_id": cands["口袋公园"], "yes": 9, "no": 3, "abstain": 1}])), 422, "council_order",
           what="a meeting before the year before the round's")
    expect(clerk.post(url, dict(again, decisions=[{"candidate_id": cands["口袋公园"], "yes": 14, "no": 0,
                                                   "abstain": 0}])), 422, "council_hands",
           what="one count over those present")
    strict = dict(again, adopt_base="members", adopt_share="two_thirds",
                  decisions=[{"candidate_id": cands["口袋公园"], "yes": 9, "no": 3, "abstain": 1},
                             {"candidate_id": cands["健身步道"], "yes": 10, "no": 2, "abstain": 1}])
    m2 = expect(clerk.post(url, strict), 201, what="a second meeting, by two thirds of the members")
    for d in m2["decisions"]:
        check(d["adopted"] == _adopts(15, 13, d["yes"], base="members", share="two_thirds"),
              "adopted by two thirds of all 15 members: 10 yes, not 9", d)
    check(m2["rule"]["zh"].endswith("赞成人数达到应到人数的三分之二以上为通过"), "the stricter rule in words", m2["rule"])
    listed = expect(Session(srv.base).get(url), 200, what="the record, publicly")["items"]
    check([x["id"] for x in listed] == [m["id"], m2["id"]] and listed[0]["decisions"] == m["decisions"],
          "anyone reads the meetings, oldest first", listed)
    # the record cannot be changed, even in the database
    for sql in ("UPDATE council_decision SET yes = 99", "DELETE FROM council_decision",
                "UPDATE council_meeting SET present = 15", "DELETE FROM council_meeting"):
        err = db_exec(srv.db, sql)
        check(err and "council records" in err, "the database refuses %r" % sql, err)
    check(int(db_query(srv.db, "SELECT max(yes) FROM council_decision")[0][0]) == 12, "the hands unchanged")
    audit, _ = list_all(admin, "/api/v1/audit?congress_id=%d" % street)
    rec = [a for a in audit if a["action"] == "council.record"]
    check(len(rec) == 2 and rec[0]["detail"]["present"] in (12, 13), "each meeting is audited", rec)
    # into supervision
    _phase(clerk, cy["id"], "implement")
    projects, total = list_all(Session(srv.base), "/api/v1/cycles/%d/projects" % cy["id"])
    adopted = {cands[t] for t in ("老旧小区加装电梯", "修缮楼道灯", "独居老人助餐", "健身步道")}
    check({p["candidate_id"] for p in projects} == adopted, "the adopted candidates are the projects", projects)
    for p in projects:
        check(p["poll_id"] is None and p["decision"] == "council" and p["state"] == "planning",
              "a council's project has no poll", p)
    tiers = sorted(p["tier"] for p in projects)
    check(tiers == ["micro", "project", "project", "wish"], "every tier is delivered", tiers)
    reserve, _ = list_all(Session(srv.base), "/api/v1/congresses/%d/reserve" % street)
    got = sorted((e["candidate_id"], e["reason"]) for e in reserve if e["candidate_id"] in cands.values())
    check(got == sorted([(cands["口袋公园"], "not_selected"), (cands["停车棚"], "not_voted")]),
          "the others wait in the reserve: one the council put, one it did not", reserve)
    roll = expect(Session(srv.base).get("/api/v1/congresses/%d/rollup?year=2026" % district), 200, what="roll-up")
    node = {n["id"]: n for n in roll["congresses"]}
    check(node[street]["own"]["projects"] == 4 and node[district]["total"]["projects"] == 4,
          "the district's roll-up counts the street's projects", node.get(street), node.get(district))


def test_council_only_in_council_rounds(ctx):
    """a town's round is a ballot round (no council meetings in it) and a street's its council's (no ballot): the
    level decides; a council round does not enter 实施 before its council has met"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    district = create_congress(admin, level="district", parent_id=create_congress(admin))
    town = create_congress(admin, level="town", parent_id=district)
    street = create_congress(admin, level="street", parent_id=district)
    clerk = _clerk(srv, admin, town)
    cy = _round(clerk, town, 2026)
    check(cy["decision"] == "ballot", "a town votes", cy)
    r = _round(clerk, town, 2027, {"decision": "council"}, 422, "decision_level")
    check("代表无记名投票" in r["error"]["message_zh"], "the refusal says how a town decides", r)
    sclerk = _clerk(srv, admin, street)
    _round(sclerk, street, 2027, {"decision": "ballot"}, 422, "decision_level")
    c = _cand(clerk, cy["id"], "项目")["id"]
    _phase(clerk, cy["id"], "compile")
    _phase(clerk, cy["id"], "vote")
    body = {"held_on": "2026-01-05", "members": 9, "present": 9, "minutes": "记录",
            "decisions": [{"candidate_id": c, "yes": 9, "no": 0, "abstain": 0}]}
    expect(clerk.post("/api/v1/cycles/%d/council-meetings" % cy["id"], body), 409, "not_council_round",
           what="a ballot round has no council")
    cy2 = _round(sclerk, street, 2027, {"decision": "council"})
    check(cy2["decision"] == "council", "a street's round is its council's", cy2)
    _phase(sclerk, cy2["id"], "compile")
    _phase(sclerk, cy2["id"], "vote")
    r = _phase(sclerk, cy2["id"], "implement", 409, "no_council_record")
    check("议事会" in r["error"]["message_zh"], "the refusal says why", r)


def test_tiers_in_a_ballot_round(ctx):
    """in a ballot round the small matters and wishes stand on no ballot (refused on one) and become projects,
    with no poll, when the round enters 实施, beside the projects the vote selected"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    city = create_congress(admin)
    clerk = _clerk(srv, admin, city)
    deps = import_deputies(clerk, city, make_deputies(3))
    cy = _round(clerk, city, 2026)
    a = _cand(clerk, cy["id"], "甲项目")["id"]
    b = _cand(clerk, cy["id"], "乙项目")["id"]
    micro = _cand(clerk, cy["id"], "修路灯", tier="micro")["id"]
    wish = _cand(clerk, cy["id"], "助学", tier="wish")["id"]
    changed = expect(clerk.patch("/api/v1/candidates/%d" % b, {"tier": "wish"}), 200, what="tier changed")
    check(changed["tier"] == "wish", "the tier changes while compiling", changed)
    expect(clerk.patch("/api/v1/candidates/%d" % b, {"tier": "project"}), 200, what="and back")
    _phase(clerk, cy["id"], "compile")
    r = expect(clerk.post("/api/v1/cycles/%d/polls" % cy["id"], {"slots": 1, "candidate_ids": [a, b, micro]}), 422,
               "tier_not_voted", what="a small matter on the ballot")
    check("微实事" in r["error"]["message_zh"], "the refusal names the tier", r)
    poll = expect(clerk.post("/api/v1/cycles/%d/polls" % cy["id"], {"slots": 1, "candidate_ids": [a, b]}), 201,
                  what="the ballot of the projects")["id"]
    r = expect(clerk.patch("/api/v1/candidates/%d" % b, {"tier": "micro"}), 409, "tier_on_ballot",
               what="a candidate on the ballot made a small matter")
    check(expect(clerk.get("/api/v1/candidates/%d" % b), 200)["tier"] == "project", "its tier unchanged")
    _phase(clerk, cy["id"], "vote")
    checkin(clerk, poll, [d["id"] for d in deps])
    sessions = [login_session(srv, d["login"], d["password"]) for d in deps]
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    expect(post_open(clerk, poll), 200, what="open")
    for s in sessions:
        cast(s, poll, [a])
    close_poll(clerk, poll)
    _phase(clerk, cy["id"], "implement")
    projects, _ = list_all(Session(srv.base), "/api/v1/cycles/%d/projects" % cy["id"])
    got = sorted((p["candidate_id"], p["poll_id"], p["tier"]) for p in projects)
    check(got == sorted([(a, poll, "project"), (micro, None, "micro"), (wish, None, "wish")]),
          "the selected project and the small ones are delivered", projects)


def test_guidance_from_above(ctx):
    """a city drafts guidance (unseen below until published), publishes it; a district's round adopts it — its
    candidates' categories and its ballot's ratio then follow it, each refusal in words; a round cannot adopt a
    draft, another year's, a guidance from beside or below, or a second one; a town cannot issue guidance; a
    published guidance cannot change; the progress of every congress below against the days, checked here on its
    own"""
    srv = ctx.new_server(env={"MINSHENG_TODAY": "2025-11-10"})
    admin = admin_session(srv)
    city = create_congress(admin)
    d1 = create_congress(admin, level="district", parent_id=city)
    d2 = create_congress(admin, level="district", parent_id=city)
    t1 = create_congress(admin, level="town", parent_id=d1)
    st = create_congress(admin, level="street", parent_id=d1)
    cc, c1, c2, ct = (_clerk(srv, admin, x) for x in (city, d1, d2, t1))
    body = {"year": 2026, "title": "关于2026年民生实事项目票决工作的指导意见", "body": "各区、乡镇按以下要求组织。",
            "categories": ["住房", "交通", "养老"], "ratio_num": 6, "ratio_den": 5,
            "collect_by": "2025-10-31", "compile_by": "2025-12-05", "vote_by": "2026-02-28", "evaluate_by": "2026-12-31"}
    for change, code in (({"ratio_num": 4, "ratio_den": 5}, "guidance_ratio"),
                         ({"compile_by": "2025-10-01"}, "guidance_days"),
                         ({"evaluate_by": "2099-12-31"}, "guidance_day_year"),
                         ({"categories": ["住房", "住房"]}, "invalid_value")):
        expect(cc.post("/api/v1/congresses/%d/guidance" % city, dict(body, **change)), 422, code,
               what="refused: " + code)
    g = expect(cc.post("/api/v1/congresses/%d/guidance" % city, body), 201, what="a draft")
    check(g["status"] == "draft" and g["categories"] == body["categories"] and g["ratio_num"] == 6, "the draft", g)
    expect(cc.post("/api/v1/congresses/%d/guidance" % city, body), 409, "guidance_taken", what="the same title")
    expect(ct.post("/api/v1/congresses/%d/guidance" % t1, body), 422, "guidance_level", what="a town has none below")
    expect(Session(srv.base).get("/api/v1/guidance/%d" % g["id"]), 404, "not_found", what="a draft, publicly")
    check(all(x["id"] != g["id"] for x in expect(c1.get("/api/v1/congresses/%d/guidance" % d1), 200)["items"]),
          "a draft is not listed below")
    r1 = _round(c1, d1, 2026)
    expect(c1.post("/api/v1/cycles/%d/guidance" % r1["id"], {"guidance_id": g["id"]}), 404, "not_found",
           what="a draft cannot be adopted")
    g = expect(cc.patch("/api/v1/guidance/%d" % g["id"], {"ratio_num": 5, "ratio_den": 4}), 200, what="change")
    check(g["ratio_num"] == 5 and g["ratio_den"] == 4 and g["title"] == body["title"], "only the ratio changed", g)
    g = expect(cc.patch("/api/v1/guidance/%d" % g["id"], {"vote_by": "2026-03-01"}), 200, what="one day")
    check((g["collect_by"], g["compile_by"], g["vote_by"], g["evaluate_by"]) ==
          ("2025-10-31", "2025-12-05", "2026-03-01", "2026-12-31"), "the other days kept", g)
    g = expect(cc.patch("/api/v1/guidance/%d" % g["id"], {"vote_by": "2026-02-28"}), 200, what="back")
    expect(cc.post("/api/v1/guidance/%d/publish" % g["id"], {}), 200, what="publish")
    expect(cc.post("/api/v1/guidance/%d/publish" % g["id"], {}), 409, "guidance_published", what="twice")
    expect(cc.patch("/api/v1/guidance/%d" % g["id"], {"title": "改"}), 409, "guidance_published",
           what="a published guidance does not change")
    listed = expect(c1.get("/api/v1/congresses/%d/guidance" % d1), 200)["items"]
    check([(x["id"], x["from_above"]) for x in listed] == [(g["id"], True)], "the district sees it, from above", listed)
    # adoption
    own = expect(c1.post("/api/v1/congresses/%d/guidance" % d1, {"year": 2026, "title": "区指导意见"}), 201)["id"]
    expect(c1.post("/api/v1/guidance/%d/publish" % own, {}), 200)
    expect(c1.post("/api/v1/cycles/%d/guidance" % r1["id"], {"guidance_id": own}), 422, "guidance_not_above",
           what="its own congress's guidance")
    r2 = _round(c2, d2, 2027)
    expect(c2.post("/api/v1/cycles/%d/guidance" % r2["id"], {"guidance_id": g["id"]}), 422, "guidance_year",
           what="another year's")
    # a round whose candidates are outside the categories, or with a ballot made, adopts nothing
    t2 = create_congress(admin, level="town", parent_id=d2)
    ct2 = _clerk(srv, admin, t2)
    r3 = _round(ct2, t2, 2026)
    odd = _cand(ct2, r3["id"], "军事设施", category="国防")["id"]
    r = expect(ct2.post("/api/v1/cycles/%d/guidance" % r3["id"], {"guidance_id": g["id"]}), 422,
               "guidance_candidates", what="a candidate outside the categories")
    check("军事设施" in r["error"]["message_zh"], "the refusal names the candidate", r)
    expect(ct2.patch("/api/v1/candidates/%d" % odd, {"category": "交通"}), 200)
    _cand(ct2, r3["id"], "乙", category="交通")
    _phase(ct2, r3["id"], "compile")
    expect(ct2.post("/api/v1/cycles/%d/polls" % r3["id"], {"slots": 1}), 201, what="a ballot")
    expect(ct2.post("/api/v1/cycles/%d/guidance" % r3["id"], {"guidance_id": g["id"]}), 409, "guidance_after_polls",
           what="after its ballot is made")
    a = expect(c1.post("/api/v1/cycles/%d/guidance" % r1["id"], {"guidance_id": g["id"]}), 200, what="adopt")
    check(a["guidance_id"] == g["id"] and a["guidance_title"] == body["title"], "the round follows it", a)
    expect(c1.post("/api/v1/cycles/%d/guidance" % r1["id"], {"guidance_id": g["id"]}), 409, "guidance_adopted",
           what="a second time")
    _cand(c1, r1["id"], "无类别", category="", status=422, code="guidance_category_needed")
    r = _cand(c1, r1["id"], "新建学校", category="教育", status=422, code="category_not_in_guidance")
    check("住房、交通、养老" in r["error"]["message_zh"], "the refusal lists the categories", r)
    cands = [_cand(c1, r1["id"], "项目%d" % i, category="交通")["id"] for i in range(6)]
    _phase(c1, r1["id"], "compile")
    r = expect(c1.post("/api/v1/cycles/%d/polls" % r1["id"], {"slots": 5, "candidate_ids": cands}), 422,
               "ratio_below_guidance", what="6 for 5 places, under 5:4")
    check("5:4" in r["error"]["message_zh"], "the refusal gives the ratio", r)
    expect(c1.post("/api/v1/cycles/%d/polls" % r1["id"], {"slots": 4, "candidate_ids": cands[:5]}), 201,
           what="5 for 4 places meets 5:4 exactly")
    # a town opens its round following the guidance at once
    rt = _round(ct, t1, 2026, {"guidance_id": g["id"]})
    check(rt["guidance_id"] == g["id"], "a town adopts it when opening its round", rt)
    # progress on 2025-11-10: collection should have ended by 2025-10-31
    p = expect(Session(srv.base).get("/api/v1/guidance/%d/progress" % g["id"]), 200, what="progress")
    rows = {x["congress_id"]: x for x in p["congresses"]}
    check(set(rows) == {d1, d2, t1, st, t2}, "every congress below, at every level", rows)
    phases = {d1: "compile", d2: None, t1: "collect", st: None, t2: "compile"}  # d2's round is of 2027
    days = [("collect", "2025-10-31"), ("compile", "2025-12-05"), ("vote", "2026-02-28"), ("evaluate", "2026-12-31")]
    order = ["collect", "compile", "vote", "implement", "evaluate", "closed"]
    for cid, ph in phases.items():
        want = [k for k, d in days if "2025-11-10" > d and (ph is None or order.index(ph) <= order.index(k))]
        check(rows[cid]["behind"] == want and rows[cid]["phase"] == ph, "behind as the days say", rows[cid], want)
    check(rows[d1]["follows"] and rows[t1]["follows"] and not rows[d2]["follows"], "who follows", rows)
    check(p["summary"] == {"congresses": 5, "rounds": 3, "following": 2, "behind": 3}, "the summary", p["summary"])


def test_import_with_tiers_and_guidance(ctx):
    """a CSV import takes a tier by key or by name; a bad tier and a category outside the guidance the round follows
    are listed with their lines, and nothing is saved until the file is clean"""
    srv = ctx.new_server()
    admin = admin_session(srv)
    city = create_congress(admin)
    district = create_congress(admin, level="district", parent_id=city)
    cc, cd = _clerk(srv, admin, city), _clerk(srv, admin, district)
    g = expect(cc.post("/api/v1/congresses/%d/guidance" % city, {"year": 2026, "title": "指导意见", "categories": ["住房", "养老"]}),
               201)["id"]
    expect(cc.post("/api/v1/guidance/%d/publish" % g, {}), 200)
    cy = _round(cd, district, 2026, {"guidance_id": g})["id"]
    url = "/api/v1/cycles/%d/candidates/import" % cy
    bad = ("title,cost,category,tier\n"
           "加装电梯,100,住房,project\n"  # 2 good
           "修路灯,10,住房,微实事\n"  # 3 good, by name
           "助学,5,养老,心愿\n"  # 4 not a tier
           "新建学校,300,教育,\n")  # 5 not a category of the guidance
    r = expect(cd.post(url, {"csv": bad}), 422, "invalid_csv", what="bad rows")
    got = sorted((e["line"], e["field"]) for e in r["error"]["details"]["errors"])
    check(got == [(4, "tier"), (5, "category")], "the faults with their lines", got)
    check(list_all(cd, "/api/v1/cycles/%d/candidates" % cy)[1] == 0, "nothing saved")
    good = bad.replace("心愿", "wish").replace("教育", "住房")
    expect(cd.post(url, {"csv": good}), 201, what="the clean file")
    items, _ = list_all(cd, "/api/v1/cycles/%d/candidates" % cy)
    check(sorted((c["title"], c["tier"]) for c in items) == sorted(
        [("加装电梯", "project"), ("修路灯", "micro"), ("助学", "wish"), ("新建学校", "project")]), "the tiers", items)
