"""Target lists (issue 17): a congress's task list of a year imported from CSV — every faulty line listed and nothing
saved until the file is clean — decomposed three levels deep; the lead units report their indicators' values, the
staff accept or return them; each task's progress, plan and light (on a test clock) and their roll-up equal to a
computation made here on its own, averaged and weighted; the list exported as XLSX and PDF, row for row the API's
tree."""
import datetime
import io
import os
import re
import subprocess
import zipfile
from fractions import Fraction

from client import Session
from harness import admin_session, check, create_congress, create_user, expect, list_all, login_session, uniq
from test_progress_report import XLSX_TYPE, read_xlsx

CSV = ("code,parent_code,title,indicator,measure,direction,baseline,target,weight,deadline,lead_unit,co_units,official\n"
       "1,,稳增长,,,,,,2,2026-12-31,,,\n"
       "1.1,1,新增城镇就业,城镇新增就业人数,万人,up,0,5,3,2026-12-31,市人力资源和社会保障局,市财政局、市发展和改革委员会,王副市长\n"
       "1.2,1,降低PM2.5浓度,PM2.5年均浓度,微克/立方米,down,40,35,1,2026-12-31,市生态环境局,,李副市长\n"
       "2,,惠民生,,,,,,1,2026-12-31,,,\n"
       "2.1,2,新建学校,新建中小学,所,up,0,4,1,2026-06-30,市教育局,,张副市长\n"
       "2.1.1,2.1,江北区新建学校,新建中小学,所,up,0,2,1,2026-06-30,市教育局,,张副市长\n"
       "2.1.2,2.1,江南区新建学校,新建中小学,所,up,0,2,1,2026-09-30,市教育局,,张副市长\n")


def _world(ctx, today="2026-07-01", rollup=None):
    srv = ctx.new_server(env={"MINSHENG_TODAY": today})
    admin = admin_session(srv)
    city = create_congress(admin)
    n = uniq()
    create_user(admin, "tg-clerk%d" % n, "tg-pass-%d" % n, "秘书", ["clerk"], city)
    clerk = login_session(srv, "tg-clerk%d" % n, "tg-pass-%d" % n)
    units = {}
    for name in ("市人力资源和社会保障局", "市财政局", "市发展和改革委员会", "市生态环境局", "市教育局"):
        units[name] = expect(clerk.post("/api/v1/congresses/%d/units" % city, {"name": name}), 201)["id"]
    officers = {}
    for name in ("市生态环境局", "市教育局"):
        login = "tg-unit%d-%d" % (n, units[name])
        create_user(clerk, login, "unit-pass-%d" % n, "科长", ["unit"], city, units[name])
        officers[name] = login_session(srv, login, "unit-pass-%d" % n)
    body = {"year": 2026, "title": "2026年政府工作报告重点任务清单"}
    if rollup:
        body["rollup"] = rollup
    lst = expect(clerk.post("/api/v1/congresses/%d/target-lists" % city, body), 201, what="a list")
    return srv, admin, clerk, city, units, officers, lst["id"]


def _second(srv, admin, city):
    """Another clerk of the congress: the four eyes that accept what one clerk filed, or approve what one proposed."""
    n = uniq()
    create_user(admin, "tg-second%d" % n, "tg-pass2-%d" % n, "审核人", ["clerk"], city)
    return login_session(srv, "tg-second%d" % n, "tg-pass2-%d" % n)


def _import(clerk, lid, csv, dry_run=None):
    b = {"csv": csv}
    if dry_run is not None:
        b["dry_run"] = dry_run
    return clerk.post("/api/v1/target-lists/%d/import" % lid, b)


