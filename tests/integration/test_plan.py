"""政府办、人大督, the plan and the lights (issue 12): the lead unit drafts a project's implementation plan, the clerk
publishes it as a version (every later change a new, immutable version); the congress's warning-light thresholds and
deadlines, printed in words; its holiday calendar; lights judged as time passes (MINSHENG_TODAY, the test clock); a
project turning red gets a supervision task due a number of working days later over the holidays and an adjusted
weekend; an overdue task escalates, and again after the set working days; the unit closes it. Every refusal is a
4xx that changes nothing."""
from client import Session
from harness import (build_world, cast, check, close_poll, create_user, db_exec, dep_session, expect,
                     login_session)

PLAN = {"targets": "完成12个老旧小区加装电梯", "start_on": "2026-03-01", "finish_on": "2026-12-31", "budget": 300,
        "funding": [{"source": "市级财政", "amount": 200}, {"source": "居民自筹", "amount": 100}],
        "milestones": [{"title": "完成设计", "planned_on": "2026-04-30", "percent": 20},
                       {"title": "主体完工", "planned_on": "2026-10-31", "percent": 90}],
        "annual_targets": [{"year": 2026, "target": "全部完工"}]}


ACCEPT = {"accepted_on": "2026-05-26", "note": "经验收，12部电梯全部投入使用，资料齐全，同意验收。"}


class _Delivery:
    pass


def _delivery(ctx, today):
    """A round voted (5 deputies approve the first two of four), closed, in 实施; an officer of the lead unit and
    one of another unit; the server's today is `today`."""
    d = _Delivery()
    w = build_world(ctx, n_deputies=5, costs=(100, 200, 300, 400))
    for i in range(5):
        cast(dep_session(w, i), w.poll, [w.cands[0], w.cands[1]])
    close_poll(w.clerk, w.poll)
    expect(w.clerk.post("/api/v1/cycles/%d/phase" % w.cycle, {"phase": "implement"}), 200, what="implement")
    d.w = w
    d.project = expect(w.clerk.get("/api/v1/cycles/%d/projects" % w.cycle), 200)["items"][0]
    lead = d.project["lead_unit_id"]
    create_user(w.clerk, "lead-officer", "lead-pass-1", "牵头科长", ["unit"], w.congress, lead)
    other = expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "市水务局"}), 201)["id"]
    create_user(w.clerk, "other-officer", "other-pass-1", "他局科长", ["unit"], w.congress, other)
    d.other_unit = other
    d.db = w.srv.db
    d.srv = None
    _at(ctx, d, today)
    return d


def _at(ctx, d, today):
    """The server restarted with today = `today` (the test clock); fresh sessions."""
    if d.srv is None:
        d.w.srv.stop()
    else:
        d.srv.stop()
    d.srv = ctx.add_server(d.db, env={"MINSHENG_TODAY": today}, name="at-" + today)
    d.clerk = login_session(d.srv, d.w.clerk_login, d.w.clerk_password)
    d.unit = login_session(d.srv, "lead-officer", "lead-pass-1")
    d.other = login_session(d.srv, "other-officer", "other-pass-1")
    d.anon = Session(d.srv.base)


def _plan(sess, d, body, status=200, code=None, what="plan"):
    return expect(sess.put("/api/v1/projects/%d/plan" % d.project["id"], body), status, code, what=what)


