"""Casework on statutory clocks and deputies' suggestions (issue 14): a demand referred to a unit as a case, its
deadline in working days over the congress's holidays and adjusted weekends (the 2025 National Day holiday), the
wrong-unit return inside and outside its window and the reassignment that restarts the clock, the reply with class,
the resident's rating by tracking code, re-handling after a dissatisfied rating, B and C staying open, escalation at
the third unit and the third redo, overdue lists per congress and per unit, unit officers limited to their unit;
the three rates against a hand count. Suggestions: test_suggestion.py.

Demands come through the intake's own routes (the public form, a deputy's home visit, the station desk); a
resident rates with the tracking code the form answered."""
import datetime

from client import Session
from harness import (admin_session, check, create_congress, create_user, db_query, expect, import_deputies,
                     login_session, make_deputies, uniq)
from liaison_world import take

HOLIDAYS = {"year": 2025, "days": [{"day": "2025-09-28", "kind": "on", "name": "国庆调休"}]
            + [{"day": "2025-10-%02d" % d, "kind": "off", "name": "国庆节"} for d in (1, 2, 3, 6, 7, 8)]
            + [{"day": "2025-10-11", "kind": "on", "name": "国庆调休"}]}


class _W:
    pass


def _world(ctx, today="2025-09-30"):
    w = _W()
    w.srv = ctx.new_server(env={"MINSHENG_TODAY": today})
    w.db = w.srv.db
    w.admin = admin_session(w.srv)
    w.congress = create_congress(w.admin)
    n = uniq()
    create_user(w.admin, "cwclerk%d" % n, "clerk-pass-%d" % n, "王秘书", ["clerk"], w.congress)
    w.clerk_login = ("cwclerk%d" % n, "clerk-pass-%d" % n)
    w.clerk = login_session(w.srv, *w.clerk_login)
    w.units = [expect(w.clerk.post("/api/v1/congresses/%d/units" % w.congress, {"name": "单位%d-%d" % (n, i)}), 201)["id"]
               for i in range(4)]
    w.officers = []
    for i in range(4):
        create_user(w.clerk, "cwoff%d_%d" % (n, i), "off-pass-%d" % i, "科长%d" % i, ["unit"], w.congress, w.units[i])
        w.officers.append(("cwoff%d_%d" % (n, i), "off-pass-%d" % i))
    w.deputies = import_deputies(w.clerk, w.congress, make_deputies(3))
    expect(w.clerk.put("/api/v1/congresses/%d/holidays" % w.congress, HOLIDAYS), 200, what="holidays")
    _sessions(w)
    return w


def _sessions(w):
    w.clerk = login_session(w.srv, *w.clerk_login)
    w.off = [login_session(w.srv, *o) for o in w.officers]
    w.dep = [login_session(w.srv, d["login"], d["password"]) for d in w.deputies]
    w.anon = Session(w.srv.base)


def _at(ctx, w, today):
    """The server restarted with today = `today` (the test clock)."""
    w.srv.stop()
    w.srv = ctx.add_server(w.db, env={"MINSHENG_TODAY": today}, name="at-" + today)
    _sessions(w)


def _demand(w, deputy=None):
    """A resident's demand through the public form, or, given `deputy` (its index), one household of that deputy's
    home visit (addressed to the deputy): its answer, id and tracking code."""
    title, text = "小区电梯故障%d" % uniq(), "三号楼电梯经常停运"
    if deputy is None:
        return take(w.anon, w.congress, title, text)
    return take(w.anon, w.congress, title, text, "visit", visitor=w.dep[deputy])


def _new_case(w, unit=None, case_type="standard"):
    """A demand (the public form) referred by the clerk as a case, assigned at once to `unit` when given: the case
    and the demand's tracking code."""
    d = _demand(w)
    body = dict({"case_type": case_type}, **({"unit_id": unit} if unit else {}))
    return expect(w.clerk.post("/api/v1/demands/%d/cases" % d["id"], body), 201, what="refer demand %d" % d["id"]), \
        d["code"]


