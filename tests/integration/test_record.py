"""Deputies' performance files (履职档案): what Minsheng knows already — closed polls a deputy was checked in for
and voted in (that it voted, never how), inspections naming it or recorded by it, letters of its oversight groups —
and the activities it (or the clerk for it) enters, counted once the clerk approves them; the congress's published
points per kind; totals per year and quarter. Each file is checked against an independent count of the actions the
test took; a deputy reads only its own file, a unit officer none."""
import datetime

from client import Session
from harness import (admin_session, build_world, cast, check, checkin, close_poll, create_user, db_exec, dep_session, expect,
                     import_deputies, list_all, login_session, make_deputies, name_scrutineers, post_open)

KINDS = ("attendance", "vote", "inspection", "letter", "training", "contact", "suggestion", "research", "other")
POINTS = {"attendance": 2, "vote": 1, "inspection": 3, "letter": 1, "training": 1, "contact": 2, "suggestion": 2,
          "research": 1}


def _today():
    """Today in China (the server's ms_day_today)."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def _china_day(at):
    """The day in China (UTC+8) of a UTC time "YYYY-MM-DDTHH:MM:SSZ" as the server stores it."""
    t = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
    return t.date().isoformat()


def _expected(log, deputy, year, points=None):
    """The totals of `deputy` for `year` counted from the test's own log of (deputy, kind, day) actions."""
    quarters = [{k: 0 for k in KINDS} for _ in range(4)]
    for who, kind, day in log:
        if who == deputy and day.startswith("%d-" % year):
            quarters[(int(day[5:7]) - 1) // 3][kind] += 1
    year_counts = {k: sum(q[k] for q in quarters) for k in KINDS}

    def pts(c):
        return None if points is None else sum(c[k] * points.get(k, 0) for k in KINDS)
    return {"counts": year_counts, "points": pts(year_counts),
            "quarters": [{"quarter": i + 1, "counts": q, "points": pts(q)} for i, q in enumerate(quarters)]}


def _world(ctx):
    """A congress with five deputies: poll 1 (all checked in, deputies 0–3 vote; 4 does not), poll 2 (deputies 0,
    1 and 2 checked in, deputy 0 votes), both closed; the round in 实施 with its projects; a group led by deputy 0
    with members 1 and 2; inspections and a letter; a unit officer; a deputy of another congress."""
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400))
    w.dep = [d["id"] for d in w.deputies]
    w.log = []
    for i in range(4):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    # poll 2, opened while poll 1 is open: deputies 0, 1 and 2 present, 0 votes
    p2 = expect(w.clerk.post("/api/v1/cycles/%d/polls" % w.cycle, {"slots": 1}), 201, what="poll 2")["id"]
    checkin(w.clerk, p2, [w.dep[0], w.dep[1], w.dep[2]])
    name_scrutineers(w.clerk, p2, [(w.dep[0], dep_session(w, 0))])
    expect(post_open(w.clerk, p2), 200, what="open poll 2")
    cast(dep_session(w, 0), p2, [w.cands[2]])
    w.poll2 = p2
    # an open poll counts for no one yet
    year = _today().year
    rec = expect(dep_session(w, 0).get("/api/v1/deputies/%d/record?year=%d" % (w.dep[0], year)), 200)
    check(rec["attendance"] == [] and rec["votes"] == [], "open polls are not counted", rec)
    close_poll(w.clerk, w.poll)
    close_poll(w.clerk, p2)
    for poll, present, voted in ((w.poll, range(5), range(4)), (p2, (0, 1, 2), (0,))):
        day = _china_day(expect(w.clerk.get("/api/v1/polls/%d" % poll), 200)["opened_at"])
        w.log += [(w.dep[i], "attendance", day) for i in present] + [(w.dep[i], "vote", day) for i in voted]
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="to implement")
    w.projects = sorted(p["id"] for p in list_all(w.clerk, "/api/v1/cycles/%d/projects" % w.cycle)[0])
    w.group = expect(w.clerk.post("/api/v1/congresses/%d/oversight-groups" % w.congress,
                                  {"name": "履职测试监督组", "scope": "area", "area": "江北区", "leader_id": w.dep[0],
                                   "member_ids": [w.dep[1], w.dep[2]], "project_ids": w.projects}), 201,
                     what="a group")["id"]
    today = _today().isoformat()
    iurl = "/api/v1/oversight-groups/%d/inspections" % w.group
    # recorded by 1, naming 0 and 1; recorded by 2, naming 0 only (it counts for its recorder too)
    expect(dep_session(w, 1).post(iurl, {"project_id": w.projects[0], "day": today,
                                         "participant_ids": [w.dep[0], w.dep[1]], "findings": "进度正常"}), 201)
    expect(dep_session(w, 2).post(iurl, {"project_id": w.projects[0], "day": today, "participant_ids": [w.dep[0]],
                                         "findings": "围挡完好"}), 201)
    w.log += [(w.dep[0], "inspection", today), (w.dep[1], "inspection", today), (w.dep[0], "inspection", today),
              (w.dep[2], "inspection", today)]
    deadline = (_today() + datetime.timedelta(days=30)).isoformat()
    expect(dep_session(w, 0).post("/api/v1/oversight-groups/%d/letters" % w.group,
                                  {"project_id": w.projects[0], "body": "请说明进度", "deadline": deadline}), 201)
    w.log += [(w.dep[i], "letter", today) for i in (0, 1, 2)]
    unit = expect(w.clerk.get("/api/v1/projects/%d" % w.projects[0]), 200)["lead_unit_id"]
    create_user(w.clerk, "rec-unit-%d" % w.congress, "rec-unit-pass", "李科长", ["unit"], w.congress, unit)
    w.officer = login_session(w.srv, "rec-unit-%d" % w.congress, "rec-unit-pass")
    w.today = today
    w.year = year
    return w