def test_plan_draft_publish_versions(ctx):
    """the lead unit drafts, the public sees nothing until the clerk publishes version 1 (the project now
    delivers); bad plans are refused field by field and change nothing; only the lead unit or staff edit; an
    unchanged draft is not published again; a change is version 2, version 1 kept and immutable"""
    d = _delivery(ctx, "2026-03-02")
    pid = d.project["id"]
    got = _plan(d.unit, d, PLAN, what="the lead unit drafts")
    check(got["version"] == 0 and got["plan"] is None and got["draft"]["targets"] == PLAN["targets"]
          and got["draft"]["co_unit_ids"] == [], "the draft is saved, nothing published", got)
    pub = expect(d.anon.get("/api/v1/projects/%d/plan" % pid), 200)
    check(pub == {"project_id": pid, "version": 0, "plan": None}, "the public sees no draft", pub)
    bad = [({"finish_on": "2026-02-01"}, "plan_dates"),
           ({"milestones": [{"title": "开工", "planned_on": "2027-01-05", "percent": 10}]}, "milestone_outside"),
           ({"milestones": [{"title": "甲", "planned_on": "2026-06-01", "percent": 50},
                            {"title": "乙", "planned_on": "2026-05-01", "percent": 60}]}, "milestone_order"),
           ({"milestones": [{"title": "甲", "planned_on": "2026-05-01", "percent": 50},
                            {"title": "乙", "planned_on": "2026-06-01", "percent": 40}]}, "milestone_order"),
           ({"funding": [{"source": "市级财政", "amount": 250}]}, "funding_sum"),
           ({"co_unit_ids": [d.project["lead_unit_id"]]}, "co_unit_twice"),
           ({"co_unit_ids": [d.other_unit, d.other_unit]}, "co_unit_twice"),
           ({"annual_targets": [{"year": 2028, "target": "x"}]}, "annual_year"),
           ({"milestones": [{"title": "甲", "planned_on": "2026-05-01", "percent": 101}]}, None),
           ({"budget": -1}, None), ({"start_on": "2026-02-30"}, None), ({"targets": ""}, None)]
    for change, code in bad:
        body = dict(PLAN, **change)
        r = d.unit.put("/api/v1/projects/%d/plan" % pid, body)
        check(400 <= r.status < 500 and (code is None or r.json["error"]["code"] == code),
              "a bad plan %r: want %s" % (change, code or "a 4xx"), r.describe())
    check(expect(d.unit.get("/api/v1/projects/%d/plan" % pid), 200)["draft"]["budget"] == 300,
          "the refused plans left the draft as it was")
    expect(d.other.put("/api/v1/projects/%d/plan" % pid, PLAN), 403, "not_lead_unit", what="another unit")
    deputy = login_session(d.srv, d.w.deputies[0]["login"], d.w.deputies[0]["password"])
    expect(deputy.put("/api/v1/projects/%d/plan" % pid, PLAN), 403, "forbidden", what="a deputy")
    expect(d.unit.post("/api/v1/projects/%d/plan/publish" % pid), 403, "forbidden", what="the unit publishes")
    v1 = expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish")
    check(v1["version"] == 1 and v1["plan"]["budget"] == 300, "version 1 published", v1)
    check(expect(d.anon.get("/api/v1/projects/%d" % pid), 200)["state"] == "delivering", "the project delivers")
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 409, "plan_unchanged", what="again")
    _plan(d.unit, d, dict(PLAN, budget=320, funding=[{"source": "市级财政", "amount": 320}]), what="a change")
    check(expect(d.anon.get("/api/v1/projects/%d/plan" % pid), 200)["plan"]["budget"] == 300,
          "the public still sees version 1 until the change is published")
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % pid), 200, what="publish v2")
    versions = expect(d.anon.get("/api/v1/projects/%d/plan/versions" % pid), 200)["items"]
    check([(v["version"], v["plan"]["budget"]) for v in versions] == [(2, 320), (1, 300)]
          and versions[0]["published_by_name"], "both versions, newest first, with who published", versions)
    err = db_exec(d.db, "UPDATE plan_version SET plan = '{}' WHERE project_id = %d" % pid)
    check(err is not None, "a published version could be changed in the database")
    err = db_exec(d.db, "DELETE FROM plan_version WHERE project_id = %d" % pid)
    check(err is not None, "a published version could be deleted in the database")