def test_import_every_fault_listed(ctx):
    """a file with faulty lines is refused whole, every fault with its line and field; the clean file makes the
    tree three levels deep, a dry run first saving nothing"""
    srv, admin, clerk, city, units, officers, lid = _world(ctx)
    bad = ("code,parent_code,title,baseline,target,weight,deadline,lead_unit,direction\n"
           "1,,好任务,0,10,1,2026-12-31,市教育局,up\n"  # 2 good
           "1,,重复编号,0,1,1,,,up\n"  # 3 code repeats line 2
           "2,9,上级不在前面,0,1,1,,,up\n"  # 4 parent not before
           "3,,数值不对,0,12万,1,,,up\n"  # 5 target not a number
           "4,,年度之外,0,1,1,2027-01-01,,up\n"  # 6 deadline outside the year
           "5,,单位不明,0,1,1,,不存在的局,up\n"  # 7 unknown unit
           "6,,权重为零,0,1,0,,,up\n"  # 8 weight 0
           "7,,方向不明,0,1,1,,,sideways\n"  # 9 direction
           "8,,,0,1,1,,,up\n")  # 10 no title
    r = expect(_import(clerk, lid, bad), 422, "invalid_csv", what="faulty lines")
    got = sorted((e["line"], e["field"]) for e in r["error"]["details"]["errors"])
    want = sorted([(3, "code"), (4, "parent_code"), (5, "target"), (6, "deadline"), (7, "lead_unit"), (8, "weight"),
                   (9, "direction"), (10, "title")])
    check(got == want, "every fault with its line: %r, want %r" % (got, want), r["error"]["details"]["errors"])
    check(expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"] == [], "nothing saved")
    dry = expect(_import(clerk, lid, CSV, dry_run=True), 200, what="a dry run")
    check(dry["dry_run"] and len(dry["rows"]) == 7, "a dry run previews every row", dry)
    check(expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"] == [], "a dry run saves nothing")
    expect(_import(clerk, lid, CSV), 201, what="the clean file")
    items = expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]
    by = {t["code"]: t for t in items}
    check([t["code"] for t in items] == ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2"], "in tree order", items)
    check(by["2.1.1"]["depth"] == 2 and by["2.1.1"]["parent_id"] == by["2.1"]["id"] and by["2.1"]["subtasks"] == 2,
          "three levels deep", by["2.1.1"])
    check(by["1.1"]["co_units"] == [units["市财政局"], units["市发展和改革委员会"]]
          and by["1.1"]["co_unit_names"] == ["市财政局", "市发展和改革委员会"] and by["1.1"]["official"] == "王副市长"
          and by["1.2"]["direction"] == "down" and by["1.2"]["baseline"] == "40", "the fields kept", by["1.1"])
    expect(_import(clerk, lid, CSV), 422, "invalid_csv", what="the same codes again")
    anon = Session(srv.base)
    expect(anon.get("/api/v1/target-lists/%d" % lid), 404, "not_found", what="a draft, publicly")
    check(list_all(anon, "/api/v1/congresses/%d/target-lists" % city)[0] == [] if False else
          expect(anon.get("/api/v1/congresses/%d/target-lists" % city), 200)["items"] == [], "no draft listed")


def _expected(tasks, values, rollup, today, start=datetime.date(2026, 1, 1)):
    """Each task's progress, plan and light, computed here: {code: (progress, planned, light)}."""
    kids = {}
    for t in tasks:
        kids.setdefault(t["parent"], []).append(t["code"])
    out = {}

    def leaf(t):
        v = values.get(t["code"])
        if v is None:
            return Fraction(0)
        b, g = Fraction(t["baseline"]), Fraction(t["target"])
        if g == b:
            return Fraction(int(v >= g if t["direction"] == "up" else v <= g))
        share = (v - b) / (g - b)
        return min(max(share, Fraction(0)), Fraction(1))

    def plan(t):
        d = datetime.date.fromisoformat(t["deadline"])
        if today >= d:
            return Fraction(1)
        return Fraction((today - start).days, (d - start).days)

    def walk(code):
        t = next(x for x in tasks if x["code"] == code)
        if code not in kids:
            p, q = leaf(t), plan(t)
        else:
            parts = [walk(k) + (next(x for x in tasks if x["code"] == k)["weight"],) for k in kids[code]]
            w = [x[2] if rollup == "weighted" else 1 for x in parts]
            p = sum(x[0] * wi for x, wi in zip(parts, w)) / sum(w)
            q = sum(x[1] * wi for x, wi in zip(parts, w)) / sum(w)
        behind = (q - p) * 100
        light = "blue" if p >= 1 else "red" if behind > 25 else "yellow" if behind > 10 else "green"
        out[code] = (p, q, light)
        return p, q

    for top in kids.get(None, []):
        walk(top)
    return out


TASKS = [
    {"code": "1", "parent": None, "weight": 2, "deadline": "2026-12-31", "baseline": 0, "target": 0, "direction": "up"},
    {"code": "1.1", "parent": "1", "weight": 3, "deadline": "2026-12-31", "baseline": 0, "target": 5, "direction": "up"},
    {"code": "1.2", "parent": "1", "weight": 1, "deadline": "2026-12-31", "baseline": 40, "target": 35,
     "direction": "down"},
    {"code": "2", "parent": None, "weight": 1, "deadline": "2026-12-31", "baseline": 0, "target": 0, "direction": "up"},
    {"code": "2.1", "parent": "2", "weight": 1, "deadline": "2026-06-30", "baseline": 0, "target": 4, "direction": "up"},
    {"code": "2.1.1", "parent": "2.1", "weight": 1, "deadline": "2026-06-30", "baseline": 0, "target": 2,
     "direction": "up"},
    {"code": "2.1.2", "parent": "2.1", "weight": 1, "deadline": "2026-09-30", "baseline": 0, "target": 2,
     "direction": "up"},
]


def _check_tree(items, values, rollup, today):
    want = _expected(TASKS, values, rollup, today)
    for t in items:
        p, q, light = want[t["code"]]
        got_p = Fraction(t["progress"]["exact"])
        got_q = Fraction(t["planned"]["exact"])
        check(got_p == p and got_q == q and t["light"] == light,
              "task %s: progress %s plan %s light %s, computed %s %s %s" % (t["code"], got_p, got_q, t["light"], p, q,
                                                                            light), t)


def _report(sess, task, value, evidence="统计数据", status=201, code=None):
    return expect(sess.post("/api/v1/target-tasks/%d/reports" % task, {"value": value, "evidence": evidence}), status,
                  code, what="report %s" % value)


def _flow(ctx, rollup):
    srv, admin, clerk, city, units, officers, lid = _world(ctx, rollup=rollup)
    expect(_import(clerk, lid, CSV), 201)
    by = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}
    _report(officers["市教育局"], by["2.1.1"]["id"], "1", status=404, code="not_found")  # a draft: the staff's alone
    _report(clerk, by["2.1.1"]["id"], "1", status=409, code="target_not_published")
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lid, {}), 200, what="publish")
    expect(clerk.post("/api/v1/target-lists/%d/tasks" % lid, {"code": "9", "title": "迟到的任务"}), 409,
           "target_published", what="a task after publishing")
    edu, env = officers["市教育局"], officers["市生态环境局"]
    second = _second(srv, admin, city)
    _report(edu, by["2.1"]["id"], "4", status=409, code="target_has_subtasks")
    _report(env, by["2.1.1"]["id"], "2", status=403, code="target_not_lead")
    _report(edu, by["2.1.1"]["id"], "2.5万", status=422, code="target_value")
    accepted = {}
    for code, value, keep in (("2.1.1", "2", True), ("2.1.2", "1", True), ("1.2", "38.5", True), ("1.2", "36", False),
                              ("1.1", "3.2", True)):
        sess = env if code == "1.2" else edu if code.startswith("2") else clerk
        rep = _report(sess, by[code]["id"], value)["items"][0]
        if keep and sess is clerk:
            expect(clerk.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 409, "target_report_self",
                   what="accepted by who filed it")
        if keep:
            expect(second.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 200, what="accept")
            accepted[code] = Fraction(value)
        else:
            expect(clerk.post("/api/v1/target-reports/%d/return" % rep["id"], {}), 422, "target_note_needed")
            expect(clerk.post("/api/v1/target-reports/%d/return" % rep["id"], {"note": "无监测报告"}), 200)
            expect(clerk.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 409, "target_report_state")
    lst = expect(Session(srv.base).get("/api/v1/target-lists/%d" % lid), 200, what="the published list, publicly")
    _check_tree(lst["items"], accepted, rollup, datetime.date(2026, 7, 1))
    check(("加权" in lst["rule"]["zh"]) == (rollup == "weighted"), "the rule in words says the roll-up", lst["rule"])
    pub = expect(Session(srv.base).get("/api/v1/target-tasks/%d/reports" % by["1.2"]["id"]), 200)["items"]
    check([r["value"] for r in pub] == ["38.5"], "the public reads the accepted values only", pub)
    # the lights over time: the same records on later days
    for day in ("2026-09-01", "2026-12-31"):
        later = ctx.add_server(srv.db, env={"MINSHENG_TODAY": day}, name="later-" + day)
        items = expect(Session(later.base).get("/api/v1/target-lists/%d" % lid), 200)["items"]
        _check_tree(items, accepted, rollup, datetime.date.fromisoformat(day))
        later.stop()
    audit, _ = list_all(admin, "/api/v1/audit?congress_id=%d" % city)
    check(sum(a["action"] == "target.accept" for a in audit) == 4 and any(a["action"] == "target.return" for a in audit),
          "every decision audited")