def _url(w, i, year=None):
    return "/api/v1/deputies/%d/record?year=%d" % (w.dep[i], year or w.year)


def _entry(w, sess, i, kind, text="参加代表履职培训", hours=None, day=None, status=201, code=None):
    body = {"kind": kind, "day": day or w.today, "text": text}
    if hours is not None:
        body["hours"] = hours
    return expect(sess.post("/api/v1/deputies/%d/record/entries" % w.dep[i], body), status, code,
                  what="enter %s for deputy %d" % (kind, i))


def test_record_counts(ctx):
    """each deputy's file lists the closed polls it attended and voted in, its inspections and letters, its groups,
    and its totals equal the test's own count; votes say that it voted, never how"""
    w = _world(ctx)
    for i in range(5):
        rec = expect(dep_session(w, i).get(_url(w, i)), 200, what="deputy %d's own file" % i)
        check(rec["deputy_id"] == w.dep[i] and rec["year"] == w.year and rec["points_enabled"] is False,
              "the file's head", rec)
        check(rec["totals"] == _expected(w.log, w.dep[i], w.year), "deputy %d's totals" % i, rec["totals"],
              _expected(w.log, w.dep[i], w.year))
        polls = {"attendance": [w.poll] + ([w.poll2] if i < 3 else []), "votes": ([w.poll] if i < 4 else []) +
                 ([w.poll2] if i == 0 else [])}
        for key, want in polls.items():
            check(sorted(x["id"] for x in rec[key]) == sorted(want), "deputy %d's %s" % (i, key), rec[key], want)
            check(all(x["day"] in [d for _, k, d in w.log if k in ("attendance", "vote")] for x in rec[key]),
                  "a poll is dated by the day it opened in China", rec[key])
            check(all(set(x) == {"id", "title", "day"} for x in rec[key]), "an item names the poll only", rec[key])
        check(len(rec["inspections"]) == {0: 2, 1: 1, 2: 1}.get(i, 0), "deputy %d's inspections" % i,
              rec["inspections"])
        check(len(rec["letters"]) == (1 if i < 3 else 0), "deputy %d's letters" % i, rec["letters"])
        check([g["id"] for g in rec["groups"]] == ([w.group] if i < 3 else []), "deputy %d's groups" % i, rec["groups"])
        check(rec["groups"][0]["leader"] is (i == 0) if i < 3 else True, "the leader is marked", rec["groups"])
        text = str(rec)
        check("choices" not in text and "ballot" not in text, "no ballot in a file", rec)
    # another year is empty
    rec = expect(w.clerk.get(_url(w, 0, w.year - 1)), 200)
    check(rec["totals"]["counts"] == {k: 0 for k in KINDS}, "nothing the year before", rec["totals"])
    # the clerk's list agrees with every file
    lst = expect(w.clerk.get("/api/v1/congresses/%d/records?year=%d" % (w.congress, w.year)), 200)
    check([x["deputy_id"] for x in lst["items"]] == w.dep, "every deputy, by id", lst)
    for x in lst["items"]:
        check(x["totals"] == _expected(w.log, x["deputy_id"], w.year), "the list's totals", x)