def test_case_clock_return_reply_rating(ctx):
    """15 working days across National Day; the wrong-unit return inside the window and the reassignment that
    restarts the clock; officers limited to their unit; the reply A, a dissatisfied rating and the re-handling due
    a month later; a satisfied rating closes it; the three rates by hand"""
    w = _world(ctx)
    s = expect(w.anon.get("/api/v1/congresses/%d/casework-settings" % w.congress), 200)
    check(s["standard_workdays"] == 15 and s["return_workdays"] == 7 and s["reply_months"] == 3
          and s["w_response"] == 30 and "15个工作日" in s["words"]["zh"] and "response" in s["words"]["en"],
          "the defaults of practice, in words", s)
    c, code = _new_case(w, unit=w.units[0])
    check(c["status"] == "assigned" and c["unit_id"] == w.units[0], "assigned at once", c)
    check(c["accept_by"] == "2025-10-16T16:00:00Z", "7 working days across the holiday and 11 October", c)
    check(c["due_at"] == "2025-10-28T16:00:00Z", "15 working days across the holiday", c)
    check(c["clock"] == "on_time" and not c["overdue"], "the clock runs", c)
    cid = c["id"]
    expect(w.off[1].post("/api/v1/casework/%d/accept" % cid, {}), 403, "not_your_case", what="another unit")
    expect(w.off[1].get("/api/v1/casework/%d" % cid), 403, "not_your_case", what="another unit reads")
    got = expect(w.off[0].post("/api/v1/casework/%d/return" % cid, {"reason": "不属本单位职责"}), 200)
    check(got["status"] == "returned" and got["clock"] is None, "returned; the clock stops", got)
    expect(w.off[0].post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "x"}), 409, "case_state",
           what="reply after return")
    _at(ctx, w, "2025-10-10")
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": w.units[1]}), 200)
    check(got["units"] == 2 and got["due_at"] == "2025-10-30T16:00:00Z" and got["started_at"].startswith("2025-10-10"),
          "the next unit's clock starts at its assignment (15 working days from 10 October)", got)
    expect(w.off[0].get("/api/v1/casework/%d" % cid), 200, what="the unit that had it still reads it")
    q = expect(w.off[1].get("/api/v1/units/%d/casework" % w.units[1]), 200)
    check([i["id"] for i in q["items"]] == [cid], "the unit's queue", q)
    expect(w.off[0].get("/api/v1/units/%d/casework" % w.units[1]), 403, "not_your_case", what="another's queue")
    got = expect(w.off[1].post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "已修复"}), 200)
    check(got["status"] == "replied" and got["reply_class"] == "A", "replied A", got)
    r = expect(w.anon.post("/api/v1/track/rating", {"code": code.lower(), "rating": "dissatisfied",
                                                   "comment": "仍然停运"}), 200)
    check(r["casework_id"] == cid, "rated by tracking code", r)
    expect(w.anon.post("/api/v1/track/rating", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "rating": "satisfied"}), 404,
           "track_unknown", what="an unknown code")
    got = expect(w.clerk.get("/api/v1/casework/%d" % cid), 200)
    check(got["redos"] == 1 and got["status"] == "assigned" and got["due_at"] == "2025-11-10T16:00:00Z"
          and got["assignments"][-1]["round"] == "redo", "re-handling, its second reply due a month later", got)
    expect(w.anon.post("/api/v1/track/rating", {"code": code.replace("-", ""), "rating": "satisfied"}), 409, "nothing_to_rate",
           what="no new reply yet")
    expect(w.off[1].post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "已更换主板"}), 200)
    expect(w.anon.post("/api/v1/track/rating", {"code": code.replace("-", ""), "rating": "satisfied"}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % cid), 200)
    check(got["status"] == "closed" and len(got["ratings"]) == 2, "closed after a satisfied rating", got)
    # the three rates of October by hand: unit 1 assigned once in October (accepted by replying in the window:
    # 1/1); nothing of unit 1 fell due by today (10 October) -> no resolution; two ratings, one satisfied: 1/2
    rates = expect(w.anon.get("/api/v1/congresses/%d/casework-rates?year=2025&month=10" % w.congress), 200)
    u1 = [i for i in rates["items"] if i["unit_id"] == w.units[1]][0]
    check(u1["response"]["num"] == 1 and u1["response"]["den"] == 1 and u1["resolution"]["den"] == 0
          and u1["satisfaction"]["num"] == 1 and u1["satisfaction"]["den"] == 2,
          "unit 1: response 1/1, no resolution due, satisfaction 1/2", u1)
    # September: unit 0 assigned on 30 September and returned it in the window: response 1/1
    rates = expect(w.anon.get("/api/v1/congresses/%d/casework-rates?year=2025&month=9" % w.congress), 200)
    u0 = [i for i in rates["items"] if i["unit_id"] == w.units[0]][0]
    check(u0["response"] == {"num": 1, "den": 1, "value": 1.0}, "unit 0: returned in the window counts", u0)