def test_progress_averaged(ctx):
    """published, reported, accepted or returned: every task's progress, plan and light (on 1 July, 1 September and
    31 December) equal the computation made here, the parents averaging their sub-tasks"""
    _flow(ctx, None)


def test_progress_weighted(ctx):
    """the same with the parents weighting their sub-tasks by weight"""
    _flow(ctx, "weighted")


def test_changes_versioned(ctx):
    """a published task's target changes only by a proposal with its reason approved by someone else: the values
    before kept, the version counted, one proposal at a time, the progress measured against the new target"""
    srv, admin, clerk, city, units, officers, lid = _world(ctx)
    expect(_import(clerk, lid, CSV), 201)
    by = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}
    task = by["1.1"]["id"]
    url = "/api/v1/target-tasks/%d/changes" % task
    expect(clerk.post(url, {"target": "6", "reason": "上调"}), 409, "target_not_published", what="a draft's change")
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lid, {}), 200)
    second = _second(srv, admin, city)
    rep = _report(clerk, task, "3")["items"][0]
    expect(second.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 200)
    expect(clerk.post(url, {"target": "5", "reason": "不变"}), 422, "target_change_empty", what="no change")
    expect(clerk.post(url, {"deadline": "2027-03-01", "reason": "延期"}), 422, "target_deadline", what="another year")
    ch = expect(clerk.post(url, {"target": "6", "weight": 4, "reason": "经市政府常务会议研究，上调年度目标"}), 201)["items"][0]
    check(ch["state"] == "proposed" and ch["before_target"] == "5" and ch["target"] == "6" and ch["before_weight"] == 3,
          "the proposal with the values before", ch)
    expect(clerk.post(url, {"target": "7", "reason": "再调"}), 409, "target_change_pending", what="a second one")
    expect(clerk.post("/api/v1/target-changes/%d/approve" % ch["id"], {}), 409, "target_change_self",
           what="approved by who proposed it")
    item = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}["1.1"]
    check(item["target"] == "5" and item["version"] == 1 and item["changes_waiting"] == 1, "unchanged until approved", item)
    expect(second.post("/api/v1/target-changes/%d/approve" % ch["id"], {"note": "同意"}), 200, what="approved")
    expect(second.post("/api/v1/target-changes/%d/refuse" % ch["id"], {}), 409, "target_change_state")
    item = {t["code"]: t for t in expect(Session(srv.base).get("/api/v1/target-lists/%d" % lid), 200)["items"]}["1.1"]
    check(item["target"] == "6" and item["weight"] == 4 and item["version"] == 2 and item["changes_waiting"] == 0,
          "the task takes the change", item)
    check(Fraction(item["progress"]["exact"]) == Fraction(3, 6), "the progress against the new target", item)
    ch2 = expect(clerk.post(url, {"deadline": "2026-11-30", "reason": "提前"}), 201)["items"][0]
    expect(second.post("/api/v1/target-changes/%d/refuse" % ch2["id"], {"note": "不同意"}), 200)
    hist = expect(Session(srv.base).get(url), 200)["items"]
    check([(h["state"], h["version"]) for h in hist] == [("refused", None), ("approved", 2)],
          "the history, newest first, public", hist)
    item = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}["1.1"]
    check(item["deadline"] == "2026-12-31" and item["version"] == 2, "a refused change changes nothing", item)