def test_record_poll_day_in_china(ctx):
    """a poll is dated by the day it opened in China (UTC+8): opened at 16:00 UTC on 31 December it is the next
    year's first quarter; a second before, this year's last"""
    w = _world(ctx)
    y = w.year
    for opened, year, day in (("%d-12-31T16:00:00Z" % (y - 1), y, "%d-01-01" % y),
                              ("%d-12-31T15:59:59Z" % y, y, "%d-12-31" % y),
                              ("%d-12-31T16:00:00Z" % y, y + 1, "%d-01-01" % (y + 1))):
        check(db_exec(w.srv.db, "UPDATE poll SET opened_at = '%s' WHERE id = %d" % (opened, w.poll2)) is None,
              "cannot move the poll's opening")
        rec = expect(dep_session(w, 0).get(_url(w, 0, year)), 200)
        got = [x for x in rec["attendance"] if x["id"] == w.poll2]
        check(got and got[0]["day"] == day, "opened %s: attended on %s of %d" % (opened, day, year), rec["attendance"])
        q = (int(day[5:7]) - 1) // 3
        check(rec["totals"]["quarters"][q]["counts"]["vote"] >= 1, "counted in its quarter", rec["totals"])
        other = expect(dep_session(w, 0).get(_url(w, 0, year - 1 if year == y + 1 else year + 1)), 200)
        check(all(x["id"] != w.poll2 for x in other["attendance"]), "and in no other year", other["attendance"])