def test_settings_and_holidays(ctx):
    """the thresholds and deadlines printed in words, set by staff only, bad ones refused; a year of holidays and
    adjusted working days, each kind on the right days of that year, listed once"""
    d = _delivery(ctx, "2026-03-02")
    c = d.w.congress
    s = expect(d.anon.get("/api/v1/congresses/%d/supervision" % c), 200, what="defaults")
    check(s["behind_yellow"] == 10 and s["silent_red"] == 60 and s["task_days"] == 10
          and "10个工作日" in s["words"]["zh"] and "红灯" in s["words"]["zh"] and "red" in s["words"]["en"],
          "the defaults of practice, in words", s)
    body = {k: s[k] for k in ("behind_yellow", "behind_red", "late_yellow", "late_red", "silent_yellow",
                              "silent_red", "task_days", "escalate_days")}
    expect(d.clerk.put("/api/v1/congresses/%d/supervision" % c, dict(body, behind_yellow=40)), 422, "light_setting",
           what="yellow above red")
    expect(d.unit.put("/api/v1/congresses/%d/supervision" % c, body), 403, "forbidden", what="a unit")
    expect(d.clerk.put("/api/v1/congresses/%d/supervision" % c, dict(body, task_days=0)), 422, "invalid_value",
           what="0 days")
    got = expect(d.clerk.put("/api/v1/congresses/%d/supervision" % c, dict(body, silent_red=0)), 200)
    check(got["silent_red"] == 0 and got["words"]["zh"] != s["words"]["zh"], "a check's red turned off, in words",
          got)
    good = {"year": 2026, "days": [{"day": "2026-05-01", "kind": "off", "name": "劳动节"},
                                   {"day": "2026-05-09", "kind": "on", "name": "劳动节调休"}]}
    for change, code in (({"day": "2026-05-02", "kind": "off"}, "holiday_kind"),
                         ({"day": "2026-05-11", "kind": "on"}, "holiday_kind"),
                         ({"day": "2027-05-04", "kind": "off"}, "holiday_year"),
                         ({"day": "2026-05-01", "kind": "off"}, "holiday_twice")):
        expect(d.clerk.put("/api/v1/congresses/%d/holidays" % c, dict(good, days=good["days"] + [change])), 422, code,
               what="holiday %r" % change)
    expect(d.clerk.put("/api/v1/congresses/%d/holidays" % c, good), 200, what="holidays")
    got = expect(d.anon.get("/api/v1/congresses/%d/holidays?year=2026" % c), 200)
    check([(x["day"], x["kind"]) for x in got["days"]] == [("2026-05-01", "off"), ("2026-05-09", "on")],
          "the year's calendar", got)
    expect(d.anon.get("/api/v1/congresses/%d/holidays?year=x" % c), 400, "invalid_query", what="a bad year")


HOLIDAYS = {"year": 2026, "days": [{"day": "2026-05-01", "kind": "off", "name": "劳动节"},
                                   {"day": "2026-05-04", "kind": "off", "name": "劳动节"},
                                   {"day": "2026-05-05", "kind": "off", "name": "劳动节"},
                                   {"day": "2026-05-09", "kind": "on", "name": "劳动节调休"}]}


def _relight(d):
    return expect(d.clerk.post("/api/v1/congresses/%d/lights" % d.w.congress), 200, what="relight")


def _light(d):
    return expect(d.anon.get("/api/v1/projects/%d" % d.project["id"]), 200)["light"]