def test_tasks_in_unit_assessment(ctx):
    """the target-list tasks are one more component of the unit assessment: per unit, the tasks without sub-tasks it
    leads due in the period, and those whose latest value accepted as reported by the deadline reaches the target —
    each traced to its task and report, counted here on its own; weighted once the congress gives it a weight"""
    srv, admin, clerk, city, units, officers, lid = _world(ctx, today="2026-12-31")
    expect(_import(clerk, lid, CSV), 201)
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lid, {}), 200)
    by = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}
    filed = [("2.1.1", "2", "2026-06-28"), ("2.1.2", "1", "2026-07-01"), ("2.1.2", "2", "2026-10-08"),
             ("1.2", "38.5", "2026-12-01"), ("1.1", "5.1", "2026-12-20")]
    second = _second(srv, admin, city)
    for code, value, on in filed:
        rep = expect(clerk.post("/api/v1/target-tasks/%d/reports" % by[code]["id"],
                                {"value": value, "evidence": "数据", "on": on}), 201)["items"][0]
        expect(second.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 200)
    # computed here: the leaves, their deadlines, the last value reported by the deadline
    leaves = {"1.1": ("市人力资源和社会保障局", "2026-12-31", "up", Fraction(5)),
              "1.2": ("市生态环境局", "2026-12-31", "down", Fraction(35)),
              "2.1.1": ("市教育局", "2026-06-30", "up", Fraction(2)),
              "2.1.2": ("市教育局", "2026-09-30", "up", Fraction(2))}
    want = {}
    for code, (unit, deadline, direction, target) in leaves.items():
        vals = [Fraction(v) for c, v, on in filed if c == code and on <= deadline]
        met = bool(vals) and (vals[-1] >= target if direction == "up" else vals[-1] <= target)
        n, d = want.get(unit, (0, 0))
        want[unit] = (n + met, d + 1)
    check(want == {"市人力资源和社会保障局": (1, 1), "市生态环境局": (0, 1), "市教育局": (1, 2)}, "the test's own count", want)
    for unit, (n, d) in want.items():
        a = expect(Session(srv.base).get("/api/v1/units/%d/assessment?year=2026" % units[unit]), 200)
        comp = next(c for c in a["unit"]["components"] if c["key"] == "tasks")
        check((comp["num"], comp["den"]) == (n, d), "%s: tasks %s, want %d/%d" % (unit, comp, n, d))
        check(len(a["records"]["tasks"]) == d and sum(r["met"] for r in a["records"]["tasks"]) == n,
              "traced to its tasks", a["records"]["tasks"])
    edu = expect(Session(srv.base).get("/api/v1/units/%d/assessment?year=2026" % units["市教育局"]), 200)
    rec = {r["code"]: r for r in edu["records"]["tasks"]}
    check(rec["2.1.2"]["value"] == "1" and not rec["2.1.2"]["met"] and rec["2.1.1"]["met"],
          "the value reported after the deadline does not count", rec)
    # weight 0 by default: the score is as before; with a weight it counts
    s = expect(clerk.get("/api/v1/congresses/%d/assessment-settings" % city), 200)
    check(s["tasks"] == 0, "no weight until the congress gives one", s)
    body = {k: s[k] for k in ("on_time", "delivery", "satisfaction", "response_rate", "resolution_rate",
                              "casework_satisfaction", "excellent_min", "good_min", "pass_min")}
    expect(clerk.put("/api/v1/congresses/%d/assessment-settings" % city, dict(body, tasks=40)), 200)
    expect(clerk.put("/api/v1/congresses/%d/assessment-settings" % city, body), 200, what="tasks absent: kept")
    check(expect(clerk.get("/api/v1/congresses/%d/assessment-settings" % city), 200)["tasks"] == 40, "kept")
    a = expect(Session(srv.base).get("/api/v1/units/%d/assessment?year=2026" % units["市教育局"]), 200)
    check(Fraction(a["unit"]["score"]) == 50, "the education bureau scores 100 × 1/2 on its only component", a["unit"])