def test_record_entries_and_points(ctx):
    """entries count once approved, never when pending or rejected; a decision is made once; the published points
    give each file's year and quarter points, and the clerk's list sorts by them"""
    w = _world(ctx)
    training = _entry(w, dep_session(w, 3), 3, "training", hours=4)
    check(training["status"] == "pending" and training["hours"] == 4 and training["created_by"] == w.dep[3],
          "a pending entry", training)
    contact = _entry(w, dep_session(w, 3), 3, "contact", text="走访社区居民，听取加装电梯意见")
    sugg = _entry(w, dep_session(w, 0), 0, "suggestion", text="建议增设社区养老服务点")
    research = _entry(w, w.clerk, 4, "research", text="参加老旧小区改造专题调研")
    check(research["created_by"] != w.dep[4], "the clerk entered it", research)
    # refusals
    _entry(w, dep_session(w, 1), 0, "training", status=403, code="not_your_record")
    _entry(w, w.officer, 0, "training", status=403, code="forbidden")
    _entry(w, dep_session(w, 0), 0, "training", day=(_today() + datetime.timedelta(days=1)).isoformat(), status=422,
           code="entry_day")
    _entry(w, dep_session(w, 0), 0, "training", day="1999-12-31", status=422, code="entry_day")
    _entry(w, dep_session(w, 0), 0, "training", text="x" * 1001, status=422, code="invalid_value")
    _entry(w, dep_session(w, 0), 0, "training", text="  ", status=422)
    _entry(w, dep_session(w, 0), 0, "vote", status=422)
    _entry(w, dep_session(w, 0), 0, "training", hours=0, status=422)
    # pending entries do not count
    rec = expect(dep_session(w, 3).get(_url(w, 3)), 200)
    check(len(rec["entries"]) == 2 and rec["totals"] == _expected(w.log, w.dep[3], w.year), "pending: no count", rec)
    pending, n = list_all(w.clerk, "/api/v1/congresses/%d/record-entries?status=pending" % w.congress)
    check(n == 4 and [e["id"] for e in pending] == [training["id"], contact["id"], sugg["id"], research["id"]],
          "the clerk's pending list", pending)
    lst = expect(w.clerk.get("/api/v1/congresses/%d/records?year=%d" % (w.congress, w.year)), 200)
    check({x["deputy_id"]: x["pending"] for x in lst["items"]} == {w.dep[0]: 1, w.dep[1]: 0, w.dep[2]: 0,
                                                                    w.dep[3]: 2, w.dep[4]: 1}, "pending per deputy", lst)
    # decisions
    base = "/api/v1/record-entries/%d/"
    expect(dep_session(w, 3).post(base % training["id"] + "approve", {}), 403, "forbidden", what="a deputy approves")
    expect(w.officer.post(base % training["id"] + "approve", {}), 403, "forbidden", what="a unit approves")
    ok = expect(w.clerk.post(base % training["id"] + "approve", {}), 200, what="approve")
    check(ok["status"] == "approved" and ok["decided_at"], "approved", ok)
    expect(w.clerk.post(base % training["id"] + "approve", {}), 409, "entry_decided", what="approve twice")
    expect(w.clerk.post(base % contact["id"] + "reject", {}), 400, "missing_field", what="reject without reason")
    no = expect(w.clerk.post(base % contact["id"] + "reject", {"reason": "未附走访记录"}), 200, what="reject")
    check(no["status"] == "rejected" and no["reason"] == "未附走访记录", "rejected", no)
    expect(w.clerk.post(base % contact["id"] + "approve", {}), 409, "entry_decided", what="approve a rejected one")
    expect(w.clerk.post(base % 999999 + "approve", {}), 404, what="no such entry")
    for e in (sugg, research):
        expect(w.clerk.post(base % e["id"] + "approve", {}), 200)
    w.log += [(w.dep[3], "training", w.today), (w.dep[0], "suggestion", w.today), (w.dep[4], "research", w.today)]
    rec = expect(dep_session(w, 3).get(_url(w, 3)), 200)
    check(rec["totals"] == _expected(w.log, w.dep[3], w.year), "approved counts, rejected does not", rec["totals"])
    check({e["id"]: e["status"] for e in rec["entries"]} == {training["id"]: "approved", contact["id"]: "rejected"},
          "the file shows both entries with their status", rec["entries"])

    # points: none yet, then published
    purl = "/api/v1/congresses/%d/record-points" % w.congress
    pts = expect(Session(w.srv.base).get(purl), 200, what="the public reads the points")
    check(pts["enabled"] is False and "未设" in pts["words"]["zh"], "no points yet", pts)
    body = {"points": [{"kind": k, "points": v} for k, v in POINTS.items()]}
    expect(dep_session(w, 0).put(purl, body), 403, "forbidden", what="a deputy sets points")
    expect(w.clerk.put(purl, {"points": body["points"] + [{"kind": "vote", "points": 5}]}), 422, "points_kind_twice")
    expect(w.clerk.put(purl, {"points": [{"kind": "vote", "points": 101}]}), 422, "invalid_value")
    expect(w.clerk.put(purl, {"points": [{"kind": "nap", "points": 1}]}), 422)
    pts = expect(w.clerk.put(purl, body), 200, what="publish points")
    check(pts["enabled"] and {p["kind"]: p["points"] for p in pts["points"]} == dict({"other": 0}, **POINTS),
          "the points", pts)
    check("出席会议每次 2 分" in pts["words"]["zh"] and "2 for each session attended" in pts["words"]["en"],
          "the rule in words", pts["words"])
    for i in range(5):
        rec = expect(w.clerk.get(_url(w, i)), 200)
        check(rec["totals"] == _expected(w.log, w.dep[i], w.year, POINTS), "deputy %d's points" % i, rec["totals"],
              _expected(w.log, w.dep[i], w.year, POINTS))
    lst = expect(w.clerk.get("/api/v1/congresses/%d/records?year=%d&sort=points" % (w.congress, w.year)), 200)
    got = [x["totals"]["points"] for x in lst["items"]]
    check(got == sorted(got, reverse=True) and got[0] == _expected(w.log, w.dep[0], w.year, POINTS)["points"],
          "sorted by points, most first", got)
    expect(w.clerk.get("/api/v1/congresses/%d/records?sort=age" % w.congress), 400, "invalid_query")
    # no points again
    check(expect(w.clerk.put(purl, {"points": []}), 200)["enabled"] is False, "points off")
    check(expect(w.clerk.get(_url(w, 0)), 200)["totals"]["points"] is None, "no points in a file")
    # every write is audited
    audit, _ = list_all(w.admin, "/api/v1/audit?congress_id=%d" % w.congress)
    actions = [a["action"] for a in audit]
    check(actions.count("record.entry") == 4 and actions.count("record.approve") == 3 and
          actions.count("record.reject") == 1 and actions.count("record.points") == 2, "the audit log", actions)


