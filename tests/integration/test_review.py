"""Report-and-rate reviews (述职评议, issue 17): the heads of units report, their reports attached; the standing
committee's members rate each unit 满意 / 基本满意 / 不满意 by secret ballot — the vote's rating poll, with its desk,
scrutineers and bulletin — and leave comments that carry no author; at the close each unit's verdict follows the rule
(computed here from the ballots cast), and the units at or below the line go on the rectification list with a day
(working days computed here), reported on by the unit and accepted by someone else, or returned; past its day an item
not done is overdue."""
import json
import os

from client import Session
from harness import (admin_session, check, checkin, cli, create_congress, create_user, db_exec, db_query, expect,
                     import_deputies, is_pg, list_all, login_session, make_deputies, uniq)
from rate_exports import check_rate_exports
from scrutineers import SHARES, name_scrutineers, post_open

UNITS = ("市教育局", "市卫生健康委员会", "市住房和城乡建设局", "市交通运输局", "市民政局")


def _world(ctx, today="2027-03-01", n_deputies=7):
    srv = ctx.new_server(env={"MINSHENG_TODAY": today})
    admin = admin_session(srv)
    city = create_congress(admin)
    n = uniq()
    clerks = []
    for k in range(2):
        create_user(admin, "rv-clerk%d-%d" % (n, k), "rv-pass-%d" % n, "秘书%d" % k, ["clerk"], city)
        clerks.append(login_session(srv, "rv-clerk%d-%d" % (n, k), "rv-pass-%d" % n))
    units = {name: expect(clerks[0].post("/api/v1/congresses/%d/units" % city, {"name": name}), 201)["id"]
             for name in UNITS}
    officers = {}
    for name in UNITS[:3]:
        login = "rv-unit%d-%d" % (n, units[name])
        create_user(clerks[0], login, "unit-pass-%d" % n, "科长", ["unit"], city, units[name])
        officers[name] = login_session(srv, login, "unit-pass-%d" % n)
    deps = import_deputies(clerks[0], city, make_deputies(n_deputies))
    sessions = [login_session(srv, d["login"], d["password"]) for d in deps]
    return srv, city, clerks, units, officers, deps, sessions


def _rule(ballots, cand, base):
    """The Zhenhai rule computed here: more than half of the base 满意 is satisfied, else more than half 满意 +
    基本满意 is basically satisfied, else dissatisfied (exactly half is not more than half)."""
    t = {"satisfied": 0, "basic": 0, "dissatisfied": 0, "abstain": 0}
    for b in ballots:
        t[b.get(str(cand), "abstain")] += 1
    verdict = ("satisfied" if 2 * t["satisfied"] > base else
               "basic" if 2 * (t["satisfied"] + t["basic"]) > base else "dissatisfied")
    return t, verdict


def _add_workdays(day, n):
    """n working days after day, Monday to Friday (the test's days are clear of public holidays)."""
    import datetime
    d = datetime.date.fromisoformat(day)
    while n:
        d += datetime.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d.isoformat()