def test_drafts_days_and_directions(ctx):
    """a draft's tasks are its staff's alone (their reports and changes too); a report dated before the list's year is
    refused, and a value measured earlier never replaces a later one; an indicator's target on the wrong side of its
    baseline, and co-operating units repeated or including the lead unit, are refused"""
    srv, admin, clerk, city, units, officers, lid = _world(ctx)
    expect(_import(clerk, lid, CSV), 201)
    by = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}
    anon, env = Session(srv.base), officers["市生态环境局"]
    for path in ("reports", "changes"):
        expect(anon.get("/api/v1/target-tasks/%d/%s" % (by["1.2"]["id"], path)), 404, "not_found",
               what="a draft task's %s, publicly" % path)
    r = expect(officers["市教育局"].post("/api/v1/target-tasks/%d/reports" % by["1.2"]["id"],
                                      {"value": "1", "evidence": "x"}), 404, "not_found", what="a draft, another unit")
    check("target" not in r["error"]["message"] or "list" not in r["error"]["message"], "no list title told", r)
    bad = [({"code": "9", "title": "方向不符", "direction": "up", "baseline": "10", "target": "5"}, "target_direction"),
           ({"code": "9", "title": "方向不符", "direction": "down", "baseline": "5", "target": "10"}, "target_direction"),
           ({"code": "9", "title": "重复配合", "lead_unit_id": units["市教育局"],
             "co_unit_ids": [units["市财政局"], units["市财政局"]]}, "target_co_units"),
           ({"code": "9", "title": "牵头兼配合", "lead_unit_id": units["市教育局"], "co_unit_ids": [units["市教育局"]]},
            "target_co_units")]
    for body, code in bad:
        expect(clerk.post("/api/v1/target-lists/%d/tasks" % lid, body), 422, code, what=code)
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lid, {}), 200)
    expect(anon.get("/api/v1/target-tasks/%d/reports" % by["1.2"]["id"]), 200, what="published: public")
    url = "/api/v1/target-tasks/%d/reports" % by["1.2"]["id"]
    expect(env.post(url, {"value": "36", "evidence": "x", "on": "2025-12-31"}), 422, "target_on_year",
           what="before the list's year")
    second = _second(srv, admin, city)
    for value, on in (("36", "2026-06-30"), ("39", "2026-03-31")):  # the earlier measurement accepted last
        rep = expect(env.post(url, {"value": value, "evidence": "监测", "on": on}), 201)["items"][0]
        expect(second.post("/api/v1/target-reports/%d/accept" % [x for x in expect(env.get(url), 200)["items"]
                                                                  if x["reported_on"] == on][0]["id"], {}), 200)
    item = {t["code"]: t for t in expect(anon.get("/api/v1/target-lists/%d" % lid), 200)["items"]}["1.2"]
    check(item["value"] == "36" and item["value_on"] == "2026-06-30", "the latest measurement counts", item)
    expect(clerk.post("/api/v1/target-tasks/%d/changes" % by["1.2"]["id"], {"target": "45", "reason": "x"}), 422,
           "target_direction", what="a downward target raised above its baseline")