def test_record_access(ctx):
    """a deputy reads its own file only; the clerk any of its congress; a unit officer, another congress's deputy
    or clerk, and the anonymous none; a user who is no deputy has no file"""
    w = _world(ctx)
    expect(dep_session(w, 1).get(_url(w, 0)), 403, "not_your_record", what="another deputy's file")
    expect(dep_session(w, 1).get("/api/v1/congresses/%d/records" % w.congress), 403, "forbidden",
           what="a deputy lists every file")
    expect(w.officer.get(_url(w, 0)), 403, "forbidden", what="a unit officer")
    expect(w.officer.get("/api/v1/congresses/%d/records" % w.congress), 403, "forbidden")
    expect(Session(w.srv.base).get(_url(w, 0)), 401, "unauthenticated")
    admin = admin_session(w.srv)
    other = build_world(ctx, n_deputies=1, srv=w.srv, admin=admin, open_poll=False)
    expect(dep_session(other, 0).get(_url(w, 0)), 403, "forbidden", what="a deputy of another congress")
    expect(other.clerk.get(_url(w, 0)), 403, "forbidden", what="another congress's clerk")
    expect(other.clerk.get("/api/v1/congresses/%d/record-entries" % w.congress), 403, "forbidden")
    expect(w.clerk.get("/api/v1/deputies/%d/record" % w.officer.user["id"] if w.officer.user else
                       "/api/v1/deputies/999999/record"), 404, "not_a_deputy_record", what="no deputy")
    check(expect(w.clerk.get("/api/v1/deputies/%d/record" % w.dep[0]), 200)["year"] == w.year, "this year by default")
    expect(w.clerk.get(_url(w, 0, 1999)), 400, "invalid_query", what="a year out of range")
    # a new deputy without any activity has an empty file
    new = import_deputies(w.clerk, w.congress, make_deputies(1))[0]
    s = login_session(w.srv, new["login"], new["password"])
    rec = expect(s.get("/api/v1/deputies/%d/record" % new["id"]), 200)
    check(all(rec[k] == [] for k in ("attendance", "votes", "inspections", "letters", "groups", "entries")),
          "an empty file", rec)