def test_review_end_to_end(ctx):
    """five members of the standing committee rate four units; the verdicts, tallies and rectification list are as
    computed here; reports, comments and rectifications follow their rules; the host round of the ballot shows
    nowhere; verdicts are immutable"""
    srv, city, clerks, units, officers, deps, sessions = _world(ctx)
    clerk, clerk2 = clerks
    committee = [d["id"] for d in deps[:5]]
    expect(clerk.put("/api/v1/congresses/%d/committee" % city, {"deputy_ids": committee}), 200)
    reviewed = UNITS[:4]
    body = {"title": "2026年度部分政府组成部门述职评议", "year": 2026, "meeting": "市人大常委会第二十次会议",
            "held_on": "2027-03-01", "electorate": "committee", "rectify_at": "dissatisfied", "rectify_days": 5,
            "units": [{"unit_id": units[u], "head": "%s局长" % u[1:3]} for u in reviewed]}
    rv = expect(clerk.post("/api/v1/congresses/%d/reviews" % city, body), 201, what="set up the review")
    rid, poll = rv["id"], rv["poll_id"]
    cand = {u["unit_id"]: u["candidate_id"] for u in rv["units"]}
    check([u["unit_id"] for u in rv["units"]] == [units[u] for u in reviewed] and
          all(u["verdict"] is None and u["report"] == "" for u in rv["units"]), "the units in order, no verdicts yet",
          rv["units"])
    check(rv["poll"]["ballot_form"] == "rate" and rv["poll"]["electorate"] == "committee" and
          rv["poll"]["deputies_all"] == 5 and rv["poll"]["review_id"] == rid, "a committee rating poll of five",
          rv["poll"])
    check("5" in rv["rectify_words"]["zh"] and "不满意" in rv["rectify_words"]["zh"] and
          "5 working days" in rv["rectify_words"]["en"], "the rectification rule in words", rv["rectify_words"])
    anon = Session(srv.base)
    lst, total = list_all(anon, "/api/v1/congresses/%d/reviews" % city)
    check(total == 1 and lst[0]["id"] == rid and lst[0]["units"] == 4 and lst[0]["status"] == "draft",
          "the congress lists it", lst)
    # the host round of the ballot is no round: not listed, not reachable
    host = rv["poll"]["cycle_id"]
    rounds, _ = list_all(clerk, "/api/v1/congresses/%d/cycles" % city)
    check(host not in [c["id"] for c in rounds], "the host is not among the rounds", rounds)
    expect(clerk.get("/api/v1/cycles/%d" % host), 404, "not_found", what="the host round")
    expect(clerk.post("/api/v1/cycles/%d/candidates" % host, {"title": "混入", "cost": 1}), 404, "not_found",
           what="a candidate into the host")
    expect(clerk.post("/api/v1/cycles/%d/phase" % host, {"phase": "closed"}), 404, "not_found", what="the host's phase")
    expect(clerk.get("/api/v1/candidates/%d" % cand[units[UNITS[0]]]), 404, what="a unit's candidate row")

    # the heads' reports: the unit's own officers or the staff
    edu, health = officers[UNITS[0]], officers[UNITS[1]]
    url = "/api/v1/reviews/%d/reports" % rid
    got = expect(edu.post(url, {"unit_id": units[UNITS[0]], "report": "一年来，市教育局……（述职报告全文）"}), 200)
    check([u["report"] for u in got["units"]][0].startswith("一年来") and got["units"][0]["reported_at"],
          "the report is attached", got["units"][0])
    expect(edu.post(url, {"unit_id": units[UNITS[1]], "report": "代写"}), 403, "review_not_own_unit",
           what="another unit's report")
    expect(clerk.post(url, {"unit_id": units[UNITS[4]], "report": "未列入"}), 422, "review_not_here",
           what="a unit not reviewed")
    expect(clerk.post(url, {"unit_id": units[UNITS[1]], "report": "   "}), 422, what="an empty report")
    expect(clerk.post(url, {"unit_id": units[UNITS[1]], "report": "市卫生健康委员会述职报告"}), 200)

    # comments are taken while the rating is open
    curl = "/api/v1/reviews/%d/comments" % rid
    expect(sessions[0].post(curl, {"unit_id": units[UNITS[0]], "body": "早了"}), 409, "review_not_open")
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    checkin(clerk, poll, committee)
    expect(post_open(clerk, poll), 200, what="open the rating")
    expect(sessions[5].post(curl, {"unit_id": units[UNITS[0]], "body": "不是委员"}), 403, "review_not_due",
           what="a deputy not on the committee")
    expect(sessions[0].post(curl, {"unit_id": units[UNITS[4]], "body": "未列入"}), 422, "review_not_here")
    left = expect(sessions[0].post(curl, {"unit_id": units[UNITS[2]], "body": "老旧小区改造进度偏慢"}), 201)
    check(left == {"unit_id": units[UNITS[2]], "body": "老旧小区改造进度偏慢"}, "the comment as kept", left)
    for k in range(3):
        expect(sessions[1].post(curl, {"unit_id": units[reviewed[k]], "body": "意见%d" % k}), 201)
    expect(sessions[1].post(curl, {"unit_id": units[UNITS[3]], "body": "意见3"}), 201)
    expect(sessions[1].post(curl, {"unit_id": units[UNITS[3]], "body": "意见4"}), 409, "review_comments_full",
           what="more comments than units")
    expect(anon.get(curl), 409, "review_comments_later", what="the public before the close")
    expect(sessions[2].get(curl), 409, "review_comments_later", what="a member before the close")
    expect(clerk.get(curl), 409, "review_comments_later", what="the staff before the close: sealed")
    # the comments are sealed like the ballots: boxes of one length, nothing readable before the close
    boxes = db_query(srv.db, "SELECT length(box) FROM review_comment_box WHERE review_id = ?", (rid,))
    check(len(boxes) == 5 and len({int(b[0]) for b in boxes}) == 1, "five sealed boxes of one length", boxes)
    check(db_query(srv.db, "SELECT count(*) FROM review_comment")[0][0] in (0, "0"), "no comment in the clear")
    cols = db_exec(srv.db, "INSERT INTO review_comment(review_id, unit_id, body, user_id) VALUES (%d, %d, 'x', 1)"
                   % (rid, units[UNITS[0]]))
    check(cols is not None and "user_id" in cols, "a comment has no author column", cols)
    audit = expect(clerk.get("/api/v1/audit?action=review.comment&congress_id=%d" % city), 200)["items"]
    check(len(audit) == 5 and all(a["detail"] is None for a in audit),
          "who commented is audited, as who voted; never on what", audit)
    expect(edu.post(url, {"unit_id": units[UNITS[0]], "report": "投票中改写"}), 409, "review_voted",
           what="a report changed while the members rate")

    # the ballots: satisfied / basic / dissatisfied / exactly half
    A, B, C, D = (cand[units[u]] for u in reviewed)
    ballots = [
        {str(A): "satisfied", str(B): "basic", str(C): "dissatisfied", str(D): "satisfied"},
        {str(A): "satisfied", str(B): "basic", str(C): "dissatisfied", str(D): "basic"},
        {str(A): "satisfied", str(B): "satisfied", str(C): "basic", str(D): "dissatisfied"},
        {str(A): "basic", str(B): "dissatisfied", str(C): "dissatisfied", str(D): "dissatisfied"},
        {str(A): "dissatisfied", str(B): "basic", str(C): "satisfied", str(D): "abstain"},
    ]
    for ext in ("xlsx", "pdf"):
        expect(anon.get("/api/v1/reviews/%d/result.%s" % (rid, ext)), 409, "poll_not_closed",
               what="the result's %s while the members rate" % ext)
    expect(sessions[0].post("/api/v1/polls/%d/ballot" % poll, {"ratings": {str(A): "satisfied"}}), 422,
           "project_not_rated", what="a unit left unrated")
    trackers = []
    for i, b in enumerate(ballots):
        r = expect(sessions[i].post("/api/v1/polls/%d/ballot" % poll, {"ratings": b}), 201, what="member %d rates" % i)
        trackers.append(r["tracker"])
    expect(sessions[0].post("/api/v1/polls/%d/close" % poll, {"shares": []}), 403, what="a member closes")
    res = expect(clerk.post("/api/v1/reviews/%d/close" % rid, {"shares": SHARES[(clerk.base, poll)]}), 200,
                 what="close the rating")
    want = {c: _rule(ballots, c, 5) for c in (A, B, C, D)}
    by_cand = {c["candidate_id"]: c for c in res["candidates"]}
    for u in reviewed:
        c = cand[units[u]]
        t, verdict = want[c]
        got = by_cand[c]
        check(got["unit_id"] == units[u] and got["verdict"] == verdict and
              all(got[k] == t[k] for k in ("satisfied", "basic", "dissatisfied", "abstain")),
              "%s: tallies %r and verdict %s as computed" % (u, t, verdict), got)
    check(sorted(v[1] for v in want.values()) == ["basic", "dissatisfied", "dissatisfied", "satisfied"],
          "the ballots make every verdict", want)
    check(expect(anon.get("/api/v1/reviews/%d/result" % rid), 200) == res, "the public reads the same result")
    check_rate_exports(anon, "/api/v1/reviews/%d/result" % rid, res, ctx.dir)
    view = expect(anon.get("/api/v1/reviews/%d" % rid), 200)
    check(all(u["verdict"] == want[u["candidate_id"]][1] for u in view["units"]), "each unit's verdict", view)
    check(db_exec(srv.db, "UPDATE review_verdict SET verdict = 'satisfied'") is not None and
          db_exec(srv.db, "DELETE FROM review_verdict") is not None, "verdicts are immutable")
    expect(clerk.post(url, {"unit_id": units[UNITS[0]], "report": "改写"}), 409, "review_voted",
           what="a report after the close")
    after = expect(anon.get(curl), 200)["items"]
    check(sorted(c["body"] for c in after) == sorted(["老旧小区改造进度偏慢", "意见0", "意见1", "意见2", "意见3"]) and
          all(c["unit_id"] in [units[u] for u in reviewed] for c in after), "everyone reads the comments after the close",
          after)
    check(not db_query(srv.db, "SELECT 1 FROM review_comment_box"), "the boxes are gone")
    bulletin = expect(anon.get("/api/v1/reviews/%d/bulletin" % rid), 200)
    check(sorted(b["tracker"] for b in bulletin["ballots"]) == sorted(trackers),
          "every member finds their tracker on the bulletin", bulletin["ballots"])
    path = os.path.join(ctx.dir, "review-bulletin.json")
    with open(path, "w") as f:
        json.dump(bulletin, f, ensure_ascii=False)
    v = cli(["verify", path], what="recount the review's bulletin", expect_ok=False)
    check(v.returncode == 0, "the bulletin recounts to the published result", v.stdout, v.stderr)
    check("每个单位可评为" in rv["poll"]["rule_text"]["zh"] and "Each unit is rated" in rv["poll"]["rule_text"]["en"],
          "the rule in words names units", rv["poll"]["rule_text"])
    a = cli(["audit", "verify", "--db", srv.db], what="audit verify", expect_ok=False)
    check(a.returncode == 0 and "verdicts of 1 reviews match" in a.stdout.decode(), "the verdicts verify",
          a.stdout, a.stderr)
    mine = [h for h in expect(sessions[0].get("/api/v1/me/history"), 200)["items"] if h["poll_id"] == poll]
    check(len(mine) == 1 and mine[0]["kind"] == "review" and mine[0]["result"] is not None and
          mine[0]["review_id"] == rid and mine[0]["cycle_year"] == 2026 and len(mine[0]["candidates"]) == 4,
          "the member's history shows the review and its result", mine)

    # the rectification list: the dissatisfied units, due five working days from the close
    items = expect(anon.get("/api/v1/reviews/%d/rectifications" % rid), 200)["items"]
    poor = sorted(units[u] for u in reviewed if want[cand[units[u]]][1] == "dissatisfied")
    check(sorted(x["unit_id"] for x in items) == poor, "the dissatisfied units are listed", items)
    due = _add_workdays("2027-03-01", 5)
    check(all(x["due_on"] == due and x["state"] == "open" and not x["overdue"] and x["verdict"] == "dissatisfied"
              for x in items), "each due %s, open" % due, items)
    by_unit = {x["unit_id"]: x for x in items}
    # unit C (住房和城乡建设局) has an officer; unit D (交通运输局) has none: the staff report for it
    xc, xd = by_unit[units[UNITS[2]]], by_unit[units[UNITS[3]]]
    housing = officers[UNITS[2]]
    rurl = "/api/v1/review-rectifications/%d/" % xc["id"]
    expect(edu.post(rurl + "report", {"report": "代报"}), 403, "review_not_own_unit", what="another unit reports")
    expect(clerk.post(rurl + "accept", {}), 409, "rectify_state", what="accept before a report")
    got = expect(housing.post(rurl + "report", {"report": "已完成12个小区改造，建立月调度机制"}), 200)
    check(got["state"] == "reported" and got["reported_on"] == "2027-03-01", "reported", got)
    expect(housing.post(rurl + "report", {"report": "再报"}), 409, "rectify_state", what="a second report")
    expect(housing.post(rurl + "accept", {}), 403, "forbidden", what="the unit accepts its own")
    expect(clerk.post(rurl + "return", {}), 400, "missing_field", what="a return without its reason")
    got = expect(clerk.post(rurl + "return", {"note": "缺少整改前后对比材料"}), 200)
    check(got["state"] == "open" and got["note"] == "缺少整改前后对比材料", "returned with its reason", got)
    expect(housing.post(rurl + "report", {"report": "补充整改前后对比照片及台账"}), 200)
    got = expect(clerk.post(rurl + "accept", {"note": "整改到位"}), 200)
    check(got["state"] == "done" and got["decided_on"] == "2027-03-01", "accepted: done", got)
    durl = "/api/v1/review-rectifications/%d/" % xd["id"]
    expect(clerk.post(durl + "report", {"report": "交通运输局书面报告整改情况"}), 200)
    expect(clerk.post(durl + "accept", {}), 409, "rectify_self", what="whoever reported it accepts")
    expect(anon.get("/api/v1/congresses/%d/rectifications?state=done" % city), 200)
    lst = expect(anon.get("/api/v1/congresses/%d/rectifications?state=done" % city), 200)["items"]
    check([x["id"] for x in lst] == [xc["id"]], "one done", lst)
    lst = expect(anon.get("/api/v1/congresses/%d/rectifications?unit_id=%d" % (city, units[UNITS[3]])), 200)["items"]
    check([x["state"] for x in lst] == ["reported"], "the transport bureau's, reported", lst)

    # past its day, an item not done is overdue; a done one is not
    later = ctx.add_server(srv.db, env={"MINSHENG_TODAY": _add_workdays(due, 1)})
    lst = expect(Session(later.base).get("/api/v1/reviews/%d/rectifications" % rid), 200)["items"]
    check({x["id"]: x["overdue"] for x in lst} == {xc["id"]: False, xd["id"]: True}, "overdue when not done", lst)
    expect(clerk2.post(durl + "accept", {}), 200, what="a second clerk accepts")
    # a verdict forged past its trigger (dropped and put back) is found; a second row cannot replace one
    row = "(%d, %d, 'satisfied', 5, 0, 0, 0, 0, 'satisfied', NULL, NULL)" % (rid, units[UNITS[2]])
    over = ("INSERT INTO review_verdict VALUES %s ON CONFLICT (review_id, unit_id) DO UPDATE SET verdict = 'satisfied'"
            % row if is_pg(srv.db) else "INSERT OR REPLACE INTO review_verdict VALUES %s" % row)
    check(db_exec(srv.db, over) is not None, "no verdict row over another")
    if is_pg(srv.db):
        drop = "DROP TRIGGER review_verdict_immutable ON review_verdict"
        back = ("CREATE TRIGGER review_verdict_immutable BEFORE UPDATE ON review_verdict "
                "FOR EACH ROW EXECUTE FUNCTION ms_refuse('verdicts are immutable')")
    else:
        drop = "DROP TRIGGER review_verdict_immutable"
        back = ("CREATE TRIGGER review_verdict_immutable BEFORE UPDATE ON review_verdict "
                "BEGIN SELECT RAISE(ABORT, 'verdicts are immutable'); END")
    for sql in (drop, "UPDATE review_verdict SET verdict = 'satisfied' WHERE verdict = 'dissatisfied'", back):
        check(db_exec(srv.db, sql) is None, "the forger's statement runs", sql)
    a = cli(["audit", "verify", "--db", srv.db], what="audit verify after a forged verdict", expect_ok=False)
    check(a.returncode != 0 and "verdicts stored for review %d differ" % rid in (a.stdout + a.stderr).decode(),
          "audit verify names the forged verdict", a.stdout, a.stderr)
    audit = expect(clerk.get("/api/v1/audit?action=rectify.accept&congress_id=%d" % city), 200)
    check(len(audit["items"]) == 2, "both acceptances are audited", audit)