def test_escalation_overdue_and_open(ctx):
    """the third unit escalates; the return window closed; B stays open and is answered again; the third redo
    escalates; the overdue lists per congress and per unit"""
    w = _world(ctx)
    c, code = _new_case(w, unit=w.units[0])
    cid = c["id"]
    expect(w.off[0].post("/api/v1/casework/%d/return" % cid, {"reason": "非本单位"}), 200)
    expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": w.units[1]}), 200)
    expect(w.off[1].post("/api/v1/casework/%d/return" % cid, {"reason": "非本单位"}), 200)
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % cid, {"unit_id": w.units[2],
                                                                   "cohandlers": [w.units[3]]}), 200)
    check(got["escalated"] and got["escalated_why"] == "units" and got["units"] == 3, "escalated at the 3rd unit", got)
    esc = expect(w.clerk.get("/api/v1/congresses/%d/casework?escalated=1" % w.congress), 200)
    check([i["id"] for i in esc["items"]] == [cid], "listed as escalated", esc)
    c2, code2 = _new_case(w, unit=w.units[1], case_type="general")
    check(c2["due_at"] == "2025-10-07T16:00:00Z", "7 calendar days run through the holiday", c2)
    _at(ctx, w, "2025-10-20")
    expect(w.off[2].post("/api/v1/casework/%d/return" % cid, {"reason": "晚了"}), 409, "return_window",
           what="outside the window")
    over = expect(w.clerk.get("/api/v1/congresses/%d/casework?overdue=1" % w.congress), 200)
    check([i["id"] for i in over["items"]] == [c2["id"]] and over["items"][0]["clock"] == "overdue",
          "the congress's overdue list", over)
    mine = expect(w.off[1].get("/api/v1/units/%d/casework?overdue=1" % w.units[1]), 200)
    check([i["id"] for i in mine["items"]] == [c2["id"]], "the unit's overdue list", mine)
    none = expect(w.off[2].get("/api/v1/units/%d/casework?overdue=1" % w.units[2]), 200)
    check(none["items"] == [], "unit 2's case is not overdue (15 working days)", none)
    cohandled = expect(w.off[3].get("/api/v1/units/%d/casework" % w.units[3]), 200)
    check([i["id"] for i in cohandled["items"]] == [cid], "a co-handler sees it in its queue", cohandled)
    expect(w.off[3].post("/api/v1/casework/%d/cohandler-view" % cid, {"unit_id": w.units[3], "view": "同意"}), 200)
    got = expect(w.off[2].post("/api/v1/casework/%d/reply" % cid, {"class": "B", "text": "已列入明年计划"}), 200)
    check(got["status"] == "open", "B stays open", got)
    expect(w.anon.post("/api/v1/track/rating", {"code": code, "rating": "satisfied"}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % cid), 200)
    check(got["status"] == "open", "a satisfied rating does not close a B", got)
    got = expect(w.off[2].post("/api/v1/casework/%d/reply" % cid, {"class": "A", "text": "已解决"}), 200)
    check(got["status"] == "replied" and got["reply_class"] == "A", "answered again when solved", got)
    # three redos on the second case escalate it
    c2id = c2["id"]
    for k in range(3):
        expect(w.off[1].post("/api/v1/casework/%d/reply" % c2id, {"class": "A", "text": "第%d次" % k}), 200)
        expect(w.anon.post("/api/v1/track/rating", {"code": code2, "rating": "dissatisfied"}), 200)
    got = expect(w.clerk.get("/api/v1/casework/%d" % c2id), 200)
    check(got["redos"] == 3 and got["escalated"] and got["escalated_why"] == "redos", "escalated at the 3rd redo", got)


def test_who_refers_a_demand(ctx):
    """a deputy of the demand's station refers it (a demand the clerk took at the station's desk, addressed to the
    station, not to a deputy); a deputy of neither the demand nor its station may not; a unit officer may not; the
    demand is marked and its step recorded"""
    w = _world(ctx)
    d = [x["id"] for x in w.deputies]
    station = expect(w.clerk.post("/api/v1/congresses/%d/stations" % w.congress,
                                  {"kind": "station", "name": "幸福里联络站", "deputy_ids": [d[1]]}), 201, what="station")
    taken = take(w.anon, w.congress, "楼道堆物", "楼道堆放杂物存在消防隐患", "desk", station=station, desk=w.clerk)
    did = taken["id"]
    check(taken["channel"] == "desk", "taken at the desk", taken)
    expect(w.dep[2].post("/api/v1/demands/%d/cases" % did, {"case_type": "urgent"}), 403, "not_your_demand",
           what="a deputy of another station")
    expect(w.off[0].post("/api/v1/demands/%d/cases" % did, {"case_type": "urgent"}), 403, "forbidden",
           what="a unit officer")
    expect(w.dep[1].post("/api/v1/demands/%d/cases" % did, {"case_type": "urgent", "unit_id": w.units[0]}), 403,
           "not_your_demand", what="a deputy assigning a unit")
    c = expect(w.dep[1].post("/api/v1/demands/%d/cases" % did, {"case_type": "urgent"}), 201)
    check(c["status"] == "filed" and c["unit_id"] is None and c["clock"] is None, "filed with the clerk, no clock", c)
    rows = db_query(w.db, "SELECT status FROM demand WHERE id = ?", (did,))
    check(rows[0][0] == "case", "the demand marked", rows)
    got = expect(w.clerk.post("/api/v1/casework/%d/assign" % c["id"], {"unit_id": w.units[0]}), 200)
    start = datetime.datetime.strptime(got["started_at"], "%Y-%m-%dT%H:%M:%SZ")
    check(got["due_at"] == (start + datetime.timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%SZ"),
          "urgent: 24 hours from the assignment, to the second", got)