LIGHT_ZH = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "blue": "蓝灯（已完成）"}


def _tree_order(items):
    """The tasks in tree order (each task, then its sub-tasks by id) with their number paths: [(path, task)]."""
    kids = {}
    for t in sorted(items, key=lambda t: t["id"]):
        kids.setdefault(t["parent_id"], []).append(t)
    out = []

    def walk(parent, prefix):
        for n, t in enumerate(kids.get(parent, []), 1):
            path = "%s%d" % (prefix, n)
            out.append((path, t))
            walk(t["id"], path + ".")

    walk(None, "")
    return out


def _xlsx_rows(cells, first):
    """The table's rows from row first on: [{column letter: value}] until a row without a number path."""
    rows, r = [], first
    while ("A%d" % r) in cells:
        rows.append({c: cells.get("%s%d" % (c, r)) for c in "ABCDEFGHIJKLM"})
        r += 1
    return rows


def _check_xlsx(r, lst):
    check(r.status == 200 and r.header("Content-Type") == XLSX_TYPE, "an XLSX", r.describe(200))
    check("minsheng-target-list-%d-2026.xlsx" % lst["id"] in (r.header("Content-Disposition") or ""), "its name",
          r.header("Content-Disposition"))
    book = read_xlsx(r.body)
    check(list(book) == ["任务清单"], "one sheet 任务清单", list(book))
    cells = book["任务清单"]
    check(cells["B2"] == lst["congress_name"] and cells["B3"] == 2026.0 and cells["B4"] == lst["title"]
          and cells["B5"] == (lst["published_at"][:10] if lst["published_at"] else "未发布（草稿）")
          and cells["B6"] == lst["rule"]["zh"] and cells["A1"] == "%s %s" % (lst["congress_name"], lst["title"]), "the head: congress, year (a number), "
          "title, published day, the roll-up in words", cells)
    heads = [cells.get("%s9" % c) for c in "ABCDEFGHIJKLM"]
    check(heads == ["编号", "任务", "指标名称", "计量单位", "目标值", "完成值", "完成进度", "计划进度", "预警", "完成时限",
                    "牵头单位", "配合单位", "责任人"], "the header row", heads)
    sheet = zipfile.ZipFile(io.BytesIO(r.body)).read("xl/worksheets/sheet1.xml").decode()
    check(re.search(r'<pane [^>]*ySplit="9"[^>]*state="frozen"', sheet) and "<cols>" in sheet,
          "the header row frozen, the columns' widths set", sheet[:1500])
    rows = _xlsx_rows(cells, 10)
    want = _tree_order(lst["items"])
    check(len(rows) == len(want), "a row a task: %d rows, %d tasks" % (len(rows), len(want)), rows)
    for row, (path, t) in zip(rows, want):
        got = (row["A"], row["B"], row["C"] or "", row["D"] or "", row["E"], row["F"], row["G"], row["H"], row["I"],
               row["J"], row["K"] or "", row["L"] or "", row["M"] or "")
        own = t["subtasks"] == 0 or t["indicator"] != ""  # a parent without an indicator shows no target
        exp = (path, t["title"], t["indicator"], t["measure"], float(t["target"]) if own else None,
               None if t["value"] is None else float(t["value"]), float(t["progress"]["percent"]) / 100,
               float(t["planned"]["percent"]) / 100, LIGHT_ZH[t["light"]], t["deadline"], t["lead_unit_name"] or "",
               "、".join(t["co_unit_names"]), t["official"])
        check(got[:6] == exp[:6] and all(abs(a - b) < 1e-9 for a, b in zip(got[6:8], exp[6:8])) and got[8:] == exp[8:],
              "row %s is task %s: %r, want %r" % (path, t["code"], got, exp))
    return rows