def test_review_refusals(ctx):
    """a review's setup is checked: units once, of the congress; its day in its year or the next; the line; a
    basically satisfied unit rectifies when the line says so; an invalid count makes no rectification"""
    srv, city, clerks, units, officers, deps, sessions = _world(ctx, n_deputies=3)
    clerk = clerks[0]
    other = create_congress(admin_session(srv))
    far = expect(admin_session(srv).post("/api/v1/congresses/%d/units" % other, {"name": "外市局"}), 201)["id"]
    base = {"title": "述职评议", "year": 2026, "held_on": "2026-12-20", "units": [{"unit_id": units[UNITS[0]], "head": "局长"}]}
    url = "/api/v1/congresses/%d/reviews" % city

    def with_(**kw):
        b = dict(base)
        b.update(kw)
        return b

    expect(clerk.post(url, with_(units=[])), 422, what="no units")
    expect(clerk.post(url, with_(units=[{"unit_id": units[UNITS[0]], "head": "甲"}, {"unit_id": units[UNITS[0]],
                                                                                  "head": "乙"}])),
           422, "review_units", what="a unit twice")
    expect(clerk.post(url, with_(units=[{"unit_id": far, "head": "甲"}])), 422, "unit_not_of_congress")
    expect(clerk.post(url, with_(units=[{"unit_id": units[UNITS[0]], "head": ""}])), 422, what="no head")
    expect(clerk.post(url, with_(held_on="2028-01-01")), 422, "review_day_year", what="two years on")
    expect(clerk.post(url, with_(held_on="2025-12-31")), 422, "review_day_year", what="the year before")
    expect(clerk.post(url, with_(rectify_days=0)), 422, what="no days")
    expect(clerk.post(url, with_(rectify_at="satisfied")), 422, what="no such line")
    expect(clerk.post(url, with_(quorum_num=3, quorum_den=2)), 422, "quorum_over_one")
    check(expect(Session(srv.base).get("/api/v1/congresses/%d/reviews" % city), 200)["total"] == 0,
          "nothing was kept")
    # the line at 基本满意: two of three rate the unit basic, one dissatisfied
    rv = expect(clerk.post(url, with_(rectify_at="basic", rectify_days=3)), 201)
    poll, cand = rv["poll_id"], rv["units"][0]["candidate_id"]
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    checkin(clerk, poll, [d["id"] for d in deps])
    expect(post_open(clerk, poll), 200)
    for s, r in zip(sessions, ("basic", "basic", "dissatisfied")):
        expect(s.post("/api/v1/polls/%d/ballot" % poll, {"ratings": {str(cand): r}}), 201)
    res = expect(clerk.post("/api/v1/reviews/%d/close" % rv["id"], {"shares": SHARES[(clerk.base, poll)]}), 200)
    check(res["candidates"][0]["verdict"] == "basic", "basically satisfied", res)
    items = expect(clerk.get("/api/v1/reviews/%d/rectifications" % rv["id"]), 200)["items"]
    check(len(items) == 1 and items[0]["verdict"] == "basic" and items[0]["due_on"] == _add_workdays("2027-03-01", 3),
          "a basically satisfied unit rectifies under this line", items)
    # the close is the poll's once: the poll's own close route refuses a rating poll
    expect(clerk.post("/api/v1/reviews/%d/close" % rv["id"], {"shares": []}), 409, "poll_not_open")