def test_lights_tasks_and_escalation(ctx):
    """time passes: no report and not started → yellow, then red on the 60th silent day with a task due ten
    working days later over the Labour Day holidays and the adjusted Saturday; one task only; overdue → escalated,
    again five working days later; the lead unit closes it, once"""
    d = _delivery(ctx, "2026-03-02")
    c = d.w.congress
    expect(d.clerk.put("/api/v1/congresses/%d/holidays" % c, HOLIDAYS), 200, what="holidays")
    _plan(d.unit, d, dict(PLAN, milestones=[]))
    expect(d.clerk.post("/api/v1/projects/%d/plan/publish" % d.project["id"]), 200, what="publish")
    check(_light(d) == "yellow", "not started the day after the planned start: yellow")
    _at(ctx, d, "2026-04-29")
    r = _relight(d)
    check(_light(d) == "yellow" and r["tasks_created"] == 0, "59 days silent: still yellow", r)
    _at(ctx, d, "2026-04-30")
    r = _relight(d)
    check(_light(d) == "red" and r["tasks_created"] == 1 and r["changed"] >= 1, "60 days silent: red, a task", r)
    tasks = expect(d.clerk.get("/api/v1/congresses/%d/tasks" % c), 200)["items"]
    check(len(tasks) == 1 and tasks[0]["due_on"] == "2026-05-18" and tasks[0]["level"] == 0
          and tasks[0]["why"]["silent"]["light"] == "red" and not tasks[0]["overdue"],
          "due ten working days on: May 1, 4, 5 off, Saturday May 9 worked", tasks)
    check(_relight(d)["tasks_created"] == 0, "a red project gets one open task, not one a day")
    mine = expect(d.unit.get("/api/v1/congresses/%d/tasks" % c), 200)["items"]
    theirs = expect(d.other.get("/api/v1/congresses/%d/tasks" % c), 200)["items"]
    check(len(mine) == 1 and theirs == [], "each unit sees its own tasks", mine, theirs)
    _at(ctx, d, "2026-05-19")
    check(_relight(d)["escalated"] == 1, "the day after the due day: escalated")
    t = expect(d.clerk.get("/api/v1/congresses/%d/tasks?state=overdue" % c), 200)["items"]
    check(len(t) == 1 and t[0]["level"] == 1 and t[0]["overdue"], "listed overdue, level 1", t)
    _at(ctx, d, "2026-05-22")
    check(_relight(d)["escalated"] == 0, "three working days later: not yet")
    _at(ctx, d, "2026-05-26")
    check(_relight(d)["escalated"] == 1, "five working days later: again")
    # acceptance (验收) waits for 100 percent and for the task to be done
    pid = d.project["id"]
    accept = "/api/v1/projects/%d/accept" % pid
    expect(d.clerk.post(accept, ACCEPT), 409, "not_complete", what="accepted before it is complete")
    expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "全部完工，申请验收", "percent_done": 100,
                                                             "spent": 280}), 201, what="reported complete")
    expect(d.clerk.post(accept, ACCEPT), 409, "tasks_open", what="accepted with its task open")
    task = t[0]["id"]
    expect(d.other.post("/api/v1/tasks/%d/done" % task, {"note": "已办"}), 403, "not_lead_unit", what="another unit")
    expect(d.unit.post("/api/v1/tasks/%d/done" % task, {"note": ""}), 422, "invalid_value", what="no note")
    done = expect(d.unit.post("/api/v1/tasks/%d/done" % task, {"note": "已召开推进会，落实施工队伍"}), 200,
                  what="done")
    check(done["done_on"] == "2026-05-26" and done["level"] == 2 and not done["overdue"], "closed", done)
    expect(d.unit.post("/api/v1/tasks/%d/done" % task, {"note": "再次"}), 409, "task_done", what="twice")
    check(expect(d.clerk.get("/api/v1/congresses/%d/tasks?state=open" % c), 200)["total"] == 0, "none open")
    expect(d.clerk.get("/api/v1/congresses/%d/tasks?state=late" % c), 400, "invalid_query", what="a bad state")
    expect(d.unit.post(accept, ACCEPT), 403, "forbidden", what="the unit accepts its own project")
    expect(d.clerk.post(accept, dict(ACCEPT, accepted_on="2026-05-27")), 422, "day_in_future", what="tomorrow")
    expect(d.clerk.post(accept, dict(ACCEPT, note="")), 422, "invalid_value", what="no findings")
    check(_light(d) != "blue", "the refusals finished nothing")
    p = expect(d.clerk.post(accept, ACCEPT), 200, what="accepted")
    check(p["state"] == "finished" and p["light"] == "blue" and p["accepted_on"] == "2026-05-26"
          and p["acceptance"] == ACCEPT["note"], "finished and blue", p)
    expect(d.clerk.post(accept, ACCEPT), 409, "project_finished", what="accepted twice")
    expect(d.unit.post("/api/v1/projects/%d/reports" % pid, {"body": "补充", "percent_done": 100, "spent": 290}), 409,
           "project_finished", what="a report after acceptance")
    check(_relight(d)["changed"] == 0 and _light(d) == "blue", "the light stays blue")