def _pdf_text(ctx, r, name):
    check(r.status == 200 and r.header("Content-Type") == "application/pdf" and r.body.startswith(b"%PDF"), "a PDF",
          r.describe(200))
    check(".pdf" in (r.header("Content-Disposition") or ""), "its name", r.header("Content-Disposition"))
    path = os.path.join(ctx.dir, name)
    with open(path, "wb") as f:
        f.write(r.body)
    info = subprocess.run(["pdfinfo", path], capture_output=True, check=True).stdout.decode()
    check(re.search(r"Page size:\s+841\.\d+ x 595\.\d+|Page size:\s+842 x 595", info), "A4 landscape", info)
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout.decode()


def test_export_xlsx_and_pdf(ctx):
    """GET /target-lists/{id}/export.xlsx and .pdf: a draft's only for its congress's staff (404 to the public, a unit
    officer and another congress's clerk), then public once published; the workbook's rows are the API's tasks in
    tree order (a sub-task added after the others comes under its parent) with their number paths, figures as
    numbers, lights and co-operating units in words; the PDF in Chinese, A4 landscape, its header on every page"""
    srv, admin, clerk, city, units, officers, lid = _world(ctx)
    expect(_import(clerk, lid, CSV), 201)
    by = {t["code"]: t for t in expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)["items"]}
    expect(clerk.post("/api/v1/target-lists/%d/tasks" % lid, {
        "code": "1.3", "parent_id": by["1"]["id"], "title": "稳定粮食生产", "indicator": "粮食播种面积", "measure": "万亩",
        "baseline": "100", "target": "102.5", "lead_unit_id": units["市发展和改革委员会"],
        "co_unit_ids": [units["市生态环境局"], units["市财政局"]], "official": "赵副市长"}), 201, what="a late sub-task")
    lst = expect(clerk.get("/api/v1/target-lists/%d" % lid), 200)
    by = {t["code"]: t for t in lst["items"]}
    check(by["1.1"]["co_unit_names"] == ["市财政局", "市发展和改革委员会"] and by["1.3"]["co_unit_names"] == ["市生态环境局", "市财政局"]
          and by["2"]["co_unit_names"] == [], "the co-operating units' names beside their ids", by["1.1"])
    check([p for p, _ in _tree_order(lst["items"])] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.1.1", "2.1.2"]
          and [t["code"] for t in lst["items"]][3] == "2", "the late sub-task comes last by id, under its parent in "
          "tree order", lst["items"])
    other = create_congress(admin)
    n = uniq()
    create_user(admin, "tg-other%d" % n, "tg-pass-%d" % n, "秘书", ["clerk"], other)
    strangers = {"the public": Session(srv.base), "a unit officer": officers["市教育局"],
                 "another congress's clerk": login_session(srv, "tg-other%d" % n, "tg-pass-%d" % n)}
    for what in ("xlsx", "pdf"):
        for who, sess in strangers.items():
            expect(sess.get("/api/v1/target-lists/%d/export.%s" % (lid, what)), 404, "not_found",
                   what="a draft's %s to %s" % (what, who))
    _check_xlsx(clerk.get("/api/v1/target-lists/%d/export.xlsx" % lid), lst)
    expect(clerk.post("/api/v1/target-lists/%d/publish" % lid, {}), 200)
    second = _second(srv, admin, city)
    for code, value in (("2.1.1", "2"), ("1.2", "38.5"), ("1.3", "101")):
        rep = _report(clerk, by[code]["id"], value)["items"][0]
        expect(second.post("/api/v1/target-reports/%d/accept" % rep["id"], {}), 200)
    anon = Session(srv.base)
    lst = expect(anon.get("/api/v1/target-lists/%d" % lid), 200)
    rows = _check_xlsx(anon.get("/api/v1/target-lists/%d/export.xlsx" % lid), lst)
    check({r["I"] for r in rows} >= {"蓝灯（已完成）", "红灯"} and any(r["F"] == 101.0 for r in rows),
          "lights and values as reported", rows)
    text = _pdf_text(ctx, anon.get("/api/v1/target-lists/%d/export.pdf" % lid), "list.pdf")
    flat = re.sub(r"\s+", "", text)
    for want in [lst["congress_name"], "年度：2026年", lst["title"], "第1页", "完成进度", "蓝灯（已完成）", "市财政局、市发展和改革委员会",
                 "101", "38.5"] + [t["title"] for t in lst["items"]]:
        check(want.replace(" ", "") in flat, "the PDF says %s" % want, text[:2000])
    # a long draft: many pages, each with the header row and its number
    big = expect(clerk.post("/api/v1/congresses/%d/target-lists" % city, {"year": 2026, "title": "长清单"}), 201)["id"]
    csv = "code,parent_code,title,indicator,measure,target\n" + "".join(
        "%d,,第%d项重点任务,指标%d,个,%d\n" % (i, i, i, i) for i in range(1, 61))
    expect(_import(clerk, big, csv), 201)
    expect(anon.get("/api/v1/target-lists/%d/export.pdf" % big), 404, "not_found", what="a draft's PDF, publicly")
    pages = _pdf_text(ctx, clerk.get("/api/v1/target-lists/%d/export.pdf" % big), "big.pdf").split("\f")
    pages = [p for p in pages if p.strip()]
    check(len(pages) >= 2, "more than one page", len(pages))
    for i, p in enumerate(pages, 1):
        flat = re.sub(r"\s+", "", p)
        check("完成进度" in flat and "第%d页" % i in flat, "page %d has the header and its number" % i, p[:600])
    check("第60项重点任务" in re.sub(r"\s+", "", "".join(pages)), "the last task printed")