def test_review_scored(ctx):
    """a review that scores: each unit's score is the mean of its ratings in the stated points (abstentions do not
    count), computed here exactly; its band is the unit's verdict, which may differ from the rule's, and the
    rectification list follows it; the score's rule is printed in words"""
    from fractions import Fraction
    srv, city, clerks, units, officers, deps, sessions = _world(ctx, n_deputies=3)
    clerk = clerks[0]
    url = "/api/v1/congresses/%d/reviews" % city
    body = {"title": "2026年度述职评议（计分）", "year": 2026, "held_on": "2027-02-01",
            "units": [{"unit_id": units[u], "head": "负责人"} for u in UNITS[:3]],
            "scoring": {"points_satisfied": 100, "points_basic": 60, "points_dissatisfied": 0, "satisfied_min": 85,
                        "basic_min": 60}}
    bad = dict(body, scoring={"satisfied_min": 50, "basic_min": 70})
    expect(clerk.post(url, bad), 422, "sat_bands", what="bands out of order")
    rv = expect(clerk.post(url, body), 201)
    check("满意每票100分、基本满意每票60分、不满意每票0分" in rv["scoring_words"]["zh"] and
          "85 points or more" in rv["scoring_words"]["en"], "the score in words", rv["scoring_words"])
    check(rv["scoring"] == body["scoring"], "the settings as given", rv["scoring"])
    poll = rv["poll_id"]
    A, B, C = (u["candidate_id"] for u in rv["units"])
    ballots = [{str(A): "satisfied", str(B): "satisfied", str(C): "basic"},
               {str(A): "satisfied", str(B): "basic", str(C): "basic"},
               {str(A): "basic", str(B): "dissatisfied", str(C): "abstain"}]
    name_scrutineers(clerk, poll, [(deps[0]["id"], sessions[0])])
    checkin(clerk, poll, [d["id"] for d in deps])
    expect(post_open(clerk, poll), 200)
    for s, b in zip(sessions, ballots):
        expect(s.post("/api/v1/polls/%d/ballot" % poll, {"ratings": b}), 201)
    res = expect(clerk.post("/api/v1/reviews/%d/close" % rv["id"], {"shares": SHARES[(clerk.base, poll)]}), 200)
    points = {"satisfied": 100, "basic": 60, "dissatisfied": 0}
    view = expect(Session(srv.base).get("/api/v1/reviews/%d" % rv["id"]), 200)
    for u in view["units"]:
        rated = [points[b[str(u["candidate_id"])]] for b in ballots if b[str(u["candidate_id"])] != "abstain"]
        score = Fraction(sum(rated), len(rated))
        band = "satisfied" if score >= 85 else "basic" if score >= 60 else "dissatisfied"
        t, rule = _rule(ballots, u["candidate_id"], 3)
        want = str(score.numerator) if score.denominator == 1 else "%d/%d" % (score.numerator, score.denominator)
        check(u["score"] == want and u["score_decimal"] == "%.2f" % float(score) and u["verdict"] == band and
              u["rule_verdict"] == rule, "unit %d: score %s (%s), rule %s" % (u["unit_id"], want, band, rule), u)
        got = [c for c in res["candidates"] if c["candidate_id"] == u["candidate_id"]][0]
        check(got["score"] == want and got["score_verdict"] == band and got["verdict"] == rule,
              "the result carries the score beside the rule's verdict", got)
    b = [u for u in view["units"] if u["candidate_id"] == B][0]
    check(b["verdict"] == "dissatisfied" and b["rule_verdict"] == "basic", "the score and the rule differ for B", b)
    # the files say the verdict that stands (the score's band), the rule's beside it, and the rule of scores
    check_rate_exports(Session(clerk.base), "/api/v1/reviews/%d/result" % rv["id"], res, ctx.dir,
                       scoring=rv["scoring_words"]["zh"])
    items = expect(clerk.get("/api/v1/reviews/%d/rectifications" % rv["id"]), 200)["items"]
    check([x["unit_id"] for x in items] == [b["unit_id"]] and items[0]["verdict"] == "dissatisfied",
          "the rectification list follows the score", items)


def test_review_first_reviews_at_once(ctx):
    """four first reviews of a congress set up at once share one host round: each is made, none fails"""
    import concurrent.futures
    srv = ctx.new_server()
    admin = admin_session(srv)
    city = create_congress(admin)
    unit = expect(admin.post("/api/v1/congresses/%d/units" % city, {"name": "市审计局"}), 201)["id"]
    body = {"title": "同时设立", "year": 2026, "held_on": "2026-06-01", "units": [{"unit_id": unit, "head": "局长"}]}

    def one(i):
        s = admin_session(srv)
        return s.post("/api/v1/congresses/%d/reviews" % city, dict(body, title="同时设立%d" % i))
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        got = list(ex.map(one, range(4)))
    for r in got:
        expect(r, 201, what="a review set up at once with three others")
    hosts = db_query(srv.db, "SELECT id FROM cycle WHERE congress_id = ? AND kind = 'review'", (city,))
    check(len(hosts) == 1 and len({r.json["poll"]["cycle_id"] for r in got}) == 1, "one host", hosts)
